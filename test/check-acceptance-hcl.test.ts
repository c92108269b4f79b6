// Acceptance of `tpa check` the way an Auth0 Terraform user runs it: a root module of several files with
// terraform.tfvars, locals, a local module called with count and for_each, dynamic blocks, heredocs,
// lifecycle and depends_on, provider aliases and the newer resources (test/fixtures/check-acceptance/platform/),
// read as HCL and as the plan real Terraform 1.11 makes of it with the offline provider.
import "@microsoft/jest-sarif";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadHclParser, readHcl } from "../check/hcl";
import { resourcesFromPlan } from "../check/plan";
import { copyStack, OfflineTerraform, setupOfflineTerraform, terraform } from "../tools/offline-terraform";
import { evaluate, NEWEST_PROFILE_ID, profileById, resourcesFromTerraformJson } from "../policy";
import { check, CHECK_TODAY, CheckReport, checkJson } from "./support/check-cli";
import { ROOT } from "./support/cli";
import { tmpDir, writeFiles } from "./support/tmp";

const FIXTURES = path.join(ROOT, "test", "fixtures", "check-acceptance");
const PLATFORM = path.join(FIXTURES, "platform");
const rel = (...parts: string[]) => path.relative(process.cwd(), path.join(PLATFORM, ...parts)).split(path.sep).join("/");

/** Every unsuppressed finding as "RULE severity address file:line", sorted. */
const located = (r: CheckReport) =>
  r.findings
    .filter((f) => !f.suppressed)
    .map((f) => `${f.ruleId} ${f.severity} ${f.address} ${f.location ? `${f.location.file}:${f.location.line}` : "-"}`)
    .sort();

let tf: OfflineTerraform | undefined;
afterAll(() => tf?.dispose());

/**
 * `terraform init`, `plan` and `show -json` of a copy of a folder (from the given state, else from none); the
 * plan JSON is written beside the copy.
 */
async function planOf(fixture: string, args: string[] = [], state?: string): Promise<{ dir: string; planFile: string }> {
  tf ??= setupOfflineTerraform();
  const dir = path.join(tmpDir("tpa-accept-plan-"), path.basename(fixture));
  copyStack(fixture, dir);
  if (state) fs.writeFileSync(path.join(dir, "terraform.tfstate"), state);
  const step = async (a: string[]) => {
    const r = await terraform(a, { cwd: dir, env: tf!.env, timeoutMs: 180_000 });
    if (r.code !== 0) throw new Error(`terraform ${a[0]} failed:\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  await step(["init", "-input=false", "-no-color"]);
  await step(["plan", "-input=false", "-no-color", "-lock=false", "-out=check.tfplan", ...args]);
  const show = await step(["show", "-json", "-no-color", "check.tfplan"]);
  const planFile = path.join(dir, "plan.json");
  fs.writeFileSync(planFile, show.stdout);
  return { dir, planFile };
}

describe("a platform team's root module", () => {
  // what a reviewer of these files expects, each at the line that causes it
  const expected = [
    ...["hooli", "umbrella"].map((k) => `TPA101 error module.vendors["${k}"].auth0_client.this ${rel("modules/partner/main.tf")}:24`),
    `TPA102 error auth0_client.reporting ${rel("partners.tf")}:49`,
    `TPA109 error auth0_client.partner["initech"] ${rel("partners.tf")}:13`,
    ...["module.internal_tools[0]", "module.internal_tools[1]", 'module.vendors["hooli"]', 'module.vendors["umbrella"]'].flatMap((m) => [
      `TPA109 error ${m}.auth0_client.this ${rel("modules/partner/main.tf")}:25`,
      `TPA111 error ${m}.auth0_client.this ${rel("modules/partner/main.tf")}:19`,
      `TPA202 error ${m}.auth0_client_grant.this ${rel("modules/partner/main.tf")}:31`,
    ]),
    // the API's scopes come from a dynamic block over a local map
    `TPA202 error auth0_client_grant.partner_orders["initech"] ${rel("partners.tf")}:38`,
  ].sort();

  let plan: { dir: string; planFile: string };
  beforeAll(async () => {
    plan = await planOf(PLATFORM);
  }, 240_000);

  test("the HCL gives every finding, located at the resource or attribute", async () => {
    const { code, report } = await checkJson(PLATFORM);
    expect(located(report)).toEqual(expected);
    expect(code).toBe(1);
  });

  test("the plan Terraform makes of it gives the same findings at the same lines", async () => {
    const { code, report } = await checkJson("--plan", plan.planFile, PLATFORM);
    expect(located(report)).toEqual(expected);
    expect(code).toBe(1);
  });
});

describe("dynamic blocks", () => {
  const api = (scopesBlock: string) =>
    writeFiles({
      "main.tf": `locals {
  scopes = { "read:orders" = "Read", "write:orders" = "Write" }
}

resource "auth0_resource_server" "orders" {
  identifier = "https://api.acme.example/orders"
}

resource "auth0_resource_server_scopes" "orders" {
  resource_server_identifier = auth0_resource_server.orders.identifier
${scopesBlock}
}

resource "auth0_client_grant" "default_users" {
  audience     = auth0_resource_server.orders.identifier
  scopes       = ["read:orders", "delete:orders"]
  subject_type = "user"
  default_for  = "third_party_clients"
}
`,
    });
  const grantFindings = async (dir: string) => (await checkJson(dir)).report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.address} ${f.location?.line}`);
  const lineOf = (dir: string, text: string) => fs.readFileSync(path.join(dir, "main.tf"), "utf8").split("\n").findIndex((l) => l.includes(text)) + 1;
  const undefinedScope = (dir: string) => `TPA202 error auth0_client_grant.default_users ${lineOf(dir, '"delete:orders"')}`;

  test("over a static map: one block per element, with its key and value", async () => {
    const dir = api(`  dynamic "scopes" {
    for_each = local.scopes
    content {
      name        = scopes.key
      description = scopes.value
    }
  }`);
    expect(await grantFindings(dir)).toEqual([undefinedScope(dir)]);
  });

  test("over a list, with an iterator, beside static blocks of the same name", async () => {
    const dir = api(`  scopes {
    name = "read:orders"
  }
  dynamic "scopes" {
    for_each = ["write:orders"]
    iterator = scope
    content {
      name = scope.value
    }
  }`);
    expect(await grantFindings(dir)).toEqual([undefinedScope(dir)]);
  });

  test("over a value only known at plan time: a warning at the dynamic block, never a pass", async () => {
    const dir = api(`  dynamic "scopes" {
    for_each = data.external.scopes.result
    content {
      name = scopes.key
    }
  }`);
    fs.appendFileSync(path.join(dir, "main.tf"), 'data "external" "scopes" {\n  program = ["scopes"]\n}\n');
    expect(await grantFindings(dir)).toEqual([`TPA202 warning auth0_resource_server_scopes.orders ${lineOf(dir, 'dynamic "scopes"')}`]);
    expect((await check(dir)).code).toBe(0);
  });
});

