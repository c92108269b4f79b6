import { Token } from "cdktf";
import { Construct } from "constructs";
import {
  DcrSecurityPolicy,
  PartnerOrganization,
  PermissiveThirdPartyApp,
  ProtectedApi,
  StrictThirdPartyApp,
} from "../constructs";
import { Tenant } from "../.gen/providers/auth0/tenant";
import { resourcesOf, testStack } from "./support/synth";

function ordersApi(scope: Construct, extra: Partial<ConstructorParameters<typeof ProtectedApi>[2]> = {}) {
  return new ProtectedApi(scope, "orders", {
    identifier: "https://api.acme.test/orders",
    scopes: ["read:orders", { name: "write:orders", description: "Write orders" }],
    ...extra,
  });
}

describe("StrictThirdPartyApp", () => {
  test("synthesizes a third-party strict client with strict-safe defaults", () => {
    const { stack, synth } = testStack();
    const app = new StrictThirdPartyApp(stack, "portal", { name: "Partner Portal", callbacks: ["https://p.example.com/cb"] });
    const json = synth();
    const clients = resourcesOf(json, "auth0_client");
    expect(Object.keys(clients)).toEqual(["portal_strict"]);
    expect(clients.portal_strict).toMatchObject({
      name: "Partner Portal",
      app_type: "regular_web",
      is_first_party: false,
      third_party_security_mode: "strict",
      grant_types: ["authorization_code", "refresh_token"],
      oidc_conformant: true,
      redirection_policy: "open_redirect_protection",
      jwt_configuration: { alg: "RS256" },
      refresh_token: { expiration_type: "expiring", rotation_type: "non-rotating", infinite_idle_token_lifetime: false },
      callbacks: ["https://p.example.com/cb"],
    });
    expect(app.mode).toBe("strict");
    expect(Token.isUnresolved(app.clientId)).toBe(true); // known after apply; grants reference it
    expect(app.address).toBe("auth0_client.portal_strict");
    expect(resourcesOf(json, "auth0_client_credentials")).toEqual({});
  });

  test("spa and native apps rotate refresh tokens by default", () => {
    const { stack, synth } = testStack();
    new StrictThirdPartyApp(stack, "spa", { name: "SPA", appType: "spa" });
    new StrictThirdPartyApp(stack, "cli", { name: "CLI", appType: "native" });
    const clients = resourcesOf(synth(), "auth0_client");
    expect(clients.spa_strict.refresh_token).toMatchObject({ rotation_type: "rotating", leeway: 0 });
    expect(clients.cli_strict.refresh_token).toMatchObject({ rotation_type: "rotating" });
  });

  test("the token endpoint auth method becomes an auth0_client_credentials resource", () => {
    const { stack, synth } = testStack();
    new StrictThirdPartyApp(stack, "m2m", {
      name: "Back office",
      appType: "non_interactive",
      grantTypes: ["client_credentials"],
      tokenEndpointAuthMethod: "private_key_jwt",
    });
    const creds = resourcesOf(synth(), "auth0_client_credentials");
    expect(creds).toEqual({
      m2m_strict_credentials: expect.objectContaining({
        client_id: "${auth0_client.m2m_strict.client_id}",
        authentication_method: "private_key_jwt",
      }),
    });
  });

  test("importClientId adopts an existing client through Terraform import blocks", () => {
    const { stack, synth } = testStack();
    new StrictThirdPartyApp(stack, "portal", {
      name: "Portal",
      tokenEndpointAuthMethod: "client_secret_post",
      importClientId: "tpc_vbc2Y77hGZfbhkSi7y3gTh",
    });
    const json = synth();
    expect(json.import).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: "tpc_vbc2Y77hGZfbhkSi7y3gTh", to: "auth0_client.portal_strict" }),
        expect.objectContaining({ id: "tpc_vbc2Y77hGZfbhkSi7y3gTh", to: "auth0_client_credentials.portal_strict_credentials" }),
      ]),
    );
  });

  test("annotations for the policy travel under Terraform's comment key", () => {
    const { stack, synth } = testStack();
    const api = ordersApi(stack);
    new StrictThirdPartyApp(stack, "portal", {
      name: "Portal",
      organizations: ["acme-partners"],
      apis: [api],
      requestedScopes: ["read:orders"],
      target: "apps/portal",
    });
    const client = resourcesOf(synth(), "auth0_client").portal_strict;
    expect(client.organization_usage).toBe("allow");
    expect((client["//"] as { tpa: unknown }).tpa).toEqual({
      role: "third-party-app",
      target: "apps/portal",
      organizations: ["acme-partners"],
      calls: ["https://api.acme.test/orders"],
      requestedScopes: ["read:orders"],
    });
  });

  test.each([
    [{ name: " " }, /name is empty/],
    [{ name: "x", description: "d".repeat(141) }, /140/],
    [{ name: "x", callbacks: ["https://a", "https://a"] }, /callbacks lists "https:\/\/a" twice/],
  ])("rejects bad props in the constructor: %j", (props, message) => {
    const { stack } = testStack();
    expect(() => new StrictThirdPartyApp(stack, "bad", props)).toThrow(message);
  });
});

