// JSON inputs of large tenants: what `tpa audit --save` writes for 50,000 clients (about 100 MB) must read back,
// and so must plans past the 64 MB bound on YAML; a snapshot the heap cannot hold is refused with the fix (exit 2),
// not left to crash the process.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadSnapshot, makeSnapshot, saveSnapshot, SnapshotError } from "../audit/snapshot";
import { MAX_INPUT_BYTES } from "../config/read-file";
import { readPlan } from "../diff/inputs";
import { tmpDir } from "./support/tmp";

const TPA = path.resolve(__dirname, "..", "bin", "tpa.js");

/** A client as the Management API returns it (the fields of a recorded GET /api/v2/clients/{id}), secrets left out. */
function realisticClient(i: number): Record<string, unknown> {
  return {
    name: `Partner portal ${i}`,
    client_id: `tpc_${String(i).padStart(22, "0")}`,
    tenant: "acme",
    global: false,
    is_first_party: false,
    third_party_security_mode: "strict",
    description: "A partner's portal, registered by the partner team",
    app_type: "regular_web",
    callbacks: [`https://partner-${i}.example.com/callback`, `https://partner-${i}.example.com/silent-callback`],
    allowed_origins: [`https://partner-${i}.example.com`],
    web_origins: [`https://partner-${i}.example.com`],
    client_aliases: [],
    allowed_clients: [],
    allowed_logout_urls: [],
    grant_types: ["authorization_code", "refresh_token"],
    jwt_configuration: { alg: "RS256", lifetime_in_seconds: 36000, secret_encoded: false },
    token_endpoint_auth_method: "client_secret_post",
    oidc_conformant: true,
    sso_disabled: false,
    cross_origin_authentication: false,
    custom_login_page_on: true,
    is_token_endpoint_ip_header_trusted: false,
    refresh_token: {
      expiration_type: "expiring",
      rotation_type: "rotating",
      leeway: 0,
      token_lifetime: 2592000,
      idle_token_lifetime: 1296000,
      infinite_token_lifetime: false,
      infinite_idle_token_lifetime: false,
    },
    native_social_login: { apple: { enabled: false }, facebook: { enabled: false }, google: { enabled: false } },
    organization_usage: "deny",
    organization_require_behavior: "no_prompt",
    require_pushed_authorization_requests: false,
    require_proof_of_possession: false,
    compliance_level: null,
    client_metadata: { team: "partners", ticket: `PART-${i}` },
  };
}

function snapshotOf(clients: number) {
  return makeSnapshot({
    source: { type: "management-api", readAt: "2026-12-01T00:00:00.000Z" },
    domain: "acme.eu.auth0.com",
    tenantSettings: {},
    prompts: { universal_login_experience: "new" },
    clients: Array.from({ length: clients }, (_, i) => realisticClient(i)),
    clientGrants: [],
    resourceServers: [],
    rules: [],
    hooks: [],
    organizations: [],
  });
}

describe("snapshots of large tenants", () => {
  test("a snapshot saved for 50,000 clients is larger than the bound on YAML input, and reads back whole", () => {
    const file = path.join(tmpDir(), "prod-snapshot.json");
    saveSnapshot(file, snapshotOf(50_000));
    expect(fs.statSync(file).size).toBeGreaterThan(MAX_INPUT_BYTES);
    expect(fs.statSync(file).size).toBeLessThan(150 * 2 ** 20); // "about 100 MB" (README, Reliability)
    const read = loadSnapshot(file);
    expect(read.clients).toHaveLength(50_000);
    expect(read.clients[49_999].client_id).toBe(`tpc_${String(49_999).padStart(22, "0")}`);
  });

  test("YAML larger than the bound is refused unparsed, naming the file and what to use instead", () => {
    const file = path.join(tmpDir(), "tenant.yaml");
    fs.writeFileSync(file, `clients:\n${"  - name: App\n".repeat(Math.ceil((MAX_INPUT_BYTES + 1) / 14))}`);
    expect(() => loadSnapshot(file)).toThrow(SnapshotError);
    expect(() => loadSnapshot(file)).toThrow(/tenant\.yaml: is not JSON, and YAML of more than 67108864 bytes is not read .*tpa audit --save/);
  });

  test("a snapshot the heap cannot hold is exit 2 with the option that lets it run, before anything is read", () => {
    const file = path.join(tmpDir(), "big.json");
    saveSnapshot(file, snapshotOf(12_000)); // about 24 MB: more than a 128 MB heap can audit
    const r = spawnSync(process.execPath, ["--max-old-space-size=128", TPA, "audit", "--from", file, "--format", "json"], {
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^tpa audit: .*big\.json: is \d+ MB: auditing it takes about \d+ MB of memory, more than this Node\.js process may use \(\d+ MB\); run it with NODE_OPTIONS=--max-old-space-size=\d+/);
    expect(r.status).toBe(2);
  });
});

test("a plan past the bound on YAML input is read (JSON is bounded only by what one string holds)", () => {
  const fixture = fs.readFileSync(path.join(__dirname, "fixtures", "plan", "dev.plan.json"), "utf8");
  const file = path.join(tmpDir(), "large.plan.json");
  // the same plan with the indentation of a much larger one: Terraform's JSON is compact, so padding stands in for size
  fs.writeFileSync(file, `${fixture}${" ".repeat(MAX_INPUT_BYTES)}`);
  expect(readPlan(file).changes.length).toBe(readPlan(path.join(__dirname, "fixtures", "plan", "dev.plan.json")).changes.length);
});
