import { defaultAuthMethod, hasTemplateSequence, sharedTerraformLiterals, terraformLiteral, type PolicyResource, type ResourceNotes } from "../policy";
import type { Management } from "auth0";
import { isRecord, TenantSnapshot, withoutUndefined } from "./tenant-snapshot";
import { indexSnapshot, SnapshotIndex } from "./snapshot-index";
import type { ThirdPartySecurityMode } from "../constructs/security-mode";

/**
 * A tenant snapshot as the policy sees a synthesized stack: auth0_* resources with the attribute names of the
 * auth0 Terraform provider, so that the synth-time rules run unchanged on what Auth0 returns.
 *
 * Auth0 reports some client properties with a value even when nobody set them (sso: false,
 * native_social_login with every provider disabled, empty jwt_configuration.scopes, ...). The provider's
 * configuration would leave those unset, and the rules treat a set property as used, so only values that
 * mean the feature is in use are carried over.
 */

/** A client's third_party_security_mode, as the tenant reports it. */
export type Mode = ThirdPartySecurityMode;

/** How one client is seen. */
export interface ClientView {
  /** the mode to give the client instead of the one Auth0 reports (the audit asks "what if it were strict?") */
  readonly mode?: Mode;
  /** scopes the app is believed to request at /authorize (the Management API does not record them) */
  readonly requestedScopes?: readonly string[];
  /** the client's name, when the caller has it (Names.clientAt) @default Names.client's */
  readonly name?: string;
}

/** The notes of a resource without any: one object for all of them (tenants have tens of thousands). */
const NO_NOTES: ResourceNotes = Object.freeze({});

/** Readable, unique Terraform names for a snapshot's objects. */
export class Names {
  private readonly used = new Set<string>();
  /** the next suffix to try for a base name: every one below it is taken (tenants have thousands of apps of one name) */
  private readonly nextSuffix = new Map<string, number>();
  private readonly clients: readonly Management.Client[];
  /** by the client's index in the snapshot */
  private readonly clientNames: readonly string[];
  /** by the client, made on the first look-up by client (the audit looks its clients up by index) */
  private byClient?: Map<Management.Client, string>;

  constructor(snapshot: TenantSnapshot) {
    this.clients = snapshot.clients;
    this.clientNames = snapshot.clients.map((c, i) => this.unique(slug(c.name ?? c.client_id ?? "") || `client-${i}`));
  }

  /** The name of the snapshot's client at this index. */
  clientAt(index: number): string {
    return this.clientNames[index];
  }

  client(client: Management.Client): string {
    this.byClient ??= new Map(this.clients.map((c, i) => [c, this.clientNames[i]]));
    return this.byClient.get(client) ?? this.unique("client");
  }

  unique(base: string): string {
    const start = startsAName(base) ? base : `r_${base}`;
    // added first, then asked whether it was new: one look-up per name (tenants have tens of thousands)
    const before = this.used.size;
    this.used.add(start);
    if (this.used.size > before) return start;
    let n = this.nextSuffix.get(start) ?? 2;
    let name = `${start}-${n}`;
    for (; this.used.has(name); name = `${start}-${++n}`);
    this.nextSuffix.set(start, n + 1);
    this.used.add(name);
    return name;
  }
}

