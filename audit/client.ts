import type { Management, ManagementClient } from "auth0";
import { DEFAULT_RETRY_POLICY, RetryPolicy, TenantReadError, withRetries } from "./retry";
import { makeSnapshot, TenantSnapshot } from "./tenant-snapshot";

/** Management API credentials: an M2M application's client credentials, or a token. */
export type Credentials = { readonly clientId: string; readonly clientSecret: string } | { readonly token: string };

/** The read-only scopes `tpa audit` needs, one per endpoint it reads. */
export const READ_SCOPES = [
  "read:clients",
  "read:client_grants",
  "read:resource_servers",
  "read:tenant_settings",
  "read:prompts",
  "read:rules",
  "read:hooks",
  "read:organizations",
] as const;

export interface ReadProgress {
  /** what is being read, such as "clients" */
  readonly what: string;
  readonly loaded: number;
  /** what Auth0 reported as the total, when the endpoint reports one */
  readonly total?: number;
  /** set while waiting before a retry */
  readonly retryInMs?: number;
}

export interface ReadOptions {
  /** the tenant's domain, such as acme.eu.auth0.com */
  readonly domain: string;
  readonly credentials: Credentials;
  /** a fetch implementation for the SDK (tests point it at the emulator) @default the global fetch */
  readonly fetch?: typeof fetch;
  /** retry behaviour, with an injectable sleep and clock @default 5 attempts, waits capped at 30 s */
  readonly retry?: Partial<RetryPolicy>;
  /** entries per page @default 100, the Management API's maximum */
  readonly perPage?: number;
  readonly onProgress?: (progress: ReadProgress) => void;
}

interface OffsetPage<T> {
  readonly data: T[];
  readonly response: { readonly total?: number };
}

interface CheckpointPage<T> {
  readonly data: T[];
  readonly response: { readonly next?: string };
}

/**
 * Reads everything the audit needs through the official SDK, every page of every list, and fails as a
 * whole (TenantReadError) rather than return a partial tenant. The SDK's own retries are off: ours honour
 * Retry-After and are bounded.
 */
export async function readTenant(options: ReadOptions): Promise<TenantSnapshot> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const api = managementClient(options);
  const reader = new PagedReader(policy, options.perPage ?? 100, options.onProgress);
  const readAt = new Date(policy.now()).toISOString();

  const tenantSettings = await reader.one("tenant settings", () => api.tenants.settings.get());
  const prompts = await reader.one("prompt settings", () => api.prompts.getSettings());
  const clients = await reader.offset<Management.Client>("clients", (c) => c.client_id, (q) => api.clients.list(q));
  const clientGrants = await reader.checkpoint<Management.ClientGrantResponseContent>("client grants", (q) => api.clientGrants.list(q));
  const resourceServers = await reader.offset<Management.ResourceServer>("APIs", (r) => r.id, (q) => api.resourceServers.list(q));
  const rules = await reader.offset<Management.Rule>("rules", (r) => r.id, (q) => api.rules.list(q));
  const hooks = await reader.offset<Management.Hook>("hooks", (h) => h.id, (q) => api.hooks.list(q));
  const organizations = await reader.checkpoint<Management.Organization>("organizations", (q) => api.organizations.list(q));

  return makeSnapshot({
    source: { type: "management-api", readAt },
    domain: options.domain,
    tenantSettings,
    prompts,
    clients,
    clientGrants,
    resourceServers,
    rules,
    hooks,
    organizations,
  });
}

function managementClient(options: ReadOptions): ManagementClient {
  // Loaded here, not at the top: audits from a file (--from) never pay for loading the SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ManagementClient } = require("auth0") as typeof import("auth0");
  const common = { domain: options.domain, fetch: options.fetch, maxRetries: 0 };
  return "token" in options.credentials
    ? new ManagementClient({ ...common, token: options.credentials.token })
    : new ManagementClient({ ...common, clientId: options.credentials.clientId, clientSecret: options.credentials.clientSecret });
}

class PagedReader {
  constructor(
    private readonly policy: RetryPolicy,
    private readonly perPage: number,
    private readonly onProgress: (progress: ReadProgress) => void = () => undefined,
  ) {}

  one<T>(what: string, request: () => Promise<T>): Promise<T> {
    return this.retrying(`reading ${what}`, what, 0, request);
  }

  /** page/per_page/include_totals paging, checked against the total Auth0 reports. */
  async offset<T>(
    what: string,
    keyOf: (item: T) => string | undefined,
    list: (query: { page: number; per_page: number; include_totals: true }) => Promise<OffsetPage<T>>,
  ): Promise<T[]> {
    const byKey = new Map<string, T>();
    for (let page = 0; ; page++) {
      const query = { page, per_page: this.perPage, include_totals: true as const };
      const result = await this.retrying(`reading ${what} (page ${page})`, what, byKey.size, () => list(query));
      const total = result.response.total;
      if (typeof total !== "number") {
        throw new TenantReadError(`reading ${what}: the response has no total, so completeness cannot be checked`);
      }
      for (const item of result.data) byKey.set(keyOf(item) ?? `#${byKey.size}`, item);
      this.onProgress({ what, loaded: byKey.size, total });
      if (byKey.size >= total) return [...byKey.values()];
      if (result.data.length === 0) {
        throw new TenantReadError(
          `reading ${what}: Auth0 reported ${total} but the pages held ${byKey.size} (did the tenant change while it was read?); run the audit again`,
        );
      }
    }
  }

  /** from/take paging: the SDK's only paging for client grants and organizations; complete when `next` ends. */
  async checkpoint<T>(what: string, list: (query: { from?: string; take: number }) => Promise<CheckpointPage<T>>): Promise<T[]> {
    const items: T[] = [];
    let from: string | undefined;
    for (let page = 0; ; page++) {
      const query = { from, take: this.perPage };
      const result = await this.retrying(`reading ${what} (page ${page})`, what, items.length, () => list(query));
      items.push(...result.data);
      this.onProgress({ what, loaded: items.length });
      from = result.response.next || undefined;
      if (!from) return items;
    }
  }

  private retrying<T>(label: string, what: string, loaded: number, request: () => Promise<T>): Promise<T> {
    return withRetries(label, request, this.policy, (wait) => this.onProgress({ what, loaded, retryInMs: wait }));
  }
}
