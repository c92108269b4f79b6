import { accessPolicyOf, dcrModeOf, someNames, thirdPartyClients } from "../auth0";
import { each, rule, where } from "../rule";

export const TPA122 = rule(
  {
    id: "TPA122",
    title: "Permissive apps or permissive DCR can reach an API whose user access policy is allow_all",
    severity: "warning",
    fact: "Permissive third-party apps, and clients registered through permissive DCR, follow the API's access policy, so under user policy allow_all (the default for new APIs) they reach the API without any grant.",
    source: "docs/auth0-facts.md#access-policies",
    fix: "Set the API's user access policy to require_client_grant and grant the apps that need it (this also affects first-party apps).",
  },
  (ctx) => {
    const permissive = thirdPartyClients(ctx, "permissive").map((c) => c.name);
    const permissiveDcr = where(ctx.ofType("auth0_tenant"), (t) => dcrModeOf(ctx, t) === "permissive").length > 0;
    if (permissive.length === 0 && !permissiveDcr) return [];
    const who = [
      ...(permissive.length > 0 ? [`${permissive.length} permissive app(s) (${someNames(permissive)})`] : []),
      ...(permissiveDcr ? ["clients registered through permissive DCR"] : []),
    ].join(" and ");
    return each(ctx.ofType("auth0_resource_server"), (api) =>
      accessPolicyOf(ctx, api, "user") === "allow_all"
        ? [{ resource: api, attribute: "subject_type_authorization.user.policy", message: `user policy allow_all: ${who} reach this API without a grant` }]
        : [],
    );
  },
);
