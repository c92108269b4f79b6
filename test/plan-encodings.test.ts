// Plans as users hand them over: written by PowerShell (a UTF-8 byte order mark, or UTF-16), or broken (values
// nested far deeper than Terraform writes, a FIFO). tpa diff --plan and tpa check --plan read the first as the
// plan it is, and refuse the others with exit 2, never a crash or a hang.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { check } from "./support/check-cli";
import { tpa } from "./support/cli";
import { tmpDir } from "./support/tmp";
import { withToday } from "./support/today";

const PLAN = path.join(__dirname, "fixtures", "plan", "dev.plan.json");
const text = fs.readFileSync(PLAN, "utf8");
const diff = (file: string) => withToday("2026-12-01", () => tpa("diff", "--plan", file, "--environment", "dev", "--format", "json"));

const encodings: [string, Buffer][] = [
  ["UTF-8 with a byte order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])],
  ["UTF-16LE with its mark", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
  ["UTF-16BE with its mark", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()])],
];

test.each(encodings)("%s: tpa diff --plan and tpa check --plan read the same plan", async (_what, bytes) => {
  // in a folder named as the fixture's: tpa check names the stack after the plan's folder
  const file = path.join(tmpDir(), "plan", "dev.plan.json");
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, bytes);
  expect(diff(file)).toEqual(diff(PLAN));
  const [theirs, ours] = [await check("--plan", file, "--format", "json"), await check("--plan", PLAN, "--format", "json")];
  expect(theirs.code).toBe(ours.code);
  expect(JSON.parse(theirs.stdout).findings).toEqual(JSON.parse(ours.stdout).findings);
});

test("values nested 100,000 levels deep: tpa diff --plan is exit 2 naming the file", () => {
  const plan = JSON.parse(text) as { resource_changes: unknown[] };
  plan.resource_changes.unshift({ address: "auth0_client.deep", mode: "managed", type: "auth0_client", name: "deep", change: { actions: ["create"], before: null, after: { callbacks: "@" } } });
  const file = path.join(tmpDir(), "deep.plan.json");
  fs.writeFileSync(file, JSON.stringify(plan).replace('"@"', `${"[".repeat(100_000)}1${"]".repeat(100_000)}`));
  const result = diff(file);
  expect(result.stderr).toMatch(/deep\.plan\.json: values nested deeper than 512 levels/);
  expect(result.code).toBe(2);
});

test("a FIFO as --plan: tpa check is exit 2 at once, not a hang", async () => {
  const fifo = path.join(tmpDir(), "plan.json");
  expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
  const result = await check("--plan", fifo);
  expect(result.stderr).toMatch(/plan\.json: is not a regular file/);
  expect(result.code).toBe(2);
});