/** Does the text start as a Terraform name must, with a letter or an underscore? (/^[A-Za-z_]/, without a regular expression per name) */
function startsAName(text: string): boolean {
  const c = text.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Everything but the clients: tenant settings, prompts, APIs and their scopes, grants, rules, hooks, orgs. */
export function tenantResources(snapshot: TenantSnapshot, names: Names, index: SnapshotIndex = indexSnapshot(snapshot)): PolicyResource[] {
  const out: PolicyResource[] = [];
  if (snapshot.tenantSettings) out.push(resource("auth0_tenant", "tenant", tenantAttributes(snapshot)));
  if (snapshot.prompts?.universal_login_experience) {
    out.push(resource("auth0_prompt", "prompts", { universal_login_experience: snapshot.prompts.universal_login_experience }));
  }
  for (const api of snapshot.resourceServers.filter((r) => !r.is_system)) out.push(...apiResources(api, names));
  for (const g of snapshot.clientGrants) {
    out.push(resource("auth0_client_grant", names.unique(`grant-${g.id ?? grantSlug(g)}`), grantAttributes(g), NO_NOTES, grantClient(g, index, names)));
  }
  for (const r of snapshot.rules) {
    out.push(resource("auth0_rule", names.unique(slug(r.name ?? "rule")), withoutUndefined({ name: r.name, enabled: r.enabled, order: r.order })));
  }
  for (const h of snapshot.hooks) {
    out.push(resource("auth0_hook", names.unique(slug(h.name ?? "hook")), withoutUndefined({ name: h.name, enabled: h.enabled, trigger_id: h.triggerId })));
  }
  for (const o of snapshot.organizations) {
    out.push(
      resource("auth0_organization", names.unique(slug(o.name ?? "organization")), withoutUndefined({
        name: o.name,
        display_name: o.display_name,
        third_party_client_access: o.third_party_client_access,
      })),
    );
  }
  return out;
}

/**
 * One client as auth0_client, plus auth0_client_credentials when it sets an authentication method other than
 * Auth0's default for its app type, or JAR. (The rules read a client without credentials as having the default:
 * most of a large tenant's clients report client_secret_post, and a resource each would only cost time.)
 */
export function clientResources(client: Management.Client, names: Names, view: ClientView = {}): PolicyResource[] {
  const name = view.name ?? names.client(client);
  const attributes = clientAttributes(client, view.mode);
  const notes: ResourceNotes = view.requestedScopes ? { requestedScopes: view.requestedScopes } : NO_NOTES;
  const out = [resource("auth0_client", name, attributes, notes)];
  const method = authenticationMethod(client);
  const jar = signedRequestObject(client);
  if ((method && !isDefaultMethod(client, method)) || jar) {
    const credentials = withoutUndefined({ authentication_method: method, signed_request_object: jar });
    out.push(resource("auth0_client_credentials", `${name}_credentials`, credentials, NO_NOTES, clientRef(client, name)));
  }
  return out;
}

/**
 * A client's ID (tenant data, escaped as a literal like the client's own client_id), or (deploy-cli exports
 * without identifiers) a reference the policy resolves by address: an expression of ours, never escaped.
 */
function clientRef(client: Management.Client, name: string): string {
  return client.client_id !== undefined ? terraformLiteral(client.client_id) : `\${auth0_client.${name}.client_id}`;
}

/**
 * Client fields deploy-cli still reads, by their current names: it sends one under the current name when that one is
 * not set, and drops it when it is (its client sanitizer).
 */
export const DEPRECATED_CLIENT_FIELDS = { cross_origin_auth: "cross_origin_authentication", oidc_backchannel_logout: "oidc_logout" } as const;

interface DeprecatedClientFields {
  readonly cross_origin_auth?: boolean;
  readonly oidc_backchannel_logout?: Management.Client["oidc_logout"];
}

function clientAttributes(c: Management.Client, mode?: Mode): Record<string, unknown> {
  const grantTypes = c.grant_types;
  const deprecated = c as DeprecatedClientFields;
  const crossOrigin = DEPRECATED_CLIENT_FIELDS.cross_origin_auth in c ? c.cross_origin_authentication : deprecated.cross_origin_auth;
  const oidcLogout = DEPRECATED_CLIENT_FIELDS.oidc_backchannel_logout in c ? c.oidc_logout : deprecated.oidc_backchannel_logout;
  // a list of URLs, or (tpa check, a keyword without a mapping) text that stands for one
  const backchannel = oidcLogout?.backchannel_logout_urls as unknown;
  // set one by one, not withoutUndefined of a literal: no object of 35 properties to copy per client (50,000)
  const a: Record<string, unknown> = {};
  put(a, "client_id", c.client_id);
  put(a, "name", c.name);
  put(a, "description", c.description);
  put(a, "app_type", c.app_type);
  put(a, "is_first_party", c.is_first_party);
  put(a, "third_party_security_mode", mode ?? c.third_party_security_mode);
  put(a, "grant_types", grantTypes);
  put(a, "callbacks", c.callbacks);
  put(a, "allowed_origins", c.allowed_origins);
  put(a, "web_origins", c.web_origins);
  put(a, "logo_uri", c.logo_uri);
  put(a, "oidc_conformant", c.oidc_conformant);
  put(a, "cross_origin_auth", crossOrigin);
  put(a, "cross_origin_loc", c.cross_origin_loc || undefined);
  put(a, "custom_login_page_on", c.custom_login_page_on);
  put(a, "custom_login_page", c.custom_login_page || undefined);
  put(a, "sso", c.sso === true ? true : undefined);
  put(a, "require_pushed_authorization_requests", c.require_pushed_authorization_requests === true ? true : undefined);
  put(a, "jwt_configuration", jwtConfiguration(c.jwt_configuration));
  put(a, "refresh_token", c.refresh_token ? refreshToken(c.refresh_token) : undefined);
  put(a, "addons", enabledAddons(c.addons));
  put(a, "mobile", hasContent(c.mobile) ? c.mobile : undefined);
  put(a, "native_social_login", enabledNativeSocialLogin(c.native_social_login));
  put(a, "allowed_logout_urls", nonEmpty(c.allowed_logout_urls));
  put(a, "oidc_logout", hasItems(backchannel as unknown[]) || (typeof backchannel === "string" && backchannel !== "") ? { backchannel_logout_urls: backchannel } : undefined);
  put(a, "oidc_backchannel_logout_urls", nonEmpty((c as { oidc_backchannel_logout_urls?: string[] }).oidc_backchannel_logout_urls));
  put(a, "client_authentication_methods", tlsAuthentication(c.client_authentication_methods));
  // CIBA settings matter only with the CIBA grant
  const channels = c.async_approval_notification_channels as unknown[] | undefined;
  put(a, "async_approval_notification_channels", hasItems(channels) && grantTypes?.some(isCibaGrant) ? nonEmpty(channels) : undefined);
  put(a, "redirection_policy", c.redirection_policy);
  put(a, "client_metadata", hasContent(c.client_metadata) ? c.client_metadata : undefined);
  put(a, "organization_usage", c.organization_usage);
  put(a, "organization_require_behavior", c.organization_require_behavior);
  return a;
}

/** Sets an attribute that has a value (undefined is left out, as withoutUndefined leaves it). */
function put(attributes: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) attributes[key] = value;
}

