// Strings from environment files (and from tenants, through tpa import) are data: Terraform must plan the
// literal the policy checked, never evaluate `${...}` or `%{...}` in them. Proved with real Terraform (the
// offline provider in tools/, as in test/terraform.test.ts).
import * as fs from "node:fs";
import * as path from "node:path";
import { fromTerraformLiteral, hasTemplateSequence, sharedTerraformLiterals, terraformLiteral, terraformLiterals } from "../policy/terraform-literal";
import { copyStack, planFromEmptyState, setupOfflineTerraform } from "../tools/offline-terraform";
import { auditCommand } from "../cli/audit-command";
import { importCommand } from "../cli/import-command";
import { runCommand } from "./support/capture";
import { tpa } from "./support/cli";
import { tmpDir, writeFiles } from "./support/tmp";

const HOSTILE_NAME = '${file("/proc/self/environ")}';
const DIRECTIVE = '%{ if true }evaluated%{ endif } $$${x} 100%';

function yaml(app: string): string {
  return `tenant:\n  domain: acme-dev.eu.auth0.com\napps:\n${app}`;
}

describe("Terraform template sequences in configuration are literal text", () => {
  test("escaping round-trips and only unescaped sequences count as expressions", () => {
    for (const s of [HOSTILE_NAME, DIRECTIVE, "plain", "$${already}", "100%{x}", "$$${y}"]) {
      expect(fromTerraformLiteral(terraformLiteral(s))).toBe(s);
      expect(hasTemplateSequence(terraformLiteral(s))).toBe(false);
    }
    expect(hasTemplateSequence("${auth0_client.x.client_id}")).toBe(true);
    expect(hasTemplateSequence("%{ if x }y%{ endif }")).toBe(true);
  });

  test("sharedTerraformLiterals (the audit's policy view) escapes as terraformLiterals does, sharing only what needs no escaping", () => {
    const plain = { callbacks: ["https://a.test/cb"], jwt: { alg: "RS256" } };
    const data = { name: HOSTILE_NAME, ...plain, list: ["ok", DIRECTIVE], n: 3, flag: false, none: null };
    const before = JSON.stringify(data);
    const shared = sharedTerraformLiterals(data);
    expect(shared).toEqual(terraformLiterals(data));
    expect(JSON.stringify(data)).toBe(before);
    expect(shared).not.toBe(data);
    expect(shared.list).not.toBe(data.list);
    expect(shared.callbacks).toBe(data.callbacks);
    expect(shared.jwt).toBe(data.jwt);
    expect(sharedTerraformLiterals(plain)).toBe(plain);
    expect(Object.keys(shared)).toEqual(Object.keys(data));
  });

  test("the synthesized stack holds the escaped literal", () => {
    const out = path.join(tmpDir(), "out");
    const app = `  - id: portal\n    mode: strict\n    name: '${HOSTILE_NAME}'\n    description: '${DIRECTIVE}'\n    clientMetadata: { note: '\${var.x}' }\n`;
    const result = tpa("synth", "--config", writeFiles({ "dev.yaml": yaml(app) }), "--out", out);
    expect(result.code).toBe(0);
    const json = JSON.parse(fs.readFileSync(path.join(out, "stacks", "dev", "cdk.tf.json"), "utf8"));
    const client = json.resource.auth0_client.apps_portal_strict;
    expect(client.name).toBe('$${file("/proc/self/environ")}');
    expect(client.description).toBe("%%{ if true }evaluated%%{ endif } $$$${x} 100%");
    expect(client.client_metadata).toEqual({ note: "$${var.x}" });
  });

  test.each([
    ["grantTypes", `    grantTypes: ['\${"implicit"}']\n`, "TPA101"],
    ["jwtAlg", `    jwtAlg: '\${"HS256"}'\n`, "TPA107"],
  ])("the policy judges the literal of %s: an error, not an 'only known at apply' warning", (_key, line, rule) => {
    const out = path.join(tmpDir(), "out");
    const result = tpa("synth", "--config", writeFiles({ "dev.yaml": yaml(`  - id: portal\n    mode: strict\n${line}`) }), "--out", out, "--format", "json");
    expect(result.code).toBe(1);
    const findings = JSON.parse(result.stdout).policy.findings as { ruleId: string; severity: string }[];
    expect(findings.filter((f) => f.ruleId === rule).map((f) => f.severity)).toContain("error");
  });

  test("real Terraform plans the literal name, not the evaluated expression", async () => {
    const out = path.join(tmpDir(), "out");
    const app = `  - id: portal\n    mode: strict\n    name: '${HOSTILE_NAME}'\n    description: '${DIRECTIVE}'\n    callbacks: ['https://x.example.com/\${path.cwd}']\n`;
    expect(tpa("synth", "--config", writeFiles({ "dev.yaml": yaml(app) }), "--out", out).code).toBe(0);
    const tf = setupOfflineTerraform();
    try {
      const work = path.join(tf.dir, "plan");
      copyStack(path.join(out, "stacks", "dev"), work);
      const plan = await planFromEmptyState(work, tf.env);
      expect(plan.plan?.stderr ?? plan.init.stderr).toBe("");
      const change = plan.json!.resource_changes!.find((c) => c.address === "auth0_client.apps_portal_strict")!;
      expect(change.change.after).toMatchObject({
        name: HOSTILE_NAME,
        description: DIRECTIVE,
        callbacks: ["https://x.example.com/${path.cwd}"],
      });
    } finally {
      tf.dispose();
    }
  }, 120_000);

  describe("from a tenant", () => {
    const snapshot = () => {
      const file = path.join(tmpDir(), "tenant.json");
      const client = { client_id: "AbCdEfGhIjKlMnOpQrStUvWxYz012345", name: HOSTILE_NAME, is_first_party: false, third_party_security_mode: "strict", app_type: "regular_web", grant_types: ['${"implicit"}'], callbacks: ["https://p.example.com/cb"] };
      fs.writeFileSync(file, JSON.stringify({ kind: "tpa-tenant-snapshot", version: 1, source: { type: "management-api" }, domain: "acme.eu.auth0.com", tenantSettings: null, prompts: null, clients: [client], clientGrants: [], resourceServers: [], rules: [], hooks: [], organizations: [] }));
      return file;
    };

    test("tpa audit judges the literal a DCR client registered: TPA101, not 'only known at apply'", async () => {
      const result = await runCommand(auditCommand, ["--from", snapshot(), "--format", "json"], { env: { TPA_TODAY: "2026-12-01" } });
      expect(result.code).toBe(0);
      const blockers = JSON.parse(result.stdout).apps[0].blockers as { ruleId: string; message: string }[];
      expect(blockers.map((b) => b.ruleId)).toContain("TPA101");
      expect(blockers.some((b) => /only known at apply/.test(b.message))).toBe(false);
    });

    test("what tpa import copies from a tenant is synthesized as the literal", async () => {
      const dir = tmpDir();
      const imported = await runCommand(importCommand, ["--from", snapshot(), "--environment", "dev", "--out", dir], { env: { TPA_TODAY: "2026-12-01" } });
      expect(imported.code).toBe(0);
      const out = path.join(tmpDir(), "out");
      tpa("synth", "--config", dir, "--out", out, "--format", "json");
      const reports = JSON.parse(fs.readFileSync(path.join(out, "policy-report.json"), "utf8"));
      expect(reports.findings.filter((f: { ruleId: string; severity: string }) => f.ruleId === "TPA101").map((f: { severity: string }) => f.severity)).toContain("error");
      const text = fs.readFileSync(path.join(dir, "dev.yaml"), "utf8");
      expect(text).toContain("${file(");
    });
  });
});

test("tpa diff --plan judges a plan's evaluated values as literals", () => {
  const file = path.join(tmpDir(), "plan.json");
  const after = { name: "${x}", is_first_party: false, third_party_security_mode: "strict", app_type: "regular_web", grant_types: ['${"implicit"}'] };
  fs.writeFileSync(file, JSON.stringify({ format_version: "1.2", resource_changes: [{ address: "auth0_client.x", type: "auth0_client", name: "x", change: { actions: ["create"], before: null, after } }] }));
  const result = tpa("diff", "--plan", file, "--environment", "dev", "--format", "json");
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(/TPA101/);
});

test("limits count the literal Auth0 receives, not its escaping", () => {
  const description = `\${x}${"d".repeat(136)}`; // 140 characters
  const yaml = `tenant:\n  domain: acme-dev.eu.auth0.com\napps:\n  - id: portal\n    mode: strict\n    description: '${description}'\n`;
  expect(tpa("synth", "--config", writeFiles({ "dev.yaml": yaml }), "--out", path.join(tmpDir(), "out")).code).toBe(0);
});