describe("PermissiveThirdPartyApp", () => {
  test("is explicitly permissive and keeps its justification in client metadata", () => {
    const { stack, synth } = testStack();
    new PermissiveThirdPartyApp(stack, "legacy", {
      name: "Legacy",
      justification: "needs ID tokens until strict apps get OIDC",
      reviewBy: "2027-03-31",
    });
    const client = resourcesOf(synth(), "auth0_client").legacy_permissive;
    expect(client).toMatchObject({
      is_first_party: false,
      third_party_security_mode: "permissive",
      client_metadata: { tpa_justification: "needs ID tokens until strict apps get OIDC", tpa_review_by: "2027-03-31" },
    });
    expect((client["//"] as { tpa: Record<string, unknown> }).tpa).toMatchObject({ reviewBy: "2027-03-31" });
  });

  test.each([
    [{ justification: "short", reviewBy: "2027-03-31" }, /justification of at least 10/],
    [{ justification: "a good long reason", reviewBy: "next year" }, /reviewBy must be a date/],
    [{ justification: "a good long reason", reviewBy: "2027-02-30x" }, /reviewBy must be a date/],
  ])("requires a justification and a review date: %j", (extra, message) => {
    const { stack } = testStack();
    expect(() => new PermissiveThirdPartyApp(stack, "bad", { name: "Bad", ...extra })).toThrow(message);
  });
});

describe("the mode is part of the Terraform address", () => {
  function addressesFor(mode: "strict" | "permissive") {
    const { stack, synth } = testStack();
    const api = ordersApi(stack);
    const app =
      mode === "strict"
        ? new StrictThirdPartyApp(stack, "portal", { name: "Portal", tokenEndpointAuthMethod: "client_secret_post" })
        : new PermissiveThirdPartyApp(stack, "portal", {
            name: "Portal",
            tokenEndpointAuthMethod: "client_secret_post",
            justification: "needs ID tokens for now",
            reviewBy: "2027-01-31",
          });
    api.grantTo(app, { subjectType: "user", scopes: ["read:orders"] });
    const json = synth();
    return ["auth0_client", "auth0_client_credentials", "auth0_client_grant"].flatMap((type) =>
      Object.keys(resourcesOf(json, type)).map((name) => `${type}.${name}`),
    );
  }

  test("switching an app's mode changes every address of the app: Terraform plans a new client, not an update", () => {
    const strict = addressesFor("strict");
    const permissive = addressesFor("permissive");
    expect(strict).toEqual([
      "auth0_client.portal_strict",
      "auth0_client_credentials.portal_strict_credentials",
      "auth0_client_grant.portal_strict_grant_orders_user",
    ]);
    expect(permissive).toEqual([
      "auth0_client.portal_permissive",
      "auth0_client_credentials.portal_permissive_credentials",
      "auth0_client_grant.portal_permissive_grant_orders_user",
    ]);
    // No address survives the switch, so no resource of the app can be updated in place.
    expect(strict.filter((a) => permissive.includes(a))).toEqual([]);
  });
});

