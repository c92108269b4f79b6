import type { Management } from "auth0";
import { Document, isMap, isPair, isScalar, isSeq, visit } from "yaml";
import type { ApiConfig, AppConfig, EnvironmentInput, GrantConfig } from "../config/schema";
import type { AppAudit, AuditedClient, AuditReport } from "./classify";
import { selfRegistrationEvidence } from "./inference";
import { OWNED_CLIENT_ATTRIBUTES } from "../config/client-attributes";
import { clientState, isZero, loadResourceSchemas, ResourceSchemas, StateValue } from "./provider-state";
import { scrubSecrets } from "./secrets";
import { slug } from "./to-policy";
import type { TenantSnapshot } from "./tenant-snapshot";

/**
 * `tpa import`: a tenant's third-party apps, APIs and grants as an environment file (config/schema.ts), with
 * the IDs that make the first plan adopt them (Terraform import blocks) instead of creating duplicates.
 * Values are written as the tenant has them, so that adopting changes as little as possible.
 */

export interface FragmentOptions {
  readonly environment: string;
  /** the tenant's domain (the snapshot's, else --domain) */
  readonly domain: string;
  /** YYYY-MM-DD: the import date; permissive apps are due for review 90 days later */
  readonly today: string;
  /** where the snapshot came from, for the header */
  readonly source: string;
}

export interface Fragment {
  readonly text: string;
  readonly apps: { readonly strict: number; readonly permissive: number; readonly adopted: number };
  readonly apis: number;
  readonly defaultPermissions: number;
  readonly appGrants: number;
  /** what was left out or cannot be adopted, one line each */
  readonly warnings: readonly string[];
}

type AppEntry = Omit<AppConfig, "apis" | "organizations" | "permissions"> & { permissions?: GrantConfig[] };

const REVIEW_DAYS = 90;

export function environmentFragment(
  snapshot: TenantSnapshot,
  audited: { readonly report: AuditReport; readonly clients: readonly AuditedClient[] },
  options: FragmentOptions,
): Fragment {
  const { report } = audited;
  const warnings: string[] = [];
  const ids = new Ids();
  const apis = snapshot.resourceServers.filter((r) => !r.is_system && r.identifier).map((r) => apiEntry(r, ids));
  const apiIdOf = new Map(apis.map((a) => [a.identifier, a.id]));
  const grantEntry = grantMapper(snapshot, apiIdOf, warnings);

  const defaultPermissions = snapshot.clientGrants
    .filter((g) => g.default_for === "third_party_clients")
    .flatMap((g) => grantEntry(g, "default permissions"));

  if (snapshot.source.type !== "management-api" && !snapshot.clients.some((c) => c.is_first_party === false)) {
    const appGrants = snapshot.clientGrants.filter((g) => g.client_id && g.default_for === undefined).length;
    warnings.push(
      `the export has no third-party clients${appGrants > 0 ? ` but ${appGrants} per-app grant(s)` : ""}: was it exported with AUTH0_EXCLUDE_THIRD_PARTY_CLIENTS=true? Export again without it to adopt the tenant's third-party apps`,
    );
  }
  const { apps, skipped } = appEntries(snapshot, audited.clients, { ids, grantEntry, warnings, options, schemas: loadResourceSchemas() });
  for (const api of apis.filter((a) => !a.importId)) {
    warnings.push(`API ${api.identifier}: the source has no API id, so the first plan would try to CREATE it (a 409 at apply)`);
  }

  const environment: EnvironmentInput = {
    tenant: { domain: options.domain, ...(report.tenant.permissiveEligible ? { permissiveEligible: true } : {}), adopt: true },
    ...dcrEntry(report),
    apis,
    defaultPermissions,
    apps: apps.map((a) => a.entry),
  };
  const text = render(environment, {
    header: header(report, options),
    dcr: report.tenant.dcr.enabled && !report.tenant.dcr.securityMode ? `DCR is on, but the tenant reports no security mode: ${report.tenant.dcr.note ?? ""}` : undefined,
    universalLogin: report.tenant.universalLogin,
    appComments: apps.map((a) => a.comment),
    skipped,
  });
  return {
    text,
    apps: {
      strict: apps.filter((a) => a.entry.mode === "strict").length,
      permissive: apps.filter((a) => a.entry.mode === "permissive").length,
      adopted: apps.filter((a) => a.entry.importClientId).length,
    },
    apis: apis.length,
    defaultPermissions: defaultPermissions.length,
    appGrants: apps.reduce((n, a) => n + (a.entry.permissions?.length ?? 0), 0),
    warnings,
  };
}

