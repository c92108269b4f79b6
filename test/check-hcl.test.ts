// `tpa check DIR|FILE.tf`: HCL read with tree-sitter and evaluated as far as it is static, tenant facts,
// tpa.yaml, inline suppressions, formats and exit codes. (Plans made by Terraform: test/check.test.ts.)
import "@microsoft/jest-sarif";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { writeFiles } from "./support/tmp";
import { sensitiveTexts, type PlanJson } from "../check/plan";
import { check, CheckFinding as Finding, checkJson } from "./support/check-cli";

// each check is true only if the text is read as Terraform reads it: tpa check and terraform console agree below
const NUMBER_CHECKS = `locals {
  é1e5   = 3
  a-1e5  = 4
  closer = <<EOF
\${"a"} EOF
1e5
EOF
  spaced = <<EOF
1e5
EOF   
  nested = <<A
\${<<B
2e3
B
}
A
  checks = [
    local.é1e5 == 3,
    local.a-1e5 == 4,
    local.closer == "a EOF\\n1e5\\n",
    local.spaced == "1e5\\n",
    local.nested == "2e3\\n\\n",
    10-1e5 == -99990,
    1e5-2e3 == 98000,
  ]
}
`;

const findings = async (...args: string[]): Promise<Finding[]> => (await checkJson(...args)).report.findings;
const ids = (list: Finding[]) => list.filter((f) => !f.suppressed).map((f) => `${f.ruleId} ${f.severity} ${f.address}`);

const PROVIDER = `terraform {
  required_providers {
    auth0 = { source = "auth0/auth0", version = "1.55.0" }
  }
}

provider "auth0" {
  domain = "acme-prod.eu.auth0.com"
}
`;

const client = (name: string, body: string) => `
resource "auth0_client" "${name}" {
  name           = "${name}"
  app_type       = "regular_web"
  is_first_party = false
  callbacks      = ["https://${name}.example.com/callback"]
${body}
}
`;

const dir = (main: string, extra: Record<string, string> = {}) => writeFiles({ "main.tf": PROVIDER + main, ...extra });

