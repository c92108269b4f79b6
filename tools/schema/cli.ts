/**
 * `npm run schema` (scripts/schema-from-docs.js): builds the auth0 provider schema (the JSON of
 * `terraform providers schema -json`) from the provider's published tfplugindocs markdown, so that
 * `cdktf get --experimental-provider-schema-cache-path provider-schema` generates bindings offline.
 *
 *   --docs DIR [--out FILE]        DIR is the provider's docs/ folder (index.md + resources/*.md)
 *   --docs DIR --check-go SRC      also compares the result with the Go schema in SRC (a
 *                                  terraform-provider-auth0 checkout); exit 1 on a mismatch
 *   --extract-go SRC [--facts FILE] regenerates provider-schema/optional-computed.json from the Go source
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { compareSchemas, formatTable } from "./compare";
import { SchemaToolError, fail } from "./errors";
import { buildProviderSchema, readFacts } from "./facts";
import { extractFacts, goProviderSchema } from "./go-schema";
import { CHECK_PATHS, PROVIDER_ADDRESS, RESOURCES, cacheFileName } from "./provider";
import { formatJson } from "./terraform-schema";
import { projectRoot } from "../paths";

export interface SchemaOptions {
  docs?: string;
  out?: string;
  checkGo?: string;
  extractGo?: string;
  facts?: string;
}

const FLAGS: Record<string, keyof SchemaOptions> = {
  "--docs": "docs",
  "--out": "out",
  "--check-go": "checkGo",
  "--extract-go": "extractGo",
  "--facts": "facts",
};

export const USAGE = [
  "usage: node scripts/schema-from-docs.js --docs DIR [--out FILE] [--check-go SRC] [--facts FILE]",
  "       node scripts/schema-from-docs.js --extract-go SRC [--facts FILE]",
].join("\n");

export function parseSchemaArgs(argv: string[]): SchemaOptions {
  const opts: SchemaOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const key = FLAGS[argv[i]];
    if (!key) fail(`unknown argument: ${argv[i]}\n${USAGE}`);
    if (i + 1 >= argv.length) fail(`${argv[i]} needs a value`);
    opts[key] = argv[++i];
  }
  if (!opts.docs && !opts.extractGo) fail(USAGE);
  return opts;
}

function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Runs the command; `schemaDir` is where the pinned schema and facts live. Returns the exit code. */
export function runSchemaTool(argv: string[], schemaDir: string, log: (line: string) => void): number {
  const opts = parseSchemaArgs(argv);
  const factsFile = path.resolve(opts.facts || path.join(schemaDir, "optional-computed.json"));

  if (opts.extractGo) {
    const facts = extractFacts(opts.extractGo);
    writeFile(factsFile, formatJson(facts));
    log(`wrote ${path.relative(process.cwd(), factsFile)} (${facts.optionalComputed.length} optional+computed paths)`);
    if (!opts.docs) return 0;
  }

  const schema = buildProviderSchema(opts.docs as string, readFacts(factsFile));
  const out = path.resolve(opts.out || path.join(schemaDir, cacheFileName()));
  writeFile(out, formatJson(schema));
  const generated = schema.provider_schemas[PROVIDER_ADDRESS];
  log(`wrote ${path.relative(process.cwd(), out)} (${Object.keys(generated.resource_schemas).length} resources)`);
  if (!opts.checkGo) return 0;

  const go = goProviderSchema(opts.checkGo, RESOURCES);
  const result = compareSchemas({ provider: generated.provider, resources: generated.resource_schemas }, go, RESOURCES, CHECK_PATHS);
  log(formatTable(["path", "generated (docs)", "go source", "result"], result.watched.map((r) => [...r, r[1] === r[2] ? "OK" : "MISMATCH"])));
  log(`\nfull comparison: ${result.rightPaths} Go paths (provider + ${RESOURCES.length} resources), ${result.mismatches.length} mismatches`);
  if (result.mismatches.length) log(formatTable(["path", "generated (docs)", "go source"], result.mismatches));
  return result.mismatches.length === 0 && result.watched.every((r) => r[1] === r[2]) ? 0 : 1;
}

/** The command line entry: prints, sets the exit code; bad input is one line on stderr and exit 1. */
export function main(argv: string[]): void {
  try {
    process.exitCode = runSchemaTool(argv, path.join(projectRoot(), "provider-schema"), (line) => console.log(line));
  } catch (err) {
    if (!(err instanceof SchemaToolError)) throw err;
    console.error(`schema-from-docs: ${err.message}`);
    process.exitCode = 1;
  }
}

if (require.main === module) main(process.argv.slice(2));
