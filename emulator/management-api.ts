import { randomBytes } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import type { ThirdPartySecurityMode } from "../constructs/security-mode";

/**
 * A Management API emulator on 127.0.0.1 (a random or chosen port, HTTP or HTTPS), served by `tpa emulator`
 * and used by the tests that drive the official SDK: the
 * endpoints `tpa audit` reads and the ones tests seed through, an OAuth client-credentials token endpoint,
 * offset (page/per_page/include_totals) and checkpoint (from/take) paging, scopes on tokens, and the
 * server-side behaviour docs/auth0-facts.md ("facts:" below) documents for strict third-party clients. Faults (429 with
 * Retry-After, 5xx) are injected on demand.
 *
 * Its strict-mode checks are written here on purpose, not taken from policy/profiles: the property test
 * compares the two (what the policy accepts, this server must accept too).
 */

type Json = Record<string, unknown>;

export interface EmulatorOptions {
  /** the tenant domain the SDK is given @default emulated-tenant.eu.auth0.com */
  readonly domain?: string;
  /** the Management API client (client credentials) @default a generated one */
  readonly credentials?: { readonly clientId: string; readonly clientSecret: string };
  /** the scopes its tokens carry @default every scope */
  readonly scopes?: readonly string[];
  /** the customer had third-party apps before April 2026 and may create permissive ones @default true */
  readonly permissiveEligible?: boolean;
  /** the mode of a third-party client created without one @default "strict" (Auth0's default since 2026-10-23) */
  readonly defaultThirdPartyMode?: ThirdPartySecurityMode;
  /** serve HTTPS with this key and certificate (PEM) @default plain HTTP */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** the port on 127.0.0.1 @default a free one */
  readonly port?: number;
  /**
   * the tenant domain is the emulator's own address, 127.0.0.1:PORT, so a client reaches it with
   * AUTH0_DOMAIN=127.0.0.1:PORT and no rerouting fetch (tpa emulator) @default false
   */
  readonly addressAsDomain?: boolean;
}

export interface Fault {
  /** the status to answer, such as 429, 500 or 503 */
  readonly status: number;
  /** the Retry-After header to send (429) */
  readonly retryAfter?: string;
  /** only requests whose path starts with this @default every request */
  readonly path?: string;
  readonly method?: string;
  /** let this many matching requests through first @default 0 */
  readonly skip?: number;
  /** how many matching requests fail @default 1 */
  readonly times?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
}

const ALL_SCOPES = [
  ...["clients", "client_grants", "resource_servers", "rules", "hooks", "organizations"].flatMap((r) => [
    `read:${r}`,
    `create:${r}`,
    `update:${r}`,
    `delete:${r}`,
  ]),
  "read:client_keys",
  "read:tenant_settings",
  "update:tenant_settings",
  "read:prompts",
  "update:prompts",
];

// --- Strict third-party clients, as docs/auth0-facts.md documents them ------------------------------------------
const STRICT_GRANT_TYPES = ["authorization_code", "refresh_token", "client_credentials"]; // facts: "Grant types"
const STRICT_APP_TYPES = ["regular_web", "spa", "native", "non_interactive"]; // facts: "App types"
const STRICT_ALGS = ["RS256"]; // facts: "Signing algorithm"

