/**
 * The provider's schema as SDKv2 computes it from the Go source (helper/schema's CoreConfigSchema), for
 * --check-go, and the facts the docs cannot show (--extract-go): optional+computed paths, ForceNew paths,
 * schema versions, deprecated resources.
 */
import * as path from "node:path";
import { fail } from "./errors";
import { Facts } from "./facts";
import {
  GoNode,
  exprText,
  fieldsOf,
  goBool,
  goInt,
  goNonEmptyString,
  goPackage,
  goString,
  openGoModule,
  parseGoValue,
  resolveGo,
} from "./go-source";
import { RESOURCES } from "./provider";
import { Attribute, Block, BlockType, CtyType, NestingMode, SchemaEntry, emptyBlock } from "./terraform-schema";

type GoSchema = Record<string, GoNode>;

/** What walking the schema maps collects besides the blocks. */
interface Collected {
  optionalComputed: string[];
  forceNew: string[];
}

export interface GoProviderSchema extends Collected {
  provider: SchemaEntry;
  resources: Record<string, SchemaEntry>;
}

const GO_TYPES: Record<string, string> = {
  TypeString: "string",
  TypeBool: "bool",
  TypeInt: "number",
  TypeFloat: "number",
  TypeList: "list",
  TypeSet: "set",
  TypeMap: "map",
};
const FLAGS = ["Optional", "Computed", "Required", "Sensitive", "WriteOnly"] as const;
type Flags = Record<(typeof FLAGS)[number], boolean>;

/** Reads a `map[string]*schema.Schema{...}` literal into {name: fields}. */
function goSchemaMap(node: GoNode, where: string): Record<string, GoSchema> {
  const map = resolveGo(node);
  if (map.kind !== "composite" || !/^map\[string\]\*?\w+\.Schema$/.test(map.type)) {
    return fail(`${where}: cannot evaluate schema map "${exprText(map)}"`);
  }
  const out: Record<string, GoSchema> = {};
  for (const { key, value } of map.elems) {
    const k = key && resolveGo(key);
    if (!k || k.kind !== "expr" || k.toks.length !== 1 || k.toks[0].k !== "str") fail(`${where}: cannot evaluate schema key`);
    const name = goString(k.toks[0]);
    const elem = resolveGo(value);
    if (elem.kind !== "composite") fail(`${where}.${name}: cannot evaluate schema "${exprText(elem)}"`);
    out[name] = fieldsOf(elem, `${where}.${name}`);
  }
  return out;
}

function goValueType(node: GoNode, where: string): string {
  const m = /^\w+\.(Type\w+)$/.exec(exprText(node));
  if (!m || !GO_TYPES[m[1]]) fail(`${where}: unknown schema type "${exprText(node)}"`);
  return GO_TYPES[m[1]];
}

function isResourceLiteral(node: GoNode | null): boolean {
  return node !== null && node.kind === "composite" && /\.Resource$/.test(node.type);
}

/** One schema map as a block; `collected` receives the optional+computed and ForceNew paths. */
function goBlock(schemaNode: GoNode, where: string, collected: Collected): Block {
  const block = emptyBlock();
  const schemas = goSchemaMap(schemaNode, where);
  for (const name of Object.keys(schemas)) {
    const s = schemas[name];
    const at = `${where}.${name}`;
    const flags = {} as Flags;
    for (const f of FLAGS) flags[f] = s[f] ? goBool(s[f], `${at}.${f}`) : false;
    if (flags.Optional && flags.Computed) collected.optionalComputed.push(at);
    if (s.ForceNew && goBool(s.ForceNew, `${at}.ForceNew`)) collected.forceNew.push(at);
    if (flags.Required && s.DefaultFunc) fail(`${at}: Required with DefaultFunc cannot be evaluated statically`);

    const type = goValueType(s.Type, at);
    const elem = s.Elem ? resolveGo(s.Elem) : null;
    const configMode = s.ConfigMode ? exprText(s.ConfigMode).replace(/^\w+\./, "") : "auto";
    const computedOnly = flags.Computed && !flags.Optional;
    const asBlock =
      isResourceLiteral(elem) &&
      type !== "map" &&
      (configMode === "SchemaConfigModeBlock" || (configMode !== "SchemaConfigModeAttr" && !computedOnly));

    if (asBlock) {
      block.block_types = block.block_types || {};
      block.block_types[name] = goBlockType(s, elem as GoNode, flags, at, collected);
    } else {
      block.attributes = block.attributes || {};
      block.attributes[name] = goAttribute(s, type, elem, flags, at);
    }
  }
  return block;
}

