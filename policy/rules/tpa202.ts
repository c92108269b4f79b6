import { apiForAudience, scopesDefinedFor, stringList } from "../auth0";
import { rule, Violation } from "../rule";

export const TPA202 = rule(
  {
    id: "TPA202",
    title: "Grant of scopes the API does not define",
    severity: "error",
    fact: "A client grant's scopes must be permissions the API defines.",
    source: "AUTH0-STRICT-FACTS.md §2, §5 (D-CG)",
    fix: "Define the scope on the API (scopes:) or remove it from the grant.",
  },
  (ctx) =>
    ctx.ofType("auth0_client_grant").flatMap((grant): Violation[] => {
      const api = apiForAudience(ctx, grant.attributes.audience);
      if (!api) return [];
      const defined = scopesDefinedFor(ctx, api);
      if (defined === "unresolved") {
        return [{ resource: grant, attribute: "scopes", unresolved: true, message: `the scopes of ${api.address} are only known at apply` }];
      }
      const missing = (stringList(grant.attributes.scopes) ?? []).filter((s) => !defined.has(s));
      return missing.length === 0
        ? []
        : [{ resource: grant, attribute: "scopes", message: `scope${missing.length > 1 ? "s" : ""} ${missing.join(", ")} not defined by ${api.attributes.identifier}` }];
    }),
);
