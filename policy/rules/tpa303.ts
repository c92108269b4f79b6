import { attr, strictClients } from "../auth0";
import { rule } from "../rule";

export const TPA303 = rule(
  {
    id: "TPA303",
    title: "Enabled Rules in a tenant with strict apps or strict DCR",
    severity: "error",
    fact: "Rules are not supported with strict apps: a tenant with active Rules gets an error when a strict app triggers a login.",
    source: "AUTH0-STRICT-FACTS.md §1.2 (D-SC, D-1P3P)",
    fix: "Move the Rules to Actions and disable them (enabled: false) before adding strict apps.",
  },
  (ctx) => {
    const strictDcr = ctx
      .ofType("auth0_tenant")
      .some((t) => t.attributes.dynamic_client_registration_security_mode === "strict" && attr(t, "flags.enable_dynamic_client_registration") !== false);
    if (strictClients(ctx).length === 0 && !strictDcr) return [];
    return ctx
      .ofType("auth0_rule")
      .filter((r) => r.attributes.enabled !== false)
      .map((r) => ({ resource: r, attribute: "enabled", message: `rule ${String(r.attributes.name ?? r.name)} is enabled while strict apps${strictDcr ? " or strict DCR" : ""} exist` }));
  },
);
