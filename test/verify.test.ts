import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironment } from "../config/load";
import { selfSignedCertificate } from "../tools/loopback-certificate";
import { ManagementApiEmulator } from "../emulator/management-api";
import { deployResources } from "../emulator/seed";
import { environmentResources } from "../verify/environment";
import { ROOT, runTpa, tpaChild, until } from "./support/child";
import { tmpDir, writeFiles } from "./support/tmp";

// `tpa verify` spawned as a user runs it, against the emulator over HTTPS (a generated certificate trusted
// through NODE_EXTRA_CA_CERTS), seeded with the example's prod environment as deployed.

const TLS = selfSignedCertificate();
const SUFFIX = "[tpa verify 2026-12-01]";

let emulator: ManagementApiEmulator;
let env: Record<string, string>;

async function startEmulator(permissiveEligible = true): Promise<void> {
  emulator = await ManagementApiEmulator.start({ tls: TLS, addressAsDomain: true, permissiveEligible });
  deployResources(emulator, environmentResources(loadEnvironment(path.join(ROOT, "environments"), "prod").config));
  const caFile = path.join(tmpDir(), "ca.pem");
  fs.writeFileSync(caFile, TLS.cert);
  env = {
    AUTH0_DOMAIN: emulator.domain,
    AUTH0_CLIENT_ID: emulator.credentials.clientId,
    AUTH0_CLIENT_SECRET: emulator.credentials.clientSecret,
    NODE_EXTRA_CA_CERTS: caFile,
    TPA_TODAY: "2026-12-01",
  };
}

const throwaway = () => [...emulator.clients.values()].filter((c) => String(c.name).includes("[tpa verify"));
const verify = async (...args: string[]) => {
  const result = await runTpa(["verify", ...args], env);
  return { ...result, json: result.stdout.trim().startsWith("{") ? JSON.parse(result.stdout) : undefined };
};

beforeEach(() => startEmulator());
afterEach(async () => {
  const left = throwaway();
  await emulator.close();
  expect(left).toEqual([]); // no client left behind, in any test
});

test("a clean environment verifies: every strict app accepted (tpc_, strict), DCR strict and reaching APIs, all deleted", async () => {
  const before = emulator.clients.size;
  const { code, json, stderr } = await verify("--environment", "prod", "--dcr", "--yes", "--format", "json");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(json.apps.map((a: { id: string }) => a.id)).toEqual(["partner-portal", "fulfilment-sync", "mcp-desktop"]);
  for (const app of json.apps) {
    expect(app).toMatchObject({ accepted: true, mode: "strict", error: null, rule: null });
    expect(app.clientId).toMatch(/^tpc_/);
  }
  // what Auth0 filled in that synthesis did not send is recorded (the recorded strict defaults)
  expect(json.apps[0].defaulted).toMatchObject({ sso_disabled: false, cross_origin_authentication: false });
  expect(json.dcr).toMatchObject({ registered: true, mode: "strict", reachableApis: ["https://api.acme.test/catalog", "https://mcp.acme.test/"], problems: [] });
  expect(json.dcr.clientId).toMatch(/^tpc_/);
  expect(json.leftovers).toEqual([]);
  // each throwaway client was created with the suffix, and deleted
  const created = emulator.requests.filter((r) => r.method === "POST" && r.path === "/api/v2/clients" && r.status === 201);
  const deleted = emulator.requests.filter((r) => r.method === "DELETE" && r.path.startsWith("/api/v2/clients/") && r.status === 204);
  expect(created).toHaveLength(3);
  expect(deleted).toHaveLength(4); // three apps and the DCR client
  expect(emulator.clients.size).toBe(before);
  // no secret in the report: neither ours nor the ones Auth0 generated for the confidential throwaway clients
  expect(JSON.stringify(json)).not.toContain(emulator.credentials.clientSecret);
  expect(JSON.stringify(json)).not.toMatch(/"client_secret"|signing_keys/);
});

