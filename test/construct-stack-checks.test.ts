// What a construct library user can get wrong that no single construct sees, and secrets in any prop: refused with
// what to do, never synthesized, never silently dropped.
import { Construct } from "constructs";
import { Auth0Provider } from "../.gen/providers/auth0/provider";
import { AuthenticationRateLimit, DcrSecurityPolicy, PartnerOrganization, PermissiveThirdPartyApp, ProtectedApi, StrictThirdPartyApp } from "../constructs";
import { synthApp, testStack } from "./support/synth";
import { App, Aspects, TerraformStack, TerraformVariable } from "cdktf";
import { Client } from "../.gen/providers/auth0/client";
import { TenantPolicy } from "../policy";
import { tmpDir } from "./support/tmp";

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl";
const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234567890abcdef\n-----END RSA PRIVATE KEY-----";
const app = (stack: Construct, id: string, extra: object = {}) =>
  new StrictThirdPartyApp(stack, id, { name: id, appType: "regular_web", grantTypes: ["authorization_code"], callbacks: [`https://${id}.example.com/cb`], ...extra });

describe("a secret in any prop of any construct is refused, naming the prop, never the value", () => {
  const cases: [string, (s: Construct) => unknown, RegExp][] = [
    ["a permissive app's justification", (s) => new PermissiveThirdPartyApp(s, "legacy", { name: "Legacy", appType: "regular_web", justification: `key: ${PEM}`, reviewBy: "2027-03-31" }), /justification holds a secret by its shape \(a PEM/],
    ["an addon's setting", (s) => new PermissiveThirdPartyApp(s, "saml", { name: "S", appType: "regular_web", justification: "partner SSO", reviewBy: "2027-03-31", addons: { samlp: [{ signing_cert: PEM }] } as never }), /addons\.samlp\[0\]\.signing_cert holds a secret/],
    ["a provider attribute", (s) => app(s, "p", { providerAttributes: { form_template: PEM } }), /providerAttributes\.form_template holds a secret/],
    ["an API's name and scope descriptions", (s) => new ProtectedApi(s, "orders", { identifier: "https://api.acme.test/orders", scopes: [{ name: "read", description: JWT }] }), /scopes\[0\]\.description holds a secret by its shape \(a JWT\)/],
    ["an organization's display name", (s) => new PartnerOrganization(s, "acme", { name: "acme", displayName: JWT }), /displayName holds a secret/],
    ["a rate limit's redirect", (s) => new AuthenticationRateLimit(s, "rl", { group: "default", action: "redirect", limit: 1, redirectUri: "https://admin:s3cr3t-value@x.example.com/" } as never), /redirectUri holds a secret by its shape \(a URL with a password\)/],
  ];
  test.each(cases)("%s", (_what, make, message) => {
    const { stack } = testStack();
    let error: Error | undefined;
    try {
      make(stack);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toMatch(/eyJhbGci|MIIEow|s3cr3t/);
  });
});

test("two constructs at one Terraform address are refused at synth, both named: cdktf would keep one silently", () => {
  const { app: cdkApp, stack } = testStack();
  app(new Construct(stack, "eu"), "portal");
  app(stack, "eu_portal");
  expect(() => synthApp(cdkApp)).toThrow(/test\/eu\/portal\/client and test\/eu_portal\/client would both be auth0_client\.eu_portal_strict, and Terraform keeps one resource per address: give one of them another id/);
});

test("APIs of one id in two scopes can both grant to one app, and are refused only if their grants would share an address", () => {
  const { app: cdkApp, stack } = testStack();
  const a = new ProtectedApi(new Construct(stack, "team-a"), "orders", { identifier: "https://a.acme.test/orders", scopes: ["read"] });
  const b = new ProtectedApi(new Construct(stack, "team-b"), "orders", { identifier: "https://b.acme.test/orders", scopes: ["read"] });
  const partner = app(stack, "partner", { apis: [a, b] });
  a.grantTo(partner, { subjectType: "user", scopes: ["read"] });
  expect(() => b.grantTo(partner, { subjectType: "user", scopes: ["read"] })).not.toThrow();
  expect(() => synthApp(cdkApp)).toThrow(/would both be auth0_client_grant\.partner_strict_grant_orders_user/);
});

test("a credential in the auth0 provider's configuration is refused at synth: the environment gives it", () => {
  const cdkApp = new App({ outdir: tmpDir("tpa-synth-"), stackTraces: false });
  const stack = new TerraformStack(cdkApp, "creds");
  new Auth0Provider(stack, "auth0", { domain: "acme-test.eu.auth0.com", clientId: "abc", clientSecret: "not-in-the-json" });
  app(stack, "portal");
  expect(() => synthApp(cdkApp)).toThrow(/clientSecret is written into the synthesized configuration; leave it out and set it in the environment/);
});

test("a stack of L1 resources under TenantPolicy gets the same stack checks: a credential in the provider is refused", () => {
  const cdkApp = new App({ outdir: tmpDir("tpa-synth-"), stackTraces: false });
  const stack = new TerraformStack(cdkApp, "l1");
  new Auth0Provider(stack, "auth0", { domain: "acme-test.eu.auth0.com", apiToken: "not-in-the-json" });
  new Client(stack, "portal", { name: "Portal" });
  Aspects.of(stack).add(new TenantPolicy({ tenant: { environment: "l1", permissiveEligible: false }, today: "2026-12-01" }));
  expect(() => synthApp(cdkApp)).toThrow(/apiToken is written into the synthesized configuration; leave it out and set it in the environment/);
});

test("providerAttributes and addons are checked against the pinned provider schema, as in an environment file", () => {
  const { stack } = testStack();
  expect(() => app(stack, "a", { providerAttributes: { not_an_attribute: true } })).toThrow(/third-party app "a": providerAttributes\.not_an_attribute: /);
  expect(() => app(stack, "b", { providerAttributes: { third_party_security_mode: "permissive" } })).toThrow(/providerAttributes\.third_party_security_mode: third_party_security_mode has its own field/);
  expect(() => app(stack, "c", { providerAttributes: { client_secret: "abc" } })).toThrow(/providerAttributes\.client_secret: auth0_client has no attribute client_secret/);
  expect(() => new PermissiveThirdPartyApp(stack, "d", { name: "D", appType: "regular_web", justification: "partner SSO", reviewBy: "2027-03-31", addons: { bogus: [{}] } as never })).toThrow(/addons/);
  expect(() => app(stack, "e", { providerAttributes: { compliance_level: "none" } })).not.toThrow();
});

test("public PEM blocks, references, Terraform expressions and null pass; a reference in one attribute does not let another through", () => {
  const { stack } = testStack();
  const CERT = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----";
  const PUBLIC = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYI\n-----END PUBLIC KEY-----";
  const level = new TerraformVariable(stack, "level", { type: "string" });
  expect(() => new PermissiveThirdPartyApp(stack, "saml", { name: "S", appType: "regular_web", justification: "partner SSO", reviewBy: "2027-03-31", addons: { samlp: [{ signing_cert: CERT }] } as never })).not.toThrow();
  expect(() => app(stack, "keys", { providerAttributes: { encryption_key: { pub: PUBLIC, cert: CERT } } })).not.toThrow();
  expect(() => app(stack, "expr", { providerAttributes: { require_pushed_authorization_requests: "${var.par}", compliance_level: null } })).not.toThrow();
  expect(() => app(stack, "ref", { providerAttributes: { compliance_level: level.stringValue } })).not.toThrow();
  expect(() => app(stack, "mixed", { providerAttributes: { compliance_level: level.stringValue, third_party_security_mode: "permissive" } })).toThrow(/providerAttributes\.third_party_security_mode: third_party_security_mode has its own field/);
  const whole = new TerraformVariable(stack, "attrs", { type: "any" });
  expect(() => app(stack, "whole", { providerAttributes: whole.value })).toThrow(/providerAttributes is a reference; give an object of attributes/);
});

test("a URL whose password is a Terraform expression holds no secret in the text", () => {
  const { stack } = testStack();
  expect(() => app(stack, "svc", { callbacks: ["https://svc:${var.pw}@a.example.com/cb"] })).not.toThrow();
  expect(() => app(stack, "lit", { callbacks: ["https://svc:not-telling-anyone@a.example.com/cb"] })).toThrow(/a URL with a password/);
});

// (A signing algorithm and a DCR security mode are the policy's to judge, as in plans and HCL: TPA107, TPA111.)
describe("a prop outside its vocabulary (a JavaScript caller's typo) is refused where it is given, with the values allowed", () => {
  const api = (s: Construct) => new ProtectedApi(s, "orders", { identifier: "https://api.acme.test/orders", scopes: ["read"] });
  const cases: [string, (s: Construct) => unknown, RegExp][] = [
    ["an app's appType", (s) => app(s, "a", { appType: "SPA" }), /third-party app "a": appType "SPA" is not one of regular_web, spa, native/],
    ["an app's tokenEndpointAuthMethod", (s) => app(s, "a", { tokenEndpointAuthMethod: "secret_post" }), /tokenEndpointAuthMethod "secret_post" is not one of none, client_secret_post/],
    ["an app's redirectionPolicy", (s) => app(s, "a", { redirectionPolicy: "always" }), /redirectionPolicy "always" is not one of allow_always, open_redirect_protection/],
    ["an app's refresh-token rotation", (s) => app(s, "a", { refreshToken: { expirationType: "expiring", rotationType: "rotate" } }), /refreshToken\.rotationType "rotate" is not one of rotating, non-rotating/],
    ["an API's signingAlg", (s) => new ProtectedApi(s, "x", { identifier: "https://x.acme.test", signingAlg: "ES256" } as never), /API "x": signingAlg "ES256" is not one of RS256, HS256, PS256/],
    ["an API's access policy for machines", (s) => new ProtectedApi(s, "x", { identifier: "https://x.acme.test", accessPolicy: { client: "allow_all" } } as never), /accessPolicy\.client "allow_all" is not one of require_client_grant, deny_all/],
    ["a grant's subject type", (s) => api(s).grantTo(app(s, "a"), { subjectType: "users", scopes: ["read"] } as never), /grant of API "orders" to app "a": subjectType "users" is not one of user, client/],
    ["a default grant's subject type", (s) => api(s).grantDefault({ subjectType: "machine", scopes: ["read"] } as never), /default grant of API "orders": subjectType "machine" is not one of user, client/],
    ["an organization's third-party access", (s) => new PartnerOrganization(s, "acme", { name: "acme", thirdPartyClientAccess: true } as never), /organization "acme": thirdPartyClientAccess true is not one of allow, block/],
    ["a rate limit's action", (s) => new AuthenticationRateLimit(s, "rl", { group: "default", action: "deny", limit: 1 } as never), /action "deny" is not one of allow, block, log, redirect/],
  ];
  test.each(cases)("%s", (_what, make, message) => {
    const { stack } = testStack();
    expect(() => make(stack)).toThrow(message);
  });

  test("a value known only at plan is left to the plan", () => {
    const { stack } = testStack();
    const appType = new TerraformVariable(stack, "app_type", { type: "string" }).stringValue;
    expect(() => app(stack, "a", { appType })).not.toThrow();
  });

  test("an API's scopes given as a reference are refused: each scope is a block written at synth", () => {
    const { stack } = testStack();
    const scopes = new TerraformVariable(stack, "scopes", { type: "list(string)" }).listValue;
    expect(() => new ProtectedApi(stack, "x", { identifier: "https://x.acme.test", scopes })).toThrow(/API "x": scopes is a reference; list the scopes the API defines/);
  });
});

describe("props of another kind (a JavaScript caller's mistake) are refused with what the prop takes, not a TypeError from inside", () => {
  const cases: [string, (s: Construct) => unknown, RegExp][] = [
    ["no props", (s) => new StrictThirdPartyApp(s, "a", undefined as never), /third-party app "a": give its props, an object such as/],
    ["a permissive app without props", (s) => new PermissiveThirdPartyApp(s, "p", undefined as never), /permissive third-party app "p": give its props/],
    ["a text for callbacks", (s) => app(s, "a", { callbacks: "https://a.example/cb" } as never), /third-party app "a": callbacks takes a list of strings, not a string/],
    ["a number for a name", (s) => app(s, "a", { name: 42 } as never), /third-party app "a": name takes a string, not a number/],
    ["a grant to no app", (s) => new ProtectedApi(s, "orders", { identifier: "https://api.acme.test/orders" }).grantTo(null as never, { subjectType: "user", scopes: [] }), /grant of API "orders": give the app/],
  ];
  test.each(cases)("%s", (_what, make, message) => {
    const { stack } = testStack();
    expect(() => make(stack)).toThrow(message);
  });

  test("a grant's subject type given as a reference is refused with the fix: it names the grant's construct", () => {
    const { stack } = testStack();
    const subjectType = new TerraformVariable(stack, "subject", { type: "string" }).stringValue;
    const api = new ProtectedApi(stack, "orders", { identifier: "https://api.acme.test/orders", scopes: ["read"] });
    expect(() => api.grantTo(app(stack, "a"), { subjectType: subjectType as never, scopes: ["read"] })).toThrow(/grant of API "orders" to app "a": subjectType is a reference; give user or client/);
  });
});

test("two resources for one tenant's settings are refused at synth: each apply would undo the other", () => {
  const { app: cdkApp, stack } = testStack();
  new DcrSecurityPolicy(stack, "dcr", { enabled: true, securityMode: "strict" });
  new DcrSecurityPolicy(stack, "dcr-again", { enabled: false });
  expect(() => synthApp(cdkApp)).toThrow(/test\/dcr\/tenant and test\/dcr-again\/tenant are both auth0_tenant of one tenant, which has one set of these settings/);
});

test("tenants of two aliased providers each have their settings", () => {
  const { app: cdkApp, stack } = testStack();
  const other = new Auth0Provider(stack, "auth0-eu", { alias: "eu", domain: "acme-eu.eu.auth0.com" });
  new DcrSecurityPolicy(stack, "dcr", { enabled: true, securityMode: "strict" });
  const eu = new DcrSecurityPolicy(stack, "dcr-eu", { enabled: true, securityMode: "strict" });
  eu.tenant.provider = other;
  expect(() => synthApp(cdkApp)).not.toThrow();
});
