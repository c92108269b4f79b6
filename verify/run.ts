import type { Management, ManagementClient } from "auth0";
import type { ThirdPartySecurityMode } from "../constructs/security-mode";
import { guardedFetch, REQUEST_TIMEOUT_MS, type Credentials } from "../audit/client";
import { DEFAULT_RETRY_POLICY, describe, RetryPolicy, withRetries } from "../audit/retry";
import { scrubSecrets } from "../audit/secrets";
import { ruleForRefusal } from "./refusals";

/** The Management API scopes `tpa verify` needs, and what each is for (the README lists them). */
export const VERIFY_SCOPES = {
  "create:clients": "create the throwaway clients",
  "delete:clients": "delete them again, and the DCR client",
  "read:clients": "read back the DCR client's security mode",
  "read:client_grants": "find the default grants a DCR client reaches APIs through",
  "read:resource_servers": "match those grants to APIs and their access policies",
  "read:tenant_settings": "read the DCR flag and mode the registration should get",
} as const;

/** One strict app to try: its environment-file id and the POST /api/v2/clients body synthesis produces. */
export interface AppUnderTest {
  readonly id: string;
  readonly body: Management.CreateClientRequestContent;
}

/** What the DCR registration is expected to give, when an environment file says so. */
export interface DcrExpectation {
  readonly enabled: boolean;
  readonly securityMode: ThirdPartySecurityMode;
}

export interface VerifyOptions {
  readonly domain: string;
  readonly credentials: Credentials;
  readonly apps: readonly AppUnderTest[];
  /** register a DCR client with this RFC 7591 metadata @default no registration */
  readonly dcr?: { readonly metadata: Record<string, unknown>; readonly expect?: DcrExpectation };
  /** the suffix of every throwaway client's name, so it is recognisable in the Dashboard */
  readonly suffix: string;
  /** stops after the current request, then cleans up (Ctrl-C) */
  readonly signal?: AbortSignal;
  /** may a permissive DCR client be registered (an environment whose gates forbid permissive says no) @default true */
  readonly allowPermissiveDcr?: boolean;
  /** the SDK's and the registration's fetch @default the global fetch */
  readonly fetch?: typeof fetch;
  readonly retry?: Partial<RetryPolicy>;
}

export interface AppVerdict {
  readonly id: string;
  readonly accepted: boolean;
  readonly clientId: string | null;
  readonly mode: string | null;
  /** Auth0's message when it refused the client */
  readonly error: string | null;
  /** the rule that should have caught the refusal, null when none does */
  readonly rule: string | null;
  /** fields Auth0 filled in that the body did not send (dotted paths, one level deep) */
  readonly defaulted: Readonly<Record<string, unknown>>;
  /** fields Auth0 stored differently from what was sent */
  readonly changed: Readonly<Record<string, { readonly sent: unknown; readonly stored: unknown }>>;
  /** what is wrong with an accepted client: migration step 1 expects a tpc_ client ID and mode strict */
  readonly problems: readonly string[];
}

export interface DcrVerdict {
  readonly registered: boolean;
  readonly clientId: string | null;
  readonly mode: string | null;
  /** identifiers of the APIs the DCR client can reach through default user grants (or, permissive, allow_all) */
  readonly reachableApis: readonly string[];
  /** the registration endpoint's answer when it refused */
  readonly error: string | null;
  /** what is wrong with the outcome; empty when it is as expected */
  readonly problems: readonly string[];
  /** the rule a problem corresponds to (TPA301: strict DCR clients reach no API) */
  readonly rule: string | null;
}

export interface VerifyReport {
  readonly domain: string;
  readonly apps: readonly AppVerdict[];
  readonly dcr: DcrVerdict | null;
  /** client IDs that could not be deleted: delete them by hand */
  readonly leftovers: readonly string[];
  /** why each leftover could not be deleted */
  readonly cleanupErrors: readonly string[];
  readonly interrupted: boolean;
  /** a request failed for another reason than a refusal (network, 5xx, credentials); the run stopped */
  readonly failure: string | null;
}

/** No strict app refused, the DCR outcome as expected, nothing left behind, nothing failed. */
export function verified(report: VerifyReport): boolean {
  return (
    report.apps.every((a) => a.accepted && a.problems.length === 0) &&
    (report.dcr === null || report.dcr.problems.length === 0) &&
    report.leftovers.length === 0 &&
    !report.interrupted &&
    report.failure === null
  );
}

/** A request failed in a way that says nothing about the tenant's rules: the run stops (exit 2). */
class RunFailure extends Error {}

const CLEANUP_RETRY: Partial<RetryPolicy> = { attempts: 3, baseWaitMs: 500 };

/**
 * Creates each app's throwaway client and (optionally) a DCR registration, records what Auth0 answered, and
 * deletes every client it created, in a `finally`: also after a failure or an interruption. A client whose
 * deletion fails after retries is reported in `leftovers`.
 */
