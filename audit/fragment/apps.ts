/** A tenant's third-party clients as environment-file apps (config/schema.ts: apps), with their adoption ids. */
import type { Management } from "auth0";
import type { AppConfig, GrantConfig } from "../../config/schema";
import type { AppAudit, AuditedClient } from "../classify";
import { addDays, DATE_PATTERN } from "../../constructs/dates";
import { LIMITS } from "../../constructs/limits";
import { selfRegistrationEvidence } from "../inference";
import { indexSnapshot, type SnapshotIndex } from "../snapshot-index";
import type { ResourceSchemas } from "../provider-state";
import type { TenantSnapshot } from "../tenant-snapshot";
import { grantMapper, mapGrants } from "./apis-and-grants";
import { existingSettings } from "./existing-settings";
import { Ids } from "./ids";
import { appComment } from "./notes";
import { clean, positiveInt, urls } from "./values";

export type AppEntry = Omit<AppConfig, "apis" | "organizations" | "permissions"> & { permissions?: GrantConfig[] };

/** Days after the import date a permissive app without a recorded review date is due for review. */
const REVIEW_DAYS = 90;

export interface AppContext {
  readonly ids: Ids;
  readonly mapGrant: ReturnType<typeof grantMapper>;
  /** YYYY-MM-DD: the import date */
  readonly today: string;
  readonly schemas: ResourceSchemas;
}

export interface MappedApps {
  /** each app with its YAML comment */
  readonly apps: { entry: AppEntry; comment: string }[];
  /** self-registered clients left out, one line each */
  readonly skipped: string[];
  readonly warnings: string[];
}

/** Grants that name their client by a name several clients have: which one they belong to cannot be told. */
function sharedNameWarnings(snapshot: TenantSnapshot, index: SnapshotIndex): string[] {
  const count = new Map<string, number>();
  for (const c of snapshot.clients) if (c.name !== undefined) count.set(c.name, (count.get(c.name) ?? 0) + 1);
  const ids = new Set(snapshot.clients.map((c) => c.client_id).filter((id) => id !== undefined));
  const byName = index.unidentifiedByName;
  return snapshot.clientGrants
    .filter((g) => g.client_id !== undefined && !ids.has(g.client_id) && (count.get(g.client_id) ?? 0) > 1)
    .map(
      (g) =>
        `the grant on ${g.audience} (${g.subject_type ?? "client"}) names its client "${g.client_id}", which ${count.get(g.client_id!)} clients are called: ` +
        `deploy-cli names grants by client name, so it cannot say which; ${byName.has(g.client_id!) ? "the file gives it to the first one without a client_id, as deploy-cli's import would" : "the file gives it to none of them"}. ` +
        "Check it, and give the clients distinct names",
    );
}

/** Grants in the order of the snapshot's list. */
function inGrantOrder(snapshot: TenantSnapshot, grants: readonly Management.ClientGrantResponseContent[]): Management.ClientGrantResponseContent[] {
  const order = new Map(snapshot.clientGrants.map((g, i) => [g, i]));
  return [...grants].sort((a, b) => order.get(a)! - order.get(b)!);
}

