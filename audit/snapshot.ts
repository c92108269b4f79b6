import * as fs from "node:fs";
import * as path from "node:path";
import { getHeapStatistics } from "node:v8";
import { InputFileError, isFolder, MAX_INPUT_BYTES, MAX_JSON_INPUT_BYTES, readRegularFile, writeInFolders } from "../config/read-file";
import { bareMarkerError, DeployCliOptions, isDeployCliExport, KeywordExpansionError, readDeployCliDirectory, readKeywordMappings, replaceKeywords, snapshotFromDeployCli, yamlProblem } from "./deploy-cli";
import { scrubSecrets } from "./secrets";
import { isRecord, makeSnapshot, ShapeError, SNAPSHOT_KIND, SnapshotError, SnapshotParts, TenantSnapshot } from "./tenant-snapshot";
import { positionOf } from "../config/json-syntax";
import { documentValue, unclosedQuote, unclosedQuoteMessage, UnresolvedAlias } from "../config/yaml-syntax";
import { INPUT_BOUNDS, tooManyValues } from "../config/bounds";
import { holdsMoreValuesThan, isTooDeep, TOO_DEEP_TO_READ } from "./nesting";

export * from "./tenant-snapshot";

/**
 * Reads --from: a snapshot saved by `tpa audit --save`, an auth0-deploy-cli YAML export (tenant.yaml), or a
 * deploy-cli directory export. Secrets are removed on the way in too.
 */
export function loadSnapshot(file: string, deployCli: DeployCliOptions = {}): TenantSnapshot {
  if (!fs.lstatSync(file, { throwIfNoEntry: false })) throw new SnapshotError(file, "no such file or folder");
  if (isFolder(file)) return shaped(file, () => readDeployCliDirectory(file, deployCli));
  const doc = parseFile(file, deployCli);
  if (isRecord(doc)) {
    if (doc.kind === SNAPSHOT_KIND) return shaped(file, () => validateSnapshot(file, doc));
    // read as a deploy-cli export (it has tenant: too), either would be a tenant without apps: an import would write an empty environment
    if ("kind" in doc) {
      throw new SnapshotError(file, `kind ${JSON.stringify(doc.kind)} is not a snapshot of tpa audit --save (kind ${SNAPSHOT_KIND}), and deploy-cli exports have no kind`);
    }
    if (Array.isArray(doc.apps) && !("clients" in doc)) {
      throw new SnapshotError(file, "is an environment file of tpa (apps:), not what a tenant holds: --from takes a snapshot saved by `tpa audit --save` or an auth0-deploy-cli export");
    }
  }
  if (isDeployCliExport(doc)) return shaped(file, () => snapshotFromDeployCli(doc as Record<string, unknown>, { type: "deploy-cli-yaml", file }, deployCli));
  throw new SnapshotError(
    file,
    "neither a snapshot saved by `tpa audit --save` nor an auth0-deploy-cli export (tenant.yaml with clients:, clientGrants:, resourceServers:, ...)",
  );
}

/** `--from FILE` as the commands take it, with `--keywords FILE` for a deploy-cli export written with AUTH0_PRESERVE_KEYWORDS. */
export function loadSnapshotFrom(file: string, keywordsFile?: string): TenantSnapshot {
  return loadSnapshot(file, { keywords: keywordsFile === undefined ? undefined : readKeywordMappings(keywordsFile) });
}

/** A --from file whose objects are not what the Management API returns: exit 2, naming the file. */
function shaped(file: string, read: () => TenantSnapshot): TenantSnapshot {
  try {
    return read();
  } catch (e) {
    if (e instanceof ShapeError) throw new SnapshotError(file, `${e.message}: not what the Management API returns`);
    throw e;
  }
}

/**
 * The audit's peak memory is up to about ten times its input's size (the bench's 50,000-client snapshots: 9.4×
 * compact, 8.2× as `--save` writes them): a larger file than the heap allows is refused with the fix, not
 * left to crash the process when it runs out.
 */
const MEMORY_PER_INPUT_BYTE = 10;

