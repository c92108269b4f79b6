import type { Management, ManagementClient } from "auth0";
import { DEFAULT_RETRY_POLICY, NO_RESPONSE_HEADER, NO_RESPONSE_STATUS, RetryPolicy, TenantReadError, withRetries } from "./retry";
import { isRecord, makeSnapshot, ShapeError, TenantSnapshot } from "./tenant-snapshot";

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
  /** how long one request may take @default 60 s */
  readonly requestTimeoutMs?: number;
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
 * Retry-After and are bounded. Every response is checked against the endpoint's shape (a page that does not
 * parse, an HTML or empty body, an entry that is not an object: failed, not skipped); offset-paged lists are
 * read twice and must name the same IDs (a client deleted or added between two pages shifts the pages);
 * a checkpoint-paged list that ends on a full page without `next` is read again with another page size.
 */
export async function readTenant(options: ReadOptions): Promise<TenantSnapshot> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const api = managementClient(options);
  const reader = new PagedReader(policy, options.perPage ?? 100, options.onProgress);
  const readAt = new Date(policy.now()).toISOString();

  const tenantSettings = await reader.one("tenant settings", () => api.tenants.settings.get());
  const prompts = await reader.one("prompt settings", () => api.prompts.getSettings());
  const clients = await reader.offset<Management.Client>("clients", "clients", (c) => c.client_id, (q) => api.clients.list(q));
  const clientGrants = await reader.checkpoint<Management.ClientGrantResponseContent>("client grants", "client_grants", (g) => g.id, (q) => api.clientGrants.list(q));
  const resourceServers = await reader.offset<Management.ResourceServer>("APIs", "resource_servers", (r) => r.id, (q) => api.resourceServers.list(q));
  const rules = await reader.offset<Management.Rule>("rules", "rules", (r) => r.id, (q) => api.rules.list(q));
  const hooks = await reader.offset<Management.Hook>("hooks", "hooks", (h) => h.id, (q) => api.hooks.list(q));
  const organizations = await reader.checkpoint<Management.Organization>("organizations", "organizations", (o) => o.id, (q) => api.organizations.list(q));

  try {
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
  } catch (e) {
    if (e instanceof ShapeError) throw new TenantReadError(`the tenant's ${e.message}: not what the Management API returns`);
    throw e;
  }
}


function managementClient(options: ReadOptions): ManagementClient {
  // Loaded here, not at the top: audits from a file (--from) never pay for loading the SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ManagementClient } = require("auth0") as typeof import("auth0");
  const common = { domain: options.domain, fetch: guardedFetch(options.fetch ?? fetch, options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS), maxRetries: 0 };
  return "token" in options.credentials
    ? new ManagementClient({ ...common, token: options.credentials.token })
    : new ManagementClient({ ...common, clientId: options.credentials.clientId, clientSecret: options.credentials.clientSecret });
}

/** How long a Management API request may wait for its response (the SDK's own default). */
export const REQUEST_TIMEOUT_MS = 60_000;

/**
 * The fetch the SDK is given. It never throws: a request that gets no response (connection reset, DNS,
 * timeout) comes back as a NO_RESPONSE_STATUS response naming the cause, which retry.ts retries. The SDK
 * clears its own 60-second timer only when fetch returns, so a throwing fetch would keep the process alive
 * for a minute after the audit has failed; our timeout's timer is cleared in every case.
 */
export function guardedFetch(base: typeof fetch, timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error(`no response within ${timeoutMs / 1000} s`)), timeoutMs);
    try {
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout.signal]) : timeout.signal;
      return await base(input, { ...init, signal });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const reason = timeout.signal.aborted ? String((timeout.signal.reason as Error).message) : (cause?.code ?? cause?.message ?? (e as Error).message);
      return new Response(JSON.stringify({ message: `no response (${reason})` }), {
        status: NO_RESPONSE_STATUS,
        headers: { "content-type": "application/json", [NO_RESPONSE_HEADER]: reason },
      });
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * The SDK's answer for a 2xx body that does not parse as JSON (an HTML page, a cut-off body): it hands back
 * `{ ok: false, error: { reason: "non-json", ... } }` as if it were the body.
 */
function isUnparsedBody(value: unknown): boolean {
  return isRecord(value) && value.ok === false && isRecord(value.error) && typeof value.error.reason === "string";
}

/** The data of a list page, checked: the endpoint's list under its key, of objects, each with its ID. */
function pageData<T>(what: string, page: number, result: unknown, listKey: string, keyOf: (item: T) => string | undefined): T[] {
  const body = isRecord(result) ? (result as { response?: unknown }).response : undefined;
  const data = isRecord(result) ? (result as { data?: unknown }).data : undefined;
  if (isUnparsedBody(body) || !isRecord(body) || !Array.isArray(body[listKey]) || !Array.isArray(data)) {
    throw new TenantReadError(`reading ${what} (page ${page}): the response is not a page of ${what} (an HTML page, or a body cut off?)`);
  }
  data.forEach((item, i) => {
    if (!isRecord(item) || typeof keyOf(item as T) !== "string") {
      throw new TenantReadError(`reading ${what} (page ${page}): entry ${i} is not one of the ${what} (no ID)`);
    }
  });
  return data as T[];
}

