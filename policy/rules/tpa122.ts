import { someNames, thirdPartyClients, userPolicyOf } from "../auth0";
import { rule } from "../rule";

export const TPA122 = rule(
  {
    id: "TPA122",
    title: "Permissive apps can reach an API whose user access policy is allow_all",
    severity: "warning",
    fact: "Permissive third-party apps follow the API's access policy, so under user policy allow_all (the default for new APIs) they reach the API without any grant.",
    source: "AUTH0-STRICT-FACTS.md §5 (D-AP, D-MIG, D-PERM)",
    fix: "Set the API's user access policy to require_client_grant and grant the apps that need it (this also affects first-party apps).",
  },
  (ctx) => {
    const permissive = thirdPartyClients(ctx, "permissive");
    if (permissive.length === 0) return [];
    return ctx
      .ofType("auth0_resource_server")
      .filter((api) => userPolicyOf(api) === "allow_all")
      .map((api) => ({
        resource: api,
        attribute: "subject_type_authorization.user.policy",
        message: `user policy allow_all: ${permissive.length} permissive app(s) (${someNames(permissive.map((c) => c.name))}) reach this API without a grant`,
      }));
  },
);
