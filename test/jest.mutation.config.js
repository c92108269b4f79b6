// The tests `npm run mutation` runs (stryker.config.json): the policy and diff tests, which load policy/ and diff/
// in-process. The Terraform, emulator and workflow tests spawn processes that never load a mutant, and the
// construct tests reach the policy only through whole synths (slow per mutant on two shared cores).
const base = require("../jest.config.js");
module.exports = {
  ...base,
  rootDir: require("node:path").resolve(__dirname, ".."),
  testMatch: [
    "policy-rules",
    "strict-property",
    "reports",
    "diff",
    "diff-replacements",
    "diff-report",
  ].map((name) => `<rootDir>/test/${name}.test.ts`),
};
