/**
 * What a user is about to `a0deploy import`: an auth0-deploy-cli configuration (tenant.yaml, or a directory
 * of JSON files) after deploy-cli's keyword replacement, read by the audit's deploy-cli reader and turned
 * into policy resources the way the audit sees a tenant (audit/to-policy.ts).
 *
 * Keyword replacement (auth0-deploy-cli docs/keyword-replacement.md): AUTH0_KEYWORD_REPLACE_MAPPINGS of the
 * config file maps keys to values; `@@KEY@@` is replaced by the JSON of the value, `##KEY##` by the value
 * itself. A keyword without a mapping is a value only known at import: it stays unknown ("${KEY}" in the
 * policy's view), so that each rule that reads it warns under its ID instead of passing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Management } from "auth0";
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import { bareMarker, deployCliDirectoryDocument, DIRECTORIES, isDeployCliExport, KeywordExpansionError, replaceKeywords, snapshotFromDeployCli, unmappedMarkers, unusableKeyword, withDecodedSettings, yamlProblem } from "../audit/deploy-cli";
import { isRecord, ShapeError, SnapshotError, TenantSnapshot } from "../audit/tenant-snapshot";
import { clientResources, DEPRECATED_CLIENT_FIELDS, Names, tenantResources } from "../audit/to-policy";
import { isUnresolved, type PolicyResource } from "../policy";
import { displayPath, InputFileError, readRegularFile } from "../config/read-file";
import { CheckInputError } from "./errors";
import type { FileLine } from "./run";
import { jsonErrorText, positionOf } from "../config/json-syntax";
import { documentValue, unclosedQuote, unclosedQuoteMessage, UnresolvedAlias } from "../config/yaml-syntax";
import { INPUT_BOUNDS, tooManyValues } from "../config/bounds";
import { holdsMoreValuesThan, isTooDeep, TOO_DEEP_TO_READ } from "../audit/nesting";
import { unjudgedRedactions, unjudgedText } from "../audit/secrets";

export interface DeployCliConfiguration {
  readonly resources: PolicyResource[];
  /** addresses `a0deploy import` leaves alone (deploy-cli's exclusions): context for the others, their findings not reported */
  readonly notApplied: ReadonlySet<string>;
  /** AUTH0_DOMAIN of the config file */
  readonly domain?: string;
  /** what the reader could not judge and says so: values removed as secrets, at their item's line */
  readonly notes: readonly string[];
  locate(target: string): FileLine | undefined;
}

/** The parts of deploy-cli's config.json used here (credentials in it are never read). */
interface DeployCliConfig {
  readonly domain?: string;
  readonly mappings: Readonly<Record<string, unknown>>;
  /** what `a0deploy import` leaves alone @default nothing */
  readonly excluded?: Exclusions;
}

/** What deploy-cli's config keeps `a0deploy import` from applying, so that tpa check does not check it either. */
interface Exclusions {
  /** AUTH0_EXCLUDED: the export's keys (clients, clientGrants, tenant, ...) it skips */
  readonly assetTypes: readonly string[];
  /** AUTH0_INCLUDED_ONLY: the only keys it applies, when given */
  readonly includedOnly?: readonly string[];
  /** AUTH0_EXCLUDED_CLIENTS: clients it leaves alone, by name, with their grants */
  readonly clients: readonly string[];
  /** AUTH0_EXCLUDED_RESOURCE_SERVERS: APIs it leaves alone, by name */
  readonly resourceServers: readonly string[];
  /** AUTH0_EXCLUDED_RULES: Rules it leaves alone, by name */
  readonly rules: readonly string[];
  /** AUTH0_EXCLUDE_THIRD_PARTY_CLIENTS: it applies only first-party clients, and their grants */
  readonly thirdPartyClients: boolean;
}

