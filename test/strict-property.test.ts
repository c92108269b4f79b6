import fc from "fast-check";
import { ManagementClient, ManagementError } from "auth0";
import { StrictThirdPartyApp, StrictThirdPartyAppProps } from "../constructs";
import { evaluate, profileById, resourcesFromTerraformJson } from "../policy";
import { ManagementApiEmulator } from "../emulator/management-api";
import { sdkFor } from "./support/seed-tenant";
import { testStack } from "./support/synth";
import { clientCreateBody } from "../verify/provider-requests";

const GOOD_GRANTS = ["authorization_code", "refresh_token", "client_credentials"];
const ALL_GRANTS = [...GOOD_GRANTS, "implicit", "password", "urn:ietf:params:oauth:grant-type:device_code"];
const URLS = ["https://partner.example.com/cb", "https://*.partner.example.com/cb", "https://app.example.org/callback"];
const ORIGINS = ["https://partner.example.com", "https://*.example.org"];

/** Mostly the usual value (so that enough configurations pass the policy), sometimes another one. */
const often = <T>(usual: fc.Arbitrary<T>, other: fc.Arbitrary<T>) => fc.oneof({ arbitrary: usual, weight: 4 }, { arbitrary: other, weight: 1 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const exactUrls = (urls: readonly string[]) => urls.filter((u) => !u.includes("*"));

/** Configurations of a strict app, at the level of the environment file / StrictThirdPartyApp props. */
const strictAppSpec = fc.record({
  appType: maybe(often(fc.constantFrom("regular_web", "spa", "native", "non_interactive"), fc.constantFrom("resource_server", "sso_integration"))),
  grantTypes: often(fc.subarray(GOOD_GRANTS, { minLength: 1 }), fc.subarray(ALL_GRANTS, { minLength: 1 })),
  tokenEndpointAuthMethod: maybe(fc.constantFrom("none" as const, "client_secret_post" as const, "client_secret_basic" as const)),
  callbacks: maybe(often(fc.subarray(exactUrls(URLS), { minLength: 1 }), fc.subarray(URLS, { minLength: 1 }))),
  webOrigins: maybe(often(fc.subarray(exactUrls(ORIGINS), { minLength: 1 }), fc.subarray(ORIGINS, { minLength: 1 }))),
  jwtAlg: maybe(often(fc.constant("RS256"), fc.constantFrom("HS256", "PS256", "RS512"))),
  refreshToken: maybe(
    fc.record({
      expirationType: often(fc.constant("expiring" as const), fc.constant("non-expiring" as const)),
      rotationType: fc.constantFrom("rotating" as const, "non-rotating" as const),
      infiniteIdleTokenLifetime: often(fc.constant(false), fc.constant(true)),
    }),
  ),
  redirectionPolicy: maybe(fc.constantFrom("allow_always" as const, "open_redirect_protection" as const)),
  // raw auth0_client attributes the constructs do not expose (an L1 override): the policy checks them too
  overrides: often(
    fc.constant({}),
    fc.record({ sso: fc.boolean(), require_pushed_authorization_requests: fc.boolean(), cross_origin_auth: fc.boolean() }, { requiredKeys: [] }),
  ),
});

type Spec = typeof strictAppSpec extends fc.Arbitrary<infer T> ? T : never;

/** The synthesized auth0_* resources of one strict app, and the policy's error findings on them. */
function synthesizeAndCheck(spec: Spec) {
  const { stack } = testStack();
  const { overrides, ...props } = spec;
  const app = new StrictThirdPartyApp(stack, "app", { ...props, name: "Generated partner app" } as StrictThirdPartyAppProps);
  for (const [attribute, value] of Object.entries(overrides)) app.client.addOverride(attribute, value);
  const resources = resourcesFromTerraformJson(stack.toTerraform());
  const errors = evaluate({
    stack: "property",
    resources,
    tenant: { environment: "property", permissiveEligible: false },
    profile: profileById("strict-2026-05"),
    today: "2026-12-01",
  }).filter((f) => f.severity === "error");
  return { resources, errors };
}

describe("property: what the strict-mode policy accepts, Auth0's server-side rules accept too", () => {
  let emulator: ManagementApiEmulator;
  let api: ManagementClient;
  beforeAll(async () => {
    emulator = await ManagementApiEmulator.start({ permissiveEligible: false });
    api = sdkFor(emulator);
  });
  afterAll(() => emulator.close());

  test("every generated strict app without policy errors is created (201, a tpc_ client ID)", async () => {
    let accepted = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(strictAppSpec, async (spec) => {
        const { resources, errors } = synthesizeAndCheck(spec);
        if (errors.length > 0) {
          rejected++;
          return;
        }
        accepted++;
        const client = resources.find((r) => r.type === "auth0_client")!;
        const credentials = resources.find((r) => r.type === "auth0_client_credentials");
        const body = clientCreateBody(client, credentials);
        const created = await api.clients.create(body).catch((e: unknown) => {
          const refusal = e instanceof ManagementError ? `${e.statusCode} ${JSON.stringify(e.body)}` : String(e);
          throw new Error(`the emulator refused ${JSON.stringify(body)}: ${refusal}`);
        });
        expect(created.client_id).toMatch(/^tpc_[A-Za-z0-9]{22}$/);
        expect(created.third_party_security_mode).toBe("strict");
      }),
      { numRuns: 150 },
    );
    // both sides of the property are exercised
    expect(accepted).toBeGreaterThan(10);
    expect(rejected).toBeGreaterThan(10);
  });
});
