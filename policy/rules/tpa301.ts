import { dcrModeOf, usableUserDefaults } from "../auth0";
import { rule, where } from "../rule";

export const TPA301 = rule(
  {
    id: "TPA301",
    title: "Strict DCR enabled without default user permissions",
    severity: "error",
    fact: "Strict DCR clients reach no API unless default permissions exist (client grants with default_for third_party_clients); DCR clients get only authorization_code and refresh_token, so only default grants with subject_type user serve them. Create them before switching DCR to strict.",
    source: "docs/auth0-facts.md#dcr",
    fix: "Add default permissions with subjectType user for the APIs DCR clients (such as MCP clients) need, or disable DCR.",
  },
  (ctx) => {
    if (usableUserDefaults(ctx).length > 0) return [];
    return where(ctx.ofType("auth0_tenant"), (t) => dcrModeOf(ctx, t) === "strict").map((tenant) => ({
      resource: tenant,
      attribute: "dynamic_client_registration_security_mode",
      message: "strict Dynamic Client Registration is on and no default user grant exists: every DCR client is locked out of every API",
    }));
  },
);
