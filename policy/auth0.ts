/**
 * Reading auth0_* resource attributes the way Auth0 interprets them, including Auth0's defaults for
 * attributes left unset. Shared by the rules.
 */
import { isSecurityMode, isStrictClientId, type ThirdPartySecurityMode } from "../constructs/security-mode";
import { modeStem } from "./conventions";
import { isUnresolved, PolicyResource, referencedAddress } from "./model";
import { attempt, eachRule, Judges, Reader, Rule, RuleContext, RuleMetadata, Violation, where } from "./rule";
import { inEffect } from "./timeline";

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

/** A list's items as strings: the list itself when they are (rules read the lists of every client), else a copy. */
export function stringList(value: unknown): readonly string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== "string") return value.map(String);
  return value as string[];
}

/** Third-party: is_first_party set to false (Auth0's default is first-party). */
export function isThirdParty(client: PolicyResource, read: Reader = attr): boolean {
  const v = read(client, "is_first_party");
  return v === false || v === "false";
}

/**
 * The mode as written: absent when the client does not set it, unresolved when only known at apply, invalid when
 * it is neither of Auth0's two modes (Strict, PERMISSIVE: the provider refuses the plan, so the client has no mode).
 */
export type Mode = ThirdPartySecurityMode | "absent" | "unresolved" | "invalid";

export function modeOf(client: PolicyResource, read: Reader = attr): Mode {
  const mode = read(client, "third_party_security_mode");
  if (mode === undefined || mode === null) return "absent";
  if (isUnresolved(mode)) return "unresolved";
  return isSecurityMode(mode) ? mode : "invalid";
}

/**
 * The mode Auth0 gives a third-party client: the one written, else strict for a client created without one
 * once mode-less clients are created strict (the timeline; always on tenants not eligible for permissive).
 * Before that date an eligible tenant's toggle decides, which no API field shows: absent. An adopted client left
 * without a mode (keepModeUnset) has the mode its configuration declares. A mode Auth0 does not have stays invalid:
 * no rule of either mode checks the client (TPA111 reports it).
 */
export function effectiveModeOf(ctx: RuleContext, client: PolicyResource): Exclude<Mode, "unresolved"> {
  const mode = modeOf(client, ctx.read);
  if (mode !== "absent") return mode as Exclude<Mode, "unresolved">;
  // An adopted client that predates the field is not created by this plan: it keeps the mode it has.
  if (client.annotation.adoptedWithoutMode) return client.annotation.adoptedWithoutMode;
  const strictByDefault = inEffect(ctx.timeline.modelessClientsStrictFrom, ctx.today) || !ctx.tenant.permissiveEligible;
  return strictByDefault ? "strict" : "absent";
}

/** The stack's third-party clients, of one effective mode when given (mode-less clients count as Auth0 creates them). */
export function thirdPartyClients(ctx: RuleContext, mode?: Exclude<Mode, "unresolved">): readonly PolicyResource[] {
  // Most rules ask this of every client: computed once per stack (large tenants have tens of thousands), the
  // clients of one mode from the third-party ones, not from every client again.
  return ctx.shared(`thirdPartyClients|${mode ?? "any"}`, (c) =>
    mode === undefined
      ? where(c.ofType("auth0_client"), (client) => isThirdParty(client, c.read))
      : where(thirdPartyClients(c), (client) => effectiveModeOf(c, client) === mode),
  );
}

export const strictClients = (ctx: RuleContext): readonly PolicyResource[] => thirdPartyClients(ctx, "strict");

/** The stack's clients, first-party ones included: one function for the rules that judge each (eachRule). */
export const allClients = (ctx: RuleContext): readonly PolicyResource[] => ctx.ofType("auth0_client");

/** The stack's client grants: one function for the rules that judge each (eachRule). */
export const clientGrants = (ctx: RuleContext): readonly PolicyResource[] => ctx.ofType("auth0_client_grant");

/**
 * A client's setting when it is set to a value outside `allowed`: the violation, in `words` of the value and the list.
 * (Unset is Auth0's default, which is allowed.)
 */
export function outsideAllowed(
  ctx: RuleContext,
  client: PolicyResource,
  attribute: string,
  allowed: readonly string[],
  words: (value: string, allowed: string) => string,
): Violation[] {
  const value = ctx.read(client, attribute);
  if (value === undefined || value === null || allowed.includes(String(value))) return [];
  return [{ resource: client, attribute, message: words(String(value), allowed.join(", ")) }];
}

/** Declares a rule that judges each strict client on its own (eachRule over strictClients). */
export function strictClientRule(metadata: RuleMetadata, judge: Judges["judge"]): Rule {
  return eachRule(metadata, strictClients, judge);
}