function stringsOf(json: Record<string, unknown>, key: string, file: string): string[] | undefined {
  const v = json[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw new CheckInputError(`${file}: ${key} must be a list of names`);
  return v as string[];
}

function exclusionsOf(json: Record<string, unknown>, file: string): Exclusions {
  const includedOnly = stringsOf(json, "AUTH0_INCLUDED_ONLY", file);
  const assetTypes = stringsOf(json, "AUTH0_EXCLUDED", file) ?? [];
  // as deploy-cli refuses them
  if (includedOnly?.length === 0) throw new CheckInputError(`${file}: AUTH0_INCLUDED_ONLY names no resource type: name at least one, or leave it out`);
  if (includedOnly && assetTypes.length > 0) throw new CheckInputError(`${file}: AUTH0_EXCLUDED and AUTH0_INCLUDED_ONLY are both given: deploy-cli takes only one of them`);
  return {
    assetTypes,
    ...(includedOnly && { includedOnly }),
    clients: stringsOf(json, "AUTH0_EXCLUDED_CLIENTS", file) ?? [],
    resourceServers: stringsOf(json, "AUTH0_EXCLUDED_RESOURCE_SERVERS", file) ?? [],
    rules: stringsOf(json, "AUTH0_EXCLUDED_RULES", file) ?? [],
    thirdPartyClients: json.AUTH0_EXCLUDE_THIRD_PARTY_CLIENTS === true || json.AUTH0_EXCLUDE_THIRD_PARTY_CLIENTS === "true",
  };
}

/** A file's text; a folder, a FIFO (not waited on), a link loop or an oversized file is bad input naming it. */
function readText(file: string): string {
  try {
    return readRegularFile(file);
  } catch (e) {
    if (e instanceof InputFileError) throw new CheckInputError(`${file}: ${e.reason}`);
    throw e;
  }
}

export function readDeployCliConfig(file: string | undefined): DeployCliConfig {
  if (!file) return { mappings: {} };
  const text = readText(file);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CheckInputError(`${jsonErrorText(file, text)} (a deploy-cli config file is JSON)`);
  }
  if (!isRecord(json)) throw new CheckInputError(`${file}: a deploy-cli config file is a JSON object of settings ({"AUTH0_KEYWORD_REPLACE_MAPPINGS": {...}, ...})`);
  json = withDecodedSettings(json);
  const mappings = json?.AUTH0_KEYWORD_REPLACE_MAPPINGS ?? {};
  if (typeof mappings !== "object" || mappings === null || Array.isArray(mappings)) {
    throw new CheckInputError(`${file}: AUTH0_KEYWORD_REPLACE_MAPPINGS must be an object of KEY: value`);
  }
  const unusable = unusableKeyword(mappings as Record<string, unknown>);
  if (unusable) throw new CheckInputError(`${file}: ${unusable}`);
  const domain = typeof json.AUTH0_DOMAIN === "string" ? json.AUTH0_DOMAIN : undefined;
  return { mappings: mappings as Record<string, unknown>, ...(domain && { domain }), excluded: exclusionsOf(json, file) };
}

/** An unmapped keyword as a value only known at import: "${KEY}", its key made a name (partner.mode: partner_mode). */
const unknownKeyword = (key: string) => `\${${key.replace(/[^A-Za-z0-9_]/g, "_")}}`;

/**
 * deploy-cli's keyword replacement on a file's text (audit/deploy-cli.ts replaceKeywords). A marker without a
 * mapping stays as written; one standing bare where a value belongs (callbacks: @@KEY@@, mode: ##KEY##) is quoted,
 * so that the file parses and the marker reads as a value only known at import, not as YAML's comment.
 */
export function replaceDeployCliKeywords(text: string, mappings: Readonly<Record<string, unknown>>, options: { folded?: boolean } = {}): string {
  return replaceKeywords(text, mappings, options).replace(BARE_UNMAPPED, (marker: string, offset: number, whole: string) =>
    // inside a quoted string ("Owner: ##TEAM##, paged") the marker is text already: deploy-cli sends it as it is
    insideQuotes(whole, offset) ? marker : JSON.stringify(marker),
  );
}

/** @@KEY@@ or ##KEY## standing bare where a value does (YAML would read an unquoted ##KEY## as a comment) */
const BARE_UNMAPPED = bareMarker("(?:@@[^@\\s,\\]}]+@@|##[^#\\s,\\]}]+##)");

/**
 * Is the offset inside a quoted string of its line (YAML's "..." with \ escapes or '...' with '' escapes, JSON's "...")?
 * A quote opens a string only where a scalar starts (Partner's is plain text); exports write each scalar on one line.
 */
