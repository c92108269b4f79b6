import { effectiveModeOf, grantTypesOf, isUserFlow, thirdPartyClients } from "../auth0";
import { each, rule, Violation, where } from "../rule";

export const TPA305 = rule(
  {
    id: "TPA305",
    title: "Third-party app used with an organization that does not allow third-party clients",
    severity: "error",
    fact: "In user flows, strict apps work with an organization only when it sets third_party_client_access = allow (Auth0's default is block: invalid_request 'parameter organization is invalid'); for client_credentials the setting is not evaluated. Permissive apps cannot use organizations at all.",
    source: "docs/auth0-facts.md#organizations",
    fix: "Set thirdPartyClientAccess: allow on the organization, or stop using it with this app (permissive apps: migrate to strict first).",
  },
  (ctx) =>
    each(thirdPartyClients(ctx), (client): Violation[] => {
      const names = client.annotation.organizations ?? [];
      if (names.length === 0) return [];
      const mode = effectiveModeOf(ctx, client);
      if (mode === "permissive") {
        return [{ resource: client, message: `permissive apps cannot use organizations (${names.join(", ")})` }];
      }
      if (mode !== "strict" || !isUserFlow(grantTypesOf(client, ctx.read))) return [];
      return each(names, (name): Violation[] => {
        const org = where(ctx.ofType("auth0_organization"), (o) => ctx.read(o, "name") === name)[0];
        if (!org) return [{ resource: client, unresolved: true, message: `organization ${name} is not managed here; its third_party_client_access cannot be checked` }];
        const access = ctx.read(org, "third_party_client_access") ?? "block";
        return access === "allow" ? [] : [{ resource: client, message: `organization ${name} has third_party_client_access ${String(access)}` }];
      });
    }),
);
