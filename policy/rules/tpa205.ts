import { isDefaultGrant } from "../auth0";
import { rule } from "../rule";

export const TPA205 = rule(
  {
    id: "TPA205",
    title: "Default grant that also names a client",
    severity: "error",
    fact: "A default grant (default_for third_party_clients) has no client_id; the two conflict.",
    source: "AUTH0-STRICT-FACTS.md §9 TestAccClientGrant_DefaultFor (TF ConflictsWith client_id)",
    fix: "Remove client_id from the default grant, or make it a per-app grant without default_for.",
  },
  (ctx) =>
    ctx
      .ofType("auth0_client_grant")
      .filter((g) => isDefaultGrant(g) && g.attributes.client_id !== undefined && g.attributes.client_id !== null)
      .map((grant) => ({ resource: grant, attribute: "client_id", message: "default grant with a client_id" })),
);
