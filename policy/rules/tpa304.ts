import { strictClients } from "../auth0";
import { rule } from "../rule";

export const TPA304 = rule(
  {
    id: "TPA304",
    title: "Enabled credentials-exchange Hook in a tenant with strict apps",
    severity: "error",
    fact: "Hooks are not supported with strict apps; an active credentials-exchange hook causes an error. Actions run as usual.",
    source: "AUTH0-STRICT-FACTS.md §1.2 (D-SC)",
    fix: "Move the hook to a credentials-exchange Action and disable the hook.",
  },
  (ctx) => {
    if (strictClients(ctx).length === 0) return [];
    return ctx
      .ofType("auth0_hook")
      .filter((h) => h.attributes.trigger_id === "credentials-exchange" && h.attributes.enabled === true)
      .map((h) => ({ resource: h, attribute: "enabled", message: `credentials-exchange hook ${String(h.attributes.name ?? h.name)} is enabled while strict apps exist` }));
  },
);