describe("static values", () => {
  const modeFromVariable = `
variable "mode" {
  type = string
}
${client("portal", "  third_party_security_mode = var.mode")}`;

  test("a value only known at plan time is a warning under each rule that reads it, never a pass, never an error", async () => {
    const d = dir(modeFromVariable);
    const list = await findings(d);
    // the mode decides whether the strict rules apply: each of them meets the unknown value and says so
    expect(ids(list)).toEqual(expect.arrayContaining(["TPA111 warning auth0_client.portal", "TPA109 warning auth0_client.portal"]));
    for (const f of list) {
      expect(f).toMatchObject({ severity: "warning", address: "auth0_client.portal", attribute: "third_party_security_mode", message: expect.stringMatching(/^cannot check/) });
    }
    expect(new Set(list.map((f) => f.ruleId)).size).toBe(list.length); // once per rule
    expect((await check(d)).code).toBe(0);
  });

  test("a mode Auth0 does not have (Strict, or PERMISSIVE from a variable's default) is TPA111 at its line, never read as permissive", async () => {
    const d = dir(`
variable "legacy_mode" {
  type    = string
  default = "PERMISSIVE"
}
${client("portal", '  third_party_security_mode = "Strict"\n  grant_types = ["implicit"]')}
${client("legacy", "  third_party_security_mode = var.legacy_mode")}`);
    const list = await findings(d, "--permissive-eligible");
    expect(list.filter((f) => !f.suppressed).map((f) => `${f.ruleId} ${f.severity} ${f.address} ${f.location?.line}`)).toEqual([
      "TPA111 error auth0_client.legacy 31",
      "TPA111 error auth0_client.portal 21",
    ]);
    expect(list[0].message).toMatch(/neither strict nor permissive/);
    expect((await check(d, "--permissive-eligible")).code).toBe(1);
  });

  test("a client adopted by an import block without a mode keeps the tenant's: cannot check, not TPA111's creation error", async () => {
    const adopted = `${client("legacy", "")}
import {
  to = auth0_client.legacy
  id = "abc123"
}
${client("fresh", "")}`;
    const d = dir(adopted);
    const list = await findings(d);
    expect(ids(list)).toContain("TPA111 error auth0_client.fresh");
    const legacy = list.filter((f) => f.address === "auth0_client.legacy");
    expect(legacy.length).toBeGreaterThan(0);
    for (const f of legacy) expect(f).toMatchObject({ severity: "warning", attribute: "third_party_security_mode", message: expect.stringMatching(/^cannot check/) });
    const text = await check(d);
    expect(text.stderr).toMatch(/main\.tf:\d+: auth0_client\.legacy is imported without third_party_security_mode, so it keeps the tenant's mode/);
  });

  test("--var, .tfvars files, terraform.tfvars and variable defaults give the value", async () => {
    expect(ids(await findings(dir(modeFromVariable), "--var", "mode=strict"))).toEqual([]);
    const withVarFile = dir(modeFromVariable, { "prod.tfvars": 'mode = "strict"\n' });
    expect(ids(await findings(withVarFile, "--var-file", path.join(withVarFile, "prod.tfvars")))).toEqual([]);
    expect(ids(await findings(dir(modeFromVariable, { "terraform.tfvars": 'mode = "strict"\n' })))).toEqual([]);
    expect(ids(await findings(dir(modeFromVariable, { "prod.auto.tfvars": 'mode = "strict"\n' })))).toEqual([]);
    expect(ids(await findings(dir(modeFromVariable, { "prod.auto.tfvars.json": '{"mode": "strict"}' })))).toEqual([]);
    expect(ids(await findings(dir(modeFromVariable.replace("type = string", 'type = string\n  default = "strict"'))))).toEqual([]);
    // the last value wins, as in Terraform: -var after the files
    const permissive = await findings(dir(modeFromVariable, { "terraform.tfvars": 'mode = "strict"\n' }), "--var", "mode=permissive");
    expect(ids(permissive)).toContain("TPA120 error auth0_client.portal");
  });

  test("--var of a typed variable is read as an HCL value", async () => {
    const main = `
variable "callbacks" {
  type = list(string)
}
${client("portal", '  third_party_security_mode = "strict"').replace(/callbacks .*/, "callbacks = var.callbacks")}`;
    expect(ids(await findings(dir(main), "--var", 'callbacks=["https://portal.example.com/*"]'))).toEqual(["TPA109 error auth0_client.portal"]);
    expect(ids(await findings(dir(main), "--var", 'callbacks=["https://portal.example.com/cb"]'))).toEqual([]);
  });

  test("numbers as Terraform reads them: an exponent without a fraction (1e5, 1E+0, 1.e0) is a number; 0x10 is not", async () => {
    const main = `
variable "copies" {
  type = number
}
resource "auth0_client" "copies" {
  count          = 1E+0 + 1.e0 # 2e0 in a comment, "3e0" in a string: text
  name           = "copy 1e5 \${1e0}"
  is_first_party = false
  sso            = 1e5 > 0 # tpa:ignore TPA106 reason="columns as written, after 1e5" expires=2027-03-31
}
resource "auth0_client" "more" {
  count          = var.copies
  name           = "more"
  is_first_party = false
}`;
    const list = await findings(dir(main), "--var", "copies=1e0");
    expect(ids(list)).toEqual([
      "TPA111 error auth0_client.copies[0]",
      "TPA111 error auth0_client.copies[1]",
      "TPA111 error auth0_client.more[0]",
    ]);
    expect(list.filter((f) => f.suppressed).map((f) => [f.ruleId, f.address, (f.suppression as { location?: unknown } | undefined)?.location])).toEqual([
      ["TPA106", "auth0_client.copies[0]", expect.objectContaining({ line: 18, column: 28 })],
      ["TPA106", "auth0_client.copies[1]", expect.objectContaining({ line: 18, column: 28 })],
    ]);
    const hex = await check(dir(client("portal", "  jwt_configuration {\n    lifetime_in_seconds = 0x10\n  }")));
    expect(hex.code).toBe(2);
    expect(hex.stderr).toMatch(/main\.tf:17: a hexadecimal number \(0x\.\.\.\) is not a number in Terraform, which reads decimal numbers only .*write it in decimal/);
  });

  test("Terraform 1.11 reads the same numbers: terraform console gives true for every check, validate takes 1e5 forms and refuses 0x10", () => {
    const terraform = (dir: string, args: string[], input?: string) =>
      spawnSync("terraform", args, { cwd: dir, input, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    const checks = writeFiles({ "main.tf": `${NUMBER_CHECKS}\noutput "exponents" {\n  value = [1e5, 1E+5, 1.e5]\n}\n` });
    expect(terraform(checks, ["validate", "-no-color"]).stdout).toMatch(/Success!/);
    const consoled = (expression: string) => terraform(checks, ["console"], `${expression}\n`).stdout;
    expect(consoled("jsonencode(local.checks)")).toContain(JSON.stringify(JSON.stringify(Array(7).fill(true))));
    expect(consoled("jsonencode([1e5, 1E+5, 1.e5])")).toContain(JSON.stringify(JSON.stringify([100000, 100000, 100000])));
    const hex = terraform(writeFiles({ "main.tf": "locals {\n  a = 0x10\n}\n" }), ["validate", "-no-color"]);
    expect([hex.status, hex.stderr]).toEqual([1, expect.stringMatching(/Missing newline after argument/)]);
  });

  test("numbers are found as Terraform's lexer finds them: not in heredoc text, names (é1e5, a-1e5) or after a dot; 10-1e5 subtracts", async () => {
    // each check is true only if the text is read as Terraform reads it (terraform console gives true for each)
    const main = `
${NUMBER_CHECKS}${client("portal", '  third_party_security_mode = alltrue(local.checks) ? "strict" : "Bad"')}`;
    expect(ids(await findings(dir(main)))).toEqual([]);
  });

  test("a hexadecimal number in a .tf.json template or a --var value is exit 2, as in Terraform", async () => {
    const json = { resource: { auth0_client: { a: { name: "a", is_first_party: false, third_party_security_mode: '${0x10 == 16 ? "strict" : "Bad"}' } } } };
    const inJson = await check(writeFiles({ "main.tf.json": JSON.stringify(json, null, 2) }));
    expect([inJson.code, inJson.stderr]).toEqual([2, expect.stringMatching(/main\.tf\.json:\d+: a hexadecimal number \(0x\.\.\.\) is not a number in Terraform/)]);
    const main = `
variable "lifetimes" {
  type = list(number)
}
${client("portal", '  third_party_security_mode = var.lifetimes[0] == 16 ? "strict" : "Bad"')}`;
    const inVar = await check(dir(main), "--var", "lifetimes=[0x10]");
    expect([inVar.code, inVar.stderr]).toEqual([2, expect.stringMatching(/--var lifetimes: a hexadecimal number \(0x\.\.\.\) is not a number in Terraform/)]);
  });


  test("locals, templates, conditionals, count and for_each over static values", async () => {
    const main = `
locals {
  strict = "strict"
  apps   = { portal = "https://portal.example.com/cb", billing = "https://billing.example.com/*" }
}
resource "auth0_client" "partner" {
  for_each                  = local.apps
  name                      = "Partner \${each.key}"
  app_type                  = "regular_web"
  is_first_party            = false
  third_party_security_mode = true ? local.strict : "permissive"
  callbacks                 = [each.value]
}
resource "auth0_client" "copies" {
  count          = 2
  name           = "Copy \${count.index}"
  app_type       = "regular_web"
  is_first_party = false
  callbacks      = ["https://copy\${count.index}.example.com/cb"]
}
`;
    expect(ids(await findings(dir(main))).sort()).toEqual([
      'TPA109 error auth0_client.partner["billing"]',
      "TPA111 error auth0_client.copies[0]",
      "TPA111 error auth0_client.copies[1]",
    ]);
  });
});

describe("tenant facts", () => {
  const permissive = client("legacy", '  third_party_security_mode = "permissive"');

  test("--permissive-eligible, or tenant.permissiveEligible in tpa.yaml beside the configuration", async () => {
    expect(ids(await findings(dir(permissive)))).toContain("TPA120 error auth0_client.legacy");
    expect(ids(await findings(dir(permissive), "--permissive-eligible"))).not.toContain("TPA120 error auth0_client.legacy");
    const withSettings = dir(permissive, { "tpa.yaml": "tenant:\n  permissiveEligible: true\n" });
    expect(ids(await findings(withSettings))).not.toContain("TPA120 error auth0_client.legacy");
  });

  test("the provider block's domain, unless --domain says otherwise", async () => {
    const grant = `${client("portal", '  third_party_security_mode = "strict"')}
resource "auth0_client_grant" "portal_management" {
  client_id = auth0_client.portal.client_id
  audience  = "https://login.acme.test/api/v2/"
  scopes    = ["read:users"]
}
`;
    expect(ids(await findings(dir(grant)))).toEqual([]);
    const onCustomDomain = writeFiles({ "main.tf": PROVIDER.replace("acme-prod.eu.auth0.com", "login.acme.test") + grant });
    expect(ids(await findings(onCustomDomain))).toEqual(["TPA203 error auth0_client_grant.portal_management"]);
    expect(ids(await findings(dir(grant), "--domain", "login.acme.test"))).toEqual(["TPA203 error auth0_client_grant.portal_management"]);
    expect((await check(dir(grant), "--domain", "https://login.acme.test")).stderr).toMatch(/--domain https:\/\/login\.acme\.test: use the tenant's domain/);
  });

  test("--profile picks the capability profile", async () => {
    const machine = client("sync", '  third_party_security_mode = "strict"\n  grant_types = ["client_credentials"]').replace('"regular_web"', '"non_interactive"').replace(/  callbacks .*\n/, "");
    expect(ids(await findings(dir(machine)))).toEqual([]);
    expect(ids(await findings(dir(machine), "--profile", "strict-2026-04"))).toEqual(["TPA101 error auth0_client.sync"]);
    expect((await check(dir(machine), "--profile", "strict-2099-01")).stderr).toMatch(/--profile strict-2099-01: use one of/);
  });

  test("a bad tpa.yaml is exit 2 with its file and line", async () => {
    const bad = dir(permissive, { "tpa.yaml": "tenant:\n  permissiveEligible: true\ngates:\n  protectFromDestory: true\n" });
    const r = await check(bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tpa\.yaml:4: gates: unknown key\(s\) protectFromDestory/);
  });

  test("an alias without its anchor, in tpa.yaml or a deploy-cli tenant.yaml, is exit 2 at the alias, not an internal error", async () => {
    const settings = await check(dir(permissive, { "tpa.yaml": "tenant:\n  domain: *dom\n" }));
    expect([settings.code, settings.stderr]).toEqual([2, expect.stringMatching(/tpa\.yaml:2: malformed YAML: unidentified alias "dom" \(no anchor &dom before it\)/)]);
    const d = writeFiles({ "tenant.yaml": "clients:\n  - name: Portal\n    is_first_party: false\n  - name: *portal\n" });
    const deployCli = await check("--deploy-cli", path.join(d, "tenant.yaml"));
    expect([deployCli.code, deployCli.stderr]).toEqual([2, expect.stringMatching(/tenant\.yaml:4: not valid YAML \(after keyword replacement\): unidentified alias "portal"/)]);
  });
});

describe("values Terraform converts where a bool or a number is needed", () => {
  const partner = (count: string, grants: string) => `
resource "auth0_client" "partner" {
  count                     = ${count}
  name                      = "Partner"
  app_type                  = "regular_web"
  is_first_party            = false
  third_party_security_mode = "strict"
  grant_types               = ${grants}
}
`;
  test('an untyped variable given "true" (-var, TF_VAR_) is a condition, a count and an operand of !, && and ||', async () => {
    const d = dir(`variable "legacy" {\n  default = false\n}\n${partner("var.legacy ? 1 : 0", '!var.legacy || (var.legacy && true) ? ["implicit"] : ["authorization_code"]')}`);
    const r = await check(d, "--var", "legacy=true", "--format", "json");
    const report = JSON.parse(r.stdout) as { findings: Finding[] };
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.address}`)).toEqual(["TPA101 error auth0_client.partner[0]"]);
    expect((await check(d, "--var", "legacy=false")).stdout).toMatch(/no findings/);
  });

  test('count = "3" (a string) is three instances; count = "0" none', async () => {
    const three = await check(dir(partner('"3"', 'count.index == 2 ? ["implicit"] : ["authorization_code"]')), "--format", "json");
    expect((JSON.parse(three.stdout) as { findings: Finding[] }).findings.map((f) => f.address)).toEqual(["auth0_client.partner[2]"]);
    expect((await check(dir(partner('"0"', '["implicit"]')))).stdout).toMatch(/no findings/);
  });

  test("count = true, count = null, count beside for_each: exit 2 at the line, as Terraform refuses them", async () => {
    for (const [count, message] of [
      ["true", /main\.tf:\d+: count is true, a bool: Terraform refuses it/],
      ["null", /main\.tf:\d+: count is null: Terraform refuses it/],
      ['"three"', /main\.tf:\d+: count is text that is no number: Terraform refuses it/],
      ['1\n  for_each = toset(["a"])', /main\.tf:\d+: count and for_each on one block: Terraform refuses the combination/],
    ] as const) {
      const r = await check(dir(partner(count, '["authorization_code"]')));
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
    }
  });
});

describe("suppressions in HCL", () => {
  const suppressed = (expires: string, rule = "TPA111") => `
# tpa:ignore ${rule} reason="the partner moves to strict with its next release" expires=${expires}
${client("portal", "").trimStart()}`;

  test("a comment above the resource suppresses its finding, with the reason in every report", async () => {
    const d = dir(suppressed("2027-03-31"));
    const [f] = await findings(d);
    expect(f).toMatchObject({ ruleId: "TPA111", suppressed: true, suppression: { reason: "the partner moves to strict with its next release", expires: "2027-03-31" } });
    expect((await check(d)).code).toBe(0);
    expect((await check(d)).stdout).toMatch(/suppressed TPA111 .*\n\s+reason: the partner moves to strict/);
    expect((await check(d, "--format", "markdown")).stdout).toMatch(/🔕 \| TPA111 .*suppressed: the partner moves to strict/);
    const sarif = JSON.parse((await check(d, "--format", "sarif")).stdout);
    expect(sarif.runs[0].results[0].suppressions[0].justification).toMatch(/the partner moves to strict/);
  });

  test("an expired one is TPA001 and no longer applies; an unused one is TPA002", async () => {
    expect(ids(await findings(dir(suppressed("2026-11-30"))))).toEqual(["TPA001 error undefined", "TPA111 error auth0_client.portal"]);
    const unused = await findings(dir(suppressed("2027-03-31", "TPA112")));
    expect(unused.map((f) => [f.ruleId, f.location?.line])).toEqual([
      ["TPA111", 12],
      ["TPA002", 11],
    ]);
  });

  test("a malformed one is bad input, with its line", async () => {
    const r = await check(dir(suppressed("2027-03-31").replace(/reason="[^"]*"/, 'reason="soon"')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/main\.tf:11: tpa:ignore TPA111: give reason="\.\.\." of at least 10 characters/);
    const impossible = await check(dir(suppressed("2027-02-30")));
    expect([impossible.code, impossible.stderr]).toEqual([2, expect.stringMatching(/main\.tf:11: tpa:ignore TPA111: expires=2027-02-30 is not a day of the calendar: use a real date/)]);
    const twoRules = await check(dir(suppressed("2027-03-31", "TPA111 TPA112")));
    expect([twoRules.code, twoRules.stderr]).toEqual([2, expect.stringMatching(/main\.tf:11: tpa:ignore TPA111 TPA112: one rule per comment/)]);
    const twice = await check(dir(suppressed("2027-03-31 expires=2027-04-30")));
    expect([twice.code, twice.stderr]).toEqual([2, expect.stringMatching(/main\.tf:11: tpa:ignore TPA111: expires= is given twice/)]);
  });

  test("an expires= inside the quoted reason is the reason's: the comment's own expiry decides", async () => {
    const d = dir(suppressed("2026-01-01").replace('reason="', 'reason="accepted until expires=2099-12-31 by the board; '));
    expect(ids(await findings(d))).toEqual(["TPA001 error undefined", "TPA111 error auth0_client.portal"]);
  });

  test("a comment after a block's closing brace, on its line, is that block's, not the next one's", async () => {
    const d = dir(`${client("portal", "").trimEnd()} # tpa:ignore TPA111 reason="the partner moves to strict with its next release" expires=2027-03-31\n${client("other", "")}`);
    const found = await findings(d);
    expect(found.map((f) => [f.ruleId, f.address, f.suppressed])).toEqual([
      ["TPA111", "auth0_client.other", false],
      ["TPA111", "auth0_client.portal", true],
    ]);
  });
});

describe("suppressions that suppress nothing are reported, never dropped", () => {
  test("above a module call, apart from any block, above another provider's resource: TPA002 at each line; above an unread module call it suppresses its TPA003", async () => {
    const d = writeFiles({
      "main.tf": `# tpa:ignore TPA003 reason="the registry module is reviewed upstream" expires=2027-01-31
module "registry" {
  source  = "acme/apps/auth0"
  version = "1.0.0"
}

# tpa:ignore TPA101 reason="the whole module is legacy for now" expires=2027-01-31
module "local" {
  source = "./m"
}

# tpa:ignore TPA101 reason="a blank line below: on no block" expires=2027-01-31

resource "auth0_client" "apart" {
  name           = "Apart"
  is_first_party = false
  grant_types    = ["password"]
}

# tpa:ignore TPA101 reason="not an auth0 resource at all" expires=2027-01-31
resource "random_password" "p" {
  length = 16
}
`,
      "m/main.tf": 'resource "auth0_client" "this" {\n  name = "M"\n  is_first_party = false\n  third_party_security_mode = "strict"\n  grant_types = ["password"]\n}\n',
    });
    const list = await findings(d);
    expect(list.filter((f) => f.ruleId === "TPA002").map((f) => f.location?.line).sort()).toEqual([12, 20, 7]);
    expect(list.filter((f) => f.ruleId === "TPA003").map((f) => f.suppressed)).toEqual([true]);
    expect(list.filter((f) => f.ruleId === "TPA101" && !f.suppressed).map((f) => f.address).sort()).toEqual(["auth0_client.apart", "module.local.auth0_client.this"]);
  });
});

describe("values computed from a sensitive one are sensitive too, as in Terraform", () => {
  test("upper(), split(), keys() of a sensitive variable and a local computed from it: shown in no finding", async () => {
    const d = dir(`
variable "partner_key" {
  sensitive = true
  default   = "pk_live_51HfQ2aLk9Zx8Yw7Vt6Us5Rq4Po3Nm2"
}
variable "hosts" {
  sensitive = true
  default   = "*.alpha-secret.example,*.beta-secret.example"
}
variable "hostmap" {
  sensitive = true
  default   = { "*.gamma-secret.example" = "x" }
}
locals {
  key_upper = upper(var.partner_key)
  callback  = "https://*.k.example/cb?key=\${local.key_upper}"
}
resource "auth0_client" "a" {
  name                      = "A"
  is_first_party            = false
  third_party_security_mode = "strict"
  app_type                  = "regular_web"
  callbacks                 = [local.callback]
  allowed_origins           = [for h in split(",", var.hosts) : "https://\${h}"]
  web_origins               = [for h in keys(var.hostmap) : "https://\${h}"]
}`);
    const r = await check(d, "--format", "json");
    expect(r.stdout).not.toMatch(/PK_LIVE|pk_live|alpha-secret|beta-secret|gamma-secret/i);
    const list = (JSON.parse(r.stdout) as { findings: Finding[] }).findings.filter((f) => f.ruleId === "TPA109");
    expect(list.map((f) => f.attribute).sort()).toEqual(["allowed_origins", "callbacks", "web_origins"]);
    expect(list.every((f) => f.message.includes("(sensitive value)"))).toBe(true);
  });
});

describe("what the policy says of a tenant's DCR mode and of grants to clients it does not see", () => {
  test("a DCR mode Auth0 does not have is TPA111 at its line", async () => {
    const list = await findings(dir('resource "auth0_tenant" "this" {\n  dynamic_client_registration_security_mode = "Strict"\n}\n'));
    expect(list.map((f) => `${f.ruleId} ${f.severity} ${f.address} ${f.location?.line}`)).toEqual(["TPA111 error auth0_tenant.this 11"]);
  });

  test("a grant on the Management API of a client outside the configuration: a tpc_ ID is a strict client's (an error), another ID a warning; HCL and deploy-cli alike", async () => {
    const grant = (name: string, id: string) => `resource "auth0_client_grant" "${name}" {\n  client_id = "${id}"\n  audience  = "https://acme-prod.eu.auth0.com/api/v2/"\n  scopes    = ["read:users"]\n}\n`;
    const hcl = await findings(dir(grant("strict", "tpc_aBcDeFgHiJkLmNoPqRsTuV") + grant("other", "Kq2LzR8cXvB1nM4pT7wY0aS3dF6gH9jE")));
    expect(ids(hcl).filter((id) => id.startsWith("TPA203")).sort()).toEqual(["TPA203 error auth0_client_grant.strict", "TPA203 warning auth0_client_grant.other"]);
    const d = writeFiles({
      "tenant.yaml": "clientGrants:\n  - client_id: tpc_aBcDeFgHiJkLmNoPqRsTuV\n    audience: https://acme-prod.eu.auth0.com/api/v2/\n    scope: [read:users]\n  - client_id: Partner Not In This File\n    audience: https://acme-prod.eu.auth0.com/api/v2/\n    scope: [read:users]\n",
    });
    const exported = await findings("--deploy-cli", path.join(d, "tenant.yaml"), "--domain", "acme-prod.eu.auth0.com");
    expect(exported.filter((f) => f.ruleId === "TPA203").map((f) => f.severity).sort()).toEqual(["error", "warning"]);
  });
});

describe("counts and for_each Terraform refuses", () => {
  test.each([
    ["a negative count", "  count = -1", /main\.tf:\d+: count is -1: Terraform refuses a count that is not a whole number of 0 or more/],
    ["a fractional count", "  count = 3 / 2", /main\.tf:\d+: count is 1\.5: Terraform refuses a count that is not a whole number of 0 or more/],
    ["a null for_each", "  for_each = null", /main\.tf:\d+: for_each is null: Terraform refuses it/],
  ])("%s is exit 2 at its line, never a configuration with no such resource", async (_what, meta, message) => {
    const r = await check(dir(client("portal", meta)));
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
  });
});

describe("a list with some items only known at apply", () => {
  test("a known item that breaks a rule is an error beside the warning for the unknown ones (grant types, callbacks), in HCL and deploy-cli files alike", async () => {
    const d = dir(`variable "extra" {\n  type = string\n}\n${client("portal", '  third_party_security_mode = "strict"\n  grant_types = ["implicit", var.extra]\n  web_origins = ["https://*.o.example", var.extra]')}`);
    const found = (await findings(d)).filter((f) => f.ruleId === "TPA101" || f.ruleId === "TPA109").map((f) => `${f.ruleId} ${f.severity} ${f.message}`);
    expect(found).toEqual([
      "TPA101 error grant type implicit not allowed for strict apps under strict-2026-05 (allowed: authorization_code, refresh_token, client_credentials)",
      "TPA109 error web_origins has wildcard https://*.o.example",
      "TPA101 warning cannot check at this point: grant_types is only known at apply",
      "TPA109 warning cannot check at this point: web_origins is only known at apply",
    ]);
    const tenant = writeFiles({ "tenant.yaml": "clients:\n  - name: Portal\n    is_first_party: false\n    third_party_security_mode: strict\n    grant_types: [implicit, '##EXTRA_GRANT##']\n" });
    const r = await check("--deploy-cli", path.join(tenant, "tenant.yaml"), "--format", "json");
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: Finding[] }).findings.filter((f) => f.ruleId === "TPA101").map((f) => f.severity)).toEqual(["error", "warning"]);
  });
});