function parseFile(file: string, deployCli: DeployCliOptions): unknown {
  checkMemoryFor(file);
  let raw: string;
  let text: string;
  try {
    raw = readRegularFile(file, MAX_JSON_INPUT_BYTES);
    text = replaceKeywords(raw, deployCli.keywords ?? {});
  } catch (e) {
    if (e instanceof InputFileError) throw new SnapshotError(file, e.reason);
    if (e instanceof KeywordExpansionError) throw new SnapshotError(file, e.message);
    throw e;
  }
  // Saved snapshots are JSON (about 100 MB for 50,000 clients): JSON.parse is far faster than a YAML parser.
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // not JSON after all: YAML (a superset of JSON) reads flow-style exports too
    }
  }
  if (Buffer.byteLength(text) > MAX_INPUT_BYTES) {
    throw new SnapshotError(file, `is not JSON, and YAML of more than ${MAX_INPUT_BYTES} bytes is not read (a snapshot saved by \`tpa audit --save\` is JSON)`);
  }
  // loaded only for YAML: a saved snapshot (JSON) does not pay for the YAML parser's modules
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseDocument } = require("yaml") as typeof import("yaml");
  // merge keys (<<: *defaults) and any number of aliases (documentValue), as deploy-cli's YAML reader (js-yaml) reads
  // them; what the aliases expand to is bounded below, as for environment files
  const parse = (source: string): unknown => {
    const doc = parseDocument(source, { prettyErrors: false, merge: true, logLevel: "error" });
    if (doc.errors.length > 0) throw doc.errors[0];
    return documentValue(doc);
  };
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    value = foldedOrThrow(e);
  }
  if (holdsMoreValuesThan(value, INPUT_BOUNDS.maxValues)) throw new SnapshotError(file, tooManyValues());
  return value;

  function foldedOrThrow(e: unknown): unknown {
    // a multi-line keyword value inside a quoted scalar: as deploy-cli's reader folds it
    if (text !== raw) {
      try {
        return parse(replaceKeywords(raw, deployCli.keywords ?? {}, { folded: true }));
      } catch {
        // the first error is the one to report
      }
    }
    if (isTooDeep(e)) throw new SnapshotError(file, TOO_DEEP_TO_READ);
    const quote = unclosedQuote(text);
    const offset = quote ? quote.offset : e instanceof UnresolvedAlias ? e.offset : (e as { pos?: number[] }).pos?.[0];
    const at = offset === undefined ? file : `${file}:${positionOf(text, offset).line}`;
    const problem = quote ? unclosedQuoteMessage(quote) : e instanceof UnresolvedAlias ? e.message : yamlProblem((e as Error).message);
    throw bareMarkerError(file, text) ?? new SnapshotError(at, `not valid JSON or YAML: ${problem}`);
  }
}

const LIST_KEYS = ["clients", "clientGrants", "resourceServers", "rules", "hooks", "organizations"] as const;

function validateSnapshot(file: string, doc: Record<string, unknown>): TenantSnapshot {
  if (doc.version !== 1) throw new SnapshotError(file, `snapshot version ${String(doc.version)} is not supported (this tpa reads version 1)`);
  for (const key of LIST_KEYS) {
    if (!Array.isArray(doc[key])) throw new SnapshotError(file, `snapshot has no ${key} list`);
  }
  return makeSnapshot(doc as unknown as SnapshotParts);
}

/** Writes the snapshot (secrets removed) through a temporary file renamed into place. */
export function saveSnapshot(file: string, snapshot: TenantSnapshot): void {
  const dir = path.dirname(path.resolve(file));
  writeInFolders(dir, () => {
    const tmp = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}-${Date.now()}`);
    try {
      fs.writeFileSync(tmp, `${JSON.stringify(scrubSecrets(snapshot), null, 2)}\n`, { mode: 0o600 });
      fs.renameSync(tmp, file);
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  });
}

function checkMemoryFor(file: string): void {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return; // unreadable (a symlink loop, no permission): readRegularFile says why
  }
  const needed = size * MEMORY_PER_INPUT_BYTE;
  const limit = getHeapStatistics().heap_size_limit;
  if (needed <= limit || size > MAX_JSON_INPUT_BYTES) return; // too large for any heap: readRegularFile says so
  const mb = (bytes: number) => Math.ceil(bytes / 2 ** 20);
  throw new SnapshotError(
    file,
    `is ${mb(size)} MB: auditing it takes about ${mb(needed)} MB of memory, more than this Node.js process may use (${mb(limit)} MB); ` +
      `run it with NODE_OPTIONS=--max-old-space-size=${Math.ceil(mb(needed) / 1024) * 1024} on a machine with that much memory`,
  );
}

