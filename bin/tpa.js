#!/usr/bin/env node
// The `tpa` command: runs the compiled CLI (npm install builds dist/).
process.env.CHECKPOINT_DISABLE = process.env.CHECKPOINT_DISABLE || "1";
let cli;
try {
  cli = require("../dist/cli/tpa.js");
} catch (e) {
  if (e && e.code === "MODULE_NOT_FOUND") {
    process.stderr.write("tpa: not built yet: run `npm install` (or `npm run build`) in the project first\n");
    process.exit(2);
  }
  throw e;
}
cli.main(process.argv.slice(2), process.stdout, process.stderr).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`tpa: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 70;
  },
);
