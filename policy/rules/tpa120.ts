import { dcrModeOf, thirdPartyClients } from "../auth0";
import { each, rule, Violation } from "../rule";

export const TPA120 = rule(
  {
    id: "TPA120",
    title: "Permissive app or permissive DCR on a tenant not eligible for permissive",
    severity: "error",
    fact: "Only customers that had third-party apps before April 2026 may create permissive apps (explicitly, through the Management API); others can create strict apps only.",
    source: "docs/auth0-facts.md#permissive-eligibility",
    fix: "Make the app strict (or DCR strict); set tenant.permissiveEligible only if the tenant really had third-party apps before April 2026.",
  },
  (ctx) => {
    if (ctx.tenant.permissiveEligible) return [];
    const out: Violation[] = thirdPartyClients(ctx, "permissive").map((client) => ({
      resource: client,
      attribute: "third_party_security_mode",
      message: "permissive app on a tenant that is not eligible for permissive apps",
    }));
    out.push(
      ...each(ctx.ofType("auth0_tenant"), (tenant) =>
        dcrModeOf(ctx, tenant) === "permissive"
          ? [{ resource: tenant, attribute: "dynamic_client_registration_security_mode", message: "permissive Dynamic Client Registration on a tenant that is not eligible for permissive apps" }]
          : [],
      ),
    );
    return out;
  },
);