function tenantAttributes(snapshot: TenantSnapshot): Record<string, unknown> {
  const s = snapshot.tenantSettings!;
  return withoutUndefined({
    flags: s.flags?.enable_dynamic_client_registration === undefined ? undefined : { enable_dynamic_client_registration: s.flags.enable_dynamic_client_registration },
    dynamic_client_registration_security_mode: s.dynamic_client_registration_security_mode,
    client_id_metadata_document_supported: s.client_id_metadata_document_supported,
  });
}

function apiResources(api: Management.ResourceServer, names: Names): PolicyResource[] {
  const name = names.unique(slug(api.name ?? api.identifier ?? "api"));
  const out = [
    resource("auth0_resource_server", name, withoutUndefined({
      identifier: api.identifier,
      name: api.name,
      subject_type_authorization: api.subject_type_authorization,
      allow_offline_access: api.allow_offline_access,
      token_lifetime: api.token_lifetime,
      signing_alg: api.signing_alg,
    })),
  ];
  const scopes = (api.scopes ?? []).filter((s) => typeof s.value === "string");
  if (scopes.length > 0) {
    out.push(
      resource("auth0_resource_server_scopes", `${name}_scopes`, {
        resource_server_identifier: api.identifier,
        scopes: scopes.map((s) => withoutUndefined({ name: s.value, description: s.description })),
      }),
    );
  }
  return out;
}

