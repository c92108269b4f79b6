// Override files in `tpa check DIR`: what Terraform refuses is exit 2 with file and line; suppressions written in an
// override file or at the top of a file count. (Agreement with a plan of overrides: test/check.test.ts.)
import { writeFiles } from "./support/tmp";
import { loadHclParser, readHcl } from "../check";
import { check, checkJson } from "./support/check-cli";

const client = (name: string, body = "") => `resource "auth0_client" "${name}" {
  name                      = "${name}"
  is_first_party            = false
  third_party_security_mode = "strict"
  grant_types               = ["authorization_code", "implicit"]
${body}}
`;

const IGNORE = '# tpa:ignore TPA101 reason="the partner drops implicit in its next release" expires=2099-01-31\n';

describe("override files", () => {
  test("an override's argument replaces the primary file's; without the override the finding stands", async () => {
    const primary = { "main.tf": client("portal") };
    expect((await checkJson(writeFiles(primary))).report.findings.map((f) => f.ruleId)).toEqual(["TPA101"]);
    const overridden = writeFiles({ ...primary, "portal_override.tf": 'resource "auth0_client" "portal" {\n  grant_types = ["authorization_code"]\n}\n' });
    const r = await checkJson(overridden);
    expect(r.report.findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  test("override files apply in name order: the last one's argument wins", async () => {
    const grants = (list: string) => `resource "auth0_client" "portal" {\n  grant_types = ${list}\n}\n`;
    const d = writeFiles({ "main.tf": client("portal"), "a_override.tf": grants('["authorization_code"]'), "b_override.tf": grants('["password"]') });
    expect((await checkJson(d)).report.findings.map((f) => [f.ruleId, f.location?.file.endsWith("b_override.tf")])).toEqual([["TPA101", true]]);
  });

  test("a name that only contains 'override' is a primary file: its block is a duplicate, which Terraform refuses", async () => {
    const d = writeFiles({ "main.tf": client("portal"), "myoverride.tf": '\n\nresource "auth0_client" "portal" {\n  name = "x"\n}\n' });
    const r = await check(d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/myoverride\.tf:3: resource "auth0_client" "portal" is declared again \(first at .*main\.tf:1\)/);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  });

  test("a local declared in two files, two default provider configurations: duplicates Terraform refuses; an override file's local and an aliased provider are not", async () => {
    const local = writeFiles({ "main.tf": client("portal"), "a.tf": "locals {\n  grants = []\n}\n", "b.tf": "\nlocals {\n  grants = []\n}\n" });
    expect([(await check(local)).code, (await check(local)).stderr]).toEqual([2, expect.stringMatching(/b\.tf:3: local\.grants is declared again \(first at .*a\.tf:2\)/)]);
    const overridden = writeFiles({ "main.tf": client("portal"), "a.tf": "locals {\n  grants = []\n}\n", "override.tf": "locals {\n  grants = []\n}\n" });
    expect((await check(overridden)).code).not.toBe(2);
    const provider = (alias = "") => `provider "auth0" {\n  domain = "acme.eu.auth0.com"\n${alias}}\n`;
    const twice = writeFiles({ "main.tf": provider() + client("portal"), "b.tf": provider() });
    expect([(await check(twice)).code, (await check(twice)).stderr]).toEqual([2, expect.stringMatching(/main\.tf:1: provider "auth0" without an alias is declared again \(first at .*b\.tf:1\)/)]);
    expect((await check(writeFiles({ "main.tf": provider() + client("portal"), "b.tf": provider('  alias = "eu"\n') }))).code).not.toBe(2);
  });

  test("two refresh_token blocks (written, or a dynamic block over two items): exit 2 at the block, as Terraform refuses them", async () => {
    const block = '  refresh_token {\n    rotation_type   = "rotating"\n    expiration_type = "expiring"\n  }\n';
    const written = writeFiles({ "main.tf": client("portal").replace(/}\s*$/, `${block}${block}}\n`) });
    const r = await check(written);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/main\.tf:\d+: refresh_token has 2 blocks, and the provider takes at most 1: Terraform refuses it \(Too many refresh_token blocks\)/)]);
    const dynamic = writeFiles({
      "main.tf": client("portal").replace(/}\s*$/, '  dynamic "refresh_token" {\n    for_each = ["expiring", "non-expiring"]\n    content {\n      rotation_type   = "rotating"\n      expiration_type = refresh_token.value\n    }\n  }\n}\n'),
    });
    expect((await check(dynamic)).stderr).toMatch(/refresh_token has 2 blocks/);
  });

  test("an override without its base block or local is exit 2, naming the override's line", async () => {
    const noBlock = writeFiles({ "main.tf": client("portal"), "override.tf": '\nresource "auth0_client" "other" {\n  sso = true\n}\n' });
    const r = await check(noBlock);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/override\.tf:2: overrides resource "auth0_client" "other", which no other file of the module declares/);

    const noLocal = writeFiles({ "main.tf": client("portal"), "override.tf": "locals {\n  a = 1\n\n  mode = \"strict\"\n}\n" });
    const l = await check(noLocal);
    expect(l.code).toBe(2);
    expect(l.stderr).toMatch(/override\.tf:2: overrides local\.a, which no other file/);
  });

  test("a suppression above the block in an override file suppresses the merged resource's finding", async () => {
    const d = writeFiles({ "main.tf": client("portal"), "override.tf": `${IGNORE}resource "auth0_client" "portal" {\n  name = "Portal"\n}\n` });
    const r = await checkJson(d);
    expect(r.report.findings.map((f) => [f.ruleId, f.suppressed])).toEqual([["TPA101", true]]);
    expect(r.code).toBe(0);
  });
});

