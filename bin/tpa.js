#!/usr/bin/env node
// The `tpa` command: runs the compiled CLI. Built against cdktf (dist/) or, in an app that has CDK Terrain
// and no cdktf, against cdktn (dist-cdktn/, see scripts/cdktn-flavour.js). In this project `npm install`
// builds both; an installed package ships them.
"use strict";
const path = require("node:path");

process.env.CHECKPOINT_DISABLE = process.env.CHECKPOINT_DISABLE || "1";

function resolvable(name) {
  try {
    require.resolve(name, { paths: [__dirname] });
    return true;
  } catch {
    return false;
  }
}

// What reads and reports only, with no construct and no synthesis, runs without cdktf or cdktn: teams that write HCL
// (`npx --package=auth0-third-party-apps tpa check .`) or use deploy-cli install neither.
const WITHOUT_CDK = new Set(["check", "rules", "audit", "help"]);

function runsWithoutCdk(args) {
  return args.length === 0 || WITHOUT_CDK.has(args[0]) || args[0] === "--version" || args.includes("--help") || args.includes("-h");
}

function compiledCli() {
  const flavour = resolvable("cdktf") ? "dist" : resolvable("cdktn") ? "dist-cdktn" : runsWithoutCdk(process.argv.slice(2)) ? "dist" : undefined;
  if (!flavour) {
    process.stderr.write(`tpa: neither cdktf nor cdktn is installed, and tpa ${process.argv[2]} needs one: add one to your app (npm install cdktf@0.21 constructs, or cdktn@0.24 constructs@10.6); tpa check, rules and audit run without\n`);
    process.exit(2);
  }
  try {
    return require(path.join(__dirname, "..", flavour, "cli", "tpa.js"));
  } catch (e) {
    if (e && e.code === "MODULE_NOT_FOUND" && String(e.message).includes(path.join(flavour, "cli", "tpa.js"))) {
      process.stderr.write("tpa: not built yet: run `npm install` (or `npm run build`) in the project first\n");
      process.exit(2);
    }
    throw e;
  }
}

// The reader of the output went away (`tpa audit | head`): stop quietly with the status of a Unix command that
// SIGPIPE stopped (128 + 13), not with Node's stack trace of an unhandled EPIPE.
const BROKEN_PIPE = 141;
// Any other failure to write the output (a full disk: `tpa rules > /dev/full`) is said once, without a stack trace,
// with sysexits' EX_IOERR: not a verdict (1) and not bad input (2).
const CANNOT_WRITE = 74;
for (const [name, stream] of [["stdout", process.stdout], ["stderr", process.stderr]]) {
  stream.on("error", (e) => {
    if (e && e.code === "EPIPE") process.exit(BROKEN_PIPE);
    const reason = e && e.code === "ENOSPC" ? "the disk is full" : (e && (e.code || e.message)) || String(e);
    if (name === "stdout") {
      try {
        process.stderr.write(`tpa: cannot write the output to stdout: ${reason}\n`);
      } catch {
        // stderr cannot be written either: the status says it
      }
    }
    process.exit(CANNOT_WRITE);
  });
}

// A working folder removed or replaced under the shell: every relative path would fail, each with Node's error.
try {
  process.cwd();
} catch {
  process.stderr.write("tpa: the working folder no longer exists (it was removed or replaced): cd into a folder that exists\n");
  process.exit(2);
}

compiledCli()
  .main(process.argv.slice(2), process.stdout, process.stderr)
  .then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`tpa: internal error: ${e && e.stack ? e.stack : e}\n`);
      process.exitCode = 70;
    },
  );
