import * as fs from "node:fs";
import * as path from "node:path";
import type { Management } from "auth0";
import { InputFileError, readRegularFile } from "../config/read-file";
import { nestsDeeperThan } from "./nesting";
import { isRecord, makeSnapshot, MAX_SNAPSHOT_DEPTH, SnapshotError, SnapshotSource, TenantSnapshot } from "./tenant-snapshot";

/**
 * auth0-deploy-cli exports (`a0deploy export`), read as snapshots. Both formats carry the Management API's
 * objects nearly as returned (auth0/auth0-deploy-cli docs/resource-specific-documentation.md):
 *
 * - YAML (`--format yaml`): one tenant.yaml with top-level tenant:, clients:, clientGrants:, resourceServers:,
 *   rules:, hooks:, organizations:, prompts: (src/context/yaml).
 * - directory (`--format directory`): tenant.json, clients/*.json, grants/*.json, resource-servers/*.json,
 *   rules/*.json, hooks/*.json, organizations/*.json, prompts/prompts.json (src/context/directory,
 *   src/tools/constants.ts).
 *
 * Unless AUTH0_EXPORT_IDENTIFIERS is on, the export strips identifiers (client_id of clients, id of grants and
 * APIs), and grants name their client by its name instead of its ID; client_secret and signing_keys are never
 * exported (src/readonly.ts, src/utils.ts stripIdentifiers / convertClientIdToName). The export does not
 * record the tenant's domain either.
 */

const YAML_KEYS = ["tenant", "clients", "clientGrants", "resourceServers", "rules", "hooks", "organizations", "prompts"];

export function isDeployCliExport(doc: unknown): boolean {
  return isRecord(doc) && YAML_KEYS.some((k) => k in doc);
}

/** deploy-cli's AUTH0_KEYWORD_REPLACE_MAPPINGS: keyword → value (a string for ##KEY##, any JSON for @@KEY@@). */
export type KeywordMappings = Readonly<Record<string, unknown>>;

export interface DeployCliOptions {
  /** the keyword mappings that resolve the export's ##KEY## and @@KEY@@ markers @default none */
  readonly keywords?: KeywordMappings;
  /** the folder of clients/*_custom_login_page.html files @default clients/ beside the export */
  readonly clientsDir?: string;
}

export function snapshotFromDeployCli(
  raw: Record<string, unknown>,
  source: SnapshotSource & { file: string },
  options: DeployCliOptions = {},
): TenantSnapshot {
  const deep = tooDeep(raw);
  if (deep) throw new SnapshotError(source.file, `${deep} nests deeper than ${MAX_SNAPSHOT_DEPTH} levels: no object deploy-cli exports does (a broken or hostile file)`);
  const doc = resolveKeywords(raw, options.keywords ?? {}, source.file) as Record<string, unknown>;
  const list = <T>(key: string) => records<T>(doc[key], source.file, key);
  const clientsDir = options.clientsDir ?? path.join(path.dirname(source.file), "clients");
  const clients = list<Management.Client>("clients").map((c) => withLoginPage(c, clientsDir, options.keywords ?? {}));
  return makeSnapshot({
    source,
    tenantSettings: isRecord(doc.tenant) ? doc.tenant : null,
    prompts: isRecord(doc.prompts) ? doc.prompts : null,
    clients,
    clientGrants: list<Management.ClientGrantResponseContent>("clientGrants").map((g) => grantWithClientId(g, clients)),
    resourceServers: list<Management.ResourceServer>("resourceServers"),
    rules: list<Management.Rule>("rules"),
    hooks: list<Management.Hook>("hooks"),
    organizations: list<Management.Organization>("organizations"),
  });
}

/** The first top-level value or list item that nests deeper than any Auth0 object, by its key path. */
function tooDeep(doc: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(doc)) {
    if (!Array.isArray(value)) {
      if (nestsDeeperThan(value, MAX_SNAPSHOT_DEPTH)) return key;
      continue;
    }
    for (let i = 0; i < value.length; i++) if (nestsDeeperThan(value[i], MAX_SNAPSHOT_DEPTH)) return `${key}[${i}]`;
  }
  return undefined;
}

