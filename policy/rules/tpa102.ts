import { authMethodOf, grantTypesOf, strictClients } from "../auth0";
import { rule } from "../rule";

export const TPA102 = rule(
  {
    id: "TPA102",
    title: "client_credentials on a strict app needs a confidential client",
    severity: "error",
    fact: "A strict app can use client_credentials only as a confidential client (token_endpoint_auth_method other than none).",
    source: "AUTH0-STRICT-FACTS.md §1.1 (D-SC 'Machine-to-machine', D-3P, D-TS)",
    fix: "Set tokenEndpointAuthMethod to client_secret_post, client_secret_basic or private_key_jwt, or drop client_credentials.",
  },
  (ctx) =>
    strictClients(ctx).flatMap((client) => {
      const confidentialOnly = grantTypesOf(client).filter((g) => ctx.profile.strict.confidentialOnlyGrantTypes.includes(g));
      if (confidentialOnly.length === 0) return [];
      const method = authMethodOf(ctx, client);
      if (method === "unresolved") {
        return [{ resource: client, attribute: "grant_types", unresolved: true, message: "the token endpoint auth method is only known at apply" }];
      }
      if (method !== "none") return [];
      return [
        {
          resource: client,
          attribute: "grant_types",
          message: `${confidentialOnly.join(", ")} with token endpoint auth method "none" (a public client)`,
        },
      ];
    }),
);
