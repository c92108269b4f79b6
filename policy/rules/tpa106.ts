import { credentialsOf, strictClientRule } from "../auth0";
import type { PolicyResource } from "../model";
import { each, NO_VIOLATIONS, RuleContext, Violation } from "../rule";

/**
 * Is a setting present? An empty list or block is not, nor a block that holds only such (oidc_logout without
 * back-channel URLs, as Auth0 reports it on clients that never used back-channel logout).
 */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some(isSet);
  if (typeof value === "object") return Object.values(value).some(isSet);
  return true;
}

function rejectedCredentials(ctx: RuleContext, client: PolicyResource): readonly Violation[] {
  const credentials = credentialsOf(ctx, client);
  if (!credentials) return NO_VIOLATIONS;
  return each(ctx.profile.strict.rejectedCredentials, (p) => {
    const value = ctx.read(credentials, p.attribute);
    const refused = p.values ? p.values.includes(String(value)) : isSet(value);
    return refused ? [{ resource: credentials, attribute: p.attribute, message: `${p.attribute}${p.values ? ` ${String(value)}` : ""} on the credentials of a strict app: ${p.why}` }] : [];
  });
}

export const TPA106 = strictClientRule(
  {
    id: "TPA106",
    title: "Strict app sets a property outside the curated set",
    severity: "error",
    fact: "Strict apps accept a curated set of client properties; the Management API rejects others (sso, PAR, jwt_configuration.scopes, ...) with HTTP 400. mTLS and signed request objects live on auth0_client_credentials and are not available to strict apps either. Auth0 publishes only the key properties, so both lists are data: the capability profile.",
    source: "docs/auth0-facts.md#curated-properties",
    fix: "Remove the property from the app (or from its auth0_client_credentials).",
  },
  (ctx) => (client) => {
    const properties = each(ctx.profile.strict.rejectedProperties, (p) =>
      isSet(ctx.readKnownItems(client, p.attribute)) ? [{ resource: client, attribute: p.attribute, message: `sets ${p.attribute}: ${p.why}` }] : NO_VIOLATIONS,
    );
    const credentials = rejectedCredentials(ctx, client);
    return credentials.length === 0 ? properties : [...properties, ...credentials];
  },
);
