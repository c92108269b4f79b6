// The tests `npm run mutation` runs (stryker.config.json): the policy, report, audit, check and diff tests that load
// policy/ and diff/ in-process. The Terraform, emulator and workflow tests spawn processes that never load a mutant, and the
// construct tests reach the policy only through whole synths (slow per mutant on two shared cores).
const base = require("../jest.config.js");
const path = require("node:path");

// Fastest first: the runner (support/mutation-runner.js) stops a mutant's run at its first failing file, so the
// quick rule tests kill most mutants before the slow property and CLI tests start (jest would run the slowest first).
const ORDER = ["policy-engine-edges", "policy-report-edges", "policy-fidelity", "policy-edges", "diff-edges", "policy-rules", "conventions", "reports", "report-escaping", "locations", "audit-engine", "diff-report", "diff-replacements", "diff", "check-hcl", "audit", "strict-property"];

module.exports = {
  ...base,
  rootDir: path.resolve(__dirname, ".."),
  testMatch: ORDER.map((name) => `<rootDir>/test/${name}.test.ts`),
  testSequencer: path.join(__dirname, "support", "mutation-sequencer.js"),
  runner: path.join(__dirname, "support", "mutation-runner.js"),
};
module.exports.ORDER = ORDER;