function grantAttributes(g: Management.ClientGrantResponseContent): Record<string, unknown> {
  // set one by one, as a client's (tenants have tens of thousands of grants)
  const a: Record<string, unknown> = {};
  put(a, "audience", g.audience);
  put(a, "scopes", g.scope ?? []);
  put(a, "subject_type", g.subject_type);
  put(a, "default_for", g.default_for);
  put(a, "allow_all_scopes", g.allow_all_scopes);
  put(a, "allow_any_organization", g.allow_any_organization);
  put(a, "organization_usage", g.organization_usage);
  return a;
}

/**
 * A grant without an ID (a deploy-cli export without identifiers) by what it is, its client, API and subject type:
 * an address that stays the grant's when others are added (a tpa.yaml suppression names it).
 */
function grantSlug(g: Management.ClientGrantResponseContent): string {
  return slug(`${g.client_id ?? "default"} ${g.audience ?? ""} ${g.subject_type ?? "client"}`) || "grant";
}

/** The client a grant names: by ID, or by name in deploy-cli exports (convertClientIdToName); none for a default grant. */
function grantClient(g: Management.ClientGrantResponseContent, index: SnapshotIndex, names: Names): string | undefined {
  if (g.client_id === undefined) return undefined;
  const byName = index.namedClient(g.client_id);
  return byName ? clientRef(byName, names.client(byName)) : terraformLiteral(g.client_id);
}

/**
 * JAR (signed request objects), which the provider manages on auth0_client_credentials: when it is in use (required,
 * or with keys to verify requests), or (tpa check, a keyword without a mapping) text that stands for the settings.
 */
function signedRequestObject(c: Management.Client): unknown {
  const jar = c.signed_request_object as unknown;
  if (typeof jar === "string") return jar === "" ? undefined : jar;
  if (!isRecord(jar)) return undefined;
  const required = jar.required ?? false;
  return required !== false || hasItems(jar.credentials as unknown[] | undefined) ? jar : undefined;
}

/** Is the method the one Auth0 gives the client's app type anyway? Not when the app type is only known at import (a keyword). */
function isDefaultMethod(c: Management.Client, method: string): boolean {
  const appType = c.app_type as unknown;
  if (appType !== undefined && (typeof appType !== "string" || hasTemplateSequence(appType))) return false;
  return method === defaultAuthMethod(appType);
}

/** token_endpoint_auth_method, or the method client_authentication_methods configures. */
function authenticationMethod(c: Management.Client): string | undefined {
  const methods = c.client_authentication_methods as Record<string, unknown> | null | undefined;
  if (methods && isRecord(methods)) {
    for (const m of ["private_key_jwt", "tls_client_auth", "self_signed_tls_client_auth"]) if (methods[m]) return m;
  }
  return c.token_endpoint_auth_method;
}

function jwtConfiguration(jwt: Management.ClientJwtConfiguration | undefined): Record<string, unknown> | undefined {
  if (!jwt) return undefined;
  const scopes = hasContent(jwt.scopes) ? jwt.scopes : undefined;
  // the snapshot's own object when it holds only these settings, all in use (most clients): a view shares it
  if (scopes === jwt.scopes && hasOnlyKeys(jwt, JWT_SETTINGS)) return jwt.alg === undefined && jwt.lifetime_in_seconds === undefined && scopes === undefined ? undefined : (jwt as unknown as Record<string, unknown>);
  const out = withoutUndefined({ alg: jwt.alg, lifetime_in_seconds: jwt.lifetime_in_seconds, scopes });
  return Object.keys(out).length > 0 ? out : undefined;
}

const JWT_SETTINGS: ReadonlySet<string> = new Set(["alg", "lifetime_in_seconds", "scopes"]);

const REFRESH_TOKEN_SETTINGS: ReadonlySet<string> = new Set([
  "expiration_type",
  "rotation_type",
  "token_lifetime",
  "idle_token_lifetime",
  "infinite_token_lifetime",
  "infinite_idle_token_lifetime",
  "leeway",
]);

