// The schema tools of `npm run schema` (tools/schema/), each on small inputs of our own: a docs page fragment,
// Go literals and a tiny provider module, two schemas that differ.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compareSchemas, flattenSchema, formatTable } from "../tools/schema/compare";
import { parseDocsPage } from "../tools/schema/docs-page";
import { SchemaToolError } from "../tools/schema/errors";
import { applyOptionalComputed } from "../tools/schema/facts";
import { goProviderSchema } from "../tools/schema/go-schema";
import { GoModule, GoNode, exprText, indexGoPackage, resolveGo, tokenizeGo } from "../tools/schema/go-source";
import { parseSchemaArgs } from "../tools/schema/cli";
import { cacheFileName } from "../tools/schema/provider";
import { Block, SchemaEntry } from "../tools/schema/terraform-schema";

const PAGE = [
  "# auth0_thing (Resource)",
  "",
  "## Schema",
  "",
  "### Required",
  "",
  "- `name` (String) The name.",
  "",
  "### Optional",
  "",
  "- `jwt` (Block List, Max: 1) JWT settings. (see [below for nested schema](#nestedblock--jwt))",
  "- `secret` (String, Sensitive) A secret.",
  "- `tags` (Set of String) Tags.",
  "",
  "### Read-Only",
  "",
  "- `id` (String) The ID.",
  "- `keys` (List of Object) Signing keys. (see [below for nested schema](#nestedatt--keys))",
  "",
  '<a id="nestedblock--jwt"></a>',
  "### Nested Schema for `jwt`",
  "",
  "Optional:",
  "",
  "- `alg` (String) Algorithm.",
  "- `lifetime` (Number) Seconds.",
  "",
  '<a id="nestedatt--keys"></a>',
  "### Nested Schema for `keys`",
  "",
  "Read-Only:",
  "",
  "- `kid` (String)",
  "- `current` (Boolean)",
  "",
  "## Import",
  "- `not` (String) after the schema section, ignored",
].join("\n");

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(SchemaToolError);
    return (e as Error).message;
  }
  throw new Error("expected a SchemaToolError");
}

describe("docs page parser", () => {
  test("reads a page's schema section into the JSON schema form", () => {
    expect(parseDocsPage(PAGE, "thing.md")).toEqual({
      description_kind: "plain",
      attributes: {
        name: { type: "string", description_kind: "plain", required: true },
        secret: { type: "string", description_kind: "plain", optional: true, sensitive: true },
        tags: { type: ["set", "string"], description_kind: "plain", optional: true },
        id: { type: "string", description_kind: "plain", computed: true },
        keys: { type: ["list", ["object", { kid: "string", current: "bool" }]], description_kind: "plain", computed: true },
      },
      block_types: {
        jwt: {
          nesting_mode: "list",
          max_items: 1,
          block: {
            description_kind: "plain",
            attributes: {
              alg: { type: "string", description_kind: "plain", optional: true },
              lifetime: { type: "number", description_kind: "plain", optional: true },
            },
          },
        },
      },
    });
  });

  test("an unknown type, a nested schema nobody links to and a missing section are errors with file:line", () => {
    expect(errorOf(() => parseDocsPage(PAGE.replace("(Set of String)", "(Tuple)"), "thing.md"))).toBe('thing.md:13: unknown type "Tuple"');
    const orphan = PAGE.replace(" (see [below for nested schema](#nestedatt--keys))", "").replace("(List of Object)", "(List of String)");
    expect(errorOf(() => parseDocsPage(orphan, "thing.md"))).toBe("thing.md:29: nested schema nestedatt--keys is not referenced by any attribute or block");
    expect(errorOf(() => parseDocsPage("# nothing here", "empty.md"))).toBe('empty.md: no "## Schema" section');
  });
});

function fakeModule(): GoModule {
  return { root: "src", path: "example.com/p", packages: new Map() };
}

