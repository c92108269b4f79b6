// Every file a command reads beside its main input is read as a regular file: a FIFO (or a folder) where one
// belongs is exit 2 naming it at once, never a read that blocks forever.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../cli/tpa";
import { writeLargeSnapshot } from "../bench/snapshot";
import { check } from "./support/check-cli";
import { collect, tpa } from "./support/cli";
import { tmpDir, writeFiles } from "./support/tmp";
import { withToday, withTodayAsync } from "./support/today";

const fifo = (file: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync("mkfifo", [file]);
  return file;
};

test("tpa check: a FIFO as tpa.yaml", async () => {
  const dir = writeFiles({ "main.tf": 'resource "auth0_client" "a" {\n  name = "A"\n}\n' });
  fifo(path.join(dir, "tpa.yaml"));
  const r = await check(dir);
  expect(r.stderr).toMatch(/tpa\.yaml: is not a regular file/);
  expect(r.code).toBe(2);
});

test("tpa synth: a FIFO as a customLoginPage file, at the entry's line", () => {
  const dir = writeFiles({
    "dev.yaml":
      "tenant:\n  domain: acme-dev.eu.auth0.com\n  permissiveEligible: true\napps:\n  - id: legacy\n    mode: permissive\n" +
      "    justification: Classic Login until the partner moves (PART-1)\n    reviewBy: 2027-06-30\n    appType: regular_web\n" +
      '    grantTypes: [authorization_code]\n    callbacks: ["https://l.example.com/cb"]\n    customLoginPage:\n      file: login.html\n',
  });
  fifo(path.join(dir, "login.html"));
  const r = withToday("2026-12-01", () => tpa("synth", "--config", dir, "--out", path.join(tmpDir(), "out")));
  expect(r.stderr).toMatch(/dev\.yaml:\d+:\d+: apps\[0\]\.customLoginPage\.file: cannot read login\.html \(is not a regular file/);
  expect(r.code).toBe(2);
});

test("tpa import: a FIFO as the base.yaml beside the import", async () => {
  const work = tmpDir();
  const snapshot = path.join(work, "snapshot.json");
  writeLargeSnapshot(snapshot, 5, 1);
  fifo(path.join(work, "environments", "base.yaml"));
  const err = collect();
  const code = await withTodayAsync("2026-12-01", () => main(["import", "--from", snapshot, "--environment", "prod", "--out", path.join(work, "environments")], collect().stream, err.stream));
  expect(err.text()).toMatch(/base\.yaml: is not a regular file/);
  expect(code).toBe(2);
});

test("tpa verify: a FIFO as --dcr-metadata", async () => {
  const file = fifo(path.join(tmpDir(), "metadata.json"));
  const err = collect();
  const saved = process.env.AUTH0_API_TOKEN;
  process.env.AUTH0_API_TOKEN = "not-a-token";
  try {
    const code = await withTodayAsync("2026-12-01", () => main(["verify", "--domain", "127.0.0.1:9", "--dcr-metadata", file], collect().stream, err.stream));
    expect(err.text()).toMatch(/--dcr-metadata \S+metadata\.json: cannot read: is not a regular file/);
    expect(code).toBe(2);
  } finally {
    if (saved === undefined) delete process.env.AUTH0_API_TOKEN;
    else process.env.AUTH0_API_TOKEN = saved;
  }
});

describe("tpa check --deploy-cli of a directory export", () => {
  const CLIENT = '{"name":"Portal","app_type":"regular_web","is_first_party":false,"grant_types":["implicit"],"callbacks":["https://p.example.com/cb"]}\n';

  test("a FIFO among the client files: exit 2 naming it, as tpa audit says, not skipped", async () => {
    const dir = writeFiles({ "clients/Portal.json": CLIENT });
    fifo(path.join(dir, "clients", "Pipe.json"));
    const r = await check("--deploy-cli", dir);
    expect(r.stderr).toMatch(/clients\/Pipe\.json: is not a regular file/);
    expect(r.code).toBe(2);
  });

  test("client files and folders reached through links are read, as deploy-cli and tpa audit read them", async () => {
    const real = writeFiles({ "Portal.json": CLIENT });
    const dir = tmpDir();
    fs.symlinkSync(real, path.join(dir, "clients"));
    const linked = tmpDir();
    fs.mkdirSync(path.join(linked, "clients"));
    fs.symlinkSync(path.join(real, "Portal.json"), path.join(linked, "clients", "Portal.json"));
    for (const d of [dir, linked]) {
      const r = await check("--deploy-cli", d, "--format", "json");
      expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain("TPA101");
      expect(r.code).toBe(1);
    }
  });
});
