import { apiOfGrant, clientGrants, scopesOfApis, stringList } from "../auth0";
import { eachRule, NO_VIOLATIONS } from "../rule";

export const TPA202 = eachRule(
  {
    id: "TPA202",
    title: "Grant of scopes the API does not define",
    severity: "error",
    fact: "A client grant's scopes must be permissions the API defines.",
    source: "docs/auth0-facts.md#grant-scopes",
    fix: "Define the scope on the API (scopes:) or remove it from the grant.",
  },
  clientGrants,
  (ctx) => {
    const scopesOf = scopesOfApis(ctx);
    return (grant) => {
      const api = apiOfGrant(ctx, grant);
      if (!api) return [];
      const defined = scopesOf(api);
      const scopes = stringList(ctx.read(grant, "scopes"));
      const undefinedScope = (s: string) => !defined.has(s);
      if (!scopes?.some(undefinedScope)) return NO_VIOLATIONS; // most grants: no list of none
      const missing = scopes.filter(undefinedScope);
      return [{ resource: grant, attribute: "scopes", message: `scope${missing.length > 1 ? "s" : ""} ${missing.join(", ")} not defined by ${String(ctx.read(api, "identifier"))}` }];
    };
  },
);
