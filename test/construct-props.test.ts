/** Construct props: enumerations typed as unions from one list each; validation skipped for unresolved values (references). */
import { TerraformVariable } from "cdktf";
import { appSchema } from "../config/schema";
import {
  API_SIGNING_ALGORITHMS,
  APP_TYPES,
  PartnerOrganization,
  PermissiveThirdPartyApp,
  ProtectedApi,
  REDIRECTION_POLICIES,
  StrictThirdPartyApp,
  TOKEN_ENDPOINT_AUTH_METHODS,
} from "../constructs";
import { AuthenticationRateLimit } from "../constructs/rate-limit-policy";
import { apiSchema } from "../config/schema";
import { resourcesOf, testStack } from "./support/synth";

const PERMISSIVE = { name: "Legacy", justification: "needs ID tokens until the partner moves", reviewBy: "2027-06-30" };

describe("props that are enumerations are unions of one list each", () => {
  // jwtAlg is the exception: the file takes any text, which the policy judges (TPA107, test/template-injection.test.ts).
  test("the environment file's schema takes exactly the lists the props' types come from", () => {
    const options = (s: unknown) => (s as { unwrap(): { options: readonly string[] } }).unwrap().options;
    expect(options(appSchema.shape.appType)).toEqual(APP_TYPES);
    expect(options(appSchema.shape.tokenEndpointAuthMethod)).toEqual(TOKEN_ENDPOINT_AUTH_METHODS);
    expect(options(appSchema.shape.redirectionPolicy)).toEqual(REDIRECTION_POLICIES);
    expect(options(apiSchema.shape.signingAlg)).toEqual(API_SIGNING_ALGORITHMS);
  });

  test("a value outside the list is refused by the environment file with the list, not passed to Terraform", () => {
    const result = appSchema.safeParse({ id: "portal", mode: "strict", appType: "web", tokenEndpointAuthMethod: "secret" });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n");
    expect(messages).toMatch(/appType: .*regular_web/);
    expect(messages).toMatch(/tokenEndpointAuthMethod: .*private_key_jwt/);
  });

  test("the compiler refuses a value outside the union (checked by tsc, which type-checks the tests), and the construct refuses it at run time", () => {
    const { stack } = testStack();
    // @ts-expect-error "web" is not an app type
    expect(() => new StrictThirdPartyApp(stack, "a", { name: "A", appType: "web" })).toThrow(/appType "web" is not one of/);
    // @ts-expect-error "none" is not a signing algorithm (the policy judges the algorithm: TPA107)
    expect(() => new StrictThirdPartyApp(stack, "b", { name: "B", jwtAlg: "none" })).not.toThrow();
    // @ts-expect-error "secret" is not a token endpoint auth method
    expect(() => new StrictThirdPartyApp(stack, "c", { name: "C", tokenEndpointAuthMethod: "secret" })).toThrow(/tokenEndpointAuthMethod "secret" is not one of/);
    // @ts-expect-error "ES256" is not an API signing algorithm
    expect(() => new ProtectedApi(stack, "api", { identifier: "https://api.example.com", signingAlg: "ES256" })).toThrow(/signingAlg "ES256" is not one of/);
  });
});

describe("a reference where a literal would be checked: the check waits for Auth0", () => {
  const variable = (stack: ReturnType<typeof testStack>["stack"], name: string) => new TerraformVariable(stack, name, { type: "string" }).stringValue;

  test("PartnerOrganization: a name from a variable is written as the reference; a literal bad name is refused", () => {
    const { stack, synth } = testStack();
    new PartnerOrganization(stack, "partner", { name: variable(stack, "org_name") });
    expect(Object.values(resourcesOf(synth(), "auth0_organization"))[0].name).toBe("${var.org_name}");
    expect(() => new PartnerOrganization(testStack().stack, "bad", { name: "Acme Partners" })).toThrow(/lower-case/);
  });

  test("PermissiveThirdPartyApp: reviewBy and justification from variables; literal bad ones are refused", () => {
    const { stack, synth } = testStack();
    new PermissiveThirdPartyApp(stack, "legacy", { ...PERMISSIVE, reviewBy: variable(stack, "review_by"), justification: variable(stack, "why") });
    expect(Object.values(resourcesOf(synth(), "auth0_client"))[0].client_metadata).toEqual({ tpa_justification: "${var.why}", tpa_review_by: "${var.review_by}" });
    expect(() => new PermissiveThirdPartyApp(testStack().stack, "a", { ...PERMISSIVE, reviewBy: "next spring" })).toThrow(/YYYY-MM-DD/);
    expect(() => new PermissiveThirdPartyApp(testStack().stack, "b", { ...PERMISSIVE, justification: "legacy" })).toThrow(/at least 10/);
  });

  test("ProtectedApi: an identifier from a variable; a literal with a space is refused", () => {
    const { stack, synth } = testStack();
    new ProtectedApi(stack, "orders", { identifier: variable(stack, "audience"), scopes: ["read:orders"] });
    expect(Object.values(resourcesOf(synth(), "auth0_resource_server"))[0].identifier).toBe("${var.audience}");
    expect(() => new ProtectedApi(testStack().stack, "bad", { identifier: "orders api" })).toThrow(/without spaces/);
  });

  test("ThirdPartyApp: name, description and metadata values from variables; literal bad ones are refused", () => {
    const { stack, synth } = testStack();
    new StrictThirdPartyApp(stack, "portal", { name: variable(stack, "name"), description: variable(stack, "description"), clientMetadata: { team: variable(stack, "team") } });
    const client = Object.values(resourcesOf(synth(), "auth0_client"))[0];
    expect([client.name, client.description, client.client_metadata]).toEqual(["${var.name}", "${var.description}", { team: "${var.team}" }]);
    expect(() => new StrictThirdPartyApp(testStack().stack, "a", { name: " " })).toThrow(/name is empty/);
    expect(() => new StrictThirdPartyApp(testStack().stack, "b", { name: "B", description: "x".repeat(141) })).toThrow(/Auth0 allows 140/);
  });

  test("AuthenticationRateLimit: group and action from variables; literal unknown ones are refused", () => {
    const { stack, synth } = testStack();
    new AuthenticationRateLimit(stack, "tp", { group: variable(stack, "group") as never, action: variable(stack, "action") as never, limit: 10 });
    const policy = Object.values(resourcesOf(synth(), "auth0_rate_limit_policy"))[0];
    expect(JSON.stringify(policy)).toContain("${var.group}");
    expect(() => new AuthenticationRateLimit(testStack().stack, "a", { group: "everyone" as never, action: "block", limit: 1 })).toThrow(/not one of/);
    expect(() => new AuthenticationRateLimit(testStack().stack, "b", { group: "default", action: "drop" as never, limit: 1 })).toThrow(/not one of/);
  });
});