interface AppContext {
  readonly ids: Ids;
  readonly grantEntry: (g: Management.ClientGrantResponseContent, owner: string) => GrantConfig[];
  readonly warnings: string[];
  readonly options: FragmentOptions;
  readonly schemas: ResourceSchemas;
}

/** The apps to adopt, each with its YAML comment; self-registered clients are left out (`skipped`). */
function appEntries(snapshot: TenantSnapshot, clients: readonly AuditedClient[], ctx: AppContext) {
  const apps: { entry: AppEntry; comment: string }[] = [];
  const skipped: string[] = [];
  for (const { client, audit } of clients) {
    const selfRegistered = selfRegistrationEvidence(client, snapshot);
    if (selfRegistered?.certain) {
      skipped.push(`${audit.name} (${audit.clientId}): ${selfRegistered.reason}; Auth0 derives its settings from the registration, so it stays out of this file`);
      continue;
    }
    const permissions = snapshot.clientGrants
      .filter((g) => g.client_id !== undefined && (g.client_id === client.client_id || (!client.client_id && g.client_id === client.name)))
      .flatMap((g) => ctx.grantEntry(g, audit.name));
    const entry = appEntry(client, audit, ctx.ids, permissions, ctx.options, ctx.schemas);
    if (!entry.importClientId) ctx.warnings.push(`${audit.name}: the source has no client_id, so the first plan would CREATE this app instead of adopting it`);
    apps.push({ entry, comment: appComment(client, audit) });
  }
  ctx.warnings.push(...skipped.map((s) => `not imported: ${s}`));
  return { apps, skipped };
}

/** Environment-file ids: lower-case, unique per list kind. */
class Ids {
  private readonly used = new Set<string>();

  next(kind: string, text: string): string {
    let base = slug(text);
    if (!/^[a-z]/.test(base)) base = `${kind}-${base}`.replace(/-+$/, "");
    let id = base;
    for (let n = 2; this.used.has(`${kind}/${id}`); n++) id = `${base}-${n}`;
    this.used.add(`${kind}/${id}`);
    return id;
  }
}

