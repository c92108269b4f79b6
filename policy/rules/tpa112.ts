import { allClients, effectiveModeOf, isThirdParty } from "../auth0";
import { eachRule, Violation } from "../rule";

export const TPA112 = eachRule(
  {
    id: "TPA112",
    title: "redirection_policy allows open redirects, or is set where it has no effect",
    severity: "warning",
    fact: "redirection_policy defaults to open_redirect_protection for third-party clients and takes effect only on strict third-party clients; allow_always sends users to the app's callback on errors.",
    source: "docs/auth0-facts.md#redirection-policy",
    fix: "Use open_redirect_protection unless every callback is yours (then suppress with that reason); remove the setting from first-party and permissive apps.",
  },
  allClients,
  (ctx) => (client): Violation[] => {
    const policy = ctx.read(client, "redirection_policy");
    if (policy === undefined || policy === null) return [];
    const thirdParty = isThirdParty(client, ctx.read);
    const mode = effectiveModeOf(ctx, client);
    if (mode === "invalid") return []; // no mode at all: TPA111
    if (!thirdParty || mode !== "strict") {
      return [{ resource: client, attribute: "redirection_policy", message: `redirection_policy ${String(policy)} has no effect on ${thirdParty ? "a permissive" : "a first-party"} client` }];
    }
    return policy === "allow_always"
      ? [{ resource: client, attribute: "redirection_policy", message: "redirection_policy allow_always redirects users to the callback on authentication errors" }]
      : [];
  },
);