describe("suppression comments at the top of a file", () => {
  test("a tpa:ignore on the first lines of a file, right above its first block, suppresses that block's finding", async () => {
    const r = await checkJson(writeFiles({ "main.tf": `${IGNORE}${client("portal")}` }));
    expect(r.report.findings.map((f) => [f.ruleId, f.suppressed])).toEqual([["TPA101", true]]);
  });

  test("a comment at the top of a file separated from the first block by a blank line is not a suppression of it: one that suppresses nothing (TPA002)", async () => {
    const r = await checkJson(writeFiles({ "main.tf": `${IGNORE}\n${client("portal")}` }));
    expect(r.report.findings.map((f) => [f.ruleId, f.suppressed])).toEqual([["TPA101", false], ["TPA002", false]]);
  });
});

describe("overrides Terraform accepts without a base", () => {
  test("the default provider's configuration: an absent one is an empty one, so the override gives its domain", async () => {
    const d = writeFiles({ "main.tf": client("portal"), "override.tf": 'provider "auth0" {\n  domain = "acme-prod.eu.auth0.com"\n}\n' });
    const r = await checkJson(d);
    expect(r.report.findings.map((f) => f.ruleId)).toEqual(["TPA101"]);
    const parser = await loadHclParser();
    try {
      expect(readHcl(parser, [d]).domain).toBe("acme-prod.eu.auth0.com");
    } finally {
      parser.delete();
    }
  });

  test("a data source declared in a check block", async () => {
    const main = `${client("portal")}check "tenant" {\n  data "auth0_tenant" "t" {}\n  assert {\n    condition     = true\n    error_message = "x"\n  }\n}\n`;
    const r = await checkJson(writeFiles({ "main.tf": main, "override.tf": 'data "auth0_tenant" "t" {}\n' }));
    expect(r.report.findings.map((f) => f.ruleId)).toEqual(["TPA101"]);
  });

  test("an aliased provider's still needs its base", async () => {
    const d = writeFiles({ "main.tf": client("portal"), "override.tf": 'provider "auth0" {\n  alias  = "eu"\n  domain = "acme-eu.eu.auth0.com"\n}\n' });
    const r = await check(d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/override\.tf:1: overrides provider "auth0", which no other file/);
  });
});
