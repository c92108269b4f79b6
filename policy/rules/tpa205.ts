import { attr, defaultGrants } from "../auth0";
import { rule } from "../rule";

export const TPA205 = rule(
  {
    id: "TPA205",
    title: "Default grant that also names a client",
    severity: "error",
    fact: "A default grant (default_for third_party_clients) has no client_id; the two conflict.",
    source: "docs/auth0-facts.md#default-grants",
    fix: "Remove client_id from the default grant, or make it a per-app grant without default_for.",
  },
  (ctx) =>
    defaultGrants(ctx)
      // Whether client_id is set, not its value: a reference or expression names a client just as well.
      .filter((g) => attr(g, "client_id") !== undefined && attr(g, "client_id") !== null)
      .map((grant) => ({ resource: grant, attribute: "client_id", message: "default grant with a client_id" })),
);
