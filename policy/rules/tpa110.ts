import { strictClients } from "../auth0";
import { isUnresolved } from "../model";
import { rule } from "../rule";

export const TPA110 = rule(
  {
    id: "TPA110",
    title: "Strict app has an unsupported application type",
    severity: "error",
    fact: "Strict apps are regular_web, spa, native or non_interactive.",
    source: "AUTH0-STRICT-FACTS.md §1.4 (D-SC; D-3P lists only the first three)",
    fix: "Set appType to regular_web, spa, native or non_interactive.",
  },
  (ctx) =>
    strictClients(ctx).flatMap((client) => {
      const appType = client.attributes.app_type;
      if (appType === undefined || appType === null) return [];
      if (isUnresolved(appType)) return [{ resource: client, attribute: "app_type", unresolved: true, message: "app_type is only known at apply" }];
      const allowed = ctx.profile.strict.appTypes;
      return allowed.includes(String(appType))
        ? []
        : [{ resource: client, attribute: "app_type", message: `app_type ${appType} (allowed: ${allowed.join(", ")})` }];
    }),
);
