// auth0-deploy-cli exports as deploy-cli reads them on import: keyword replacement on the text before parsing
// (src/tools/utils.ts keywordReplace, for any mapping key), YAML merge keys (js-yaml), every grant field the
// Management API returns, and syntax errors that name the line and quote nothing. tpa audit (a tenant as it is)
// and tpa check (what a0deploy import would apply) read them alike.
import * as path from "node:path";
import { auditCommand } from "../cli/audit-command";
import { runCommand } from "./support/capture";
import { check, checkJson } from "./support/check-cli";
import { writeFiles } from "./support/tmp";

const audit = (...args: string[]) => runCommand(auditCommand, [...args, "--format", "json"], { env: { TPA_TODAY: "2026-12-01" } });
const blockersOf = async (...args: string[]) => {
  const r = await audit(...args);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  const report = JSON.parse(r.stdout) as { apps: { name: string; mode: string | null; blockers: { ruleId: string }[] }[] };
  return Object.fromEntries(report.apps.map((a) => [a.name, `${a.mode} ${a.blockers.map((b) => b.ruleId).join(",")}`]));
};
const checked = async (...args: string[]) =>
  (await checkJson("--deploy-cli", ...args)).report.findings.filter((f) => !f.suppressed).map((f) => `${f.ruleId} ${f.severity} ${f.address}`);

const PARTNER = `  - name: Partner
    app_type: regular_web
    is_first_party: false
    third_party_security_mode: strict
    grant_types: [authorization_code]
`;

test("allow_any_organization on a grant is read: TPA206 on a per-app grant and on a default grant", async () => {
  const d = writeFiles({
    "tenant.yaml": `clients:
${PARTNER}clientGrants:
  - client_id: Partner
    audience: https://api.example.com
    scope: [read:orders]
    allow_any_organization: true
  - client_id: undefined_clientId
    audience: https://api.example.com
    scope: [read:orders]
    default_for: third_party_clients
    subject_type: user
    allow_any_organization: true
resourceServers:
  - { name: Orders API, identifier: https://api.example.com, scopes: [{ value: read:orders }] }
`,
  });
  const file = path.join(d, "tenant.yaml");
  expect((await checked(file)).filter((f) => f.startsWith("TPA206"))).toHaveLength(2);
  expect(await blockersOf("--from", file)).toEqual({ Partner: "strict TPA206" });
});

test("YAML merge keys (<<: *anchor) are merged, as deploy-cli's reader merges them", async () => {
  const d = writeFiles({
    "tenant.yaml": `x-partner: &partner
  app_type: regular_web
  is_first_party: false
  third_party_security_mode: strict
  grant_types: [authorization_code, password]
clients:
  - <<: *partner
    name: Merged Partner
`,
  });
  const file = path.join(d, "tenant.yaml");
  expect(await checked(file)).toContain("TPA101 error auth0_client.merged-partner");
  expect(await blockersOf("--from", file)).toEqual({ "Merged Partner": "strict TPA101" });
});

describe("keyword replacement", () => {
  test("on the text, before parsing: an unquoted ##KEY## in tenant.yaml, and keys with - or .", async () => {
    const d = writeFiles({
      "tenant.yaml": `clients:
  - name: Partner ##ENV##
    app_type: ##APP_TYPE##
    is_first_party: false
    third_party_security_mode: '##TP-MODE##'
    grant_types: '@@partner.grants@@'
    callbacks: ['https://##app-host##/cb']
`,
      "config.json": JSON.stringify({
        AUTH0_KEYWORD_REPLACE_MAPPINGS: { ENV: "prod", APP_TYPE: "regular_web", "TP-MODE": "strict", "partner.grants": ["authorization_code", "password"], "app-host": "*.x.example.com" },
      }),
    });
    const [file, config] = [path.join(d, "tenant.yaml"), path.join(d, "config.json")];
    expect(await blockersOf("--from", file, "--keywords", config)).toEqual({ "Partner prod": "strict TPA101,TPA109" });
    expect((await checked(file, "--config", config)).sort()).toEqual(["TPA101 error auth0_client.partner-prod", "TPA109 error auth0_client.partner-prod"]);
  });

  test("a marker without a mapping stays as written: Auth0's own @@config@@ in a string is text, an upper-case ##KEY## in a login page is unknown to tpa check", async () => {
    const d = writeFiles({
      "tenant.yaml": `clients:
  - name: Portal
    description: "uses @@config@@ in its page"
    app_type: regular_web
    is_first_party: false
    third_party_security_mode: strict
    custom_login_page_on: true
    custom_login_page: ./Portal_custom_login_page.html
`,
      "clients/Portal_custom_login_page.html": `<script>var config = JSON.parse(window.atob('@@config@@'));</script><a href="https://##ENV##.example.com">`,
    });
    const file = path.join(d, "tenant.yaml");
    const { code, report } = await checkJson("--deploy-cli", file);
    expect(code).toBe(0);
    const portal = report.findings.filter((f) => f.address === "auth0_client.portal");
    expect(portal.length).toBeGreaterThan(0);
    for (const f of portal) expect(f).toMatchObject({ severity: "warning", attribute: "custom_login_page" });
    // the audit reads a tenant as it is: an unmapped marker is bad input, named with its key
    const r = await audit("--from", file);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/custom_login_page: keyword marker ##ENV## has no mapping/)]);
  });
});

