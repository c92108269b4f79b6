// The provider's read mapping (audit/provider-state.ts), fact by fact from auth0/terraform-provider-auth0
// v1.55.0 internal/auth0/client/flatten.go, and the SDKv2 plan rules the adoption diff applies.
import { clientGrantState, clientState, isZero, loadResourceSchemas, plannedChanges, stateFromSnapshot } from "../audit/provider-state";
import { planUpdate } from "../tools/provider/values";

const schemas = loadResourceSchemas();
const clientBlock = schemas.blocks.auth0_client;
type State = Record<string, unknown>;

describe("API objects as the provider writes them into state", () => {
  test("flattenClient: absent fields are Go zero values; cross_origin_authentication is cross_origin_auth", () => {
    const state = clientState({ client_id: "abc", name: "App", cross_origin_authentication: true }, clientBlock) as State;
    expect(state).toMatchObject({ id: "abc", client_id: "abc", name: "App", cross_origin_auth: true, description: "", sso: false, callbacks: [], jwt_configuration: [], refresh_token: [] });
    // every attribute and block of the schema is present, so Terraform can decode the state
    expect(Object.keys(state).sort()).toEqual([...Object.keys(clientBlock.attributes!), ...Object.keys(clientBlock.block_types!)].sort());
  });

  test("flattenClientJwtConfiguration / flattenClientRefreshTokenConfiguration: one block each, every field", () => {
    const state = clientState(
      { client_id: "abc", jwt_configuration: { alg: "HS256" }, refresh_token: { expiration_type: "non-expiring", rotation_type: "non-rotating" } },
      clientBlock,
    ) as State;
    expect(state.jwt_configuration).toEqual([{ alg: "HS256", lifetime_in_seconds: 0, secret_encoded: false, scopes: null }]);
    expect(state.refresh_token).toEqual([
      expect.objectContaining({ expiration_type: "non-expiring", rotation_type: "non-rotating", leeway: 0, token_lifetime: 0, policies: [] }),
    ]);
  });

  test("flattenOIDCBackchannelURLs: the deprecated list only when oidc_logout is absent", () => {
    const legacy = clientState({ client_id: "a", oidc_backchannel_logout: { backchannel_logout_urls: ["https://x/bc"] } }, clientBlock) as State;
    expect(legacy.oidc_backchannel_logout_urls).toEqual(["https://x/bc"]);
    const both = clientState(
      { client_id: "a", oidc_backchannel_logout: { backchannel_logout_urls: ["https://x/bc"] }, oidc_logout: { backchannel_logout_urls: ["https://x/bc"] } },
      clientBlock,
    ) as State;
    expect(both.oidc_backchannel_logout_urls).toEqual([]);
    expect((both.oidc_logout as State[])[0]).toMatchObject({ backchannel_logout_urls: ["https://x/bc"] });
  });

  test("flattenClientGrant: scopes only when allow_all_scopes is false", () => {
    const block = schemas.blocks.auth0_client_grant;
    expect(clientGrantState({ id: "cgr_1", allow_all_scopes: true, scope: ["a"] }, block)).toMatchObject({ scopes: [], allow_all_scopes: true });
    expect(clientGrantState({ id: "cgr_1", scope: ["a"] }, block)).toMatchObject({ scopes: ["a"], allow_all_scopes: false });
  });

  test("write-only and secret attributes are never in the state", () => {
    const snapshot = { tenantSettings: null, prompts: null, clients: [{ client_id: "abc", token_endpoint_auth_method: "client_secret_post" }], clientGrants: [], resourceServers: [] };
    const creds = stateFromSnapshot(snapshot, "auth0_client_credentials", "abc", schemas) as State;
    expect(creds).toMatchObject({ id: "abc", authentication_method: "client_secret_post", client_secret_wo: null });
    expect(stateFromSnapshot(snapshot, "auth0_client", "missing", schemas)).toBeUndefined();
  });
});

describe("what a plan changes (terraform-plugin-sdk v2)", () => {
  const state = clientState({ client_id: "abc", name: "App", sso: true, description: "", custom_login_page_on: true, jwt_configuration: { alg: "HS256" } }, clientBlock);

  test("an Optional attribute left out is removed when the tenant has a value, kept when it is the zero value", () => {
    expect(plannedChanges("auth0_client", { name: "App" }, state, schemas)).toEqual([{ attribute: "sso", from: true, to: null }]);
    expect(plannedChanges("auth0_client", { name: "App", sso: true }, state, schemas)).toEqual([]);
  });

  test("Optional+Computed attributes and blocks left out keep their state", () => {
    // custom_login_page_on and jwt_configuration are Optional+Computed (provider-schema/optional-computed.json)
    expect(plannedChanges("auth0_client", { name: "App", sso: true }, state, schemas).map((c) => c.attribute)).not.toContain("jwt_configuration");
    expect(plannedChanges("auth0_client", { name: "App", sso: true, jwt_configuration: { alg: "RS256" } }, state, schemas)).toEqual([
      { attribute: "jwt_configuration.alg", from: "HS256", to: "RS256" },
    ]);
  });

  test("the offline provider plans an update by the same rules", () => {
    const proposed = { ...(state as State), sso: null, description: null } as never;
    const planned = planUpdate(clientBlock, state as never, proposed, "auth0_client", schemas.optionalComputed) as State;
    expect(planned.description).toBe(""); // zero prior: unchanged
    expect(planned.sso).toBeNull(); // a value the configuration drops: a change
  });

  test("a sensitive attribute's values are never shown", () => {
    const block = schemas.blocks.auth0_client_credentials;
    const state = { ...(stateFromSnapshot({ tenantSettings: null, prompts: null, clients: [{ client_id: "abc" }], clientGrants: [], resourceServers: [] }, "auth0_client_credentials", "abc", schemas) as State), client_secret: "old-secret" };
    expect(block.attributes!.client_secret.sensitive).toBe(true);
    expect(plannedChanges("auth0_client_credentials", { client_id: "abc", client_secret: "new-secret" }, state as never, schemas)).toEqual([
      { attribute: "client_secret", from: "(sensitive)", to: "(sensitive)" },
    ]);
  });

  test("zero values", () => {
    expect([null, "", false, 0, [], {}].every(isZero)).toBe(true);
    expect(["x", true, 1, [0], { a: 1 }].some(isZero)).toBe(false);
  });
});
