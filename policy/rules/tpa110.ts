import { outsideAllowed, strictClientRule } from "../auth0";

export const TPA110 = strictClientRule(
  {
    id: "TPA110",
    title: "Strict app has an unsupported application type",
    severity: "error",
    fact: "Strict apps are regular_web, spa, native or non_interactive (one docs page lists only the first three, so the set is data: the capability profile).",
    source: "docs/auth0-facts.md#app-types",
    fix: "Set appType to regular_web, spa, native or non_interactive.",
  },
  (ctx) => (client) => outsideAllowed(ctx, client, "app_type", ctx.profile.strict.appTypes, (appType, allowed) => `app_type ${appType} (allowed: ${allowed})`),
);