function apiEntry(api: Management.ResourceServer, ids: Ids): ApiConfig {
  const access = api.subject_type_authorization;
  const signingAlg = api.signing_alg === "RS256" || api.signing_alg === "HS256" || api.signing_alg === "PS256" ? api.signing_alg : undefined;
  return clean({
    id: ids.next("api", api.name ?? api.identifier!.replace(/^https?:\/\//, "")),
    identifier: api.identifier!,
    name: api.name,
    scopes: (api.scopes ?? []).filter((s) => s.value).map((s) => (s.description ? { name: s.value, description: s.description } : s.value)),
    // Written out even when Auth0's defaults apply: the file's defaults are the hardened require_client_grant.
    accessPolicy: {
      user: access?.user?.policy ?? "allow_all",
      client: access?.client?.policy === "deny_all" ? "deny_all" : "require_client_grant",
    },
    allowOfflineAccess: api.allow_offline_access,
    tokenLifetime: positiveInt(api.token_lifetime),
    signingAlg,
    importId: api.id,
  }) as ApiConfig;
}

function grantMapper(snapshot: TenantSnapshot, apiIdOf: Map<string, string>, warnings: string[]) {
  return (g: Management.ClientGrantResponseContent, owner: string): GrantConfig[] => {
    const api = g.audience ? apiIdOf.get(g.audience) : undefined;
    const subjectType = g.subject_type ?? "client";
    if (!api) {
      warnings.push(`${owner}: grant on ${g.audience} left out (a system API, or an API the source does not list)`);
      return [];
    }
    if (subjectType !== "user" && subjectType !== "client") {
      warnings.push(`${owner}: grant on ${g.audience} for subject type ${subjectType} left out (the environment file has user and client)`);
      return [];
    }
    const scopes = g.allow_all_scopes
      ? (snapshot.resourceServers.find((r) => r.identifier === g.audience)?.scopes ?? []).map((s) => s.value)
      : (g.scope ?? []);
    if (g.allow_all_scopes) warnings.push(`${owner}: the grant on ${g.audience} allows all scopes; written as today's scope list`);
    return [clean({ api, subjectType, scopes, importId: g.id }) as GrantConfig];
  };
}

function appEntry(client: Management.Client, audit: AppAudit, ids: Ids, permissions: GrantConfig[], options: FragmentOptions, schemas: ResourceSchemas): AppEntry {
  const mode = audit.effectiveMode;
  const metadata = stringMetadata(client.client_metadata);
  const permissive = mode === "permissive" ? permissiveReason(metadata, audit, options) : {};
  const method = client.token_endpoint_auth_method;
  return clean({
    id: ids.next("app", client.name ?? client.client_id ?? "app"),
    name: client.name,
    description: client.description && client.description.length <= 140 ? client.description : undefined,
    mode,
    ...permissive,
    appType: client.app_type,
    logoUri: client.logo_uri || undefined,
    callbacks: urls(client.callbacks),
    allowedOrigins: urls(client.allowed_origins),
    webOrigins: urls(client.web_origins),
    grantTypes: client.grant_types,
    tokenEndpointAuthMethod: client.client_authentication_methods?.private_key_jwt
      ? "private_key_jwt"
      : method === "none" || method === "client_secret_post" || method === "client_secret_basic"
        ? method
        : undefined,
    redirectionPolicy: mode === "strict" ? client.redirection_policy : undefined,
    jwtAlg: client.jwt_configuration?.alg,
    // refresh_token is Optional+Computed: without both types (which the file requires) it is left to the tenant
    refreshToken: client.refresh_token?.expiration_type && client.refresh_token.rotation_type ? refreshToken(client.refresh_token) : undefined,
    clientMetadata: Object.keys(metadata).length > 0 ? (mode === "permissive" ? withoutReserved(metadata) : metadata) : undefined,
    ...existingSettings(client, mode, metadata, schemas),
    permissions: permissions.length > 0 ? permissions : undefined,
    importClientId: client.client_id,
  }) as AppEntry;
}

/**
 * The settings an existing client has beyond the basic ones, as the provider reads them (audit/provider-state.ts),
 * so that the file says what the tenant has: left out, Terraform would remove them.
 */
function existingSettings(client: Management.Client, mode: AppConfig["mode"], metadata: Record<string, string>, schemas: ResourceSchemas): Partial<AppEntry> {
  const state = clientState(client as Record<string, unknown>, schemas.blocks.auth0_client) as Record<string, StateValue>;
  const set = <T>(v: T): T | undefined => (isZero(v) ? undefined : v);
  const providerAttributes: Record<string, unknown> = {};
  const block = schemas.blocks.auth0_client;
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (OWNED_CLIENT_ATTRIBUTES[name] || attr.sensitive || !attr.optional || attr.computed || schemas.optionalComputed.has(`auth0_client.${name}`)) continue;
    if (!isZero(state[name])) providerAttributes[name] = state[name];
  }
  for (const name of Object.keys(block.block_types ?? {})) {
    if (OWNED_CLIENT_ATTRIBUTES[name] || schemas.optionalComputed.has(`auth0_client.${name}`)) continue;
    const v = state[name];
    if (Array.isArray(v) && v.length > 0) providerAttributes[name] = withoutZeros(v[0]);
  }
  const addons = Array.isArray(state.addons) && state.addons.length > 0 ? withoutZeros(state.addons[0]) : undefined;
  return clean({
    allowedLogoutUrls: urls(client.allowed_logout_urls),
    oidcConformant: client.oidc_conformant,
    customLoginPageOn: client.custom_login_page_on,
    customLoginPage: set(client.custom_login_page),
    crossOriginAuth: set(client.cross_origin_authentication),
    crossOriginLoc: set(client.cross_origin_loc),
    sso: set(client.sso),
    ssoDisabled: set(client.sso_disabled),
    initiateLoginUri: set(client.initiate_login_uri),
    clientAliases: set(client.client_aliases),
    allowedClients: set(client.allowed_clients),
    addons: addons && Object.keys(addons as object).length > 0 ? scrubSecrets(addons as Record<string, unknown>) : undefined,
    providerAttributes: Object.keys(providerAttributes).length > 0 ? scrubSecrets(providerAttributes) : undefined,
    // keep our own tpa_ keys where the tenant has them; do not add them where it has not
    recordReasonInMetadata: mode === "permissive" && metadata.tpa_justification && metadata.tpa_review_by ? true : undefined,
  }) as Partial<AppEntry>;
}

/** A block's value without zero-valued attributes (what SDKv2 takes as unset), nested blocks included. */
function withoutZeros(v: StateValue): StateValue {
  if (Array.isArray(v)) return v.map(withoutZeros);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => !isZero(x)).map(([k, x]) => [k, withoutZeros(x)]));
}

