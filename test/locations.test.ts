/** Structured locations: from the environment file to the findings, never through a file:line string and back. */
import * as path from "node:path";
import { locateFinding, toFileLocation } from "../cli/locations";
import { loadEnvironments } from "../config";
import type { Finding } from "../policy";
import { buildApp } from "../stacks/build-app";
import { synthesizeTenantStacks } from "../stacks/synthesize";
import { writeFiles } from "./support/tmp";
import { tmpDir } from "./support/tmp";

const TODAY = "2026-12-01";
const FILE = [
  "tenant: { domain: acme-dev.eu.auth0.com, environment: dev }", // 1
  "apps:", // 2
  "  - id: portal", // 3
  "    name: Portal", // 4
  "    mode: strict", // 5
  "    callbacks: [https://portal.example.com/cb]", // 6
  "    grantTypes: [authorization_code, implicit]", // 7
  "    oidcConformant: false", // 8
  "    redirectionPolicy: allow_always", // 9
  "suppressions:", // 10
  "  - { rule: TPA112, target: apps/portal, reason: every callback is our own host, expires: 2026-11-30 }", // 11
  "",
].join("\n");

function synthesize() {
  const dir = writeFiles({ "dev.yaml": FILE });
  const environments = loadEnvironments(dir);
  const { stacks } = buildApp(environments, { outdir: tmpDir(), policy: { aspect: false, today: TODAY } });
  const [{ policy }] = synthesizeTenantStacks(stacks);
  const file = path.join(dir, "dev.yaml");
  const find = (rule: string) => policy.findings.find((f) => f.ruleId === rule) as Finding;
  return { environments, file, find };
}

describe("locations carried from the environment file to the findings", () => {
  test("a suppression's finding carries the suppression's file, line, column and key path", () => {
    const { file, find } = synthesize();
    const expired = find("TPA001");
    expect(expired.location).toEqual({ file, line: 11, column: 5, keyPath: ["suppressions", 0] });
    // policy-report.json's origin, printed from the same location
    expect(expired.origin).toBe(`${file}:11`);
  });

  test("an attribute's finding points at the key that sets it, with its key path", () => {
    const { environments, file, find } = synthesize();
    expect(locateFinding(environments, find("TPA101"))).toEqual({ file, line: 7, column: 5, keyPath: ["apps", 0, "grantTypes"] });
    expect(locateFinding(environments, find("TPA105"))).toMatchObject({ line: 8, keyPath: ["apps", 0, "oidcConformant"] });
  });

  test("SARIF takes the same place", () => {
    const { environments, file, find } = synthesize();
    expect(toFileLocation(locateFinding(environments, find("TPA101")))).toEqual({ uri: file.split(path.sep).join("/"), line: 7, column: 5 });
  });
});
