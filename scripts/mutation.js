#!/usr/bin/env node
// `npm run mutation [GROUP ...]`: StrykerJS over policy/ and diff/ (stryker.config.json), one group of files at a
// time, each with its own incremental file and JSON report under reports/mutation/, so that a group's result is
// there as soon as it is done (a whole run takes hours on two cores). Then prints the score (mutation-score.js).
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const GROUPS = {
  rules: ["policy/rules/**/*.ts"],
  engine: ["policy/*.ts", "policy/profiles/**/*.ts"],
  reports: ["policy/report/**/*.ts"],
  diff: ["diff/**/*.ts"],
};

const asked = process.argv.slice(2);
const unknown = asked.filter((g) => !(g in GROUPS));
if (unknown.length > 0) {
  console.error(`unknown group ${unknown.join(", ")}: choose from ${Object.keys(GROUPS).join(", ")}`);
  process.exit(2);
}

async function main() {
  const { Stryker } = await import("@stryker-mutator/core");
  for (const group of asked.length > 0 ? asked : Object.keys(GROUPS)) {
    console.log(`mutation: ${group} (${GROUPS[group].join(", ")})`);
    const stryker = new Stryker({
      configFile: "stryker.config.json",
      mutate: GROUPS[group],
      incrementalFile: `reports/mutation/${group}.incremental.json`,
      jsonReporter: { fileName: `reports/mutation/${group}.json` },
    });
    await stryker.runMutationTest();
  }
  const score = spawnSync(process.execPath, [path.join(__dirname, "mutation-score.js")], { stdio: "inherit" });
  process.exit(score.status ?? 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
