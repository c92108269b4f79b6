import { authMethodOf, grantTypesOf, PUBLIC_APP_TYPES, strictClientRule } from "../auth0";
import { NO_VIOLATIONS } from "../rule";

export const TPA102 = strictClientRule(
  {
    id: "TPA102",
    title: "client_credentials on a strict app needs a confidential client",
    severity: "error",
    fact: "A strict app can use client_credentials only as a confidential client (token_endpoint_auth_method other than none). The provider creates spa and native clients with method none, and sets the method of auth0_client_credentials only after the client exists, so a strict spa or native app with client_credentials is refused with HTTP 400 whatever method it declares.",
    source: "docs/auth0-facts.md#client-credentials",
    fix: "Use app type non_interactive or regular_web with client_secret_post, client_secret_basic or private_key_jwt, or drop client_credentials.",
  },
  (ctx) => {
    const isConfidentialOnly = (g: string) => ctx.profile.strict.confidentialOnlyGrantTypes.includes(g);
    return (client) => {
      const grantTypes = grantTypesOf(client, ctx.read);
      if (!grantTypes.some(isConfidentialOnly)) return NO_VIOLATIONS; // most clients: no list of none
      const confidentialOnly = grantTypes.filter(isConfidentialOnly);
      const appType = ctx.read(client, "app_type");
      if (PUBLIC_APP_TYPES.includes(String(appType))) {
        return [
          {
            resource: client,
            attribute: "app_type",
            message: `${confidentialOnly.join(", ")} on a ${String(appType)} app: the provider creates ${String(appType)} clients with token endpoint auth method "none", so Auth0 refuses the client (HTTP 400) before any other method can be set`,
          },
        ];
      }
      if (authMethodOf(ctx, client) !== "none") return [];
      return [
        {
          resource: client,
          attribute: "grant_types",
          message: `${confidentialOnly.join(", ")} with token endpoint auth method "none" (a public client)`,
        },
      ];
    };
  },
);
