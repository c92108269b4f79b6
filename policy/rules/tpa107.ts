import { outsideAllowed, strictClientRule } from "../auth0";

export const TPA107 = strictClientRule(
  {
    id: "TPA107",
    title: "Strict app signs tokens with an algorithm other than RS256",
    severity: "error",
    fact: "jwt_configuration.alg must be RS256 for strict apps; HS256 is not supported. (The CIMD sources also list RS512 and PS256, so the allowed set is data: the capability profile.)",
    source: "docs/auth0-facts.md#signing-algorithm",
    fix: "Set jwtAlg to RS256.",
  },
  (ctx) => (client) =>
    outsideAllowed(ctx, client, "jwt_configuration.alg", ctx.profile.strict.signingAlgorithms, (alg, allowed) => `signs with ${alg} (allowed: ${allowed})`),
);