function goBlockType(s: GoSchema, elem: GoNode, flags: Flags, at: string, collected: Collected): BlockType {
  const fields = fieldsOf(elem, at);
  const nested = fields.Schema ? goBlock(fields.Schema, at, collected) : emptyBlock();
  if (s.Deprecated && goNonEmptyString(s.Deprecated)) nested.deprecated = true;
  let min = s.MinItems ? goInt(s.MinItems, `${at}.MinItems`) : 0;
  let max = s.MaxItems ? goInt(s.MaxItems, `${at}.MaxItems`) : 0;
  if (flags.Required && min === 0) min = 1;
  if (flags.Optional && min > 0) min = 0;
  if (flags.Computed && !flags.Optional) min = max = 0;
  const out: BlockType = { nesting_mode: goValueType(s.Type, at) as NestingMode, block: nested };
  if (min) out.min_items = min;
  if (max) out.max_items = max;
  return out;
}

function goAttribute(s: GoSchema, type: string, elem: GoNode | null, flags: Flags, at: string): Attribute {
  const attr: Attribute = { type: goCtyType(type, elem, at), description_kind: "plain" };
  if (flags.Required) attr.required = true;
  if (flags.Optional) attr.optional = true;
  if (flags.Computed) attr.computed = true;
  if (flags.Sensitive) attr.sensitive = true;
  if (s.Deprecated && goNonEmptyString(s.Deprecated)) attr.deprecated = true;
  if (flags.WriteOnly) attr.write_only = true;
  return attr;
}

function goCtyType(type: string, elem: GoNode | null, at: string): CtyType {
  if (!["list", "set", "map"].includes(type)) return type;
  if (!elem) return [type, "string"];
  if (elem.kind === "expr") return [type, goValueType(elem, at)]; // Elem: schema.TypeString
  if (isResourceLiteral(elem)) {
    if (type === "map") return [type, "string"];
    const fields = fieldsOf(elem, at);
    // Paths inside an object type are neither optional+computed attributes nor ForceNew facts of their own.
    const inner = fields.Schema ? goBlock(fields.Schema, at, { optionalComputed: [], forceNew: [] }) : emptyBlock();
    return [type, impliedType(inner)];
  }
  const fields = fieldsOf(elem, at);
  return [type, goCtyType(goValueType(fields.Type, at), fields.Elem ? resolveGo(fields.Elem) : null, at)];
}

/** The object type of a block, as cty's ImpliedType computes it. */
export function impliedType(block: Block): CtyType {
  const attrs: Record<string, CtyType> = {};
  for (const [name, a] of Object.entries(block.attributes || {})) attrs[name] = a.type as CtyType; // every Go attribute has a type (goAttribute)
  for (const [name, b] of Object.entries(block.block_types || {})) {
    const obj = impliedType(b.block);
    attrs[name] = b.nesting_mode === "single" ? obj : [b.nesting_mode, obj];
  }
  return ["object", attrs];
}

/** A resource literal's schema plus what SDKv2's Resource.CoreConfigSchema adds on top of the schema map. */
export function goResourceSchema(resourceNode: GoNode, type: string, collected: Collected): SchemaEntry {
  const fields = fieldsOf(resourceNode, type);
  if (!fields.Schema) fail(`${type}: resource has no Schema field`);
  const block = goBlock(fields.Schema, type, collected);
  block.attributes = block.attributes || {};
  if (!block.attributes.id) {
    block.attributes.id = { type: "string", optional: true, computed: true, description_kind: "plain" };
    collected.optionalComputed.push(`${type}.id`);
  }
  if (fields.Timeouts && !block.attributes.timeouts) {
    const timeouts = resolveGo(fields.Timeouts);
    const attributes: Record<string, Attribute> = {};
    for (const name of Object.keys(fieldsOf(timeouts, `${type}.Timeouts`))) {
      attributes[name.toLowerCase()] = { type: "string", optional: true, description_kind: "plain" };
    }
    block.block_types = block.block_types || {};
    block.block_types.timeouts = { nesting_mode: "single", block: { attributes, description_kind: "plain" } };
  }
  if (fields.DeprecationMessage && goNonEmptyString(fields.DeprecationMessage)) block.deprecated = true;
  const version = fields.SchemaVersion ? goInt(fields.SchemaVersion, `${type}.SchemaVersion`) : 0;
  return { version, block };
}

