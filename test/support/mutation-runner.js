// The jest runner of the mutation tests (test/jest.mutation.config.js). Stryker runs every test file for every
// mutant, with a name pattern that selects the tests covering it: a file none of whose tests match still loads
// (cdktf, the synths of its beforeAll), and Stryker turns jest's bail off, since jest bails by exiting the process.
// This runner does both in-process: it runs only the files holding a covering test (the names per file come from
// the listing scripts/mutation.js writes before Stryker starts, TPA_MUTATION_TEST_NAMES), and stops at the first
// file with a failing test, which kills the mutant. Neither changes a verdict: a skipped file would run no test, and
// a mutant is killed by its first failure. Without the listing, or when nothing matches, every file runs.
const fs = require("node:fs");
const path = require("node:path");
const TestRunner = require("jest-runner").default;

function testNamesByFile() {
  const listing = process.env.TPA_MUTATION_TEST_NAMES;
  if (!listing || !fs.existsSync(listing)) return undefined;
  return JSON.parse(fs.readFileSync(listing, "utf8"));
}

module.exports = class MutationRunner extends TestRunner {
  #names = testNamesByFile();

  /** Whether the file holds a test the run's name pattern (as jest reads it, case-insensitive) selects. */
  #holdsCoveringTest(test, matches) {
    const names = this.#names?.[path.relative(test.context.config.rootDir, test.path).split(path.sep).join("/")];
    return !matches || !names || names.some((name) => matches.test(name));
  }

  async runTests(tests, watcher, options) {
    const pattern = this._globalConfig.testNamePattern;
    const matches = pattern ? new RegExp(pattern, "i") : undefined;
    const covering = tests.filter((test) => this.#holdsCoveringTest(test, matches));
    let failed = false;
    const offSuccess = this.on("test-file-success", ([, result]) => {
      if (result.numFailingTests > 0 || result.testExecError) failed = true;
    });
    const offFailure = this.on("test-file-failure", () => {
      failed = true;
    });
    try {
      for (const test of covering.length > 0 ? covering : tests) {
        if (failed) break;
        await super.runTests([test], watcher, { ...options, serial: true });
      }
    } finally {
      offSuccess();
      offFailure();
    }
  }
};