function insideQuotes(text: string, offset: number): boolean {
  let quote: string | undefined;
  let scalarStart = true;
  for (let i = text.lastIndexOf("\n", offset - 1) + 1; i < offset; i++) {
    const c = text[i];
    if (quote === '"' && c === "\\") i++;
    else if (quote === "'" && c === "'" && text[i + 1] === "'") i++;
    else if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if ((c === '"' || c === "'") && scalarStart) quote = c;
    else if (c !== " " && c !== "\t") scalarStart = ":-[{,".includes(c);
  }
  return quote !== undefined;
}

/** Lists whose items become one resource each, first of their resources: the export's keys (audit/deploy-cli.ts). */
const ITEM_LISTS = Object.keys(DIRECTORIES) as (keyof typeof DIRECTORIES)[];
/**
 * Fields that name or link an item, or that the reader turns into another resource (the credentials' method and JAR):
 * an unknown value stays in place, for the reader to carry.
 */
const KEPT_IN_PLACE = new Set(["name", "client_id", "identifier", "token_endpoint_auth_method", "signed_request_object"]);
/** Provider attributes the audit's reader (audit/to-policy.ts) writes under another name than the Management API field. */
const ATTRIBUTE_OF: Readonly<Record<string, string>> = {
  cross_origin_authentication: "cross_origin_auth",
  oidc_backchannel_logout: "oidc_logout",
  scope: "scopes",
  triggerId: "trigger_id",
};

/** keyword by field, of items whose whole value of a field is an unmapped keyword ("clients|0" → callbacks → KEY) */
type UnknownFields = Map<string, Map<string, string>>;

/**
 * The document with whole values that are unmapped keywords set aside, where the reader expects a list or an
 * object (callbacks: @@KEY@@); the policy resources get them back as unresolved values.
 */
function setAsideUnknown(doc: Record<string, unknown>, file: string): { doc: Record<string, unknown>; unknown: UnknownFields } {
  const unknown: UnknownFields = new Map();
  const out: Record<string, unknown> = { ...doc };
  /** one item without its unknown fields, which are recorded under `at` */
  const setAside = (item: Record<string, unknown>, at: string, superseded: (field: string) => boolean): Record<string, unknown> => {
    const fields = new Map<string, string>();
    const kept = Object.fromEntries(
      Object.entries(item).filter(([field, value]) => {
        if (superseded(field)) return false;
        const key = typeof value === "string" && !KEPT_IN_PLACE.has(field) ? unmappedKeyOf(field, value) : undefined;
        if (key) fields.set(field, key);
        return !key;
      }),
    );
    if (fields.size > 0) unknown.set(at, fields);
    return kept;
  };
  const nothing = () => false;
  for (const list of ITEM_LISTS) {
    const items = doc[list];
    if (!Array.isArray(items)) continue;
    out[list] = items.map((item: unknown, i) => {
      if (!isRecord(item)) return item;
      // a deprecated name beside its current one is dropped by deploy-cli: here too
      const superseded = (field: string) => list === "clients" && field in DEPRECATED_CLIENT_FIELDS && DEPRECATED_CLIENT_FIELDS[field as keyof typeof DEPRECATED_CLIENT_FIELDS] in item;
      return setAside(item, `${list}|${i}`, superseded);
    });
  }
  // the tenant's settings too: a mode that is a keyword is unknown here, not a mode Auth0 does not have
  if (isRecord(doc.tenant)) out.tenant = setAside(doc.tenant, "tenant", nothing);
  const servers = doc.resourceServers;
  if (Array.isArray(servers)) {
    servers.forEach((api: unknown, i) => {
      const scopes = isRecord(api) ? api.scopes : undefined;
      const key = typeof scopes === "string" ? wholeUnmapped(scopes) : undefined;
      if (key) throw new CheckInputError(`${file}: resourceServers[${i}].scopes: keyword ${key} has no mapping; the API's scopes are needed to check its grants: give AUTH0_KEYWORD_REPLACE_MAPPINGS.${key} in --config`);
    });
  }
  return { doc: out, unknown };
}

/** Fields Auth0 takes only as a whole word (a mode): a keyword anywhere in one makes the whole value unknown here. */
const WHOLE_WORD_FIELDS: ReadonlySet<string> = new Set(["third_party_security_mode", "dynamic_client_registration_security_mode"]);