/** Reads internal/provider/provider.go: the provider's own schema and the constructor of each resource type. */
function loadGoProvider(srcRoot: string): { fields: Record<string, GoNode>; constructors: Record<string, GoNode> } {
  const mod = openGoModule(srcRoot);
  const dir = path.join(srcRoot, "internal", "provider");
  const pkg = goPackage(mod, dir);
  const newFn = pkg.funcs.get("New");
  if (!newFn) return fail(`${dir}: func New not found`);
  const toks = newFn.toks;
  // `&schema.Provider{` inside New (not the `*schema.Provider {` of its signature).
  let start = -1;
  for (let i = newFn.bodyStart; i < newFn.bodyEnd && start < 0; i++) {
    if (toks[i].v === "&" && toks[i + 2].v === "." && toks[i + 3].v === "Provider" && toks[i + 4].v === "{") start = i;
  }
  if (start < 0) fail(`${newFn.src.file}: schema.Provider literal not found`);
  const fields = fieldsOf(parseGoValue(newFn.src, toks, start).node, "provider");
  const resourcesMap = fields.ResourcesMap ? resolveGo(fields.ResourcesMap) : null;
  if (!resourcesMap || resourcesMap.kind !== "composite") return fail(`${newFn.src.file}: cannot evaluate the provider's ResourcesMap`);

  const constructors: Record<string, GoNode> = {};
  for (const { key, value } of resourcesMap.elems) {
    if (!key || key.kind !== "expr" || key.toks[0]?.k !== "str") fail(`${newFn.src.file}: ResourcesMap key "${key ? exprText(key) : ""}" is not a string literal`);
    constructors[goString(key.toks[0])] = value;
  }
  return { fields, constructors };
}

/** The Go schema of the provider block and of `types`, from a terraform-provider-auth0 checkout. */
export function goProviderSchema(srcRoot: string, types: readonly string[]): GoProviderSchema {
  const { fields, constructors } = loadGoProvider(srcRoot);
  const collected: Collected = { optionalComputed: [], forceNew: [] };
  if (!fields.Schema) fail("provider: no Schema field");
  const provider = { version: 0, block: goBlock(fields.Schema, "provider", collected) };
  const resources: Record<string, SchemaEntry> = {};
  for (const type of types) {
    if (!constructors[type]) fail(`${type}: not found in the provider's ResourcesMap`);
    const node = resolveGo(constructors[type]);
    if (!isResourceLiteral(node)) fail(`${type}: cannot evaluate constructor "${exprText(constructors[type])}"`);
    resources[type] = goResourceSchema(node, type, collected);
  }
  return { provider, resources, ...collected };
}

/** The facts file's content (provider-schema/optional-computed.json) for RESOURCES. */
export function extractFacts(srcRoot: string): Facts {
  const go = goProviderSchema(srcRoot, RESOURCES);
  const schemaVersions: Record<string, number> = {};
  const deprecatedResources: string[] = [];
  for (const [type, r] of Object.entries(go.resources)) {
    if (r.version) schemaVersions[type] = r.version;
    if (r.block.deprecated) deprecatedResources.push(type);
  }
  return {
    resources: [...RESOURCES].sort(),
    optionalComputed: go.optionalComputed.sort(),
    forceNew: go.forceNew.filter((p) => !p.startsWith("provider.")).sort(),
    schemaVersions,
    deprecatedResources: deprecatedResources.sort(),
  };
}
