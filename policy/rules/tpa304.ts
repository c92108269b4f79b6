import { grantTypesOf, strictClients } from "../auth0";
import { rule, where } from "../rule";
import { afterEndOfLife, displayName } from "./end-of-life";

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
    const stopped = afterEndOfLife(ctx, { enabled: hooks, noun: "credentials-exchange hook", plural: "Hooks" });
    if (stopped) return stopped;
    const m2m = where(strictClients(ctx), (c) => grantTypesOf(c, ctx.read).includes("client_credentials"));
    if (m2m.length === 0) return [];
    return hooks.map((h) => ({
      resource: h,
      attribute: "enabled",
      message: `credentials-exchange hook ${displayName(ctx, h)} is enabled while strict apps use client_credentials (${m2m.map((c) => c.name).join(", ")})`,
    }));
  },
);
