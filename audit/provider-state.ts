import * as fs from "node:fs";
import * as path from "node:path";
import { pinnedSchemaFile, projectRoot } from "../tools/paths";
import { CtyType, JsonAttribute, JsonBlock, JsonBlockType, loadProviderSchema } from "../tools/provider/schema";

/**
 * What the auth0 provider (v1.55.0) writes into Terraform state when it reads an object of the Management
 * API, and what a plan over that state changes. One source for `tpa import`'s adoption diff and for the
 * offline provider's ImportResourceState / ReadResource.
 *
 * The mapping follows the provider's read code (auth0/terraform-provider-auth0 at a00b6921):
 * internal/auth0/client/flatten.go flattenClient (every attribute through Go getters, so an absent API field
 * becomes its zero value: "", false, 0, an empty list), flattenClientJwtConfiguration,
 * flattenClientRefreshTokenConfiguration, flattenOIDCLogout / flattenOIDCBackchannelURLs (the deprecated
 * list only without oidc_logout), flattenClientMobile; flattenClientGrant (scopes only when allow_all_scopes
 * is false); internal/auth0/resourceserver/flatten.go; internal/auth0/tenant/flatten.go (flags.*);
 * internal/auth0/prompt/flatten.go. Nested blocks without a dedicated mapping here (addons,
 * native_social_login, session_transfer, ...) are copied key by key where the API's name is the provider's, or
 * its camelCase (the samlp addon's fields), which the provider's flatteners do for most of their fields: an
 * approximation, named as such.
 *
 * Plans follow terraform-plugin-sdk v2, which the provider is built on: an Optional attribute left out of the
 * configuration is unchanged when its state is the zero value, and Optional+Computed attributes and blocks
 * (provider-schema/optional-computed.json) keep their state when left out.
 */

export type StateValue = null | string | number | boolean | StateValue[] | { [k: string]: StateValue };
type Api = Record<string, unknown>;

export interface ResourceSchemas {
  readonly blocks: Readonly<Record<string, JsonBlock>>;
  /** `type.attr.nested` paths that are Optional+Computed in the provider */
  readonly optionalComputed: ReadonlySet<string>;
}

/** The pinned provider schema's resources, with the Optional+Computed facts taken from the provider's Go source. */
export function loadResourceSchemas(root = projectRoot()): ResourceSchemas {
  const schemaFile = pinnedSchemaFile(root);
  const { resources } = loadProviderSchema(schemaFile);
  const facts = path.join(path.dirname(schemaFile), "optional-computed.json");
  const oc = JSON.parse(fs.readFileSync(facts, "utf8")) as { optionalComputed: string[] };
  return {
    blocks: Object.fromEntries(Object.entries(resources).map(([k, v]) => [k, v.block])),
    optionalComputed: new Set(oc.optionalComputed),
  };
}

/** The state of an auth0_client read from the API object `c` (flattenClient). */
export function clientState(c: Api, block: JsonBlock): StateValue {
  const jwt = record(c.jwt_configuration);
  const rt = record(c.refresh_token);
  const oidcLogout = record(c.oidc_logout);
  const mobile = record(c.mobile);
  const values: Record<string, StateValue> = {
    ...copied(c, block),
    id: str(c.client_id),
    cross_origin_auth: bool(c.cross_origin_authentication),
    skip_non_verifiable_callback_uri_confirmation_prompt:
      typeof c.skip_non_verifiable_callback_uri_confirmation_prompt === "boolean" ? String(c.skip_non_verifiable_callback_uri_confirmation_prompt) : "",
    signing_keys: [],
    jwt_configuration: jwt
      ? [{ lifetime_in_seconds: num(jwt.lifetime_in_seconds), secret_encoded: bool(jwt.secret_encoded), scopes: strMap(jwt.scopes), alg: str(jwt.alg) }]
      : [],
    refresh_token: rt
      ? [
          {
            rotation_type: str(rt.rotation_type),
            expiration_type: str(rt.expiration_type),
            leeway: num(rt.leeway),
            token_lifetime: num(rt.token_lifetime),
            infinite_token_lifetime: bool(rt.infinite_token_lifetime),
            infinite_idle_token_lifetime: bool(rt.infinite_idle_token_lifetime),
            idle_token_lifetime: num(rt.idle_token_lifetime),
            policies: list(rt.policies).map((p) => ({ audience: str(record(p)?.audience), scope: strList(record(p)?.scope) })),
          },
        ]
      : [],
    oidc_backchannel_logout_urls: oidcLogout ? [] : strList(record(c.oidc_backchannel_logout)?.backchannel_logout_urls),
    oidc_logout: oidcLogout ? [completed(oidcLogout, block.block_types!.oidc_logout.block)] : [],
    mobile: mobile ? [completed(mobile, block.block_types!.mobile.block)] : [],
    // flattenClient sets encryption_key only when the API returns an empty map
    encryption_key: null,
  };
  return complete(values, block);
}

