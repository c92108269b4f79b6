import { audienceOf, grantTypesOf, isDefaultGrant, isUserFlow, strictClients, subjectTypeOf } from "../auth0";
import { rule, Violation } from "../rule";

export const TPA201 = rule(
  {
    id: "TPA201",
    title: "Strict app calls an API it has no grant for",
    severity: "error",
    fact: "A strict app reaches an API only through a client grant, per-app or default (default_for third_party_clients), whatever the API's access policy; user-delegated flows need a user grant, client_credentials a client grant. Otherwise: unauthorized_client.",
    source: "AUTH0-STRICT-FACTS.md §1.2, §5, §7 (D-SC, D-AP, D-TS)",
    fix: "Add a per-app grant (permissions: in the app) or default permissions for the API with the right subject type.",
  },
  (ctx) =>
    strictClients(ctx).flatMap((client): Violation[] => {
      const grantTypes = grantTypesOf(client);
      const needed = [
        ...(isUserFlow(grantTypes) ? ["user"] : []),
        ...(grantTypes.includes("client_credentials") ? ["client"] : []),
      ];
      const grants = ctx.ofType("auth0_client_grant");
      return (client.annotation.calls ?? []).flatMap((audience) =>
        needed
          .filter(
            (subject) =>
              !grants.some(
                (g) =>
                  audienceOf(ctx, g.attributes.audience) === audienceOf(ctx, audience) &&
                  subjectTypeOf(g) === subject &&
                  (isDefaultGrant(g) || ctx.referenced(g.attributes.client_id) === client),
              ),
          )
          .map((subject) => ({
            resource: client,
            message: `calls ${audience} but has no ${subject} grant for it, per-app or default`,
          })),
      );
    }),
);