class PagedReader {
  constructor(
    private readonly policy: RetryPolicy,
    private readonly perPage: number,
    private readonly onProgress: (progress: ReadProgress) => void = () => undefined,
  ) {}

  async one<T>(what: string, request: () => Promise<T>): Promise<T> {
    const result = await this.retrying(`reading ${what}`, what, 0, request);
    if (!isRecord(result) || isUnparsedBody(result)) {
      throw new TenantReadError(`reading ${what}: the response is not a JSON object (an HTML page or an empty body?)`);
    }
    return result;
  }

  /**
   * page/per_page/include_totals paging. Read to the first short page; every ID once, as many as the total
   * Auth0 reports; then read again, and the two reads must name the same IDs (offset pages shift when the
   * tenant changes in between: one entry is read twice, or never).
   */
  async offset<T>(
    what: string,
    listKey: string,
    keyOf: (item: T) => string | undefined,
    list: (query: { page: number; per_page: number; include_totals: true }) => Promise<OffsetPage<T>>,
  ): Promise<T[]> {
    const first = await this.offsetPass(what, listKey, keyOf, list);
    const second = await this.offsetPass(what, listKey, keyOf, list);
    const differ = first.size !== second.size || [...first.keys()].some((k) => !second.has(k));
    if (differ) {
      throw new TenantReadError(`reading ${what}: two reads found different ${what} (the tenant changed while it was read); run the audit again`);
    }
    return [...second.values()];
  }

  private async offsetPass<T>(
    what: string,
    listKey: string,
    keyOf: (item: T) => string | undefined,
    list: (query: { page: number; per_page: number; include_totals: true }) => Promise<OffsetPage<T>>,
  ): Promise<Map<string, T>> {
    const byKey = new Map<string, T>();
    for (let page = 0; ; page++) {
      const query = { page, per_page: this.perPage, include_totals: true as const };
      const result = await this.retrying(`reading ${what} (page ${page})`, what, byKey.size, () => list(query));
      const data = pageData(what, page, result, listKey, keyOf);
      const total = result.response?.total;
      if (typeof total !== "number" || !Number.isInteger(total) || total < 0) {
        throw new TenantReadError(`reading ${what}: the response has no total, so completeness cannot be checked`);
      }
      for (const item of data) {
        const key = keyOf(item)!;
        if (byKey.has(key)) {
          throw new TenantReadError(`reading ${what}: ${key} is on two pages (the tenant changed while it was read); run the audit again`);
        }
        byKey.set(key, item);
      }
      this.onProgress({ what, loaded: byKey.size, total });
      if (data.length < this.perPage) {
        if (byKey.size !== total) {
          throw new TenantReadError(
            `reading ${what}: Auth0 reported ${total} but the pages held ${byKey.size} (did the tenant change while it was read?); run the audit again`,
          );
        }
        return byKey;
      }
    }
  }

  /**
   * from/take paging: the SDK's only paging for client grants and organizations; complete when a page has no
   * `next`. A full last page without `next` may be a cut-off list: then the list is read again with a page
   * size one smaller, which must end on a short page and name the same IDs.
   */
  async checkpoint<T>(
    what: string,
    listKey: string,
    keyOf: (item: T) => string | undefined,
    list: (query: { from?: string; take: number }) => Promise<CheckpointPage<T>>,
  ): Promise<T[]> {
    const first = await this.checkpointPass(what, listKey, keyOf, list, this.perPage);
    if (!first.endedFull) return first.items;
    const again = await this.checkpointPass(what, listKey, keyOf, list, this.perPage - 1);
    const ids = (items: T[]) => items.map((i) => keyOf(i)!).sort().join("\n");
    if (again.endedFull || ids(again.items) !== ids(first.items)) {
      throw new TenantReadError(`reading ${what}: a full page came without \`next\`, and a second read did not confirm the list ended there; run the audit again`);
    }
    return again.items;
  }

  private async checkpointPass<T>(
    what: string,
    listKey: string,
    keyOf: (item: T) => string | undefined,
    list: (query: { from?: string; take: number }) => Promise<CheckpointPage<T>>,
    take: number,
  ): Promise<{ items: T[]; endedFull: boolean }> {
    const items: T[] = [];
    const seen = new Set<string>();
    let from: string | undefined;
    for (let page = 0; ; page++) {
      const query = { from, take };
      const result = await this.retrying(`reading ${what} (page ${page})`, what, items.length, () => list(query));
      const data = pageData(what, page, result, listKey, keyOf);
      for (const item of data) {
        const key = keyOf(item)!;
        if (seen.has(key)) throw new TenantReadError(`reading ${what}: ${key} is on two pages; run the audit again`);
        seen.add(key);
        items.push(item);
      }
      this.onProgress({ what, loaded: items.length });
      const next = result.response?.next;
      if (next !== undefined && next !== null && typeof next !== "string") throw new TenantReadError(`reading ${what} (page ${page}): \`next\` is not a cursor`);
      from = next || undefined;
      if (!from) return { items, endedFull: data.length >= take && take > 1 };
      if (data.length === 0) throw new TenantReadError(`reading ${what} (page ${page}): an empty page with a \`next\` cursor`);
    }
  }

  private retrying<T>(label: string, what: string, loaded: number, request: () => Promise<T>): Promise<T> {
    return withRetries(label, request, this.policy, (wait) => this.onProgress({ what, loaded, retryInMs: wait }));
  }
}
