import { attr, strictClients } from "../auth0";
import { isUnresolved } from "../model";
import { rule } from "../rule";

export const TPA107 = rule(
  {
    id: "TPA107",
    title: "Strict app signs tokens with an algorithm other than RS256",
    severity: "error",
    fact: "jwt_configuration.alg must be RS256 for strict apps; HS256 is not supported.",
    source: "AUTH0-STRICT-FACTS.md §1.4 (D-SC; CIMD sources also list RS512/PS256, see §10.7)",
    fix: "Set jwtAlg to RS256.",
  },
  (ctx) =>
    strictClients(ctx).flatMap((client) => {
      const alg = attr(client, "jwt_configuration.alg");
      if (alg === undefined || alg === null) return [];
      if (isUnresolved(alg)) return [{ resource: client, attribute: "jwt_configuration.alg", unresolved: true, message: "jwt_configuration.alg is only known at apply" }];
      const allowed = ctx.profile.strict.signingAlgorithms;
      return allowed.includes(String(alg))
        ? []
        : [{ resource: client, attribute: "jwt_configuration.alg", message: `signs with ${alg} (allowed: ${allowed.join(", ")})` }];
    }),
);
