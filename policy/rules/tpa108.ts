import { strictClients } from "../auth0";
import { each, rule, Violation } from "../rule";

export const TPA108 = rule(
  {
    id: "TPA108",
    title: "Strict app's refresh tokens do not expire",
    severity: "error",
    fact: "Strict apps must use expiring refresh tokens: non-expiring tokens and an infinite idle lifetime are not available (an infinite absolute lifetime with a finite idle one is what Auth0 itself returns).",
    source: "docs/auth0-facts.md#refresh-tokens",
    fix: "Set refreshToken.expirationType to expiring and infiniteIdleTokenLifetime to false with an idle lifetime.",
  },
  (ctx) =>
    each(strictClients(ctx), (client) => {
      const out: Violation[] = [];
      if (ctx.read(client, "refresh_token.expiration_type") === "non-expiring") {
        out.push({ resource: client, attribute: "refresh_token.expiration_type", message: "refresh tokens are non-expiring" });
      }
      if (ctx.read(client, "refresh_token.infinite_idle_token_lifetime") === true) {
        out.push({ resource: client, attribute: "refresh_token.infinite_idle_token_lifetime", message: "the refresh-token idle lifetime is infinite" });
      }
      return out;
    }),
);
