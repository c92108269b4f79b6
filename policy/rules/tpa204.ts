import { audienceOfGrant, defaultGrants, subjectTypeOf } from "../auth0";
import { each, rule } from "../rule";

export const TPA204 = rule(
  {
    id: "TPA204",
    title: "More than one default grant for the same API and subject type",
    severity: "error",
    fact: "Auth0 answers HTTP 409 to a second default grant (default_for third_party_clients) for the same audience and subject type.",
    source: "docs/auth0-facts.md#default-grants",
    fix: "Merge the scopes into one default grant per API and subject type.",
  },
  (ctx) => {
    const seen = new Map<string, string>();
    return each(defaultGrants(ctx), (grant) => {
      const audience = audienceOfGrant(ctx, grant);
      const subject = subjectTypeOf(grant, ctx.read);
      const key = `${audience}|${subject}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, grant.address);
        return [];
      }
      return [{ resource: grant, message: `second default ${subject} grant for ${audience} (the first is ${first})` }];
    });
  },
);
