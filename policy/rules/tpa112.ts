import { isThirdParty, modeOf } from "../auth0";
import { rule, Violation } from "../rule";

export const TPA112 = rule(
  {
    id: "TPA112",
    title: "redirection_policy allows open redirects, or is set where it has no effect",
    severity: "warning",
    fact: "redirection_policy defaults to open_redirect_protection for third-party clients and takes effect only on strict third-party clients; allow_always sends users to the app's callback on errors.",
    source: "AUTH0-STRICT-FACTS.md §1.7 (OAS ClientRedirectionPolicyEnum)",
    fix: "Use open_redirect_protection unless every callback is yours (then suppress with that reason); remove the setting from first-party and permissive apps.",
  },
  (ctx) =>
    ctx.ofType("auth0_client").flatMap((client): Violation[] => {
      const policy = client.attributes.redirection_policy;
      if (policy === undefined || policy === null) return [];
      const strictThirdParty = isThirdParty(client) && modeOf(client) === "strict";
      if (!strictThirdParty) {
        return [{ resource: client, attribute: "redirection_policy", message: `redirection_policy ${policy} has no effect on ${isThirdParty(client) ? "a permissive" : "a first-party"} client` }];
      }
      return policy === "allow_always"
        ? [{ resource: client, attribute: "redirection_policy", message: "redirection_policy allow_always redirects users to the callback on authentication errors" }]
        : [];
    }),
);
