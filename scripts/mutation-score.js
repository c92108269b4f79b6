#!/usr/bin/env node
// Prints the mutation score of the last `npm run mutation` (StrykerJS's JSON report) per folder and in all:
// (killed + timed out) / (killed + timed out + survived + no coverage), as Stryker counts it.
const fs = require("node:fs");
const path = require("node:path");

// One report per group (scripts/mutation.js); a file in two reports counts once, from the newer one.
const dir = path.join(__dirname, "..", "reports", "mutation");
const reports = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json") && !f.endsWith(".incremental.json")) : [];
if (reports.length === 0) {
  console.error(`${path.relative(process.cwd(), dir)}: no report: run \`npm run mutation\` first`);
  process.exit(2);
}
const files = {};
for (const name of reports.sort((a, b) => fs.statSync(path.join(dir, a)).mtimeMs - fs.statSync(path.join(dir, b)).mtimeMs)) {
  Object.assign(files, JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")).files);
}
const totals = new Map();
for (const [file, { mutants }] of Object.entries(files)) {
  const folder = file.split(/[\\/]/)[0];
  for (const key of [folder, "all"]) {
    const t = totals.get(key) ?? { detected: 0, undetected: 0, survivors: [] };
    for (const m of mutants) {
      if (m.status === "Killed" || m.status === "Timeout") t.detected++;
      else if (m.status === "Survived" || m.status === "NoCoverage") {
        t.undetected++;
        if (key !== "all") t.survivors.push(`${file}:${m.location.start.line} ${m.mutatorName} (${m.status})`);
      }
    }
    totals.set(key, t);
  }
}
for (const [key, t] of totals) {
  const score = t.detected + t.undetected === 0 ? 100 : (100 * t.detected) / (t.detected + t.undetected);
  console.log(`mutation score ${key === "all" ? "(all)" : `${key}/`}: ${score.toFixed(1)}% (${t.detected} of ${t.detected + t.undetected} mutants detected)`);
}
if (process.argv.includes("--survivors")) for (const [, t] of totals) for (const s of t.survivors) console.log(`  survived: ${s}`);