/** Grant types, with Auth0's default for a client created without them. */
export function grantTypesOf(client: PolicyResource, read: Reader = attr): readonly string[] {
  return stringList(read(client, "grant_types")) ?? DEFAULT_GRANT_TYPES;
}

const DEFAULT_GRANT_TYPES: readonly string[] = Object.freeze(["authorization_code", "refresh_token"]);

/** The auth0_client_credentials resource of a client, if the stack has one. */
export function credentialsOf(ctx: RuleContext, client: PolicyResource): PolicyResource | undefined {
  // most stacks of large tenants have none (a client with its app type's default method needs none): no index to ask
  if (ctx.ofType("auth0_client_credentials").length === 0) return undefined;
  return ctx.referrers("auth0_client_credentials", "client_id", client)[0];
}

/** "a, b, c and 12 more": names in a message stay readable on tenants with thousands of apps. */
export function someNames(names: readonly string[], shown = 5): string {
  return names.length <= shown ? names.join(", ") : `${names.slice(0, shown).join(", ")} and ${names.length - shown} more`;
}

/** App types for which the provider sends token_endpoint_auth_method "none" when it creates the client. */
export const PUBLIC_APP_TYPES = ["spa", "native"];

/**
 * The token endpoint authentication method: from the client's auth0_client_credentials, else Auth0's
 * default (none for spa and native apps, client_secret_post otherwise).
 */
export function authMethodOf(ctx: RuleContext, client: PolicyResource): string {
  const credentials = credentialsOf(ctx, client);
  const method = credentials && ctx.read(credentials, "authentication_method");
  if (typeof method === "string") return method;
  return defaultAuthMethod(ctx.read(client, "app_type"));
}

/** The token endpoint authentication method Auth0 gives a client of this app type when none is set. */
export function defaultAuthMethod(appType: unknown): string {
  return PUBLIC_APP_TYPES.includes(String(appType)) ? "none" : "client_secret_post";
}

/** The client a per-app grant is for, as far as the stack says: "outside" when its ID names no client of the stack. */
export type GrantClient = { readonly thirdParty: boolean; readonly name: string } | { readonly outside: string };

/**
 * A grant's client: the stack's client it references, or (a literal ID the stack has no client with) a strict
 * third-party client when the ID is a tpc_ one, else one outside the stack that nothing here describes. Undefined
 * when the grant names no client (a default grant).
 */
export function grantClientOf(ctx: RuleContext, grant: PolicyResource): GrantClient | undefined {
  const client = ctx.reference(grant, "client_id");
  if (client) return { thirdParty: isThirdParty(client, ctx.read), name: client.name };
  const id = ctx.read(grant, "client_id");
  if (typeof id !== "string") return undefined;
  return isStrictClientId(id) ? { thirdParty: true, name: `${id} (a strict client outside this configuration)` } : { outside: id };
}

/** What a rule says of a grant it cannot judge: its client is outside the configuration, third-party or not. */
export function outsideClient(grant: PolicyResource, client: { readonly outside: string }): Violation {
  return { resource: grant, attribute: "client_id", unresolved: true, message: `the grant's client ${client.outside} is not in this configuration: whether it is a third-party app is not known here` };
}

/** Grants' subject type, with Auth0's default (client) when unset. */
export function subjectTypeOf(grant: PolicyResource, read: Reader = attr): string {
  const s = read(grant, "subject_type");
  return typeof s === "string" ? s : "client";
}

export function isDefaultGrant(grant: PolicyResource, read: Reader = attr): boolean {
  return read(grant, "default_for") === "third_party_clients";
}

/** The stack's default grants (for third-party clients), found once per stack: several rules ask, of tens of thousands of grants. */
export function defaultGrants(ctx: RuleContext): readonly PolicyResource[] {
  return ctx.shared("defaultGrants", (c) => where(c.ofType("auth0_client_grant"), (g) => isDefaultGrant(g, c.read)));
}

export function isUserFlow(grantTypes: readonly string[]): boolean {
  return grantTypes.includes("authorization_code") || grantTypes.includes("refresh_token");
}

/**
 * The scopes an API defines, for a rule that asks about many APIs: each API's scopes are collected once per
 * call of the rule (an API whose scopes are only known at apply is asked again, and recorded once).
 */
export function scopesOfApis(ctx: RuleContext): (api: PolicyResource) => Set<string> {
  const known = new Map<PolicyResource, Set<string>>();
  return (api) => {
    let names = known.get(api);
    if (!names) known.set(api, (names = scopesDefinedFor(ctx, api)));
    return names;
  };
}

