import { strictClientRule } from "../auth0";
import { each } from "../rule";

/** The refresh-token settings a strict app may not have, each checked on its own (a value only known at apply hides no other). */
const SETTINGS = [
  { attribute: "refresh_token.expiration_type", refused: "non-expiring", message: "refresh tokens are non-expiring" },
  { attribute: "refresh_token.infinite_idle_token_lifetime", refused: true, message: "the refresh-token idle lifetime is infinite" },
] as const;

export const TPA108 = strictClientRule(
  {
    id: "TPA108",
    title: "Strict app's refresh tokens do not expire",
    severity: "error",
    fact: "Strict apps must use expiring refresh tokens: non-expiring tokens and an infinite idle lifetime are not available (an infinite absolute lifetime with a finite idle one is what Auth0 itself returns).",
    source: "docs/auth0-facts.md#refresh-tokens",
    fix: "Set refreshToken.expirationType to expiring and infiniteIdleTokenLifetime to false with an idle lifetime.",
  },
  (ctx) => (client) =>
    each(SETTINGS, (s) => (ctx.read(client, s.attribute) === s.refused ? [{ resource: client, attribute: s.attribute, message: s.message }] : [])),
);
