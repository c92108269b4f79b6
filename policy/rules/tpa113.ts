import { allClients, isThirdParty, modeOf } from "../auth0";
import { eachRule } from "../rule";

export const TPA113 = eachRule(
  {
    id: "TPA113",
    title: "Strict security mode on a client that is not third-party",
    severity: "error",
    fact: "third_party_security_mode applies to third-party clients: a strict client must have is_first_party = false, and Auth0's default for is_first_party is true.",
    source: "docs/auth0-facts.md#strict-requires-third-party",
    fix: "Set is_first_party to false (isFirstParty: false), or remove third_party_security_mode from the first-party client.",
  },
  allClients,
  (ctx) => (client) => {
    if (modeOf(client, ctx.read) !== "strict" || isThirdParty(client, ctx.read)) return [];
    const firstParty = ctx.read(client, "is_first_party");
    return [
      {
        resource: client,
        attribute: "is_first_party",
        message: `third_party_security_mode strict with is_first_party ${firstParty === undefined || firstParty === null ? "unset (Auth0's default: true)" : String(firstParty)}`,
      },
    ];
  },
);
