// Acceptance: environment files as other teams write them (layouts, YAML features, awkward ids), through
// `tpa synth` and `tpa diff` in-process. Each case states what a user sees: the exit code, the file:line
// message with its fix, and what is (not) written.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseAppAddress } from "../policy/conventions";
import { tpa } from "./support/cli";
import { tmpDir, writeFiles } from "./support/tmp";
import { withToday } from "./support/today";

const TODAY = "2026-12-01";
const run = (...args: string[]) => withToday(TODAY, () => tpa(...args));

/** Synthesizes a folder into a fresh --out; returns the result and the folder's entries afterwards. */
function synth(config: string, ...args: string[]) {
  const parent = tmpDir();
  const out = path.join(parent, "cdktf.out");
  const result = run("synth", "--config", config, "--out", out, ...args);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  return { ...result, out, written: fs.readdirSync(parent) };
}

describe("app ids that are mode words", () => {
  // An app whose id is `strict` has the address apps_strict_<mode>; one whose id is `permissive`,
  // apps_permissive_<mode>. Switching the first one's mode must pair it with itself, not with the other app.
  const env = (strictAppMode: "strict" | "permissive") =>
    [
      "tenant: { domain: acme-prod.eu.auth0.com, permissiveEligible: true }",
      "apis:",
      "  - { id: strict, identifier: https://api.example.com/strict, scopes: [read:x] }",
      "apps:",
      "  - id: strict",
      `    mode: ${strictAppMode}`,
      ...(strictAppMode === "permissive" ? ["    justification: needs ID tokens until strict apps get OIDC", "    reviewBy: 2027-03-31"] : []),
      "    callbacks: [https://p.example.com/cb]",
      "    apis: [strict]",
      "    permissions: [{ api: strict, subjectType: user, scopes: [read:x] }]",
      "  - id: permissive",
      "    mode: strict",
      "    callbacks: [https://q.example.com/cb]",
      "    apis: [strict]",
      "    permissions: [{ api: strict, subjectType: user, scopes: [read:x] }]",
      "",
    ].join("\n");

  test("the address names the right app: the last mode segment an app suffix follows", () => {
    expect(parseAppAddress("auth0_client.apps_strict_permissive")).toEqual({ app: "auth0_client.apps_strict", mode: "permissive", rest: "" });
    expect(parseAppAddress("apps_permissive_strict_grant_strict_user")).toEqual({ app: "apps_permissive", mode: "strict", rest: "_grant_strict_user" });
    expect(parseAppAddress("apps_strict_strict_credentials")).toEqual({ app: "apps_strict", mode: "strict", rest: "_credentials" });
    // hand-written names keep their first mode segment
    expect(parseAppAddress("acme_strict_client")).toEqual({ app: "acme", mode: "strict", rest: "_client" });
  });

  test("tpa diff: switching app `strict` to strict replaces app `strict` (TPA401), and leaves app `permissive` alone", () => {
    const base = writeFiles({ "prod.yaml": env("permissive") });
    const head = writeFiles({ "prod.yaml": env("strict") });
    const result = run("diff", "--base-config", base, "--head-config", head, "--format", "json");
    const [prod] = JSON.parse(result.stdout).environments;
    expect(prod.apps).toEqual([
      expect.objectContaining({ target: "apps/strict", change: "replaced", modeBefore: "permissive", modeAfter: "strict", newClientId: true }),
    ]);
    expect(prod.findings.map((f: { ruleId: string; target: string }) => `${f.ruleId} ${f.target}`)).toEqual(["TPA401 apps/strict"]);
    expect(result.code).toBe(1);
  });
});
