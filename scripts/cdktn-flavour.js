#!/usr/bin/env node
// Writes dist-cdktn/: the compiled library (dist/, without tests and benchmarks) with every import of
// `cdktf` turned into an import of `cdktn`, for CDK Terrain apps (package.json "exports" "./cdktn").
// Why a second build and not a runtime switch: cdktf/cdktn keep an Aspect's registry under a per-copy
// Symbol, so a library that loads a second core next to the app's never has its TenantPolicy run, and
// declarations that name `cdktf` do not type-check in an app that only has `cdktn`. CDK Terrain is a fork
// with the same API, so the module name is the only difference. Run by `npm run build`, after tsc.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const from = path.join(root, "dist");
const to = path.join(root, "dist-cdktn");
const SKIP = new Set(["test", "bench", ".tsbuildinfo"]);
// require("cdktf"), from "cdktf", import("cdktf") (declarations), and subpaths such as "cdktf/lib/x".
const SPECIFIER = /(\brequire\(\s*|\bfrom\s+|\bimport\(\s*)(["'])cdktf(\/[^"']*)?\2/g;

/** Copies dir into out, rewriting .js and .d.ts files; returns how many imports it rewrote. */
function copyTree(dir, out, top) {
  fs.mkdirSync(out, { recursive: true });
  let rewritten = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (top && SKIP.has(entry.name)) continue;
    const src = path.join(dir, entry.name);
    const dst = path.join(out, entry.name);
    if (entry.isDirectory()) {
      rewritten += copyTree(src, dst, false);
    } else if (entry.name.endsWith(".js") || entry.name.endsWith(".d.ts")) {
      const text = fs.readFileSync(src, "utf8").replace(SPECIFIER, (_m, lead, quote, sub) => {
        rewritten++;
        return `${lead}${quote}cdktn${sub ?? ""}${quote}`;
      });
      fs.writeFileSync(dst, text);
    } else {
      fs.copyFileSync(src, dst);
    }
  }
  return rewritten;
}

function main() {
  if (!fs.existsSync(path.join(from, "index.js"))) {
    process.stderr.write("cdktn-flavour: dist/index.js is missing: run `tsc -p tsconfig.json` first (npm run build)\n");
    process.exit(1);
  }
  // Built beside the old copy and swapped in, so a failed run leaves the previous dist-cdktn/ whole.
  const staging = `${to}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  const rewritten = copyTree(from, staging, true);
  if (rewritten === 0) {
    process.stderr.write("cdktn-flavour: no import of cdktf found in dist/: nothing to rewrite, is the build complete?\n");
    process.exit(1);
  }
  fs.rmSync(to, { recursive: true, force: true });
  fs.renameSync(staging, to);
  console.log(`cdktn-flavour: dist-cdktn/ written (${rewritten} imports of cdktf now import cdktn)`);
}

main();