describe("Terraform's JSON syntax (.tf.json)", () => {
  const JSON_SYNTAX = path.join(FIXTURES, "json-syntax");
  const at = (...parts: string[]) => path.relative(process.cwd(), path.join(JSON_SYNTAX, ...parts)).split(path.sep).join("/");
  const expected = [
    `TPA101 error module.tools[0].auth0_client.this ${at("modules/tool/main.tf.json")}:11`,
    `TPA101 error module.tools[1].auth0_client.this ${at("modules/tool/main.tf.json")}:11`,
    `TPA107 error auth0_client.partner["globex"] ${at("main.tf.json")}:26`,
    `TPA107 error auth0_client.partner["wild"] ${at("main.tf.json")}:26`,
    `TPA109 error auth0_client.partner["wild"] ${at("main.tf.json")}:23`,
    `TPA202 error auth0_client_grant.partner_orders["globex"] ${at("main.tf.json")}:51`,
    `TPA202 error auth0_client_grant.partner_orders["wild"] ${at("main.tf.json")}:51`,
    `TPA203 error auth0_client_grant.legacy_mgmt ${at("main.tf.json")}:42`,
  ];

  test("is read like native syntax: for_each over a variable, a module, a dynamic block, findings at the JSON's lines", async () => {
    const { code, report } = await checkJson(JSON_SYNTAX);
    expect(located(report)).toEqual(expected);
    expect(code).toBe(1);
  });

  test('a "//" comment property holding tpa:ignore suppresses, as # tpa:ignore does', async () => {
    const { report } = await checkJson(JSON_SYNTAX);
    expect(report.findings.filter((f) => f.suppressed).map((f) => [f.ruleId, f.address, f.suppression?.reason])).toEqual([
      ["TPA111", "auth0_client.legacy", "created before the field existed"],
    ]);
  });

  test("its plan, made by Terraform, gives the same findings at the same lines", async () => {
    const { planFile } = await planOf(JSON_SYNTAX);
    const { code, report } = await checkJson("--plan", planFile, JSON_SYNTAX);
    expect(located(report)).toEqual(expected);
    expect(code).toBe(1);
  }, 240_000);

  test("strings are templates, except variable defaults, which are literals", async () => {
    const client = (callbacks: string[]) => ({
      name: "Portal",
      is_first_party: false,
      third_party_security_mode: "strict",
      callbacks,
    });
    const dir = writeFiles({
      "main.tf.json": JSON.stringify(
        {
          // a default is a literal: Auth0 gets the text "${tenant}", which no rule reads as an expression
          variable: { origin: { default: "https://${tenant}.*.example" } },
          data: { x: { y: {} } },
          resource: {
            auth0_client: {
              literal: client(["${var.origin}/callback"]),
              template: client(["https://${data.x.y}.example/cb"]),
            },
          },
        },
        null,
        2,
      ),
    });
    const { report } = await checkJson(dir);
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.address} ${f.message}`)).toEqual([
      "TPA109 error auth0_client.literal callbacks has wildcard https://$${tenant}.*.example/callback",
      expect.stringMatching(/^TPA109 warning auth0_client.template cannot check/),
    ]);
  });

  test("an interpolation keeps its own quotes: a list expression, a string inside ${...}", async () => {
    const dir = writeFiles({
      "main.tf.json": JSON.stringify({
        locals: { hosts: ["a", "b"] },
        resource: {
          auth0_client: {
            portal: {
              name: 'Portal ${join(", ", local.hosts)} "quoted"',
              is_first_party: false,
              third_party_security_mode: "strict",
              callbacks: '${[for h in local.hosts : "https://${h}.*.example/cb"]}',
            },
          },
        },
      }),
    });
    const { report } = await checkJson(dir);
    expect(report.findings.map((f) => f.message)).toEqual(["callbacks has wildcard https://a.*.example/cb, https://b.*.example/cb"]);
  });

  test("JSON that is not valid is exit 2 at its line", async () => {
    const dir = writeFiles({ "main.tf.json": '{\n  "resource": {\n    "auth0_client": {\n      "a": { "name": "A", }\n    }\n  }\n}\n' });
    const r = await check(dir);
    expect([r.code, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toMatch(/main\.tf\.json:4: not valid JSON \(a property name that is not a string\)/);
    const deep = writeFiles({ "main.tf.json": `{"locals": {"x": ${"[".repeat(50000)}${"]".repeat(50000)}}}` });
    expect((await check(deep)).stderr).toMatch(/main\.tf\.json:1: not valid JSON \(nested deeper than tpa check reads/);
  });
});

describe("native syntax", () => {
  test('"$${" is text, not an expression: the rules read the literal, as in a plan', async () => {
    const dir = writeFiles({
      "main.tf": `resource "auth0_client" "portal" {
  name                      = "Portal"
  is_first_party            = false
  third_party_security_mode = "strict"
  callbacks                 = ["https://$\${tenant}.*.portal.example/cb"]
}
`,
    });
    const { report } = await checkJson(dir);
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.message}`)).toEqual(["TPA109 error callbacks has wildcard https://$${tenant}.*.portal.example/cb"]);
  });

  test('"${x}" alone is x itself: a map for for_each, a list for callbacks', async () => {
    const dir = writeFiles({
      "main.tf": `variable "partners" {
  default = { a = "https://*.a.example/cb", b = "https://b.example/cb" }
}

resource "auth0_client" "partner" {
  for_each                  = "\${var.partners}"
  name                      = "Partner \${each.key}"
  is_first_party            = false
  third_party_security_mode = "strict"
  callbacks                 = "\${[each.value]}"
}
`,
    });
    const { report } = await checkJson(dir);
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.address}`)).toEqual(['TPA109 error auth0_client.partner["a"]']);
  });
});

describe("expressions users write: for expressions, operators, conditionals, functions", () => {
  const EXPRESSIONS = path.join(FIXTURES, "expressions");
  const at = (line: number) => `${path.relative(process.cwd(), path.join(EXPRESSIONS, "main.tf")).split(path.sep).join("/")}:${line}`;
  const expected = [
    `TPA109 error auth0_client.partner["globex"] ${at(28)}`,
    `TPA109 error auth0_client.partner["initech"] ${at(27)}`,
    `TPA202 error auth0_client_grant.partner["hooli"] ${at(52)}`,
  ];

  test("are evaluated where static: the same findings as Terraform's plan, no warnings", async () => {
    const hcl = await checkJson(EXPRESSIONS);
    expect(located(hcl.report)).toEqual(expected);
    expect(hcl.report.summary.warnings).toBe(0);
    const { planFile } = await planOf(EXPRESSIONS);
    const plan = await checkJson("--plan", planFile, EXPRESSIONS);
    expect(located(plan.report)).toEqual(expected);
  }, 240_000);

  test("over unknown values they stay unknown: warnings, never a pass", async () => {
    const dir = writeFiles({
      "main.tf": `data "auth0_tenant" "this" {}
data "http" "urls" {
  url = "https://config.example/urls"
}
data "x" "y" {}
resource "auth0_client" "portal" {
  name                      = "Portal"
  is_first_party            = false
  third_party_security_mode = data.auth0_tenant.this.flags[0].x == true ? "strict" : "permissive"
  callbacks                 = [for u in data.http.urls.body : u if length(u) > 0]
  web_origins               = [for u in ["https://*.a.example"] : u if u != data.x.y]
}
`,
    });
    const { code, report } = await checkJson(dir);
    expect(code).toBe(0);
    expect(report.findings.length).toBeGreaterThan(0);
    for (const f of report.findings) expect(f).toMatchObject({ severity: "warning", message: expect.stringMatching(/^cannot check/) });
  });
});

describe("suppressions as users write them", () => {
  const SUPPRESSIONS = path.join(FIXTURES, "suppressions");
  const file = (name: string) => path.relative(process.cwd(), path.join(SUPPRESSIONS, name)).split(path.sep).join("/");
  const expected = [
    `TPA001 error false ${file("main.tf")}:40`,
    `TPA002 warning false ${file("tpa.yaml")}:7`,
    `TPA109 error auth0_client.expired false ${file("main.tf")}:45`,
    `TPA109 error auth0_client.partner["a"] false ${file("main.tf")}:15`,
    `TPA109 error auth0_client.partner["b"] false ${file("main.tf")}:15`,
    `TPA109 error auth0_client.partner["c"] by ${file("tpa.yaml")}:3`,
    `TPA109 error auth0_client.reports by ${file("main.tf")}:37`,
    `TPA111 error auth0_client.kiosk by ${file("main.tf")}:29`,
    `TPA111 error auth0_client.legacy by ${file("main.tf")}:18`,
  ];
  const described = (r: CheckReport) =>
    r.findings
      .map((f) => {
        const by = (f.suppression as { origin?: string } | undefined)?.origin;
        return [f.ruleId, f.severity, ...(/^TPA00/.test(f.ruleId) ? [] : [f.address]), f.suppressed ? `by ${by}` : `false ${f.location?.file}:${f.location?.line}`].join(" ");
      })
      .sort();

  test("#, // and /* */ comments (above, inside, trailing, on a later line of a block comment) and tpa.yaml targets of one instance", async () => {
    const { code, report } = await checkJson(SUPPRESSIONS);
    expect(described(report)).toEqual(expected);
    expect(code).toBe(1);
  });

  test("are honoured the same on the plan", async () => {
    const { planFile } = await planOf(SUPPRESSIONS);
    const { report } = await checkJson("--plan", planFile, SUPPRESSIONS, "--settings", path.join(SUPPRESSIONS, "tpa.yaml"));
    expect(described(report)).toEqual(expected);
  }, 240_000);

  test("every format lists every suppression with its reason; SARIF is valid and located in the .tf files", async () => {
    const sarif = JSON.parse((await check(SUPPRESSIONS, "--format", "sarif")).stdout);
    expect(sarif).toBeValidSarifLog();
    const results = sarif.runs[0].results as { ruleId: string; suppressions?: { justification: string }[]; locations: { physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
    expect(results.filter((r) => r.suppressions?.length).map((r) => r.suppressions![0].justification).sort()).toEqual([
      "created before the mode existed, adopted soon (expires 2027-02-01)",
      "kiosks are retired in January (expires 2027-01-15)",
      "partner c hosts one portal per region (expires 2027-01-31)",
      "report hosts rotate daily (expires 2027-03-01)",
    ]);
    expect(new Set(results.map((r) => r.locations[0].physicalLocation?.artifactLocation.uri))).toEqual(new Set([file("main.tf"), file("tpa.yaml")]));
    const markdown = (await check(SUPPRESSIONS, "--format", "markdown")).stdout;
    const text = (await check(SUPPRESSIONS)).stdout;
    for (const reason of ["kiosks are retired in January", "partner c hosts one portal per region", "report hosts rotate daily", "created before the mode existed, adopted soon"]) {
      expect(markdown).toContain(reason);
      expect(text).toContain(reason);
    }
  });
});

/**
 * The state apply would leave after a plan from empty state (the offline provider cannot apply): the planned
 * values, made-up IDs where they were known only after apply, with module paths and instance keys.
 */
function appliedState(plan: { terraform_version?: string; resource_changes?: { address: string; module_address?: string; type: string; name: string; index?: string | number; change: { after?: object | null; after_unknown?: object } }[] }): object {
  const groups = new Map<string, { module?: string; type: string; name: string; instances: object[] }>();
  for (const c of plan.resource_changes ?? []) {
    const key = `${c.module_address ?? ""}|${c.type}.${c.name}`;
    const group = groups.get(key) ?? { ...(c.module_address && { module: c.module_address }), type: c.type, name: c.name, instances: [] };
    groups.set(key, group);
    const unknown = Object.keys(c.change.after_unknown ?? {});
    const id = `${c.type === "auth0_client" ? "tpc_" : "id_"}${c.address.replace(/[^A-Za-z0-9]+/g, "_")}`;
    const attributes = { ...c.change.after, ...Object.fromEntries(unknown.map((k) => [k, k === "id" || k === "client_id" ? id : null])) };
    group.instances.push({ ...(c.index !== undefined && { index_key: c.index }), schema_version: 0, attributes, sensitive_attributes: [] });
  }
  return {
    version: 4,
    terraform_version: plan.terraform_version,
    serial: 1,
    lineage: "2c7e1f0a-0000-4000-8000-0000000acce7",
    outputs: {},
    resources: [...groups.values()].map((g) => ({ mode: "managed", ...g, provider: 'provider["registry.terraform.io/auth0/auth0"]' })),
    check_results: null,
  };
}

describe("plans against a prior state: updates, replaces and deletes of count, for_each and module instances", () => {
  let deployed: string;
  beforeAll(async () => {
    const first = await planOf(PLATFORM);
    deployed = JSON.stringify(appliedState(JSON.parse(fs.readFileSync(first.planFile, "utf8"))));
  }, 240_000);

  /** A copy of the platform fixture, edited (planOf plans a copy of it from the deployed state). */
  const changed = (edits: Record<string, (text: string) => string>) => {
    const dir = path.join(tmpDir("tpa-accept-changed-"), "platform");
    copyStack(PLATFORM, dir);
    for (const [name, edit] of Object.entries(edits)) fs.writeFileSync(path.join(dir, name), edit(fs.readFileSync(path.join(dir, name), "utf8")));
    return dir;
  };
  const lifecycle = (r: CheckReport) => located(r).filter((l) => /^TPA40/.test(l));

  test("a mode change of for_each instances is TPA401 each, is_first_party in a module's instances TPA402 each", async () => {
    const dir = changed({
      "partners.tf": (t) => t.replace('third_party_security_mode = "strict"\n  callbacks                 = [each.value.callback]', 'third_party_security_mode = "permissive"\n  callbacks                 = [each.value.callback]'),
      "modules/partner/main.tf": (t) => t.replace("is_first_party = false", "is_first_party = true"),
    });
    const { planFile } = await planOf(dir, [], deployed);
    const actions = (JSON.parse(fs.readFileSync(planFile, "utf8")) as { resource_changes: { address: string; change: { actions: string[] } }[] }).resource_changes;
    expect(actions.find((c) => c.address === 'auth0_client.partner["globex"]')?.change.actions).toEqual(["update"]);
    const { code, report } = await checkJson("--plan", planFile, dir, "--permissive-eligible");
    expect(code).toBe(1);
    // as tpa check names files: relative to the working folder when inside it, else absolute
    const shown = (file: string) => (path.relative(process.cwd(), file).startsWith("..") ? file : path.relative(process.cwd(), file)).split(path.sep).join("/");
    const at = (f: string, line: number) => `${shown(path.join(dir, f))}:${line}`;
    expect(lifecycle(report)).toEqual(
      [
        `TPA401 error auth0_client.partner["globex"] ${at("partners.tf", 12)}`,
        `TPA401 error auth0_client.partner["initech"] ${at("partners.tf", 12)}`,
        ...["module.internal_tools[0]", "module.internal_tools[1]", 'module.vendors["hooli"]', 'module.vendors["umbrella"]'].map(
          (m) => `TPA402 error ${m}.auth0_client.this ${at("modules/partner/main.tf", 22)}`,
        ),
      ].sort(),
    );
  }, 240_000);

  test("a delete of a for_each instance and a replace of a module instance are TPA403 in a protected environment (the per-app grant deleted with its app is not)", async () => {
    const dir = changed({ "terraform.tfvars": (t) => t.replace(/ {2}initech = \{[^}]*\}\n/, "") });
    fs.writeFileSync(path.join(dir, "tpa.yaml"), "gates:\n  protectFromDestroy: true\n");
    const { planFile } = await planOf(dir, ['-replace=module.vendors["hooli"].auth0_client.this'], deployed);
    const { report } = await checkJson("--plan", planFile, dir);
    expect(lifecycle(report).map((l) => l.split(" ").slice(0, 3).join(" "))).toEqual([
      'TPA403 error auth0_client.partner["initech"]',
      'TPA403 error module.vendors["hooli"].auth0_client.this',
    ]);
  }, 240_000);
});

describe("values tpa check cannot know", () => {
  test('are "cannot check at this point" warnings (tpa check synthesizes nothing), never a pass', async () => {
    const dir = writeFiles({
      "main.tf": `variable "callback" {
  type = string
}

resource "auth0_client" "portal" {
  name                      = "Portal"
  is_first_party            = false
  third_party_security_mode = "strict"
  callbacks                 = [var.callback]
}
`,
    });
    const { code, report } = await checkJson(dir);
    expect(code).toBe(0);
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.message}`)).toEqual(["TPA109 warning cannot check at this point: callbacks is only known at apply"]);
  });
});

