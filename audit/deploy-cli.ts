import * as fs from "node:fs";
import * as path from "node:path";
import type { Management } from "auth0";
import { InputFileError, isWithinFolder, MAX_INPUT_BYTES, MAX_JSON_INPUT_BYTES, readRegularFile } from "../config/read-file";
import { nestsDeeperThan } from "./nesting";
import { isRecord, makeSnapshot, MAX_SNAPSHOT_DEPTH, SnapshotError, SnapshotSource, TenantSnapshot } from "./tenant-snapshot";
import { jsonSyntaxError } from "../config/json-syntax";

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

/** A YAML parser's error in the user's words: its first line, without advice meant for the parser's own callers. */
export function yamlProblem(message: string): string {
  const first = message.split("\n")[0];
  return /multiple documents/i.test(first) ? "it holds more than one YAML document (a second ---); deploy-cli reads one: keep one" : first;
}

/** deploy-cli's AUTH0_KEYWORD_REPLACE_MAPPINGS: keyword → value (a string for ##KEY##, any JSON for @@KEY@@). */
export type KeywordMappings = Readonly<Record<string, unknown>>;

export interface DeployCliOptions {
  /** the keyword mappings that resolve the export's ##KEY## and @@KEY@@ markers @default none */
  readonly keywords?: KeywordMappings;
  /** the folder of clients/*_custom_login_page.html files @default clients/ beside the export */
  readonly clientsDir?: string;
  /**
   * what a marker without a mapping is: bad input (the audit reads a tenant as it is), or a value only known at
   * import, kept as it is written for the caller to read as unknown (tpa check) @default "refuse"
   */
  readonly unmapped?: "refuse" | "keep";
}

