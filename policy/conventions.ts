import { SECURITY_MODES, ThirdPartySecurityMode } from "../constructs/security-mode";

// What our constructs tell the policy about their resources beyond the Terraform attributes: a resource's role
// (in its "//" notes) and the mode in a third-party app's address. The constructs write them, the policy and
// the diff read them back, all through this module. Plain Terraform (HCL, plans, tenant snapshots) carries no
// role and may name its resources anyhow: every rule decides on the attributes; these only pair a resource
// with its baseline counterpart.

/** What a resource is for, as our constructs note it (ResourceNotes.role). */
export const ROLES = [
  "third-party-app",
  "third-party-app-credentials",
  "app-grant",
  "default-grant",
  "api",
  "api-scopes",
  "dcr-policy",
  "rate-limit-policy",
  "organization",
  "universal-login",
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}

const MODES = SECURITY_MODES.join("|");
const MODE_SEGMENT = new RegExp(`_(${MODES})(?=_|$)`);
/**
 * An address as appResourceAddress writes it: the mode, then nothing (the client), `_credentials` or
 * `_grant_<api>_<subject>`. The app's own part may hold a mode word too (an app with the id `strict` is
 * `apps_strict_permissive`): the greedy app part takes the last mode segment that such a suffix follows.
 */
const APP_RESOURCE_ADDRESS = new RegExp(`^(.*)_(${MODES})((?:_credentials|_grant_.+)?)$`);

/**
 * A third-party app's address: `<app>_<mode>`, its other resources' `<app>_<mode>_<what>`. Auth0 fixes a
 * client's mode at creation, so the mode is in the address: switching it plans a replacement.
 */
export function appAddress(app: string, mode: ThirdPartySecurityMode): string {
  return `${app}_${mode}`;
}

/** An address that follows appAddress, taken apart: `${app}_${mode}${rest}`. */
export interface AppAddress {
  readonly app: string;
  readonly mode: ThirdPartySecurityMode;
  /** what follows the mode: "" for the client, "_credentials", "_grant_orders_user", ... */
  readonly rest: string;
}

/** The inverse of appAddress, on a Terraform name or address; undefined when it has no mode segment. */
export function parseAppAddress(address: string): AppAddress | undefined {
  const ours = APP_RESOURCE_ADDRESS.exec(address);
  if (ours) return { app: ours[1], mode: ours[2] as ThirdPartySecurityMode, rest: ours[3] };
  // a name written by hand (`acme_strict_client`): its first mode segment
  const m = MODE_SEGMENT.exec(address);
  if (!m) return undefined;
  return { app: address.slice(0, m.index), mode: m[1] as ThirdPartySecurityMode, rest: address.slice(m.index + m[0].length) };
}

/** An address with its mode blanked (`…_<mode>…`): the same app's resource in the other mode has the same stem. */
export function modeStem(address: string): string | undefined {
  const parsed = parseAppAddress(address);
  return parsed && `${parsed.app}_<mode>${parsed.rest}`;
}