describe("rules that read what only environment files declare", () => {
  test("an app whose mode is only known at apply has no TPA201 or TPA305 warning: nothing says what it calls or which organizations it is used with", async () => {
    const d = dir(`variable "mode" {\n  type = string\n}\n${client("portal", "  third_party_security_mode = var.mode")}`);
    const rules = (await findings(d)).map((f) => f.ruleId);
    expect(rules).toContain("TPA101"); // the strict rules do warn that they cannot check it
    expect(rules.filter((r) => r === "TPA201" || r === "TPA305")).toEqual([]);
  });
});

describe("names in any script, as Terraform reads them", () => {
  test("a grant references a client named pärtner (or 名前) as it does one named partner: TPA203 on the Management API", async () => {
    for (const name of ["partner", "pärtner", "名前"]) {
      const d = dir(`${client(name, "")}
resource "auth0_client_grant" "g" {
  client_id = auth0_client.${name}.client_id
  audience  = "https://acme.eu.auth0.com/api/v2/"
  scopes    = []
}
`);
      expect(ids(await findings(d)).filter((f) => f.startsWith("TPA203"))).toEqual(["TPA203 error auth0_client_grant.g"]);
    }
  });
});

describe("references and values Terraform refuses before it plans", () => {
  test("count.index in a block without count, each.key in one without for_each: exit 2 at the line", async () => {
    for (const [body, message] of [
      ['  description = "n${count.index}"', /main\.tf:\d+: count\.index is used where no count is set \(Error: Reference to "count" in non-counted context\)/],
      ["  description = each.key", /main\.tf:\d+: each\.key is used where no for_each is set \(Error: Reference to "each" in non-for_each context\)/],
    ] as const) {
      const r = await check(dir(client("portal", body)));
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
    }
  });

  test("--var for a variable the root module does not declare is exit 2; a TF_VAR_ or .tfvars value for none is not", async () => {
    const r = await check(dir(client("portal", "")), "--var", "nosuch=1");
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/--var nosuch: the root module declares no variable "nosuch" \(Error: Value for undeclared variable\)/)]);
    expect((await check(dir(client("portal", ""), { "terraform.tfvars": "nosuch = 1\n" }))).code).not.toBe(2);
  });
});

describe("a value of another type than its variable's or attribute's, which Terraform refuses", () => {
  const grants = `
variable "grants" {
  type = list(string)
}
${client("portal", "  grant_types = var.grants")}`;

  test.each([
    ["a text for a list, by --var", ["--var", "grants=implicit"], /main\.tf:\d+: var\.grants: --var grants is a string, not a list: Terraform refuses it \(Invalid value for input variable\)/],
    ["an object for a list, by --var", ["--var", 'grants={ a = "implicit" }'], /var\.grants: --var grants is an object, not a list/],
    ["a list of lists", ["--var", 'grants=[["implicit"]]'], /var\.grants: --var grants holds a list where a string belongs/],
  ])("%s is exit 2 at the variable, never a configuration without the value", async (_what, args, message) => {
    const r = await check(dir(grants), ...args);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
  });

  test("so is a default or a .tfvars value of another type, and a well-typed one is checked", async () => {
    const byDefault = await check(dir(grants.replace("type = list(string)", 'type = list(string)\n  default = "implicit"')));
    expect([byDefault.code, byDefault.stderr]).toEqual([2, expect.stringMatching(/var\.grants: its default is a string, not a list/)]);
    const byFile = await check(dir(grants, { "terraform.tfvars": 'grants = "implicit"\n' }));
    expect([byFile.code, byFile.stderr]).toEqual([2, expect.stringMatching(/terraform\.tfvars:1: var\.grants: the value given is a string, not a list/)]);
    const byJson = await check(dir(grants, { "terraform.tfvars.json": '{"grants": "implicit"}' }));
    expect([byJson.code, byJson.stderr]).toEqual([2, expect.stringMatching(/terraform\.tfvars\.json: var\.grants: the value given is a string, not a list/)]);
    expect(ids(await findings(dir(grants), "--var", 'grants=["implicit"]'))).toContain("TPA101 error auth0_client.portal");
  });

  test.each([
    ["a text for a list", '  grant_types = "implicit"', /main\.tf:\d+: grant_types is a string, not a list: Terraform refuses it \(Incorrect attribute value type\)/],
    ["a list of lists", '  grant_types = [["implicit"]]', /grant_types holds a list where a string belongs/],
    ["an object for a list", '  grant_types = { a = "implicit" }', /grant_types is an object, not a list/],
    ["a list for a text", '  description = ["partner"]', /description is a list, not a string/],
    ["a list for a map's value", '  client_metadata = { a = ["x"] }', /client_metadata holds a list where a string belongs/],
  ])("an attribute given %s is exit 2 at its line", async (_what, attribute, message) => {
    const r = await check(dir(client("portal", attribute)));
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
  });

  test("values Terraform converts are read as converted: a number for a text, a text for a number or a flag", async () => {
    const r = await check(dir(client("portal", '  description = 42\n  jwt_configuration {\n    lifetime_in_seconds = "3600"\n  }\n  oidc_conformant = "true"')));
    expect(r.code).not.toBe(2);
  });
});

describe("a block Terraform does not take, which it refuses before any plan", () => {
  test.each([
    ["a misspelled block type", 'resourse "auth0_client" "portal" {\n  name = "Portal"\n}\n', /main\.tf:\d+: a "resourse" block is none Terraform takes here \(Error: Unsupported block type\)/],
    ["a resource with a third label", 'resource "auth0_client" "portal" "v2" {\n  name = "Portal"\n}\n', /main\.tf:\d+: a resource block takes two labels \(its type and its name\), this one has 3 \(Error: Extraneous label\)/],
    ["a resource without its name", 'resource "auth0_client" {\n  name = "Portal"\n}\n', /a resource block takes two labels \(its type and its name\), this one has 1 \(Error: Missing name\)/],
    ["a variable without its name", 'variable {\n  type = string\n}\n', /a variable block takes one label \(its name\), this one has 0/],
  ])("%s is exit 2 at its line, never a resource left out", async (_what, main, message) => {
    const r = await check(dir(main));
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
  });
});

test("a file named twice (a folder and a file in it) is read once, not declared twice", async () => {
  const d = dir(client("portal", '  grant_types = ["implicit"]'));
  for (const args of [[d, d], [d, path.join(d, "main.tf")]]) {
    const r = await check(...args);
    expect(r.stderr).not.toMatch(/declared again/);
    expect(r.code).toBe(1);
  }
});

describe("a reference to something the module does not declare, which Terraform refuses before any plan", () => {
  test.each([
    ["an input variable", "  grant_types = var.grants", /main\.tf:\d+: var\.grants names an input variable this module does not declare \(Error: Reference to undeclared input variable\)/],
    ["a local value", "  grant_types = local.grants", /local\.grants names a local value this module does not declare \(Error: Reference to undeclared local value\)/],
    ["a resource", "  description = auth0_client.ghost.name", /auth0_client\.ghost names a resource this module does not declare \(Error: Reference to undeclared resource\)/],
    ["a module", "  description = module.ghost.name", /module\.ghost names a module this module does not declare \(Error: Reference to undeclared module\)/],
    ["a data source", "  description = data.auth0_tenant.ghost.id", /data\.auth0_tenant\.ghost names a resource this module does not declare \(Error: Reference to undeclared resource\): declare it \(a data "auth0_tenant" "ghost" block\)/],
    ["a variable inside try()", "  description = try(var.nope, \"x\")", /var\.nope names an input variable this module does not declare/],
  ])("%s is exit 2 at its line, never a value only known at apply", async (_what, attribute, message) => {
    const r = await check(dir(client("portal", attribute)));
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
  });

  test("what is declared, or is no module object (terraform.workspace, path.module, data sources), is read as before", async () => {
    const r = await check(dir(`variable "d" {\n  default = "x"\n}\ndata "auth0_tenant" "t" {}\n${client("portal", '  description = "${var.d}-${terraform.workspace}-${path.module}-${data.auth0_tenant.t.id}"')}`));
    expect(r.code).not.toBe(2);
    const inCheck = await check(dir(`check "tenant" {\n  data "auth0_tenant" "t" {}\n  assert {\n    condition     = data.auth0_tenant.t.id != ""\n    error_message = "no tenant"\n  }\n}\n${client("portal", "")}`));
    expect(inCheck.code).not.toBe(2);
  });
});