describe("provider aliases: one root module, several tenants", () => {
  const ALIASES = path.join(FIXTURES, "aliases");
  const byTenant = (r: CheckReport & { stacks?: { name: string }[] }) =>
    r.findings.map((f) => `${(f as { stack?: string }).stack} ${f.ruleId} ${f.address}`).sort();
  const expected = [
    "aliases TPA203 module.us_apps.auth0_client_grant.portal_mgmt",
    "aliases/eu TPA203 module.eu_apps.auth0_client_grant.portal_mgmt",
    // the US tenant's default grant for the same audience is another tenant's: no 409
    "aliases/eu TPA204 auth0_client_grant.eu_default_again",
  ];

  test("each provider configuration is its own tenant, modules included (providers = { auth0 = auth0.eu })", async () => {
    const { code, report } = await checkJson(ALIASES);
    expect(byTenant(report)).toEqual(expected);
    expect((report as { stacks?: { name: string }[] }).stacks?.map((s) => s.name)).toEqual(["aliases", "aliases/eu"]);
    expect(code).toBe(1);
  });

  test("the plan gives the same tenants and findings", async () => {
    const { planFile } = await planOf(ALIASES);
    const { report } = await checkJson("--plan", planFile, ALIASES);
    expect(byTenant(report).map((l) => l.replace(/^aliases/, "x"))).toEqual(expected.map((l) => l.replace(/^aliases/, "x")));
  }, 240_000);
});

