import { modeOf, thirdPartyClients } from "../auth0";
import { rule, Violation } from "../rule";

export const TPA305 = rule(
  {
    id: "TPA305",
    title: "Third-party app used with an organization that does not allow third-party clients",
    severity: "error",
    fact: "Strict apps work with an organization only when it sets third_party_client_access = allow (Auth0's default is block: invalid_request 'parameter organization is invalid'); permissive apps cannot use organizations at all.",
    source: "AUTH0-STRICT-FACTS.md §1.2, §4, §7 (D-MIG, D-PERM, D-ORG)",
    fix: "Set thirdPartyClientAccess: allow on the organization, or stop using it with this app (permissive apps: migrate to strict first).",
  },
  (ctx) =>
    thirdPartyClients(ctx).flatMap((client): Violation[] => {
      const names = client.annotation.organizations ?? [];
      if (names.length === 0) return [];
      if (modeOf(client) === "permissive") {
        return [{ resource: client, message: `permissive apps cannot use organizations (${names.join(", ")})` }];
      }
      if (modeOf(client) !== "strict") return [];
      return names.flatMap((name): Violation[] => {
        const org = ctx.ofType("auth0_organization").find((o) => o.attributes.name === name);
        if (!org) return [{ resource: client, unresolved: true, message: `organization ${name} is not managed here; its third_party_client_access cannot be checked` }];
        const access = org.attributes.third_party_client_access ?? "block";
        return access === "allow"
          ? []
          : [{ resource: client, message: `organization ${name} has third_party_client_access ${String(access)}` }];
      });
    }),
);
