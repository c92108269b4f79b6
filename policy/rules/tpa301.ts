import { attr, isDefaultGrant } from "../auth0";
import { rule } from "../rule";

export const TPA301 = rule(
  {
    id: "TPA301",
    title: "Strict DCR enabled without default permissions",
    severity: "error",
    fact: "Strict DCR clients reach no API unless default permissions exist (client grants with default_for third_party_clients); create them before switching DCR to strict.",
    source: "AUTH0-STRICT-FACTS.md §3 (D-MIG, D-DCR)",
    fix: "Add defaultPermissions for the APIs DCR clients (such as MCP clients) need, or disable DCR.",
  },
  (ctx) => {
    if (ctx.ofType("auth0_client_grant").some(isDefaultGrant)) return [];
    return ctx
      .ofType("auth0_tenant")
      .filter(
        (t) =>
          t.attributes.dynamic_client_registration_security_mode === "strict" &&
          attr(t, "flags.enable_dynamic_client_registration") === true,
      )
      .map((tenant) => ({
        resource: tenant,
        attribute: "dynamic_client_registration_security_mode",
        message: "strict Dynamic Client Registration is on and no default grant exists: every DCR client is locked out of every API",
      }));
  },
);