describe("variable values as Terraform takes them", () => {
  const config = () =>
    writeFiles({
      "main.tf": `variable "mode" {
  type = string
}

resource "auth0_client" "portal" {
  name                      = "Portal"
  is_first_party            = false
  third_party_security_mode = var.mode
  callbacks                 = ["https://portal.example/cb"]
}
`,
      "strict.tfvars": 'mode = "strict"\n',
    });
  const rules = async (...args: string[]) => (await checkJson(...args)).report.findings.filter((f) => !f.suppressed).map((f) => f.ruleId);

  test("--var and --var-file in command-line order: the last one wins", async () => {
    const dir = config();
    const file = path.join(dir, "strict.tfvars");
    expect(await rules(dir, "--var", "mode=permissive", "--var-file", file)).toEqual([]);
    expect(await rules(dir, "--var-file", file, "--var", "mode=permissive")).toEqual(["TPA120", "TPA121"]);
    expect(await rules(dir, `--var-file=${file}`, "--var=mode=permissive")).toEqual(["TPA120", "TPA121"]);
  });

  test("a terraform.tfvars.json that is not an object is exit 2 naming it", async () => {
    for (const text of ["null", "[1]", '"strict"']) {
      const dir = config();
      fs.writeFileSync(path.join(dir, "terraform.tfvars.json"), text);
      const r = await check(dir);
      expect([r.code, r.stdout]).toEqual([2, ""]);
      expect(r.stderr).toMatch(/terraform\.tfvars\.json: a JSON \.tfvars file holds one object/);
    }
  });
});

