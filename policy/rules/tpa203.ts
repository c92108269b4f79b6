import { audienceOfGrant, clientGrants, grantClientOf, isDefaultGrant, isSystemAudience, outsideClient } from "../auth0";
import { eachRule } from "../rule";

export const TPA203 = eachRule(
  {
    id: "TPA203",
    title: "Grant to a system API for third-party apps",
    severity: "error",
    fact: "Third-party apps cannot be granted Auth0's system APIs (Management, MFA, My Account, My Organization), and no default grant may target them.",
    source: "docs/auth0-facts.md#system-apis",
    fix: "Remove the grant; expose what the app needs through your own API.",
  },
  clientGrants,
  (ctx) => (grant) => {
    const audience = audienceOfGrant(ctx, grant);
    if (!isSystemAudience(audience, ctx.tenant.domain)) return [];
    const isDefault = isDefaultGrant(grant, ctx.read);
    const client = isDefault ? undefined : grantClientOf(ctx, grant);
    if (client && "outside" in client) return [outsideClient(grant, client)];
    if (!isDefault && !client?.thirdParty) return [];
    return [{ resource: grant, attribute: "audience", message: `${isDefault ? "default grant" : `grant to third-party ${client!.name}`} on system API ${audience}` }];
  },
);
