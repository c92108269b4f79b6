import { thirdPartyClients } from "../auth0";
import type { PolicyResource } from "../model";
import { rule, Violation, where } from "../rule";

export const TPA404 = rule(
  {
    id: "TPA404",
    title: "An environment gate is broken",
    severity: "error",
    fact: "Gates are the team's own promotion policy (README, 'Environment files'): forbidPermissive keeps permissive apps and permissive DCR out of an environment; requireStrictDcr requires the DCR policy to be declared and strict.",
    source: "docs/auth0-facts.md#environment-gates",
    fix: "Make the app or DCR strict in this environment, or change the gate in review.",
  },
  (ctx) => {
    const gates = ctx.tenant.gates ?? {};
    const out: Violation[] = [];
    const declared = (t: PolicyResource) => ctx.read(t, "dynamic_client_registration_security_mode");
    const tenants = where(ctx.ofType("auth0_tenant"), (t) => declared(t) !== undefined && declared(t) !== null);
    if (gates.forbidPermissive) {
      for (const client of thirdPartyClients(ctx, "permissive")) {
        out.push({ resource: client, attribute: "third_party_security_mode", message: "permissive app in an environment that forbids permissive apps" });
      }
      for (const t of tenants.filter((t) => declared(t) === "permissive")) {
        out.push({ resource: t, attribute: "dynamic_client_registration_security_mode", message: "permissive DCR in an environment that forbids permissive" });
      }
    }
    if (gates.requireStrictDcr) {
      if (tenants.length === 0) {
        out.push({ target: "gates", message: "requireStrictDcr is set but no DCR policy is declared (dcr: { enabled, securityMode: strict })" });
      }
      for (const t of tenants.filter((t) => declared(t) !== "strict")) {
        out.push({ resource: t, attribute: "dynamic_client_registration_security_mode", message: `DCR security mode ${String(declared(t))} where strict DCR is required` });
      }
    }
    return out;
  },
);