test("a grant whose client_id is null is bad input with its line, never a crash", async () => {
  const d = writeFiles({ "tenant.yaml": "clients: []\nclientGrants:\n  - client_id:\n    audience: https://a\n    scope: [x]\n" });
  const file = path.join(d, "tenant.yaml");
  const r = await check("--deploy-cli", file);
  expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/tenant\.yaml:3: clientGrants\[0\]\.client_id is null/)]);
  const a = await audit("--from", file);
  expect([a.code, a.stderr]).toEqual([2, expect.stringMatching(/clientGrants\[0\]\.client_id is null/)]);
});

test("a JSON file of a directory export that does not parse names its line and column, and quotes none of it", async () => {
  const secret = "SUPERSECRET_abc123";
  const d = writeFiles({ "export/clients/P.json": `{\n  "name": "P",\n  "client_secret": ${secret}\n}\n` });
  const dir = path.join(d, "export");
  for (const r of [await audit("--from", dir), await check("--deploy-cli", dir)]) {
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/P\.json:3:20: not valid JSON: a value is expected here/);
    expect(r.stderr).not.toContain("SUPERSECRET");
  }
});

test("a grant of a directory export is located at its file, and keeps its address when another grant is added", async () => {
  const client = { name: "P", app_type: "non_interactive", is_first_party: false, third_party_security_mode: "strict", grant_types: ["client_credentials"], token_endpoint_auth_method: "client_secret_post" };
  const mgmt = { client_id: "P", audience: "https://acme-prod.eu.auth0.com/api/v2/", scope: ["read:users"] };
  const files = { "export/clients/P.json": JSON.stringify(client), "export/grants/P-mgmt.json": JSON.stringify(mgmt) };
  const before = (await checkJson("--deploy-cli", path.join(writeFiles(files), "export"))).report.findings;
  const after = (await checkJson("--deploy-cli", path.join(writeFiles({ ...files, "export/grants/A-orders.json": JSON.stringify({ ...mgmt, audience: "https://orders.example.com" }) }), "export"))).report.findings;
  const tpa203 = (list: typeof before) => list.filter((f) => f.ruleId === "TPA203").map((f) => [f.address, f.location?.file.replace(/^.*\/export\//, ""), f.location?.line]);
  expect(tpa203(before)).toEqual([["auth0_client_grant.grant-p-https-acme-prod-eu-auth0-com-api-v2-client", "grants/P-mgmt.json", 1]]);
  expect(tpa203(after)).toEqual(tpa203(before));
});

test("a directory export of other resources only (AUTH0_INCLUDED_ONLY) says what to export", async () => {
  const d = writeFiles({ "export/connections/db.json": JSON.stringify({ name: "db", strategy: "auth0" }) });
  const r = await audit("--from", path.join(d, "export"));
  expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/a deploy-cli export of connections only, without tenant\.json, clients\/, grants\/ or resource-servers\/: export those too/)]);
});

