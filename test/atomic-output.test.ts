// `tpa synth` replaces its output folder as a unit, under a lock, for real: a child process running the
// built CLI is stopped at each step of the swap and killed (SIGKILL), then the folder is inspected; two runs
// race for one folder; a folder sits where a stack file goes. Requires `npm run build` (npm test does it).
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { outputSiblings } from "../cli/output";
import { ROOT, tpa } from "./support/cli";
import { listTree, tmpDir, writeFiles } from "./support/tmp";

const OLD = "tenant:\n  domain: acme-dev.eu.auth0.com\napps:\n  - { id: old-app, mode: strict }\n";
const NEW = "tenant:\n  domain: acme-dev.eu.auth0.com\napps:\n  - { id: new-app, mode: strict }\n";

/**
 * A child that runs `tpa synth` from dist/ and, when the fs function `fn` is first called with a path
 * matching `match`, prints "paused" and blocks, waiting to be killed.
 */
function pausedChild(configDir: string, out: string, fn: string, match: string): ChildProcess {
  const script = `
    const fs = require("node:fs");
    const original = fs[${JSON.stringify(fn)}];
    fs[${JSON.stringify(fn)}] = function (...args) {
      if (args.some((a) => typeof a === "string" && a.includes(${JSON.stringify(match)}))) {
        process.stdout.write("paused\\n");
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
      }
      return original.apply(this, args);
    };
    const { run } = require(${JSON.stringify(path.join(ROOT, "dist", "cli", "tpa.js"))});
    process.exitCode = run(["synth", "--config", ${JSON.stringify(configDir)}, "--out", ${JSON.stringify(out)}], process.stdout, process.stderr);
  `;
  return spawn(process.execPath, ["-e", script], { env: { ...process.env, CHECKPOINT_DISABLE: "1" }, stdio: ["ignore", "pipe", "pipe"] });
}

