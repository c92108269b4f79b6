import { apiByIdentifier, OIDC_SCOPES, scopesOfApis, thirdPartyClients } from "../auth0";
import { each, rule, Violation } from "../rule";

/** Scopes no API defines, by OAuth and OIDC: offline_access asks for a refresh token. */
const PROTOCOL_SCOPES = [...OIDC_SCOPES, "offline_access"];

export const TPA207 = rule(
  {
    id: "TPA207",
    title: "Requested scope that no API the app calls defines",
    severity: "warning",
    fact: "Auth0 issues only scopes an API defines and the app is granted; a requested scope no called API defines is dropped from the token (MCP clients, for one, ask for such scopes), so the app will not get it.",
    source: "docs/auth0-facts.md#grant-scopes",
    fix: "Define the scope on the API the app calls, add the API to the app's apis, or stop requesting the scope.",
  },
  (ctx) => {
    const scopesOf = scopesOfApis(ctx);
    return each(thirdPartyClients(ctx), (client): Violation[] => {
      const requested = (client.annotation.requestedScopes ?? []).filter((s) => !PROTOCOL_SCOPES.includes(s));
      if (requested.length === 0) return [];
      const calls = client.annotation.calls ?? [];
      const apis = calls.map((audience) => apiByIdentifier(ctx, audience));
      const defined = new Set(apis.flatMap((api) => (api ? [...scopesOf(api)] : [])));
      const undefinedScopes = requested.filter((s) => !defined.has(s));
      if (undefinedScopes.length === 0) return [];
      const elsewhere = calls.filter((_, i) => !apis[i]);
      if (elsewhere.length > 0) {
        return [{ resource: client, attribute: "requestedScopes", unresolved: true, message: `scopes ${undefinedScopes.join(", ")} may be defined by ${elsewhere.join(", ")}, which this stack does not manage` }];
      }
      return [
        {
          resource: client,
          attribute: "requestedScopes",
          message: `requests ${undefinedScopes.join(", ")}, which no API it calls defines${calls.length ? ` (${calls.join(", ")})` : " (it calls no API)"}`,
        },
      ];
    });
  },
);
