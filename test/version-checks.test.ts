// cdktf checks the Terraform version once per resource with an import block, by running `terraform version`.
// An adopted tenant has an import block per app, credentials and grant: tpa import and tpa synth must run the
// check once per synth, not once per block (4,500 apps took 13 minutes before). Counted with a `terraform` on
// PATH that records each call and runs the real one.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeLargeSnapshot } from "../bench/snapshot";
import { ROOT } from "./support/cli";
import { tmpDir } from "./support/tmp";

const TPA = path.join(ROOT, "bin", "tpa.js");

/** A folder with a `terraform` that logs each call to `log` and then runs the real one found on PATH. */
function countingTerraform(log: string): string {
  const real = spawnSync("sh", ["-c", "command -v terraform"], { encoding: "utf8" }).stdout.trim();
  expect(real).not.toBe("");
  const dir = tmpDir("tpa-terraform-");
  fs.writeFileSync(path.join(dir, "terraform"), `#!/bin/sh\necho "$*" >> "${log}"\nexec "${real}" "$@"\n`, { mode: 0o755 });
  return dir;
}

test("an adopted tenant of 60 apps: one `terraform version` per synth, in tpa import and in tpa synth", () => {
  const work = tmpDir();
  const snapshot = path.join(work, "snapshot.json");
  writeLargeSnapshot(snapshot, 60, 3);
  const log = path.join(work, "terraform-calls.log");
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", PATH: `${countingTerraform(log)}${path.delimiter}${process.env.PATH ?? ""}` };
  const run = (...args: string[]) => spawnSync(process.execPath, [TPA, ...args], { cwd: work, env, encoding: "utf8" });

  const imported = run("import", "--from", snapshot, "--environment", "prod", "--out", "adopted");
  expect(`${imported.stdout}${imported.stderr}`).toMatch(/carry importClientId/);
  expect(imported.status).toBe(0);
  const synth = run("synth", "--config", "adopted", "--out", "out");
  expect(synth.status).toBe(0);
  const blocks = (JSON.parse(fs.readFileSync(path.join(work, "out", "stacks", "prod", "cdk.tf.json"), "utf8")) as { import: unknown[] }).import;
  expect(blocks.length).toBeGreaterThan(100); // an app, its credentials and its grant each

  // import synthesizes the generated file once (no base.yaml beside it), synth once: one check each
  expect(fs.readFileSync(log, "utf8").trim().split("\n")).toEqual(["version", "version"]);
}, 120_000);
