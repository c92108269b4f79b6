import { audienceOf, grantTypesOf, isDefaultGrant, isUserFlow, strictClients, subjectTypeOf } from "../auth0";
import type { PolicyResource } from "../model";
import { rule, RuleContext, Violation } from "../rule";

export const TPA201 = rule(
  {
    id: "TPA201",
    title: "Strict app calls an API it has no grant for",
    severity: "error",
    fact: "A strict app reaches an API only through a client grant, per-app or default (default_for third_party_clients), whatever the API's access policy; user-delegated flows need a user grant, client_credentials a client grant. Otherwise: unauthorized_client.",
    source: "AUTH0-STRICT-FACTS.md §1.2, §5, §7 (D-SC, D-AP, D-TS)",
    fix: "Add a per-app grant (permissions: in the app) or default permissions for the API with the right subject type.",
  },
  (ctx) => {
    const grants = grantIndex(ctx);
    return strictClients(ctx).flatMap((client): Violation[] => {
      const grantTypes = grantTypesOf(client);
      const needed = [
        ...(isUserFlow(grantTypes) ? ["user"] : []),
        ...(grantTypes.includes("client_credentials") ? ["client"] : []),
      ];
      return (client.annotation.calls ?? []).flatMap((audience) =>
        needed
          .filter((subject) => {
            const candidates = grants.get(`${audienceOf(ctx, audience)}|${subject}`) ?? [];
            return !candidates.some((g) => isDefaultGrant(g) || ctx.referenced(g.attributes.client_id) === client);
          })
          .map((subject) => ({
            resource: client,
            message: `calls ${audience} but has no ${subject} grant for it, per-app or default`,
          })),
      );
    });
  },
);

/** Grants by audience (resolved to the API's identifier) and subject type: one pass, not one per app. */
function grantIndex(ctx: RuleContext): Map<string, PolicyResource[]> {
  const index = new Map<string, PolicyResource[]>();
  for (const g of ctx.ofType("auth0_client_grant")) {
    const key = `${audienceOf(ctx, g.attributes.audience)}|${subjectTypeOf(g)}`;
    const list = index.get(key);
    if (list) list.push(g);
    else index.set(key, [g]);
  }
  return index;
}
