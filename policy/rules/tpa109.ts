import { stringList, strictClients } from "../auth0";
import { rule } from "../rule";

const URL_LISTS = ["callbacks", "allowed_origins", "web_origins"];

export const TPA109 = rule(
  {
    id: "TPA109",
    title: "Wildcard in a strict app's callbacks or origins",
    severity: "error",
    fact: "Strict apps accept exact URLs only: no wildcard subdomains in callbacks, allowed_origins or web_origins.",
    source: "AUTH0-STRICT-FACTS.md §1.3 (D-SC 'Other')",
    fix: "List every exact URL instead of the wildcard.",
  },
  (ctx) =>
    strictClients(ctx).flatMap((client) =>
      URL_LISTS.flatMap((attribute) => {
        const wild = (stringList(client.attributes[attribute]) ?? []).filter((u) => u.includes("*"));
        return wild.length === 0 ? [] : [{ resource: client, attribute, message: `${attribute} has wildcard ${wild.join(", ")}` }];
      }),
    ),
);
