import { isDefaultGrant, isSystemAudience, isThirdParty } from "../auth0";
import { rule } from "../rule";

export const TPA203 = rule(
  {
    id: "TPA203",
    title: "Grant to a system API for third-party apps",
    severity: "error",
    fact: "Third-party apps cannot be granted Auth0's system APIs (Management, MFA, My Account, My Organization), and no default grant may target them.",
    source: "AUTH0-STRICT-FACTS.md §1.2 (D-SC, D-CG)",
    fix: "Remove the grant; expose what the app needs through your own API.",
  },
  (ctx) =>
    ctx.ofType("auth0_client_grant").flatMap((grant) => {
      const audience = grant.attributes.audience;
      if (typeof audience !== "string" || !isSystemAudience(audience, ctx.tenant.domain)) return [];
      const client = ctx.referenced(grant.attributes.client_id);
      if (!isDefaultGrant(grant) && !(client && isThirdParty(client))) return [];
      return [{ resource: grant, attribute: "audience", message: `${isDefaultGrant(grant) ? "default grant" : `grant to third-party ${client!.name}`} on system API ${audience}` }];
    }),
);
