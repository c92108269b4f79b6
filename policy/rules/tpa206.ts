import { clientGrants, grantClientOf, isDefaultGrant, outsideClient } from "../auth0";
import { eachRule } from "../rule";

export const TPA206 = eachRule(
  {
    id: "TPA206",
    title: "Grant with allow_any_organization for third-party apps",
    severity: "error",
    fact: "allow_any_organization on a client grant is not permitted for third-party apps: their organization access goes through explicit organization grants.",
    source: "docs/auth0-facts.md#organizations",
    fix: "Remove allow_any_organization from the grant and grant the organizations the app needs one by one.",
  },
  clientGrants,
  (ctx) => (grant) => {
    if (ctx.read(grant, "allow_any_organization") !== true) return [];
    const isDefault = isDefaultGrant(grant, ctx.read);
    const client = isDefault ? undefined : grantClientOf(ctx, grant);
    if (client && "outside" in client) return [outsideClient(grant, client)];
    if (!isDefault && !client?.thirdParty) return [];
    return [
      {
        resource: grant,
        attribute: "allow_any_organization",
        message: `allow_any_organization on ${isDefault ? "a default grant for third-party apps" : `a grant of third-party ${client!.name}`}`,
      },
    ];
  },
);
