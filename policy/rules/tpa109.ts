import { stringList, strictClientRule } from "../auth0";
import { each, NO_VIOLATIONS } from "../rule";

const URL_LISTS = ["callbacks", "allowed_origins", "web_origins"];

const isWildcard = (url: string) => url.includes("*");

export const TPA109 = strictClientRule(
  {
    id: "TPA109",
    title: "Wildcard in a strict app's callbacks or origins",
    severity: "error",
    fact: "Strict apps accept exact URLs only: no wildcard subdomains in callbacks, allowed_origins or web_origins.",
    source: "docs/auth0-facts.md#exact-urls",
    fix: "List every exact URL instead of the wildcard.",
  },
  (ctx) => (client) =>
    each(URL_LISTS, (attribute) => {
      // a wildcard among known URLs is one whatever the unknown ones are
      const urls = stringList(ctx.readKnownItems(client, attribute));
      if (!urls?.some(isWildcard)) return NO_VIOLATIONS; // most lists: no list of wildcards
      return [{ resource: client, attribute, message: `${attribute} has wildcard ${urls.filter(isWildcard).join(", ")}` }];
    }),
);