/** The unmapped keyword that makes a field's value unknown here, if any. */
function unmappedKeyOf(field: string, value: string): string | undefined {
  return WHOLE_WORD_FIELDS.has(field) ? unmappedMarkers(value)[0]?.key : wholeUnmapped(value);
}

/** The key of a value that is one unmapped keyword, whole */
function wholeUnmapped(value: string): string | undefined {
  const [m] = unmappedMarkers(value);
  return m && m.marker === value ? m.key : undefined;
}

/** Unmapped keywords as unresolved values ("${KEY}"): in place, and for the fields set aside, as the whole attribute. */
function withUnknownValues(resource: PolicyResource, fields: ReadonlyMap<string, string> | undefined): PolicyResource {
  const attributes: Record<string, unknown> = unknownInPlace(resource.attributes) as Record<string, unknown>;
  for (const [field, key] of fields ?? []) attributes[ATTRIBUTE_OF[field] ?? field] = unknownKeyword(key);
  // literal no longer where a keyword became a value only known at import
  return { ...resource, attributes, literal: resource.literal === true && !isUnresolved(attributes) };
}

function unknownInPlace(value: unknown): unknown {
  if (typeof value === "string") {
    let out = value;
    for (const { marker, key } of unmappedMarkers(value)) out = out.split(marker).join(unknownKeyword(key));
    return out;
  }
  if (Array.isArray(value)) return value.map(unknownInPlace);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unknownInPlace(v)]));
  return value;
}

export function readDeployCli(input: string, config: DeployCliConfig): DeployCliConfiguration {
  if (!fs.existsSync(input)) throw new CheckInputError(`${input}: no such file or folder`);
  const isDirectory = fs.statSync(input).isDirectory();
  const lines = new Map<string, FileLine>();
  let read: { snapshot: TenantSnapshot; unknown: UnknownFields };
  try {
    read = isDirectory ? readDirectory(input, config, lines) : readYaml(input, config, lines);
  } catch (e) {
    if (e instanceof SnapshotError) throw new CheckInputError(e.message);
    throw e;
  }
  const { snapshot, unknown } = read;
  refuseDuplicateNames(snapshot, lines, input);
  const names = new Names(snapshot);
  const leftAlone = leftAloneBy(config.excluded, snapshot);
  const notApplied = new Set<string>();
  const clients = snapshot.clients.flatMap((c, i) => {
    const [client, ...rest] = clientResources(c, names);
    const resources = [withUnknownValues(client, unknown.get(`clients|${i}`)), ...rest.map((r) => withUnknownValues(r, undefined))];
    const at = lines.get(`clients|${i}`) ?? (isDirectory ? clientFile(input, c.name) : undefined);
    if (at) for (const r of resources) lines.set(r.address, at);
    if (leftAlone.client(c)) for (const r of resources) notApplied.add(r.address);
    return resources;
  });
  // each resource at its item's line: the k-th of its type is the k-th item of its list (APIs: of those not Auth0's own,
  // each followed by its scopes)
  const apis = snapshot.resourceServers.flatMap((api, i) => (api.is_system ? [] : [i]));
  const seen = new Map<string, number>();
  let api: string | undefined;
  const itemOf = (type: string): string | undefined => {
    const k = seen.get(type) ?? 0;
    seen.set(type, k + 1);
    if (type === "auth0_resource_server") api = `resourceServers|${apis[k]}`;
    if (type === "auth0_resource_server" || type === "auth0_resource_server_scopes") return api;
    if (OWN_KEY_OF_TYPE[type]) return `${OWN_KEY_OF_TYPE[type]}|`;
    return LIST_OF_TYPE[type] && `${LIST_OF_TYPE[type]}|${k}`;
  };
  const rest = tenantResources(snapshot, names).map((r) => {
    const item = itemOf(r.type);
    const at = item === undefined ? undefined : lines.get(item);
    if (at) lines.set(r.address, at);
    if (item !== undefined && leftAlone.item(item)) notApplied.add(r.address);
    // an unmapped keyword set aside goes back on the item's own resource (an API's, not its scopes')
    const fields = r.type === "auth0_tenant" ? unknown.get("tenant") : r.type === "auth0_resource_server_scopes" || item === undefined ? undefined : unknown.get(item);
    return withUnknownValues(r, fields);
  });
  // the address is the target: suppressions in tpa.yaml name it, locations are found by it
  const resources = [...rest, ...clients].map((r) => ({ ...r, annotation: { ...r.annotation, target: r.address } }));
  return { resources, notApplied, notes: withheld(snapshot, lines), ...(config.domain && { domain: config.domain }), locate: (target) => lines.get(target) };
}