/** The scopes an API defines: its auth0_resource_server_scopes and auth0_resource_server_scope resources. */
export function scopesDefinedFor(ctx: RuleContext, api: PolicyResource): Set<string> {
  const identifier = ctx.read(api, "identifier");
  const pointsAtApi = (r: PolicyResource) =>
    isReference(r, "resource_server_identifier")
      ? ctx.reference(r, "resource_server_identifier") === api
      : ctx.read(r, "resource_server_identifier") === identifier;
  const names = new Set<string>();
  for (const s of ctx.ofType("auth0_resource_server_scopes")) {
    if (!attempt(() => pointsAtApi(s))) continue;
    const list = ctx.read(s, "scopes");
    for (const entry of Array.isArray(list) ? list : []) {
      const name = (entry as { name?: unknown }).name;
      if (typeof name === "string") names.add(name);
    }
  }
  for (const s of ctx.ofType("auth0_resource_server_scope")) {
    const scope = attempt(() => (pointsAtApi(s) ? ctx.read(s, "scope") : undefined));
    if (typeof scope === "string") names.add(scope);
  }
  return names;
}

/** Is the attribute a plain "${type.name.attr}" reference (to this stack or not)? ctx.reference resolves it. */
function isReference(resource: PolicyResource, attribute: string): boolean {
  return referencedAddress(attr(resource, attribute)) !== undefined;
}

/** The API a grant's audience names, when it is in this stack. */
export function apiOfGrant(ctx: RuleContext, grant: PolicyResource): PolicyResource | undefined {
  if (isReference(grant, "audience")) {
    const api = ctx.reference(grant, "audience");
    return api?.type === "auth0_resource_server" ? api : undefined;
  }
  return apiByIdentifier(ctx, ctx.read(grant, "audience"));
}

/** The API of this stack with an identifier (a literal), if any. */
export function apiByIdentifier(ctx: RuleContext, identifier: unknown): PolicyResource | undefined {
  return apisByIdentifier(ctx).get(identifier);
}

/** The first API with each literal identifier, read once per stack (rules ask it of every grant). */
function apisByIdentifier(ctx: RuleContext): ReadonlyMap<unknown, PolicyResource> {
  return ctx.shared("apisByIdentifier", (c) => {
    const apis = new Map<unknown, PolicyResource>();
    for (const rs of c.ofType("auth0_resource_server")) {
      const read = attempt(() => ({ identifier: c.read(rs, "identifier") })); // undefined: only known at apply
      if (read && !apis.has(read.identifier)) apis.set(read.identifier, rs);
    }
    return apis;
  });
}

/**
 * A grant's audience as a comparable string: a reference to an API of this stack becomes that API's
 * identifier, so "${auth0_resource_server.x.identifier}" and the literal identifier compare equal.
 */
export function audienceOfGrant(ctx: RuleContext, grant: PolicyResource): string {
  if (isReference(grant, "audience")) {
    const api = ctx.reference(grant, "audience");
    return api?.type === "auth0_resource_server" ? String(ctx.read(api, "identifier")) : String(attr(grant, "audience"));
  }
  return String(ctx.read(grant, "audience"));
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

/**
 * The security mode of DCR-registered clients when DCR is on (its flag not false: an unset flag keeps the
 * tenant's setting, which may be on), else undefined.
 */
export function dcrModeOf(ctx: RuleContext, tenant: PolicyResource): string | undefined {
  const mode = ctx.read(tenant, "dynamic_client_registration_security_mode");
  if (typeof mode !== "string") return undefined;
  return ctx.read(tenant, "flags.enable_dynamic_client_registration") === false ? undefined : mode;
}

/** Is CIMD (client ID metadata documents) on for the tenant? */
export function cimdEnabled(ctx: RuleContext, tenant: PolicyResource): boolean {
  return ctx.read(tenant, "client_id_metadata_document_supported") === true;
}

/**
 * Default grants DCR and CIMD clients can use: subject type user (they get only authorization_code and
 * refresh_token), on an API that does not deny all user access.
 */
export function usableUserDefaults(ctx: RuleContext): readonly PolicyResource[] {
  return ctx.shared("usableUserDefaults", (c) =>
    where(defaultGrants(c), (g) => {
      if (subjectTypeOf(g, c.read) !== "user") return false;
      const api = apiOfGrant(c, g);
      return !api || accessPolicyOf(c, api, "user") !== "deny_all";
    }),
  );
}

/** An API's access policy for a subject type, with Auth0's defaults for new APIs (users allow_all, clients require_client_grant). */
export function accessPolicyOf(ctx: RuleContext, api: PolicyResource, subject: string): string {
  const p = ctx.read(api, `subject_type_authorization.${subject}.policy`);
  if (typeof p === "string") return p;
  return subject === "user" ? "allow_all" : "require_client_grant";
}

/** is_first_party with Auth0's default (first-party). */
export function isFirstParty(client: PolicyResource, read: Reader = attr): boolean {
  return !isThirdParty(client, read);
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
