import { ManagementClient } from "auth0";
import { ManagementApiEmulator } from "../../emulator/management-api";

export const ORDERS = "https://api.acme.test/orders";
export const CATALOG = "https://api.acme.test/catalog";

/** What the seeded tenant holds, for assertions. */
export interface SeededTenant {
  readonly partnerPortal: string;
  readonly legacyReporting: string;
  readonly modernPartner: string;
  readonly oldWidget: string;
  readonly mcpDesktop: string;
  readonly dashboard: string;
  /** every client secret the emulator holds: none may reach an output or a saved file */
  readonly secrets: readonly string[];
}

/** The emulator's Management API client, through the official SDK. */
export function sdkFor(emulator: ManagementApiEmulator): ManagementClient {
  return new ManagementClient({
    domain: emulator.domain,
    clientId: emulator.credentials.clientId,
    clientSecret: emulator.credentials.clientSecret,
    fetch: emulator.fetch,
    maxRetries: 0,
  });
}

/**
 * A tenant that had third-party apps before April 2026: strict, permissive, mode-less and first-party
 * clients, two APIs, default grants, DCR on (strict), a disabled rule, an organization. Created through
 * the SDK where Auth0 still allows it; legacy clients are seeded as they would have been stored.
 */
export async function seedTenant(emulator: ManagementApiEmulator, fillerClients = 8): Promise<SeededTenant> {
  const api = sdkFor(emulator);
  const dashboard = await api.clients.create({ name: "Acme Dashboard", app_type: "spa", callbacks: ["https://app.acme.test/cb"] });
  for (let i = 0; i < fillerClients; i++) await api.clients.create({ name: `Internal tool ${i + 1}`, app_type: "non_interactive" });

  await api.resourceServers.create({
    name: "Orders API",
    identifier: ORDERS,
    scopes: [{ value: "read:orders", description: "Read orders" }, { value: "write:orders", description: "Write orders" }],
    allow_offline_access: true,
  });
  await api.resourceServers.create({
    name: "Catalog API",
    identifier: CATALOG,
    scopes: [{ value: "read:catalog" }],
    subject_type_authorization: { user: { policy: "require_client_grant" }, client: { policy: "require_client_grant" } },
  });
  await api.clientGrants.create({ audience: ORDERS, default_for: "third_party_clients", subject_type: "user", scope: ["read:orders"] });
  await api.clientGrants.create({ audience: CATALOG, default_for: "third_party_clients", subject_type: "user", scope: ["read:catalog"] });

  const partnerPortal = await api.clients.create({
    name: "Partner Portal",
    is_first_party: false,
    third_party_security_mode: "strict",
    app_type: "regular_web",
    grant_types: ["authorization_code", "refresh_token"],
    callbacks: ["https://partner.example.com/callback"],
    token_endpoint_auth_method: "client_secret_post",
  });
  await api.clientGrants.create({ client_id: partnerPortal.client_id!, audience: ORDERS, subject_type: "user", scope: ["read:orders", "write:orders"] });

  const legacyReporting = await api.clients.create({
    name: "Legacy Reporting",
    is_first_party: false,
    third_party_security_mode: "permissive",
    app_type: "spa",
    grant_types: ["authorization_code", "implicit", "refresh_token"],
    callbacks: ["https://reports.partner.example/cb"],
    allowed_logout_urls: ["https://reports.partner.example/"],
    token_endpoint_auth_method: "none",
  });

  const modernPartner = await api.clients.create({
    name: "Modern Partner",
    is_first_party: false,
    third_party_security_mode: "permissive",
    app_type: "regular_web",
    grant_types: ["authorization_code", "refresh_token"],
    callbacks: ["https://modern.partner.example/cb"],
    token_endpoint_auth_method: "client_secret_post",
    refresh_token: {
      expiration_type: "expiring",
      rotation_type: "rotating",
      infinite_token_lifetime: false,
      infinite_idle_token_lifetime: false,
      token_lifetime: 2592000,
      idle_token_lifetime: 1296000,
      leeway: 0,
    },
    client_metadata: { owner: "partners-team" },
  });
  await api.clientGrants.create({ client_id: modernPartner.client_id!, audience: CATALOG, subject_type: "client", scope: ["read:catalog"] });

  const oldWidget = emulator.seedClient({
    name: "Old Widget",
    is_first_party: false,
    app_type: "regular_web",
    grant_types: ["authorization_code", "client_credentials"],
    callbacks: ["https://widget.example.org/cb"],
    custom_login_page_on: true,
    custom_login_page: "<html><body>Classic login</body></html>",
    oidc_conformant: false,
    jwt_configuration: { alg: "HS256", lifetime_in_seconds: 36000, secret_encoded: false },
    token_endpoint_auth_method: "client_secret_post",
    client_secret: "legacy-widget-secret-0123456789abcdef",
    signing_keys: [{ cert: "-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----", subject: "/CN=widget" }],
  });

  const mcpDesktop = emulator.seedClient({
    client_id: "tpc_bU3H7iEFPD3nVwc6a6yoa2",
    name: "Acme MCP desktop",
    is_first_party: false,
    app_type: "native",
    grant_types: ["authorization_code", "refresh_token"],
    callbacks: ["http://127.0.0.1:33418/callback"],
    token_endpoint_auth_method: "none",
    external_client_id: "https://mcp.acme.test/client.json",
    external_metadata_type: "cimd",
    external_metadata_created_by: "admin",
    refresh_token: { rotation_type: "rotating", expiration_type: "expiring", token_lifetime: 2592000, idle_token_lifetime: 1296000, infinite_idle_token_lifetime: false },
  });

  await api.tenants.settings.update({ flags: { enable_dynamic_client_registration: true }, dynamic_client_registration_security_mode: "strict" });
  await api.rules.create({ name: "legacy-enrichment", script: "function (user, context, cb) { cb(null, user, context); }", enabled: false });
  await api.organizations.create({ name: "acme-partners", display_name: "Acme Partners", third_party_client_access: "allow" });

  const secrets = [...emulator.clients.values()].map((c) => c.client_secret).filter((s): s is string => typeof s === "string");
  return {
    partnerPortal: partnerPortal.client_id!,
    legacyReporting: legacyReporting.client_id!,
    modernPartner: modernPartner.client_id!,
    oldWidget: String(oldWidget.client_id),
    mcpDesktop: String(mcpDesktop.client_id),
    dashboard: dashboard.client_id!,
    secrets: [...secrets, emulator.credentials.clientSecret],
  };
}
