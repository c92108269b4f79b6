/**
 * Which of our rules should have caught a refusal from Auth0. Auth0 does not publish its 400 texts for
 * strict clients (docs/auth0-facts.md), so this matches the words the known messages use: the
 * Management API's "Invalid grant types: ..." and "... "none" when client_credentials grant type is enabled"
 * (docs/auth0-facts.md), and the property names the rules' facts name. First match wins, most specific first.
 */
const REFUSAL_RULES: readonly { readonly rule: string; readonly pattern: RegExp }[] = [
  { rule: "TPA102", pattern: /client_credentials.*(public client|"?none"?)|("?none"?|public client).*client_credentials/i },
  { rule: "TPA120", pattern: /permissive/i },
  { rule: "TPA113", pattern: /is_first_party|first[- ]party/i },
  { rule: "TPA101", pattern: /grant[ _-]?type/i },
  { rule: "TPA106", pattern: /\bsso\b|pushed_authorization|jwt_configuration\.scopes|property not supported|not supported for third-party/i },
  { rule: "TPA110", pattern: /app_type|application type/i },
  { rule: "TPA107", pattern: /\balg\b|signing algorithm|HS256/i },
  { rule: "TPA108", pattern: /refresh[ _-]?token|idle/i },
  { rule: "TPA109", pattern: /wildcard/i },
  { rule: "TPA105", pattern: /oidc_conformant|cross[- ]origin|samlp|wsfed|saml|ws-fed/i },
];

/** The rule ID for one refusal message, or null when no rule covers it (a gap worth reporting). */
export function ruleForRefusal(message: string): string | null {
  const first = message.split(/;\s*/).find((part) => REFUSAL_RULES.some((r) => r.pattern.test(part))) ?? "";
  return REFUSAL_RULES.find((r) => r.pattern.test(first))?.rule ?? null;
}
