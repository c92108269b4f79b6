// auth0-deploy-cli exports as deploy-cli writes them (issue 13, Build 3). The fixtures under
// test/fixtures/deploy-cli/ are our own, in deploy-cli's YAML and directory formats.
import * as fs from "node:fs";
import * as path from "node:path";
import { auditClients } from "../audit/classify";
import { readKeywordMappings } from "../audit/deploy-cli";
import { loadSnapshot } from "../audit/snapshot";
import { clientResources, Names, tenantResources } from "../audit/to-policy";
import { evaluate } from "../policy/evaluate";
import { NEWEST_PROFILE_ID, profileById } from "../policy/profiles";
import { auditCommand } from "../cli/audit-command";
import { importCommand } from "../cli/import-command";
import { loadEnvironment } from "../config";
import { runCommand } from "./support/capture";
import { ROOT } from "./support/cli";
import { tmpDir, writeFiles } from "./support/tmp";
import { check } from "./support/check-cli";

const TODAY = "2026-12-01";
const FIXTURES = path.join(ROOT, "test", "fixtures", "deploy-cli");
const YAML_EXPORT = path.join(FIXTURES, "yaml", "tenant.yaml");
const KEYWORDS = path.join(FIXTURES, "config.json");

const importFrom = (...args: string[]) => runCommand(importCommand, args, { env: { TPA_TODAY: TODAY } });

/** A copy of the YAML export (with its clients/ folder) edited by `edit`. */
function editedExport(edit: (text: string) => string): string {
  const dir = tmpDir();
  fs.cpSync(path.join(FIXTURES, "yaml"), dir, { recursive: true });
  const file = path.join(dir, "tenant.yaml");
  fs.writeFileSync(file, edit(fs.readFileSync(file, "utf8")));
  return file;
}

describe.each([
  ["YAML", YAML_EXPORT],
  ["directory", path.join(FIXTURES, "directory")],
])("tpa import of a deploy-cli %s export", (_format, from) => {
  let env: ReturnType<typeof loadEnvironment>;
  let result: Awaited<ReturnType<typeof importFrom>>;
  beforeAll(async () => {
    const out = tmpDir();
    result = await importFrom("--from", from, "--keywords", KEYWORDS, "--environment", "prod", "--out", out, "--domain", "acme-prod.eu.auth0.com");
    env = loadEnvironment(out, "prod");
  });

  test("keeps every grant: per-app grants name their client by name although the export has identifiers", () => {
    expect(result.code).toBe(0);
    const byApp = Object.fromEntries(env.config.apps.map((a) => [a.id, a.permissions.map((g) => g.importId)]));
    expect(byApp).toEqual({
      "classic-partner": [],
      "reporting-connector": ["cgr_ReportingOrders00001"],
      "strict-partner": ["cgr_StrictPartnerOrders1"],
      "widget-spa": [],
    });
    // the default grant's client_id: undefined_clientId is deploy-cli's marker for "no client"
    expect(env.config.defaultPermissions).toEqual([{ api: "orders-api", subjectType: "user", scopes: ["read:orders"], importId: "cgr_DefaultOrdersUser001" }]);
  });

  test("resolves keyword markers from deploy-cli's config and reads the Classic Login page file", () => {
    const classic = env.config.apps.find((a) => a.id === "classic-partner")!;
    expect(classic).toMatchObject({
      callbacks: ["https://classic.partner.example/callback"],
      allowedLogoutUrls: ["https://classic.partner.example/logout"],
      grantTypes: ["authorization_code", "implicit", "refresh_token"],
      customLoginPageOn: true,
      sso: true,
      crossOriginAuth: true,
      jwtAlg: "HS256",
      refreshToken: { expirationType: "non-expiring", rotationType: "non-rotating" },
    });
    // Auth0's own lower-case template variable (@@config@@) in the page is not a deploy-cli keyword
    expect(classic.customLoginPage).toMatch(/^<!DOCTYPE html>[\s\S]*window\.atob\("@@config@@"\)/);
  });

  test("adopts the strict partner as strict, not as a DCR client", () => {
    expect(env.config.apps.find((a) => a.id === "strict-partner")).toMatchObject({ mode: "strict", importClientId: "tpc_aBcDeFgHiJkLmNoPqRsTuV" });
    expect(result.stderr).not.toMatch(/Strict Partner.*not imported/);
  });
});