describe("a cycle of locals, which Terraform refuses", () => {
  test("is exit 2 at the local the cycle comes back to; locals that only refer to others are read", async () => {
    const cycle = await check(dir(`locals {\n  a = local.b\n  b = "\${local.a}-x"\n}\n${client("portal", "  description = local.a")}`));
    expect([cycle.code, cycle.stderr]).toEqual([2, expect.stringMatching(/main\.tf:\d+: local\.a depends on itself through other locals: Terraform refuses a cycle/)]);
    const chain = await check(dir(`locals {\n  a = local.b\n  b = "Portal"\n}\n${client("portal", "  description = local.a")}`));
    expect(chain.code).not.toBe(2);
  });

  test("among locals nothing uses, too: Terraform evaluates every local", async () => {
    const unused = await check(dir(`locals {\n  c = "\${local.d}-x"\n  d = local.c\n}\n${client("portal", "")}`));
    expect([unused.code, unused.stderr]).toEqual([2, expect.stringMatching(/main\.tf:\d+: local\.c depends on itself through other locals: Terraform refuses a cycle/)]);
  });
});

describe("a provider configuration the root module does not declare, which Terraform refuses", () => {
  test("a resource's provider = auth0.<alias> without that alias is exit 2 at its line; a declared alias is read", async () => {
    const eu = `provider "auth0" {\n  alias  = "eu"\n  domain = "acme-eu.eu.auth0.com"\n}\n`;
    const missing = await check(dir(eu + client("portal", "  provider = auth0.nope")));
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/main\.tf:\d+: auth0_client\.portal: provider = auth0\.nope, and no provider "auth0" block of the module has alias = "nope": Terraform refuses it/)]);
    const declared = await check(dir(eu + client("portal", "  provider = auth0.eu")));
    expect(declared.code).not.toBe(2);
  });
});