describe("ProtectedApi", () => {
  test("synthesizes the resource server, its scopes and a hardened access policy", () => {
    const { stack, synth } = testStack();
    ordersApi(stack, { allowOfflineAccess: true });
    const json = synth();
    expect(resourcesOf(json, "auth0_resource_server").orders).toMatchObject({
      identifier: "https://api.acme.test/orders",
      name: "orders",
      allow_offline_access: true,
      subject_type_authorization: { user: { policy: "require_client_grant" }, client: { policy: "require_client_grant" } },
    });
    expect(resourcesOf(json, "auth0_resource_server_scopes").orders_scopes).toMatchObject({
      resource_server_identifier: "${auth0_resource_server.orders.identifier}",
      scopes: [{ name: "read:orders" }, { name: "write:orders", description: "Write orders" }],
    });
  });

  test("grantTo creates a per-app client grant that waits for the API and its scopes", () => {
    const { stack, synth } = testStack();
    const api = ordersApi(stack);
    const app = new StrictThirdPartyApp(stack, "portal", { name: "Portal" });
    api.grantTo(app, { subjectType: "user", scopes: ["read:orders", "write:orders"] });
    const grant = resourcesOf(synth(), "auth0_client_grant").portal_strict_grant_orders_user;
    expect(grant).toMatchObject({
      client_id: "${auth0_client.portal_strict.client_id}",
      audience: "https://api.acme.test/orders",
      subject_type: "user",
      scopes: ["read:orders", "write:orders"],
      depends_on: ["auth0_resource_server.orders", "auth0_resource_server_scopes.orders_scopes"],
    });
    expect(grant).not.toHaveProperty("default_for");
    expect(() => api.grantTo(app, { subjectType: "user", scopes: [] })).toThrow(/already has a user grant/);
  });

  test("grantDefault creates default permissions for third-party clients, one per subject type", () => {
    const { stack, synth } = testStack();
    const api = ordersApi(stack);
    api.grantDefault({ subjectType: "user", scopes: ["read:orders"] });
    api.grantDefault({ subjectType: "client", scopes: ["read:orders"] });
    expect(() => api.grantDefault({ subjectType: "user", scopes: ["write:orders"] })).toThrow(/one per API and subject type/);
    const grants = resourcesOf(synth(), "auth0_client_grant");
    expect(grants["orders_default-user"]).toMatchObject({
      default_for: "third_party_clients",
      audience: "https://api.acme.test/orders",
      subject_type: "user",
      scopes: ["read:orders"],
    });
    expect(grants["orders_default-user"]).not.toHaveProperty("client_id");
    expect(grants["orders_default-client"]).toMatchObject({ subject_type: "client" });
  });

  test.each([
    [{ identifier: "" }, /identifier/],
    [{ identifier: "https://x", scopes: ["a", "a"] }, /scope "a" is defined twice/],
  ])("rejects bad props: %j", (props, message) => {
    const { stack } = testStack();
    expect(() => new ProtectedApi(stack, "bad", props)).toThrow(message);
  });
});

describe("DcrSecurityPolicy", () => {
  test("sets only the DCR flag and security mode on auth0_tenant", () => {
    const { stack, synth } = testStack();
    new DcrSecurityPolicy(stack, "dcr", { enabled: true, securityMode: "strict" });
    const tenants = resourcesOf(synth(), "auth0_tenant");
    expect(Object.keys(tenants)).toEqual(["dcr"]);
    const { ["//"]: _comment, ...attributes } = tenants.dcr;
    expect(attributes).toEqual({
      flags: { enable_dynamic_client_registration: true },
      dynamic_client_registration_security_mode: "strict",
    });
  });

  test("can write into an auth0_tenant the stack already has", () => {
    const { stack, synth } = testStack();
    const tenant = new Tenant(stack, "tenant", { friendlyName: "Acme", flags: { disableClickjackProtectionHeaders: false } });
    new DcrSecurityPolicy(stack, "dcr", { enabled: false, securityMode: "permissive", tenant });
    const tenants = resourcesOf(synth(), "auth0_tenant");
    expect(Object.keys(tenants)).toEqual(["tenant"]);
    expect(tenants.tenant).toMatchObject({
      friendly_name: "Acme",
      flags: { disable_clickjack_protection_headers: false, enable_dynamic_client_registration: false },
      dynamic_client_registration_security_mode: "permissive",
    });
  });
});

describe("PartnerOrganization", () => {
  test("blocks third-party clients unless told otherwise", () => {
    const { stack, synth } = testStack();
    new PartnerOrganization(stack, "a", { name: "acme-a" });
    new PartnerOrganization(stack, "b", { name: "acme-b", thirdPartyClientAccess: "allow", displayName: "Acme B" });
    const orgs = resourcesOf(synth(), "auth0_organization");
    expect(orgs.a).toMatchObject({ name: "acme-a", display_name: "acme-a", third_party_client_access: "block" });
    expect(orgs.b).toMatchObject({ name: "acme-b", display_name: "Acme B", third_party_client_access: "allow" });
    expect(() => new PartnerOrganization(stack, "c", { name: "Bad Name" })).toThrow(/lower-case/);
  });
});