test("the text report names each app, the DCR outcome and the cleanup", async () => {
  const { code, stdout } = await verify("--environment", "prod", "--app", "partner-portal", "--dcr", "--yes");
  expect(code).toBe(0);
  expect(stdout).toMatch(/accepted {2}apps\/partner-portal: tpc_\w+ \(strict\)/);
  expect(stdout).not.toContain("fulfilment-sync");
  expect(stdout).toMatch(/DCR: registered tpc_\w+ \(strict\), reaches https:\/\/api.acme.test\/catalog, https:\/\/mcp.acme.test\//);
  expect(stdout).toContain("Every client created was deleted.");
});

test("a protected environment (gates.protectFromDestroy) gets nothing created without --yes", async () => {
  const { code, stderr } = await verify("--environment", "prod", "--dcr");
  expect(code).toBe(2);
  expect(stderr).toContain("protected (gates.protectFromDestroy)");
  expect(stderr).toContain("--yes");
  expect(emulator.requests).toEqual([]);
});

test("an app the tenant refuses is reported with Auth0's message and the rule that should have caught it", async () => {
  const dir = writeFiles({
    "lab.yaml": [
      "tenant: { domain: acme-lab.eu.auth0.com, permissiveEligible: true }",
      "apps:",
      "  - { id: good, name: Good app, mode: strict, appType: regular_web, grantTypes: [authorization_code], callbacks: [https://good.example/cb] }",
      "  - { id: hs256, name: HS256 app, mode: strict, appType: regular_web, grantTypes: [authorization_code], jwtAlg: HS256 }",
      // the provider creates spa clients as public ones, so client_credentials is refused on create
      "  - { id: spa-m2m, name: SPA with M2M, mode: strict, appType: spa, grantTypes: [authorization_code, client_credentials], tokenEndpointAuthMethod: client_secret_post }",
      "",
    ].join("\n"),
  });
  const { code, json } = await verify("--config", dir, "--environment", "lab", "--format", "json");
  expect(code).toBe(1);
  const [good, hs256, spa] = json.apps;
  expect(good).toMatchObject({ id: "good", accepted: true, mode: "strict" });
  expect(hs256).toMatchObject({ id: "hs256", accepted: false, clientId: null, error: "Invalid jwt_configuration.alg: HS256", rule: "TPA107" });
  expect(spa).toMatchObject({ id: "spa-m2m", accepted: false, rule: "TPA102" });
  expect(spa.error).toContain("client_credentials");
  expect(json.leftovers).toEqual([]);
});

describe("DCR", () => {
  const dcrOnly = (...args: string[]) => verify("--dcr", "--format", "json", ...args);
  const setDcr = (enabled: boolean, mode?: "strict" | "permissive") => {
    emulator.tenantSettings = { ...emulator.tenantSettings, flags: { enable_dynamic_client_registration: enabled }, dynamic_client_registration_security_mode: mode };
  };

  test("on, strict: a tpc_ client reaching the APIs of the default user grants", async () => {
    const { code, json } = await dcrOnly();
    expect(code).toBe(0);
    expect(json.dcr).toMatchObject({ registered: true, mode: "strict", reachableApis: ["https://api.acme.test/catalog", "https://mcp.acme.test/"] });
    expect(json.apps).toEqual([]);
  });

  test("on, strict, without default user grants: registered but reaching no API (TPA301, seen live)", async () => {
    for (const [id, grant] of emulator.grants) if (grant.default_for) emulator.grants.delete(id);
    const { code, json } = await dcrOnly();
    expect(code).toBe(1);
    expect(json.dcr).toMatchObject({ registered: true, mode: "strict", reachableApis: [], rule: "TPA301" });
  });

  test("on, permissive: the client is permissive and also reaches allow_all APIs without a grant", async () => {
    setDcr(true, "permissive");
    emulator.call("POST", "/api/v2/resource-servers", { identifier: "https://open.acme.test/", name: "Open API" }); // user policy allow_all by default
    const { code, json } = await dcrOnly();
    expect(code).toBe(0);
    expect(json.dcr.mode).toBe("permissive");
    expect(json.dcr.clientId).not.toMatch(/^tpc_/);
    expect(json.dcr.reachableApis).toContain("https://open.acme.test/");
  });

  test("on, permissive, where the environment expects strict: a problem, exit 1", async () => {
    setDcr(true, "permissive");
    const { code, json } = await verify("--environment", "prod", "--app", "mcp-desktop", "--dcr", "--yes", "--format", "json");
    expect(code).toBe(1);
    expect(json.dcr.problems).toContain("the DCR client's mode is permissive, expected strict");
  });

  test("on, permissive, in an environment that forbids permissive: nothing registered without --yes", async () => {
    setDcr(true, "permissive");
    const dir = writeFiles({
      "lab.yaml": "tenant: { domain: acme-lab.eu.auth0.com }\ngates: { forbidPermissive: true }\ndcr: { enabled: true, securityMode: strict }\n",
    });
    const { code, json } = await verify("--config", dir, "--environment", "lab", "--dcr", "--format", "json");
    expect(code).toBe(1);
    expect(json.dcr.registered).toBe(false);
    expect(json.dcr.problems[0]).toContain("forbid permissive");
    expect(emulator.requestsTo("/oidc/register")).toEqual([]);
  });

  test("off: the registration is refused; fine when nothing says DCR should be on, a problem when the environment does", async () => {
    setDcr(false);
    const alone = await dcrOnly();
    expect(alone.code).toBe(0);
    expect(alone.json.dcr).toMatchObject({ registered: false, clientId: null });
    expect(alone.json.dcr.error).toContain("403");
    const withEnv = await verify("--environment", "prod", "--app", "mcp-desktop", "--dcr", "--yes", "--format", "json");
    expect(withEnv.code).toBe(1);
    expect(withEnv.json.dcr.problems[0]).toContain("DCR should be on (strict)");
  });

  test("strict DCR refuses client_credentials (--dcr-metadata), with the registration's own error", async () => {
    const file = path.join(tmpDir(), "metadata.json");
    fs.writeFileSync(file, JSON.stringify({ client_name: "Agent", redirect_uris: ["http://127.0.0.1:9000/cb"], grant_types: ["client_credentials"], token_endpoint_auth_method: "client_secret_post" }));
    const { code, json } = await verify("--dcr-metadata", file, "--format", "json");
    expect(code).toBe(1);
    expect(json.dcr.registered).toBe(false);
    expect(json.dcr.error).toMatch(/HTTP 400: .*client_credentials/);
  });
});

describe("cleanup", () => {
  test("after an injected failure midway, what was created is deleted and the exit code says the run failed", async () => {
    emulator.fail({ status: 503, method: "POST", path: "/api/v2/clients", skip: 1 });
    const { code, json, stderr } = await verify("--environment", "prod", "--yes", "--format", "json");
    expect(code).toBe(2);
    expect(stderr).toContain("creating the throwaway client for apps/fulfilment-sync failed: HTTP 503");
    expect(json.apps).toHaveLength(1);
    expect(json.failure).toContain("HTTP 503");
    expect(json.leftovers).toEqual([]);
    expect(emulator.requests.filter((r) => r.method === "DELETE" && r.status === 204)).toHaveLength(1);
  });

  test("a client that cannot be deleted is listed by ID, and the exit code is 1", async () => {
    emulator.fail({ status: 500, method: "DELETE", path: "/api/v2/clients/", times: 3 }); // every attempt for the first client
    const { code, json, stdout } = await verify("--environment", "prod", "--yes", "--format", "json");
    const first = json.apps[0].clientId;
    try {
      expect(code).toBe(1);
      expect(json.apps.every((a: { accepted: boolean }) => a.accepted)).toBe(true);
      expect(json.leftovers).toEqual([first]);
      expect(emulator.clients.has(first)).toBe(true);
      expect(stdout).not.toContain("Every client created was deleted");
    } finally {
      emulator.clients.delete(first); // the test's own cleanup of the leftover it provoked
    }
  });

  test("Ctrl-C: the run stops at the next step and deletes what it created", async () => {
    emulator.fail({ status: 429, retryAfter: "30", path: "/api/v2/tenants/settings" }); // holds the run before DCR
    const { child, done } = tpaChild(["verify", "--environment", "prod", "--dcr", "--yes", "--format", "json"], env);
    await until(() => emulator.requests.some((r) => r.path === "/api/v2/tenants/settings" && r.status === 429));
    // recognisable by name while they exist
    expect(throwaway().map((c) => c.name)).toEqual(["Partner Portal", "Fulfilment Sync (partner back office)", "Acme MCP desktop connector"].map((n) => `${n} ${SUFFIX}`));
    child.kill("SIGINT");
    const { code, stdout } = await done;
    const json = JSON.parse(stdout);
    expect(code).toBe(1);
    expect(json).toMatchObject({ interrupted: true, dcr: null, leftovers: [] });
    expect(emulator.requestsTo("/oidc/register")).toEqual([]);
  });
});

describe("usage", () => {
  test.each([
    [["--environment", "prod"], "give --domain", { AUTH0_DOMAIN: "" }],
    [["--domain", "https://acme.eu.auth0.com/", "--dcr"], "--domain takes the tenant's domain", {}],
    [["--domain", "10.0.0.1:443", "--dcr"], "--domain takes the tenant's domain", {}],
    [["--config", "environments"], "--config needs --environment", {}],
    [["--dcr", "--format", "yaml"], "--format takes text or json", {}],
    [[], "nothing to verify", {}],
    [["--environment", "prod", "--app", "nope", "--yes"], "--app nope: not an app of this environment", {}],
    [["--dcr-metadata", "no-such-file.json"], "--dcr-metadata no-such-file.json: cannot read", {}],
  ])("%j: exit 2 with a message", async (args, message, extra) => {
    const { code, stderr } = await runTpa(["verify", ...args], { ...env, ...extra });
    expect(stderr).toContain(message);
    expect(code).toBe(2);
    expect(emulator.requests).toEqual([]);
  });
});