function refreshToken(rt: Management.ClientRefreshTokenConfiguration): Record<string, unknown> {
  if (hasOnlyKeys(rt, REFRESH_TOKEN_SETTINGS)) return rt as unknown as Record<string, unknown>; // shared, as jwt_configuration
  return withoutUndefined({
    expiration_type: rt.expiration_type,
    rotation_type: rt.rotation_type,
    token_lifetime: rt.token_lifetime,
    idle_token_lifetime: rt.idle_token_lifetime,
    infinite_token_lifetime: rt.infinite_token_lifetime,
    infinite_idle_token_lifetime: rt.infinite_idle_token_lifetime,
    leeway: rt.leeway,
  });
}

/** Are all of the object's own keys among `keys`, none of them undefined? (Then a copy of those keys would equal it.) */
function hasOnlyKeys(value: object, keys: ReadonlySet<string>): boolean {
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    if (!keys.has(k) || (value as Record<string, unknown>)[k] === undefined) return false;
  }
  return true;
}

/** Auth0 lists an addon only when it is on; WS-Fed is switched on by an empty object. */
function enabledAddons(addons: Management.ClientAddons | undefined): Record<string, unknown> | undefined {
  if (!addons) return undefined;
  const on = Object.entries(addons).filter(([, v]) => v !== null && v !== undefined && v !== false);
  return on.length > 0 ? Object.fromEntries(on) : undefined;
}

function enabledNativeSocialLogin(nsl: Management.NativeSocialLogin | undefined): Record<string, unknown> | undefined {
  if (!nsl) return undefined;
  const on = Object.entries(nsl).filter(([, v]) => isRecord(v) && v.enabled === true);
  return on.length > 0 ? Object.fromEntries(on) : undefined;
}

function tlsAuthentication(methods: unknown): Record<string, unknown> | undefined {
  if (!isRecord(methods)) return undefined;
  const tls = Object.entries(methods).filter(([k, v]) => k.includes("tls_client_auth") && v);
  return tls.length > 0 ? Object.fromEntries(tls) : undefined;
}

function nonEmpty<T>(list: readonly T[] | null | undefined): T[] | undefined {
  return hasItems(list) ? [...list] : undefined;
}

function hasItems<T>(list: readonly T[] | null | undefined): list is readonly T[] {
  return Array.isArray(list) && list.length > 0;
}

function isCibaGrant(grantType: string): boolean {
  return grantType.includes("ciba");
}

function hasContent(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === "") return false;
  if (Array.isArray(value)) return value.some(hasContent);
  if (typeof value === "object") return Object.values(value).some(hasContent);
  return true;
}

/**
 * Tenant data is literal text: in the policy's (Terraform JSON) view its template sequences are escaped.
 * `clientId` is the client_id attribute this module builds (an escaped ID or a reference), added as it is.
 */
function resource(type: string, name: string, attributes: Record<string, unknown>, annotation: ResourceNotes = NO_NOTES, clientId?: string): PolicyResource {
  // attributes is built for this resource alone: escaped in place of a copy where nothing needs escaping
  const literal = sharedTerraformLiterals(attributes);
  if (clientId !== undefined) literal.client_id = clientId;
  // a reference to a client of an export without identifiers is an expression; everything else is the tenant's data
  return { type, name, address: `${type}.${name}`, attributes: literal, annotation, literal: clientId === undefined || !hasTemplateSequence(clientId) };
}

const ASCII = /^[\x00-\x7f]*$/;

/** A name usable in a Terraform address (and an environment-file id): lower-case letters, digits, dashes. */
export function slug(text: string): string {
  const lower = text.toLowerCase();
  // NFKD leaves ASCII as it is: most names of a tenant's tens of thousands of clients skip it
  const dashed = (ASCII.test(lower) ? lower : lower.normalize("NFKD")).replace(/[^a-z0-9]+/g, "-");
  // runs are one dash now: at most one to trim at either end, and one more where 50 characters end
  const from = dashed.startsWith("-") ? 1 : 0;
  const to = dashed.endsWith("-") ? dashed.length - 1 : dashed.length;
  const cut = dashed.slice(from, Math.min(to, from + 50));
  return cut.endsWith("-") ? cut.slice(0, -1) : cut;
}
