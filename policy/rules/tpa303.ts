import { cimdEnabled, dcrModeOf, strictClients } from "../auth0";
import { rule, where } from "../rule";
import { afterEndOfLife, displayName } from "./end-of-life";

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
    const stopped = afterEndOfLife(ctx, { enabled, noun: "rule", plural: "Rules" });
    if (stopped) return stopped;
    const tenants = ctx.ofType("auth0_tenant");
    const strictDcr = where(tenants, (t) => dcrModeOf(ctx, t) === "strict").length > 0;
    const cimd = where(tenants, (t) => cimdEnabled(ctx, t)).length > 0;
    const what = [...(strictClients(ctx).length > 0 ? ["strict apps"] : []), ...(strictDcr ? ["strict DCR"] : []), ...(cimd ? ["CIMD"] : [])];
    if (what.length === 0) return [];
    const has = what.length > 1 ? `${what.slice(0, -1).join(", ")} and ${what[what.length - 1]}` : what[0];
    return enabled.map((r) => ({ resource: r, attribute: "enabled", message: `rule ${displayName(ctx, r)} is enabled while the tenant has ${has}` }));
  },
);
