import type { Management } from "auth0";
import { isSecurityMode, NOT_A_SECURITY_MODE } from "../constructs/security-mode";
import { nestsDeeperThan } from "./nesting";
import { Redaction, redactSecrets, redactSecretsWithin } from "./secrets";

/**
 * What the audit knows of a tenant: the Management API's objects as Auth0 returns them (SDK types), secrets
 * removed. Read live (audit/client.ts), from a saved snapshot, or from an auth0-deploy-cli export.
 */
export interface TenantSnapshot {
  readonly kind: typeof SNAPSHOT_KIND;
  readonly version: 1;
  readonly source: SnapshotSource;
  readonly domain?: string;
  /** null when the source does not have them (a deploy-cli export without tenant.json) */
  readonly tenantSettings: TenantSettings | null;
  readonly prompts: PromptSettings | null;
  readonly clients: readonly Management.Client[];
  /**
   * In deploy-cli exports without identifiers, client_id names the client by its name (deploy-cli's
   * convertClientIdToName); audit/to-policy.ts resolves both.
   */
  readonly clientGrants: readonly Management.ClientGrantResponseContent[];
  readonly resourceServers: readonly Management.ResourceServer[];
  readonly rules: readonly Management.Rule[];
  readonly hooks: readonly Management.Hook[];
  readonly organizations: readonly Management.Organization[];
  /** what was removed as secret when the tenant was read: key paths and reasons, never values @default none */
  readonly redacted?: readonly Redaction[];
}

export interface SnapshotSource {
  readonly type: "management-api" | "deploy-cli-yaml" | "deploy-cli-directory";
  /** ISO time the tenant was read (live reads) */
  readonly readAt?: string;
  /** the export read, for deploy-cli sources */
  readonly file?: string;
}

/** The tenant settings the audit uses; the rest of /api/v2/tenants/settings is not kept. */
export type TenantSettings = Pick<
  Management.GetTenantSettingsResponseContent,
  "friendly_name" | "dynamic_client_registration_security_mode" | "client_id_metadata_document_supported"
> & { readonly flags?: { readonly enable_dynamic_client_registration?: boolean } };

export type PromptSettings = Pick<Management.GetSettingsResponseContent, "universal_login_experience" | "identifier_first">;

export const SNAPSHOT_KIND = "tpa-tenant-snapshot";

/** A problem with a --from file: exit 2, naming the file. */
export class SnapshotError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = "SnapshotError";
  }
}

/** What a snapshot is made of, as read: tenant settings and prompts with every field Auth0 returned. */
export type SnapshotParts = Omit<TenantSnapshot, "kind" | "version" | "tenantSettings" | "prompts" | "redacted"> & {
  readonly tenantSettings: object | null;
  readonly prompts: object | null;
};

/**
 * A snapshot with secrets removed (and listed in `redacted`) and only the tenant settings the audit uses.
 * Throws a ShapeError when the parts are not what the Management API returns (a null client, a numeric
 * name, nesting deeper than any Auth0 object). The objects of `parts` that hold no secret are shared, not
 * copied: pass data nobody else holds.
 */
export function makeSnapshot(parts: SnapshotParts): TenantSnapshot {
  const snapshot: TenantSnapshot = {
    kind: SNAPSHOT_KIND,
    version: 1 as const,
    ...parts,
    tenantSettings: parts.tenantSettings && pickTenantSettings(parts.tenantSettings),
    prompts: parts.prompts && pickPrompts(parts.prompts),
  };
  // the parts are what was just read or parsed, held by nobody else: only what held a secret is copied.
  // Well-formed parts are scrubbed in the same walk that bounds their depth (a list's items are 2 levels down);
  // anything else gets the full check, which names the first problem.
  const { value, redacted } =
    (!shapeProblem(parts, { itemDepth: false }) && redactSecretsWithin(snapshot, MAX_SNAPSHOT_DEPTH + 2, "where-changed")) || checkedRedaction(parts, snapshot);
  const earlier = (parts as { redacted?: unknown }).redacted;
  const all = [...(Array.isArray(earlier) ? (earlier as Redaction[]) : []), ...redacted];
  return all.length > 0 ? { ...value, redacted: all } : value;
}

function checkedRedaction(parts: SnapshotParts, snapshot: TenantSnapshot): { value: TenantSnapshot; redacted: Redaction[] } {
  const problem = shapeProblem(parts, { itemDepth: true });
  if (problem) throw new ShapeError(problem);
  return redactSecrets(snapshot, "", "where-changed");
}

/** Tenant data that is not shaped as the Management API returns it. */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShapeError";
  }
}

const LISTS = ["clients", "clientGrants", "resourceServers", "rules", "hooks", "organizations"] as const;

/** What a field is wherever it occurs in the objects the audit reads. */
type FieldKind = "string" | "boolean" | "string list";

/**
 * The fields the audit reads, by what they are (Auth0 refuses a flag given as "false", a string). A null-prototype
 * object: a key such as `constructor` or `__proto__` in tenant data is nobody's field.
 */
