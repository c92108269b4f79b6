#!/usr/bin/env node
// Generates the auth0 provider bindings into .gen/ offline, from the pinned schema in provider-schema/,
// with cdktf's own generator (`cdktf get` reading its schema cache), so they are what an online
// `cdktf get` of auth0/auth0@~> 1.55 writes. Skips the work when .gen/ was made from the same schema.
// Online alternative (a machine that reaches the Terraform registry): `npx cdktf get --force`.
"use strict";
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const schemaDir = path.join(root, "provider-schema");
const genDir = path.join(root, ".gen");
const stampFile = path.join(genDir, ".schema-sha256");

function schemaDigest() {
  const hash = crypto.createHash("sha256");
  for (const f of fs.readdirSync(schemaDir).sort()) {
    if (f.endsWith(".json")) hash.update(f).update(fs.readFileSync(path.join(schemaDir, f)));
  }
  hash.update(fs.readFileSync(path.join(root, "cdktf.json")));
  return hash.digest("hex");
}

function main() {
  const force = process.argv.includes("--force");
  const digest = schemaDigest();
  const current = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, "utf8").trim() : "";
  if (!force && current === digest && fs.existsSync(path.join(genDir, "providers", "auth0", "provider", "index.ts"))) {
    console.log("bindings: .gen/ is up to date with provider-schema/");
    return;
  }
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1" };
  // A TF_CLI_CONFIG_FILE naming a missing file makes every terraform call print warnings as errors.
  if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
  const cdktf = path.join(root, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
  console.log("bindings: generating .gen/ from provider-schema/ (offline) ...");
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [cdktf, "get", "--force", "--language", "typescript", "--experimental-provider-schema-cache-path", schemaDir],
    { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" },
  );
  if (result.status !== 0 || !fs.existsSync(path.join(genDir, "providers", "auth0", "provider", "index.ts"))) {
    process.stderr.write(result.stdout + result.stderr);
    process.stderr.write("bindings: `cdktf get` failed; see above. The pinned schema is provider-schema/*.json.\n");
    process.exit(1);
  }
  fs.writeFileSync(stampFile, `${digest}\n`);
  console.log(`bindings: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