export async function verifyTenant(options: VerifyOptions): Promise<VerifyReport> {
  const api = managementClient(options);
  // A wait before a retry ends early on Ctrl-C: the run then stops at the next step and cleans up.
  const base = { ...DEFAULT_RETRY_POLICY, ...CLEANUP_RETRY, ...options.retry };
  const retry: RetryPolicy = { ...base, sleep: options.retry?.sleep ?? ((ms) => sleepUnlessAborted(ms, options.signal)) };
  const created: { clientId: string; name: string }[] = [];
  const apps: AppVerdict[] = [];
  let dcr: DcrVerdict | null = null;
  let failure: string | null = null;
  const stopped = () => options.signal?.aborted === true;
  try {
    for (const app of options.apps) {
      if (stopped()) break;
      apps.push(await tryApp(api, app, options.suffix, created));
    }
    if (options.dcr && !stopped()) dcr = await tryDcr(api, { ...options, retry }, created);
  } catch (e) {
    failure = e instanceof RunFailure ? e.message : describe(e);
  }
  const cleanup = await deleteAll(api, created, base);
  return { domain: options.domain, apps, dcr, ...cleanup, interrupted: stopped(), failure };
}

async function tryApp(api: ManagementClient, app: AppUnderTest, suffix: string, created: { clientId: string; name: string }[]): Promise<AppVerdict> {
  const body = { ...app.body, name: `${app.body.name} ${suffix}` };
  try {
    const client = await api.clients.create(body);
    created.push({ clientId: client.client_id!, name: body.name });
    const { defaulted, changed } = differences(body as Record<string, unknown>, scrubSecrets(client) as Record<string, unknown>);
    const mode = client.third_party_security_mode ?? null;
    const problems = [
      ...(client.client_id?.startsWith("tpc_") ? [] : [`the client ID ${client.client_id} has no tpc_ prefix`]), // strict IDs start with tpc_ (facts: "Immutability")
      ...(mode === "strict" ? [] : [`the stored mode is ${mode ?? "not set"}, not strict`]),
    ];
    return { id: app.id, accepted: true, clientId: client.client_id ?? null, mode, error: null, rule: null, defaulted, changed, problems };
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    if (status === undefined || status === 401 || status === 403 || status === 429 || status >= 500) {
      throw new RunFailure(`creating the throwaway client for apps/${app.id} failed: ${describe(e)}`);
    }
    const error = describe(e).replace(/^HTTP \d+: /, "");
    return { id: app.id, accepted: false, clientId: null, mode: null, error, rule: ruleForRefusal(error), defaulted: {}, changed: {}, problems: [] };
  }
}

async function tryDcr(api: ManagementClient, options: VerifyOptions & { retry: RetryPolicy }, created: { clientId: string; name: string }[]): Promise<DcrVerdict | null> {
  const policy = options.retry;
  const settings = await withRetries("reading the tenant settings", () => api.tenants.settings.get(), policy).catch((e: Error) => {
    throw new RunFailure(e.message);
  });
  if (options.signal?.aborted) return null;
  const liveEnabled = settings.flags?.enable_dynamic_client_registration === true;
  const liveMode = settings.dynamic_client_registration_security_mode ?? "permissive"; // absent = the existing behaviour (migration guide; facts: "DCR")
  const expect = options.dcr!.expect ?? { enabled: liveEnabled, securityMode: liveMode };
  const none = { clientId: null, mode: null, reachableApis: [], rule: null };
  if (liveEnabled && liveMode === "permissive" && options.allowPermissiveDcr === false) {
    return { ...none, registered: false, error: null, problems: ["DCR is permissive on the tenant, and this environment's gates forbid permissive clients: not registered (--yes registers anyway)"] };
  }
  const name = `${String(options.dcr!.metadata.client_name ?? "DCR client")} ${options.suffix}`;
  const response = await (options.fetch ?? fetch)(`https://${options.domain}/oidc/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...options.dcr!.metadata, client_name: name }),
  }).catch((e: Error) => {
    throw new RunFailure(`POST https://${options.domain}/oidc/register: no response (${(e.cause as Error | undefined)?.message ?? e.message})`);
  });
  const answer = (await response.json().catch(() => ({}))) as { client_id?: string; error?: string; error_description?: string };
  if (response.status >= 500 || response.status === 429) throw new RunFailure(`POST /oidc/register: HTTP ${response.status}`);
  if (!response.ok || typeof answer.client_id !== "string") {
    const error = `HTTP ${response.status}: ${answer.error_description ?? answer.error ?? "no client registered"}`;
    const problems = expect.enabled ? [`DCR should be on (${expect.securityMode}) but the registration was refused: ${error}`] : [];
    return { ...none, registered: false, error, problems };
  }
  created.push({ clientId: answer.client_id, name });
  const client = await withRetries("reading the DCR client", () => api.clients.get(answer.client_id!), policy).catch((e: Error) => {
    throw new RunFailure(e.message);
  });
  const mode = client.third_party_security_mode ?? null;
  const reachableApis = await reachableThroughDefaults(api, mode, policy);
  const problems: string[] = [];
  let rule: string | null = null;
  if (!expect.enabled) problems.push("DCR should be off, but a client was registered");
  if (mode !== expect.securityMode) problems.push(`the DCR client's mode is ${mode ?? "not set"}, expected ${expect.securityMode}`);
  if (mode === "strict" && !answer.client_id.startsWith("tpc_")) problems.push(`a strict DCR client should have a tpc_ client ID, not ${answer.client_id}`);
  if (reachableApis.length === 0) {
    problems.push("the DCR client can reach no API: no default grant with subject type user (or deny_all on every granted API)");
    rule = "TPA301";
  }
  return { registered: true, clientId: answer.client_id, mode, reachableApis, error: null, problems, rule };
}

