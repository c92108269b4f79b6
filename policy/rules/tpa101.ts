import { grantTypesOf, strictClientRule } from "../auth0";
import { NO_VIOLATIONS } from "../rule";

export const TPA101 = strictClientRule(
  {
    id: "TPA101",
    title: "Strict client uses a grant type its capability profile does not allow",
    severity: "error",
    fact: "Strict apps may use only authorization_code and refresh_token (and client_credentials since 2026-05-28); implicit, password, device code and legacy grants are never available. The allowed set is data: the capability profile.",
    source: "docs/auth0-facts.md#grant-types",
    fix: "Remove the grant type, or keep the app permissive (if the tenant is eligible) with a justification.",
  },
  (ctx) => {
    const allowed = ctx.profile.strict.grantTypes;
    const notAllowed = (g: string) => !allowed.includes(g);
    return (client) => {
      // ["implicit", var.extra]: implicit is refused whatever the other one is
      const grantTypes = grantTypesOf(client, ctx.readKnownItems);
      if (!grantTypes.some(notAllowed)) return NO_VIOLATIONS; // most clients: no list of the grant types not allowed
      const bad = grantTypes.filter(notAllowed);
      return [
        {
          resource: client,
          attribute: "grant_types",
          message: `grant type${bad.length > 1 ? "s" : ""} ${bad.join(", ")} not allowed for strict apps under ${ctx.profile.id} (allowed: ${allowed.join(", ")})`,
        },
      ];
    };
  },
);
