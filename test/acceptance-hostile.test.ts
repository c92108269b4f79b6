// Acceptance: where the commands write, hostile places (a file where a folder belongs, a symbolic link loop, a
// folder where the file goes): exit 2 naming the path and what is wrong in words, never an errno code alone or
// a crash, and nothing left behind.
import * as fs from "node:fs";
import * as path from "node:path";
import { auditCommand } from "../cli/audit-command";
import { importCommand } from "../cli/import-command";
import { runCommand } from "./support/capture";
import { ROOT } from "./support/cli";
import { tmpDir } from "./support/tmp";

const TODAY = "2026-12-01";
const FIXTURE = path.join(ROOT, "test", "fixtures", "acceptance", "deploy-cli-v8");
const EXPORT = path.join(FIXTURE, "directory");
const CONFIG = path.join(FIXTURE, "config.json");

const audit = (...args: string[]) => runCommand(auditCommand, args, { env: { TPA_TODAY: TODAY } });
const importTo = (out: string, ...args: string[]) =>
  runCommand(importCommand, ["--from", EXPORT, "--keywords", CONFIG, "--environment", "prod", "--domain", "acme-prod.eu.auth0.com", "--out", out, ...args], { env: { TPA_TODAY: TODAY } });

/** A folder holding a file `file` and a symbolic link loop `loop`. */
function hostilePlace(): string {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, "file"), "a file");
  fs.symlinkSync("loop", path.join(dir, "loop"));
  return dir;
}

const entries = (dir: string) => fs.readdirSync(dir).sort();

describe("tpa import --out", () => {
  test.each([
    ["a file", "file", /^tpa import: cannot write \S*file\S*: a part of the path is a file, not a folder$/m],
    ["below a file", path.join("file", "sub"), /^tpa import: cannot write \S*file\S*: a part of the path is a file, not a folder$/m],
    ["a symbolic link loop", "loop", /^tpa import: cannot write \S*loop\S*: is a symbolic link loop$/m],
  ])("on %s: exit 2 in words, nothing written", async (_what, out, message) => {
    const dir = hostilePlace();
    const r = await importTo(path.join(dir, out));
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
    // no errno code (EEXIST, ENOTDIR): outside the temporary folder's name, whose random letters may look like one
    expect(r.stderr.split(dir).join("<dir>")).not.toMatch(/\bE[A-Z]{3,}\b/);
    expect(entries(dir)).toEqual(["file", "loop"]);
    expect(fs.readFileSync(path.join(dir, "file"), "utf8")).toBe("a file");
  });

  test("a folder where the environment file goes, even with --force", async () => {
    const out = tmpDir();
    fs.mkdirSync(path.join(out, "prod.yaml"));
    const r = await importTo(out, "--force");
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/prod\.yaml is a folder: remove it, or pass another --out/) });
    expect(entries(out)).toEqual(["prod.yaml"]);
  });
});

describe("tpa audit --save", () => {
  test("on a folder: exit 2, the folder untouched", async () => {
    const dir = tmpDir();
    const r = await audit("--from", EXPORT, "--keywords", CONFIG, "--save", dir);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/is a folder: --save takes a file name, such as tenant-snapshot\.json/) });
    expect(entries(dir)).toEqual([]);
  });

  test("below a file: exit 2 in words", async () => {
    const dir = hostilePlace();
    const r = await audit("--from", EXPORT, "--keywords", CONFIG, "--save", path.join(dir, "file", "snapshot.json"));
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/snapshot\.json: cannot write: a part of the path is a file, not a folder\n$/) });
    expect(entries(dir)).toEqual(["file", "loop"]);
  });
});
