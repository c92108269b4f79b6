// A reader that goes away before the output ends (`tpa audit | head`) stops tpa quietly, with the status of a Unix
// command stopped by SIGPIPE: no stack trace of an unhandled EPIPE.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeLargeSnapshot } from "../bench/snapshot";
import { tpaChild } from "./support/child";
import { ROOT } from "./support/cli";
import { tmpDir } from "./support/tmp";

test("tpa audit whose reader closes the pipe after the first bytes: exit 141, nothing on stderr", async () => {
  const snapshot = path.join(tmpDir(), "snapshot.json");
  writeLargeSnapshot(snapshot, 3000); // megabytes of report: more than a pipe holds
  const { child, done } = tpaChild(["audit", "--from", snapshot, "--format", "json"]);
  child.stdout!.once("data", () => child.stdout!.destroy());
  const { code, stderr } = await done;
  expect(stderr).toBe("");
  expect(code).toBe(141);
});

// /dev/full refuses every write with ENOSPC, as a full disk does
(fs.existsSync("/dev/full") ? test : test.skip)("tpa whose output cannot be written (a full disk): exit 74 with one line on stderr, no stack trace", () => {
  const full = fs.openSync("/dev/full", "w");
  try {
    for (const args of [["rules"], ["synth", "--out", path.join(tmpDir(), "out")]]) {
      const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "tpa.js"), ...args], { cwd: ROOT, stdio: ["ignore", full, "pipe"], encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
      expect({ args, code: r.status, stderr: r.stderr }).toEqual({ args, code: 74, stderr: "tpa: cannot write the output to stdout: the disk is full\n" });
    }
    const quiet = spawnSync(process.execPath, [path.join(ROOT, "bin", "tpa.js"), "synth", "--config", path.join(tmpDir(), "none")], { stdio: ["ignore", "ignore", full] });
    expect(quiet.status).toBe(74);
  } finally {
    fs.closeSync(full);
  }
});

test("tpa run in a working folder that was removed: exit 2 saying so, no stack trace", () => {
  const gone = path.join(tmpDir(), "gone");
  fs.mkdirSync(gone);
  const r = spawnSync("sh", ["-c", 'cd "$1" && rmdir "$1" && exec "$2" "$3" rules', "sh", gone, process.execPath, path.join(ROOT, "bin", "tpa.js")], { encoding: "utf8" });
  expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 2, stderr: "tpa: the working folder no longer exists (it was removed or replaced): cd into a folder that exists\n" });
});
