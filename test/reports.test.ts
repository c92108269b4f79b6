import { withToday } from "./support/today";
import "@microsoft/jest-sarif";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatRules } from "../cli/rules-command";
import { ALL_RULES } from "../policy";
import { EXAMPLE, ROOT, tpa } from "./support/cli";
import { listTree, tmpDir, writeFiles } from "./support/tmp";

const IMPLICIT = [
  "tenant: { domain: acme-dev.eu.auth0.com }",
  "apps:",
  "  - id: portal",
  "    name: Portal",
  "    mode: strict",
  "    grantTypes: [authorization_code, implicit]",
  "    callbacks: [https://portal.example.com/cb]",
  "",
].join("\n");


const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

describe("a strict app asking for implicit", () => {
  const dir = writeFiles({ "dev.yaml": IMPLICIT });
  const out = path.join(tmpDir(), "cdktf.out");
  fs.mkdirSync(path.join(out, "stacks", "dev"), { recursive: true });
  fs.writeFileSync(path.join(out, "stacks", "dev", "cdk.tf.json"), "{}"); // a stale stack from an earlier run
  const result = withToday("2026-12-01", () => tpa("synth", "--config", dir, "--out", out));

  test("exits 1 and prints TPA101 with the resource, the construct path, the file line and the fix", () => {
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/auth0_client\.apps_portal_strict \(dev\/apps\/portal\/client\)\s+\[apps\/portal\]\s+\S*dev\.yaml:6/);
    expect(result.stderr).toMatch(/ERROR TPA101 grant type implicit not allowed for strict apps under strict-2026-05/);
    expect(result.stderr).toMatch(/fix: Remove the grant type/);
    expect(result.stderr).toMatch(/no stack was written/);
  });

  test("writes both reports and no cdk.tf.json; the stale stack is gone", () => {
    expect(listTree(out)).toEqual(["policy-report.json", "policy-report.sarif"]);
    // no empty stacks/dev/ either: `[ -d cdktf.out/stacks ]` says whether a stack was written
    expect(fs.readdirSync(out).sort()).toEqual(["policy-report.json", "policy-report.sarif"]);
  });

  test("policy-report.json has the documented shape", () => {
    const report = readJson(path.join(out, "policy-report.json"));
    expect(report).toEqual({
      version: 1,
      profile: "strict-2026-05",
      stacks: [{ name: "dev", profile: "strict-2026-05" }],
      findings: [
        expect.objectContaining({
          ruleId: "TPA101",
          severity: "error",
          stack: "dev",
          path: "dev/apps/portal/client",
          target: "apps/portal",
          message: expect.stringContaining("implicit"),
          suppressed: false,
        }),
      ],
      summary: { errors: 1, warnings: 0, infos: 0, suppressed: 0 },
    });
  });

  test("policy-report.sarif is valid SARIF 2.1.0 and points at the environment file line", () => {
    const sarif = readJson(path.join(out, "policy-report.sarif"));
    expect(sarif).toBeValidSarifLog();
    expect({ ...sarif, runs: [{ results: [] }] }).not.toBeValidSarifLog(); // the validator does reject: a run needs a tool
    const [run] = sarif.runs;
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(ALL_RULES.map((r) => r.id));
    expect(run.results).toEqual([
      expect.objectContaining({
        ruleId: "TPA101",
        level: "error",
        locations: [
          expect.objectContaining({
            physicalLocation: {
              artifactLocation: { uri: expect.stringMatching(/dev\.yaml$/) },
              region: { startLine: 6, startColumn: 5 },
            },
          }),
        ],
      }),
    ]);
    const rule = run.tool.driver.rules[run.results[0].ruleIndex];
    expect(rule).toMatchObject({
      id: "TPA101",
      help: { text: expect.stringMatching(/Source: docs\/auth0-facts\.md#grant-types\nDetails: docs\/rules\.md#tpa101$/), markdown: expect.stringContaining("](docs/rules.md#tpa101)") },
    });
  });

  test("--profile strict-2026-04 also rejects client_credentials; an unknown profile is a usage error", () => {
    const m2m = writeFiles({
      "dev.yaml": "tenant: { domain: a.auth0.com }\napps:\n  - { id: m2m, mode: strict, appType: non_interactive, grantTypes: [client_credentials], tokenEndpointAuthMethod: private_key_jwt }\n",
    });
    const dir2 = path.join(tmpDir(), "out");
    expect(withToday("2026-12-01", () => tpa("synth", "--config", m2m, "--out", dir2)).code).toBe(0);
    expect(withToday("2026-12-01", () => tpa("synth", "--config", m2m, "--out", dir2, "--profile", "strict-2026-04")).code).toBe(1);
    expect(readJson(path.join(dir2, "policy-report.json")).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(["TPA101"]);
    const bad = tpa("synth", "--config", m2m, "--out", dir2, "--profile", "strict-2099-01");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--profile takes one of strict-2026-04, strict-2026-05/);
  });
});

describe("the embedded example", () => {
  const out = path.join(tmpDir(), "cdktf.out");
  const result = withToday("2026-12-01", () => tpa("synth", "--config", EXAMPLE, "--out", out));
  const report = readJson(path.join(out, "policy-report.json"));

  test("is clean: no unsuppressed finding", () => {
    expect(result.code).toBe(0);
    expect(report.summary).toEqual({ errors: 0, warnings: 0, infos: 0, suppressed: 1 });
  });

  test("shows its one suppression, with the reason, in every report", () => {
    const suppressed = report.findings.filter((f: { suppressed: boolean }) => f.suppressed);
    expect(suppressed).toEqual([
      expect.objectContaining({
        ruleId: "TPA112",
        stack: "dev",
        target: "apps/partner-portal",
        suppression: expect.objectContaining({ reason: expect.stringContaining("our own host"), expires: "2027-06-30" }),
      }),
    ]);
    expect(result.stdout).toMatch(/suppressed TPA112[\s\S]*reason: every dev callback is our own host/);
    const sarif = readJson(path.join(out, "policy-report.sarif"));
    expect(sarif).toBeValidSarifLog();
    expect(sarif.runs[0].results).toEqual([
      expect.objectContaining({
        ruleId: "TPA112",
        suppressions: [expect.objectContaining({ kind: "external", status: "accepted", justification: expect.stringContaining("our own host") })],
      }),
    ]);
  });
});

describe("tpa rules", () => {
  test("docs/rules.md is generated from the rule metadata and up to date", () => {
    const committed = fs.readFileSync(path.join(ROOT, "docs", "rules.md"), "utf8");
    expect(committed).toBe(`${formatRules("markdown")}\n`); // regenerate: npx tpa rules --format markdown > docs/rules.md
  });

  test("every rule has an ID, a title, a severity, its fact, its source and a fix", () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^TPA\d{3}$/);
      expect(["error", "warning", "info"]).toContain(r.severity);
      for (const text of [r.title, r.fact, r.source, r.fix]) expect(text.length).toBeGreaterThan(10);
    }
    expect(ids).toEqual(expect.arrayContaining(["TPA101", "TPA111", "TPA122", "TPA201", "TPA205", "TPA301", "TPA305"]));
  });

  test("json and text formats", () => {
    const json = JSON.parse(tpa("rules", "--format", "json").stdout);
    expect(json.rules).toHaveLength(ALL_RULES.length);
    expect(json.profiles.map((p: { id: string }) => p.id)).toEqual(["strict-2026-04", "strict-2026-05"]);
    expect(tpa("rules").stdout).toMatch(/^TPA001 {2}error/);
  });
});