describe("a module input given a sensitive value is sensitive inside the module, as in Terraform", () => {
  const sensitiveVariable = (name: string, value: string) => `variable "${name}" {\n  sensitive = true\n  default   = "${value}"\n}\n`;

  test("its value, and what the module computes from it, are shown in no finding", async () => {
    const d = writeFiles({
      "main.tf": `${PROVIDER}
${sensitiveVariable("partner_key", "pk_live_51HfQ2aLk9Zx8Yw7Vt6Us5Rq4Po3Nm2")}module "partner" {
  source = "./partner"
  key    = var.partner_key
}
`,
      "partner/main.tf": `variable "key" {}
resource "auth0_client" "this" {
  name                      = "Partner"
  is_first_party            = false
  third_party_security_mode = "strict"
  callbacks                 = ["https://*.p.example/cb?k=\${lower(var.key)}"]
}
`,
    });
    const r = await check(d, "--format", "json");
    expect(r.stdout).not.toMatch(/pk_live/i);
    expect((JSON.parse(r.stdout) as { findings: Finding[] }).findings.filter((f) => f.ruleId === "TPA109").map((f) => f.message)).toEqual(["callbacks has wildcard (sensitive value)"]);
  });

  test("a module's sensitive output, a variable with a Unicode name, and each.value of a for_each over a sensitive value are shown in no finding", async () => {
    const token = "tok-4f9a2b7c1d";
    const d = writeFiles({
      "main.tf": `${PROVIDER}
${sensitiveVariable("clé", `${token}-u`)}${sensitiveVariable("partner_token", `${token}-e`)}locals {
  partners = { acme = { callback = "https://*.\${var.partner_token}.example/cb" } }
}
module "m" {
  source = "./m"
}
resource "auth0_client" "out" {
  name                      = "Out"
  is_first_party            = false
  third_party_security_mode = "strict"
  callbacks                 = [module.m.cb]
}
resource "auth0_client" "uni" {
  name                      = "Uni"
  is_first_party            = false
  third_party_security_mode = "strict"
  callbacks                 = [upper("https://*.\${var.clé}.example/cb")]
}
resource "auth0_client" "each" {
  for_each                  = local.partners
  name                      = each.key
  is_first_party            = false
  third_party_security_mode = "strict"
  callbacks                 = [each.value.callback]
}
`,
      "m/main.tf": `output "cb" {\n  value     = "https://*.${token}-m.example/cb"\n  sensitive = true\n}\n`,
    });
    for (const format of ["text", "json", "sarif", "markdown"]) {
      const r = await check(d, "--format", format);
      expect(r.code).toBe(1);
      expect(r.stdout.toLowerCase()).not.toContain(token);
    }
    const report = (await checkJson(d)).report;
    expect(report.findings.filter((f) => f.ruleId === "TPA109").map((f) => `${f.address} ${f.message}`)).toEqual([
      'auth0_client.each["acme"] callbacks has wildcard (sensitive value)',
      "auth0_client.out callbacks has wildcard (sensitive value)",
      "auth0_client.uni callbacks has wildcard (sensitive value)",
    ]);
  });

  test("for_each keyed by a sensitive value's texts is exit 2 without the key (Terraform refuses it); a syntax error quotes no string", async () => {
    const keyed = await check(
      dir(`variable "secrets" {\n  sensitive = true\n  default   = { "Key-9f8e7d6c" = "x" }\n}\n${client("p", "").replace('resource "auth0_client" "p" {', 'resource "auth0_client" "p" {\n  for_each = toset(keys(var.secrets))')}`),
    );
    expect([keyed.code, keyed.stderr]).toEqual([2, expect.stringMatching(/main\.tf:\d+: for_each's keys come from a sensitive value/)]);
    expect(keyed.stderr).not.toContain("Key-9f8e7d6c");
    const broken = await check(dir(`variable "k" {\n  sensitive = true\n  default   = "Zq8-Default-1111" x\n}\n`));
    expect([broken.code, broken.stderr]).toEqual([2, expect.stringMatching(/not valid HCL near "default\s+= "\.\.\." x"/)]);
    expect(broken.stderr).not.toContain("Zq8");
  });

  test("a literal value with a secret's shape (a URL with a password or an api_key parameter) is named by its shape in every format, never quoted", async () => {
    const d = dir(`resource "auth0_client" "p" {
  name                      = "Partner"
  is_first_party            = false
  third_party_security_mode = "strict"
  callbacks                 = ["https://partner:Hunter2pw@*.p.example/cb", "https://*.q.example/cb?api_key=AKIAABCDEFGH12345678"]
}
`);
    for (const format of ["text", "json", "sarif", "markdown"]) {
      const r = await check(d, "--format", format);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toMatch(/Hunter2pw|AKIAABCDEFGH/);
    }
    const r = await check(d, "--format", "json");
    expect((JSON.parse(r.stdout) as { findings: Finding[] }).findings.filter((f) => f.ruleId === "TPA109").map((f) => f.message)).toEqual([
      "callbacks has wildcard (a URL with a password, not shown), (a URL with a secret parameter, not shown)",
    ]);
  });
});

describe("comments that only look like suppressions", () => {
  test("on no block, text that is no suppression (the syntax shown) and an expired one (a commented-out resource's) are comments", async () => {
    const d = dir(`
# Suppress a finding with: tpa:ignore <RULE> reason="..." expires=YYYY-MM-DD
#
# tpa:ignore TPA109 reason="the old partner portal, gone" expires=2025-01-01
# resource "auth0_client" "old" {
#   callbacks = ["https://*.old.example/cb"]
# }
${client("portal", '  third_party_security_mode = "strict"')}`);
    const r = await checkJson(d);
    expect([r.code, r.report.findings]).toEqual([0, []]);
  });
});

describe("output and exit codes", () => {
  const main = client("portal", "");

  test("SARIF 2.1.0 located in the .tf file", async () => {
    const d = dir(main);
    const sarif = JSON.parse((await check(d, "--format", "sarif")).stdout);
    expect(sarif).toBeValidSarifLog();
    const [result] = sarif.runs[0].results;
    expect(result.ruleId).toBe("TPA111");
    expect(path.resolve(result.locations[0].physicalLocation.artifactLocation.uri)).toBe(path.join(d, "main.tf"));
    expect(result.locations[0].physicalLocation.region.startLine).toBe(11);
  });

  test("text and markdown name the file and line", async () => {
    const d = dir(main);
    const text = await check(d);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/auth0_client\.portal .*main\.tf:11\n\s+ERROR TPA111/);
    expect((await check(d, "--format", "markdown")).stdout).toMatch(/\| ❌ \| TPA111 \| `auth0_client.portal` \| `[^`]*main\.tf:11` \|/);
  });

  test("bad input is exit 2 with the file and line, never a stack trace", async () => {
    const broken = await check(dir('resource "auth0_client" "x" {\n  name = \n}\n'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/main\.tf:1[0-3]: not valid HCL/);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    expect((await check(path.join(dir(main), "nothing-here"))).stderr).toMatch(/nothing-here: no such file or folder/);
    expect((await check(dir(main), "--format", "xml")).code).toBe(2);
    expect((await check()).code).toBe(2);
  });
});

describe("tpa check --deploy-cli", () => {
  test("two clients or two APIs of one name: exit 2 at the second, as a0deploy import refuses the file (names must be unique)", async () => {
    const yaml = writeFiles({ "tenant.yaml": "clients:\n  - name: Dup\n    is_first_party: true\n  - name: Dup\n    is_first_party: false\nclientGrants:\n  - client_id: Dup\n    audience: https://acme.eu.auth0.com/api/v2/\n    scope: []\n" });
    const r = await check("--deploy-cli", path.join(yaml, "tenant.yaml"));
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/tenant\.yaml:4: a second client named "Dup" \(the first at \S*tenant\.yaml:2\): a0deploy import refuses the file/)]);
    const folder = writeFiles({ "export/resource-servers/a.json": '{"name":"Orders","identifier":"https://a/"}', "export/resource-servers/b.json": '{"name":"Orders","identifier":"https://b/"}' });
    const apis = await check("--deploy-cli", path.join(folder, "export"));
    expect([apis.code, apis.stderr]).toEqual([2, expect.stringMatching(/a second API named "Orders"/)]);
  });

  const TENANT_YAML = `tenant:
  friendly_name: Acme ##ENVIRONMENT##
clients:
  - name: Partner Portal
    app_type: regular_web
    is_first_party: false
    third_party_security_mode: strict
    callbacks: @@PORTAL_CALLBACKS@@
  - name: Legacy Reporting
    app_type: regular_web
    is_first_party: false
    callbacks:
      - https://legacy.##PARTNER_DOMAIN##/callback
clientGrants:
  - client_id: Legacy Reporting
    audience: https://login.acme.test/api/v2/
    scope:
      - read:users
`;
  const CONFIG = JSON.stringify({
    AUTH0_DOMAIN: "login.acme.test",
    AUTH0_KEYWORD_REPLACE_MAPPINGS: { ENVIRONMENT: "prod", PORTAL_CALLBACKS: ["https://portal.example.com/*"], PARTNER_DOMAIN: "partner.example.com" },
  });

  test("a quoted marker ('@@KEY@@' or \"@@KEY@@\", as deploy-cli writes them with AUTH0_PRESERVE_KEYWORDS) becomes the mapping's list", async () => {
    for (const marker of ["'@@PORTAL_GRANTS@@'", '"@@PORTAL_GRANTS@@"', "@@PORTAL_GRANTS@@"]) {
      const tenant = `clients:\n  - name: Partner Portal\n    app_type: regular_web\n    is_first_party: false\n    third_party_security_mode: strict\n    grant_types: ${marker}\n`;
      const config = JSON.stringify({ AUTH0_DOMAIN: "login.acme.test", AUTH0_KEYWORD_REPLACE_MAPPINGS: { PORTAL_GRANTS: ["authorization_code", "implicit"] } });
      const d = writeFiles({ "tenant.yaml": tenant, "config.json": config });
      const list = await findings("--deploy-cli", path.join(d, "tenant.yaml"), "--config", path.join(d, "config.json"));
      expect(list.filter((f) => f.ruleId === "TPA101").map((f) => f.message)).toEqual([expect.stringMatching(/^grant type implicit not allowed/)]);
    }
  });

  test("checks tenant.yaml after the keyword replacement of its config file, each finding at its line", async () => {
    const d = writeFiles({ "tenant.yaml": TENANT_YAML, "config.json": CONFIG });
    const list = await findings("--deploy-cli", path.join(d, "tenant.yaml"), "--config", path.join(d, "config.json"));
    expect(list.filter((f) => !f.suppressed).map((f) => [f.ruleId, f.address, f.location?.line]).sort()).toEqual([
      ["TPA109", "auth0_client.partner-portal", 4],
      ["TPA111", "auth0_client.legacy-reporting", 9],
      ["TPA203", expect.stringMatching(/^auth0_client_grant\./), 15],
    ]);
  });

  test("a keyword without a mapping is a value only known at import: warnings, never a pass", async () => {
    const d = writeFiles({ "tenant.yaml": TENANT_YAML.replace("third_party_security_mode: strict", "third_party_security_mode: ##MODE##") });
    const portal = (await findings("--deploy-cli", path.join(d, "tenant.yaml"))).filter((f) => f.address === "auth0_client.partner-portal");
    expect(portal.map((f) => f.ruleId)).toContain("TPA111");
    for (const f of portal) expect(f).toMatchObject({ severity: "warning", attribute: "third_party_security_mode", message: expect.stringMatching(/^cannot check/) });
  });

  test("an unmapped @@KEY@@ where a list belongs, and ##KEY## inside a URL, are unknown values of the rules that read them", async () => {
    const d = writeFiles({ "tenant.yaml": TENANT_YAML });
    const list = await findings("--deploy-cli", path.join(d, "tenant.yaml"));
    const at = (address: string) => list.filter((f) => f.address === address).map((f) => [f.ruleId, f.severity, f.attribute]);
    expect(at("auth0_client.partner-portal")).toEqual([["TPA109", "warning", "callbacks"]]);
    expect(at("auth0_client.legacy-reporting")).toEqual(expect.arrayContaining([["TPA111", "error", "third_party_security_mode"], ["TPA109", "warning", "callbacks"]]));
    expect(at("auth0_client.legacy-reporting").filter(([, severity]) => severity === "error")).toEqual([["TPA111", "error", "third_party_security_mode"]]);
  });

  test("a value of the wrong shape after the replacement is exit 2 with the file, line and key", async () => {
    const d = writeFiles({ "tenant.yaml": TENANT_YAML, "config.json": JSON.stringify({ AUTH0_KEYWORD_REPLACE_MAPPINGS: { PORTAL_CALLBACKS: "https://portal.example.com/cb" } }) });
    const r = await check("--deploy-cli", path.join(d, "tenant.yaml"), "--config", path.join(d, "config.json"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tenant\.yaml:4: clients\[0\]\.callbacks is not a list of strings/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const folder = writeFiles({ "export/clients/Portal.json": JSON.stringify({ name: "Portal", is_first_party: false, callbacks: "https://portal.example.com/cb" }) });
    const inFolder = await check("--deploy-cli", path.join(folder, "export"));
    // a directory export's client at its file
    expect([inFolder.code, inFolder.stderr]).toEqual([2, expect.stringMatching(/export\/clients\/Portal\.json:1: clients\[0\]\.callbacks is not a list of strings/)]);
    const clientsFile = writeFiles({ "export/tenant.json": "{}", "export/clients": "x" });
    const notAFolder = await check("--deploy-cli", path.join(clientsFile, "export"));
    expect([notAFolder.code, notAFolder.stderr]).toEqual([2, expect.stringMatching(/export\/clients: is not a folder/)]);
  });

  test("a mode that is not one of Auth0's two (in lower case) is exit 2 at its client's line, not a permissive client", async () => {
    const d = writeFiles({ "tenant.yaml": "clients:\n  - name: Portal\n    is_first_party: false\n    third_party_security_mode: Strict\n" });
    const r = await check("--deploy-cli", path.join(d, "tenant.yaml"));
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/tenant\.yaml:2: clients\[0\]\.third_party_security_mode is neither strict nor permissive/)]);
  });

  test("so is a DCR mode that is neither, at its line (after a keyword's replacement too); a keyword without a mapping stays unknown", async () => {
    const yaml = "tenant:\n  friendly_name: Acme\n  dynamic_client_registration_security_mode: ##DCR_MODE##\nclients: []\n";
    const d = writeFiles({ "tenant.yaml": yaml, "config.json": JSON.stringify({ AUTH0_KEYWORD_REPLACE_MAPPINGS: { DCR_MODE: "Strict" } }) });
    const r = await check("--deploy-cli", path.join(d, "tenant.yaml"), "--config", path.join(d, "config.json"));
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/tenant\.yaml:3: tenant\.dynamic_client_registration_security_mode is neither strict nor permissive/)]);
    const unmapped = await checkJson("--deploy-cli", path.join(d, "tenant.yaml"));
    expect(unmapped.code).toBe(0);
    expect(unmapped.report.findings.map((f) => [f.ruleId, f.severity, f.address, f.attribute])).toEqual(
      expect.arrayContaining([["TPA301", "warning", "auth0_tenant.tenant", "dynamic_client_registration_security_mode"]]),
    );
  });

  test("a keyword without a mapping in a rule's or hook's flag, a deprecated name or the JAR settings is a value known only at import", async () => {
    const strict = (name: string, extra: string) =>
      `  - name: ${name}\n    app_type: regular_web\n    is_first_party: false\n    third_party_security_mode: strict\n    grant_types: [authorization_code]\n${extra}`;
    const yaml = `clients:
${strict("A", '    oidc_backchannel_logout: "@@BCL@@"\n')}${strict("B", '    signed_request_object: "@@JAR@@"\n')}${strict("C", '    signed_request_object:\n      required: "@@REQ@@"\n')}${strict("D", '    oidc_logout:\n      backchannel_logout_urls: "@@URLS@@"\n')}${strict("E", '    cross_origin_auth: "@@X@@"\n    cross_origin_authentication: false\n')}rules:
  - name: legacy
    enabled: "@@RULES_ON@@"
    order: 1
hooks:
  - name: cc
    enabled: '##HOOK_ON##'
    triggerId: credentials-exchange
`;
    const r = await checkJson("--deploy-cli", path.join(writeFiles({ "tenant.yaml": yaml }), "tenant.yaml"));
    expect(r.code).toBe(0);
    expect(r.report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.address} ${f.attribute}`).sort()).toEqual([
      "TPA106 warning auth0_client.a oidc_logout",
      "TPA106 warning auth0_client.d oidc_logout",
      "TPA106 warning auth0_client_credentials.b_credentials signed_request_object",
      "TPA106 warning auth0_client_credentials.c_credentials signed_request_object",
      "TPA303 warning auth0_rule.legacy enabled",
      "TPA304 warning auth0_hook.cc enabled",
    ]);
  });

  test("findings on the tenant, an API and a rule carry their line in tenant.yaml, or their file in a directory export", async () => {
    const yaml = `tenant:
  friendly_name: Acme
  flags:
    enable_dynamic_client_registration: true
  dynamic_client_registration_security_mode: strict
rules:
  - name: legacy
    enabled: true
    order: 1
resourceServers:
  - name: Orders
    identifier: https://api.acme.test/orders
    subject_type_authorization:
      user:
        policy: allow_all
clients:
  - name: Legacy
    app_type: regular_web
    is_first_party: false
    third_party_security_mode: permissive
`;
    const located = async (...args: string[]) =>
      (await checkJson(...args)).report.findings.filter((f) => ["TPA301", "TPA303", "TPA122"].includes(f.ruleId)).map((f) => `${f.ruleId} ${f.location?.file}:${f.location?.line}`).sort();
    const d = writeFiles({ "tenant.yaml": yaml });
    expect(await located("--deploy-cli", path.join(d, "tenant.yaml"), "--permissive-eligible")).toEqual([
      expect.stringMatching(/^TPA122 .*tenant\.yaml:11$/),
      expect.stringMatching(/^TPA301 .*tenant\.yaml:1$/),
      expect.stringMatching(/^TPA303 .*tenant\.yaml:7$/),
    ]);
    const folder = writeFiles({
      "export/tenant.json": JSON.stringify({ flags: { enable_dynamic_client_registration: true }, dynamic_client_registration_security_mode: "strict" }),
      "export/rules/legacy.json": JSON.stringify({ name: "legacy", enabled: true, order: 1 }),
    });
    expect(await located("--deploy-cli", path.join(folder, "export"))).toEqual([
      expect.stringMatching(/^TPA301 .*export\/tenant\.json:1$/),
      expect.stringMatching(/^TPA303 .*export\/rules\/legacy\.json:1$/),
    ]);
  });

  test("what deploy-cli's config keeps a0deploy import from applying is not reported, and stays the context of what it applies", async () => {
    const yaml = `clients:
  - name: Partner App
    app_type: regular_web
    is_first_party: false
    third_party_security_mode: strict
    grant_types: [implicit]
  - name: Other Partner
    app_type: regular_web
    is_first_party: false
    third_party_security_mode: strict
    grant_types: [password]
  - name: Internal
    app_type: regular_web
    is_first_party: true
clientGrants:
  - client_id: Partner App
    audience: https://acme-prod.eu.auth0.com/api/v2/
    scope: [read:users]
  - client_id: Internal
    audience: https://api.acme.test/orders
    scope: [read:orders, cancel:orders]
resourceServers:
  - name: Orders
    identifier: https://api.acme.test/orders
    scopes:
      - value: read:orders
`;
    const errorsWith = async (config: Record<string, unknown>) => {
      const d = writeFiles({ "tenant.yaml": yaml, "config.json": JSON.stringify(config) });
      const r = await checkJson("--deploy-cli", path.join(d, "tenant.yaml"), "--config", path.join(d, "config.json"));
      return r.report.findings.filter((f) => f.severity === "error").map((f) => `${f.ruleId} ${f.address}`).sort();
    };
    const grantToOrders = "TPA202 auth0_client_grant.grant-internal-https-api-acme-test-orders-client";
    expect(await errorsWith({})).toEqual([
      "TPA101 auth0_client.other-partner",
      "TPA101 auth0_client.partner-app",
      grantToOrders,
      "TPA203 auth0_client_grant.grant-partner-app-https-acme-prod-eu-auth0-com-api-v2-cl",
    ]);
    // the API is left alone, not gone: the grant, which is applied, is still checked against it
    expect(await errorsWith({ AUTH0_EXCLUDED_RESOURCE_SERVERS: ["Orders"] })).toContain(grantToOrders);
    // the client is left alone, not gone: its grant to the Management API is still a third-party app's
    expect(await errorsWith({ AUTH0_EXCLUDED: ["clients"] })).toEqual([grantToOrders, "TPA203 auth0_client_grant.grant-partner-app-https-acme-prod-eu-auth0-com-api-v2-cl"]);
    // a client excluded by name that the file does not hold: its grants are left alone too
    expect(await errorsWith({ AUTH0_EXCLUDED: ["clients"], AUTH0_EXCLUDED_CLIENTS: ["Internal", "Partner App"] })).toEqual([]);
    // the client and its grant
    expect(await errorsWith({ AUTH0_EXCLUDED_CLIENTS: ["Partner App"] })).toEqual(["TPA101 auth0_client.other-partner", grantToOrders]);
    expect(await errorsWith({ AUTH0_EXCLUDED: ["clients", "clientGrants"] })).toEqual([]);
    expect(await errorsWith({ AUTH0_INCLUDED_ONLY: ["tenant"] })).toEqual([]);
    // first-party clients and their grants stay
    expect(await errorsWith({ AUTH0_EXCLUDE_THIRD_PARTY_CLIENTS: "true" })).toEqual([grantToOrders]);
    // settings given as JSON text, as deploy-cli decodes them (environment variables give them so)
    expect(await errorsWith({ AUTH0_EXCLUDED_CLIENTS: '["Partner App"]' })).toEqual(["TPA101 auth0_client.other-partner", grantToOrders]);
    expect(await errorsWith({ AUTH0_INCLUDED_ONLY: '["tenant"]' })).toEqual([]);
    for (const [config, message] of [
      [JSON.stringify({ AUTH0_EXCLUDED_CLIENTS: "Partner App" }), /config\.json: AUTH0_EXCLUDED_CLIENTS must be a list of names/],
      [JSON.stringify({ AUTH0_INCLUDED_ONLY: [] }), /config\.json: AUTH0_INCLUDED_ONLY names no resource type/],
      [JSON.stringify({ AUTH0_INCLUDED_ONLY: ["tenant"], AUTH0_EXCLUDED: ["rules"] }), /config\.json: AUTH0_EXCLUDED and AUTH0_INCLUDED_ONLY are both given/],
      ["null", /config\.json: a deploy-cli config file is a JSON object of settings/],
    ] as const) {
      const d = writeFiles({ "tenant.yaml": yaml, "config.json": config });
      const bad = await check("--deploy-cli", path.join(d, "tenant.yaml"), "--config", path.join(d, "config.json"));
      expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(message)]);
    }
  });

  test("Rules deploy-cli leaves alone by name (AUTH0_EXCLUDED_RULES) are context: their findings are not reported", async () => {
    const yaml = `rules:
  - name: Legacy Enrich
    script: ./rules/legacy-enrich.js
    enabled: true
    order: 1
  - name: Add Roles
    script: ./rules/add-roles.js
    enabled: true
    order: 2
`;
    const rulesFound = async (config: Record<string, unknown>) => {
      const d = writeFiles({ "tenant.yaml": yaml, "config.json": JSON.stringify(config) });
      const r = await checkJson("--deploy-cli", path.join(d, "tenant.yaml"), "--config", path.join(d, "config.json"));
      return r.report.findings.filter((f) => f.ruleId === "TPA303").map((f) => f.address).sort();
    };
    expect(await rulesFound({})).toEqual(["auth0_rule.add-roles", "auth0_rule.legacy-enrich"]);
    expect(await rulesFound({ AUTH0_EXCLUDED_RULES: ["Legacy Enrich"] })).toEqual(["auth0_rule.add-roles"]);
    expect(await rulesFound({ AUTH0_EXCLUDED_RULES: ["Legacy Enrich", "Add Roles"] })).toEqual([]);
    const d = writeFiles({ "tenant.yaml": yaml, "config.json": JSON.stringify({ AUTH0_EXCLUDED_RULES: "Legacy Enrich" }) });
    const bad = await check("--deploy-cli", path.join(d, "tenant.yaml"), "--config", path.join(d, "config.json"));
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/config\.json: AUTH0_EXCLUDED_RULES must be a list of names/)]);
  });

  test("a keyword without a mapping inside a quoted string is text, as deploy-cli sends it: the file parses (YAML and a directory's JSON)", async () => {
    const client = { name: "Partner", description: "Partner app, @@ENV@@, managed by ##TEAM##, paged", is_first_party: false, third_party_security_mode: "strict", grant_types: ["password"] };
    const d = writeFiles({
      "tenant.yaml": `clients:\n  - name: Partner's App\n    description: "Owner: ##TEAM##, paged on incidents"\n    notes: 'it''s ##TEAM##, [really]'\n    is_first_party: false\n    third_party_security_mode: strict\n    grant_types: [password]\n`,
      "export/clients/Partner.json": JSON.stringify(client, null, 2),
    });
    for (const input of [path.join(d, "tenant.yaml"), path.join(d, "export")]) {
      const r = await checkJson("--deploy-cli", input);
      expect(r.report.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["TPA101 error"]);
    }
  });

  test("a YAML tag deploy-cli's reader does not know (!vault) is exit 2 at its line, as deploy-cli's import fails on it", async () => {
    const d = writeFiles({ "tenant.yaml": "clients:\n  - name: Partner\n    is_first_party: false\n    third_party_security_mode: strict\n    grant_types: !vault [password]\n" });
    const r = await check("--deploy-cli", path.join(d, "tenant.yaml"));
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/tenant\.yaml:5: Unresolved tag: !vault.*deploy-cli's YAML reader refuses a tag it does not know/)]);
  });

  test("default grants name no client: deploy-cli's client exclusions never leave them alone", async () => {
    const yaml = `clients:
  - name: Partner
    app_type: regular_web
    is_first_party: false
    third_party_security_mode: strict
clientGrants:
  - audience: https://api.acme.test/orders
    scope: [read:orders]
    subject_type: user
    default_for: third_party_clients
  - audience: https://api.acme.test/orders
    scope: [read:orders]
    subject_type: user
    default_for: third_party_clients
resourceServers:
  - name: Orders
    identifier: https://api.acme.test/orders
    scopes:
      - value: read:orders
`;
    const d = writeFiles({ "tenant.yaml": yaml, "config.json": JSON.stringify({ AUTH0_EXCLUDE_THIRD_PARTY_CLIENTS: true, AUTH0_EXCLUDED_CLIENTS: ["Partner"] }) });
    const r = await checkJson("--deploy-cli", path.join(d, "tenant.yaml"), "--config", path.join(d, "config.json"));
    expect(r.report.findings.filter((f) => f.ruleId === "TPA204").length).toBeGreaterThan(0);
  });

  test("a keyword without a mapping inside a mode (##ENV##-strict) is unknown here, not a mode Auth0 does not have; a directory export names tenant.json", async () => {
    const yaml = 'tenant:\n  dynamic_client_registration_security_mode: "##ENV##-strict"\nclients:\n  - name: Portal\n    is_first_party: false\n    third_party_security_mode: "##MODE##x"\n';
    const d = writeFiles({ "tenant.yaml": yaml });
    const r = await checkJson("--deploy-cli", path.join(d, "tenant.yaml"));
    expect(r.code).toBe(0);
    const unknown = r.report.findings.filter((f) => /keyword without a mapping/.test(f.message)).map((f) => `${f.address} ${f.attribute}`);
    expect(new Set(unknown)).toEqual(new Set(["auth0_client.portal third_party_security_mode", "auth0_tenant.tenant dynamic_client_registration_security_mode"]));
    const folder = writeFiles({ "export/tenant.json": '{\n  "friendly_name": "Acme",\n  "dynamic_client_registration_security_mode": "Strict"\n}\n' });
    const inFolder = await check("--deploy-cli", path.join(folder, "export"));
    expect([inFolder.code, inFolder.stderr]).toEqual([2, expect.stringMatching(/export\/tenant\.json:3: tenant\.dynamic_client_registration_security_mode is neither strict nor permissive/)]);
  });

  test("a directory export reads the same", async () => {
    const d = writeFiles({
      "export/clients/Partner Portal.json": JSON.stringify({ name: "Partner Portal", app_type: "regular_web", is_first_party: false, third_party_security_mode: "strict", callbacks: "@@PORTAL_CALLBACKS@@" }).replace('"@@PORTAL_CALLBACKS@@"', "@@PORTAL_CALLBACKS@@"),
      "config.json": CONFIG,
    });
    const list = await findings("--deploy-cli", path.join(d, "export"), "--config", path.join(d, "config.json"));
    expect(list.map((f) => [f.ruleId, f.address, f.location && path.basename(f.location.file)])).toEqual([["TPA109", "auth0_client.partner-portal", "Partner Portal.json"]]);
  });

  test("bad input is exit 2", async () => {
    const d = writeFiles({ "tenant.yaml": "clients: [\n", "config.json": "{" });
    expect((await check("--deploy-cli", path.join(d, "tenant.yaml"))).stderr).toMatch(/tenant\.yaml:\d+: not valid YAML/);
    expect((await check("--deploy-cli", path.join(d, "tenant.yaml"), "--config", path.join(d, "config.json"))).stderr).toMatch(/config\.json:1:\d+: not valid JSON: .*\(a deploy-cli config file is JSON\)/);
    expect((await check("--deploy-cli", path.join(d, "nothing"))).code).toBe(2);
  });
});

