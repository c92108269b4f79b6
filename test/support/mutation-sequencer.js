// Runs the mutation tests in the order test/jest.mutation.config.js lists them (fastest first).
const Sequencer = require("@jest/test-sequencer").default;
const path = require("node:path");
const { ORDER } = require("../jest.mutation.config.js");

const rank = (test) => {
  const i = ORDER.indexOf(path.basename(test.path, ".test.ts"));
  return i === -1 ? ORDER.length : i;
};

module.exports = class MutationSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a) - rank(b));
  }
};