describe("Go literal evaluator", () => {
  test("a newline ends a statement after an identifier or a closing bracket, not after an operator", () => {
    const values = tokenizeGo('x := f(a,\n b)\ny := "s" // note\n', "a.go").map((t) => t.v);
    expect(values).toEqual(["x", ":=", "f", "(", "a", ",", "b", ")", ";", "y", ":=", '"s"', ";"]);
  });

  test("resolves a var, a const and a zero-argument func to their literal", () => {
    const src = [
      "package p",
      'const name = "thing"',
      "var limits = map[string]int{\"a\": 1, \"b\": maxB}",
      "const (",
      "  maxB = 10",
      ")",
      "func schemaOf() *Thing {",
      "  if x { return nil }",
      "  return &Thing{Name: name, Limits: limits}",
      "}",
    ].join("\n");
    const pkg = indexGoPackage(fakeModule(), "src", [{ file: "p.go", text: src }, { file: "q.go", text: "package p\nvar thing = schemaOf()" }]);
    const call = pkg.vars.get("thing");
    expect(call && exprText(call)).toBe("schemaOf()");
    const thing = resolveGo(call as GoNode);
    expect(thing.kind).toBe("composite");
    if (thing.kind !== "composite") return;
    expect(thing.type).toBe("&Thing");
    const [nameField, limitsField] = thing.elems;
    expect(exprText(resolveGo(nameField.value))).toBe('"thing"');
    const limits = resolveGo(limitsField.value);
    expect(limits.kind === "composite" && limits.type).toBe("map[string]int");
    expect(limits.kind === "composite" && exprText(resolveGo(limits.elems[1].value))).toBe("10");
  });
});

describe("Go schema (SDKv2)", () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "tpa-go-schema-"));
    fs.writeFileSync(path.join(root, "go.mod"), "module example.com/provider\n\ngo 1.22\n");
    const dir = path.join(root, "internal", "provider");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, "provider.go"),
      [
        "package provider",
        "",
        'import "github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"',
        "",
        "func New() *schema.Provider {",
        "  p := &schema.Provider{",
        "    Schema: map[string]*schema.Schema{",
        '      "domain": {Type: schema.TypeString, Optional: true},',
        "    },",
        "    ResourcesMap: map[string]*schema.Resource{",
        '      "auth0_thing": newThing(),',
        "    },",
        "  }",
        "  return p",
        "}",
        "",
        "func newThing() *schema.Resource {",
        "  return &schema.Resource{",
        "    SchemaVersion: 2,",
        "    Schema: map[string]*schema.Schema{",
        '      "name": {Type: schema.TypeString, Required: true, ForceNew: true},',
        '      "tags": {Type: schema.TypeSet, Optional: true, Computed: true, Elem: &schema.Schema{Type: schema.TypeString}},',
        '      "jwt": {Type: schema.TypeList, Optional: true, MaxItems: 1, Elem: &schema.Resource{',
        "        Schema: map[string]*schema.Schema{",
        '          "alg": {Type: schema.TypeString, Optional: true, Computed: true, ForceNew: true},',
        "        },",
        "      }},",
        "    },",
        "  }",
        "}",
      ].join("\n"),
    );
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test("computes blocks, the implicit id and the optional+computed and ForceNew paths", () => {
    const go = goProviderSchema(root, ["auth0_thing"]);
    expect(go.provider.block.attributes).toEqual({ domain: { type: "string", description_kind: "plain", optional: true } });
    const thing = go.resources.auth0_thing;
    expect(thing.version).toBe(2);
    expect(thing.block.attributes).toEqual({
      name: { type: "string", description_kind: "plain", required: true },
      tags: { type: ["set", "string"], description_kind: "plain", optional: true, computed: true },
      id: { type: "string", description_kind: "plain", optional: true, computed: true },
    });
    expect(thing.block.block_types?.jwt).toMatchObject({ nesting_mode: "list", max_items: 1 });
    expect(go.optionalComputed).toEqual(["auth0_thing.tags", "auth0_thing.jwt.alg", "auth0_thing.id"]);
    expect(go.forceNew).toEqual(["auth0_thing.name", "auth0_thing.jwt.alg"]);
  });

  test("a resource type the provider does not register is an error", () => {
    expect(errorOf(() => goProviderSchema(root, ["auth0_other"]))).toBe("auth0_other: not found in the provider's ResourcesMap");
  });
});

