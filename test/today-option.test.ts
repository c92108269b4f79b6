// TPA_TODAY in every command that judges a date (review dates, suppression expiry, end-of-life dates): a value
// that is not YYYY-MM-DD is exit 2 naming it, before anything is read, written or asked of a tenant.
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../cli/tpa";
import { writeLargeSnapshot } from "../bench/snapshot";
import { collect, EXAMPLE, ROOT } from "./support/cli";
import { tmpDir } from "./support/tmp";
import { withTodayAsync } from "./support/today";

const work = tmpDir();
const snapshot = path.join(work, "snapshot.json");
writeLargeSnapshot(snapshot, 5, 1);

const COMMANDS: readonly (readonly string[])[] = [
  ["synth", "--config", EXAMPLE, "--out", path.join(work, "out")],
  ["diff", "--base-config", EXAMPLE, "--head-config", EXAMPLE],
  ["check", path.join(ROOT, "test", "fixtures", "check", "partners")],
  ["audit", "--from", snapshot],
  ["import", "--from", snapshot, "--environment", "adopted", "--out", path.join(work, "imported")],
  // 127.0.0.1:9 is never contacted: the date is checked first
  ["verify", "--domain", "127.0.0.1:9", "--config", EXAMPLE, "--environment", "dev"],
];

test.each(COMMANDS.map((argv) => [argv[0], argv] as const))("tpa %s: TPA_TODAY=tomorrow is exit 2, nothing written", async (command, argv) => {
  const out = collect();
  const err = collect();
  const saved = process.env.AUTH0_API_TOKEN;
  process.env.AUTH0_API_TOKEN = "not-a-token";
  try {
    const code = await withTodayAsync("tomorrow", () => main(argv, out.stream, err.stream));
    expect(err.text()).toContain(`tpa ${command}: TPA_TODAY takes a date as YYYY-MM-DD, such as 2027-03-31, not "tomorrow"`);
    expect(code).toBe(2);
    expect(out.text()).toBe("");
    expect(fs.readdirSync(work).sort()).toEqual(["snapshot.json"]);
  } finally {
    if (saved === undefined) delete process.env.AUTH0_API_TOKEN;
    else process.env.AUTH0_API_TOKEN = saved;
  }
});
