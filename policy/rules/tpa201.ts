import { accessPolicyOf, apiByIdentifier, audienceOfGrant, defaultGrants, effectiveModeOf, grantTypesOf, isDefaultGrant, isUserFlow, subjectTypeOf, thirdPartyClients } from "../auth0";
import type { PolicyResource } from "../model";
import { attempt, each, eachRule, RuleContext, Violation, where } from "../rule";

/**
 * The strict clients that call APIs (environment files say which): only their modes are read, so where nothing says
 * what an app calls (tpa check, an audit) the rule has nothing to check, rather than a mode it cannot read.
 */
const strictClientsThatCall = (ctx: RuleContext): readonly PolicyResource[] =>
  ctx.shared("strictClientsThatCall", (c) => where(thirdPartyClients(c), (client) => (client.annotation.calls?.length ?? 0) > 0 && effectiveModeOf(c, client) === "strict"));

export const TPA201 = eachRule(
  {
    id: "TPA201",
    title: "Strict app calls an API it has no grant for",
    severity: "error",
    fact: "A strict app reaches an API only through a client grant, per-app or default (default_for third_party_clients), whatever the API's access policy; user-delegated flows need a user grant, client_credentials a client grant. An API whose policy for the subject type is deny_all admits no app, grant or not. Otherwise: unauthorized_client.",
    source: "docs/auth0-facts.md#api-access",
    fix: "Add a per-app grant (permissions: in the app) or default permissions for the API with the right subject type; for a deny_all API, change its access policy to require_client_grant.",
  },
  strictClientsThatCall,
  (ctx) => {
    const defaults = new Set(defaultGrants(ctx).map((g) => attempt(() => grantKey(ctx, g))));
    return (client): Violation[] => {
      const calls = client.annotation.calls ?? [];
      if (calls.length === 0) return [];
      const own = where(ctx.referrers("auth0_client_grant", "client_id", client), (g) => !isDefaultGrant(g, ctx.read));
      const grantTypes = grantTypesOf(client, ctx.read);
      const needed = [
        ...(isUserFlow(grantTypes) ? ["user"] : []),
        ...(grantTypes.includes("client_credentials") ? ["client"] : []),
      ];
      return calls.flatMap((audience) => {
        const api = apiByIdentifier(ctx, audience);
        return each(needed, (subject) => {
          if (api && accessPolicyOf(ctx, api, subject) === "deny_all") {
            return [{ resource: client, message: `calls ${audience}, whose ${subject} access policy is deny_all: no app is admitted, whatever its grants` }];
          }
          const key = `${audience}|${subject}`;
          const granted = defaults.has(key) || own.some((g) => grantKey(ctx, g) === key);
          return granted ? [] : [{ resource: client, message: `calls ${audience} but has no ${subject} grant for it, per-app or default` }];
        });
      });
    };
  },
);

/** What a grant serves: its audience (resolved to the API's identifier) and subject type. */
function grantKey(ctx: RuleContext, grant: PolicyResource): string {
  return `${audienceOfGrant(ctx, grant)}|${subjectTypeOf(grant, ctx.read)}`;
}