/** auth0_client_grant (flattenClientGrant). */
export function clientGrantState(g: Api, block: JsonBlock): StateValue {
  const all = g.allow_all_scopes === true;
  return complete({ ...copied(g, block), id: str(g.id), scopes: all ? [] : strList(g.scope) }, block);
}

/** auth0_resource_server (resourceserver/flatten.go; scopes live in auth0_resource_server_scopes). */
export function resourceServerState(r: Api, block: JsonBlock): StateValue {
  return complete({ ...copied(r, block), id: str(r.id), signing_secret: "" }, block);
}

/** auth0_resource_server_scopes, whose ID is the API's identifier. */
export function resourceServerScopesState(r: Api, block: JsonBlock): StateValue {
  const scopes = list(r.scopes).map((s) => ({ name: str(record(s)?.value), description: str(record(s)?.description) }));
  return complete({ id: str(r.identifier), resource_server_identifier: str(r.identifier), scopes }, block);
}

/** auth0_tenant (tenant/flatten.go): the settings, with the flags block. */
export function tenantState(t: Api, id: string, block: JsonBlock): StateValue {
  return complete({ ...copied(t, block), id }, block);
}

/** auth0_prompt (prompt/flatten.go). */
export function promptState(p: Api, id: string, block: JsonBlock): StateValue {
  return complete({ ...copied(p, block), id }, block);
}

/** A change the first plan makes to one attribute: from the state's value to the configuration's. */
export interface AttributeChange {
  readonly attribute: string;
  readonly from: StateValue;
  readonly to: StateValue;
}

/**
 * What a plan changes on a resource whose state is `state` when the configuration says `config` (Terraform
 * JSON attributes as synthesized; blocks as an object or a list of objects), by the SDKv2 rules above.
 */
export function plannedChanges(type: string, config: Record<string, unknown>, state: StateValue, schemas: ResourceSchemas): AttributeChange[] {
  const block = schemas.blocks[type];
  const out: AttributeChange[] = [];
  compareBlock(block, config, record(state) ?? {}, type, "", schemas.optionalComputed, out);
  return out;
}

function compareBlock(
  block: JsonBlock,
  config: Record<string, unknown>,
  state: Record<string, unknown>,
  schemaPath: string,
  prefix: string,
  oc: ReadonlySet<string>,
  out: AttributeChange[],
): void {
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (!attr.optional && !attr.required) continue; // set by the provider alone
    if (attr.write_only) continue;
    const want = config[name];
    const have = (state[name] ?? null) as StateValue;
    const hidden = (v: StateValue): StateValue => (attr.sensitive && v !== null ? "(sensitive)" : v);
    const keepsState = attr.computed || oc.has(`${schemaPath}.${name}`);
    if (want === undefined || want === null) {
      if (!keepsState && !isZero(have)) out.push({ attribute: prefix + name, from: hidden(have), to: null });
      continue;
    }
    const normalized = want as StateValue;
    if (!sameValue(attr, normalized, have)) out.push({ attribute: prefix + name, from: hidden(have), to: hidden(normalized) });
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const wantList = asList(config[name]);
    const haveList = list(state[name]).map((o) => record(o) ?? {});
    const path = `${schemaPath}.${name}`;
    if (wantList.length === 0) {
      if (!oc.has(path) && haveList.length > 0) out.push({ attribute: prefix + name, from: haveList as StateValue, to: null });
      continue;
    }
    if (bt.max_items === 1 || bt.nesting_mode === "single") {
      compareBlock(bt.block, wantList[0], haveList[0] ?? {}, path, `${prefix}${name}.`, oc, out);
    } else if (JSON.stringify(sorted(wantList)) !== JSON.stringify(sorted(haveList.map((h) => withoutZero(h))))) {
      out.push({ attribute: prefix + name, from: haveList as StateValue, to: wantList as StateValue });
    }
  }
}