/**
 * Two clients, or two APIs, of one name: a0deploy import refuses them before it changes anything (its handlers'
 * validate: "There are multiple clients with the same name combinations ... Names must be unique"), and a grant that
 * names its client by name could mean either.
 */
function refuseDuplicateNames(snapshot: TenantSnapshot, lines: ReadonlyMap<string, FileLine>, input: string): void {
  for (const [list, items, noun] of [
    ["clients", snapshot.clients, "client"],
    ["resourceServers", snapshot.resourceServers, "API"],
  ] as const) {
    const first = new Map<string, number>();
    items.forEach((item: { name?: string }, i: number) => {
      if (typeof item.name !== "string" || item.name === "") return;
      const before = first.get(item.name);
      if (before === undefined) {
        first.set(item.name, i);
        return;
      }
      const at = (k: number) => {
        const l = lines.get(`${list}|${k}`);
        return l ? `${l.file}:${l.line}` : `${input} (${list}[${k}])`;
      };
      throw new CheckInputError(
        `${at(i)}: a second ${noun} named ${JSON.stringify(item.name)} (the first at ${at(before)}): a0deploy import refuses the file (There are multiple ${list} with the same name combinations; names must be unique); give each its own name`,
      );
    });
  }
}

/** What the rules never judged in the clients, grants and APIs (values removed for their shape), at each item's line. */
function withheld(snapshot: TenantSnapshot, lines: ReadonlyMap<string, FileLine>): string[] {
  return [...unjudgedRedactions(snapshot.redacted ?? [])].flatMap(([item, removed]) => {
    if (!/^(clients|clientGrants|resourceServers)\|/.test(item)) return [];
    const at = lines.get(item);
    return removed.map((r) => `${at ? `${at.file}:${at.line}: ` : ""}${unjudgedText(r)}; a0deploy import would send it to Auth0 as it is`);
  });
}

/** The export's key a resource type is made of, whole ("tenant|"), or the list of whose items it is made ("rules|k"). */
const OWN_KEY_OF_TYPE: Readonly<Record<string, string>> = { auth0_tenant: "tenant", auth0_prompt: "prompts" };
const LIST_OF_TYPE: Readonly<Record<string, string>> = {
  auth0_client_grant: "clientGrants",
  auth0_rule: "rules",
  auth0_hook: "hooks",
  auth0_organization: "organizations",
};

/**
 * What `a0deploy import` leaves alone, as its context and its client and client grant handlers filter them: whole
 * keys of the export (AUTH0_EXCLUDED, AUTH0_INCLUDED_ONLY), clients by name with their grants (AUTH0_EXCLUDED_CLIENTS,
 * named in the file or not), third-party clients with their grants, APIs and Rules by name.
 */
function leftAloneBy(excluded: Exclusions | undefined, snapshot: TenantSnapshot) {
  const keyLeft = (key: string) => excluded !== undefined && (excluded.assetTypes.includes(key) || (excluded.includedOnly !== undefined && !excluded.includedOnly.includes(key)));
  const clientNames = new Set(excluded?.clients ?? []);
  const thirdParty = excluded?.thirdPartyClients === true;
  // it applies only clients that say they are first-party
  const clientLeft = (c: Management.Client) => (c.name !== undefined && clientNames.has(c.name)) || (thirdParty && !c.is_first_party);
  // with their grants, which name the client by name or ID
  const grantsLeft = new Set([...clientNames, ...snapshot.clients.filter(clientLeft).flatMap((c) => [c.name, c.client_id].filter((k): k is string => k !== undefined))]);
  const apiNames = new Set(excluded?.resourceServers ?? []);
  const ruleNames = new Set(excluded?.rules ?? []);
  const among = (names: ReadonlySet<string>, name: string | undefined) => name !== undefined && names.has(name);
  return {
    client: (c: Management.Client) => keyLeft("clients") || clientLeft(c),
    /** an export's item ("rules|2", "tenant|") */
    item: (key: string): boolean => {
      const [list, index] = key.split("|");
      if (keyLeft(list)) return true;
      if (list === "clientGrants") return among(grantsLeft, snapshot.clientGrants[Number(index)]?.client_id);
      if (list === "resourceServers") return among(apiNames, snapshot.resourceServers[Number(index)]?.name);
      if (list === "rules") return among(ruleNames, snapshot.rules[Number(index)]?.name);
      return false;
    },
  };
}

