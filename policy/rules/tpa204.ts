import { audienceOf, isDefaultGrant, subjectTypeOf } from "../auth0";
import { rule, Violation } from "../rule";

export const TPA204 = rule(
  {
    id: "TPA204",
    title: "More than one default grant for the same API and subject type",
    severity: "error",
    fact: "Auth0 answers HTTP 409 to a second default grant (default_for third_party_clients) for the same audience and subject type.",
    source: "AUTH0-STRICT-FACTS.md §7, §10.3 (PR1555)",
    fix: "Merge the scopes into one default grant per API and subject type.",
  },
  (ctx) => {
    const seen = new Map<string, string>();
    const out: Violation[] = [];
    for (const grant of ctx.ofType("auth0_client_grant").filter(isDefaultGrant)) {
      const key = `${audienceOf(ctx, grant.attributes.audience)}|${subjectTypeOf(grant)}`;
      const first = seen.get(key);
      if (first) {
        out.push({ resource: grant, message: `second default ${subjectTypeOf(grant)} grant for ${audienceOf(ctx, grant.attributes.audience)} (the first is ${first})` });
      } else {
        seen.set(key, grant.address);
      }
    }
    return out;
  },
);