describe("deploy-cli exports: classification and bad input", () => {
  test("without identifiers, a grant and credentials that name a client reach it in the policy's view", () => {
    const dir = writeFiles({
      "tenant.yaml": `clients:
  - name: Legacy Reporting
    app_type: regular_web
    is_first_party: false
    third_party_security_mode: strict
    token_endpoint_auth_method: client_secret_basic
    callbacks: [https://legacy.example.com/callback]
clientGrants:
  - client_id: Legacy Reporting
    audience: https://acme-prod.eu.auth0.com/api/v2/
    scope: [read:users]
`,
    });
    const snapshot = loadSnapshot(path.join(dir, "tenant.yaml"));
    const names = new Names(snapshot);
    const resources = [...snapshot.clients.flatMap((c) => clientResources(c, names)), ...tenantResources(snapshot, names)];
    const linked = resources.filter((r) => r.type !== "auth0_client").map((r) => [r.type, r.attributes.client_id]);
    expect(linked).toEqual([
      ["auth0_client_credentials", "${auth0_client.legacy-reporting.client_id}"],
      ["auth0_client_grant", "${auth0_client.legacy-reporting.client_id}"],
    ]);
    const findings = evaluate({ stack: "prod", resources, tenant: { environment: "prod", domain: "acme-prod.eu.auth0.com", permissiveEligible: false }, profile: profileById(NEWEST_PROFILE_ID), today: TODAY });
    expect(findings.map((f) => [f.ruleId, f.severity, f.address])).toEqual([["TPA203", "error", "auth0_client_grant.grant-legacy-reporting-https-acme-prod-eu-auth0-com-api"]]);
  });

  test("deploy-cli's deprecated names count as it sends them (cross_origin_auth, oidc_backchannel_logout), and a client's JAR is its credentials'", () => {
    const strictClient = (name: string, extra: string) =>
      `  - name: ${name}\n    app_type: regular_web\n    is_first_party: false\n    third_party_security_mode: strict\n    grant_types: [authorization_code]\n${extra}`;
    const dir = writeFiles({
      "tenant.yaml": `clients:
${strictClient("Cross Origin", "    cross_origin_auth: true\n")}${strictClient("Back Channel", "    oidc_backchannel_logout:\n      backchannel_logout_urls: [https://p.example.com/bcl]\n")}${strictClient("Jar", "    signed_request_object:\n      required: true\n")}${strictClient("Optional Jar", "    signed_request_object:\n      required: false\n")}${strictClient("Both Names", "    cross_origin_auth: true\n    cross_origin_authentication: false\n")}`,
    });
    const { report } = auditClients(loadSnapshot(path.join(dir, "tenant.yaml")), { today: TODAY });
    expect(report.apps.map((a) => [a.name, a.blockers.map((b) => `${b.ruleId}: ${b.message.split(":")[0]}`)])).toEqual([
      ["Back Channel", ["TPA106: sets oidc_logout"]],
      // the current name wins when both are given, as deploy-cli keeps it
      ["Both Names", []],
      ["Cross Origin", ["TPA105: cross-origin authentication is enabled"]],
      ["Jar", ["TPA106: signed_request_object on the credentials of a strict app"]],
      // neither required nor with keys: JAR is not in use (Auth0 may report the block on any client)
      ["Optional Jar", []],
    ]);
  });

  test("is_first_party and the other flags are true or false: a string (\"false\") is bad input, as Auth0 refuses it", async () => {
    const dir = writeFiles({ "tenant.yaml": 'clients:\n  - name: Partner\n    is_first_party: "false"\n    third_party_security_mode: strict\n' });
    const result = await runCommand(auditCommand, ["--from", path.join(dir, "tenant.yaml"), "--format", "json"], { env: {} });
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/clients\[0\]\.is_first_party is string, not true or false/) });
  });

  test("a directory export's clients/ that is a file, or a client file holding a list, is bad input, never skipped", async () => {
    const asFile = writeFiles({ "export/tenant.json": "{}", "export/clients": "x" });
    const asList = writeFiles({ "export/clients/A.json": JSON.stringify([{ name: "A", is_first_party: false, third_party_security_mode: "strict", grant_types: ["implicit"] }]) });
    for (const [dir, message] of [
      [asFile, /clients: is not a folder: deploy-cli writes clients\/ as a folder of JSON files/],
      [asList, /clients\/A\.json: holds a list, not one object/],
    ] as const) {
      const result = await runCommand(auditCommand, ["--from", path.join(dir, "export"), "--format", "json"], { env: {} });
      expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
    }
  });

  test("a value removed as a secret by its shape (a callback with a password and a wildcard) is said where the rules would have judged it: the app's notes, tpa check's notes", async () => {
    const dir = writeFiles({
      "tenant.yaml": `clients:
  - name: Leaky
    is_first_party: false
    third_party_security_mode: strict
    grant_types: [authorization_code]
    callbacks: ["https://alice:hunter2@*.leaky.example.com/cb"]
`,
    });
    const file = path.join(dir, "tenant.yaml");
    const audited = await runCommand(auditCommand, ["--from", file, "--format", "json"], { env: {} });
    expect(JSON.parse(audited.stdout).apps[0].notes).toEqual([
      "clients[0].callbacks[0] was removed as a secret by its shape (a URL with a password), so the strict rules did not judge it: check it by hand.",
    ]);
    const checked = await check("--deploy-cli", file);
    expect(checked.stderr).toMatch(/tenant\.yaml:2: clients\[0\]\.callbacks\[0\] was removed as a secret by its shape \(a URL with a password\), so the strict rules did not judge it/);
    expect(`${audited.stdout}${audited.stderr}${checked.stdout}${checked.stderr}`).not.toContain("hunter2");
  });

  test("a directory export's folder or file that is a broken link or a link loop is bad input naming it, never an absent folder", async () => {
    const broken = writeFiles({ "export/tenant.json": "{}" });
    fs.symlinkSync(path.join(broken, "nowhere"), path.join(broken, "export", "clients"));
    const loop = writeFiles({ "export/tenant.json": "{}" });
    fs.symlinkSync("grants", path.join(loop, "export", "grants"));
    const loopedTenant = writeFiles({ "export/clients/A.json": JSON.stringify({ name: "A" }) });
    fs.symlinkSync("tenant.json", path.join(loopedTenant, "export", "tenant.json"));
    for (const [dir, message] of [
      [broken, /export[/\\]clients: is a symbolic link to nothing \(a broken link\)/],
      [loop, /export[/\\]grants: is a symbolic link loop/],
      [loopedTenant, /export[/\\]tenant\.json: is a symbolic link loop/],
    ] as const) {
      for (const command of [auditCommand, importCommand]) {
        const args = command === auditCommand ? ["--from", path.join(dir, "export")] : ["--from", path.join(dir, "export"), "--environment", "prod", "--out", path.join(dir, "out"), "--domain", "acme.eu.auth0.com"];
        const result = await runCommand(command, args, { env: {} });
        expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
      }
      expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
    }
  });

  test("a directory export's JSON file with a byte order mark is refused at that file, as deploy-cli's JSON reader fails on it", async () => {
    const client = JSON.stringify({ name: "A", app_type: "regular_web", is_first_party: false, third_party_security_mode: "strict" });
    for (const mark of ["\uFEFF", ""]) {
      const dir = writeFiles({ "export/tenant.json": "{}", "export/clients/A.json": `${mark}${client}` });
      const audit = await runCommand(auditCommand, ["--from", path.join(dir, "export"), "--format", "json"], { env: {} });
      if (mark) expect(audit).toMatchObject({ code: 2, stderr: expect.stringMatching(/clients\/A\.json: starts with a byte order mark, and auth0-deploy-cli's reader of JSON files refuses one/) });
      else expect(audit.code).toBe(0);
    }
  });

  test("an export that lists one of Auth0's own APIs (My Account) does not make tpa import write it as an API to create", async () => {
    const dir = writeFiles({
      "tenant.yaml": `resourceServers:
  - name: My Account API
    identifier: https://acme-prod.eu.auth0.com/me/
  - name: Orders
    identifier: https://api.acme.test/orders
clients:
  - name: Partner
    app_type: regular_web
    is_first_party: false
    third_party_security_mode: strict
    callbacks: [https://partner.example.com/cb]
`,
    });
    const out = tmpDir();
    const result = await importFrom("--from", path.join(dir, "tenant.yaml"), "--environment", "prod", "--out", out, "--domain", "acme-prod.eu.auth0.com");
    expect(result.code).toBe(0);
    expect(loadEnvironment(out, "prod").config.apis.map((a) => a.identifier)).toEqual(["https://api.acme.test/orders"]);
  });

  test("a source value no environment file can hold (a rotation type Auth0 does not have) is exit 2 naming the source and the key, nothing written", async () => {
    const dir = writeFiles({
      "tenant.yaml": `clients:
  - name: Partner
    app_type: regular_web
    is_first_party: false
    third_party_security_mode: strict
    callbacks: [https://partner.example.com/cb]
    refresh_token:
      expiration_type: expiring
      rotation_type: bogus
`,
    });
    const out = path.join(tmpDir(), "environments");
    const result = await importFrom("--from", path.join(dir, "tenant.yaml"), "--environment", "prod", "--out", out, "--domain", "acme-prod.eu.auth0.com");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tenant\.yaml: the environment file made from it would not load, so nothing was written:\n.*environments\/prod\.yaml:\d+:\d+: apps\[0\]\.refreshToken\.rotationType/);
    expect(result.stderr).not.toMatch(/tpa-import-|internal error/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test("a keyword without a mapping outside what the audit reads (the email provider's key) does not stop it; one in a client does", async () => {
    const exported = (callback: string) =>
      writeFiles({
        "tenant.yaml": `emailProvider:\n  name: mandrill\n  credentials:\n    api_key: "##MANDRILL_API_KEY##"\nclients:\n  - name: Partner\n    app_type: regular_web\n    is_first_party: false\n    third_party_security_mode: strict\n    callbacks: ["${callback}"]\n`,
      });
    const audit = (dir: string) => runCommand(auditCommand, ["--from", path.join(dir, "tenant.yaml"), "--format", "json"], { env: {} });
    const ok = await audit(exported("https://partner.example.com/cb"));
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain("MANDRILL");
    expect(await audit(exported("https://##HOST##/cb"))).toMatchObject({ code: 2, stderr: expect.stringMatching(/clients\[0\]\.callbacks\[0\]: keyword marker ##HOST## has no mapping/) });
  });

  test("the strict partner with its grant named by client name is scenario 1 (a partner), not 3 (DCR)", () => {
    const file = editedExport((t) => t.replace("universal_login_experience: classic", "universal_login_experience: new").replace("enable_dynamic_client_registration: false", "enable_dynamic_client_registration: true"));
    const snapshot = loadSnapshot(file, { keywords: readKeywordMappings(KEYWORDS) });
    const partner = auditClients(snapshot, { today: TODAY }).clients.find((c) => c.audit.name === "Strict Partner")!;
    expect(partner.audit.scenario).toBe(1);
  });

  test("external_metadata_type decides before any guess: dcr is a self-registered client, left out of the file", async () => {
    const file = editedExport((t) =>
      t.replace("  - name: Widget SPA\n", "  - name: Widget SPA\n    external_metadata_type: dcr\n"),
    );
    const out = tmpDir();
    const result = await importFrom("--from", file, "--keywords", KEYWORDS, "--environment", "prod", "--out", out, "--domain", "acme-prod.eu.auth0.com");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/not imported: Widget SPA \(\w+\): registered through Dynamic Client Registration \(DCR\)/);
    expect(loadEnvironment(out, "prod").config.apps.map((a) => a.id)).not.toContain("widget-spa");
  });

  test("a keyword marker without a mapping: exit 2 naming the file and the key, nothing written", async () => {
    const out = tmpDir();
    const result = await importFrom("--from", YAML_EXPORT, "--environment", "prod", "--out", out, "--domain", "acme-prod.eu.auth0.com");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tenant\.yaml: clients\[1\]\.callbacks\[0\]: keyword marker ##PARTNER_HOST## has no mapping; pass deploy-cli's config with --keywords FILE/);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test("an array marker ('@@LEGACY_GRANTS@@') without a mapping is the same bad input, not a crash", async () => {
    const keywords = path.join(writeFiles({ "k.json": JSON.stringify({ PARTNER_HOST: "classic.partner.example" }) }), "k.json");
    const result = await importFrom("--from", YAML_EXPORT, "--keywords", keywords, "--environment", "prod", "--out", tmpDir(), "--domain", "acme-prod.eu.auth0.com");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/clients\[1\]\.grant_types: keyword marker @@LEGACY_GRANTS@@ has no mapping/);
  });

  test("tpa audit reads the same export: markers without mappings are exit 2, --keywords resolves them", async () => {
    const audit = (...args: string[]) => runCommand(auditCommand, [...args, "--format", "json"], { env: { TPA_TODAY: TODAY } });
    const bare = await audit("--from", YAML_EXPORT);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/clients\[1\]\.callbacks\[0\]: keyword marker/);
    const resolved = await audit("--from", YAML_EXPORT, "--keywords", KEYWORDS);
    expect(resolved.code).toBe(0);
    expect(JSON.parse(resolved.stdout).apps.map((a: { name: string }) => a.name)).toContain("Classic Partner");
    const misplaced = await runCommand(auditCommand, ["--domain", "acme.eu.auth0.com", "--keywords", KEYWORDS], { env: {} });
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toMatch(/--keywords goes with --from/);
  });

  test.each([
    ["a missing keywords file", "missing.json", /--keywords: no such file/],
    ["keywords that are not an object", "list.json", /expected a JSON object of keyword mappings/],
  ])("--keywords: %s is exit 2", async (_name, file, message) => {
    const dir = writeFiles({ "list.json": "[1, 2]" });
    const result = await importFrom("--from", YAML_EXPORT, "--keywords", path.join(dir, file), "--environment", "prod", "--out", tmpDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test("an export with grants but no third-party clients (AUTH0_EXCLUDE_THIRD_PARTY_CLIENTS) warns clearly", async () => {
    const file = editedExport((t) => {
      const [head, rest] = t.split("clients:\n");
      const [, after] = rest.split("resourceServers:\n");
      return `${head}clients:\n  - name: Acme Dashboard\n    app_type: spa\n    is_first_party: true\nresourceServers:\n${after}`;
    });
    const result = await importFrom("--from", file, "--keywords", KEYWORDS, "--environment", "prod", "--out", tmpDir(), "--domain", "acme-prod.eu.auth0.com");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: the export has no third-party clients but 2 grant\(s\) of clients it does not hold: was it exported with AUTH0_EXCLUDE_THIRD_PARTY_CLIENTS=true\?/);
  });

  test("a login page file the export names but lacks is bad input", async () => {
    const file = editedExport((t) => t);
    fs.rmSync(path.join(path.dirname(file), "clients"), { recursive: true });
    const result = await importFrom("--from", file, "--keywords", KEYWORDS, "--environment", "prod", "--out", tmpDir(), "--domain", "acme-prod.eu.auth0.com");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Classic Partner_custom_login_page\.html: Classic Partner: custom_login_page names .* which is not in the export/);
  });
});