/**
 * The snapshot of a document; objects not shaped as Auth0 returns them (a string where a list belongs, after
 * keyword replacement) are bad input naming the file, the item's line when known, and the key.
 */
function snapshotOf(
  doc: Record<string, unknown>,
  source: { type: "deploy-cli-yaml" | "deploy-cli-directory"; file: string },
  shown: string,
  mappings: Readonly<Record<string, unknown>>,
  lines: ReadonlyMap<string, FileLine> = new Map(),
): { snapshot: TenantSnapshot; unknown: UnknownFields } {
  const { doc: known, unknown } = setAsideUnknown(doc, shown);
  // login pages are read from the export itself (the directory's copy holds only its JSON), keywords replaced
  const clientsDir = path.join(source.type === "deploy-cli-directory" ? shown : path.dirname(source.file), "clients");
  try {
    return { snapshot: snapshotFromDeployCli(known, source, { clientsDir, keywords: mappings, unmapped: "keep" }), unknown };
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    const item = /^(\w+)\[(\d+)\]/.exec(e.message);
    const setting = /^tenantSettings\.(\w+)/.exec(e.message);
    const at = item ? lines.get(`${item[1]}|${item[2]}`) : setting ? lines.get(`tenant|${setting[1]}`) : undefined;
    // the export's tenant: is the snapshot's tenantSettings
    const message = e.message.replace(/^tenantSettings\./, "tenant.");
    throw new CheckInputError(`${at ? `${at.file}:${at.line}` : shown}: ${message} (after keyword replacement), which a0deploy import would send to Auth0 as it is`);
  }
}

function readYaml(file: string, config: DeployCliConfig, lines: Map<string, FileLine>): { snapshot: TenantSnapshot; unknown: UnknownFields } {
  const { mappings } = config;
  const raw = readText(file);
  // merge keys (<<: *defaults) as deploy-cli's YAML reader (js-yaml) reads them
  const parsed = (options: { folded?: boolean }) => {
    const lines = new LineCounter();
    const text = replacedIn(file, () => replaceDeployCliKeywords(raw, mappings, options));
    return { counter: lines, text, doc: parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, logLevel: "error" }) };
  };
  let { counter, doc, text } = parsed({});
  if (doc.errors.length > 0) {
    // a multi-line keyword value inside a quoted scalar: as deploy-cli's reader folds it
    const folded = parsed({ folded: true });
    if (folded.doc.errors.length === 0) ({ counter, doc, text } = folded);
  }
  if (doc.errors.length > 0) {
    if (isTooDeep(doc.errors[0])) throw new CheckInputError(`${file}: ${TOO_DEEP_TO_READ}`);
    const quote = unclosedQuote(text);
    const [offset, problem] = quote ? [quote.offset, unclosedQuoteMessage(quote)] : [doc.errors[0].pos[0], yamlProblem(doc.errors[0].message)];
    throw new CheckInputError(`${file}:${counter.linePos(offset).line}: not valid YAML (after keyword replacement): ${problem}`);
  }
  // a tag deploy-cli's reader (js-yaml) does not know fails its import ("unknown tag"): bad input here too
  const unknownTag = doc.warnings.find((w) => w.code === "TAG_RESOLVE_FAILED");
  if (unknownTag) {
    throw new CheckInputError(`${file}:${counter.linePos(unknownTag.pos[0]).line}: ${yamlProblem(unknownTag.message)}: deploy-cli's YAML reader refuses a tag it does not know`);
  }
  // aliases as deploy-cli's reader takes them, however many; what they expand to is bounded, as for environment files
  let value: unknown;
  try {
    value = documentValue(doc);
  } catch (e) {
    if (e instanceof UnresolvedAlias) throw new CheckInputError(`${file}:${counter.linePos(e.offset).line}: not valid YAML (after keyword replacement): ${e.message}`);
    throw e;
  }
  if (holdsMoreValuesThan(value, INPUT_BOUNDS.maxValues)) throw new CheckInputError(`${file}: ${tooManyValues()}`);
  if (!isDeployCliExport(value)) throw new CheckInputError(`${file}: not an auth0-deploy-cli tenant.yaml (no clients:, clientGrants:, resourceServers:, ...)`);
  const at = (offset: number | undefined): FileLine | undefined => (offset === undefined ? undefined : { file: displayPath(file), line: counter.linePos(offset).line });
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      // tenant: and prompts: themselves, at their key's line ("tenant|"), and the tenant's settings at theirs
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const line = at((pair.key as { range?: number[] } | null)?.range?.[0]);
      if ((key === "tenant" || key === "prompts") && line) lines.set(`${key}|`, line);
      if (key !== "tenant" || !isMap(pair.value)) continue;
      for (const setting of pair.value.items) {
        const settingLine = at((setting.key as { range?: number[] } | null)?.range?.[0]);
        if (isScalar(setting.key) && settingLine) lines.set(`tenant|${String(setting.key.value)}`, settingLine);
      }
    }
  }
  for (const key of Object.keys(DIRECTORIES)) {
    const list = doc.get(key, true);
    if (!isSeq(list)) continue;
    list.items.forEach((item, i) => {
      const offset = (item as { range?: number[] }).range?.[0];
      if (offset !== undefined) lines.set(`${key}|${i}`, { file: displayPath(file), line: counter.linePos(offset).line });
    });
  }
  return snapshotOf(value as Record<string, unknown>, { type: "deploy-cli-yaml", file }, file, mappings, lines);
}

