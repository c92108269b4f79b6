// Adoption proved with real Terraform (issue 13, Build 5): `tpa import` → `tpa synth` → `terraform plan`,
// offline, with the offline provider answering ImportResourceState / ReadResource from the tenant snapshot
// (TPA_PROVIDER_TENANT) as the real provider's read code maps the Management API's objects. The first plan
// must only import: N to import, 0 to add, 0 to change, 0 to destroy.
import * as fs from "node:fs";
import * as path from "node:path";
import { auditCommand } from "../cli/audit-command";
import { importCommand } from "../cli/import-command";
import { synth } from "../cli/synth-command";
import { readKeywordMappings } from "../audit/deploy-cli";
import { loadSnapshot, saveSnapshot } from "../audit/snapshot";
import { copyStack, OfflineTerraform, planFromEmptyState, setupOfflineTerraform, StackPlan } from "../tools/offline-terraform";
import { runCommand } from "./support/capture";
import { ROOT } from "./support/cli";
import { ManagementApiEmulator } from "../emulator/management-api";
import { seedTenant } from "./support/seed-tenant";
import { auth0Config } from "./support/terraform";
import { tmpDir } from "./support/tmp";

const TODAY = "2026-12-01";
const FIXTURES = path.join(ROOT, "test", "fixtures", "deploy-cli");

/** import → synth → plan over the snapshot; the plan's text and JSON. */
async function firstPlan(tf: OfflineTerraform, from: string, snapshotFile: string, extra: string[] = []): Promise<{ imported: string; plan: StackPlan }> {
  const work = tmpDir("tpa-adopt-tf-");
  const envDir = path.join(work, "environments");
  const imported = await runCommand(importCommand, ["--from", from, "--environment", "prod", "--out", envDir, ...extra], { env: { TPA_TODAY: TODAY } });
  expect(imported.code).toBe(0);
  const result = synth({ configDir: envDir, outDir: path.join(work, "cdktf.out"), today: TODAY });
  expect(result.written).toBe(true);
  const stackCopy = path.join(work, "plan");
  copyStack(path.join(work, "cdktf.out", "stacks", "prod"), stackCopy);
  const plan = await planFromEmptyState(stackCopy, { ...tf.env, TPA_PROVIDER_TENANT: snapshotFile });
  return { imported: imported.stdout, plan };
}

function planLine(plan: StackPlan): string {
  if (!plan.json) throw new Error(`terraform failed:\n${plan.init.stderr}\n${plan.plan?.stdout}\n${plan.plan?.stderr}`);
  return /Plan: .*/.exec(plan.plan!.stdout)?.[0] ?? `(no plan line)\n${plan.plan!.stdout}`;
}

/** Every resource change that is not a pure import (no-op action), with the attributes that differ. */
function nonImports(plan: StackPlan): string[] {
  planLine(plan);
  return (plan.json!.resource_changes ?? [])
    .filter((c) => !(c.change.actions.length === 1 && c.change.actions[0] === "no-op"))
    .map((c) => `${c.address}: ${c.change.actions.join("+")}`);
}