export function snapshotFromDeployCli(
  raw: Record<string, unknown>,
  source: SnapshotSource & { file: string },
  options: DeployCliOptions = {},
): TenantSnapshot {
  const deep = tooDeep(raw);
  if (deep) throw new SnapshotError(source.file, `${deep} nests deeper than ${MAX_SNAPSHOT_DEPTH} levels: no object deploy-cli exports does (a broken or hostile file)`);
  const refuse = options.unmapped !== "keep";
  // only in what the audit reads: a marker in the email provider or a connection says nothing of third-party apps
  if (refuse) for (const key of YAML_KEYS) if (key in raw) refuseUnmapped(raw[key], source.file, key);
  const doc = raw;
  const list = <T>(key: string) => records<T>(doc[key], source.file, key);
  const clientsDir = options.clientsDir ?? path.join(path.dirname(source.file), "clients");
  const clients = list<Management.Client>("clients").map((c) => withLoginPage(c, clientsDir, options.keywords ?? {}, refuse));
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

/** The settings deploy-cli reads as JSON when they are given as text (as environment variables give them). */
const JSON_SETTINGS = [
  "AUTH0_KEYWORD_REPLACE_MAPPINGS",
  "AUTH0_EXCLUDED_RULES",
  "AUTH0_EXCLUDED_CLIENTS",
  "AUTH0_EXCLUDED_RESOURCE_SERVERS",
  "AUTH0_EXCLUDED",
  "AUTH0_INCLUDED_ONLY",
];

/** The config with those settings decoded, as deploy-cli's context does (text that is no JSON stays text). */
export function withDecodedSettings(json: Record<string, unknown>): Record<string, unknown> {
  const out = { ...json };
  for (const key of JSON_SETTINGS) {
    const value = out[key];
    if (typeof value !== "string") continue;
    try {
      out[key] = JSON.parse(value) as unknown;
    } catch {
      // deploy-cli keeps it as it is; the setting's own check says what it should be
    }
  }
  return out;
}

/** A keyword mappings file: deploy-cli's config JSON (its AUTH0_KEYWORD_REPLACE_MAPPINGS) or the mappings themselves. */
export function readKeywordMappings(file: string): KeywordMappings {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new SnapshotError(file, "--keywords: no such file");
  // a config file is read as deploy-cli reads it (nconf): a byte order mark is read past, unlike in an export's files
  const doc = readJsonText(file, (text) => text, "read past").value;
  // deploy-cli takes a null or missing AUTH0_KEYWORD_REPLACE_MAPPINGS as none
  const mappings = isRecord(doc) && "AUTH0_KEYWORD_REPLACE_MAPPINGS" in doc ? (withDecodedSettings(doc).AUTH0_KEYWORD_REPLACE_MAPPINGS ?? {}) : doc;
  if (!isRecord(mappings)) throw new SnapshotError(file, "expected a JSON object of keyword mappings, or deploy-cli's config JSON with AUTH0_KEYWORD_REPLACE_MAPPINGS");
  const unusable = unusableKeyword(mappings);
  if (unusable) throw new SnapshotError(file, unusable);
  return mappings;
}

/**
 * deploy-cli's keyword replacement of a file's text, before it is parsed (src/tools/utils.ts keywordReplace):
 * for each mapping, '@@KEY@@', "@@KEY@@" or @@KEY@@ becomes the JSON of its value, then ##KEY## its text. Each key
 * is put into a regular expression as deploy-cli puts it (TP-MODE and partner.grants match themselves; A+ matches
 * ##AA##, not ##A+##); a marker without a mapping is left as it is.
 */
export function replaceKeywords(text: string, mappings: KeywordMappings, { folded = false } = {}): string {
  const keys = Object.keys(mappings);
  // what the text may grow to: an input's bound, or twice a larger file, never past what one string can hold
  const limit = Math.min(MAX_JSON_INPUT_BYTES, Math.max(MAX_INPUT_BYTES, 2 * text.length));
  let out = text;
  for (const key of keys) out = bounded(out, limit, key, new RegExp(`'@@${key}@@'|"@@${key}@@"|@@${key}@@`, "g"), JSON.stringify(mappings[key]));
  for (const key of keys) out = bounded(out, limit, key, new RegExp(`##${key}##`, "g"), folded ? foldLines(String(mappings[key])) : String(mappings[key]));
  return out;
}

/** The text with every match replaced, refused as soon as it would grow past the limit (one pass). */
function bounded(text: string, limit: number, key: string, marker: RegExp, value: string): string {
  let length = text.length;
  return text.replace(marker, (match: string) => {
    length += value.length - match.length;
    if (length > limit) throw new KeywordExpansionError(key, limit);
    return value;
  });
}

/** Keyword mappings whose values hold other keywords (A: "@@B@@@@B@@", B: ...) can grow a file without bound. */
export class KeywordExpansionError extends Error {
  constructor(
    readonly key: string,
    limit: number,
  ) {
    super(`replacing the keyword ${key} grows the text past ${limit} characters: a mapping's value holds keywords that repeat others; give each keyword its value`);
    this.name = "KeywordExpansionError";
  }
}

/**
 * A value's lines as deploy-cli's YAML reader (js-yaml 4) takes them inside a quoted scalar whose lines a
 * multi-line value (a certificate) leaves unindented: one line break is a space, more are one fewer newlines.
 * For a YAML file that does not parse otherwise.
 */
function foldLines(value: string): string {
  return value.replace(/(?:\r?\n)+/g, (breaks) => {
    const n = breaks.split("\n").length - 1;
    return n === 1 ? " " : "\n".repeat(n - 1);
  });
}

/** Why a mapping's key cannot be used (deploy-cli builds a regular expression from it, and would fail on this one). */
export function unusableKeyword(mappings: KeywordMappings): string | undefined {
  for (const key of Object.keys(mappings)) {
    try {
      new RegExp(`@@${key}@@`);
    } catch {
      return `AUTH0_KEYWORD_REPLACE_MAPPINGS key "${key.slice(0, 40)}" is no regular expression, and deploy-cli builds one from each key: rename it (letters, digits, _ and -)`;
    }
  }
  return undefined;
}

/** A marker standing for a whole value, whatever its key */
const WHOLE_MARKER = /^(?:@@([^@\s]+)@@|##([^#\s]+)##)$/;
/** A marker inside a text: upper-case keys only, as deploy-cli's own check (@@config@@ in a login page is Auth0's template) */
const EMBEDDED_MARKER = /@@([A-Z0-9_]+)@@|##([A-Z0-9_]+)##/g;

/** The keyword markers a string still holds after the replacement: the whole value, or each upper-case one inside it. */
export function unmappedMarkers(value: string): { readonly marker: string; readonly key: string }[] {
  const whole = WHOLE_MARKER.exec(value);
  if (whole) return [{ marker: value, key: whole[1] ?? whole[2] }];
  return [...value.matchAll(EMBEDDED_MARKER)].map((m) => ({ marker: m[0], key: m[1] ?? m[2] }));
}

/**
 * A marker left after the replacement, in what the audit reads, is bad input for it, named by file and key path: the
 * export was made with AUTH0_PRESERVE_KEYWORDS, and its mappings are needed to know what the tenant holds.
 */
function refuseUnmapped(value: unknown, file: string, at = ""): void {
  if (Array.isArray(value)) value.forEach((v, i) => refuseUnmapped(v, file, `${at}[${i}]`));
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) refuseUnmapped(v, file, at ? `${at}.${k}` : k);
  else if (typeof value === "string") {
    const [m] = unmappedMarkers(value);
    if (!m) return;
    throw new SnapshotError(
      file,
      `${at}: keyword marker ${m.marker.length > 60 ? `${m.marker.slice(0, 57)}...` : m.marker} has no mapping; pass deploy-cli's config with --keywords FILE (AUTH0_KEYWORD_REPLACE_MAPPINGS.${m.key}) or export without AUTH0_PRESERVE_KEYWORDS`,
    );
  }
}

/**
 * deploy-cli writes a client's login page to clients/<name>_custom_login_page.html and refers to it by that path;
 * on import it reads the file when there is one (keywords replaced), else it sends the text as it is. An export
 * that lacks the file does not say what the tenant has: bad input, unless markers are kept (tpa check).
 */
function withLoginPage(client: Management.Client, clientsDir: string, mappings: KeywordMappings, refuse: boolean): Management.Client {
  const page = client.custom_login_page;
  if (!page || !/^\.?\/?[^\n<>]*\.html?$/i.test(page.trim())) return client;
  const file = path.join(clientsDir, page.trim());
  // a link in clients/ to ~/.aws/credentials would be read as a page otherwise
  if (!isWithinFolder(clientsDir, file)) {
    throw new SnapshotError(file, `${client.name}: custom_login_page names ${page}, outside the export's clients/ folder; deploy-cli writes it as ./<client name>_custom_login_page.html`);
  }
  let html: string;
  try {
    html = replaceKeywords(readRegularFile(file), mappings); // a folder, a FIFO or a huge file in its place is bad input, not a hang or a crash
  } catch (e) {
    if (e instanceof KeywordExpansionError) throw new SnapshotError(file, e.message);
    if (!(e instanceof InputFileError)) throw e;
    // what a0deploy import would send: the text itself; what a tenant holds, which its export lacks: unknown
    if (e.reason === "no such file" && !refuse) return client;
    const reason = e.reason === "no such file" ? "which is not in the export; export the clients/ folder with it" : `which ${e.reason}`;
    throw new SnapshotError(file, `${client.name}: custom_login_page names ${page}, ${reason}`);
  }
  if (refuse) refuseUnmapped(html, file, "custom_login_page");
  return { ...client, custom_login_page: html };
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

/** Folders deploy-cli writes that tpa does not read (src/tools/constants.ts) */
const OTHER_FOLDERS = [
  "connections", "database-connections", "actions", "action-modules", "triggers", "emails", "pages", "roles", "guardian", "branding",
  "attack-protection", "custom-domains", "log-streams", "themes", "forms", "flows", "prompts", "network-acls",
];

/** The folders of a directory export that the audit reads, by the snapshot's list they fill. */
export const DIRECTORIES = {
  clients: "clients",
  clientGrants: "grants",
  resourceServers: "resource-servers",
  rules: "rules",
  hooks: "hooks",
  organizations: "organizations",
} as const;

export function readDeployCliDirectory(dir: string, options: DeployCliOptions = {}): TenantSnapshot {
  const keywords = options.keywords ?? {};
  const { doc } = deployCliDirectoryDocument(dir, (text) => replaceKeywords(text, keywords));
  return snapshotFromDeployCli(doc, { type: "deploy-cli-directory", file: dir }, { ...options, clientsDir: path.join(dir, "clients") });
}

/** A marker (a regular expression's source) standing unquoted where a value does: after `key:`, `[`, `,` or `- `, before `,`, `]`, `}` or the line end. */
export function bareMarker(marker: string): RegExp {
  return new RegExp(String.raw`(?<=(?:^|[:,[-])[ 	]*)${marker}(?=[ 	]*(?:[,}\]
]|$))`, "gm");
}

const BARE_MARKER = bareMarker("@@([A-Za-z0-9_]+)@@");

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

/** A directory export read as the document a tenant.yaml would be, with the file each list's item was read from. */
export interface DirectoryExport {
  readonly doc: Record<string, unknown>;
  /** by the document's list (clients, clientGrants, ...): each item's file, in the list's order */
  readonly files: Readonly<Record<string, readonly string[]>>;
  /** tenant.json's text as read (keywords replaced), when the export has one: where each setting is written */
  readonly tenantText?: string;
}

/** What a file's text is once deploy-cli has replaced its keywords (done in memory: no replaced copy is written). */
export type KeywordReplacement = (text: string) => string;

export function deployCliDirectoryDocument(dir: string, replace: KeywordReplacement = (text) => text): DirectoryExport {
  const tenantFile = path.join(dir, "tenant.json");
  const promptsFile = path.join(dir, "prompts", "prompts.json");
  const known = [...Object.values(DIRECTORIES).map((d) => path.join(dir, d)), tenantFile];
  const here = new Set(known.filter(present));
  if (here.size === 0) {
    const others = OTHER_FOLDERS.filter((d) => present(path.join(dir, d)));
    throw new SnapshotError(
      dir,
      others.length > 0
        ? `a deploy-cli export of ${others.join(", ")} only, without tenant.json, clients/, grants/ or resource-servers/: export those too (AUTH0_INCLUDED_ONLY)`
        : "not an auth0-deploy-cli directory export (no tenant.json, clients/, grants/ or resource-servers/)",
    );
  }
  const doc: Record<string, unknown> = {};
  const files: Record<string, string[]> = {};
  for (const [key, sub] of Object.entries(DIRECTORIES)) {
    const objects = here.has(path.join(dir, sub)) ? exportObjects(path.join(dir, sub), replace) : [];
    doc[key] = objects.map((o) => o.value);
    files[key] = objects.map((o) => o.file);
  }
  // a YAML export's folder (tenant.yaml beside clients/ of login pages): read as a folder, it would look like an empty tenant
  const yaml = ["tenant.yaml", "tenant.yml"].find((f) => present(path.join(dir, f)));
  if (yaml && !here.has(tenantFile) && Object.values(files).every((list) => list.length === 0)) {
    throw new SnapshotError(
      dir,
      `holds ${yaml}, a deploy-cli export in the YAML form, and nothing of the directory form (tenant.json, clients/*.json): pass ${path.join(dir, yaml)}, as a0deploy import --input_file would take it`,
    );
  }
  let tenantText: string | undefined;
  if (here.has(tenantFile)) ({ value: doc.tenant, text: tenantText } = readJsonText(tenantFile, replace));
  if (present(promptsFile)) doc.prompts = readJson(promptsFile, replace);
  return { doc, files, ...(tenantText !== undefined && { tenantText }) };
}

/**
 * Whether an entry of an export is there. A symbolic link that leads nowhere (broken, or a loop) is bad input naming
 * it: taken for an absent folder, it would make an export of no clients look clean.
 */
function present(entry: string): boolean {
  const link = fs.lstatSync(entry, { throwIfNoEntry: false });
  if (!link) return false;
  if (link.isSymbolicLink()) {
    try {
      fs.statSync(entry);
    } catch (e) {
      const loop = (e as NodeJS.ErrnoException).code === "ELOOP";
      throw new SnapshotError(entry, loop ? "is a symbolic link loop" : "is a symbolic link to nothing (a broken link): point it at the export's folder or file, or remove it");
    }
  }
  return true;
}

/** The objects of one folder of a directory export (clients/, grants/, ...) that is there, in the order they are read, with their files. */
function exportObjects(dir: string, replace: KeywordReplacement): { file: string; value: Record<string, unknown> }[] {
  if (!fs.statSync(dir).isDirectory()) throw new SnapshotError(dir, `is not a folder: deploy-cli writes ${path.basename(dir)}/ as a folder of JSON files`);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      const value = readJson(file, replace);
      if (nestsDeeperThan(value, MAX_SNAPSHOT_DEPTH)) throw new SnapshotError(file, `nests deeper than ${MAX_SNAPSHOT_DEPTH} levels: no object deploy-cli exports does (a broken or hostile file)`);
      // deploy-cli reads one object per file; a list or a bare value is none (its schema refuses it)
      if (!isRecord(value)) throw new SnapshotError(file, `holds ${Array.isArray(value) ? "a list" : value === null ? "null" : `a ${typeof value}`}, not one object: deploy-cli writes one object per file`);
      return { file, value };
    })
    .filter((o) => Object.keys(o.value).length > 0);
}