function sameValue(attr: JsonAttribute, want: StateValue, have: StateValue): boolean {
  if (isZero(want) && isZero(have)) return true;
  const kind = Array.isArray(attr.type) ? attr.type[0] : attr.type;
  if (kind === "set" && Array.isArray(want) && Array.isArray(have)) return JSON.stringify(sorted(want)) === JSON.stringify(sorted(have));
  if (kind === "map" && isObj(want) && isObj(have)) return JSON.stringify(sortedKeys(want)) === JSON.stringify(sortedKeys(have));
  return JSON.stringify(want) === JSON.stringify(have);
}

/** "", false, 0, null, an empty list or map: what SDKv2 takes as unset. */
export function isZero(v: unknown): boolean {
  return v === null || v === undefined || v === "" || v === false || v === 0 || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);
}

/** Fills every attribute of the schema (zero values, as the provider's Go getters return) and drops the rest. */
function complete(values: Record<string, StateValue>, block: JsonBlock): StateValue {
  const out: Record<string, StateValue> = {};
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    // write-only attributes are never in state (Terraform refuses an import that returns one)
    out[name] = attr.write_only ? null : name in values ? coerce(attr.type, values[name]) : zero(attr);
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const v = values[name];
    out[name] = Array.isArray(v) ? v.map((o) => (isObj(o) ? (complete(o, bt.block) as StateValue) : o)) : isObj(v) ? [complete(v, bt.block)] : blockZero(bt);
  }
  return out;
}

function completed(api: Record<string, unknown>, block: JsonBlock): StateValue {
  return complete(copied(api, block), block);
}

/** The API fields whose names are the provider's attribute or block names. */
function copied(api: Api, block: JsonBlock): Record<string, StateValue> {
  const out: Record<string, StateValue> = {};
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    const key = apiKey(api, name);
    if (key !== undefined && !attr.sensitive) out[name] = coerce(attr.type, api[key] as StateValue);
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const key = apiKey(api, name);
    const v = key === undefined ? undefined : api[key];
    if (isObj(v)) out[name] = [completed(v, bt.block)];
    else if (Array.isArray(v)) out[name] = v.filter(isObj).map((o) => completed(o, bt.block));
  }
  return out;
}

/**
 * The API's field for a provider attribute: the same name, or its camelCase (the samlp addon's signatureAlgorithm is
 * the provider's signature_algorithm, as its flattener maps it).
 */
function apiKey(api: Api, name: string): string | undefined {
  if (name in api) return name;
  const camel = name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return camel !== name && camel in api ? camel : undefined;
}

function coerce(type: CtyType | undefined, v: StateValue | undefined): StateValue {
  if (v === undefined || v === null) return type ? zeroOf(type) : null;
  if (type === "string" && typeof v !== "string") return typeof v === "object" ? JSON.stringify(v) : String(v);
  return v;
}

function zero(attr: JsonAttribute): StateValue {
  return attr.type ? zeroOf(attr.type) : null;
}

function zeroOf(type: CtyType): StateValue {
  if (type === "string") return "";
  if (type === "bool") return false;
  if (type === "number") return 0;
  const kind = Array.isArray(type) ? type[0] : type;
  if (kind === "list" || kind === "set") return [];
  return null;
}

function blockZero(bt: JsonBlockType): StateValue {
  return bt.nesting_mode === "single" ? null : [];
}

function withoutZero(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => !isZero(v)));
}

function asList(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.filter(isObj);
  return isObj(v) ? [v] : [];
}

function sorted(l: unknown[]): string[] {
  return l.map((x) => JSON.stringify(isObj(x) ? sortedKeys(withoutZero(x)) : x)).sort();
}

function sortedKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

function isObj(v: unknown): v is Record<string, StateValue> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function record(v: unknown): Record<string, unknown> | undefined {
  return isObj(v) ? v : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

function bool(v: unknown): boolean {
  return v === true;
}

function strList(v: unknown): string[] {
  return list(v).filter((x): x is string => typeof x === "string");
}

function strMap(v: unknown): Record<string, string> | null {
  const r = record(v);
  return r ? Object.fromEntries(Object.entries(r).filter((e): e is [string, string] => typeof e[1] === "string")) : null;
}

/** auth0_client_credentials (flattenClientCredentials): the method from client_authentication_methods, else token_endpoint_auth_method. */
export function clientCredentialsState(c: Api, block: JsonBlock): StateValue {
  const methods = record(c.client_authentication_methods) ?? {};
  const method = Object.keys(methods).find((k) => methods[k] !== null && methods[k] !== undefined) ?? str(c.token_endpoint_auth_method);
  const values: Record<string, StateValue> = { id: str(c.client_id), client_id: str(c.client_id), authentication_method: method };
  if (isObj(methods.private_key_jwt)) values.private_key_jwt = [completed(methods.private_key_jwt, block.block_types!.private_key_jwt.block)];
  return complete(values, block);
}

/** What a snapshot holds about one object, as the API returns it. */
export interface SnapshotObjects {
  readonly tenantSettings: object | null;
  readonly prompts: object | null;
  readonly clients: readonly object[];
  readonly clientGrants: readonly object[];
  readonly resourceServers: readonly object[];
  /** what was removed as secret, by key path (clients[2].client_metadata.api_key) @default none */
  readonly redacted?: readonly { readonly path: string }[];
}

/** A removed secret as the state shows it: the tenant holds a value there, which the snapshot does not keep. */
export const REMOVED_SECRET = "(a secret, not kept)";

/**
 * A client with the client_metadata keys removed as secrets put back, without their values: the tenant still holds
 * them, and a plan of a configuration without them removes them.
 */
function withRemovedMetadata(client: Api, index: number, redacted: SnapshotObjects["redacted"] = []): Api {
  const prefix = `clients[${index}].client_metadata.`;
  const keys = redacted.filter((r) => r.path.startsWith(prefix)).map((r) => r.path.slice(prefix.length));
  if (keys.length === 0) return client;
  const metadata: Record<string, unknown> = { ...(record(client.client_metadata) ?? {}) };
  for (const key of keys) metadata[key] = REMOVED_SECRET;
  return { ...client, client_metadata: metadata };
}

/** The state the provider reads for `type` with import ID `id` from a snapshot, or undefined when the snapshot lacks it. */
export function stateFromSnapshot(snapshot: SnapshotObjects, type: string, id: string, schemas: ResourceSchemas): StateValue | undefined {
  const block = schemas.blocks[type];
  if (!block) return undefined;
  const find = (list: readonly object[], key: string) => (list as Api[]).find((o) => o[key] === id);
  switch (type) {
    case "auth0_client": {
      const at = (snapshot.clients as Api[]).findIndex((o) => o.client_id === id);
      return at < 0 ? undefined : clientState(withRemovedMetadata(snapshot.clients[at] as Api, at, snapshot.redacted), block);
    }
    case "auth0_client_credentials": {
      const c = find(snapshot.clients, "client_id");
      return c && clientCredentialsState(c, block);
    }
    case "auth0_client_grant": {
      const g = find(snapshot.clientGrants, "id");
      return g && clientGrantState(g, block);
    }
    case "auth0_resource_server": {
      const r = find(snapshot.resourceServers, "id");
      return r && resourceServerState(r, block);
    }
    case "auth0_resource_server_scopes": {
      const r = find(snapshot.resourceServers, "identifier");
      return r && resourceServerScopesState(r, block);
    }
    case "auth0_tenant":
      return snapshot.tenantSettings ? tenantState(snapshot.tenantSettings as Api, id, block) : undefined;
    case "auth0_prompt":
      return snapshot.prompts ? promptState(snapshot.prompts as Api, id, block) : undefined;
    default:
      return undefined;
  }
}