/** The apps to adopt, each with its YAML comment; self-registered clients are left out (`skipped`). */
export function appEntries(snapshot: TenantSnapshot, clients: readonly AuditedClient[], ctx: AppContext): MappedApps {
  const apps: { entry: AppEntry; comment: string }[] = [];
  const skipped: string[] = [];
  const index = indexSnapshot(snapshot);
  const warnings: string[] = [...sharedNameWarnings(snapshot, index)];
  const byName = index.unidentifiedByName;
  // each client's grants, looked up (not searched for among every grant: tenants have tens of thousands of each)
  const grantsOf = new Map<string, Management.ClientGrantResponseContent[]>();
  for (const g of snapshot.clientGrants) {
    if (g.client_id === undefined) continue;
    const list = grantsOf.get(g.client_id);
    if (list) list.push(g);
    else grantsOf.set(g.client_id, [g]);
  }
  for (const { client, audit } of clients) {
    const selfRegistered = selfRegistrationEvidence(client, snapshot, index);
    if (selfRegistered?.certain) {
      skipped.push(`${audit.name} (${audit.clientId}): ${selfRegistered.reason}; Auth0 derives its settings from the registration, so it stays out of this file`);
      continue;
    }
    // by ID, or by name (deploy-cli exports): the first client of that name, as deploy-cli's import resolves it (convertClientNameToId)
    const byId = client.client_id !== undefined ? (grantsOf.get(client.client_id) ?? []) : [];
    const named = !client.client_id && client.name !== undefined && byName.get(client.name) === client ? (grantsOf.get(client.name) ?? []) : [];
    const ownGrants = named.length === 0 ? byId : byId.length === 0 ? named : inGrantOrder(snapshot, [...new Set([...byId, ...named])]);
    const permissions = mapGrants(ownGrants, audit.name, ctx.mapGrant);
    warnings.push(...permissions.warnings);
    const entry = appEntry(client, audit, permissions.grants, ctx);
    if (!entry.importClientId) warnings.push(`${audit.name}: the source has no client_id, so the first plan would CREATE this app instead of adopting it`);
    apps.push({ entry, comment: appComment(client, audit) });
  }
  warnings.push(...skipped.map((s) => `not imported: ${s}`));
  return { apps, skipped, warnings };
}

function appEntry(client: Management.Client, audit: AppAudit, permissions: GrantConfig[], ctx: AppContext): AppEntry {
  const mode = audit.effectiveMode;
  const metadata = stringMetadata(client.client_metadata);
  const permissive = mode === "permissive" ? permissiveReason(metadata, audit, ctx.today) : {};
  const method = client.token_endpoint_auth_method;
  return clean({
    id: ctx.ids.next("app", client.name ?? client.client_id ?? "app"),
    name: client.name,
    description: client.description && client.description.length <= LIMITS.descriptionLength ? client.description : undefined,
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
    ...existingSettings(client, mode, metadata, ctx.schemas),
    permissions: permissions.length > 0 ? permissions : undefined,
    importClientId: client.client_id,
    // Auth0 documents no way to set a mode after creation: a client that predates the field keeps none.
    keepModeUnset: audit.mode === null && client.client_id ? true : undefined,
  }) as AppEntry;
}

/** A permissive app's justification and review date: the ones our constructs stored, else a placeholder. */
function permissiveReason(metadata: Record<string, string>, audit: AppAudit, today: string): { justification: string; reviewBy: string } {
  if (metadata.tpa_justification && DATE_PATTERN.test(metadata.tpa_review_by ?? "")) {
    return { justification: metadata.tpa_justification, reviewBy: metadata.tpa_review_by };
  }
  const why = audit.blockers.length > 0 ? `strict blockers ${[...new Set(audit.blockers.map((b) => b.ruleId))].join(", ")}` : "no strict blocker found";
  const scenario = audit.scenario ? `, scenario ${audit.scenario}` : "";
  const justification = `REVIEW: imported as permissive by tpa import on ${today} (${why}${scenario}); replace with why it cannot run strict yet`;
  return { justification: justification.slice(0, LIMITS.justificationMaxLength), reviewBy: addDays(today, REVIEW_DAYS) };
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

/** client_metadata as the file takes it: string values, keys and values within Auth0's lengths. */
function stringMetadata(metadata: Management.ClientMetadata | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metadata ?? {}).filter((e): e is [string, string] => typeof e[1] === "string" && e[1].length <= LIMITS.clientMetadataValueLength && e[0].length <= LIMITS.clientMetadataKeyLength),
  );
}

/** tpa_justification and tpa_review_by are written by PermissiveThirdPartyApp itself. */
function withoutReserved(metadata: Record<string, string>): Record<string, string> | undefined {
  const rest = Object.fromEntries(Object.entries(metadata).filter(([k]) => !k.startsWith("tpa_")));
  return Object.keys(rest).length > 0 ? rest : undefined;
}