describe("markers without a mapping in tpa check", () => {
  const client = (line: string) => `clients:
  - name: Partner
    app_type: regular_web
    is_first_party: false
    grant_types: [implicit]
${line}
`;
  test.each([
    ["a lower-case key as the whole value", "    third_party_security_mode: '##tp_mode##'"],
    ["a key with a hyphen, bare", "    third_party_security_mode: ##TP-MODE##"],
    ["a bare lower-case array marker", "    third_party_security_mode: @@partner.mode@@"],
  ])("%s is a value only known at import: warnings, never a pass", async (_what, line) => {
    const d = writeFiles({ "tenant.yaml": client(line) });
    const { code, report } = await checkJson("--deploy-cli", path.join(d, "tenant.yaml"));
    expect(code).toBe(0);
    const partner = report.findings.filter((f) => f.address === "auth0_client.partner");
    expect(partner.map((f) => f.ruleId)).toEqual(expect.arrayContaining(["TPA101", "TPA111", "TPA120"]));
    for (const f of partner) expect(f).toMatchObject({ severity: "warning", attribute: "third_party_security_mode" });
  });
});

test("a mapping's key is a regular expression, as deploy-cli builds one from it; one that is none is bad input", async () => {
  const d = writeFiles({
    "tenant.yaml": `clients:
  - name: Partner ##A+##
    description: "##AA##"
    app_type: regular_web
`,
    "config.json": JSON.stringify({ AUTH0_KEYWORD_REPLACE_MAPPINGS: { "A+": "x" } }),
    "bad.json": JSON.stringify({ AUTH0_KEYWORD_REPLACE_MAPPINGS: { "A(": "x" } }),
  });
  const r = await audit("--from", path.join(d, "tenant.yaml"), "--keywords", path.join(d, "config.json"));
  expect([r.code, r.stderr]).toEqual([0, ""]);
  const bad = await audit("--from", path.join(d, "tenant.yaml"), "--keywords", path.join(d, "bad.json"));
  expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/bad\.json: AUTH0_KEYWORD_REPLACE_MAPPINGS key "A\(" is no regular expression/)]);
  const badCheck = await check("--deploy-cli", path.join(d, "tenant.yaml"), "--config", path.join(d, "bad.json"));
  expect([badCheck.code, badCheck.stderr]).toEqual([2, expect.stringMatching(/bad\.json: AUTH0_KEYWORD_REPLACE_MAPPINGS key "A\(" is no regular expression/)]);
});

test("tpa check names an unmapped keyword as such, and a JSON error after a replacement says so", async () => {
  const d = writeFiles({ "tenant.yaml": `clients:\n  - name: A\n    app_type: regular_web\n    is_first_party: false\n    third_party_security_mode: '##MODE##'\n` });
  const { report } = await checkJson("--deploy-cli", path.join(d, "tenant.yaml"));
  expect(report.findings[0]?.message).toMatch(/third_party_security_mode is a keyword without a mapping, known only at import: give deploy-cli's config with --config/);
  const j = writeFiles({ "export/clients/P.json": '{\n  "name": "##NAME##", "x": tru\n}\n', "config.json": JSON.stringify({ AUTH0_KEYWORD_REPLACE_MAPPINGS: { NAME: "a longer name" } }) });
  const r = await check("--deploy-cli", path.join(j, "export"), "--config", path.join(j, "config.json"));
  expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/P\.json:2:\d+: not valid JSON: .* \(after keyword replacement\)/)]);
});

test("a multi-line keyword value (a certificate) in a quoted YAML value is read as deploy-cli's reader folds it", async () => {
  const d = writeFiles({
    "tenant.yaml": `clients:
  - name: Partner
    app_type: regular_web
    is_first_party: false
    third_party_security_mode: strict
    grant_types: [password]
    addons:
      samlp:
        signingCert: '##SAML_CERT##'
`,
    "config.json": JSON.stringify({ AUTH0_KEYWORD_REPLACE_MAPPINGS: { SAML_CERT: "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----" } }),
  });
  const [file, config] = [path.join(d, "tenant.yaml"), path.join(d, "config.json")];
  expect(await checked(file, "--config", config)).toEqual(expect.arrayContaining(["TPA101 error auth0_client.partner"]));
  expect((await blockersOf("--from", file, "--keywords", config)).Partner).toMatch(/^strict .*TPA101/);
});
