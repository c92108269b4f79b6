import { Construct } from "constructs";
import { ThirdPartyApp, ThirdPartyAppProps } from "./third-party-app";

/** Props of a strict third-party app: the common ones, with strict-safe defaults. */
export type StrictThirdPartyAppProps = ThirdPartyAppProps;

/**
 * A third-party application in strict mode ("enhanced security controls"): PKCE, a `tpc_` client ID, only
 * authorization_code / refresh_token (and client_credentials for confidential clients), no OIDC scopes,
 * every API reached through an explicit grant (`api.grantTo(app, ...)` or default permissions).
 *
 * Defaults of a new strict app are the strict-safe ones: authorization_code + refresh_token, OIDC-conformant,
 * RS256, expiring refresh tokens (rotating for spa and native), redirection_policy open_redirect_protection.
 * An adopted one (importClientId) gets exactly its props: the policy, not a default, keeps it strict-safe.
 * The policy pack (TPA1xx) checks what is set against the active capability profile at synth time.
 */
export class StrictThirdPartyApp extends ThirdPartyApp {
  constructor(scope: Construct, id: string, props: StrictThirdPartyAppProps) {
    super(scope, id, "strict", props);
  }
}
