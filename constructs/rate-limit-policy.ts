import { Construct } from "constructs";
import { Token } from "cdktf";
import { RateLimitPolicy } from "../.gen/providers/auth0/rate-limit-policy";
import { addressBelowStack, annotate } from "./addressing";
import type { ThirdPartyApp } from "./third-party-app";
import { checkStackOf, refuseSecretProps, refuseUnknownValue } from "./checks";
import { RATE_LIMIT_ACTIONS, RATE_LIMIT_GROUPS, RateLimitAction, RateLimitGroup } from "./vocabulary";

export interface AuthenticationRateLimitProps {
  /**
   * which traffic: "third_party_clients" (one pooled counter for third-party apps), "cimd_clients" (one for
   * CIMD clients), "default" (a counter per app), or one app. Exactly one of `group` and `app`.
   * @default none
   */
  readonly group?: RateLimitGroup;
  /** one app: a policy with the selector client_id:<its client ID> @default none */
  readonly app?: ThirdPartyApp;
  /** what Auth0 does over the limit: allow, block (HTTP 429), log (api_limit events) or redirect */
  readonly action: RateLimitAction;
  /** requests per window, 0-10000 (0 blocks the app entirely); required for block, log and redirect @default none */
  readonly limit?: number;
  /** where redirect sends the user; an https URL, required for redirect and only valid there @default none */
  readonly redirectUri?: string;
  /** the environment-file address, for reports @default none */
  readonly target?: string;
}

/**
 * A custom rate limit on Auth0's Authentication API (/authorize, /oauth/token, ...) for third-party or CIMD
 * traffic, or one app: the provider's auth0_rate_limit_policy, **Early Access** (provider ≥ 1.52, public
 * cloud). Strict apps' tpc_ prefix is what lets Auth0 count third-party traffic (docs/auth0-facts.md "Rate
 * limits"); whether third_party_clients also counts permissive apps is not documented.
 */
export class AuthenticationRateLimit extends Construct {
  public readonly policy: RateLimitPolicy;
  /** the consumer_selector sent to Auth0 */
  public readonly selector: string;

  constructor(scope: Construct, id: string, props: AuthenticationRateLimitProps) {
    super(scope, id);
    refuseSecretProps(`rate limit "${id}"`, props);
    checkStackOf(this);
    const where = `rate limit "${id}"`;
    if ((props.group === undefined) === (props.app === undefined)) {
      throw new Error(`${where}: set exactly one of group (${RATE_LIMIT_GROUPS.join(", ")}) and app`);
    }
    refuseUnknownValue(where, "group", props.group, RATE_LIMIT_GROUPS);
    refuseUnknownValue(where, "action", props.action, RATE_LIMIT_ACTIONS);
    const needsLimit = props.action !== "allow";
    if (props.limit !== undefined && !Token.isUnresolved(props.limit) && (!Number.isInteger(props.limit) || props.limit < 0 || props.limit > 10000)) {
      throw new Error(`${where}: limit ${props.limit} must be a whole number from 0 to 10000`);
    }
    if (needsLimit && props.limit === undefined) throw new Error(`${where}: action ${props.action} needs a limit (0-10000 requests per window)`);
    if (props.action === "redirect" && props.redirectUri === undefined) throw new Error(`${where}: action redirect needs a redirectUri (https)`);
    if (props.redirectUri !== undefined && !Token.isUnresolved(props.redirectUri)) {
      if (props.action !== "redirect") throw new Error(`${where}: redirectUri is only valid with action redirect: remove it or use action redirect`);
      if (!/^https:\/\/[^\s/]+/.test(props.redirectUri)) throw new Error(`${where}: redirectUri "${props.redirectUri}" must be an https URL`);
    }

    this.selector = props.app ? `client_id:${props.app.client.clientId}` : props.group!;
    this.policy = new RateLimitPolicy(this, "policy", {
      resource: "oauth_authentication_api",
      consumer: "client",
      consumerSelector: this.selector,
      configuration: {
        action: props.action,
        // the provider sends only the chosen action's fields (ratelimitpolicy/expand.go)
        ...(needsLimit && { limit: props.limit }),
        ...(props.action === "redirect" && { redirectUri: props.redirectUri }),
      },
    });
    this.policy.overrideLogicalId(addressBelowStack(this));
    annotate(this.policy, { role: "rate-limit-policy", target: props.target });
  }
}
