import type { Management } from "auth0";
import type { TenantSnapshot } from "./tenant-snapshot";

/** Look-ups over a snapshot that would otherwise scan every client or grant per client (tenants have 50,000). */
export interface SnapshotIndex {
  /** clients without an ID (deploy-cli exports), by name */
  readonly unidentifiedByName: ReadonlyMap<string, Management.Client>;
  /** whether a grant's client_id names a client by its name (deploy-cli's convertClientIdToName), not by its ID */
  readonly namedClient: (clientId: string) => Management.Client | undefined;
  /** client IDs that have a per-app grant */
  readonly withOwnGrant: ReadonlySet<string>;
}

/** The look-ups of a snapshot, built in one pass: a command builds them once and passes them on. */
export function indexSnapshot(snapshot: TenantSnapshot): SnapshotIndex {
  // loops, not flatMap: one pass over tens of thousands of clients and grants, no list per element
  const unidentifiedByName = new Map<string, Management.Client>();
  for (const c of snapshot.clients) {
    if (c.client_id === undefined && c.name !== undefined && !unidentifiedByName.has(c.name)) unidentifiedByName.set(c.name, c);
  }
  // the IDs only matter where a name could be taken for one: a snapshot whose clients all have IDs needs none
  const clientIds = new Set<string>();
  if (unidentifiedByName.size > 0) for (const c of snapshot.clients) if (c.client_id) clientIds.add(c.client_id);
  const namedClient = (clientId: string) => (unidentifiedByName.size === 0 || clientIds.has(clientId) ? undefined : unidentifiedByName.get(clientId));
  const withOwnGrant = new Set<string>();
  for (const g of snapshot.clientGrants) if (g.client_id) withOwnGrant.add(g.client_id);
  return { unidentifiedByName, namedClient, withOwnGrant };
}