const FIELD_KINDS: Readonly<Record<string, FieldKind>> = Object.assign(Object.create(null) as Record<string, FieldKind>, {
  ...kinds("string", ["client_id", "name", "app_type", "description", "identifier", "audience", "id", "display_name", "third_party_security_mode", "subject_type", "default_for"]),
  ...kinds("boolean", [
    "is_first_party",
    "global",
    "oidc_conformant",
    "sso",
    "cross_origin_authentication",
    "cross_origin_auth",
    "custom_login_page_on",
    "require_pushed_authorization_requests",
    "allow_any_organization",
    "allow_all_scopes",
    "is_system",
    "enabled",
  ]),
  ...kinds("string list", ["grant_types", "callbacks", "allowed_origins", "web_origins", "allowed_logout_urls", "scope"]),
});

function kinds(kind: FieldKind, fields: readonly string[]): Record<string, FieldKind> {
  return Object.fromEntries(fields.map((f) => [f, kind]));
}

/** Why a field's value is not of its kind; undefined when it is (or is unset: null or undefined). */
function kindProblem(kind: FieldKind, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  switch (kind) {
    case "string":
      return typeof value === "string" ? undefined : `is ${typeof value}, not a string`;
    case "boolean":
      return typeof value === "boolean" ? undefined : `is ${typeof value}, not true or false`;
    case "string list":
      return Array.isArray(value) && value.every(isString) ? undefined : "is not a list of strings";
  }
}

/** Deeper than any object of the Management API: a hostile or broken file. */
export const MAX_SNAPSHOT_DEPTH = 32;

const isString = (value: unknown): boolean => typeof value === "string";

/** The first problem of the parts, in list and item order; itemDepth: whether to check the items' nesting too. */
function shapeProblem(parts: SnapshotParts, { itemDepth }: { itemDepth: boolean }): string | undefined {
  for (const key of LISTS) {
    const list = (parts as unknown as Record<string, unknown>)[key];
    if (!Array.isArray(list)) return `${key} is not a list`;
    for (let i = 0; i < list.length; i++) {
      const item = list[i] as unknown;
      if (!isRecord(item)) return `${key}[${i}] is ${item === null ? "null" : typeof item}, not an object`;
      // one pass over the item's own keys (about ten), not a look-up of every known field (29) in each item
      for (const f in item) {
        const kind = FIELD_KINDS[f];
        if (kind === undefined || !Object.prototype.hasOwnProperty.call(item, f)) continue;
        const problem = kindProblem(kind, item[f]);
        if (problem) return `${key}[${i}].${f} ${problem}`;
      }
      // Auth0 returns one of its two modes, in lower case; deploy-cli would send any other text to Auth0, which refuses it
      if (key === "clients" && typeof item.third_party_security_mode === "string" && !isSecurityMode(item.third_party_security_mode)) {
        return `${key}[${i}].third_party_security_mode ${NOT_A_SECURITY_MODE}`;
      }
      // a grant names its client, or (a default grant) has no client_id at all: Auth0 never returns null there
      if (key === "clientGrants" && item.client_id === null) return `${key}[${i}].client_id is null: a grant names its client by client_id (or, a default grant, has none)`;
      if (itemDepth && tooDeep(item)) return `${key}[${i}] nests deeper than ${MAX_SNAPSHOT_DEPTH} levels`;
    }
  }
  for (const key of ["tenantSettings", "prompts"] as const) {
    const v = parts[key];
    if (v !== null && v !== undefined && (!isRecord(v) || tooDeep(v))) return `${key} is not an object of the Management API`;
  }
  // the tenant's DCR mode takes the same two values as a client's
  const dcrMode = (parts.tenantSettings as { dynamic_client_registration_security_mode?: unknown } | null)?.dynamic_client_registration_security_mode;
  if (dcrMode !== undefined && dcrMode !== null && !isSecurityMode(dcrMode)) {
    return `tenantSettings.dynamic_client_registration_security_mode ${typeof dcrMode === "string" ? NOT_A_SECURITY_MODE : `is ${typeof dcrMode}, not a string`}`;
  }
  return undefined;
}

function tooDeep(value: unknown): boolean {
  return nestsDeeperThan(value, MAX_SNAPSHOT_DEPTH);
}

export function pickTenantSettings(settings: object): TenantSettings {
  const s = settings as Management.GetTenantSettingsResponseContent;
  const dcrFlag = s.flags?.enable_dynamic_client_registration;
  return withoutUndefined({
    friendly_name: s.friendly_name,
    dynamic_client_registration_security_mode: s.dynamic_client_registration_security_mode,
    client_id_metadata_document_supported: s.client_id_metadata_document_supported,
    flags: dcrFlag === undefined ? undefined : { enable_dynamic_client_registration: dcrFlag },
  });
}

export function pickPrompts(prompts: object): PromptSettings {
  const p = prompts as Management.GetSettingsResponseContent;
  return withoutUndefined({ universal_login_experience: p.universal_login_experience, identifier_first: p.identifier_first });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A copy without undefined values. (A plain loop: the audit makes one per client of 50,000.) */
export function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out as T;
}
