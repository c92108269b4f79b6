// Teams that write HCL or use auth0-deploy-cli install the package without cdktf or cdktn (optional peers):
// the commands that only read and report run; the ones that synthesize say what to install.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./support/cli";
import { tmpDir, writeFiles } from "./support/tmp";

/** The built package with every dependency of the project but cdktf and cdktn (linked), as npx installs it for `tpa check`. */
function packageWithoutCdk(): string {
  const pkg = path.join(tmpDir("tpa-no-cdk-"), "package");
  fs.mkdirSync(path.join(pkg, "node_modules"), { recursive: true });
  // copies, not links: Node resolves a module from its real path, where the project's own cdktf is
  for (const entry of ["bin", "dist", "provider-schema", "package.json"]) fs.cpSync(path.join(ROOT, entry), path.join(pkg, entry), { recursive: true });
  for (const dep of fs.readdirSync(path.join(ROOT, "node_modules"))) {
    if (!/^(cdktf|cdktn)(-cli)?$/.test(dep)) fs.symlinkSync(path.join(ROOT, "node_modules", dep), path.join(pkg, "node_modules", dep));
  }
  return pkg;
}

test("tpa check, rules and audit run without cdktf or cdktn; synth says what to install (exit 2)", () => {
  const pkg = packageWithoutCdk();
  const tpa = (...args: string[]) => spawnSync(process.execPath, [path.join(pkg, "bin", "tpa.js"), ...args], { cwd: pkg, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  const hcl = writeFiles({ "main.tf": 'resource "auth0_client" "p" {\n  name           = "P"\n  is_first_party = false\n  grant_types    = ["implicit"]\n}\n' });
  const checked = tpa("check", hcl, "--format", "json");
  expect(checked.status).toBe(1);
  expect((JSON.parse(checked.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).toContain("TPA101");
  expect(tpa("rules").status).toBe(0);
  const snapshot = path.join(hcl, "snapshot.json");
  fs.writeFileSync(snapshot, JSON.stringify({ kind: "tpa-tenant-snapshot", version: 1, source: { type: "management-api" }, tenantSettings: null, prompts: null, clients: [], clientGrants: [], resourceServers: [], rules: [], hooks: [], organizations: [] }));
  expect(tpa("audit", "--from", snapshot, "--format", "json").status).toBe(0);
  const synth = tpa("synth", "--out", path.join(hcl, "out"));
  expect([synth.status, synth.stderr]).toEqual([2, expect.stringMatching(/^tpa: neither cdktf nor cdktn is installed, and tpa synth needs one: add one to your app/)]);
});
