// Where the project's own files are, whether this code runs from its TypeScript source (tools/, under
// ts-jest) or compiled (dist/tools/).
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheFileName } from "./schema/provider";

/** The project folder: the nearest folder above this file with package.json and provider-schema/. */
export function projectRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "provider-schema"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no project folder above ${__dirname}`);
  }
}

/** The pinned auth0 provider schema (the cache key of auth0/auth0@~> 1.55, see README). */
export function pinnedSchemaFile(root = projectRoot()): string {
  return path.join(root, "provider-schema", cacheFileName());
}

/** The compiled offline provider's entry point (`npm run build` / `npx tsc -p .` writes it). */
export function providerMainFile(root = projectRoot()): string {
  return path.join(root, "dist", "tools", "provider", "main.js");
}

/** The .proto files of the offline provider (they are not copied into dist/). */
export function protoDir(root = projectRoot()): string {
  return path.join(root, "tools", "provider", "proto");
}