describe("the first plan after tpa import only imports (real Terraform, offline provider over the snapshot)", () => {
  let tf: OfflineTerraform;
  beforeAll(() => {
    tf = setupOfflineTerraform();
  });
  afterAll(() => tf?.dispose());

  test("an auth0-deploy-cli export (identifiers, keyword markers, Classic Login page, grants by name)", async () => {
    const snapshotFile = path.join(tmpDir(), "snapshot.json");
    const from = path.join(FIXTURES, "yaml", "tenant.yaml");
    const keywords = path.join(FIXTURES, "config.json");
    // the snapshot as a user makes it: tpa audit --save, keywords resolved
    const audited = await runCommand(auditCommand, ["--from", from, "--keywords", keywords, "--save", snapshotFile, "--format", "json"], { env: { TPA_TODAY: TODAY } });
    expect(audited.code).toBe(0);
    const { imported, plan } = await firstPlan(tf, from, snapshotFile, ["--keywords", keywords, "--domain", "acme-prod.eu.auth0.com"]);
    expect(imported).toMatch(/The first plan imports 13 object\(s\) and changes 0 of them\./);
    expect(nonImports(plan)).toEqual([]);
    expect(planLine(plan)).toBe("Plan: 13 to import, 0 to add, 0 to change, 0 to destroy.");
  });

  test("the emulator's seed tenant, saved by tpa audit --save", async () => {
    const emulator = await ManagementApiEmulator.start();
    const snapshotFile = path.join(tmpDir(), "snapshot.json");
    try {
      await seedTenant(emulator, 2);
      const env = { AUTH0_DOMAIN: emulator.domain, AUTH0_API_TOKEN: emulator.issueToken(), TPA_TODAY: TODAY };
      expect((await runCommand(auditCommand, ["--save", snapshotFile, "--format", "json"], { env, fetch: emulator.fetch })).code).toBe(0);
    } finally {
      await emulator.close();
    }
    const { imported, plan } = await firstPlan(tf, snapshotFile, snapshotFile);
    // The client created before third_party_security_mode existed is adopted without one (keepModeUnset).
    expect(imported).toMatch(/The first plan imports 17 object\(s\) and changes 0 of them\./);
    expect(nonImports(plan)).toEqual([]);
    const widget = plan.json!.resource_changes!.find((c) => c.address === "auth0_client.apps_old-widget_permissive")!;
    expect(widget.change.actions).toEqual(["no-op"]);
    expect((widget.change.after as Record<string, unknown>).third_party_security_mode).toBe("");
    expect(planLine(plan)).toBe("Plan: 17 to import, 0 to add, 0 to change, 0 to destroy.");
  });

  test("an API with several scopes without descriptions: the offline provider reads the set as the provider does, no change", async () => {
    const snapshotFile = path.join(tmpDir(), "snapshot.json");
    fs.writeFileSync(
      snapshotFile,
      JSON.stringify({
        kind: "tpa-tenant-snapshot",
        version: 1,
        source: { type: "management-api" },
        domain: "acme-prod.eu.auth0.com",
        tenantSettings: null,
        prompts: null,
        clients: [],
        clientGrants: [],
        organizations: [],
        rules: [],
        hooks: [],
        resourceServers: [
          {
            id: "rs_orders",
            name: "Orders",
            identifier: "https://api.acme.test/orders",
            scopes: [{ value: "read:orders" }, { value: "write:orders" }, { value: "cancel:orders" }],
            subject_type_authorization: { user: { policy: "require_client_grant" }, client: { policy: "require_client_grant" } },
          },
        ],
      }),
    );
    const { imported, plan } = await firstPlan(tf, snapshotFile, snapshotFile);
    expect(imported).toMatch(/The first plan imports 2 object\(s\) and changes 0 of them\./);
    expect(nonImports(plan)).toEqual([]);
    expect(planLine(plan)).toBe("Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.");
  });

  test("a secret in client_metadata, which the file cannot keep: tpa import counts the change that Terraform plans", async () => {
    // the tenant as Auth0 holds it, secret included: what the offline provider reads
    const tenantFile = path.join(tmpDir(), "tenant.json");
    const client = {
      client_id: "tpc_metaMetaMetaMetaMeta01",
      name: "Partner",
      app_type: "regular_web",
      is_first_party: false,
      third_party_security_mode: "strict",
      grant_types: ["authorization_code", "refresh_token"],
      callbacks: ["https://partner.example.com/cb"],
      oidc_conformant: true,
      token_endpoint_auth_method: "client_secret_post",
      client_metadata: { team: "crm", api_key: "sk_live_0123456789abcdef" },
    };
    const empty = { clientGrants: [], organizations: [], rules: [], hooks: [], resourceServers: [] };
    const tenant = { kind: "tpa-tenant-snapshot", version: 1, source: { type: "management-api" }, domain: "acme-prod.eu.auth0.com", tenantSettings: null, prompts: null, clients: [client], ...empty };
    fs.writeFileSync(tenantFile, JSON.stringify(tenant));
    const { imported, plan } = await firstPlan(tf, tenantFile, tenantFile);
    expect(imported).toMatch(/The first plan imports 2 object\(s\) and changes 1 of them\./);
    expect(imported).toContain('| auth0_client.apps_partner_strict | client_metadata | {"team":"crm","api_key":"(a secret, not kept)"} | {"team":"crm"} |');
    expect(imported).not.toContain("sk_live");
    expect(nonImports(plan)).toEqual(["auth0_client.apps_partner_strict: update"]);
    expect(planLine(plan)).toBe("Plan: 2 to import, 0 to add, 1 to change, 0 to destroy.");
  });

  test("like the provider, the offline one refuses to import a CIMD client or an object the tenant lacks", async () => {
    const snapshotFile = path.join(tmpDir(), "cimd.json");
    const cimd = { client_id: "tpc_cimdCimdCimdCimdCimd01", name: "MCP", is_first_party: false, external_metadata_type: "cimd" };
    fs.writeFileSync(snapshotFile, JSON.stringify({ tenantSettings: null, prompts: null, clients: [cimd], clientGrants: [], resourceServers: [] }));
    const dir = tmpDir("tpa-adopt-cimd-");
    const config = JSON.parse(auth0Config({ auth0_client: { mcp: { name: "MCP" }, other: { name: "Other" } } }));
    config.import = [
      { to: "auth0_client.mcp", id: cimd.client_id },
      { to: "auth0_client.other", id: "not-in-the-tenant" },
    ];
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(config));
    const plan = await planFromEmptyState(dir, { ...tf.env, TPA_PROVIDER_TENANT: snapshotFile });
    expect(plan.plan?.code).toBe(1);
    expect(plan.plan?.stderr).toMatch(/client "tpc_cimdCimdCimdCimdCimd01" is a CIMD client\. Use the auth0_client_cimd resource/);
    expect(plan.plan?.stderr).toMatch(/Cannot import non-existent remote object/);
  });

  test("the snapshot is what answers: a tenant whose client differs from the file shows the change", async () => {
    const from = path.join(FIXTURES, "yaml", "tenant.yaml");
    const keywords = path.join(FIXTURES, "config.json");
    const snapshot = loadSnapshot(from, { keywords: readKeywordMappings(keywords) });
    const drifted = { ...snapshot, clients: snapshot.clients.map((c) => (c.name === "Classic Partner" ? { ...c, sso: false } : c)) };
    const snapshotFile = path.join(tmpDir(), "drifted.json");
    saveSnapshot(snapshotFile, drifted);
    const { plan } = await firstPlan(tf, from, snapshotFile, ["--keywords", keywords, "--domain", "acme-prod.eu.auth0.com"]);
    expect(nonImports(plan)).toEqual(["auth0_client.apps_classic-partner_permissive: update"]);
    expect(planLine(plan)).toBe("Plan: 13 to import, 0 to add, 1 to change, 0 to destroy.");
  });
});

test("fixtures stay in deploy-cli's formats: the directory export reads as the YAML one", () => {
  const keywords = readKeywordMappings(path.join(FIXTURES, "config.json"));
  const sorted = (l: readonly object[]) => l.map((o) => JSON.stringify(o)).sort();
  const strip = (s: ReturnType<typeof loadSnapshot>) => ({ clients: sorted(s.clients), grants: sorted(s.clientGrants), apis: sorted(s.resourceServers), tenant: s.tenantSettings, prompts: s.prompts });
  expect(strip(loadSnapshot(path.join(FIXTURES, "directory"), { keywords }))).toEqual(strip(loadSnapshot(path.join(FIXTURES, "yaml", "tenant.yaml"), { keywords })));
  expect(fs.existsSync(path.join(FIXTURES, "directory", "grants", "Strict Partner-Orders API.json"))).toBe(true);
});
