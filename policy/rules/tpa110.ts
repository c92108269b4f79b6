import { strictClientRule } from "../auth0";

export const TPA110 = strictClientRule(
  {
    id: "TPA110",
    title: "Strict app has an unsupported application type",
    severity: "error",
    fact: "Strict apps are regular_web, spa, native or non_interactive (one docs page lists only the first three, so the set is data: the capability profile).",
    source: "docs/auth0-facts.md#app-types",
    fix: "Set appType to regular_web, spa, native or non_interactive.",
  },
  (ctx) => (client) => {
    const appType = ctx.read(client, "app_type");
    if (appType === undefined || appType === null) return [];
    const allowed = ctx.profile.strict.appTypes;
    return allowed.includes(String(appType))
      ? []
      : [{ resource: client, attribute: "app_type", message: `app_type ${String(appType)} (allowed: ${allowed.join(", ")})` }];
  },
);