describe("the values tpa check computes from HCL are the values Terraform plans", () => {
  test("heredocs (flush and plain, with interpolations and escapes), for expressions, splats and functions", async () => {
    const VALUES = path.join(FIXTURES, "values");
    const { planFile } = await planOf(VALUES);
    const planned = resourcesFromPlan(JSON.parse(fs.readFileSync(planFile, "utf8"))).resources;
    const parser = await loadHclParser();
    try {
      const read = readHcl(parser, [VALUES]).resources;
      const attributes = ["name", "description", "callbacks", "allowed_origins", "web_origins", "initiate_login_uri", "custom_login_page", "client_metadata"];
      const pick = (r: { attributes: Readonly<Record<string, unknown>> } | undefined) => Object.fromEntries(attributes.map((a) => [a, r?.attributes[a]]));
      const fromHcl = pick(read.find((r) => r.address === "auth0_client.portal"));
      expect(fromHcl).toEqual(pick(planned.find((r) => r.address === "auth0_client.portal")));
      // and they are values, not expressions left for the rules to warn about
      expect(JSON.stringify(fromHcl)).not.toMatch(/\$\{(?!not_interpolated)/);
      expect(fromHcl.description).toBe("Portal for Acme's partners.\n  Indented line, 2 partners.\nLiteral $${not_interpolated} and %%{not_a_directive}.\n");
    } finally {
      parser.delete();
    }
  }, 240_000);
});

describe("Terraform JSON read by tpa check and by the synth path", () => {
  test("the same rules fire on the same resources, every rule family included", async () => {
    const api = "https://api.acme.example/orders";
    const configuration = {
      provider: { auth0: [{ domain: "acme-dev.us.auth0.com" }] },
      resource: {
        auth0_tenant: { tenant: { dynamic_client_registration_security_mode: "strict", flags: [{ enable_dynamic_client_registration: true }] } },
        auth0_resource_server: { orders: { identifier: api, name: "Orders", subject_type_authorization: [{ user: [{ policy: "allow_all" }] }] } },
        auth0_resource_server_scopes: { orders: { resource_server_identifier: "${auth0_resource_server.orders.identifier}", scopes: [{ name: "read:orders" }] } },
        auth0_client: {
          legacy: { name: "Legacy", is_first_party: false, app_type: "spa", grant_types: ["implicit", "password"], callbacks: ["https://*.legacy.example/cb"], jwt_configuration: [{ alg: "HS256" }], sso: true },
          kiosk: { name: "Kiosk", is_first_party: false, third_party_security_mode: "strict", app_type: "sso_integration", cross_origin_auth: true, refresh_token: [{ expiration_type: "non-expiring", rotation_type: "non-rotating" }] },
          machine: { name: "Machine", is_first_party: false, third_party_security_mode: "strict", app_type: "spa", grant_types: ["client_credentials"] },
          old: { name: "Old", is_first_party: false, third_party_security_mode: "permissive", callbacks: ["https://old.example/cb"] },
          inside: { name: "Inside", third_party_security_mode: "strict", redirection_policy: "allow_always" },
        },
        auth0_client_grant: {
          machine_mgmt: { client_id: "${auth0_client.machine.client_id}", audience: "https://acme-dev.us.auth0.com/api/v2/", scopes: ["read:users"] },
          legacy_orders: { client_id: "${auth0_client.legacy.id}", audience: api, scopes: ["read:orders", "write:orders"], subject_type: "user", allow_any_organization: true },
          default_a: { audience: api, scopes: ["read:orders"], subject_type: "client", default_for: "third_party_clients" },
          default_b: { audience: api, scopes: [], subject_type: "client", default_for: "third_party_clients", client_id: "${auth0_client.kiosk.client_id}" },
        },
        auth0_rule: { legacy: { name: "legacy", script: "function (u, c, cb) { cb(null, u, c); }", enabled: true } },
      },
    };
    const dir = writeFiles({ "main.tf.json": JSON.stringify(configuration, null, 2) });
    const { report } = await checkJson(dir);
    const viaCheck = report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.address ?? "-"}`).sort();
    const viaSynth = evaluate({
      stack: "s",
      resources: resourcesFromTerraformJson(configuration as Parameters<typeof resourcesFromTerraformJson>[0]),
      tenant: { environment: "s", domain: "acme-dev.us.auth0.com", permissiveEligible: false },
      profile: profileById(NEWEST_PROFILE_ID),
      today: CHECK_TODAY,
    })
      .map((f) => `${f.ruleId} ${f.severity} ${f.address ?? "-"}`)
      .sort();
    expect(viaCheck).toEqual(viaSynth);
    expect(new Set(viaCheck.map((l) => l.slice(0, 5))).size).toBeGreaterThanOrEqual(4); // TPA1xx, TPA2xx, TPA3xx families and more
    expect(new Set(viaCheck.map((l) => l.split(" ")[0])).size).toBeGreaterThanOrEqual(12);
  });
});

describe("module outputs", () => {
  const OUTPUTS = path.join(FIXTURES, "module-outputs");
  const expected = [
    "TPA203 error auth0_client_grant.portal_mgmt",
    "TPA203 error auth0_client_grant.tool_mgmt",
    'TPA203 error auth0_client_grant.vendor_mgmt["hooli"]',
  ];
  const rules = async (...args: string[]) => (await checkJson(...args)).report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.address}`).sort();

  test("module.x.out, module.x[1].out and for_each = module.x tie a grant to the module's client (errors, not warnings), in HCL and in the plan", async () => {
    expect(await rules(OUTPUTS)).toEqual(expected);
    const { planFile } = await planOf(OUTPUTS);
    expect(await rules("--plan", planFile, OUTPUTS)).toEqual(expected);
  }, 240_000);

  test("the plan's references lead to the module's instance", async () => {
    const { planFile } = await planOf(OUTPUTS);
    const { resources } = resourcesFromPlan(JSON.parse(fs.readFileSync(planFile, "utf8")));
    const clientId = (a: string) => resources.find((r) => r.address === a)?.attributes.client_id;
    expect(clientId("auth0_client_grant.portal_mgmt")).toBe("${module.portal.auth0_client.this.client_id}");
    expect(clientId("auth0_client_grant.tool_mgmt")).toBe("${module.tools[1].auth0_client.this.client_id}");
    expect(clientId('auth0_client_grant.vendor_mgmt["hooli"]')).toBe('${module.vendors["hooli"].auth0_client.this.client_id}');
    const parser = await loadHclParser();
    try {
      const read = readHcl(parser, [OUTPUTS]).resources;
      const fromHcl = (a: string) => read.find((r) => r.address === a)?.attributes.client_id;
      for (const a of ["auth0_client_grant.portal_mgmt", "auth0_client_grant.tool_mgmt", 'auth0_client_grant.vendor_mgmt["hooli"]']) expect(fromHcl(a)).toBe(clientId(a));
    } finally {
      parser.delete();
    }
  }, 240_000);
});

describe("values Terraform converts or hides before the provider sees them", () => {
  const CONVERTED = path.join(FIXTURES, "converted");
  const SECRET = "pk_live_51HfQ2aLk9Zx8Yw7Vt6Us5Rq4Po3Nm2";
  const rules = (r: CheckReport) => r.findings.map((f) => `${f.ruleId} ${f.severity} ${f.address}`).sort();
  const expected = [
    "TPA101 error auth0_client.text_flags",
    "TPA109 error auth0_client.text_flags",
    "TPA111 error auth0_client.text_flags",
    "TPA105 error auth0_client.strict_text",
    "TPA105 error auth0_client.strict_text",
    "TPA108 error auth0_client.strict_text",
    "TPA109 error auth0_client.keyed_callback",
    // a list element only known at apply is the expression's, never the plan's null (no "grant type null")
    "TPA101 warning auth0_client.later",
    "TPA102 warning auth0_client.later",
    "TPA109 warning auth0_client.later",
    "TPA107 warning auth0_client.dynamic_jwt",
  ].sort();

  test("text given to bools, an untyped variable's text, list elements and a dynamic block's settings known at apply: the HCL and the plan Terraform makes agree", async () => {
    const hcl = await checkJson(CONVERTED);
    expect(rules(hcl.report)).toEqual(expected);
    const { planFile } = await planOf(CONVERTED);
    const plan = await checkJson("--plan", planFile, CONVERTED);
    expect(rules(plan.report)).toEqual(expected);
    expect(plan.report.findings.some((f) => /null/.test(f.message))).toBe(false);
  }, 240_000);

  test("a sensitive variable's value is shown in no format, from the HCL or from the plan", async () => {
    const { planFile } = await planOf(CONVERTED);
    // the plan alone, in a folder without the .tf files: its own marks hide the value
    const alone = path.join(tmpDir("tpa-plan-alone-"), "plan.json");
    fs.copyFileSync(planFile, alone);
    for (const args of [[CONVERTED], ["--plan", planFile, CONVERTED], ["--plan", alone]]) {
      for (const format of ["text", "json", "sarif", "markdown"]) {
        const r = await check(...args, "--format", format);
        expect(r.stdout).not.toContain(SECRET);
        expect(r.stdout).toContain("(sensitive value)");
      }
    }
  }, 240_000);
});
