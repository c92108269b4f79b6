import { ruleForRefusal } from "../verify/refusals";

// Auth0's refusals mapped to the rule that should have caught them: the emulator's texts (ours, since Auth0
// publishes none for strict clients) and the Management API messages on record (docs/auth0-facts.md "Client credentials").
test.each([
  ["Invalid grant types: implicit", "TPA101"],
  ["Invalid grant types: client_credentials (a public client)", "TPA102"],
  ['Application must not have Token Endpoint Authentication Method set to "none" when client_credentials grant type is enabled', "TPA102"],
  ["third_party_security_mode permissive is not available to this tenant", "TPA120"],
  ["is_first_party cannot be changed", "TPA113"],
  ["Property not supported for third-party clients: sso", "TPA106"],
  ["Property not supported for third-party clients: require_pushed_authorization_requests", "TPA106"],
  ["Invalid app_type: rich_client", "TPA110"],
  ["Invalid jwt_configuration.alg: HS256", "TPA107"],
  ["Refresh tokens must expire", "TPA108"],
  ["Refresh tokens need a finite idle lifetime", "TPA108"],
  ["Wildcards are not allowed in callbacks", "TPA109"],
  ["oidc_conformant must be true", "TPA105"],
  ["Cross-origin authentication is not supported", "TPA105"],
  ["Not supported: samlp", "TPA105"],
  // several problems in one answer: the first one a rule covers
  ["Something new; Invalid jwt_configuration.alg: HS256; Refresh tokens must expire", "TPA107"],
])("%s → %s", (message, rule) => {
  expect(ruleForRefusal(message)).toBe(rule);
});

test("a refusal no rule covers maps to null (reported as a gap)", () => {
  expect(ruleForRefusal("Payload validation error: 'Missing required property: name'")).toBeNull();
});
