// `npm run bench`: figures for synth and audit at the scale of a large tenant (issue 7). Prints figures; it is not
// a test. Every comparison is a ratio of two commands measured in the same run, interleaved, as medians.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeLargeTenant } from "./generate";
import { writeLargePlan } from "./plan";
import { writeLargeSnapshot } from "./snapshot";

const ROOT = path.resolve(__dirname, "..", "..");
const NODE = process.execPath;
const TPA = path.join(ROOT, "bin", "tpa.js");
const FLOOR = path.join(ROOT, "dist", "bench", "l1-floor.js");
const CDKTF = path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
const TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

interface Sample {
  readonly seconds: number;
  readonly maxRssMiB?: number;
}

function measure(command: string, args: string[], env: Record<string, string> = {}): Sample {
  const started = process.hrtime.bigint();
  // Output is not kept (an audit of 50,000 clients prints tens of MB); stderr carries GNU time's figure.
  const options = {
    cwd: ROOT,
    encoding: "utf8" as const,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
    stdio: ["ignore", "ignore", "pipe"] as ["ignore", "ignore", "pipe"],
    maxBuffer: 64 * 2 ** 20,
  };
  const result = TIME ? spawnSync(TIME, ["-f", "%M", command, ...args], options) : spawnSync(command, args, options);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (${result.status ?? result.signal}):\n${String(result.stderr).slice(-2000)}`);
  }
  const rssKiB = TIME ? Number(result.stderr.trim().split("\n").pop()) : NaN;
  return { seconds, maxRssMiB: Number.isFinite(rssKiB) ? rssKiB / 1024 : undefined };
}

type Measured = { seconds: number; maxRssMiB?: number; /** every run's time, in run order */ runs: number[] };

/** Runs the commands alternately `runs` times; returns each one's median time, its peak memory and every time. */
function compare(runs: number, commands: Record<string, () => Sample>): Record<string, Measured> {
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, run] of Object.entries(commands)) samples[name].push(run());
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, list]) => {
      const times = list.map((s) => s.seconds).sort((a, b) => a - b);
      const rss = list.map((s) => s.maxRssMiB ?? NaN).filter(Number.isFinite);
      const measured: Measured = { seconds: times[Math.floor(times.length / 2)], maxRssMiB: rss.length ? Math.max(...rss) : undefined, runs: list.map((s) => s.seconds) };
      return [name, measured];
    }),
  );
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);
const mib = (n?: number) => (n === undefined ? "n/a" : `${fmt(n, 0)} MiB`);
const verdict = (ok: boolean) => (ok ? "meets target" : "MISSES target");
/** The noise of a ratio: its lowest and highest value over the interleaved runs (run i of a against run i of b). */
const spread = (a: Measured, b: Measured) => {
  const ratios = a.runs.map((t, i) => t / b.runs[i]);
  return `runs ${fmt(Math.min(...ratios))}–${fmt(Math.max(...ratios))}`;
};

const SECTIONS = ["synth", "example", "audit", "check", "adoption"] as const;

function main(): void {
  const quick = process.argv.includes("--quick");
  // --only audit,check runs some sections (all by default)
  const onlyArg = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
  const only = new Set(onlyArg ? onlyArg.split(",") : SECTIONS);
  const unknown = [...only].filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`--only takes ${SECTIONS.join(", ")}, not ${unknown.join(", ")}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tpa-bench-"));
  try {
    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, node ${process.version}`);
    console.log(`runs: medians of ${quick ? 1 : "5 (3 at 5,000 apps, for the example and for the audit)"}, commands interleaved; each ratio's range over the runs is its noise\n`);

    if (only.has("synth")) synthSection(tmp, quick);
    if (only.has("example")) exampleSection(tmp, quick);
    if (only.has("audit")) auditSection(tmp, quick);
    if (only.has("check")) checkSection(tmp, quick);
    if (only.has("adoption")) adoptionSection(tmp, quick);
    if (!TIME) console.log("\n(peak memory needs GNU time at /usr/bin/time: apt-get install time)");
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function synthSection(tmp: string, quick: boolean): void {
  const sizes = [100, 1000, 5000];
  const synth: Record<number, ReturnType<typeof compare>> = {};
  for (const apps of sizes) {
    const config = path.join(tmp, `tenant-${apps}`);
    writeLargeTenant(config, apps);
    const runs = quick ? 1 : apps >= 5000 ? 3 : 5;
    process.stderr.write(`synth at ${apps} apps ...\n`);
    synth[apps] = compare(runs, {
      tpa: () => measure(NODE, [TPA, "synth", "--config", config, "--out", path.join(tmp, `out-${apps}`)]),
      floor: () => measure(NODE, [FLOOR, String(apps), path.join(tmp, `floor-${apps}`)]),
      light: () => measure(NODE, [FLOOR, String(apps), path.join(tmp, `light-${apps}`), "--light-traces"]),
    });
  }
  console.log("1-2. tpa synth (config, constructs, policy, reports) against the same resources through raw L1 bindings,");
  console.log("     no policy: stock cdktf, and with the token stack-trace saving tpa synth applies (light)");
  console.log("apps     tpa synth   peak        L1 floor   peak        ratio   L1 light   peak        ratio");
  for (const apps of sizes) {
    const { tpa, floor, light } = synth[apps];
    const col = (s: { seconds: number; maxRssMiB?: number }) => `${fmt(s.seconds).padStart(7)} s  ${mib(s.maxRssMiB).padEnd(10)}`;
    console.log(
      `${String(apps).padEnd(8)} ${col(tpa)} ${col(floor)} ${fmt(tpa.seconds / floor.seconds).padStart(5)}  ${col(light)} ${fmt(tpa.seconds / light.seconds).padStart(5)}`,
    );
  }
  const overhead = synth[1000].tpa.seconds / synth[1000].floor.seconds;
  const growth = synth[5000].tpa.seconds / synth[1000].tpa.seconds;
  console.log(`policy overhead at 1,000 apps: ${fmt(overhead)} (${spread(synth[1000].tpa, synth[1000].floor)}; target ≤ 1.15: ${verdict(overhead <= 1.15)}); against the light floor: ${fmt(synth[1000].tpa.seconds / synth[1000].light.seconds)} (${spread(synth[1000].tpa, synth[1000].light)})`);
  console.log(`growth 1,000 → 5,000 apps: ${fmt(growth)}× (target ≤ 5.5×: ${verdict(growth <= 5.5)})`);
  console.log(`peak memory at 5,000 apps: ${mib(synth[5000].tpa.maxRssMiB)} (target ≤ 1024 MiB: ${verdict((synth[5000].tpa.maxRssMiB ?? 0) <= 1024)})\n`);
}

function exampleSection(tmp: string, quick: boolean): void {
  process.stderr.write("example end to end ...\n");
  const example = compare(quick ? 1 : 3, {
    tpa: () => measure(NODE, [TPA, "synth", "--out", path.join(tmp, "example-tpa")]),
    cdktf: () => measure(NODE, [CDKTF, "synth", "--app", "npx ts-node main.ts", "--output", path.join(tmp, "example-cdktf")]),
  });
  const e2e = example.tpa.seconds / example.cdktf.seconds;
  console.log("3. the example environments end to end");
  console.log(`tpa synth ${fmt(example.tpa.seconds)} s (${mib(example.tpa.maxRssMiB)}); cdktf synth with \`npx ts-node main.ts\` ${fmt(example.cdktf.seconds)} s (${mib(example.cdktf.maxRssMiB)})`);
  console.log(`ratio ${fmt(e2e)} (${spread(example.tpa, example.cdktf)}; target ≤ 0.25: ${verdict(e2e <= 0.25)})\n`);
}

function auditSection(tmp: string, quick: boolean): void {
  const snapshot = path.join(tmp, "snapshot-50000.json");
  writeLargeSnapshot(snapshot, 50_000);
  process.stderr.write("audit of 50,000 clients ...\n");
  const parseOnly = path.join(ROOT, "dist", "bench", "parse-only.js");
  const audit = compare(quick ? 1 : 3, {
    audit: () => measure(NODE, [TPA, "audit", "--from", snapshot, "--format", "json"]),
    parse: () => measure(NODE, [parseOnly, snapshot]),
  });
  const auditRatio = audit.audit.seconds / audit.parse.seconds;
  console.log("5. tpa audit --from a 50,000-client snapshot against a bare JSON.parse of it");
  console.log(`audit ${fmt(audit.audit.seconds)} s (${mib(audit.audit.maxRssMiB)}); JSON.parse ${fmt(audit.parse.seconds)} s (${mib(audit.parse.maxRssMiB)})`);
  console.log(`ratio ${fmt(auditRatio)} (${spread(audit.audit, audit.parse)}; target ≤ 3: ${verdict(auditRatio <= 3)}); peak ${mib(audit.audit.maxRssMiB)} (target ≤ 1024 MiB: ${verdict((audit.audit.maxRssMiB ?? 0) <= 1024)})\n`);
}

function checkSection(tmp: string, quick: boolean): void {
  const plan = path.join(tmp, "plan-5000.json");
  writeLargePlan(plan, 5000);
  process.stderr.write("tpa check --plan of 5,000 apps ...\n");
  const parseOnly = path.join(ROOT, "dist", "bench", "parse-only.js");
  const check = compare(quick ? 1 : 5, {
    check: () => measure(NODE, [TPA, "check", "--plan", plan, "--format", "json"]),
    parse: () => measure(NODE, [parseOnly, plan]),
  });
  const ratio = check.check.seconds / check.parse.seconds;
  console.log("6. tpa check --plan of a plan creating 5,000 strict third-party apps and their grants, against a bare JSON.parse of it");
  console.log(`check ${fmt(check.check.seconds)} s (${mib(check.check.maxRssMiB)}); JSON.parse ${fmt(check.parse.seconds)} s (${mib(check.parse.maxRssMiB)})`);
  console.log(`ratio ${fmt(ratio)} (${spread(check.check, check.parse)}; target ≤ 3: ${verdict(ratio <= 3)})`);
}

function adoptionSection(tmp: string, quick: boolean): void {
  const snapshot = path.join(tmp, "snapshot-5000.json");
  writeLargeSnapshot(snapshot, 5000);
  const environments = path.join(tmp, "adopted");
  process.stderr.write("tpa import of 5,000 clients, then tpa synth of what it wrote ...\n");
  const runs = quick ? 1 : 3;
  const adoption = compare(runs, {
    import: () => measure(NODE, [TPA, "import", "--from", snapshot, "--environment", "prod", "--out", environments, "--force"]),
    synth: () => measure(NODE, [TPA, "synth", "--config", environments, "--out", path.join(tmp, "adopted-out")]),
  });
  console.log("\n7. adoption: tpa import of the 5,000-client snapshot (4,500 third-party apps, an import block for each app, its");
  console.log("   credentials and its grant), then tpa synth of the environment file it wrote");
  console.log(`import ${fmt(adoption.import.seconds)} s (${mib(adoption.import.maxRssMiB)}); synth ${fmt(adoption.synth.seconds)} s (${mib(adoption.synth.maxRssMiB)})`);
}

main();