/** A permissive app's justification and review date: the ones our constructs stored, else a placeholder. */
function permissiveReason(metadata: Record<string, string>, audit: AppAudit, options: FragmentOptions): { justification: string; reviewBy: string } {
  if (metadata.tpa_justification && /^\d{4}-\d{2}-\d{2}$/.test(metadata.tpa_review_by ?? "")) {
    return { justification: metadata.tpa_justification, reviewBy: metadata.tpa_review_by };
  }
  const why = audit.blockers.length > 0 ? `strict blockers ${[...new Set(audit.blockers.map((b) => b.ruleId))].join(", ")}` : "no strict blocker found";
  const scenario = audit.scenario ? `, scenario ${audit.scenario}` : "";
  const justification = `REVIEW: imported as permissive by tpa import on ${options.today} (${why}${scenario}); replace with why it cannot run strict yet`;
  return { justification: justification.slice(0, 255), reviewBy: addDays(options.today, REVIEW_DAYS) };
}

function appComment(client: Management.Client, audit: AppAudit): string {
  const lines: string[] = [];
  if (audit.mode === null) {
    lines.push(
      audit.effectiveMode === "strict"
        ? "Auth0 reports no third_party_security_mode, but the tpc_ client ID marks a strict client: declared strict."
        : "Auth0 reports no third_party_security_mode: the client predates the field (created before April 2026) and behaves",
      ...(audit.effectiveMode === "strict"
        ? []
        : ["as permissive, so it is declared permissive. Adopting it makes Terraform send the mode explicitly; check the first", "plan and apply in a test tenant first (Auth0 documents no PATCH of the mode on a mode-less client)."]),
    );
  }
  const blockers = [...new Set(audit.blockers.map((b) => b.ruleId))].join(", ");
  lines.push(
    `audit: ${audit.strictReady ? "strict-ready" : `not strict-ready (${blockers})`}; scenario ${audit.scenario ?? "none"}; ${audit.recommendation}`,
  );
  if (audit.recommendation === "migrate-to-strict") lines.push("migrating means a new strict app (a new tpc_ client ID), not a mode change");
  if (!client.client_id) lines.push("no client_id in the source: this app would be created, not adopted");
  return lines.map((l) => ` ${l}`).join("\n");
}

function dcrEntry(report: AuditReport): Pick<EnvironmentInput, "dcr"> {
  const { enabled, securityMode } = report.tenant.dcr;
  return enabled !== null && securityMode ? { dcr: { enabled, securityMode } } : {};
}

function header(report: AuditReport, options: FragmentOptions): string {
  const s = report.summary;
  return [
    ` Environment "${options.environment}": imported by \`tpa import\` on ${options.today} from ${options.source}.`,
    ` ${s.thirdPartyApps} third-party app(s) audited: ${s.strict} strict, ${s.permissive} permissive, ${s.withoutMode} without a mode.`,
    " importClientId / importId make the first plan ADOPT the existing clients, APIs and grants (Terraform import",
    " blocks) instead of creating duplicates. Review before committing:",
    " - every permissive app's justification (a placeholder starting with REVIEW) and reviewBy date;",
    " - apps[].apis: the APIs each app calls (the Management API does not record them);",
    " - the first `cdktf plan`: it should import, and change nothing (tpa import printed what it would change).",
  ].join("\n");
}

