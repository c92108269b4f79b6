import * as fs from "node:fs";
import * as path from "node:path";
import { addDays } from "../constructs/dates";
import { auditCommand } from "../cli/audit-command";
import { importCommand } from "../cli/import-command";
import { loadEnvironment, loadEnvironments } from "../config";
import type { Finding } from "../policy";
import { buildApp } from "../stacks/build-app";
import { synthesizeTenantStacks } from "../stacks/synthesize";
import { runCommand } from "./support/capture";
import { ManagementApiEmulator } from "../emulator/management-api";
import { SeededTenant, seedTenant } from "./support/seed-tenant";
import { ProtectedApi, StrictThirdPartyApp } from "../constructs";
import { TerraformJson, testStack } from "./support/synth";
import { tmpDir, writeFiles } from "./support/tmp";

const TODAY = new Date().toISOString().slice(0, 10);

/** A snapshot of the seeded emulator tenant, saved by `tpa audit --save`. */
async function savedSnapshot(): Promise<{ file: string; seeded: SeededTenant; domain: string }> {
  const emulator = await ManagementApiEmulator.start();
  try {
    const seeded = await seedTenant(emulator, 2);
    const file = path.join(tmpDir(), "snapshot.json");
    const env = { AUTH0_DOMAIN: emulator.domain, AUTH0_API_TOKEN: emulator.issueToken(), TPA_TODAY: TODAY };
    const result = await runCommand(auditCommand, ["--save", file, "--format", "json"], { env, fetch: emulator.fetch });
    expect(result.code).toBe(0);
    return { file, seeded, domain: emulator.domain };
  } finally {
    await emulator.close();
  }
}

const importFrom = (...args: string[]) => runCommand(importCommand, args, { env: { TPA_TODAY: TODAY } });

/** Synthesizes a folder of environment files the way `tpa synth` does; returns each stack and the findings. */
function synthesize(configDir: string): { stacks: Record<string, TerraformJson>; findings: Finding[] } {
  const outdir = tmpDir("tpa-import-synth-");
  const { stacks } = buildApp(loadEnvironments(configDir), { outdir, policy: { aspect: false, today: TODAY } });
  const evaluated = synthesizeTenantStacks(stacks);
  return {
    stacks: Object.fromEntries(evaluated.map((s) => [s.stack.environment, s.terraform as TerraformJson])),
    findings: evaluated.flatMap((s) => s.policy.findings),
  };
}

