// The package's root entry in an app without its CDK core: a message that names the entry to import, not Node's
// bare "Cannot find module". (An app is simulated by a preload that makes the core unresolvable.)
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./support/cli";
import { tmpDir } from "./support/tmp";

function loadWithout(core: "cdktf" | "cdktn", entry: string): { status: number | null; stderr: string } {
  const preload = path.join(tmpDir(), "without-core.js");
  fs.writeFileSync(
    preload,
    `const Module = require("node:module");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === ${JSON.stringify(core)}) { const e = new Error("Cannot find module '" + request + "'"); e.code = "MODULE_NOT_FOUND"; throw e; }
  return resolve.call(this, request, ...rest);
};
`,
  );
  const r = spawnSync(process.execPath, ["-r", preload, "-e", `require(${JSON.stringify(entry)})`], { encoding: "utf8" });
  return { status: r.status, stderr: r.stderr };
}

test("the cdktf entry in an app with only cdktn says to import auth0-third-party-apps/cdktn", () => {
  const r = loadWithout("cdktf", path.join(ROOT, "dist", "index.js"));
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/auth0-third-party-apps needs cdktf, which this app does not have: in a CDK Terrain app import auth0-third-party-apps\/cdktn/);
});

test("the cdktn entry in an app with only cdktf says to import auth0-third-party-apps", () => {
  const r = loadWithout("cdktn", path.join(ROOT, "dist-cdktn", "index.js"));
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/auth0-third-party-apps\/cdktn needs cdktn, which this app does not have: in a cdktf app import auth0-third-party-apps/);
});
