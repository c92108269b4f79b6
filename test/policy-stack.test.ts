/** What the policy needs from the synthesized stack and the constructs: ordering of the DCR switch, code suppressions for tpa diff. */
import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { stringify } from "yaml";
import { loadEnvironments } from "../config";
import { DcrSecurityPolicy, ProtectedApi } from "../constructs";
import { PolicySuppressions } from "../policy";
import { buildApp } from "../stacks/build-app";
import { tpa } from "./support/cli";
import { resourcesOf, synthApp, testStack } from "./support/synth";
import { tmpDir, writeFiles } from "./support/tmp";
import { withToday } from "./support/today";

const EXAMPLE = path.join(__dirname, "..", "environments");

describe("14. the DCR setting is applied after the default grants", () => {
  test("DcrSecurityPolicy's auth0_tenant depends on the default grants it is given", () => {
    const { stack, synth } = testStack();
    const api = new ProtectedApi(stack, "orders", { identifier: "https://api.acme.test/orders", scopes: ["read:orders"] });
    const defaults = api.grantDefault({ subjectType: "user", scopes: ["read:orders"] });
    new DcrSecurityPolicy(stack, "dcr", { enabled: true, securityMode: "strict", defaultPermissions: [defaults.grant] });
    const tenant = Object.values(resourcesOf(synth(), "auth0_tenant"))[0];
    expect(tenant.depends_on).toEqual([`auth0_client_grant.${defaults.grant.friendlyUniqueId}`]);
  });

  test("TenantStack wires every default grant of the environment into the DCR tenant's depends_on", () => {
    const { app } = buildApp(loadEnvironments(EXAMPLE), { outdir: tmpDir() });
    const stacks = synthApp(app as App);
    for (const env of ["dev", "staging", "prod"]) {
      const grants = resourcesOf(stacks[env], "auth0_client_grant");
      const defaults = Object.keys(grants).filter((name) => grants[name].default_for === "third_party_clients").map((name) => `auth0_client_grant.${name}`);
      expect(defaults).toHaveLength(2);
      expect([...(resourcesOf(stacks[env], "auth0_tenant").dcr.depends_on as string[])].sort()).toEqual(defaults.sort());
    }
  });
});

describe("16. suppressions made in code reach tpa diff", () => {
  const env = stringify({
    tenant: { domain: "acme-dev.eu.auth0.com", environment: "dev" },
    apps: [{ id: "portal", name: "Portal", mode: "strict", grantTypes: ["authorization_code", "implicit"], callbacks: ["https://portal.example.com/cb"] }],
  });

  function synthWithCodeSuppression(): string {
    const out = tmpDir();
    const { app, stacks } = buildApp(loadEnvironments(writeFiles({ "dev.yaml": env })), { outdir: out, policy: { today: "2026-12-01" } });
    PolicySuppressions.add(stacks[0].apps.get("portal")!, { rule: "TPA101", reason: "partner moves off implicit in Q1", expires: "2027-01-31" });
    app.synth();
    return out;
  }

  test("they are written into the stack's metadata beside the configuration's", () => {
    const out = synthWithCodeSuppression();
    const json = JSON.parse(fs.readFileSync(path.join(out, "stacks", "dev", "cdk.tf.json"), "utf8")) as { "//"?: { tpa?: { suppressions?: unknown[] } } };
    const meta = json["//"]?.tpa;
    expect(meta?.suppressions).toEqual([
      expect.objectContaining({ rule: "TPA101", reason: "partner moves off implicit in Q1", expires: "2027-01-31", path: "dev/apps/portal" }),
    ]);
  });

  test("tpa diff, which re-runs the policy from the written stack, sees the finding as suppressed and passes", () => {
    const out = synthWithCodeSuppression();
    const { code, stdout } = withToday("2026-12-01", () => tpa("diff", "--base", out, "--head", out, "--format", "json"));
    const findings = (JSON.parse(stdout) as { environments: { findings: { ruleId: string; suppressed: boolean }[] }[] }).environments[0].findings;
    expect(findings.map((f) => [f.ruleId, f.suppressed])).toEqual([["TPA101", true]]);
    expect(code).toBe(0);
  });
});