describe("tpa import", () => {
  let snapshot: Awaited<ReturnType<typeof savedSnapshot>>;
  beforeAll(async () => {
    snapshot = await savedSnapshot();
  });

  test("writes an environment file that loads, synthesizes cleanly and adopts every client through import blocks", async () => {
    const out = path.join(tmpDir(), "environments");
    const result = await importFrom("--from", snapshot.file, "--environment", "prod", "--out", out);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Wrote .*prod\.yaml: 4 third-party app\(s\) \(1 strict, 3 permissive\), 2 API\(s\), 2 default grant\(s\), 2 per-app grant\(s\)/);
    expect(result.stderr).toMatch(/not imported: Acme MCP desktop .*Client ID Metadata Document/);
    // Computed from the synthesized attributes against the tenant's. The client created before the field existed
    // keeps no mode (keepModeUnset): Auth0 documents no way to set one after creation.
    expect(result.stdout).toMatch(/The first plan imports 17 object\(s\) and changes 0 of them\./);
    expect(result.stdout).not.toContain("third_party_security_mode");

    const env = loadEnvironment(out, "prod");
    const { seeded } = snapshot;
    expect(env.config.tenant).toMatchObject({ domain: snapshot.domain, permissiveEligible: true });
    expect(env.config.dcr).toEqual({ enabled: true, securityMode: "strict" });
    expect(env.config.apps.map((a) => [a.id, a.mode, a.importClientId])).toEqual([
      ["legacy-reporting", "permissive", seeded.legacyReporting],
      ["modern-partner", "permissive", seeded.modernPartner],
      ["old-widget", "permissive", seeded.oldWidget],
      ["partner-portal", "strict", seeded.partnerPortal],
    ]);
    const portal = env.config.apps.find((a) => a.id === "partner-portal")!;
    expect(portal).toMatchObject({
      importClientId: expect.stringMatching(/^tpc_/),
      grantTypes: ["authorization_code", "refresh_token"],
      tokenEndpointAuthMethod: "client_secret_post",
      permissions: [{ api: "orders-api", subjectType: "user", scopes: ["read:orders", "write:orders"], importId: expect.stringMatching(/^cgr_/) }],
    });
    for (const app of env.config.apps.filter((a) => a.mode === "permissive")) {
      expect(app.justification).toMatch(/^REVIEW: imported as permissive by tpa import/);
      expect(app.reviewBy).toBe(addDays(TODAY, 90));
    }
    // APIs keep their access policy: the file's default (require_client_grant) would change the tenant
    expect(env.config.apis.find((a) => a.id === "orders-api")).toMatchObject({ accessPolicy: { user: "allow_all", client: "require_client_grant" }, importId: expect.any(String) });
    expect(env.config.defaultPermissions).toEqual([
      expect.objectContaining({ api: "orders-api", subjectType: "user", scopes: ["read:orders"], importId: expect.stringMatching(/^cgr_/) }),
      expect.objectContaining({ api: "catalog-api", subjectType: "user", scopes: ["read:catalog"], importId: expect.stringMatching(/^cgr_/) }),
    ]);
    const text = fs.readFileSync(path.join(out, "prod.yaml"), "utf8");
    expect(text).toMatch(/# Auth0 reports no third_party_security_mode: the client predates the field .*\n.*declared permissive/);
    expect(text).not.toMatch(new RegExp(snapshot.seeded.secrets.join("|")));

    const { stacks, findings } = synthesize(out);
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(findings.filter((f) => f.target === "apps/partner-portal")).toEqual([]);
    const stack = stacks.prod;
    const clients = Object.entries(stack.resource?.auth0_client ?? {});
    expect(clients.map(([name]) => name).sort()).toEqual([
      "apps_legacy-reporting_permissive",
      "apps_modern-partner_permissive",
      "apps_old-widget_permissive",
      "apps_partner-portal_strict",
    ]);
    // every client is adopted, none is a plain create
    for (const [name, body] of clients) {
      const imported = stack.import?.find((i) => i.to === `auth0_client.${name}`);
      expect(imported).toBeDefined();
      expect(env.config.apps.map((a) => a.importClientId)).toContain(imported!.id);
      const modeless = name === "apps_old-widget_permissive";
      expect(body.third_party_security_mode).toBe(modeless ? undefined : name.endsWith("_strict") ? "strict" : "permissive");
    }
    expect(env.config.apps.filter((a) => a.keepModeUnset).map((a) => a.id)).toEqual(["old-widget"]);
    expect(stack.import).toEqual(
      expect.arrayContaining([
        { id: seeded.partnerPortal, to: "auth0_client.apps_partner-portal_strict" },
        { id: seeded.partnerPortal, to: "auth0_client_credentials.apps_partner-portal_strict_credentials" },
      ]),
    );
  });

  test("refuses to overwrite an existing file unless --force", async () => {
    const out = writeFiles({ "prod.yaml": "# hand-written\n" });
    const refused = await importFrom("--from", snapshot.file, "--environment", "prod", "--out", out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/prod\.yaml already exists: pass --force to overwrite it/);
    expect(fs.readFileSync(path.join(out, "prod.yaml"), "utf8")).toBe("# hand-written\n");
    const forced = await importFrom("--from", snapshot.file, "--environment", "prod", "--out", out, "--force");
    expect(forced.code).toBe(0);
    expect(loadEnvironment(out, "prod").config.apps).toHaveLength(4);
    expect(fs.readdirSync(out)).toEqual(["prod.yaml"]); // no temporary file left behind
  });

  test("a deploy-cli export: --domain supplies the domain it does not record; apps without IDs would be created", async () => {
    const dir = writeFiles({
      "tenant.yaml": [
        "clients:",
        "  - { name: Partner Portal, is_first_party: false, third_party_security_mode: strict, app_type: spa, grant_types: [authorization_code], token_endpoint_auth_method: none }",
        "resourceServers:",
        "  - { name: Orders, identifier: 'https://api.acme.test/orders', scopes: [{ value: read:orders }] }",
        "clientGrants:",
        "  - { client_id: Partner Portal, audience: 'https://api.acme.test/orders', scope: [read:orders], subject_type: user }",
        "",
      ].join("\n"),
    });
    const from = path.join(dir, "tenant.yaml");
    const out = path.join(dir, "environments");
    const noDomain = await importFrom("--from", from, "--environment", "dev", "--out", out);
    expect(noDomain.code).toBe(2);
    expect(noDomain.stderr).toMatch(/tenant\.yaml does not record the tenant's domain: pass --domain DOMAIN/);

    const result = await importFrom("--from", from, "--environment", "dev", "--out", out, "--domain", "acme-dev.eu.auth0.com");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Partner Portal: the source has no client_id, so the first plan would CREATE this app/);
    expect(result.stderr).toMatch(/API https:\/\/api\.acme\.test\/orders: the source has no API id/);
    const app = loadEnvironment(out, "dev").config.apps[0];
    expect(app).toMatchObject({ id: "partner-portal", mode: "strict", permissions: [{ api: "orders", subjectType: "user", scopes: ["read:orders"] }] });
    expect(app.importClientId).toBeUndefined();
  });

  test.each([
    ["no --from", ["--environment", "prod"], /--from FILE is required/],
    ["no --environment", ["--from", "x.json"], /--environment NAME is required/],
    ["a bad environment name", ["--from", "x.json", "--environment", "Prod!"], /--environment takes a name of lower-case letters/],
    ["a missing file", ["--from", "missing.json", "--environment", "prod"], /missing\.json: no such file or folder/],
  ])("%s: exit 2, nothing written", async (_what, args, message) => {
    const out = path.join(tmpDir(), "environments");
    const result = await importFrom(...args, "--out", out);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe("importId on APIs and grants (constructs)", () => {
  test("ProtectedApi, its scopes, default and per-app grants adopt existing objects through import blocks", () => {
    const { stack, synth } = testStack();
    const api = new ProtectedApi(stack, "orders", { identifier: "https://api.acme.test/orders", scopes: ["read:orders"], importId: "5f0c2d1e9a8b7c6d5e4f3a2b" });
    api.grantDefault({ subjectType: "user", scopes: ["read:orders"], importId: "cgr_default0000000001" });
    const app = new StrictThirdPartyApp(stack, "portal", { name: "Portal", importClientId: "tpc_aBcDeFgHiJkLmNoPqRsTuV" });
    api.grantTo(app, { subjectType: "user", scopes: ["read:orders"], importId: "cgr_perapp00000000001" });
    expect(synth().import).toEqual(
      expect.arrayContaining([
        { id: "5f0c2d1e9a8b7c6d5e4f3a2b", to: "auth0_resource_server.orders" },
        { id: "https://api.acme.test/orders", to: "auth0_resource_server_scopes.orders_scopes" },
        { id: "cgr_default0000000001", to: "auth0_client_grant.orders_default-user" },
        { id: "cgr_perapp00000000001", to: "auth0_client_grant.portal_strict_grant_orders_user" },
        { id: "tpc_aBcDeFgHiJkLmNoPqRsTuV", to: "auth0_client.portal_strict" },
      ]),
    );
  });
});
