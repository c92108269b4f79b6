import { block, strictClients } from "../auth0";
import { each, rule, Violation } from "../rule";

export const TPA105 = rule(
  {
    id: "TPA105",
    title: "Legacy feature on a strict app",
    severity: "error",
    fact: "Strict apps are OIDC-conformant and support neither cross-origin authentication nor SAML / WS-Fed.",
    source: "docs/auth0-facts.md#legacy-features",
    fix: "Remove the setting; use Universal Login with authorization code + PKCE instead.",
  },
  (ctx) =>
    each(strictClients(ctx), (client) => {
      const out: Violation[] = [];
      if (ctx.read(client, "oidc_conformant") === false) {
        out.push({ resource: client, attribute: "oidc_conformant", message: "oidc_conformant is false" });
      }
      const loc = ctx.read(client, "cross_origin_loc");
      if (ctx.read(client, "cross_origin_auth") === true) {
        out.push({ resource: client, attribute: "cross_origin_auth", message: "cross-origin authentication is enabled" });
      } else if (typeof loc === "string" && loc !== "") {
        out.push({ resource: client, attribute: "cross_origin_loc", message: "cross_origin_loc is set (the fallback page of cross-origin authentication)" });
      }
      // plan JSON lists every addon of the provider's schema, each one not configured as an empty list
      const addons = Object.entries(block(ctx.read(client, "addons")) ?? {})
        .filter(([, settings]) => settings !== undefined && settings !== null && !(Array.isArray(settings) && settings.length === 0))
        .map(([name]) => name);
      if (addons.length > 0) {
        out.push({ resource: client, attribute: "addons", message: `addons ${addons.join(", ")} (SAML / WS-Fed and SSO integrations)` });
      }
      return out;
    }),
);