/** The text with deploy-cli's keywords replaced; mappings that grow it without bound are bad input naming the file. */
function replacedIn(file: string, replace: () => string): string {
  try {
    return replace();
  } catch (e) {
    if (e instanceof KeywordExpansionError) throw new CheckInputError(`${file}: ${e.message}`);
    throw e;
  }
}

/** A directory export, read by the audit's reader with the keywords replaced in memory (no replaced copy is written). */
function readDirectory(dir: string, config: DeployCliConfig, lines: Map<string, FileLine>): { snapshot: TenantSnapshot; unknown: UnknownFields } {
  const { mappings } = config;
  const replace = (text: string) => replaceDeployCliKeywords(text, mappings);
  try {
    const { doc, files, tenantText } = deployCliDirectoryDocument(dir, replace);
    // each item's findings (and shape errors) are located at its file
    for (const [list, listFiles] of Object.entries(files)) listFiles.forEach((file, i) => lines.set(`${list}|${i}`, { file: displayPath(file), line: 1 }));
    for (const [key, file] of [["tenant", "tenant.json"], ["prompts", path.join("prompts", "prompts.json")]]) {
      if (fs.existsSync(path.join(dir, file))) lines.set(`${key}|`, { file: displayPath(path.join(dir, file)), line: 1 });
    }
    // a tenant setting at its key's line in tenant.json
    if (tenantText !== undefined) {
      const tenantFile = displayPath(path.join(dir, "tenant.json"));
      for (const m of tenantText.matchAll(/"(\w+)"\s*:/g)) {
        if (!lines.has(`tenant|${m[1]}`)) lines.set(`tenant|${m[1]}`, { file: tenantFile, line: positionOf(tenantText, m.index).line });
      }
    }
    return snapshotOf(doc, { type: "deploy-cli-directory", file: dir }, dir, mappings, lines);
  } catch (e) {
    // a file's line and column are the replaced text's (the same line; the column moves with a longer value)
    const replaced = Object.keys(mappings).length > 0 && /: not valid JSON/.test(e instanceof Error ? e.message : "") ? " (after keyword replacement)" : "";
    if (e instanceof SnapshotError) throw new CheckInputError(`${e.message}${replaced}`);
    throw e;
  }
}

function clientFile(dir: string, name: string | undefined): FileLine | undefined {
  const files = fs.existsSync(path.join(dir, "clients")) ? fs.readdirSync(path.join(dir, "clients")) : [];
  const file = files.find((f) => f === `${name}.json`) ?? files.find((f) => {
    try {
      return (JSON.parse(readRegularFile(path.join(dir, "clients", f))) as { name?: string }).name === name;
    } catch {
      return false;
    }
  });
  return file ? { file: displayPath(path.join(dir, "clients", file)), line: 1 } : undefined;
}