describe("plan files that are not plans", () => {
  test.each([
    ["not JSON", "{", /x\.json:1:2: not valid JSON: the text ends before the JSON does/],
    ["not a plan", '{"resources": []}', /x\.json: not a plan in Terraform's JSON format 1\.x/],
    ["a plan of another shape", '{"format_version": "1.2", "planned_values": {"root_module": {"resources": {"a": 1}}}}', /x\.json: planned_values\.root_module\.resources is not as `terraform show -json` writes it/],
    ["resources without addresses", '{"format_version": "1.2", "resource_changes": [{"type": "auth0_client"}]}', /x\.json: resource_changes is not as/],
  ])("%s: exit 2 with the file named", async (_name, text, message) => {
    const d = writeFiles({ "x.json": text });
    const r = await check("--plan", path.join(d, "x.json"));
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
  });

  test("a folder without configuration files is bad input that says so", async () => {
    const r = await check(writeFiles({ "notes.txt": "{}" }));
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/no \.tf or \.tf\.json files here/)]);
  });
});

describe("TF_VAR_ environment variables, Terraform's lowest-precedence source", () => {
  const withMode = `
variable "mode" {
  type = string
}
variable "grants" {
  type = list(string)
}
${client("portal", "  third_party_security_mode = var.mode\n  grant_types = var.grants")}`;

  async function withEnvironment<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
    const before = { ...process.env };
    Object.assign(process.env, vars);
    try {
      return await fn();
    } finally {
      for (const k of Object.keys(vars)) if (!(k in before)) delete process.env[k];
      Object.assign(process.env, before);
    }
  }

  test("a bad value names where the value came from and never quotes it: it may be a sensitive variable's", async () => {
    const main = `
variable "keys" {
  type      = list(string)
  sensitive = true
}
${client("portal", "  allowed_origins = var.keys")}`;
    const fromEnvironment = await withEnvironment({ TF_VAR_keys: '["https://p.example.com/cb", 0xC0FFEE]' }, () => check(dir(main)));
    expect([fromEnvironment.code, fromEnvironment.stderr]).toEqual([2, expect.stringMatching(/^tpa check: TF_VAR_keys: a hexadecimal number/)]);
    const fromFile = await check(dir(main, { "secret.auto.tfvars": 'keys = ["https://p.example.com/cb", 0xC0FFEE]\n' }));
    expect([fromFile.code, fromFile.stderr]).toEqual([2, expect.stringMatching(/secret\.auto\.tfvars:1: a hexadecimal number/)]);
    expect(`${fromEnvironment.stderr}${fromFile.stderr}`).not.toMatch(/C0FFEE/i);
  });

  test("a TF_VAR_ value is used like -var (a string as text, a list parsed as HCL)", async () => {
    const d = dir(withMode);
    const list = await withEnvironment({ TF_VAR_mode: "strict", TF_VAR_grants: '["authorization_code", "implicit"]' }, () => findings(d));
    expect(ids(list)).toEqual(["TPA101 error auth0_client.portal"]);
  });

  test("terraform.tfvars and --var win over TF_VAR_, as in Terraform", async () => {
    const d = dir(withMode, { "terraform.tfvars": 'grants = ["authorization_code"]\n' });
    const env = { TF_VAR_mode: "strict", TF_VAR_grants: '["implicit"]' };
    expect(ids(await withEnvironment(env, () => findings(d)))).toEqual([]);
    const overridden = await withEnvironment(env, () => findings(d, "--var", 'grants=["password"]'));
    expect(ids(overridden)).toEqual(["TPA101 error auth0_client.portal"]);
  });
});

describe("variables' type constraints, as Terraform converts values to them", () => {
  const partner = (mode: string, grants = "var.grants") => `
${client("partner", `  third_party_security_mode = ${mode}\n  grant_types = ${grants}`)}`;

  test("a set is its distinct elements, strings sorted as Terraform sorts them", async () => {
    const d = dir(`
variable "grants" {
  type    = set(string)
  default = ["password", "implicit", "password", "authorization_code"]
}
variable "mode" {
  type    = string
  default = "strict"
}
${partner("var.mode")}`);
    const [finding] = (await findings(d)).filter((f) => f.ruleId === "TPA101");
    expect(finding.message).toMatch(/^grant types implicit, password not allowed/);
  });

  test("a .tfvars string given for a bool is the bool (a condition on it decides)", async () => {
    const d = dir(`
variable "strict" {
  type = bool
}
${partner('var.strict ? "strict" : "permissive"', '["implicit"]')}`, { "terraform.tfvars": 'strict = "true"\n' });
    const list = await findings(d);
    expect(ids(list)).toContain("TPA101 error auth0_client.partner");
    expect(list.filter((f) => f.severity === "warning")).toEqual([]);
    expect(ids(await findings(d, "--var", "strict=false"))).not.toContain("TPA101 error auth0_client.partner");
  });

  test("a .tf.json variable's type expression is read; text that is no type expression reads as any and injects nothing", async () => {
    const d = writeFiles({
      "main.tf": PROVIDER + partner("var.partner.mode", "var.partner.grant_types"),
      "variables.tf.json": JSON.stringify({
        variable: {
          partner: { type: 'object({ mode = optional(string, "strict"), grant_types = optional(list(string), ["implicit"]) })', default: {} },
          grants: { type: 'string }\nresource "auth0_client" "injected" {', default: "x" },
        },
      }),
    });
    const list = await findings(d);
    expect(ids(list)).toContain("TPA101 error auth0_client.partner");
    expect(list.filter((f) => f.severity === "warning" && f.address === "auth0_client.partner")).toEqual([]);
    expect(list.some((f) => f.address === "auth0_client.injected")).toBe(false);
  });
});