/** Why Auth0 refuses this strict client, or nothing. Exact messages are not published (docs/auth0-facts.md). */
function strictClientProblems(c: Json): string[] {
  const problems: string[] = [];
  const grants = (c.grant_types as string[] | undefined) ?? [];
  const bad = grants.filter((g) => !STRICT_GRANT_TYPES.includes(g));
  if (bad.length > 0) problems.push(`Invalid grant types: ${bad.join(", ")}`);
  if (grants.includes("client_credentials") && c.token_endpoint_auth_method === "none") {
    problems.push("Invalid grant types: client_credentials (a public client)"); // facts: "Client credentials"
  }
  for (const [key, present] of Object.entries({
    sso: c.sso !== undefined, // PR1555: rejected for third-party clients
    require_pushed_authorization_requests: c.require_pushed_authorization_requests !== undefined,
    "jwt_configuration.scopes": (c.jwt_configuration as Json | undefined)?.scopes !== undefined,
  })) {
    if (present) problems.push(`Property not supported for third-party clients: ${key}`);
  }
  if (c.app_type !== undefined && !STRICT_APP_TYPES.includes(String(c.app_type))) problems.push(`Invalid app_type: ${String(c.app_type)}`);
  const alg = (c.jwt_configuration as Json | undefined)?.alg;
  if (alg !== undefined && !STRICT_ALGS.includes(String(alg))) problems.push(`Invalid jwt_configuration.alg: ${String(alg)}`);
  const rt = c.refresh_token as Json | undefined;
  if (rt?.expiration_type === "non-expiring") problems.push("Refresh tokens must expire"); // facts: "Refresh tokens"
  if (rt?.infinite_idle_token_lifetime === true) problems.push("Refresh tokens need a finite idle lifetime"); // facts: "Refresh tokens"
  for (const key of ["callbacks", "allowed_origins", "web_origins"]) {
    if (((c[key] as string[] | undefined) ?? []).some((u) => u.includes("*"))) problems.push(`Wildcards are not allowed in ${key}`); // facts: "Exact URLs"
  }
  if (c.oidc_conformant === false) problems.push("oidc_conformant must be true"); // facts: "Legacy features"
  if (c.cross_origin_authentication === true) problems.push("Cross-origin authentication is not supported"); // facts: "Legacy features"
  const addons = Object.keys((c.addons as Json | undefined) ?? {}).filter((a) => ["samlp", "wsfed"].includes(a));
  if (addons.length > 0) problems.push(`Not supported: ${addons.join(", ")}`); // facts: "Legacy features" (SAML, WS-Fed)
  return problems;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** What the emulator answered a request of `call` with, when it refused it. */
export class EmulatorRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "EmulatorRefusal";
  }
}

/** An OAuth-style error body ({ error, error_description }), as /oidc/register answers (RFC 7591 §3.2.2). */
class OAuthError extends HttpError {
  constructor(
    status: number,
    readonly code: string,
    description: string,
  ) {
    super(status, description);
  }
}

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable" };

interface Context {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: Json;
  readonly params: string[];
  readonly scopes: readonly string[];
}

type Handler = (ctx: Context) => { status?: number; body?: unknown };

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly scope?: string;
  readonly handler: Handler;
}

export class ManagementApiEmulator {
  readonly domain: string;
  readonly credentials: { readonly clientId: string; readonly clientSecret: string };
  readonly requests: RecordedRequest[] = [];
  readonly clients = new Map<string, Json>();
  readonly grants = new Map<string, Json>();
  readonly resourceServers = new Map<string, Json>();
  readonly rules = new Map<string, Json>();
  readonly hooks = new Map<string, Json>();
  readonly organizations = new Map<string, Json>();
  readonly rateLimitPolicies = new Map<string, Json>();
  tenantSettings: Json = { friendly_name: "Emulated tenant", flags: { enable_dynamic_client_registration: false } };
  prompts: Json = { universal_login_experience: "new", identifier_first: false };

  private readonly tokens = new Map<string, readonly string[]>();
  private readonly faults: { fault: Fault; seen: number; failed: number }[] = [];
  private readonly routes: Route[];
  private server!: http.Server;
  private baseUrl = "";

  private constructor(private readonly options: EmulatorOptions) {
    this.domain = options.domain ?? "emulated-tenant.eu.auth0.com";
    this.credentials = options.credentials ?? { clientId: randomId(32), clientSecret: randomId(64) };
    this.routes = this.buildRoutes();
    this.seedResourceServer({ name: "Auth0 Management API", identifier: `https://${this.domain}/api/v2/`, is_system: true });
  }