describe("schema comparison", () => {
  const block = (alg: Record<string, unknown>): Block => ({
    description_kind: "plain",
    attributes: { name: { type: "string", description_kind: "plain", required: true } },
    block_types: { jwt: { nesting_mode: "list", max_items: 1, block: { description_kind: "plain", attributes: { alg: { type: "string", description_kind: "plain", ...alg } } } } },
  });
  const side = (alg: Record<string, unknown>, version = 0): { provider: SchemaEntry; resources: Record<string, SchemaEntry> } => ({
    provider: { version: 0, block: { description_kind: "plain" } },
    resources: { auth0_thing: { version, block: block(alg) } },
  });

  test("one line per path", () => {
    expect(flattenSchema(block({ optional: true, sensitive: true }), "t")).toEqual({
      "t.name": 'attribute "string" required',
      "t.jwt": "block list min=0 max=1",
      "t.jwt.alg": 'attribute "string" optional sensitive',
    });
  });

  test("lists the paths and headers that differ, and none for equal schemas", () => {
    const result = compareSchemas(side({ optional: true }), side({ optional: true, computed: true }, 1), ["auth0_thing"], ["auth0_thing.name", "auth0_thing.gone"]);
    expect(result.mismatches).toEqual([
      ["auth0_thing", "version=0", "version=1"],
      ["auth0_thing.jwt.alg", 'attribute "string" optional', 'attribute "string" optional+computed'],
    ]);
    expect(result.watched).toEqual([
      ["auth0_thing.name", 'attribute "string" required', 'attribute "string" required'],
      ["auth0_thing.gone", "(missing)", "(missing)"],
    ]);
    expect(result.rightPaths).toBe(3);
    expect(compareSchemas(side({ optional: true }), side({ optional: true }), ["auth0_thing"], []).mismatches).toEqual([]);
  });

  test("formats a padded table", () => {
    expect(formatTable(["a", "bb"], [["xyz", "1"]])).toBe("| a   | bb |\n|-----|----|\n| xyz | 1  |");
  });
});

describe("facts and command line", () => {
  test("optional+computed facts mark docs attributes, including the implicit read-only id", () => {
    const entry: SchemaEntry = {
      version: 0,
      block: {
        description_kind: "plain",
        attributes: { id: { type: "string", description_kind: "plain", computed: true }, alg: { type: "string", description_kind: "plain", optional: true } },
      },
    };
    applyOptionalComputed({ auth0_thing: entry }, ["auth0_thing.id", "auth0_thing.alg", "auth0_unknown.x"]);
    expect(entry.block.attributes?.id).toMatchObject({ optional: true, computed: true });
    expect(entry.block.attributes?.alg).toMatchObject({ optional: true, computed: true });
    expect(errorOf(() => applyOptionalComputed({ auth0_thing: entry }, ["auth0_thing.missing"]))).toBe("optional-computed path auth0_thing.missing is not in the docs schema");
  });

  test("arguments: known flags need a value, unknown ones are refused", () => {
    expect(parseSchemaArgs(["--docs", "d", "--check-go", "s"])).toEqual({ docs: "d", checkGo: "s" });
    expect(errorOf(() => parseSchemaArgs(["--docs"]))).toBe("--docs needs a value");
    expect(errorOf(() => parseSchemaArgs(["--bogus", "x"]))).toMatch(/^unknown argument: --bogus\nusage:/);
  });

  test("the schema file name is cdktf's cache key for auth0 ~> 1.55", () => {
    expect(cacheFileName()).toBe("auth0@~%3E%201.55.json");
  });
});
