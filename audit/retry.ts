import type { ManagementError as ManagementErrorType } from "auth0";

// The SDK is loaded only by code that reads a tenant live (see client.ts); errors can only come from it then.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkError = (e: unknown): e is ManagementErrorType => e instanceof (require("auth0") as typeof import("auth0")).ManagementError;

/** How requests to the Management API are retried. */
export interface RetryPolicy {
  /** attempts in all, the first included @default 5 */
  readonly attempts: number;
  /** the longest single wait, whatever Retry-After asks for @default 30 s */
  readonly maxWaitMs: number;
  /** the first wait without a Retry-After header; it doubles per attempt @default 1 s */
  readonly baseWaitMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  maxWaitMs: 30_000,
  baseWaitMs: 1_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

/** What our fetch answers for a request that got no response (client.ts); retried like a 5xx. */
export const NO_RESPONSE_STATUS = 599;
export const NO_RESPONSE_HEADER = "x-tpa-no-response";

/** Reading the tenant failed: exit 1, and nothing is reported as if it were complete. */
export class TenantReadError extends Error {
  constructor(
    message: string,
    /** the last HTTP status, when there was a response */
    readonly status?: number,
  ) {
    super(message);
    this.name = "TenantReadError";
  }
}

/**
 * Runs `request`, retrying on 429 and 5xx: it waits what Retry-After says (seconds or an HTTP date), capped,
 * else an exponential backoff. When the attempts run out it throws a TenantReadError naming `what`.
 */
export async function withRetries<T>(
  what: string,
  request: () => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (wait: number, status: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (e) {
      const status = statusOf(e);
      if (!isRetryable(status) || isPermanentNoResponse(e)) throw new TenantReadError(`${what} failed: ${describe(e)}`, status);
      if (attempt >= policy.attempts) {
        throw new TenantReadError(`${what} failed after ${attempt} attempts, the last with ${describe(e)}`, status);
      }
      const wait = waitFor(e, attempt, policy);
      onRetry?.(wait, status!);
      await policy.sleep(wait);
    }
  }
}

/** No such host: retrying cannot help (a misspelled domain). Resets, refusals and timeouts are retried. */
function isPermanentNoResponse(e: unknown): boolean {
  return sdkError(e) && e.rawResponse?.headers?.get(NO_RESPONSE_HEADER) === "ENOTFOUND";
}

function statusOf(e: unknown): number | undefined {
  return sdkError(e) ? e.statusCode : undefined;
}

function isRetryable(status: number | undefined): boolean {
  return status === 429 || (status !== undefined && status >= 500);
}

function waitFor(e: unknown, attempt: number, policy: RetryPolicy): number {
  const header = sdkError(e) ? e.rawResponse?.headers?.get("retry-after") : null;
  const asked = header ? retryAfterMs(header, policy.now()) : undefined;
  const backoff = policy.baseWaitMs * 2 ** (attempt - 1);
  return Math.min(asked ?? backoff, policy.maxWaitMs);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string, now: number): number | undefined {
  // A negative number, a date in the past or anything else is no usable answer: the caller backs off.
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) || date <= now ? undefined : date - now;
}

/** An error as one line, without response bodies beyond Auth0's message. */
export function describe(e: unknown): string {
  if (sdkError(e)) {
    const body = e.body as { message?: unknown; error_description?: unknown; error?: unknown } | string | undefined;
    const detail =
      typeof body === "string"
        ? body
        : String(body?.message ?? body?.error_description ?? body?.error ?? e.message ?? "").split("\n")[0];
    const short = detail.length > 200 ? `${detail.slice(0, 200)}...` : detail;
    const noResponse = e.rawResponse?.headers?.get(NO_RESPONSE_HEADER);
    if (noResponse === "ENOTFOUND") return "no response (ENOTFOUND: no such host; is the domain right?)";
    if (e.statusCode === undefined || noResponse) return `no response (${noResponse || short || e.message})`;
    return `HTTP ${e.statusCode}${short ? `: ${short}` : ""}`;
  }
  return e instanceof Error ? e.message : String(e);
}
