/** Auth0's security modes: a client's third_party_security_mode and the tenant's DCR security mode take these. */
export const SECURITY_MODES = ["strict", "permissive"] as const;

export type ThirdPartySecurityMode = (typeof SECURITY_MODES)[number];

export function isSecurityMode(value: unknown): value is ThirdPartySecurityMode {
  return (SECURITY_MODES as readonly unknown[]).includes(value);
}