/** Resolves when the child says it paused; rejects if it exits first. */
function whenPaused(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (d) => {
      output += String(d);
      if (output.includes("paused")) resolve();
    });
    child.stderr!.on("data", (d) => (output += String(d)));
    child.on("exit", (code) => reject(new Error(`the child exited (${code}) without pausing:\n${output}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.on("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

const stackOf = (out: string) => fs.readFileSync(path.join(out, "stacks", "dev", "cdk.tf.json"), "utf8");

/** An output folder synthesized from OLD, with Terraform's own files in the stack folder. */
function oldOutput(): { out: string; old: string } {
  const out = path.join(tmpDir(), "cdktf.out");
  expect(tpa("synth", "--config", writeFiles({ "dev.yaml": OLD }), "--out", out).code).toBe(0);
  fs.mkdirSync(path.join(out, "stacks", "dev", ".terraform"));
  fs.writeFileSync(path.join(out, "stacks", "dev", ".terraform", "terraform.tfstate"), "{}");
  return { out, old: stackOf(out) };
}

describe("tpa synth replaces its output as a unit", () => {
  const points: [string, string, string][] = [
    ["while writing the staging folder", "writeFileSync", "policy-report.json"],
    ["before the old output is moved aside", "renameSync", ".old-"],
    ["between the two renames", "renameSync", ".staging-"],
    ["before the old output is removed", "rmSync", ".old-"],
  ];

  test.each(points)("killed %s: the old output or the new one, whole; the next run cleans up", async (_when, fn, match) => {
    const { out, old } = oldOutput();
    const child = pausedChild(writeFiles({ "dev.yaml": NEW }), out, fn, match);
    await whenPaused(child);
    await killed(child);

    const { parent } = outputSiblings(out);
    const leftovers = fs.readdirSync(parent).filter((f) => f !== "cdktf.out");
    const present = fs.existsSync(out) ? stackOf(out) : undefined;
    if (present !== undefined) {
      // whole: one of the two stacks, never a mix, and Terraform's own files kept
      expect(present === old || (present.includes("new-app") && !present.includes("old-app"))).toBe(true);
      expect(fs.existsSync(path.join(out, "stacks", "dev", ".terraform", "terraform.tfstate"))).toBe(true);
    } else {
      // only between the two renames: the old output waits beside it, whole
      expect(match).toBe(".staging-");
      const aside = leftovers.find((f) => f.startsWith(".cdktf.out.old-"))!;
      expect(stackOf(path.join(parent, aside))).toBe(old);
    }

    // The next run (here with bad input, so it writes nothing) takes over the dead run's lock, puts a
    // swapped-out output back and removes the staging folders.
    const again = tpa("synth", "--config", writeFiles({ "dev.yaml": "tenant: {}\n" }), "--out", out);
    expect(again.code).toBe(2);
    expect(fs.readdirSync(parent)).toEqual(["cdktf.out"]);
    const after = stackOf(out);
    expect(after === old || (after.includes("new-app") && !after.includes("old-app"))).toBe(true);
    expect(listTree(out)).toContain("stacks/dev/.terraform/terraform.tfstate");
  }, 60_000);

  test("synth writes into a staging folder, never straight into the output", async () => {
    const { out, old } = oldOutput();
    const before = Object.fromEntries(listTree(out).map((f) => [f, fs.readFileSync(path.join(out, f), "utf8")]));
    const child = pausedChild(writeFiles({ "dev.yaml": NEW }), out, "renameSync", ".old-");
    await whenPaused(child);
    // everything new is written by now, and the output is still byte for byte the old one
    const now = Object.fromEntries(listTree(out).map((f) => [f, fs.readFileSync(path.join(out, f), "utf8")]));
    expect(now).toEqual(before);
    const { parent } = outputSiblings(out);
    const staging = fs.readdirSync(parent).find((f) => f.startsWith(".cdktf.out.staging-"))!;
    expect(stackOf(path.join(parent, staging))).toContain("new-app");
    await killed(child);
    expect(stackOf(out)).toBe(old);
  }, 60_000);

  test("a second run into the same folder is refused while the first holds the lock, saying who holds it", async () => {
    const { out } = oldOutput();
    const child = pausedChild(writeFiles({ "dev.yaml": NEW }), out, "renameSync", ".old-");
    await whenPaused(child);
    const second = tpa("synth", "--config", writeFiles({ "dev.yaml": NEW }), "--out", out);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`being written by another tpa synth \\(pid ${child.pid} on ${os.hostname()}, since \\d{4}-`));
    await killed(child);
    expect(tpa("synth", "--config", writeFiles({ "dev.yaml": NEW }), "--out", out).code).toBe(0); // the dead run's lock is taken over
    expect(stackOf(out)).toContain("new-app");
  }, 60_000);

  test("two concurrent runs: one writes, the other is refused or follows; the output is whole", async () => {
    const out = path.join(tmpDir(), "cdktf.out");
    const run = (yaml: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(ROOT, "bin", "tpa.js"), "synth", "--config", writeFiles({ "dev.yaml": yaml }), "--out", out], {
          env: { ...process.env, CHECKPOINT_DISABLE: "1" },
        });
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += String(d)));
        child.on("exit", (code) => resolve({ code, stderr }));
      });
    const results = await Promise.all([run(OLD), run(NEW)]);
    expect(results.map((r) => r.code).sort()).toEqual(results.some((r) => r.code === 2) ? [0, 2] : [0, 0]);
    for (const r of results.filter((x) => x.code === 2)) expect(r.stderr).toMatch(/being written by another tpa synth \(pid \d+/);
    expect(stackOf(out)).toMatch(/old-app|new-app/);
    expect(fs.readdirSync(path.dirname(out))).toEqual(["cdktf.out"]);
  }, 60_000);

  test("a folder where a stack file goes is replaced with the stack file, not left beside it", () => {
    const { out } = oldOutput();
    fs.rmSync(path.join(out, "stacks", "dev", "cdk.tf.json"));
    fs.mkdirSync(path.join(out, "stacks", "dev", "cdk.tf.json"));
    expect(tpa("synth", "--config", writeFiles({ "dev.yaml": NEW }), "--out", out).code).toBe(0);
    expect(stackOf(out)).toContain("new-app");
    expect(listTree(out)).toContain("stacks/dev/.terraform/terraform.tfstate");
  });

  test("a stale lock of a dead process is taken over", () => {
    const out = path.join(tmpDir(), "cdktf.out");
    const { lock } = outputSiblings(out);
    fs.writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 1, host: os.hostname(), started: "2026-01-01T00:00:00.000Z" }));
    expect(tpa("synth", "--config", writeFiles({ "dev.yaml": NEW }), "--out", out).code).toBe(0);
    expect(fs.existsSync(lock)).toBe(false);
  });

  test("an output folder reached through a symbolic link: the folder is replaced, the link stays", () => {
    const { out } = oldOutput();
    const link = path.join(tmpDir(), "linked.out");
    fs.symlinkSync(out, link);
    expect(tpa("synth", "--config", writeFiles({ "dev.yaml": NEW }), "--out", link).code).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(stackOf(link)).toContain("new-app");
    expect(fs.readdirSync(path.dirname(link))).toEqual(["linked.out"]);
  });

  test("an --out that is or holds the working folder or the environment files is refused, nothing replaced", () => {
    const config = writeFiles({ "dev.yaml": NEW });
    for (const out of [process.cwd(), path.dirname(process.cwd()), config, path.dirname(config)]) {
      const r = tpa("synth", "--config", config, "--out", out);
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/--out .* is or holds (the working folder|the input .*), and tpa replaces --out as a whole: pass a folder of its own/)]);
    }
    expect(fs.readdirSync(config)).toEqual(["dev.yaml"]);
  });

  test("the output folder keeps its mode, and a new one gets the mode mkdir gives (not a temporary folder's 0700)", () => {
    const { out } = oldOutput();
    fs.chmodSync(out, 0o750);
    expect(tpa("synth", "--config", writeFiles({ "dev.yaml": NEW }), "--out", out).code).toBe(0);
    expect(fs.statSync(out).mode & 0o777).toBe(0o750);
    const fresh = path.join(tmpDir(), "cdktf.out");
    expect(tpa("synth", "--config", writeFiles({ "dev.yaml": NEW }), "--out", fresh).code).toBe(0);
    const probe = path.join(tmpDir(), "probe");
    fs.mkdirSync(probe);
    expect(fs.statSync(fresh).mode & 0o777).toBe(fs.statSync(probe).mode & 0o777);
  });
});
