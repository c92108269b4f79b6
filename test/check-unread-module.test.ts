// A module from a registry or git is not read by tpa check: its resources are a TPA003 warning at the call, in
// every format, never a silent pass; local modules are read, and a plan (which has every module's resources)
// raises no TPA003.
import "@microsoft/jest-sarif";
import * as path from "node:path";
import { check, checkJson } from "./support/check-cli";
import { writeFiles } from "./support/tmp";

const CONFIG = {
  "main.tf": [
    'module "registry" {',
    '  source = "acme/partner-app/auth0"',
    "}",
    "",
    'module "git" {',
    '  source = "git::https://example.com/acme/partner-app.git?ref=v1.2.0"',
    "}",
    "",
    'module "local" {',
    '  source = "./modules/app"',
    "}",
    "",
  ].join("\n"),
  "modules/app/main.tf": 'resource "auth0_client" "app" {\n  name           = "Local"\n  is_first_party = false\n  third_party_security_mode = "strict"\n  app_type       = "regular_web"\n  grant_types    = ["authorization_code"]\n  callbacks      = ["https://local.example.com/cb"]\n}\n',
};

test("each remote module call is a TPA003 warning at its line, in the order written; the local module is read; exit 0 (warnings only)", async () => {
  const dir = writeFiles(CONFIG);
  const { code, report } = await checkJson(dir);
  const unread = report.findings.filter((f) => f.ruleId === "TPA003");
  expect(unread.map((f) => [f.severity, f.path, path.basename(f.location!.file), f.location!.line])).toEqual([
    ["warning", "module.registry", "main.tf", 1],
    ["warning", "module.git", "main.tf", 5],
  ]);
  expect(unread[0].message).toBe("cannot check at this point: module.registry comes from acme/partner-app/auth0, which tpa check does not read, so its resources are not checked");
  expect(unread[0].fix).toMatch(/tpa check --plan/);
  expect(report.findings.filter((f) => f.ruleId !== "TPA003")).toEqual([]);
  expect(report.summary.warnings).toBe(2);
  expect(code).toBe(0);
});

test("text and SARIF carry it too, SARIF with TPA003 in its rule catalogue", async () => {
  const dir = writeFiles(CONFIG);
  expect((await check(dir)).stdout).toMatch(/WARN {2}TPA003 cannot check at this point: module\.registry comes from acme\/partner-app\/auth0/);
  const sarif = JSON.parse((await check(dir, "--format", "sarif")).stdout);
  expect(sarif).toBeValidSarifLog();
  expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain("TPA003");
  expect(sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === "TPA003")).toHaveLength(2);
});

test("a tpa.yaml suppression of TPA003 for the module call suppresses it, with its reason, and raises no TPA002", async () => {
  const dir = writeFiles({
    ...CONFIG,
    "tpa.yaml": "suppressions:\n  - rule: TPA003\n    target: module.registry\n    reason: checked by the module's own pipeline with --plan\n    expires: 2027-06-30\n",
  });
  const { report } = await checkJson(dir);
  expect(report.findings.filter((f) => f.ruleId === "TPA003").map((f) => [f.path, f.suppressed, f.suppression?.reason])).toEqual([
    ["module.registry", true, "checked by the module's own pipeline with --plan"],
    ["module.git", false, undefined],
  ]);
  expect(report.findings.filter((f) => f.ruleId === "TPA002")).toEqual([]);
  expect(report.summary).toMatchObject({ warnings: 1, suppressed: 1 });
});
