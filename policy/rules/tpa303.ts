import { cimdEnabled, dcrModeOf, strictClients } from "../auth0";
import { rule, where } from "../rule";
import { inEffect } from "../timeline";

export const TPA303 = rule(
  {
    id: "TPA303",
    title: "Enabled Rules: they break strict logins, and after their end of life they no longer run",
    severity: "error",
    fact: "Rules are not supported with strict apps: until Rules' end of life (2026-11-18) a tenant with active Rules gets an error when a strict, strict-DCR or CIMD client logs in. From that date Rules are no longer executed: an enabled Rule no longer blocks anything, its logic has silently stopped running (a warning). The date is data: policy/timeline.json.",
    source: "docs/auth0-facts.md#rules-and-hooks",
    fix: "Move the Rules to Actions and disable them (enabled: false); before the end of life, do it before adding strict apps.",
  },
  (ctx) => {
    const enabled = where(ctx.ofType("auth0_rule"), (r) => ctx.read(r, "enabled") !== false);
    if (enabled.length === 0) return [];
    const name = (r: (typeof enabled)[number]) => String(ctx.read(r, "name") ?? r.name);
    const eol = ctx.timeline.rulesAndHooksEndOfLife;
    if (inEffect(eol, ctx.today)) {
      return enabled.map((r) => ({
        resource: r,
        attribute: "enabled",
        severity: "warning" as const,
        message: `rule ${name(r)} is enabled but Rules are no longer executed since ${eol.date} (end of life): its logic silently stopped running`,
      }));
    }
    const tenants = ctx.ofType("auth0_tenant");
    const strictDcr = where(tenants, (t) => dcrModeOf(ctx, t) === "strict").length > 0;
    const cimd = where(tenants, (t) => cimdEnabled(ctx, t)).length > 0;
    if (strictClients(ctx).length === 0 && !strictDcr && !cimd) return [];
    const what = ["strict apps", ...(strictDcr ? ["strict DCR"] : []), ...(cimd ? ["CIMD"] : [])].join(" or ");
    return enabled.map((r) => ({ resource: r, attribute: "enabled", message: `rule ${name(r)} is enabled while ${what} exist` }));
  },
);
