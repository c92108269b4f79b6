/**
 * Which of our rules should have caught a refusal from Auth0. Auth0 does not publish its 400 texts for
 * strict clients (AUTH0-STRICT-FACTS.md §7, §10.2), so this matches the words the known messages use: the
 * Management API's "Invalid grant types: ..." and "... "none" when client_credentials grant type is enabled"
 * (§1.4, §11), and the property names of §1.3-§1.6. First match wins, most specific first.
 */
const REFUSAL_RULES: readonly { readonly rule: string; readonly pattern: RegExp }[] = [
  { rule: "TPA102", pattern: /client_credentials.*(public client|"?none"?)|("?none"?|public client).*client_credentials/i }, // §1.1, §11
  { rule: "TPA120", pattern: /permissive/i }, // §1.2 D-PERM
  { rule: "TPA113", pattern: /is_first_party|first[- ]party/i }, // §1.8
  { rule: "TPA101", pattern: /grant[ _-]?type/i }, // §1.1
  { rule: "TPA106", pattern: /\bsso\b|pushed_authorization|jwt_configuration\.scopes|property not supported|not supported for third-party/i }, // §1.4 PR1555
  { rule: "TPA110", pattern: /app_type|application type/i }, // §1.4
  { rule: "TPA107", pattern: /\balg\b|signing algorithm|HS256/i }, // §1.4
  { rule: "TPA108", pattern: /refresh[ _-]?token|idle/i }, // §1.6
  { rule: "TPA109", pattern: /wildcard/i }, // §1.3
  { rule: "TPA105", pattern: /oidc_conformant|cross[- ]origin|samlp|wsfed|saml|ws-fed/i }, // §1.3
];

/** The rule ID for one refusal message, or null when no rule covers it (a gap worth reporting). */
export function ruleForRefusal(message: string): string | null {
  const first = message.split(/;\s*/).find((part) => REFUSAL_RULES.some((r) => r.pattern.test(part))) ?? "";
  return REFUSAL_RULES.find((r) => r.pattern.test(first))?.rule ?? null;
}
