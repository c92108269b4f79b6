import strict202604 from "./strict-2026-04.json";
import strict202605 from "./strict-2026-05.json";

/**
 * A capability profile: what strict mode allows at one point in Auth0's rollout.
 * Auth0 keeps changing the matrix ("OIDC planned"), so profiles are data files, newest last.
 */
export interface CapabilityProfile {
  readonly id: string;
  readonly title: string;
  readonly effectiveFrom: string;
  readonly source: string;
  readonly strict: {
    /** grant types a strict client may use */
    readonly grantTypes: readonly string[];
    /** grant types only a confidential client (token endpoint auth method other than none) may use */
    readonly confidentialOnlyGrantTypes: readonly string[];
    /** grant types unavailable to DCR- and CIMD-registered clients */
    readonly dcrExcludedGrantTypes: readonly string[];
    readonly appTypes: readonly string[];
    readonly signingAlgorithms: readonly string[];
    /** whether strict apps get ID tokens for openid/profile/email */
    readonly oidcScopesProcessed: boolean;
    /** client properties outside the curated set (dotted attribute paths of auth0_client) and why */
    readonly rejectedProperties: readonly { readonly attribute: string; readonly why: string }[];
  };
}

export const PROFILES: readonly CapabilityProfile[] = [strict202604, strict202605];

export const PROFILE_IDS = PROFILES.map((p) => p.id) as [string, ...string[]];

export const NEWEST_PROFILE_ID = PROFILES[PROFILES.length - 1].id;

export function profileById(id: string): CapabilityProfile {
  const found = PROFILES.find((p) => p.id === id);
  if (!found) {
    throw new Error(`unknown capability profile "${id}": use one of ${PROFILE_IDS.join(", ")}`);
  }
  return found;
}
