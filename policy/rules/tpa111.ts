import { modeOf, thirdPartyClients } from "../auth0";
import { each, rule } from "../rule";
import { inEffect } from "../timeline";
import { isSecurityMode, NOT_A_SECURITY_MODE } from "../../constructs/security-mode";

export const TPA111 = rule(
  {
    id: "TPA111",
    title: "Third-party app without an explicit security mode, or a mode Auth0 does not have (an app's or DCR's)",
    severity: "error",
    fact: "A third-party client created without third_party_security_mode is strict since 2026-10-23 (before, permissive on eligible tenants while the Dashboard toggle 'Create Permissive Third-Party Clients by Default' was on), and the mode can never change afterwards. Every strict rule checks such a client as strict. The date is data: policy/timeline.json. Auth0 has two modes, strict and permissive, in lower case: the provider refuses any other value (Strict, PERMISSIVE) when it plans, and Auth0's API when it is sent.",
    source: "docs/auth0-facts.md#modeless-clients",
    fix: "Set third_party_security_mode (mode: strict or permissive, in lower case) explicitly. An adopted client the tenant reports without a mode (it predates the field) keeps none: keepModeUnset: true beside its mode. A tenant's dynamic_client_registration_security_mode takes the same two values (DcrSecurityPolicy's mode).",
  },
  (ctx) => [
    // the tenant's DCR mode takes the same two values: any other, and no DCR rule checks the tenant
    ...each(ctx.ofType("auth0_tenant"), (tenant) => {
      const mode = ctx.read(tenant, "dynamic_client_registration_security_mode");
      return typeof mode === "string" && !isSecurityMode(mode) ? [{ resource: tenant, attribute: "dynamic_client_registration_security_mode", message: INVALID_DCR_MODE }] : [];
    }),
    // on any client: the provider validates the value whatever is_first_party says
    ...each(ctx.ofType("auth0_client"), (client) =>
      modeOf(client, ctx.read) === "invalid"
        ? [{ resource: client, attribute: "third_party_security_mode", message: INVALID_MODE }]
        : [],
    ),
    ...each(thirdPartyClients(ctx), (client) => {
      // An adopted client the tenant reports without a mode is not created here (keepModeUnset): nothing to pick.
      if (modeOf(client, ctx.read) !== "absent" || client.annotation.adoptedWithoutMode) return [];
      const switched = ctx.timeline.modelessClientsStrictFrom.date;
      const message = inEffect(ctx.timeline.modelessClientsStrictFrom, ctx.today)
        ? `third_party_security_mode is not set: Auth0 creates the client strict (since ${switched}), so it is checked as strict`
        : `third_party_security_mode is not set: the mode Auth0 picks depends on the tenant's migration toggle until ${switched}`;
      return [{ resource: client, attribute: "third_party_security_mode", message }];
    }),
  ],
);

const INVALID_DCR_MODE = `dynamic_client_registration_security_mode ${NOT_A_SECURITY_MODE}: Auth0 refuses it, so no DCR rule checks the tenant`;

const INVALID_MODE = `third_party_security_mode ${NOT_A_SECURITY_MODE}: the provider refuses the plan, so no strict or permissive rule checks this client`;
