// A permissive app keeps its justification and review date in 2 of Auth0's 10 client_metadata keys, unless it is
// adopted (importClientId) and not asked to record them (recordReasonInMetadata): then all 10 are the tenant's own.
// An adopted permissive client with 9 or 10 keys imports and synthesizes, and its first plan changes nothing.
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../cli/tpa";
import { savedSnapshot } from "./support/snapshot";
import { collect, tpa } from "./support/cli";
import { tmpDir, writeFiles } from "./support/tmp";
import { withToday, withTodayAsync } from "./support/today";

const TODAY = "2026-12-01";
const metadata = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${i}`, `value ${i}`]));

test("an adopted permissive client with 10 metadata keys: imported (exit 0, nothing changed), then synthesized", async () => {
  const work = tmpDir();
  const snapshot = savedSnapshot(work, [
    {
      client_id: "c0000000000000000000000000000001",
      name: "Legacy reporting",
      is_first_party: false,
      third_party_security_mode: "permissive",
      app_type: "regular_web",
      grant_types: ["authorization_code", "implicit"],
      callbacks: ["https://reports.example.com/callback"],
      client_metadata: metadata(10),
    },
  ]);
  const out = collect();
  const err = collect();
  const environments = path.join(work, "environments");
  const code = await withTodayAsync(TODAY, () => main(["import", "--from", snapshot, "--environment", "prod", "--out", environments], out.stream, err.stream));
  expect(`${out.text()}${err.text()}`).toContain("The first plan imports 1 object(s) and changes 0 of them.");
  expect(code).toBe(0);
  expect(fs.readFileSync(path.join(environments, "prod.yaml"), "utf8")).toContain("key9: value 9");
  const synth = withToday(TODAY, () => tpa("synth", "--config", environments, "--out", path.join(work, "cdktf.out")));
  expect(synth.stderr).toBe("");
  expect(synth.code).toBe(0);
});

describe("the metadata budget in the environment file", () => {
  const app = (extra: string, keys: number) =>
    "tenant:\n  domain: acme-dev.eu.auth0.com\n  permissiveEligible: true\napps:\n  - id: legacy\n    mode: permissive\n" +
    "    justification: Needs ID tokens until the partner moves (PART-1)\n    reviewBy: 2027-06-30\n    appType: regular_web\n" +
    `    grantTypes: [authorization_code]\n    callbacks: ["https://l.example.com/cb"]\n${extra}    clientMetadata:\n` +
    Object.entries(metadata(keys)).map(([k, v]) => `      ${k}: ${v}\n`).join("");
  const synth = (text: string) => withToday(TODAY, () => tpa("synth", "--config", writeFiles({ "dev.yaml": text }), "--out", path.join(tmpDir(), "out")));

  test("adopted, not recording its reason: all 10 keys are its own", () => {
    expect(synth(app("    importClientId: c0000000000000000000000000000001\n", 10)).code).toBe(0);
  });

  test.each([
    ["a new app", "", 9],
    ["an adopted app asked to record its reason", "    importClientId: c0000000000000000000000000000001\n    recordReasonInMetadata: true\n", 9],
  ])("%s: at most 8 keys of its own, refused at the file's line", (_what, extra, keys) => {
    const result = synth(app(extra, keys));
    expect(result.stderr).toMatch(/dev\.yaml:\d+:\d+: apps\[0\]\.clientMetadata: a permissive app keeps its justification and review date in 2 metadata keys, so at most 8 are left/);
    expect(result.code).toBe(2);
  });
});