  /** Listens on 127.0.0.1 only: the emulator is never reachable from another machine. */
  static async start(options: EmulatorOptions = {}): Promise<ManagementApiEmulator> {
    const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }) : http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", resolve);
    });
    const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const emulator = new ManagementApiEmulator(options.addressAsDomain ? { ...options, domain: address } : options);
    emulator.server = server;
    emulator.baseUrl = `${options.tls ? "https" : "http"}://${address}`;
    server.on("request", (req, res) => void emulator.handle(req, res));
    return emulator;
  }

  /** The emulator's own address, such as http://127.0.0.1:41234. */
  get url(): string {
    return this.baseUrl;
  }

  /** A fetch for the SDK's `fetch` option: requests to https://<domain>/... go to the emulator. */
  readonly fetch: typeof fetch = (input, init) => {
    const target = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (target.hostname !== this.domain) throw new Error(`emulator: unexpected host ${target.host}`);
    return fetch(`${this.baseUrl}${target.pathname}${target.search}`, init);
  };

  /** A token carrying these scopes, as AUTH0_API_TOKEN would be. */
  issueToken(scopes: readonly string[] = this.options.scopes ?? ALL_SCOPES): string {
    const token = randomId(40);
    this.tokens.set(token, scopes);
    return token;
  }

  /** Makes matching requests fail: `fail({ status: 500, path: "/api/v2/clients", skip: 1 })` fails the second page. */
  fail(fault: Fault): void {
    this.faults.push({ fault, seen: 0, failed: 0 });
  }

  /** Requests whose path starts with `prefix`. */
  requestsTo(prefix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(prefix));
  }

  // --- Seeding: stores objects as given (legacy clients without a mode cannot be created any more) ---------------
  seedClient(client: Json): Json {
    const stored = { client_id: client.client_id ?? randomId(32), ...client };
    this.clients.set(String(stored.client_id), stored);
    return stored;
  }

  seedResourceServer(api: Json): Json {
    const stored = { id: randomHex(24), subject_type_authorization: defaultAccessPolicy(), scopes: [], ...api };
    this.resourceServers.set(String(stored.id), stored);
    return stored;
  }

  seedRule(rule: Json): Json {
    return store(this.rules, { id: `rul_${randomId(16)}`, enabled: true, stage: "login_success", order: this.rules.size + 1, ...rule });
  }

  seedHook(hook: Json): Json {
    return store(this.hooks, { id: randomId(24), enabled: false, ...hook });
  }

  /**
   * A Management API request run in-process with every scope, through the same routes and server-side checks
   * as over HTTP (how `tpa emulator` deploys its seed). Throws EmulatorRefusal on a 4xx/5xx.
   */
  call(method: string, path: string, body: Json = {}): Json {
    try {
      return this.route(method, path, {}, body, `Bearer ${this.issueToken(ALL_SCOPES)}`).body as Json;
    } catch (e) {
      if (e instanceof HttpError) throw new EmulatorRefusal(e.status, `${method} ${path}: ${e.status} ${e.message}`);
      throw e;
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- HTTP ---------------------------------------------------------------------------------------------------------
  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const method = req.method ?? "GET";
    const query = Object.fromEntries(url.searchParams.entries());
    let status = 500;
    try {
      const raw = await readBody(req);
      const fault = this.faultFor(method, url.pathname);
      if (fault) throw new HttpError(fault.status, STATUS_TEXT[fault.status] ?? "Injected fault", fault.retryAfter ? { "Retry-After": fault.retryAfter } : {});
      const body = parseBody(raw, req.headers["content-type"]);
      const result =
        url.pathname === "/oauth/token" && method === "POST"
          ? this.token(body)
          : url.pathname === "/oidc/register" && method === "POST"
            ? this.register(body)
            : this.route(method, url.pathname, query, body, req.headers.authorization);
      status = result.status ?? 200;
      send(res, status, result.body);
    } catch (e) {
      const error = e instanceof HttpError ? e : new HttpError(500, (e as Error).message);
      status = error.status;
      const body = error instanceof OAuthError ? { error: error.code, error_description: error.message } : { statusCode: status, error: STATUS_TEXT[status] ?? "Error", message: error.message };
      send(res, status, body, error.headers);
    } finally {
      this.requests.push({ method, path: url.pathname, query, status });
    }
  }

  /** Every fault counts the requests it matches (skip counts them all); the first one due answers. */
  private faultFor(method: string, path: string): Fault | undefined {
    let due: (typeof this.faults)[number] | undefined;
    for (const entry of this.faults) {
      const { fault } = entry;
      if ((fault.path && !path.startsWith(fault.path)) || (fault.method && fault.method !== method)) continue;
      entry.seen++;
      if (!due && entry.seen > (fault.skip ?? 0) && entry.failed < (fault.times ?? 1)) due = entry;
    }
    if (due) due.failed++;
    return due?.fault;
  }

  private token(body: Json): { status?: number; body?: unknown } {
    if (body.grant_type !== "client_credentials") throw new HttpError(400, "unsupported_grant_type");
    if (body.client_id !== this.credentials.clientId || body.client_secret !== this.credentials.clientSecret) {
      throw new HttpError(401, "access_denied: Unauthorized");
    }
    if (body.audience !== `https://${this.domain}/api/v2/`) throw new HttpError(403, `access_denied: Service not enabled within domain: ${String(body.audience)}`);
    const scopes = this.options.scopes ?? ALL_SCOPES;
    return { body: { access_token: this.issueToken(scopes), token_type: "Bearer", expires_in: 86400, scope: scopes.join(" ") } };
  }

  private route(method: string, path: string, query: Record<string, string>, body: Json, authorization: string | undefined): { status?: number; body?: unknown } {
    const candidates = this.routes.filter((r) => r.pattern.test(path));
    if (candidates.length === 0) throw new HttpError(404, `Not found: ${path}`);
    const route = candidates.find((r) => r.method === method);
    if (!route) throw new HttpError(405, `${method} not allowed on ${path}`);
    const scopes = this.tokens.get(/^Bearer (.+)$/.exec(authorization ?? "")?.[1] ?? "");
    if (!scopes) throw new HttpError(401, "Invalid token");
    if (route.scope && !scopes.includes(route.scope)) throw new HttpError(403, `Insufficient scope, expected any of: ${route.scope}`);
    const params = route.pattern.exec(path)!.slice(1).map(decodeURIComponent);
    return route.handler({ method, path, query, body, params, scopes });
  }

  private buildRoutes(): Route[] {
    const r = (method: string, path: string, scope: string | undefined, handler: Handler): Route => ({
      method,
      pattern: new RegExp(`^/api/v2${path.replace(/:id/g, "([^/]+)")}/?$`),
      scope,
      handler,
    });
    return [
      r("GET", "/clients", "read:clients", (c) => ({ body: page(this.visibleClients(c.scopes), c.query, "clients") })),
      r("POST", "/clients", "create:clients", (c) => ({ status: 201, body: this.createClient(c.body) })),
      r("GET", "/clients/:id", "read:clients", (c) => ({ body: this.visible(this.find(this.clients, c.params[0], "client"), c.scopes) })),
      r("PATCH", "/clients/:id", "update:clients", (c) => ({ body: this.updateClient(c.params[0], c.body) })),
      r("DELETE", "/clients/:id", "delete:clients", (c) => this.deleteClient(c.params[0])),
      r("GET", "/client-grants", "read:client_grants", (c) => ({ body: page(this.filterGrants(c.query), c.query, "client_grants") })),
      r("POST", "/client-grants", "create:client_grants", (c) => ({ status: 201, body: this.createGrant(c.body) })),
      r("PATCH", "/client-grants/:id", "update:client_grants", (c) => ({ body: this.updateGrant(c.params[0], c.body) })),
      r("DELETE", "/client-grants/:id", "delete:client_grants", (c) => this.remove(this.grants, c.params[0], "client grant")),
      r("GET", "/resource-servers", "read:resource_servers", (c) => ({ body: page([...this.resourceServers.values()], c.query, "resource_servers") })),
      r("POST", "/resource-servers", "create:resource_servers", (c) => ({ status: 201, body: this.createResourceServer(c.body) })),
      r("GET", "/tenants/settings", "read:tenant_settings", () => ({ body: this.tenantSettings })),
      r("PATCH", "/tenants/settings", "update:tenant_settings", (c) => ({ body: this.updateTenantSettings(c.body) })),
      r("GET", "/prompts", "read:prompts", () => ({ body: this.prompts })),
      r("PATCH", "/prompts", "update:prompts", (c) => ({ body: (this.prompts = { ...this.prompts, ...c.body }) })),
      r("GET", "/rules", "read:rules", (c) => ({ body: page([...this.rules.values()], c.query, "rules") })),
      r("POST", "/rules", "create:rules", (c) => ({ status: 201, body: this.seedRule(c.body) })),
      r("GET", "/hooks", "read:hooks", (c) => ({ body: page([...this.hooks.values()], c.query, "hooks") })),
      r("POST", "/hooks", "create:hooks", (c) => ({ status: 201, body: this.seedHook(c.body) })),
      r("GET", "/organizations", "read:organizations", (c) => ({ body: page([...this.organizations.values()], c.query, "organizations") })),
      r("POST", "/organizations", "create:organizations", (c) => ({ status: 201, body: this.createOrganization(c.body) })),
      // Early Access (facts: "Rate limits"); the scopes these endpoints need are not in the facts, so none is checked
      r("GET", "/rate-limit-policies", undefined, () => ({ body: [...this.rateLimitPolicies.values()] })),
      r("POST", "/rate-limit-policies", undefined, (c) => ({ status: 201, body: this.createRateLimitPolicy(c.body) })),
      r("GET", "/rate-limit-policies/:id", undefined, (c) => ({ body: this.find(this.rateLimitPolicies, c.params[0], "rate limit policy") })),
      r("PATCH", "/rate-limit-policies/:id", undefined, (c) => ({ body: this.updateRateLimitPolicy(c.params[0], c.body) })),
      r("DELETE", "/rate-limit-policies/:id", undefined, (c) => this.remove(this.rateLimitPolicies, c.params[0], "rate limit policy")),
    ];
  }

  // --- Clients --------------------------------------------------------------------------------------------------------
  /** client_secret only with read:client_keys, as in Auth0. */
  private visible(client: Json, scopes: readonly string[]): Json {
    if (scopes.includes("read:client_keys")) return client;
    const { client_secret: _secret, signing_keys: _keys, ...rest } = client;
    return rest;
  }

  private visibleClients(scopes: readonly string[]): Json[] {
    return [...this.clients.values()].map((c) => this.visible(c, scopes));
  }

  private createClient(body: Json): Json {
    if (typeof body.name !== "string" || body.name === "") throw new HttpError(400, "Payload validation error: 'Missing required property: name'");
    const firstParty = body.is_first_party !== false;
    const mode = firstParty ? undefined : ((body.third_party_security_mode as string | undefined) ?? this.defaultMode());
    if (mode === "permissive" && this.options.permissiveEligible === false) {
      throw new HttpError(400, "third_party_security_mode permissive is not available to this tenant"); // facts: "Permissive eligibility"
    }
    if (mode !== undefined && mode !== "strict" && mode !== "permissive") throw new HttpError(400, `Invalid third_party_security_mode: ${mode}`);
    if (mode === "strict") {
      const problems = strictClientProblems(body);
      if (problems.length > 0) throw new HttpError(400, problems.join("; "));
    }
    const client: Json = { ...clientDefaults(body, mode), ...body, client_id: mode === "strict" ? `tpc_${randomId(22)}` : randomId(32) };
    if (mode) client.third_party_security_mode = mode;
    if (client.token_endpoint_auth_method !== "none") client.client_secret = randomId(64);
    this.clients.set(String(client.client_id), client);
    return client;
  }

  /** Deleting a client deletes its client grants too. */
  private deleteClient(id: string): { status: number } {
    this.find(this.clients, id, "client");
    this.clients.delete(id);
    for (const [grantId, grant] of this.grants) if (grant.client_id === id) this.grants.delete(grantId);
    return { status: 204 };
  }

  // --- Dynamic Client Registration (RFC 7591), docs/auth0-facts.md "DCR" -----------------------------------------
  /**
   * POST /oidc/register: open (no token), only while the tenant flag enable_dynamic_client_registration is on.
   * The client gets the tenant's dynamic_client_registration_security_mode (absent: permissive, D-MIG); strict
   * DCR clients get a tpc_ ID and only authorization_code + refresh_token (never client_credentials). The
   * strict checks of POST /api/v2/clients apply too. Errors use RFC 7591 §3.2.2's shape; the exact texts
   * Auth0 sends are not published.
   */
  private register(body: Json): { status: number; body: unknown } {
    const flags = (this.tenantSettings.flags as Json | undefined) ?? {};
    if (flags.enable_dynamic_client_registration !== true) {
      throw new OAuthError(403, "access_denied", "Dynamic client registration is disabled for this tenant");
    }
    const mode = this.tenantSettings.dynamic_client_registration_security_mode === "strict" ? "strict" : "permissive";
    const redirectUris = body.redirect_uris;
    if (!Array.isArray(redirectUris) || redirectUris.length === 0 || !redirectUris.every((u) => typeof u === "string")) {
      throw new OAuthError(400, "invalid_redirect_uri", "redirect_uris must be a non-empty array of URLs");
    }
    const grantTypes = (body.grant_types as string[] | undefined) ?? ["authorization_code"];
    const authMethod = (body.token_endpoint_auth_method as string | undefined) ?? "client_secret_post"; // DCR's default (facts: "DCR")
    if (!["none", "client_secret_post", "client_secret_basic"].includes(authMethod)) {
      throw new OAuthError(400, "invalid_client_metadata", `Unsupported token_endpoint_auth_method: ${authMethod}`);
    }
    const client: Json = {
      name: typeof body.client_name === "string" && body.client_name !== "" ? body.client_name : "Dynamic client",
      is_first_party: false,
      third_party_security_mode: mode,
      app_type: body.application_type === "native" ? "native" : "regular_web",
      callbacks: redirectUris,
      grant_types: grantTypes,
      token_endpoint_auth_method: authMethod,
      external_metadata_type: "dcr",
      external_metadata_created_by: "client",
      ...(typeof body.logo_uri === "string" && { logo_uri: body.logo_uri }),
    };
    if (mode === "strict") {
      const problems = [
        ...(grantTypes.includes("client_credentials") ? ["Grant type not supported for dynamically registered clients: client_credentials"] : []), // facts: "DCR"
        ...strictClientProblems(client),
      ];
      if (problems.length > 0) throw new OAuthError(400, "invalid_client_metadata", problems.join("; "));
    }
    const stored: Json = { ...clientDefaults(client, mode), ...client, client_id: mode === "strict" ? `tpc_${randomId(22)}` : randomId(32) };
    if (authMethod !== "none") stored.client_secret = randomId(64);
    this.clients.set(String(stored.client_id), stored);
    return {
      status: 201,
      body: {
        client_id: stored.client_id,
        ...(stored.client_secret !== undefined && { client_secret: stored.client_secret, client_secret_expires_at: 0 }),
        client_id_issued_at: Math.floor(Date.now() / 1000),
        client_name: stored.name,
        redirect_uris: redirectUris,
        grant_types: grantTypes,
        token_endpoint_auth_method: authMethod,
      },
    };
  }

  private defaultMode(): ThirdPartySecurityMode {
    return this.options.permissiveEligible === false ? "strict" : (this.options.defaultThirdPartyMode ?? "strict");
  }

  private updateClient(id: string, body: Json): Json {
    const client = this.find(this.clients, id, "client");
    if (body.is_first_party !== undefined && body.is_first_party !== (client.is_first_party !== false)) {
      throw new HttpError(400, "is_first_party cannot be changed"); // facts: "Immutability"
    }
    const current = client.is_first_party === false ? (client.third_party_security_mode ?? (id.startsWith("tpc_") ? "strict" : "permissive")) : undefined;
    if (body.third_party_security_mode !== undefined && body.third_party_security_mode !== current) {
      throw new HttpError(400, "third_party_security_mode is set on creation and cannot be modified"); // facts: "Immutability"
    }
    const updated = { ...client, ...body };
    if (current === "strict") {
      const problems = strictClientProblems(body);
      if (problems.length > 0) throw new HttpError(400, problems.join("; "));
    }
    this.clients.set(id, updated);
    return updated;
  }

  // --- Client grants ----------------------------------------------------------------------------------------------
  private filterGrants(query: Record<string, string>): Json[] {
    return [...this.grants.values()].filter((g) =>
      ["audience", "client_id", "default_for", "subject_type"].every((k) => query[k] === undefined || g[k] === query[k]),
    );
  }

  private createGrant(body: Json): Json {
    const { client_id: clientId, default_for: defaultFor, audience } = body;
    if ((clientId === undefined) === (defaultFor === undefined)) throw new HttpError(400, "Set exactly one of client_id and default_for"); // facts: "Default grants"
    if (defaultFor !== undefined && defaultFor !== "third_party_clients") throw new HttpError(400, `Invalid default_for: ${String(defaultFor)}`);
    const api = [...this.resourceServers.values()].find((r) => r.identifier === audience);
    if (!api) throw new HttpError(404, `No resource server found by specified audience: ${String(audience)}`);
    const client = clientId === undefined ? undefined : this.clients.get(String(clientId));
    if (clientId !== undefined && !client) throw new HttpError(404, "Client not found");
    if (api.is_system && (defaultFor !== undefined || client?.is_first_party === false)) {
      throw new HttpError(403, "System APIs cannot be granted to third-party clients"); // facts: "System APIs"
    }
    const subjectType = (body.subject_type as string | undefined) ?? "client"; // omitted means client (facts: "Default grants")
    const duplicate = [...this.grants.values()].find(
      (g) => g.audience === audience && g.subject_type === subjectType && (defaultFor !== undefined ? g.default_for === defaultFor : g.client_id === clientId),
    );
    if (duplicate) throw new HttpError(409, "A client grant for this audience and subject type already exists"); // facts: "Default grants"
    return store(this.grants, { id: `cgr_${randomId(16)}`, ...body, scope: body.scope ?? [], subject_type: subjectType });
  }

  private updateGrant(id: string, body: Json): Json {
    const grant = this.find(this.grants, id, "client grant");
    const allowed = ["scope", "organization_usage", "allow_any_organization", "authorization_details_types", "allow_all_scopes"]; // facts: "Default grants"
    const extra = Object.keys(body).filter((k) => !allowed.includes(k));
    if (extra.length > 0) throw new HttpError(400, `Payload validation error: additional properties not allowed: ${extra.join(", ")}`);
    return store(this.grants, { ...grant, ...body });
  }

  // --- Everything else --------------------------------------------------------------------------------------------
  private createResourceServer(body: Json): Json {
    if ([...this.resourceServers.values()].some((r) => r.identifier === body.identifier)) throw new HttpError(409, "A resource server with the same identifier already exists");
    return this.seedResourceServer(body);
  }

  private updateTenantSettings(body: Json): Json {
    if (body.dynamic_client_registration_security_mode === "permissive" && this.options.permissiveEligible === false) {
      throw new HttpError(400, "permissive DCR is not available to this tenant"); // facts: "DCR"
    }
    const flags = { ...(this.tenantSettings.flags as Json), ...(body.flags as Json | undefined) };
    this.tenantSettings = { ...this.tenantSettings, ...body, flags };
    return this.tenantSettings;
  }

  private createOrganization(body: Json): Json {
    return store(this.organizations, { id: `org_${randomId(16)}`, third_party_client_access: "block", ...body }); // facts: "Organizations"
  }

  // --- Rate limit policies (EA), as the provider validates them (ratelimitpolicy/resource.go) --------------------
  private createRateLimitPolicy(body: Json): Json {
    if (body.resource !== "oauth_authentication_api") throw new HttpError(400, `Invalid resource: ${String(body.resource)}`);
    if (body.consumer !== "client") throw new HttpError(400, `Invalid consumer: ${String(body.consumer)}`);
    const selector = String(body.consumer_selector ?? "");
    if (!["third_party_clients", "cimd_clients", "default"].includes(selector) && !/^client_id:\S+$/.test(selector)) {
      throw new HttpError(400, `Invalid consumer_selector: ${selector}`);
    }
    const now = new Date().toISOString();
    return store(this.rateLimitPolicies, {
      id: `rlp_${randomId(16)}`,
      resource: body.resource,
      consumer: body.consumer,
      consumer_selector: selector,
      configuration: rateLimitConfiguration(body.configuration),
      created_at: now,
      updated_at: now,
    });
  }

  private updateRateLimitPolicy(id: string, body: Json): Json {
    const policy = this.find(this.rateLimitPolicies, id, "rate limit policy");
    const extra = Object.keys(body).filter((k) => k !== "configuration");
    if (extra.length > 0) throw new HttpError(400, `Payload validation error: only configuration can change, not ${extra.join(", ")}`);
    return store(this.rateLimitPolicies, { ...policy, configuration: rateLimitConfiguration(body.configuration), updated_at: new Date().toISOString() });
  }

  private find(map: Map<string, Json>, id: string, what: string): Json {
    const found = map.get(id);
    if (!found) throw new HttpError(404, `The ${what} does not exist`);
    return found;
  }

  private remove(map: Map<string, Json>, id: string, what: string): { status: number } {
    this.find(map, id, what);
    map.delete(id);
    return { status: 204 };
  }
}

