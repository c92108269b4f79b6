import * as fs from "node:fs";

/**
 * A tenant snapshot (the format `tpa audit --save` writes) with `clients` clients: mostly strict third-party
 * apps (DCR and MCP clients multiply them), some permissive and mode-less ones, some first-party; each
 * third-party app with a per-app grant, plus APIs and default grants.
 */
export function writeLargeSnapshot(file: string, clients: number, apiCount = 50): void {
  const apis = Array.from({ length: apiCount }, (_, i) => ({
    id: `rs_${i}`,
    identifier: `https://api-${i}.acme.test/`,
    name: `API ${i}`,
    scopes: [{ value: "read:data" }, { value: "write:data" }],
    subject_type_authorization: { user: { policy: "require_client_grant" }, client: { policy: "require_client_grant" } },
  }));
  const list = Array.from({ length: clients }, (_, i) => {
    const kind = i % 10 === 0 ? "first-party" : i % 10 === 1 ? "permissive" : i % 10 === 2 ? "mode-less" : "strict";
    const clientId = kind === "strict" ? `tpc_${String(i).padStart(22, "0")}` : `c${String(i).padStart(31, "0")}`;
    return {
      client_id: clientId,
      name: `App ${i}`,
      app_type: i % 3 === 0 ? "spa" : "regular_web",
      is_first_party: kind === "first-party",
      ...(kind === "strict" || kind === "permissive" ? { third_party_security_mode: kind } : {}),
      grant_types: kind === "permissive" ? ["authorization_code", "implicit", "refresh_token"] : ["authorization_code", "refresh_token"],
      callbacks: [`https://app-${i}.example.com/callback`],
      oidc_conformant: true,
      jwt_configuration: { alg: "RS256", lifetime_in_seconds: 36000 },
      refresh_token: { expiration_type: "expiring", rotation_type: "rotating", infinite_idle_token_lifetime: false, idle_token_lifetime: 1296000 },
      token_endpoint_auth_method: i % 3 === 0 ? "none" : "client_secret_post",
    };
  });
  const grants = list
    .filter((c) => !c.is_first_party)
    .map((c, i) => ({
      id: `cgr_${i}`,
      client_id: c.client_id,
      audience: apis[i % apiCount].identifier,
      scope: ["read:data"],
      subject_type: "user",
    }));
  const defaults = apis.slice(0, 2).map((a, i) => ({
    id: `cgr_default_${i}`,
    audience: a.identifier,
    scope: ["read:data"],
    subject_type: "user",
    default_for: "third_party_clients",
  }));
  const snapshot = {
    kind: "tpa-tenant-snapshot",
    version: 1,
    source: { type: "management-api", readAt: "2026-11-30T00:00:00.000Z" },
    domain: "acme-bench.eu.auth0.com",
    tenantSettings: { dynamic_client_registration_security_mode: "strict", flags: { enable_dynamic_client_registration: true } },
    prompts: { universal_login_experience: "new" },
    clients: list,
    clientGrants: [...defaults, ...grants],
    resourceServers: apis,
    rules: [],
    hooks: [],
    organizations: [],
  };
  fs.writeFileSync(file, JSON.stringify(snapshot));
}
