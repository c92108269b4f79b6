import { counterpartIn, isFirstParty } from "../auth0";
import { each, rule } from "../rule";

export const TPA402 = rule(
  {
    id: "TPA402",
    title: "A client's is_first_party differs from the baseline",
    severity: "error",
    fact: "is_first_party is permanent: a client cannot become third-party or first-party later.",
    source: "docs/auth0-facts.md#immutability",
    fix: "Restore is_first_party, or create a new client for the other kind and retire the old one deliberately.",
  },
  (ctx) => {
    if (!ctx.baseline) return [];
    return each(ctx.ofType("auth0_client"), (client) => {
      const before = counterpartIn(ctx.baseline!, client);
      if (!before || isFirstParty(before, ctx.read) === isFirstParty(client, ctx.read)) return [];
      const kind = (c: typeof client) => (isFirstParty(c, ctx.read) ? "first-party" : "third-party");
      return [{ resource: client, attribute: "is_first_party", message: `changes from ${kind(before)} to ${kind(client)}, which Auth0 does not allow` }];
    });
  },
);
