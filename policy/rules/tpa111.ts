import { modeOf, thirdPartyClients } from "../auth0";
import { rule } from "../rule";

export const TPA111 = rule(
  {
    id: "TPA111",
    title: "Third-party app without an explicit security mode",
    severity: "error",
    fact: "A third-party client created without third_party_security_mode is strict since 2026-10-23 (permissive before, on eligible tenants), and the mode can never change afterwards.",
    source: "AUTH0-STRICT-FACTS.md §6, §9 TestAccDataClients (D-MIG, D-PERM)",
    fix: "Set third_party_security_mode (mode: strict or permissive) explicitly.",
  },
  (ctx) =>
    thirdPartyClients(ctx).flatMap((client) => {
      const mode = modeOf(client);
      if (mode === "absent") {
        return [{ resource: client, attribute: "third_party_security_mode", message: "third_party_security_mode is not set: the mode Auth0 picks depends on the date and the tenant" }];
      }
      if (mode === "unresolved") {
        return [{ resource: client, attribute: "third_party_security_mode", unresolved: true, message: "third_party_security_mode is only known at apply" }];
      }
      return [];
    }),
);
