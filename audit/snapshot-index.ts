import type { Management } from "auth0";
import type { TenantSnapshot } from "./tenant-snapshot";

/** Look-ups over a snapshot that would otherwise scan every client or grant per client (tenants have 50,000). */
export interface SnapshotIndex {
  readonly clientIds: ReadonlySet<string>;
  /** clients without an ID (deploy-cli exports), by name */
  readonly unidentifiedByName: ReadonlyMap<string, Management.Client>;
  /** client IDs that have a per-app grant */
  readonly withOwnGrant: ReadonlySet<string>;
}

const cache = new WeakMap<TenantSnapshot, SnapshotIndex>();

export function indexOf(snapshot: TenantSnapshot): SnapshotIndex {
  let index = cache.get(snapshot);
  if (!index) {
    // loops, not flatMap: one pass over tens of thousands of clients and grants, no list per element
    const clientIds = new Set<string>();
    const unidentifiedByName = new Map<string, Management.Client>();
    for (const c of snapshot.clients) {
      if (c.client_id) clientIds.add(c.client_id);
      if (c.client_id === undefined && c.name !== undefined && !unidentifiedByName.has(c.name)) unidentifiedByName.set(c.name, c);
    }
    const withOwnGrant = new Set<string>();
    for (const g of snapshot.clientGrants) if (g.client_id) withOwnGrant.add(g.client_id);
    index = { clientIds, unidentifiedByName, withOwnGrant };
    cache.set(snapshot, index);
  }
  return index;
}