/** What Auth0 fills in on creation (the provider's recorded responses, docs/auth0-facts.md). */
function clientDefaults(body: Json, mode: string | undefined): Json {
  const appType = (body.app_type as string | undefined) ?? "regular_web";
  const publicClient = appType === "spa" || appType === "native";
  const common = {
    app_type: appType,
    is_first_party: mode === undefined,
    oidc_conformant: true,
    sso_disabled: false,
    cross_origin_authentication: false,
    custom_login_page_on: true,
    callbacks: [],
    allowed_origins: [],
    web_origins: [],
    jwt_configuration: { alg: "RS256", lifetime_in_seconds: 36000 },
    token_endpoint_auth_method: publicClient ? "none" : "client_secret_post",
  };
  if (mode === "strict") {
    return {
      ...common,
      jwt_configuration: { alg: "RS256", lifetime_in_seconds: 3600 },
      grant_types: ["authorization_code"],
      redirection_policy: "open_redirect_protection",
      refresh_token: {
        rotation_type: publicClient ? "rotating" : "non-rotating",
        expiration_type: "expiring",
        leeway: 0,
        infinite_token_lifetime: true,
        infinite_idle_token_lifetime: false,
        token_lifetime: 31557600,
        idle_token_lifetime: 2592000,
      },
    };
  }
  const grantTypes = mode === "permissive" ? ["authorization_code", "implicit", "refresh_token"] : ["authorization_code", "implicit", "refresh_token", "client_credentials"];
  return {
    ...common,
    grant_types: grantTypes,
    refresh_token: { rotation_type: "non-rotating", expiration_type: "non-expiring", leeway: 0, infinite_token_lifetime: true, infinite_idle_token_lifetime: true, token_lifetime: 31557600, idle_token_lifetime: 2592000 },
  };
}

