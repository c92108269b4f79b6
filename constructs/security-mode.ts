/** Auth0's security modes: a client's third_party_security_mode and the tenant's DCR security mode take these. */
export const SECURITY_MODES = ["strict", "permissive"] as const;

export type ThirdPartySecurityMode = (typeof SECURITY_MODES)[number];

/** What a value that is not one of them is, in reports (the value itself is not quoted: it is the user's text). */
export const NOT_A_SECURITY_MODE = "is neither strict nor permissive (Auth0 has only these two modes, in lower case)";

export function isSecurityMode(value: unknown): value is ThirdPartySecurityMode {
  // the two compared, not SECURITY_MODES searched: asked several times of every client of large tenants
  return value === SECURITY_MODES[0] || value === SECURITY_MODES[1];
}

/** Auth0 gives strict clients IDs that start with tpc_ (docs/auth0-facts.md, "Immutability"): an ID alone marks one. */
export function isStrictClientId(clientId: unknown): boolean {
  return typeof clientId === "string" && clientId.startsWith("tpc_");
}
