/**
 * Reading auth0_* resource attributes the way Auth0 interprets them, including Auth0's defaults for
 * attributes left unset. Shared by the rules.
 */
import { isUnresolved, PolicyResource } from "./model";
import type { RuleContext } from "./rule";

export const OIDC_SCOPES = ["openid", "profile", "email", "address", "phone"];

/** A max-1 nested block as synthesized: an object, or a one-element list. */
export function block(value: unknown): Record<string, unknown> | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
}

const PATHS = new Map<string, readonly string[]>();

export function attr(resource: PolicyResource, dotted: string): unknown {
  if (!dotted.includes(".")) return block(resource.attributes)?.[dotted];
  let path = PATHS.get(dotted);
  if (!path) PATHS.set(dotted, (path = dotted.split("."))); // rules ask the same few paths of every client
  let value: unknown = resource.attributes;
  for (const key of path) {
    const b = block(value);
    if (!b) return undefined;
    value = b[key];
  }
  return value;
}

export function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

/** Third-party: is_first_party set to false (Auth0's default is first-party). */
export function isThirdParty(client: PolicyResource): boolean {
  return client.attributes.is_first_party === false || client.attributes.is_first_party === "false";
}

export type Mode = "strict" | "permissive" | "absent" | "unresolved";

export function modeOf(client: PolicyResource): Mode {
  const mode = client.attributes.third_party_security_mode;
  if (mode === undefined || mode === null) return "absent";
  if (isUnresolved(mode)) return "unresolved";
  return mode === "strict" ? "strict" : "permissive";
}

const clientsByMode = new WeakMap<RuleContext, Map<Mode | "any", PolicyResource[]>>();

/** The third-party clients (of a mode), once per policy run: most rules ask, on tenants of 50,000 clients. */
export function thirdPartyClients(ctx: RuleContext, mode?: Mode): readonly PolicyResource[] {
  let byMode = clientsByMode.get(ctx);
  if (!byMode) clientsByMode.set(ctx, (byMode = new Map()));
  let list = byMode.get(mode ?? "any");
  if (!list) {
    list = ctx.ofType("auth0_client").filter((c) => isThirdParty(c) && (mode === undefined || modeOf(c) === mode));
    byMode.set(mode ?? "any", list);
  }
  return list;
}

export const strictClients = (ctx: RuleContext): readonly PolicyResource[] => thirdPartyClients(ctx, "strict");

/** Grant types, with Auth0's default for a client created without them. */
export function grantTypesOf(client: PolicyResource): string[] {
  return stringList(client.attributes.grant_types) ?? ["authorization_code", "refresh_token"];
}

const credentialsByClient = new WeakMap<RuleContext, Map<PolicyResource, PolicyResource>>();

/** The auth0_client_credentials resource of a client, if the stack has one. */
export function credentialsOf(ctx: RuleContext, client: PolicyResource): PolicyResource | undefined {
  let index = credentialsByClient.get(ctx);
  if (!index) {
    index = new Map();
    for (const c of ctx.ofType("auth0_client_credentials")) {
      const owner = ctx.referenced(c.attributes.client_id);
      if (owner && !index.has(owner)) index.set(owner, c);
    }
    credentialsByClient.set(ctx, index);
  }
  return index.get(client);
}

/** "a, b, c and 12 more": names in a message stay readable on tenants with thousands of apps. */
export function someNames(names: readonly string[], shown = 5): string {
  return names.length <= shown ? names.join(", ") : `${names.slice(0, shown).join(", ")} and ${names.length - shown} more`;
}

/**
 * The token endpoint authentication method: from the client's auth0_client_credentials, else Auth0's
 * default (none for spa and native apps, client_secret_post otherwise).
 */
export function authMethodOf(ctx: RuleContext, client: PolicyResource): string {
  const method = credentialsOf(ctx, client)?.attributes.authentication_method;
  if (typeof method === "string") return isUnresolved(method) ? "unresolved" : method;
  const appType = client.attributes.app_type;
  return appType === "spa" || appType === "native" ? "none" : "client_secret_post";
}

/** Grants' subject type, with Auth0's default (client) when unset. */
export function subjectTypeOf(grant: PolicyResource): string {
  const s = grant.attributes.subject_type;
  return typeof s === "string" ? s : "client";
}

export function isDefaultGrant(grant: PolicyResource): boolean {
  return grant.attributes.default_for === "third_party_clients";
}

export function isUserFlow(grantTypes: readonly string[]): boolean {
  return grantTypes.includes("authorization_code") || grantTypes.includes("refresh_token");
}

const scopesByApi = new WeakMap<RuleContext, Map<PolicyResource, Set<string> | "unresolved">>();

/** The scopes an API defines: its auth0_resource_server_scopes and auth0_resource_server_scope resources. */
export function scopesDefinedFor(ctx: RuleContext, api: PolicyResource): Set<string> | "unresolved" {
  // asked once per grant: tenants have tens of thousands of grants on a few APIs
  let known = scopesByApi.get(ctx);
  if (!known) scopesByApi.set(ctx, (known = new Map()));
  let scopes = known.get(api);
  if (scopes === undefined) known.set(api, (scopes = collectScopes(ctx, api)));
  return scopes;
}