/** A keyword mappings file: deploy-cli's config JSON (its AUTH0_KEYWORD_REPLACE_MAPPINGS) or the mappings themselves. */
export function readKeywordMappings(file: string): KeywordMappings {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new SnapshotError(file, "--keywords: no such file");
  const doc = readJson(file);
  const mappings = isRecord(doc) && "AUTH0_KEYWORD_REPLACE_MAPPINGS" in doc ? doc.AUTH0_KEYWORD_REPLACE_MAPPINGS : doc;
  if (!isRecord(mappings)) throw new SnapshotError(file, "expected a JSON object of keyword mappings, or deploy-cli's config JSON with AUTH0_KEYWORD_REPLACE_MAPPINGS");
  return mappings;
}

const ARRAY_MARKER = /^@@([A-Za-z0-9_]+)@@$/;
const STRING_MARKER = /##([A-Za-z0-9_]+)##/g;
/** deploy-cli's own test for a marker left unresolved (UNRESOLVED_PLACEHOLDER_REGEX): upper-case keys only */
const UNRESOLVED_KEY = /^[A-Z0-9_]+$/;

/**
 * Keyword markers resolved as deploy-cli resolves them on import (src/tools/utils.ts keywordReplace): a
 * value that is exactly '@@KEY@@' becomes the mapping's JSON value, each ##KEY## inside a string the mapping's
 * text. A marker without a mapping is bad input, named by file and key (AUTH0_PRESERVE_KEYWORDS exports).
 */
function resolveKeywords(value: unknown, mappings: KeywordMappings, file: string, at = ""): unknown {
  if (Array.isArray(value)) return value.map((v, i) => resolveKeywords(v, mappings, file, `${at}[${i}]`));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveKeywords(v, mappings, file, at ? `${at}.${k}` : k)]));
  }
  if (typeof value !== "string") return value;
  const missing = (key: string): never => {
    throw new SnapshotError(
      file,
      `${at}: keyword marker ${value.length > 60 ? `${value.slice(0, 57)}...` : value} has no mapping; pass deploy-cli's config with --keywords FILE (AUTH0_KEYWORD_REPLACE_MAPPINGS.${key}) or export without AUTH0_PRESERVE_KEYWORDS`,
    );
  };
  const whole = ARRAY_MARKER.exec(value);
  if (whole) {
    if (Object.hasOwn(mappings, whole[1])) return structuredClone(mappings[whole[1]]);
    return UNRESOLVED_KEY.test(whole[1]) ? missing(whole[1]) : value;
  }
  return value.replace(STRING_MARKER, (marker, key: string) => {
    if (Object.hasOwn(mappings, key)) return String(mappings[key]);
    return UNRESOLVED_KEY.test(key) ? missing(key) : marker;
  });
}

/** deploy-cli writes a client's login page to clients/<name>_custom_login_page.html and refers to it by that path. */
function withLoginPage(client: Management.Client, clientsDir: string, mappings: KeywordMappings): Management.Client {
  const page = client.custom_login_page;
  if (!page || !/^\.?\/?[^\n<>]*\.html?$/i.test(page.trim())) return client;
  const file = path.join(clientsDir, page.trim());
  if (path.relative(clientsDir, file).startsWith("..")) {
    throw new SnapshotError(file, `${client.name}: custom_login_page names ${page}, outside the export's clients/ folder; deploy-cli writes it as ./<client name>_custom_login_page.html`);
  }
  let html: string;
  try {
    html = readRegularFile(file); // a folder, a FIFO or a huge file in its place is bad input, not a hang or a crash
  } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    const reason = e.reason === "no such file" ? "which is not in the export; export the clients/ folder with it" : `which ${e.reason}`;
    throw new SnapshotError(file, `${client.name}: custom_login_page names ${page}, ${reason}`);
  }
  return { ...client, custom_login_page: resolveKeywords(html, mappings, file, "custom_login_page") as string };
}

/**
 * deploy-cli names a grant's client by its name, with or without AUTH0_EXPORT_IDENTIFIERS
 * (convertClientIdToName), and writes `undefined_clientId` where a grant has no client (default grants).
 * Resolved here to the client's ID when the export has one, so that grants reach their app.
 */
function grantWithClientId(grant: Management.ClientGrantResponseContent, clients: readonly Management.Client[]): Management.ClientGrantResponseContent {
  if (grant.client_id === "undefined_clientId") {
    const { client_id: _none, ...rest } = grant;
    return rest as Management.ClientGrantResponseContent;
  }
  const named = clients.filter((c) => c.name === grant.client_id);
  if (named.length === 1 && named[0].client_id && !clients.some((c) => c.client_id === grant.client_id)) {
    return { ...grant, client_id: named[0].client_id };
  }
  return grant;
}

