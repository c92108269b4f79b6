import { attr, strictClients } from "../auth0";
import { rule } from "../rule";

function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

export const TPA106 = rule(
  {
    id: "TPA106",
    title: "Strict app sets a property outside the curated set",
    severity: "error",
    fact: "Strict apps accept a curated set of client properties; the Management API rejects others (sso, PAR, jwt_configuration.scopes, ...) with HTTP 400.",
    source: "AUTH0-STRICT-FACTS.md §1.4 (D-SC, PR1555); the list is data in the capability profile",
    fix: "Remove the property from the app.",
  },
  (ctx) =>
    strictClients(ctx).flatMap((client) =>
      ctx.profile.strict.rejectedProperties
        .filter((p) => isSet(attr(client, p.attribute)))
        .map((p) => ({ resource: client, attribute: p.attribute, message: `sets ${p.attribute}: ${p.why}` })),
    ),
);
