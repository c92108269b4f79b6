import type { Management } from "auth0";
import { scrubSecrets } from "./secrets";

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
export type SnapshotParts = Omit<TenantSnapshot, "kind" | "version" | "tenantSettings" | "prompts"> & {
  readonly tenantSettings: object | null;
  readonly prompts: object | null;
};

/** A snapshot with secrets removed and only the tenant settings the audit uses. */
export function makeSnapshot(parts: SnapshotParts): TenantSnapshot {
  return scrubSecrets({
    kind: SNAPSHOT_KIND,
    version: 1,
    ...parts,
    tenantSettings: parts.tenantSettings && pickTenantSettings(parts.tenantSettings),
    prompts: parts.prompts && pickPrompts(parts.prompts),
  });
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