const DIRECTORIES = {
  clients: "clients",
  clientGrants: "grants",
  resourceServers: "resource-servers",
  rules: "rules",
  hooks: "hooks",
  organizations: "organizations",
} as const;

export function readDeployCliDirectory(dir: string, options: DeployCliOptions = {}): TenantSnapshot {
  const doc = deployCliDirectoryDocument(dir, options.keywords);
  return snapshotFromDeployCli(doc, { type: "deploy-cli-directory", file: dir }, { ...options, clientsDir: path.join(dir, "clients") });
}

/**
 * deploy-cli replaces a bare `@@KEY@@` (unquoted, as in `"lifetime_in_seconds": @@JWT_TIMEOUT@@`) in a file's
 * text before parsing it, by the mapping's JSON (src/tools/utils.ts keywordArrayReplace): the file is JSON or YAML
 * only after that. Quoted markers are resolved after parsing (resolveKeywords).
 */
export function replaceBareMarkers(text: string, mappings: KeywordMappings): string {
  if (!text.includes("@@")) return text;
  return text.replace(BARE_MARKER, (marker, key: string) => (Object.hasOwn(mappings, key) ? JSON.stringify(mappings[key]) : marker));
}

/** A marker standing where a value does (after `key:`, `[`, `,` or `- `, before `,`, `]`, `}` or the line end), unquoted. */
const BARE_MARKER = /(?<=(?:^|[:,[-])[ \t]*)@@([A-Za-z0-9_]+)@@(?=[ \t]*(?:[,}\]\r\n]|$))/gm;

/** When a bare @@KEY@@ without a mapping is why a file does not parse: the error, at the marker's line, with the fix. */
export function bareMarkerError(file: string, text: string): SnapshotError | undefined {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = new RegExp(BARE_MARKER.source).exec(lines[i]);
    if (m) {
      return new SnapshotError(
        `${file}:${i + 1}`,
        `the keyword marker ${m[0]} stands unquoted, so the file parses only once deploy-cli replaces it: pass deploy-cli's config with --keywords FILE (AUTH0_KEYWORD_REPLACE_MAPPINGS.${m[1]})`,
      );
    }
  }
  return undefined;
}

/** A directory export as the one document a tenant.yaml would be (tenant:, clients:, clientGrants:, ...). */
export function deployCliDirectoryDocument(dir: string, keywords: KeywordMappings = {}): Record<string, unknown> {
  const tenantFile = path.join(dir, "tenant.json");
  const promptsFile = path.join(dir, "prompts", "prompts.json");
  const known = [...Object.values(DIRECTORIES).map((d) => path.join(dir, d)), tenantFile];
  if (!known.some((p) => fs.existsSync(p))) {
    throw new SnapshotError(dir, "not an auth0-deploy-cli directory export (no tenant.json, clients/, grants/ or resource-servers/)");
  }
  const doc: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(DIRECTORIES)) doc[key] = readJsonFiles(path.join(dir, sub), keywords);
  if (fs.existsSync(tenantFile)) doc.tenant = readJson(tenantFile, keywords);
  if (fs.existsSync(promptsFile)) doc.prompts = readJson(promptsFile, keywords);
  return doc;
}

function readJsonFiles(dir: string, keywords: KeywordMappings): unknown[] {
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stat) return [];
  if (!stat.isDirectory()) throw new SnapshotError(dir, `is not a folder: deploy-cli writes ${path.basename(dir)}/ as a folder of JSON files`);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      const doc = readJson(file, keywords);
      if (nestsDeeperThan(doc, MAX_SNAPSHOT_DEPTH)) throw new SnapshotError(file, `nests deeper than ${MAX_SNAPSHOT_DEPTH} levels: no object deploy-cli exports does (a broken or hostile file)`);
      return doc;
    })
    .filter((o) => isRecord(o) && Object.keys(o).length > 0);
}

function readJson(file: string, keywords: KeywordMappings = {}): unknown {
  let text: string;
  try {
    text = replaceBareMarkers(readRegularFile(file), keywords); // a FIFO in an export folder must not hang the audit
  } catch (e) {
    throw new SnapshotError(file, e instanceof InputFileError ? e.reason : (e as Error).message);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw bareMarkerError(file, text) ?? new SnapshotError(file, `not valid JSON: ${(e as Error).message}`);
  }
}

function records<T>(value: unknown, file: string, key: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isRecord)) throw new SnapshotError(file, `${key}: expected a list of objects`);
  return value as T[];
}
