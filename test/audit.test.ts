import * as fs from "node:fs";
import * as path from "node:path";
import { retryAfterMs } from "../audit/retry";
import { scrubSecrets } from "../audit/secrets";
import { READ_SCOPES } from "../audit/client";
import { AuditDependencies, auditCommand } from "../cli/audit-command";
import { runCommand } from "./support/capture";
import { ManagementApiEmulator } from "../emulator/management-api";
import { CATALOG, ORDERS, SeededTenant, seedTenant } from "./support/seed-tenant";
import { tmpDir, writeFiles } from "./support/tmp";

const TODAY = "2026-12-01";

describe("tpa audit of a live tenant (the Management API emulator, through the official SDK)", () => {
  let emulator: ManagementApiEmulator;
  let seeded: SeededTenant;
  let sleeps: number[];

  beforeEach(async () => {
    emulator = await ManagementApiEmulator.start();
    seeded = await seedTenant(emulator);
    sleeps = [];
  });
  afterEach(() => emulator.close());

  const env = (extra: Record<string, string> = {}) => ({
    AUTH0_DOMAIN: emulator.domain,
    AUTH0_CLIENT_ID: emulator.credentials.clientId,
    AUTH0_CLIENT_SECRET: emulator.credentials.clientSecret,
    TPA_TODAY: TODAY,
    ...extra,
  });
  const deps = (extra: AuditDependencies = {}): AuditDependencies => ({
    env: env(),
    fetch: emulator.fetch,
    perPage: 3,
    sleep: async (ms) => void sleeps.push(ms),
    ...extra,
  });
  const audit = (args: string[], extra: AuditDependencies = {}, tty = {}) => runCommand(auditCommand, args, deps(extra), tty);
  const auditJson = async (args: string[] = [], extra: AuditDependencies = {}) => {
    const result = await audit(["--format", "json", ...args], extra);
    expect(result).toMatchObject({ code: 0 });
    return JSON.parse(result.stdout);
  };

  test("classifies every third-party app with the strict rules, and reports the tenant", async () => {
    const report = await auditJson();
    expect(report.apps.map((a: Record<string, unknown>) => [a.name, a.clientId, a.mode, a.effectiveMode, a.strictReady, a.scenario, a.recommendation])).toEqual([
      ["Acme MCP desktop", seeded.mcpDesktop, null, "strict", true, 3, "keep-strict"],
      ["Legacy Reporting", seeded.legacyReporting, "permissive", "permissive", false, 2, "keep-permissive"],
      ["Modern Partner", seeded.modernPartner, "permissive", "permissive", true, 1, "migrate-to-strict"],
      ["Old Widget", seeded.oldWidget, null, "permissive", false, 4, "keep-permissive"],
      ["Partner Portal", seeded.partnerPortal, "strict", "strict", true, 1, "keep-strict"],
    ]);
    const blockers = Object.fromEntries(report.apps.map((a: { name: string; blockers: { ruleId: string }[] }) => [a.name, a.blockers.map((b) => b.ruleId)]));
    expect(blockers).toEqual({
      "Acme MCP desktop": [],
      "Legacy Reporting": ["TPA101", "TPA103", "TPA106", "TPA108", "TPA108"],
      "Modern Partner": [],
      "Old Widget": ["TPA104", "TPA105", "TPA107"],
      "Partner Portal": [],
    });
    const legacy = report.apps.find((a: { name: string }) => a.name === "Legacy Reporting");
    expect(legacy.blockers[1].message).toMatch(/openid \(inferred from the implicit grant/);
    expect(report.apps.find((a: { name: string }) => a.name === "Old Widget").notes[0]).toMatch(/predates the field/);

    expect(report.tenant).toMatchObject({
      domain: emulator.domain,
      dcr: { enabled: true, securityMode: "strict" },
      universalLogin: "new",
      permissiveEligible: true,
      activeRules: 0,
      activeCredentialsExchangeHooks: 0,
      defaultPermissions: [
        { audience: ORDERS, subjectType: "user", scopes: ["read:orders"], grantId: expect.stringMatching(/^cgr_/) },
        { audience: CATALOG, subjectType: "user", scopes: ["read:catalog"], grantId: expect.stringMatching(/^cgr_/) },
      ],
      findings: [{ ruleId: "TPA122", severity: "warning", message: expect.stringMatching(/allow_all: 3 permissive app/), subject: ORDERS }],
    });
    expect(report.tenant.absentMode).toMatch(/since 2026-10-23/i);
    expect(report.summary).toEqual({
      thirdPartyApps: 5, strict: 1, permissive: 2, withoutMode: 2, strictReady: 3, keepStrict: 2, migrateToStrict: 1, keepPermissive: 2,
    });
  });

  test("reads every page: page/per_page/include_totals for clients, from/take for grants", async () => {
    await auditJson();
    const reads = (prefix: string) => emulator.requestsTo(prefix).filter((r) => r.method === "GET");
    const clientPages = reads("/api/v2/clients");
    // offset paging is read twice: the two reads must name the same clients
    const pass = [0, 1, 2, 3, 4].map((p) => ({ page: String(p), per_page: "3", include_totals: "true" }));
    expect(clientPages.map((r) => r.query)).toEqual([...pass, ...pass]);
    const grantPages = reads("/api/v2/client-grants");
    expect(grantPages).toHaveLength(2);
    expect(grantPages[1].query.from).toEqual(expect.any(String));
  });

  test("429s with Retry-After and a 500 in mid-pagination: retried, and the same report", async () => {
    const clean = await auditJson();
    emulator.fail({ status: 429, retryAfter: "2", path: "/api/v2/clients", times: 2 });
    emulator.fail({ status: 500, path: "/api/v2/clients", skip: 3 });
    const retried = await auditJson();
    expect(sleeps).toEqual([2000, 2000, 1000]);
    expect(emulator.requests.filter((r) => r.status >= 429).map((r) => [r.status, r.query.page])).toEqual([
      [429, "0"],
      [429, "0"],
      [500, "1"],
    ]);
    expect({ ...retried, source: undefined }).toEqual({ ...clean, source: undefined });
  });

  test("Retry-After is honoured up to a cap, in seconds or as an HTTP date", async () => {
    emulator.fail({ status: 429, retryAfter: "120", path: "/api/v2/rules" });
    const now = Date.parse("2026-12-01T10:00:00Z");
    emulator.fail({ status: 429, retryAfter: new Date(now + 5000).toUTCString(), path: "/api/v2/hooks" });
    await auditJson([], { now: () => now });
    expect(sleeps).toEqual([30_000, 5_000]);
    // a date in the past or a negative number is no usable answer: back off instead of retrying at once
    expect(retryAfterMs("Wed, 01 Dec 2026 09:59:00 GMT", now)).toBeUndefined();
    expect(retryAfterMs("-5", now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
  });

  test("retries run out: exit 1, a clear message, no report and nothing saved", async () => {
    emulator.fail({ status: 503, path: "/api/v2/resource-servers", times: 99 });
    const saved = path.join(tmpDir(), "snapshot.json");
    const result = await audit(["--format", "json", "--save", saved]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/could not be read completely, so nothing is reported: reading APIs \(page 0\) failed after 5 attempts, the last with HTTP 503/);
    expect(sleeps).toEqual([1000, 2000, 4000, 8000]);
    expect(fs.existsSync(saved)).toBe(false);
  });

  test("the read-only scopes are enough; a missing one fails and names them", async () => {
    const readOnly = await ManagementApiEmulator.start({ scopes: READ_SCOPES });
    try {
      await seedTenantWithAllScopes(readOnly);
      const withScopes = await runCommand(auditCommand, ["--format", "json"], {
        env: { AUTH0_DOMAIN: readOnly.domain, AUTH0_API_TOKEN: readOnly.issueToken(READ_SCOPES), TPA_TODAY: TODAY },
        fetch: readOnly.fetch,
      });
      expect(withScopes.code).toBe(0);
      expect(JSON.parse(withScopes.stdout).summary.thirdPartyApps).toBe(5);
      const noHooks = await runCommand(auditCommand, ["--format", "json"], {
        env: { AUTH0_DOMAIN: readOnly.domain, AUTH0_API_TOKEN: readOnly.issueToken(READ_SCOPES.filter((s) => s !== "read:hooks")) },
        fetch: readOnly.fetch,
      });
      expect(noHooks.code).toBe(1);
      expect(noHooks.stderr).toMatch(/reading hooks \(page 0\) failed: HTTP 403: Insufficient scope, expected any of: read:hooks/);
      expect(noHooks.stderr).toContain(READ_SCOPES.join(", "));
    } finally {
      await readOnly.close();
    }
  });

  test("--save then --from: the same report, and no secret in the saved file or the output", async () => {
    // A token that may read client secrets: the audit must drop them itself.
    const token = emulator.issueToken();
    const file = path.join(tmpDir(), "tenant-snapshot.json");
    const live = await audit(["--format", "json", "--save", file], { env: { AUTH0_DOMAIN: emulator.domain, AUTH0_API_TOKEN: token, TPA_TODAY: TODAY } });
    expect(live.code).toBe(0);
    expect(live.stderr).toMatch(/Saved the snapshot \(secrets removed\)/);
    const saved = fs.readFileSync(file, "utf8");
    for (const secret of [...seeded.secrets, token]) {
      expect(saved).not.toContain(secret);
      expect(live.stdout + live.stderr).not.toContain(secret);
    }
    expect(saved).not.toMatch(/"client_secret"|"signing_keys"|BEGIN CERTIFICATE|function \(user/);
    expect(JSON.parse(saved)).toMatchObject({ kind: "tpa-tenant-snapshot", version: 1, domain: emulator.domain });

    const offline = await runCommand(auditCommand, ["--from", file, "--format", "json"], { env: { TPA_TODAY: TODAY } });
    expect(offline.code).toBe(0);
    expect(JSON.parse(offline.stdout)).toEqual(JSON.parse(live.stdout));
  });

  test("a table on a terminal, JSON otherwise; progress on stderr only on a terminal", async () => {
    const onTerminal = await audit([], {}, { out: true, err: true });
    expect(onTerminal.code).toBe(0);
    expect(onTerminal.stdout).toMatch(/^Tenant emulated-tenant\.eu\.auth0\.com/);
    expect(onTerminal.stdout).toMatch(/CLIENT ID +NAME +MODE +STRICT-READY +SCENARIO +RECOMMENDATION +BLOCKERS/);
    expect(onTerminal.stdout).toMatch(/Old Widget +none \(permissive\) +no +4 +keep-permissive +TPA104 TPA105 TPA107/);
    expect(onTerminal.stderr).toContain("reading clients: 3/14");
    const piped = await audit([]);
    expect(piped.stderr).toBe("");
    expect(JSON.parse(piped.stdout).summary.thirdPartyApps).toBe(5);
    const markdown = await audit(["--format", "markdown"]);
    expect(markdown.stdout).toMatch(/^## Third-party applications of emulated-tenant/);
    expect(markdown.stdout).toContain(`| \`${seeded.partnerPortal}\` | Partner Portal | strict | yes | 1 | keep-strict | - |`);
  });

  test.each([
    ["neither --domain nor --from", [], { TPA_TODAY: TODAY }, /give --domain DOMAIN \(or set AUTH0_DOMAIN\), or --from FILE/],
    ["both", ["--domain", "a.auth0.com", "--from", "x.json"], {}, /not both/],
    ["a URL as domain", ["--domain", "https://a.auth0.com/"], {}, /no scheme, no path/],
    ["an unknown format", ["--format", "xml"], undefined, /--format takes table, markdown or json/],
    ["no credentials", ["--domain", "a.eu.auth0.com"], {}, /set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET .*, or AUTH0_API_TOKEN, with the read-only scopes read:clients/],
    ["an unknown option", ["--bogus"], undefined, /Unknown option '--bogus'/],
  ])("usage: %s exits 2", async (_what, args, environment, message) => {
    const result = await audit(args as string[], environment ? { env: environment as Record<string, string> } : {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("Usage: tpa audit");
  });
});

/** The tenant of seedTenant, created with an all-scope client although the audit later gets read scopes only. */
async function seedTenantWithAllScopes(emulator: ManagementApiEmulator): Promise<void> {
  const writer = await ManagementApiEmulator.start();
  try {
    await seedTenant(writer);
    for (const name of ["clients", "grants", "resourceServers", "rules", "hooks", "organizations"] as const) {
      for (const [id, item] of writer[name]) emulator[name].set(id, item);
    }
    emulator.tenantSettings = writer.tenantSettings;
    emulator.prompts = writer.prompts;
  } finally {
    await writer.close();
  }
}

describe("tpa audit --from a file", () => {
  const audit = (...args: string[]) => runCommand(auditCommand, [...args, "--format", "json"], { env: { TPA_TODAY: TODAY } });

  test("--save onto the --from file (or a link to it) is bad usage, and the file stays as it was", async () => {
    const dir = writeFiles({ "tenant.yaml": DEPLOY_CLI_YAML });
    const file = path.join(dir, "tenant.yaml");
    fs.symlinkSync(file, path.join(dir, "link.yaml"));
    for (const save of [file, path.join(dir, "link.yaml")]) {
      const result = await audit("--from", file, "--save", save);
      expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/--save .* is the --from file: the snapshot would replace what it was read from/) });
    }
    expect(fs.readFileSync(file, "utf8")).toBe(DEPLOY_CLI_YAML);
  });

  test("an auth0-deploy-cli YAML export (identifiers stripped, grants naming clients)", async () => {
    const dir = writeFiles({ "tenant.yaml": DEPLOY_CLI_YAML });
    const result = await audit("--from", path.join(dir, "tenant.yaml"));
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const report = JSON.parse(result.stdout);
    expect(report.source).toEqual({ type: "deploy-cli-yaml", file: path.join(dir, "tenant.yaml") });
    expect(report.tenant).toMatchObject({ domain: null, activeRules: 1, dcr: { enabled: false, securityMode: null } });
    expect(report.apps).toEqual([
      expect.objectContaining({ name: "Legacy SPA", clientId: null, mode: "permissive", scenario: 2, recommendation: "keep-permissive" }),
      expect.objectContaining({
        name: "Partner Portal",
        clientId: null,
        mode: "strict",
        // Rules reached their end of life on 2026-11-18 (before TODAY): the enabled Rule no longer blocks strict apps
        strictReady: true,
        blockers: [],
        // the per-app grant names the client by its name (deploy-cli's convertClientIdToName): not DCR
        scenario: 1,
        recommendation: "keep-strict",
      }),
    ]);
  });

  test("an auth0-deploy-cli directory export reads the same", async () => {
    const yamlReport = JSON.parse((await audit("--from", path.join(writeFiles({ "tenant.yaml": DEPLOY_CLI_YAML }), "tenant.yaml"))).stdout);
    const dir = writeFiles(DEPLOY_CLI_DIRECTORY);
    const result = await audit("--from", dir);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const report = JSON.parse(result.stdout);
    expect(report.source).toEqual({ type: "deploy-cli-directory", file: dir });
    expect(report.apps).toEqual(yamlReport.apps);
    expect(report.tenant).toEqual(yamlReport.tenant);
  });

  test("an export with identifiers (AUTH0_EXPORT_IDENTIFIERS) reports client IDs", async () => {
    const withIds = DEPLOY_CLI_YAML.replace("  - name: Partner Portal\n", "  - name: Partner Portal\n    client_id: tpc_aBcDeFgHiJkLmNoPqRsTuV\n");
    const report = JSON.parse((await audit("--from", path.join(writeFiles({ "tenant.yaml": withIds }), "tenant.yaml"))).stdout);
    expect(report.apps[1]).toMatchObject({ name: "Partner Portal", clientId: "tpc_aBcDeFgHiJkLmNoPqRsTuV" });
  });

  test.each([
    ["a missing file", "missing.json", /missing\.json: no such file or folder/],
    ["a file that is neither", "other.yaml", /other\.yaml: neither a snapshot saved by `tpa audit --save` nor an auth0-deploy-cli export/],
    ["malformed YAML", "broken.yaml", /broken\.yaml:\d+: not valid JSON or YAML/],
    ["a folder that is not an export", "empty", /empty: not an auth0-deploy-cli directory export/],
  ])("%s: exit 2 naming the file", async (_what, name, message) => {
    const dir = writeFiles({ "other.yaml": "just: a mapping\n", "broken.yaml": "clients: [\n", "empty/readme.txt": "hi" });
    const result = await audit("--from", path.join(dir, name));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

const DEPLOY_CLI_YAML = `tenant:
  friendly_name: Acme
  flags:
    enable_dynamic_client_registration: false
prompts:
  universal_login_experience: new
  identifier_first: false
clients:
  - name: Dashboard
    app_type: spa
    is_first_party: true
  - name: Legacy SPA
    app_type: spa
    is_first_party: false
    third_party_security_mode: permissive
    grant_types: [authorization_code, implicit]
    callbacks: [https://legacy.example/cb]
    token_endpoint_auth_method: none
  - name: Partner Portal
    app_type: regular_web
    is_first_party: false
    third_party_security_mode: strict
    grant_types: [authorization_code, refresh_token]
    callbacks: [https://partner.example.com/callback]
    token_endpoint_auth_method: client_secret_post
    refresh_token: { expiration_type: expiring, rotation_type: non-rotating, infinite_idle_token_lifetime: false }
resourceServers:
  - name: Orders API
    identifier: https://api.acme.test/orders
    scopes:
      - { value: read:orders, description: Read orders }
clientGrants:
  - client_id: Partner Portal
    audience: https://api.acme.test/orders
    scope: [read:orders]
    subject_type: user
  - audience: https://api.acme.test/orders
    default_for: third_party_clients
    scope: [read:orders]
    subject_type: user
rules:
  - name: enrich-profile
    script: ./rules/enrich-profile.js
    stage: login_success
    enabled: true
    order: 1
hooks: []
organizations: []
`;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const DEPLOY_CLI_DIRECTORY: Record<string, string> = {
  "tenant.json": json({ friendly_name: "Acme", flags: { enable_dynamic_client_registration: false } }),
  "prompts/prompts.json": json({ universal_login_experience: "new", identifier_first: false }),
  "clients/Dashboard.json": json({ name: "Dashboard", app_type: "spa", is_first_party: true }),
  "clients/Legacy SPA.json": json({
    name: "Legacy SPA", app_type: "spa", is_first_party: false, third_party_security_mode: "permissive",
    grant_types: ["authorization_code", "implicit"], callbacks: ["https://legacy.example/cb"], token_endpoint_auth_method: "none",
  }),
  "clients/Partner Portal.json": json({
    name: "Partner Portal", app_type: "regular_web", is_first_party: false, third_party_security_mode: "strict",
    grant_types: ["authorization_code", "refresh_token"], callbacks: ["https://partner.example.com/callback"],
    token_endpoint_auth_method: "client_secret_post",
    refresh_token: { expiration_type: "expiring", rotation_type: "non-rotating", infinite_idle_token_lifetime: false },
  }),
  "resource-servers/Orders API.json": json({ name: "Orders API", identifier: "https://api.acme.test/orders", scopes: [{ value: "read:orders", description: "Read orders" }] }),
  "grants/Partner Portal-Orders API.json": json({ client_id: "Partner Portal", audience: "https://api.acme.test/orders", scope: ["read:orders"], subject_type: "user" }),
  "grants/default-orders.json": json({ audience: "https://api.acme.test/orders", default_for: "third_party_clients", scope: ["read:orders"], subject_type: "user" }),
  "rules/enrich-profile.json": json({ name: "enrich-profile", script: "./enrich-profile.js", stage: "login_success", enabled: true, order: 1 }),
  "rules/enrich-profile.js": "function (user, context, callback) { callback(null, user, context); }\n",
};

describe("secret scrubbing", () => {
  test("drops secret-like keys at any depth and PEM blocks under any key, and keeps the rest", () => {
    const client = {
      client_id: "abc",
      client_secret: "s3cr3t",
      token_endpoint_auth_method: "client_secret_post",
      refresh_token: { expiration_type: "expiring" },
      jwt_configuration: { alg: "RS256", secret_encoded: true },
      signing_keys: [{ cert: "x" }],
      encryption_key: { pub: "y" },
      addons: { firebase: { secret: "a", private_key_id: "b", private_key: "c" }, azure_sb: { sasKey: "d", namespace: "n" }, wsfed: {} },
      client_metadata: { note: "-----BEGIN PRIVATE KEY-----\nMII...\n-----END PRIVATE KEY-----" },
    };
    expect(scrubSecrets(client)).toEqual({
      client_id: "abc",
      token_endpoint_auth_method: "client_secret_post",
      refresh_token: { expiration_type: "expiring" },
      jwt_configuration: { alg: "RS256", secret_encoded: true }, // a flag about the secret, not the secret
      addons: { firebase: {}, azure_sb: { namespace: "n" }, wsfed: {} },
      client_metadata: {},
    });
    expect(scrubSecrets({ identifier: "https://api", signing_secret: "z", script: "function () {}" })).toEqual({ identifier: "https://api" });
  });
});