/** A rate limit policy's configuration: each action with exactly the fields it takes (facts: "Rate limits"). */
function rateLimitConfiguration(value: unknown): Json {
  const c = (value ?? {}) as Json;
  const action = String(c.action);
  if (!["allow", "block", "log", "redirect"].includes(action)) throw new HttpError(400, `Invalid configuration.action: ${action}`);
  if (action === "allow") return { action };
  if (typeof c.limit !== "number" || !Number.isInteger(c.limit) || c.limit < 0 || c.limit > 10000) {
    throw new HttpError(400, `configuration.limit must be an integer from 0 to 10000 for action ${action}`);
  }
  if (action !== "redirect") return { action, limit: c.limit };
  if (typeof c.redirect_uri !== "string" || !c.redirect_uri.startsWith("https://")) throw new HttpError(400, "configuration.redirect_uri must be an https URL for action redirect");
  return { action, limit: c.limit, redirect_uri: c.redirect_uri };
}

function defaultAccessPolicy(): Json {
  return { user: { policy: "allow_all" }, client: { policy: "require_client_grant" } }; // recorded default (facts: "Access policies")
}

/** Offset paging (page, per_page, include_totals) or checkpoint paging (from, take), as the request asks. */
function page(items: Json[], query: Record<string, string>, key: string): unknown {
  if (query.take !== undefined || query.from !== undefined) {
    const take = Number(query.take ?? 50);
    const start = query.from ? Number(Buffer.from(query.from, "base64url").toString()) : 0;
    if (!Number.isInteger(take) || take < 1 || take > 100 || !Number.isInteger(start)) throw new HttpError(400, "Query validation error: take/from");
    const slice = items.slice(start, start + take);
    const next = start + take < items.length ? Buffer.from(String(start + take)).toString("base64url") : undefined;
    return next ? { [key]: slice, next } : { [key]: slice };
  }
  const perPage = Number(query.per_page ?? 50);
  const pageNo = Number(query.page ?? 0);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) throw new HttpError(400, `Query validation error: Invalid value ${query.per_page} for per_page (1-100)`);
  const slice = items.slice(pageNo * perPage, (pageNo + 1) * perPage);
  if (query.include_totals !== "true") return slice;
  return { start: pageNo * perPage, limit: perPage, length: slice.length, total: items.length, [key]: slice };
}

function store(map: Map<string, Json>, item: Json): Json {
  map.set(String(item.id), item);
  return item;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(raw: string, contentType: string | undefined): Json {
  if (raw === "") return {};
  if (contentType?.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw) as Json;
  } catch {
    throw new HttpError(400, "Invalid JSON body");
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomId(length: number): string {
  return [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
}

function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString("hex").slice(0, length);
}