/**
 * The APIs a third-party client without grants of its own reaches in user flows: default grants with subject
 * type user on APIs whose user policy is not deny_all (facts: "DCR", "Access policies"); permissive clients also
 * reach allow_all APIs without a grant. System APIs are never reachable (facts: "System APIs").
 */
async function reachableThroughDefaults(api: ManagementClient, mode: string | null, policy: RetryPolicy): Promise<string[]> {
  const read = <T>(what: string, f: () => Promise<T>) => withRetries(what, f, policy).catch((e: Error) => {
    throw new RunFailure(e.message);
  });
  const grants: Management.ClientGrantResponseContent[] = [];
  for (let from: string | undefined, page = 0; page < 100; page++) {
    const result = await read("reading the default grants", () => api.clientGrants.list({ default_for: "third_party_clients", take: 100, from } as Management.ListClientGrantsRequestParameters));
    grants.push(...result.data);
    from = (result.response as { next?: string }).next;
    if (!from || result.data.length === 0) break;
  }
  const servers: Management.ResourceServer[] = [];
  for (let page = 0; page < 100; page++) {
    const result = await read("reading the APIs", () => api.resourceServers.list({ page, per_page: 100, include_totals: true }));
    servers.push(...result.data);
    if (result.data.length < 100) break;
  }
  const userPolicy = (s: Management.ResourceServer) => s.subject_type_authorization?.user?.policy ?? "allow_all";
  const reachable = servers.filter((s) => !s.is_system && userPolicy(s) !== "deny_all").filter((s) => {
    const granted = grants.some((g) => g.default_for === "third_party_clients" && g.audience === s.identifier && g.subject_type === "user");
    return granted || (mode === "permissive" && userPolicy(s) === "allow_all");
  });
  return reachable.map((s) => s.identifier!).sort();
}

async function deleteAll(api: ManagementClient, created: readonly { clientId: string; name: string }[], policy: RetryPolicy): Promise<{ leftovers: string[]; cleanupErrors: string[] }> {
  const leftovers: string[] = [];
  const cleanupErrors: string[] = [];
  for (const { clientId, name } of created) {
    try {
      await withRetries(`deleting ${clientId} (${name})`, () => api.clients.delete(clientId), policy);
    } catch (e) {
      if ((e as { status?: number }).status === 404) continue; // already gone
      leftovers.push(clientId);
      cleanupErrors.push((e as Error).message);
    }
  }
  return { leftovers, cleanupErrors };
}

const IGNORED = new Set(["client_id", "tenant", "global", "callback_url_template", "name", "client_secret_expires_at"]);

/** What Auth0 filled in or stored differently, one level into objects (refresh_token.*, jwt_configuration.*). */
function differences(sent: Record<string, unknown>, stored: Record<string, unknown>) {
  const flat = (o: Record<string, unknown>) =>
    Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === "object" && !Array.isArray(v) ? Object.entries(v).map(([k2, v2]) => [`${k}.${k2}`, v2] as const) : [[k, v] as const],
    );
  const sentFlat = new Map(flat(sent));
  const defaulted: Record<string, unknown> = {};
  const changed: Record<string, { sent: unknown; stored: unknown }> = {};
  for (const [key, value] of flat(stored)) {
    if (IGNORED.has(key.split(".")[0])) continue;
    if (!sentFlat.has(key)) defaulted[key] = value;
    else if (JSON.stringify(sentFlat.get(key)) !== JSON.stringify(value)) changed[key] = { sent: sentFlat.get(key), stored: value };
  }
  return { defaulted, changed };
}

/** A wait that ends, timer cleared, as soon as the signal aborts (so the process can exit right after cleanup). */
function sleepUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

function managementClient(options: VerifyOptions): ManagementClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ManagementClient } = require("auth0") as typeof import("auth0");
  // the audit's fetch: a request without a response is an answer the retries understand, and no SDK timer outlives the run
  const common = { domain: options.domain, fetch: guardedFetch(options.fetch ?? fetch, REQUEST_TIMEOUT_MS), maxRetries: 0 };
  return "token" in options.credentials
    ? new ManagementClient({ ...common, token: options.credentials.token })
    : new ManagementClient({ ...common, clientId: options.credentials.clientId, clientSecret: options.credentials.clientSecret });
}
