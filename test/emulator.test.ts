import { Management, ManagementClient, ManagementError } from "auth0";
import { ManagementApiEmulator } from "../emulator/management-api";

/** The emulator's own behaviour, through the official SDK (its fetch option points it at the emulator). */
describe("Management API emulator", () => {
  let emulator: ManagementApiEmulator;
  let api: ManagementClient;

  beforeEach(async () => {
    emulator = await ManagementApiEmulator.start();
    api = new ManagementClient({
      domain: emulator.domain,
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
      fetch: emulator.fetch,
      maxRetries: 0,
    });
  });
  afterEach(() => emulator.close());

  const strictApp = (extra: Partial<Management.CreateClientRequestContent> = {}) =>
    api.clients.create({ name: "Partner", is_first_party: false, third_party_security_mode: "strict", ...extra });

  const failure = async (promise: Promise<unknown>): Promise<ManagementError> => {
    try {
      await promise;
    } catch (e) {
      if (e instanceof ManagementError) return e;
      throw e;
    }
    throw new Error("expected the request to fail");
  };

  test("client credentials at /oauth/token; the token's scopes are enforced", async () => {
    await api.clients.list();
    expect(emulator.requestsTo("/oauth/token")).toHaveLength(1);
    const readOnly = new ManagementClient({ domain: emulator.domain, token: emulator.issueToken(["read:clients"]), fetch: emulator.fetch, maxRetries: 0 });
    await readOnly.clients.list();
    expect((await failure(readOnly.rules.list())).statusCode).toBe(403);
    const wrong = new ManagementClient({ domain: emulator.domain, clientId: emulator.credentials.clientId, clientSecret: "nope", fetch: emulator.fetch, maxRetries: 0 });
    expect((await failure(wrong.clients.list())).statusCode).toBe(401);
  });

  test("strict clients get tpc_ + 22 character IDs; without a mode a third-party client is strict", async () => {
    const explicit = await strictApp();
    const implicit = await api.clients.create({ name: "No mode", is_first_party: false });
    const firstParty = await api.clients.create({ name: "Dashboard" });
    expect(explicit.client_id).toMatch(/^tpc_[A-Za-z0-9]{22}$/);
    expect(implicit).toMatchObject({ client_id: expect.stringMatching(/^tpc_/), third_party_security_mode: "strict" });
    expect(firstParty.client_id).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(firstParty.third_party_security_mode).toBeUndefined();
    expect(explicit).toMatchObject({ grant_types: ["authorization_code"], redirection_policy: "open_redirect_protection", oidc_conformant: true });
  });

  test.each([
    ["a disallowed grant type", { grant_types: ["authorization_code", "implicit"] }],
    ["client_credentials on a public client", { grant_types: ["client_credentials"], token_endpoint_auth_method: "none" as const }],
    ["sso", { sso: false }],
    ["HS256", { jwt_configuration: { alg: "HS256" as const } }],
    ["a wildcard callback", { callbacks: ["https://*.example.com/cb"] }],
    ["non-expiring refresh tokens", { refresh_token: { expiration_type: "non-expiring" as const, rotation_type: "non-rotating" as const } }],
  ])("a strict client with %s is refused (400)", async (_what, extra) => {
    expect((await failure(strictApp(extra as Partial<Management.CreateClientRequestContent>))).statusCode).toBe(400);
  });

  test("a PATCH that changes third_party_security_mode is refused; repeating it is fine", async () => {
    const client = await strictApp();
    expect((await failure(api.clients.update(client.client_id!, { third_party_security_mode: "permissive" }))).statusCode).toBe(400);
    await expect(api.clients.update(client.client_id!, { third_party_security_mode: "strict", name: "Renamed" })).resolves.toMatchObject({ name: "Renamed" });
  });

  test("a second default grant for the same audience and subject type is a conflict (409)", async () => {
    await api.resourceServers.create({ identifier: "https://api.test/orders", scopes: [{ value: "read:orders" }] });
    const grant = { audience: "https://api.test/orders", default_for: "third_party_clients" as const, scope: ["read:orders"] };
    const first = await api.clientGrants.create({ ...grant, subject_type: "user" });
    expect(first.id).toMatch(/^cgr_/);
    expect((await failure(api.clientGrants.create({ ...grant, subject_type: "user" }))).statusCode).toBe(409);
    await expect(api.clientGrants.create({ ...grant })).resolves.toMatchObject({ subject_type: "client" });
  });

  test("offset paging with totals and checkpoint paging", async () => {
    for (let i = 0; i < 7; i++) emulator.seedClient({ name: `app-${i}`, is_first_party: true });
    const first = await api.clients.list({ page: 1, per_page: 3, include_totals: true });
    expect(first.response).toMatchObject({ start: 3, limit: 3, total: 7 });
    expect(first.data.map((c) => c.name)).toEqual(["app-3", "app-4", "app-5"]);
    for (let i = 0; i < 5; i++) await api.organizations.create({ name: `org-${i}` });
    const orgs = await api.organizations.list({ take: 2 });
    expect(orgs.data).toHaveLength(2);
    const all = [];
    for await (const org of orgs) all.push(org.name);
    expect(all).toEqual(["org-0", "org-1", "org-2", "org-3", "org-4"]);
  });

  test("injected faults: 429 with Retry-After, then a 500, each on the request asked for", async () => {
    emulator.fail({ status: 429, retryAfter: "7", path: "/api/v2/clients" });
    emulator.fail({ status: 500, path: "/api/v2/clients", skip: 1 });
    const limited = await failure(api.clients.list());
    expect(limited.statusCode).toBe(429);
    expect(limited.rawResponse?.headers.get("retry-after")).toBe("7");
    expect((await failure(api.clients.list())).statusCode).toBe(500);
    await expect(api.clients.list()).resolves.toBeDefined();
  });

  test("client secrets are returned only with read:client_keys", async () => {
    const created = await strictApp({ token_endpoint_auth_method: "client_secret_post" });
    expect(created.client_secret).toEqual(expect.any(String));
    const reader = new ManagementClient({ domain: emulator.domain, token: emulator.issueToken(["read:clients"]), fetch: emulator.fetch, maxRetries: 0 });
    expect((await reader.clients.get(created.client_id!)).client_secret).toBeUndefined();
  });
});