describe("attributes' types in the provider schema, as Terraform converts configured values to them", () => {
  const strictA = (attributes: string) => `
variable "cross_origin" {}
resource "auth0_client" "a" {
  name                      = "A"
  is_first_party            = false
  third_party_security_mode = "strict"
  app_type                  = "regular_web"
${attributes}
}`;
  const refreshToken = (infinite: string) => `  refresh_token {
    expiration_type              = "expiring"
    rotation_type                = "rotating"
    infinite_idle_token_lifetime = ${infinite}
  }`;
  const partner = (firstParty: string) => `
resource "auth0_client" "partner" {
  name           = "Partner"
  is_first_party = ${firstParty}
  grant_types    = ["password"]
}`;

  test('"0", "false", "1" and "true" given to a bool attribute are the bools, literal or from an untyped variable', async () => {
    const asText = dir(strictA(`  oidc_conformant   = "false"\n  cross_origin_auth = var.cross_origin\n${refreshToken('"1"')}`) + partner('"0"'));
    const asBools = dir(strictA(`  oidc_conformant   = false\n  cross_origin_auth = true\n${refreshToken("true")}`) + partner("false"));
    const found = ids(await findings(asText, "--var", "cross_origin=true"));
    expect(found).toEqual(ids(await findings(asBools, "--var", "cross_origin=true")));
    expect(found).toEqual(expect.arrayContaining(["TPA101 error auth0_client.partner", "TPA105 error auth0_client.a", "TPA108 error auth0_client.a"]));
  });

  test('a custom login page switched off with "false" is off: no Classic Login finding', async () => {
    const list = await findings(dir(strictA('  custom_login_page_on = "false"\n  custom_login_page    = "<html></html>"')), "--var", "cross_origin=false");
    expect(list.filter((f) => f.ruleId === "TPA104")).toEqual([]);
  });
});

describe("try() and can()", () => {
  test("try() gives its first argument Terraform can evaluate; can() says whether it can", async () => {
    const d = dir(`
locals {
  partners = {
    a = { name = "A" }
    b = { name = "B", grant_types = ["implicit"], legacy = true }
  }
}
resource "auth0_client" "p" {
  for_each                  = local.partners
  name                      = each.value.name
  app_type                  = "regular_web"
  is_first_party            = false
  third_party_security_mode = can(each.value.legacy) ? "permissive" : "strict"
  grant_types               = try(each.value.grant_types, local.partners.c.grant_types, ["password"])
}`);
    const list = await findings(d);
    // a: strict, with the last fallback (password); b: permissive, so its implicit grant is no strict error
    expect(ids(list).filter((id) => id.startsWith("TPA101"))).toEqual(['TPA101 error auth0_client.p["a"]']);
    expect(list.filter((f) => f.severity === "warning" && f.address?.startsWith("auth0_client.p"))).toEqual([]);
  });

  test("an argument only known later makes try() and can() unknown: warnings, never a pass", async () => {
    const d = dir(`
variable "mode" {
  type = string
}
${client("portal", '  third_party_security_mode = try(var.mode, "strict")\n  grant_types = can(var.mode) ? ["implicit"] : ["authorization_code"]')}`);
    const list = await findings(d);
    expect(ids(list)).toEqual(expect.arrayContaining(["TPA101 warning auth0_client.portal", "TPA111 warning auth0_client.portal"]));
    expect(list.filter((f) => f.severity === "error")).toEqual([]);
  });
});

describe("conditionals", () => {
  test("a chain a ? x : b ? y : z is read as Terraform reads it, a ? x : (b ? y : z); parentheses group as written", async () => {
    const strict = (name: string, firstParty: string) => `
resource "auth0_client" "${name}" {
  name                      = "${name}"
  app_type                  = "regular_web"
  is_first_party            = ${firstParty}
  third_party_security_mode = "strict"
  grant_types               = ["implicit"]
}`;
    const d = dir(`
variable "audience" {
  default = "partner"
}
${strict("first", 'var.audience == "partner" ? false : var.audience == "reseller" ? false : true')}
${strict("second", 'var.audience == "staff" ? true : var.audience == "partner" ? false : true')}
${strict("last", 'var.audience == "staff" ? true : var.audience == "admin" ? true : false')}
${strict("grouped", '(var.audience == "partner" ? true : false) ? true : false')}
${strict("inside", 'var.audience == "staff" ? true : (var.audience == "partner" ? false : true)')}`);
    const list = await findings(d);
    expect(ids(list).filter((id) => id.startsWith("TPA101")).sort()).toEqual([
      "TPA101 error auth0_client.first",
      "TPA101 error auth0_client.inside",
      "TPA101 error auth0_client.last",
      "TPA101 error auth0_client.second",
    ]);
    expect(list.filter((f) => f.severity === "warning")).toEqual([]);
  });
});

describe("references whose instance is not static", () => {
  test("x[each.key].client_id over an unknown for_each, or x[var.unset], is only known at apply: a warning, never a client outside the stack", async () => {
    const partners = (key: string, forEach: string) => `
variable "partners" {
  type = set(string)
}
variable "app" {
  type = string
}
resource "auth0_client" "partner" {
  for_each                  = ${forEach}
  name                      = "partner-\${each.key}"
  app_type                  = "non_interactive"
  is_first_party            = false
  third_party_security_mode = "strict"
  grant_types               = ["client_credentials"]
}
resource "auth0_client_grant" "mgmt" {
  client_id = auth0_client.partner[${key}].client_id
  audience  = "https://acme-prod.eu.auth0.com/api/v2/"
  scopes    = ["read:users"]
}`;
    for (const d of [dir(partners("var.app", "var.partners")), dir(partners("var.app", 'toset(["a"])'))]) {
      const list = await findings(d);
      expect(ids(list)).toContain("TPA203 warning auth0_client_grant.mgmt");
    }
    expect(ids(await findings(dir(partners("var.app", 'toset(["a"])')), "--var", "app=a"))).toContain("TPA203 error auth0_client_grant.mgmt");
  });
});

describe("module instances", () => {
  const partnerModule = {
    "modules/partner/main.tf": `terraform {
  required_providers {
    auth0 = { source = "auth0/auth0" }
  }
}
variable "name" {
  type = string
}
variable "callback" {
  type = string
}
resource "auth0_client" "this" {
  name           = var.name
  app_type       = "regular_web"
  is_first_party = false
  callbacks      = [var.callback]
}
`,
  };
  const partners = `
locals {
  partners = { acme = "https://*.acme.example.com/cb", globex = "https://*.globex.example.com/cb" }
}
module "partner" {
  source   = "./modules/partner"
  for_each = local.partners
  name     = each.key
  callback = each.value
}`;

  test("an import block with for_each adopts the module instances its `to` names through each.key", async () => {
    const d = dir(`${partners}
import {
  for_each = { acme = "tpc_acme" }
  to       = module.partner[each.key].auth0_client.this
  id       = each.value
}`, partnerModule);
    const list = await findings(d);
    // acme is adopted (it keeps the tenant's mode: cannot check); globex is created without a mode
    expect(list.find((f) => f.ruleId === "TPA111" && f.address === 'module.partner["acme"].auth0_client.this')?.severity).toBe("warning");
    expect(ids(list).filter((id) => id.startsWith("TPA111 error"))).toEqual(['TPA111 error module.partner["globex"].auth0_client.this']);
  });

  test("a tpa.yaml suppression of one module instance's resource suppresses that instance only", async () => {
    const d = dir(partners, {
      ...partnerModule,
      "tpa.yaml": `suppressions:
  - rule: TPA109
    target: module.partner["acme"].auth0_client.this
    reason: the wildcard is on the partner's own domain
    expires: 2099-01-31
`,
    });
    const list = (await findings(d)).filter((f) => f.ruleId === "TPA109" || f.ruleId === "TPA002");
    expect(list.map((f) => `${f.ruleId} ${f.address} ${f.suppressed ? "suppressed" : "open"}`).sort()).toEqual([
      'TPA109 module.partner["acme"].auth0_client.this suppressed',
      'TPA109 module.partner["globex"].auth0_client.this open',
    ]);
  });
});

describe("functions", () => {
  test("a function's null result is a value: coalesce(lookup(m, k, null), default) is the default", async () => {
    const d = dir(`
variable "overrides" {
  type    = map(string)
  default = {}
}
resource "auth0_client" "partner" {
  name                      = "partner"
  app_type                  = coalesce(lookup(var.overrides, "app_type", null), "regular_web")
  is_first_party            = false
  third_party_security_mode = "strict"
  grant_types               = ["client_credentials"]
}`);
    expect(ids(await findings(d))).toEqual([]);
  });

  test("yamldecode reads YAML as Terraform does (1.1 scalars: no, yes, on, off are booleans; 0x10 a number; a date text)", async () => {
    const d = dir(
      `
locals {
  apps = yamldecode(file("\${path.module}/apps.yaml"))
}
resource "auth0_client" "app" {
  for_each                  = local.apps
  name                      = each.key
  description               = each.value.since
  is_first_party            = each.value.first_party
  third_party_security_mode = "strict"
  app_type                  = "regular_web"
  grant_types               = each.value.grants
  cross_origin_auth         = try(each.value.cross_origin, false)
  jwt_configuration {
    lifetime_in_seconds = each.value.lifetime
  }
}`,
      {
        "apps.yaml": "partner:\n  first_party: no\n  grants: [authorization_code, password]\n  since: 2024-05-01\n  lifetime: 0x10\nportal:\n  first_party: off\n  grants: [authorization_code]\n  cross_origin: yes\n  since: 2025-01-01\n  lifetime: 36000\n",
      },
    );
    const list = await findings(d);
    expect(ids(list).sort()).toEqual(['TPA101 error auth0_client.app["partner"]', 'TPA105 error auth0_client.app["portal"]']);
  });
});

describe("syntax errors", () => {
  test("the bad line is quoted, unless it may hold a secret", async () => {
    const secret = "q8Zr7tLm3NvXw2Yp9Kj";
    const withSecret = await check(dir(`resource "auth0_client_credentials" "x" {\n  client_id     = "abc"\n  client_secret = "${secret}\${HsD4fGh6JkLmN0pQrStUvWx"\n}\n`));
    expect(withSecret.code).toBe(2);
    expect(withSecret.stderr).toMatch(/main\.tf:\d+: not valid HCL: a quoted string opened on this line is not closed on it/);
    expect(withSecret.stderr).not.toContain(secret);
    const secretKey = await check(dir(`resource "auth0_client_credentials" "x" {\n  client_secret = "${secret}" @\n}\n`));
    expect([secretKey.code, secretKey.stderr]).toEqual([2, expect.stringMatching(/main\.tf:\d+: not valid HCL: fix the syntax/)]);
    expect(secretKey.stderr).not.toContain(secret);
    const plain = await check(dir(`resource "auth0_client" "x" {\n  name = "a" @\n}\n`));
    expect(plain.stderr).toMatch(/not valid HCL near "name = "\.\.\." @"/);
  });

  test("an unclosed string, block, heredoc or comment is named at the line it opens on, as Terraform names it", async () => {
    for (const [body, line, problem] of [
      ['resource "auth0_client" "a" {\n  name = "A\n}\n\nresource "auth0_client" "b" {\n  name = "B"\n}\n', 2, /a quoted string opened on this line is not closed on it/],
      ['resource "auth0_client" "a" {\n  name = "A"\n\nresource "auth0_client" "b" {\n  name = "B"\n}\n', 1, /the \{ opened on this line is never closed/],
      ['resource "auth0_client" "a" {\n  name = "\${var.x"\n}\n', 2, /a quoted string opened on this line is not closed on it/],
      ['resource "auth0_client" "a" {\n  description = <<EOT\n  text\n}\n', 2, /the heredoc <<EOT opened here is never closed/],
      ['/* a note\nresource "auth0_client" "a" {\n}\n', 1, /a comment \/\* opened here is never closed/],
    ] as const) {
      const r = await check(writeFiles({ "main.tf": body }));
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(new RegExp(`main\\.tf:${line}: not valid HCL: ${problem.source}`))]);
    }
  });
});