interface RenderNotes {
  readonly header: string;
  readonly dcr?: string;
  readonly universalLogin: "new" | "classic" | null;
  readonly appComments: readonly string[];
  readonly skipped: readonly string[];
}

function render(environment: EnvironmentInput, notes: RenderNotes): string {
  const doc = new Document(environment);
  doc.commentBefore = notes.header;
  const tenant = doc.get("tenant", true);
  if (isMap(tenant) && notes.universalLogin) {
    tenant.comment = ` universalLogin: ${notes.universalLogin}   (the tenant's login experience; set it to manage auth0_prompt)`;
  }
  if (notes.dcr) doc.comment = ` ${notes.dcr}`;
  const apps = doc.get("apps", true);
  if (isSeq(apps)) {
    apps.items.forEach((item, i) => {
      if (isMap(item)) item.commentBefore = notes.appComments[i];
    });
  }
  const appsKey = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === "apps")?.key : undefined;
  if (isScalar(appsKey) && notes.skipped.length > 0) appsKey.commentBefore = notes.skipped.map((s) => ` not imported: ${s}`).join("\n");
  flowShortCollections(doc);
  return doc.toString({ lineWidth: 0 });
}

const FLOW_KEYS = ["accessPolicy", "dcr", "clientMetadata"];

/** Short lists, grants and policies on one line, as the example environment files write them. */
function flowShortCollections(doc: Document): void {
  const short = (node: { toJSON(): unknown }, limit: number) => JSON.stringify(node.toJSON()).length <= limit;
  visit(doc, {
    Seq(_, node) {
      if (node.items.every(isScalar) && short(node, 100)) node.flow = true;
    },
  });
  visit(doc, {
    Map(_, node, path) {
      const parent = path[path.length - 1];
      const inList = isSeq(parent);
      const flowKey = isPair(parent) && isScalar(parent.key) && FLOW_KEYS.includes(String(parent.key.value));
      const simple = node.items.every((p) => isScalar(p.value) || (isSeq(p.value) && p.value.flow));
      if ((flowKey || (inList && !node.has("id"))) && simple && short(node, 120)) node.flow = true;
    },
  });
}

function refreshToken(rt: Management.ClientRefreshTokenConfiguration): NonNullable<AppConfig["refreshToken"]> {
  return clean({
    expirationType: rt.expiration_type,
    rotationType: rt.rotation_type,
    tokenLifetime: positiveInt(rt.token_lifetime),
    idleTokenLifetime: positiveInt(rt.idle_token_lifetime),
    infiniteTokenLifetime: rt.infinite_token_lifetime,
    infiniteIdleTokenLifetime: rt.infinite_idle_token_lifetime,
    leeway: Number.isInteger(rt.leeway) && rt.leeway! >= 0 ? rt.leeway : undefined,
  });
}

/** client_metadata as the file takes it: string values of at most 255 characters. */
function stringMetadata(metadata: Management.ClientMetadata | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metadata ?? {}).filter((e): e is [string, string] => typeof e[1] === "string" && e[1].length <= 255 && e[0].length <= 255),
  );
}

/** tpa_justification and tpa_review_by are written by PermissiveThirdPartyApp itself. */
function withoutReserved(metadata: Record<string, string>): Record<string, string> | undefined {
  const rest = Object.fromEntries(Object.entries(metadata).filter(([k]) => !k.startsWith("tpa_")));
  return Object.keys(rest).length > 0 ? rest : undefined;
}

function urls(list: readonly string[] | undefined): string[] | undefined {
  const kept = (list ?? []).filter((u) => u.trim() !== "");
  return kept.length > 0 ? kept : undefined;
}

function positiveInt(n: number | undefined): number | undefined {
  return Number.isInteger(n) && n! > 0 ? n : undefined;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
