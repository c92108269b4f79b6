// Auth0 reports some blocks on clients that never used them: oidc_logout with no back-channel logout URLs. Adoption
// writes the block as the provider reads it (its required attribute included, though empty), so the file loads, the
// strict rules do not take the empty block for back-channel logout, and the first plan changes nothing.
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../cli/tpa";
import { savedSnapshot } from "./support/snapshot";
import { collect, tpa } from "./support/cli";
import { tmpDir } from "./support/tmp";
import { withToday, withTodayAsync } from "./support/today";

const TODAY = "2026-12-01";

test("a strict client with an empty oidc_logout block: imported (exit 0, nothing changed), then synthesized without policy errors", async () => {
  const work = tmpDir();
  const snapshot = savedSnapshot(work, [
    {
      client_id: "tpc_000000000000000000000001",
      name: "Partner portal",
      is_first_party: false,
      third_party_security_mode: "strict",
      app_type: "regular_web",
      grant_types: ["authorization_code"],
      callbacks: ["https://portal.example.com/callback"],
      oidc_logout: { backchannel_logout_urls: [] },
    },
  ]);
  const out = collect();
  const err = collect();
  const environments = path.join(work, "environments");
  const code = await withTodayAsync(TODAY, () => main(["import", "--from", snapshot, "--environment", "prod", "--out", environments], out.stream, err.stream));
  const said = `${out.text()}${err.text()}`;
  expect(said).toContain("changes 0 of them.");
  expect(said).not.toMatch(/TPA106|will stop/);
  expect(code).toBe(0);
  expect(fs.readFileSync(path.join(environments, "prod.yaml"), "utf8")).toMatch(/oidc_logout:\n\s+backchannel_logout_urls: \[\]/);
  const outDir = path.join(work, "cdktf.out");
  const synth = withToday(TODAY, () => tpa("synth", "--config", environments, "--out", outDir));
  expect(synth.stderr).toBe("");
  expect(synth.code).toBe(0);
  const stack = JSON.parse(fs.readFileSync(path.join(outDir, "stacks", "prod", "cdk.tf.json"), "utf8"));
  const clients = Object.values(stack.resource.auth0_client) as { oidc_logout?: unknown }[];
  expect(clients.map((c) => c.oidc_logout)).toEqual([{ backchannel_logout_urls: [] }]);
});