describe("evaluation as Terraform evaluates (each case as `terraform console` gives it)", () => {
  const strictWith = (grants: string, extra = "") => `
resource "auth0_client" "a" {
  name                      = "A"
  app_type                  = "regular_web"
  is_first_party            = false
  third_party_security_mode = "strict"
  grant_types               = ${grants}
  callbacks                 = ["https://a.example.com/cb"]
${extra}
}`;
  const tpa101 = async (d: string, ...args: string[]) => ids(await findings(d, ...args)).filter((id) => id.startsWith("TPA101"));

  test("the attribute-only splat x.*.id[i] indexes the list it makes (x[*].id[i] each element): grants keep their clients", async () => {
    const main = `
variable "apps" {
  default = [{ g = ["password", "x"] }, { g = ["authorization_code", "y"] }]
}
${strictWith("var.apps.*.g[0]")}
resource "auth0_client" "app" {
  count                     = 2
  name                      = "partner-\${count.index}"
  is_first_party            = false
  third_party_security_mode = "strict"
  app_type                  = "regular_web"
}
resource "auth0_client_grant" "mgmt" {
  count     = 2
  client_id = auth0_client.app.*.client_id[count.index]
  audience  = "https://acme.eu.auth0.com/api/v2/"
  scopes    = ["read:users"]
}
`;
    const d = dir(main);
    const list = ids(await findings(d));
    // var.apps.*.g[0] is ["password", "x"] (var.apps[*].g[0] would be ["password", "authorization_code"])
    const [tpa101] = (await findings(d)).filter((f) => f.ruleId === "TPA101");
    expect(tpa101.message).toMatch(/^grant types password, x not allowed/);
    expect(list).toEqual(expect.arrayContaining(["TPA203 error auth0_client_grant.mgmt[0]", "TPA203 error auth0_client_grant.mgmt[1]"]));
    // a list where one client ID belongs: Terraform refuses it, never "a client outside the stack"
    const all = await check(dir(`${main}
resource "auth0_client_grant" "all" {
  client_id = auth0_client.app[*].client_id
  audience  = "https://acme.eu.auth0.com/api/v2/"
  scopes    = ["read:users"]
}`));
    expect([all.code, all.stderr]).toEqual([2, expect.stringMatching(/main\.tf:\d+: client_id is a list, not a string: Terraform refuses it \(Incorrect attribute value type\)/)]);
  });

  test("an object type drops the attributes it does not declare: try() then takes its fallback", async () => {
    const d = dir(`
variable "apps" {
  type = map(object({ name = string }))
}
${strictWith('try(var.apps["a"].grant_types, ["authorization_code", "implicit"])')}`, { "terraform.tfvars": 'apps = { a = { name = "A", grant_types = ["authorization_code"] } }\n' });
    expect(await tpa101(d)).toEqual(["TPA101 error auth0_client.a"]);
  });

  test('a bool given "0" or "1" by --var is false or true; a number given "+5" is 5', async () => {
    const d = dir(`
variable "first_party" {
  type = bool
}
resource "auth0_client" "a" {
  name                      = "A"
  app_type                  = "regular_web"
  is_first_party            = var.first_party
  third_party_security_mode = "strict"
  grant_types               = ["implicit"]
}`);
    expect(await tpa101(d, "--var", "first_party=0")).toEqual(["TPA101 error auth0_client.a"]);
    expect(await tpa101(d, "--var", "first_party=1")).toEqual([]);
    expect(await tpa101(dir(`variable "n" {\n  type = number\n}\n${strictWith('var.n == 5 ? ["implicit"] : []')}`, { "terraform.tfvars": 'n = "+5"\n' }))).toEqual(["TPA101 error auth0_client.a"]);
  });

  test("try() skips an argument whose functions, operators, templates or conditionals meet what Terraform refuses", async () => {
    const d = dir(`
locals {
  cfg = { name = "A" }
}
${strictWith('try(concat(local.cfg.grant_types, []), ["implicit"])', '  jwt_configuration {\n    alg = try(lower(local.cfg.alg), "${"HS"}256")\n  }')}`);
    expect(ids(await findings(d)).sort()).toEqual(["TPA101 error auth0_client.a", "TPA107 error auth0_client.a"]);
  });

  test("an attribute a resource leaves unset is no error for try(): it is not known here, never the fallback", async () => {
    const d = dir(`
${strictWith('["authorization_code"]', "  jwt_configuration {\n    lifetime_in_seconds = 300\n  }")}
resource "auth0_client" "copy" {
  name                      = "Copy"
  app_type                  = "regular_web"
  is_first_party            = false
  third_party_security_mode = "strict"
  callbacks                 = ["https://b.example.com/cb"]
  jwt_configuration {
    alg = try(auth0_client.a.jwt_configuration[0].alg, "HS256")
  }
}`);
    expect(ids(await findings(d)).filter((id) => id.includes("copy"))).toEqual(["TPA107 warning auth0_client.copy"]);
  });

  test("an import block's for_each over a list adopts only the instances it names", async () => {
    const d = dir(`
module "m" {
  source   = "./modules/m"
  for_each = toset(["a", "b", "c"])
}
import {
  for_each = [{ key = "c", id = "tpc_c" }]
  to       = module.m[each.value.key].auth0_client.x
  id       = each.value.id
}`, {
      "modules/m/main.tf": `terraform {\n  required_providers {\n    auth0 = { source = "auth0/auth0" }\n  }\n}\nresource "auth0_client" "x" {\n  name           = "X"\n  app_type       = "non_interactive"\n  is_first_party = false\n  grant_types    = ["client_credentials"]\n}\n`,
    });
    expect(ids(await findings(d)).filter((id) => id.startsWith("TPA111 error"))).toEqual(['TPA111 error module.m["a"].auth0_client.x', 'TPA111 error module.m["b"].auth0_client.x']);
  });

  test("a syntax error's line is not quoted when any key on it names a secret", async () => {
    const r = await check(dir(`locals {\n  client_id = "tpc_x", client_secret = "hunter2hunter2"\n}\n`));
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("hunter2");
  });
});

describe("try() catches the errors of known values", () => {
  test("lookup without a default of a missing key, element of an empty list, tostring of an object, arithmetic on text", async () => {
    const d = dir(`
variable "overrides" {
  type    = map(list(string))
  default = {}
}
locals {
  obj = { a = 1 }
}
resource "auth0_client" "a" {
  name                      = try(tostring(local.obj), "A")
  app_type                  = "regular_web"
  is_first_party            = false
  third_party_security_mode = "strict"
  grant_types               = try(lookup(var.overrides, "grants"), element([], 0), ["implicit"])
  callbacks                 = ["https://a.example.com/cb"]
  description               = try("abc" + 1, -"x", "plain")
}`);
    const list = await findings(d);
    expect(ids(list)).toEqual(["TPA101 error auth0_client.a"]);
  });
});

test("a map(any) or list(any) of mixed primitives holds strings, as Terraform unifies it", async () => {
  const d = dir(`
variable "settings" {
  type    = map(any)
  default = { mode = "strict", lifetime = 5 }
}
variable "grants" {
  type    = list(any)
  default = ["implicit", true]
}
resource "auth0_client" "a" {
  name                      = "A"
  app_type                  = "regular_web"
  is_first_party            = false
  third_party_security_mode = var.settings["lifetime"] == "5" ? "strict" : "permissive"
  grant_types               = [for g in var.grants : g if g != "true"]
  callbacks                 = ["https://a.example.com/cb"]
}`);
  expect(ids(await findings(d))).toEqual(["TPA101 error auth0_client.a"]);
});

test("TPA201 and TPA305 need what only an environment file declares (the APIs an app calls, its organizations): never in tpa check", async () => {
  const d = dir(`
resource "auth0_resource_server" "orders" {
  identifier = "https://api.acme.test/orders"
}
resource "auth0_organization" "acme" {
  name                       = "acme"
  third_party_client_access  = "block"
}
${client("portal", '  third_party_security_mode = "strict"\n  grant_types = ["authorization_code"]')}`);
  const list = await findings(d);
  expect(list.filter((f) => f.ruleId === "TPA201" || f.ruleId === "TPA305")).toEqual([]);
});

describe("file()", () => {
  test("reads only inside the configuration's folder: a path outside it (a runner's secrets) is not known here, never read", async () => {
    const outside = writeFiles({ "secret.txt": "strict" });
    const d = dir(`
locals {
  inside  = file("\${path.module}/mode.txt")
  outside = file("${path.join(outside, "secret.txt")}")
  up      = file("../secret.txt")
}
${client("inside", "  third_party_security_mode = trimspace(local.inside)")}
${client("exists", '  third_party_security_mode = fileexists("\${path.root}/mode.txt") && !fileexists("missing.txt") ? "permissive" : "strict"')}
${client("outside", "  third_party_security_mode = local.outside")}`, { "mode.txt": "permissive\n" });
    const list = await findings(d);
    expect(ids(list)).toContain("TPA120 error auth0_client.inside");
    expect(ids(list)).toContain("TPA120 error auth0_client.exists");
    const outsideFindings = list.filter((f) => f.address === "auth0_client.outside");
    expect(outsideFindings.length).toBeGreaterThan(0);
    for (const f of outsideFindings) expect(f).toMatchObject({ severity: "warning", attribute: "third_party_security_mode" });
  });

  test("a missing file and text that does not decode are errors try() catches", async () => {
    const d = dir(`
locals {
  apps = try(yamldecode(file("missing.yaml")), jsondecode("{ not json"), { a = { mode = "strict" } })
}
${client("a", '  third_party_security_mode = local.apps["a"].mode\n  grant_types = ["implicit"]')}`);
    expect(ids(await findings(d))).toEqual(["TPA101 error auth0_client.a"]);
  });
});

test("string, collection and number functions give what `terraform console` gives", async () => {
  // each expression with the value Terraform 1.11's console printed for it
  const cases: [string, string][] = [
    ['startswith("hello", "he")', "true"],
    ['trimsuffix("helloworld", "world")', "hello"],
    ['chomp("hello\\n\\n")', "hello"],
    ['substr("hello world", -5, -1)', "world"],
    ['join(",", reverse(["a","b","c"]))', "c,b,a"],
    ['join(",", slice(["a","b","c","d"], 1, 3))', "b,c"],
    ['index(["a","b","c"], "b")', "1"],
    ['anytrue([false, "false"])', "false"],
    ['tonumber("+5")', "5"],
    ['join(",", setintersection(["a","b","c"], ["b","c","d"]))', "b,c"],
    ["sum([1, 2, 3.5])", "6.5"],
    ["max(3, 1, 2)", "3"],
    ['join(",", range(1, 10, 3))', "1,4,7"],
    ['join(",", range(5, 1, -2))', "5,3"],
  ];
  const d = dir(`
locals {
  r = [
${cases.map(([e]) => `    "*\${${e}}",`).join("\n")}
  ]
}
resource "auth0_client" "a" {
  name                      = "a"
  app_type                  = "regular_web"
  is_first_party            = false
  third_party_security_mode = "strict"
  callbacks                 = local.r
}`);
  const tpa109 = (await findings(d)).find((f) => f.ruleId === "TPA109");
  expect(tpa109?.message).toBe(`callbacks has wildcard ${cases.map(([, v]) => `*${v}`).join(", ")}`);
});

test("an argument set twice in one block is exit 2 at its line, as Terraform refuses it", async () => {
  const d = dir(`
resource "auth0_client" "a" {
  name = "A"
  jwt_configuration {
    alg = "RS256"
    alg = "HS256"
  }
}`);
  const r = await check(d);
  expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/main\.tf:\d+: alg is set twice in one block: Terraform refuses that/)]);
});

describe("a plan's sensitive values", () => {
  test("found at any depth without exhausting the stack (a variable's value, a mark 5,000 levels deep)", () => {
    let value: unknown = "deep-secret-value";
    let mark: unknown = true;
    for (let i = 0; i < 5_000; i++) {
      value = { v: value };
      mark = { v: mark };
    }
    const plan = {
      format_version: "1.2",
      variables: { key: { value } },
      configuration: { root_module: { variables: { key: { sensitive: true } } } },
      resource_changes: [{ address: "auth0_client.a", type: "auth0_client", name: "a", change: { actions: ["create"], after: value, after_sensitive: mark } }],
    } as unknown as PlanJson;
    // the texts: the value and the keys of the maps that hold it (a sensitive map's keys are secret too)
    expect(new Set(sensitiveTexts(plan))).toEqual(new Set(["deep-secret-value", "v"]));
  });
});
