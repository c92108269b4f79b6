#!/usr/bin/env node
// `npm run mutation [GROUP ...]`: StrykerJS over policy/ and diff/ (stryker.config.json), one group of files at a
// time, each with its own incremental file and JSON report under reports/mutation/, so that a group's result is
// there as soon as it is done (a whole run takes hours on two cores). Then prints the score (mutation-score.js).
const path = require("node:path");
const fs = require("node:fs");
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

// The names of the mutation tests per file, for the runner that skips the files without a covering test
// (test/support/mutation-runner.js). A plain jest run of the same tests writes them.
function listTestNames() {
  const out = path.resolve("reports/mutation/listing/test-results.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const jest = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "-c", "test/jest.mutation.config.js", "--json", `--outputFile=${out}`], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (jest.status !== 0) {
    console.error("mutation: the mutation tests do not pass without mutants: fix them first");
    process.exit(1);
  }
  const names = {};
  for (const file of JSON.parse(fs.readFileSync(out, "utf8")).testResults) {
    names[path.relative(process.cwd(), file.name).split(path.sep).join("/")] = file.assertionResults.map((t) => t.fullName);
  }
  const listing = path.resolve("reports/mutation/listing/test-names.json");
  fs.writeFileSync(listing, JSON.stringify(names, null, 1));
  return listing;
}

async function main() {
  const { Stryker } = await import("@stryker-mutator/core");
  process.env.TPA_MUTATION_TEST_NAMES = listTestNames();
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
