import * as path from "node:path";
import type { Management } from "auth0";
import { makeSnapshot, saveSnapshot, SnapshotParts } from "../../audit/snapshot";

/**
 * A snapshot file, as `tpa audit --save` writes it, of a tenant with these clients and nothing else, on the new
 * Universal Login unless `parts` say otherwise.
 */
export function savedSnapshot(dir: string, clients: Management.Client[], parts: Partial<SnapshotParts> = {}): string {
  const file = path.join(dir, "snapshot.json");
  saveSnapshot(
    file,
    makeSnapshot({
      source: { type: "management-api" },
      domain: "acme.eu.auth0.com",
      tenantSettings: {},
      prompts: { universal_login_experience: "new" },
      clients,
      clientGrants: [],
      resourceServers: [],
      rules: [],
      hooks: [],
      organizations: [],
      ...parts,
    }),
  );
  return file;
}