function collectScopes(ctx: RuleContext, api: PolicyResource): Set<string> | "unresolved" {
  const identifier = api.attributes.identifier;
  const pointsAtApi = (v: unknown) => ctx.referenced(v) === api || (typeof identifier === "string" && v === identifier);
  const names = new Set<string>();
  for (const s of ctx.ofType("auth0_resource_server_scopes")) {
    if (!pointsAtApi(s.attributes.resource_server_identifier)) continue;
    const list = Array.isArray(s.attributes.scopes) ? s.attributes.scopes : [];
    for (const entry of list) {
      const name = (entry as { name?: unknown }).name;
      if (isUnresolved(name)) return "unresolved";
      if (typeof name === "string") names.add(name);
    }
  }
  for (const s of ctx.ofType("auth0_resource_server_scope")) {
    if (pointsAtApi(s.attributes.resource_server_identifier) && typeof s.attributes.scope === "string") {
      names.add(s.attributes.scope);
    }
  }
  return names;
}

/** The API a grant's audience names, when it is in this stack. */
export function apiForAudience(ctx: RuleContext, audience: unknown): PolicyResource | undefined {
  const byRef = ctx.referenced(audience);
  if (byRef?.type === "auth0_resource_server") return byRef;
  return ctx.ofType("auth0_resource_server").find((rs) => rs.attributes.identifier === audience);
}

/**
 * A grant's audience as a comparable string: a reference to an API of this stack becomes that API's
 * identifier, so "${auth0_resource_server.x.identifier}" and the literal identifier compare equal.
 */
export function audienceOf(ctx: RuleContext, audience: unknown): string {
  const identifier = apiForAudience(ctx, audience)?.attributes.identifier;
  return typeof identifier === "string" && !isUnresolved(identifier) ? identifier : String(audience);
}

/**
 * Audiences of Auth0's own APIs (Management, MFA, My Account, My Organization): those paths on the tenant's
 * domain or any *.auth0.com host. (On a custom domain they cannot be told from an API of the customer's.)
 */
export function isSystemAudience(audience: string, tenantDomain?: string): boolean {
  const m = /^https:\/\/([^/]+)\/(api\/v2|mfa|me|my-org)\/?$/.exec(audience);
  if (!m) return false;
  const host = m[1].toLowerCase();
  return host === tenantDomain?.toLowerCase() || host.endsWith(".auth0.com");
}

export function userPolicyOf(api: PolicyResource): string {
  const p = attr(api, "subject_type_authorization.user.policy");
  return typeof p === "string" ? p : "allow_all"; // Auth0's default for new APIs
}

/** is_first_party with Auth0's default (first-party). */
export function isFirstParty(client: PolicyResource): boolean {
  return !isThirdParty(client);
}

const MODE_IN_ADDRESS = /_(strict|permissive)(?=_|$)/;

/**
 * An address with its mode segment blanked: our constructs name an app's resources `<app>_<mode>…`, so the
 * same app in another mode has the same stem.
 */
export function modeStem(address: string): string | undefined {
  return MODE_IN_ADDRESS.test(address) ? address.replace(MODE_IN_ADDRESS, "_<mode>") : undefined;
}

/**
 * The baseline resource that a resource of the new configuration continues: the same address, else (for
 * resources our constructs made) the same environment-file target and role, or the same address but for
 * the mode, which our constructs put into the address so that it changes when the mode does.
 */
export function counterpartIn(baseline: readonly PolicyResource[], resource: PolicyResource): PolicyResource | undefined {
  const index = baselineIndex(baseline);
  const same = index.byAddress.get(resource.address);
  if (same) return same;
  const stem = modeStem(resource.address);
  const byStem = stem && index.byStem.get(`${resource.type}|${stem}`);
  if (byStem) return byStem;
  const { target, role } = resource.annotation;
  if (!target || !role) return undefined;
  const sameGrant = (b: PolicyResource) =>
    role !== "app-grant" ||
    (b.attributes.audience === resource.attributes.audience && subjectTypeOf(b) === subjectTypeOf(resource));
  return (index.byTarget.get(`${resource.type}|${target}|${role}`) ?? []).find(sameGrant);
}

interface BaselineIndex {
  readonly byAddress: Map<string, PolicyResource>;
  readonly byStem: Map<string, PolicyResource>;
  readonly byTarget: Map<string, PolicyResource[]>;
}

const baselineIndexes = new WeakMap<readonly PolicyResource[], BaselineIndex>();

function baselineIndex(baseline: readonly PolicyResource[]): BaselineIndex {
  let index = baselineIndexes.get(baseline);
  if (!index) {
    index = { byAddress: new Map(), byStem: new Map(), byTarget: new Map() };
    for (const b of baseline) {
      index.byAddress.set(b.address, b);
      const stem = modeStem(b.address);
      if (stem && !index.byStem.has(`${b.type}|${stem}`)) index.byStem.set(`${b.type}|${stem}`, b);
      const { target, role } = b.annotation;
      if (target && role) {
        const key = `${b.type}|${target}|${role}`;
        const list = index.byTarget.get(key);
        if (list) list.push(b);
        else index.byTarget.set(key, [b]);
      }
    }
    baselineIndexes.set(baseline, index);
  }
  return index;
}
