import { block, strictClients } from "../auth0";
import { rule, Violation } from "../rule";

export const TPA105 = rule(
  {
    id: "TPA105",
    title: "Legacy feature on a strict app",
    severity: "error",
    fact: "Strict apps are OIDC-conformant and support neither cross-origin authentication nor SAML / WS-Fed.",
    source: "AUTH0-STRICT-FACTS.md §1.3 (D-SC 'Features not supported')",
    fix: "Remove the setting; use Universal Login with authorization code + PKCE instead.",
  },
  (ctx) =>
    strictClients(ctx).flatMap((client) => {
      const a = client.attributes;
      const out: Violation[] = [];
      if (a.oidc_conformant === false) {
        out.push({ resource: client, attribute: "oidc_conformant", message: "oidc_conformant is false" });
      }
      if (a.cross_origin_auth === true || (typeof a.cross_origin_loc === "string" && a.cross_origin_loc !== "")) {
        out.push({ resource: client, attribute: "cross_origin_auth", message: "cross-origin authentication is enabled" });
      }
      const addons = Object.keys(block(a.addons) ?? {});
      if (addons.length > 0) {
        out.push({ resource: client, attribute: "addons", message: `addons ${addons.join(", ")} (SAML / WS-Fed and SSO integrations)` });
      }
      return out;
    }),
);
