#!/usr/bin/env node
// `npm run schema`: the provider schema from the provider's docs (tools/schema/, see tools/schema/cli.ts for
// the options). Runs the TypeScript source through ts-node (a dev dependency), so no build is needed first.
"use strict";
const path = require("node:path");

require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
require("../tools/schema/cli").main(process.argv.slice(2));