/** deploy-cli reads each JSON file of a directory export as UTF-8 text and gives it to JSON.parse, which fails on a mark. */
const DEPLOY_CLI_BYTE_ORDER_MARK =
  "starts with a byte order mark, and auth0-deploy-cli's reader of JSON files refuses one (a0deploy import fails on this file): save it as UTF-8 without a byte order mark";

function readJson(file: string, replace: KeywordReplacement): unknown {
  return readJsonText(file, replace).value;
}

/**
 * A JSON file of an export, parsed, with its text (keywords replaced). An export's file with a byte order mark is
 * refused, as deploy-cli's reader of them refuses it; its config file's mark is read past (nconf).
 */
function readJsonText(file: string, replace: KeywordReplacement, byteOrderMark: "refuse" | "read past" = "refuse"): { text: string; value: unknown } {
  let text: string;
  try {
    // a FIFO in an export folder must not hang the audit
    text = replace(readRegularFile(file, undefined, byteOrderMark === "refuse" ? { refuseByteOrderMark: DEPLOY_CLI_BYTE_ORDER_MARK } : {}));
  } catch (e) {
    throw new SnapshotError(file, e instanceof InputFileError ? e.reason : (e as Error).message);
  }
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch {
    const error = jsonSyntaxError(text);
    throw bareMarkerError(file, text) ?? new SnapshotError(error ? `${file}:${error.line}:${error.column}` : file, `not valid JSON${error ? `: ${error.reason}` : ""}`);
  }
}

function records<T>(value: unknown, file: string, key: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isRecord)) throw new SnapshotError(file, `${key}: expected a list of objects`);
  return value as T[];
}
