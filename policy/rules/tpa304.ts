import { grantTypesOf, strictClients } from "../auth0";
import { rule, where } from "../rule";
import { inEffect } from "../timeline";

export const TPA304 = rule(
  {
    id: "TPA304",
    title: "Enabled credentials-exchange Hook: it breaks strict machine-to-machine apps, and after its end of life it no longer runs",
    severity: "error",
    fact: "Hooks are not supported with strict apps; the credentials-exchange hook runs only on the client_credentials grant, so until Hooks' end of life (2026-11-18) an active one breaks strict apps that use client_credentials. Actions run as usual. From that date Hooks are no longer executed: an enabled hook is logic that silently stopped running (a warning). The date is data: policy/timeline.json.",
    source: "docs/auth0-facts.md#rules-and-hooks",
    fix: "Move the hook to a credentials-exchange Action and disable the hook.",
  },
  (ctx) => {
    const hooks = where(ctx.ofType("auth0_hook"), (h) => ctx.read(h, "trigger_id") === "credentials-exchange" && ctx.read(h, "enabled") === true);
    if (hooks.length === 0) return [];
    const name = (h: (typeof hooks)[number]) => String(ctx.read(h, "name") ?? h.name);
    const eol = ctx.timeline.rulesAndHooksEndOfLife;
    if (inEffect(eol, ctx.today)) {
      return hooks.map((h) => ({
        resource: h,
        attribute: "enabled",
        severity: "warning" as const,
        message: `credentials-exchange hook ${name(h)} is enabled but Hooks are no longer executed since ${eol.date} (end of life): its logic silently stopped running`,
      }));
    }
    const m2m = where(strictClients(ctx), (c) => grantTypesOf(c, ctx.read).includes("client_credentials"));
    if (m2m.length === 0) return [];
    return hooks.map((h) => ({
      resource: h,
      attribute: "enabled",
      message: `credentials-exchange hook ${name(h)} is enabled while strict apps use client_credentials (${m2m.map((c) => c.name).join(", ")})`,
    }));
  },
);
