import type { Management } from "auth0";
import type { Mode } from "./to-policy";
import type { TenantSnapshot } from "./tenant-snapshot";
import type { SnapshotIndex } from "./snapshot-index";
import { isSecurityMode, isStrictClientId } from "../constructs/security-mode";

/**
 * What the Management API does not say outright about a client, inferred from what it does say. Each function
 * returns the evidence (for reports), empty when there is none.
 */

/**
 * The mode the client behaves in. Auth0 reports third_party_security_mode for clients created since the field
 * exists; a third-party client without it predates the field and keeps the existing (permissive) behaviour,
 * unless its tpc_ client ID marks it strict (CIMD clients registered before the field was reported:
 * the recording TestAccClientCIMD.yaml, docs/auth0-facts.md "CIMD").
 */
export function effectiveMode(client: Management.Client): Mode {
  if (isSecurityMode(client.third_party_security_mode)) return client.third_party_security_mode;
  return isStrictClientId(client.client_id) ? "strict" : "permissive";
}

/**
 * Signs that the app needs OIDC (ID tokens, sessions), which strict apps do not get (scenario 2). Requested
 * scopes live in the app's /authorize calls, not in the Management API, so this is evidence, not proof.
 */
export function oidcEvidence(client: Management.Client): readonly string[] {
  const implicit = client.grant_types?.includes("implicit") === true;
  const logout = hasItems(client.allowed_logout_urls);
  const backchannel = hasItems(client.oidc_logout?.backchannel_logout_urls) || hasItems((client as { oidc_backchannel_logout_urls?: unknown }).oidc_backchannel_logout_urls);
  if (!implicit && !logout && !backchannel) return NO_EVIDENCE; // most clients: one list for all of them
  const out: string[] = [];
  if (implicit) out.push("the implicit grant (ID tokens from /authorize)");
  if (logout) out.push("logout URLs (OIDC RP-initiated logout)");
  if (backchannel) out.push("OIDC back-channel logout URLs");
  return out;
}

const NO_EVIDENCE: readonly string[] = Object.freeze([]);

/** A list with items, or (a deploy-cli keyword without a mapping) text that stands for one. */
function hasItems(list: unknown): boolean {
  return (Array.isArray(list) || typeof list === "string") && list.length > 0;
}

export interface Evidence {
  readonly reason: string;
  /** recorded by Auth0, rather than inferred */
  readonly certain: boolean;
}

/** Signs that the client registered itself, through DCR or from a metadata document (scenario 3). */
export function selfRegistrationEvidence(client: Management.Client, snapshot: TenantSnapshot, index: Pick<SnapshotIndex, "withOwnGrant">): Evidence | undefined {
  // Recorded by Auth0 (external_metadata_type: cimd | dcr, SDK 7.1.0): decides before any guess below.
  if (client.external_metadata_type === "cimd") return { reason: "registered from a Client ID Metadata Document (CIMD)", certain: true };
  if (client.external_metadata_type === "dcr") return { reason: "registered through Dynamic Client Registration (DCR)", certain: true };
  if (client.external_metadata_created_by === "client") return { reason: "registered by the client itself", certain: true };
  const dcrOn = snapshot.tenantSettings?.flags?.enable_dynamic_client_registration === true;
  // the grant look-up last: it is the costly question, asked of tens of thousands of clients
  if (dcrOn && isStrictClientId(client.client_id) && !index.withOwnGrant.has(client.client_id!)) {
    return {
      reason: "probably registered through DCR: DCR is on and this tpc_ client has no per-app grant (DCR clients rely on default permissions)",
      certain: false,
    };
  }
  return undefined;
}

/** Signs of Classic Login: a client login page, or the tenant on the classic experience (scenario 4). */
export function classicLoginEvidence(client: Management.Client, snapshot: TenantSnapshot): string | undefined {
  if (snapshot.prompts?.universal_login_experience === "classic") return "the tenant uses the Classic Login experience";
  if (client.custom_login_page && client.custom_login_page.trim() !== "" && client.custom_login_page_on !== false) {
    return "the client has a custom (Classic) login page";
  }
  return undefined;
}

const MODERN_GRANTS = ["authorization_code", "refresh_token", "client_credentials"];

const isModernGrant = (grantType: string) => MODERN_GRANTS.includes(grantType);

/** A modern OAuth partner (scenario 1): only the grants strict apps keep. */
export function isModernOAuth(client: Management.Client): boolean {
  return (client.grant_types ?? []).every(isModernGrant);
}
