/** A tenant's APIs and client grants as environment-file entries (config/schema.ts: apis, permissions). */
import type { Management } from "auth0";
import type { ApiConfig, GrantConfig } from "../../config/schema";
import type { TenantSnapshot } from "../tenant-snapshot";
import { Ids } from "./ids";
import { clean, positiveInt } from "./values";

export function apiEntry(api: Management.ResourceServer, ids: Ids): ApiConfig {
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

/** A grant as the file writes it, or none with the reason it was left out. */
export interface MappedGrant {
  readonly grants: GrantConfig[];
  readonly warnings: string[];
}

/** Maps grants on the file's APIs (`apiIdOf`: API identifier to file id); `owner` names the grant's app in warnings. */
export function grantMapper(snapshot: TenantSnapshot, apiIdOf: ReadonlyMap<string, string>) {
  return (g: Management.ClientGrantResponseContent, owner: string): MappedGrant => {
    const api = g.audience ? apiIdOf.get(g.audience) : undefined;
    const subjectType = g.subject_type ?? "client";
    if (!api) {
      return { grants: [], warnings: [`${owner}: grant on ${g.audience} left out (a system API, or an API the source does not list)`] };
    }
    if (subjectType !== "user" && subjectType !== "client") {
      return { grants: [], warnings: [`${owner}: grant on ${g.audience} for subject type ${subjectType} left out (the environment file has user and client)`] };
    }
    const scopes = g.allow_all_scopes
      ? (snapshot.resourceServers.find((r) => r.identifier === g.audience)?.scopes ?? []).map((s) => s.value)
      : (g.scope ?? []);
    const warnings = g.allow_all_scopes ? [`${owner}: the grant on ${g.audience} allows all scopes; written as today's scope list`] : [];
    return { grants: [clean({ api, subjectType, scopes, importId: g.id }) as GrantConfig], warnings };
  };
}

/** Maps several grants: their entries and their warnings, in order. */
export function mapGrants(grants: readonly Management.ClientGrantResponseContent[], owner: string, map: ReturnType<typeof grantMapper>): MappedGrant {
  const mapped = grants.map((g) => map(g, owner));
  return { grants: mapped.flatMap((m) => m.grants), warnings: mapped.flatMap((m) => m.warnings) };
}
