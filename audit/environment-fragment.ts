import type { EnvironmentInput } from "../config/schema";
import type { AuditedClient, AuditReport } from "./classify";
import { apiEntry, grantMapper, mapGrants } from "./fragment/apis-and-grants";
import { appEntries } from "./fragment/apps";
import { Ids } from "./fragment/ids";
import { dcrNote, header } from "./fragment/notes";
import { render } from "./fragment/yaml-layout";
import { loadResourceSchemas } from "./provider-state";
import type { TenantSnapshot } from "./tenant-snapshot";
import { isSystemAudience } from "../policy";

/**
 * `tpa import`: a tenant's third-party apps, APIs and grants as an environment file (config/schema.ts), with
 * the IDs that make the first plan adopt them (Terraform import blocks) instead of creating duplicates.
 * Values are written as the tenant has them, so that adopting changes as little as possible.
 * The parts: fragment/apis-and-grants.ts and fragment/apps.ts map tenant objects to entries (and say what they
 * leave out), fragment/existing-settings.ts keeps what adoption must not remove, fragment/notes.ts writes the
 * comments, fragment/yaml-layout.ts the YAML text.
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

export function environmentFragment(
  snapshot: TenantSnapshot,
  audited: { readonly report: AuditReport; readonly clients: readonly AuditedClient[] },
  options: FragmentOptions,
): Fragment {
  const { report } = audited;
  const ids = new Ids();
  // Auth0's own APIs (Management, My Account, ...) are the tenant's, never the file's, even where an export lists one
  const apis = snapshot.resourceServers
    .filter((r) => !r.is_system && r.identifier && !isSystemAudience(r.identifier, options.domain))
    .map((r) => apiEntry(r, ids));
  const mapGrant = grantMapper(snapshot, new Map(apis.map((a) => [a.identifier, a.id])));
  const defaultPermissions = mapGrants(
    snapshot.clientGrants.filter((g) => g.default_for === "third_party_clients"),
    "default permissions",
    mapGrant,
  );
  const { apps, skipped, warnings: appWarnings } = appEntries(snapshot, audited.clients, { ids, mapGrant, today: options.today, schemas: loadResourceSchemas() });

  const warnings = [
    ...defaultPermissions.warnings,
    ...exportWarnings(snapshot),
    ...appWarnings,
    ...apis.filter((a) => !a.importId).map((api) => `API ${api.identifier}: the source has no API id, so the first plan would try to CREATE it (a 409 at apply)`),
  ];

  const environment: EnvironmentInput = {
    tenant: { domain: options.domain, ...(report.tenant.permissiveEligible ? { permissiveEligible: true } : {}), adopt: true },
    ...dcrEntry(report),
    apis,
    defaultPermissions: defaultPermissions.grants,
    apps: apps.map((a) => a.entry),
  };
  const text = render(environment, {
    header: header(report, options.environment, options.today, options.source),
    dcr: dcrNote(report),
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
    defaultPermissions: defaultPermissions.grants.length,
    appGrants: apps.reduce((n, a) => n + (a.entry.permissions?.length ?? 0), 0),
    warnings,
  };
}

/** A Deploy CLI export without third-party clients was most likely made with them excluded. */
function exportWarnings(snapshot: TenantSnapshot): string[] {
  if (snapshot.source.type === "management-api" || snapshot.clients.some((c) => c.is_first_party === false)) return [];
  // grants of clients the export does not hold (by ID, or by name without identifiers): what the exclusion leaves behind
  const held = new Set(snapshot.clients.flatMap((c) => [c.client_id, c.name].filter((k): k is string => k !== undefined)));
  const orphans = snapshot.clientGrants.filter((g) => g.client_id && g.default_for === undefined && !held.has(g.client_id)).length;
  return [
    `the export has no third-party clients${orphans > 0 ? ` but ${orphans} grant(s) of clients it does not hold` : ""}: was it exported with AUTH0_EXCLUDE_THIRD_PARTY_CLIENTS=true? Export again without it to adopt the tenant's third-party apps`,
  ];
}

function dcrEntry(report: AuditReport): Pick<EnvironmentInput, "dcr"> {
  const { enabled, securityMode } = report.tenant.dcr;
  return enabled !== null && securityMode ? { dcr: { enabled, securityMode } } : {};
}
