import { OIDC_SCOPES, strictClientRule } from "../auth0";
import { NO_VIOLATIONS } from "../rule";

const isOidcScope = (scope: string) => OIDC_SCOPES.includes(scope);

export const TPA103 = strictClientRule(
  {
    id: "TPA103",
    title: "Strict app asks for OIDC scopes or ID tokens",
    severity: "error",
    fact: "Strict apps get no OIDC: openid, profile, email are not processed, /oauth/token returns no id_token and /userinfo is unavailable ('planned'). Auth0 does not reject the scopes; blocking them is this tool's choice, so an app never waits for an ID token that does not come. Whether OIDC is processed is data: the capability profile.",
    source: "docs/auth0-facts.md#oidc",
    fix: "Remove the OIDC scopes and read identity from the access token or your API, or keep the app permissive with a justification (scenario 2).",
  },
  (ctx) =>
    ctx.profile.strict.oidcScopesProcessed
      ? undefined
      : (client) => {
          const requested = client.annotation.requestedScopes;
          if (!requested?.some(isOidcScope)) return NO_VIOLATIONS; // most clients: no list of none
          const oidc = requested.filter(isOidcScope);
          return [{ resource: client, attribute: "requestedScopes", message: `requests OIDC scope${oidc.length > 1 ? "s" : ""} ${oidc.join(", ")}` }];
        },
);
