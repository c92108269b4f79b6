import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";

/**
 * A large tenant as an environment folder: `apps` strict third-party apps, each calling two of the APIs with a
 * per-app grant on each, plus APIs and default permissions. Every app is valid, so the policy finds nothing.
 */
export function writeLargeTenant(dir: string, apps: number, apiCount = 20): void {
  const apis = Array.from({ length: apiCount }, (_, i) => ({
    id: `api-${i}`,
    identifier: `https://api-${i}.acme.test/`,
    scopes: ["read:data", "write:data", "admin:data"],
    accessPolicy: { user: "require_client_grant", client: "require_client_grant" },
  }));
  const environment = {
    tenant: { domain: "acme-bench.eu.auth0.com", permissiveEligible: false },
    dcr: { enabled: true, securityMode: "strict" },
    apis,
    defaultPermissions: apis.slice(0, 2).map((a) => ({ api: a.id, subjectType: "user", scopes: ["read:data"] })),
    apps: Array.from({ length: apps }, (_, i) => {
      const [a, b] = [apis[i % apiCount].id, apis[(i + 1) % apiCount].id];
      return {
        id: `partner-${i}`,
        name: `Partner app ${i}`,
        mode: "strict",
        appType: i % 3 === 0 ? "spa" : "regular_web",
        callbacks: [`https://partner-${i}.example.com/callback`],
        grantTypes: ["authorization_code", "refresh_token"],
        requestedScopes: ["read:data"],
        apis: [a, b],
        permissions: [
          { api: a, subjectType: "user", scopes: ["read:data", "write:data"] },
          { api: b, subjectType: "user", scopes: ["read:data"] },
        ],
      };
    }),
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "bench.yaml"), stringify(environment));
}
