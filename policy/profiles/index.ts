import * as fs from "node:fs";
import * as path from "node:path";

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
    /**
     * settings of auth0_client_credentials strict apps cannot use: an attribute, and the values refused
     * (absent: any value is refused), and why
     */
    readonly rejectedCredentials: readonly { readonly attribute: string; readonly values?: readonly string[]; readonly why: string }[];
  };
}

/**
 * Every profile file of this folder (`<id>.json`), oldest first by effectiveFrom: a new profile is a new file.
 * Read once, at load.
 */
export const PROFILES: readonly CapabilityProfile[] = fs
  .readdirSync(__dirname)
  .filter((file) => file.endsWith(".json"))
  .map((file) => {
    const profile = JSON.parse(fs.readFileSync(path.join(__dirname, file), "utf8")) as CapabilityProfile;
    if (`${profile.id}.json` !== file) throw new Error(`policy/profiles/${file}: its id must be "${file.replace(/\.json$/, "")}"`);
    return profile;
  })
  .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));

export const PROFILE_IDS = PROFILES.map((p) => p.id) as [string, ...string[]];

export const NEWEST_PROFILE_ID = PROFILES[PROFILES.length - 1].id;

export function profileById(id: string): CapabilityProfile {
  const found = PROFILES.find((p) => p.id === id);
  if (!found) {
    throw new Error(`unknown capability profile "${id}": use one of ${PROFILE_IDS.join(", ")}`);
  }
  return found;
}
