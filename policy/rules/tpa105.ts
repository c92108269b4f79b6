import { block, strictClientRule } from "../auth0";
import type { PolicyResource } from "../model";
import { each, NO_VIOLATIONS, RuleContext, Violation } from "../rule";

/** One legacy feature of a client: checked on its own, so that a value only known at apply hides no other. */
type FeatureCheck = (ctx: RuleContext, client: PolicyResource) => readonly Violation[];

const FEATURES: readonly FeatureCheck[] = [
  (ctx, client) => (ctx.read(client, "oidc_conformant") === false ? [{ resource: client, attribute: "oidc_conformant", message: "oidc_conformant is false" }] : []),
  (ctx, client) => {
    if (ctx.read(client, "cross_origin_auth") === true) return [{ resource: client, attribute: "cross_origin_auth", message: "cross-origin authentication is enabled" }];
    const loc = ctx.read(client, "cross_origin_loc");
    return typeof loc === "string" && loc !== ""
      ? [{ resource: client, attribute: "cross_origin_loc", message: "cross_origin_loc is set (the fallback page of cross-origin authentication)" }]
      : [];
  },
  (ctx, client) => {
    // plan JSON lists every addon of the provider's schema, each one not configured as an empty list
    const configured = block(ctx.read(client, "addons"));
    if (!configured) return NO_VIOLATIONS; // most clients: no list of none
    const addons = Object.entries(configured)
      .filter(([, settings]) => settings !== undefined && settings !== null && !(Array.isArray(settings) && settings.length === 0))
      .map(([name]) => name);
    return addons.length > 0 ? [{ resource: client, attribute: "addons", message: `addons ${addons.join(", ")} (SAML / WS-Fed and SSO integrations)` }] : [];
  },
];

export const TPA105 = strictClientRule(
  {
    id: "TPA105",
    title: "Legacy feature on a strict app",
    severity: "error",
    fact: "Strict apps are OIDC-conformant and support neither cross-origin authentication nor SAML / WS-Fed.",
    source: "docs/auth0-facts.md#legacy-features",
    fix: "Remove the setting; use Universal Login with authorization code + PKCE instead.",
  },
  (ctx) => (client) => each(FEATURES, (check) => check(ctx, client)),
);
