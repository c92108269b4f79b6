import { counterpartIn, modeOf } from "../auth0";
import { each, rule, Violation } from "../rule";

export const TPA401 = rule(
  {
    id: "TPA401",
    title: "A third-party app's security mode differs from the baseline",
    severity: "error",
    fact: "third_party_security_mode is set at creation and can never change; a new mode means a new client (a new client ID, refresh tokens and user grants lost). The provider plans a mode change as an in-place update, which Auth0 rejects at apply.",
    source: "docs/auth0-facts.md#immutability",
    fix: "If the switch is intended, tell the partner (new client ID, users consent again) and suppress TPA401 for the app with that reason; otherwise restore the previous mode.",
  },
  (ctx) => {
    if (!ctx.baseline) return [];
    return each(ctx.ofType("auth0_client"), (client): Violation[] => {
      const before = counterpartIn(ctx.baseline!, client);
      if (!before) return [];
      const [from, to] = [modeOf(before, ctx.read), modeOf(client, ctx.read)];
      if (from === to || [from, to].some((m) => m === "absent" || m === "unresolved" || m === "invalid")) return []; // TPA111 reports an invalid one
      if (before.address === client.address) {
        return [{
          resource: client,
          attribute: "third_party_security_mode",
          message: `in-place change of third_party_security_mode from ${from} to ${to}: Auth0 rejects it at apply; give each mode its own Terraform address so the client is replaced`,
        }];
      }
      return [{
        resource: client,
        attribute: "third_party_security_mode",
        message: `mode changes from ${from} to ${to}: ${before.address} is replaced by ${client.address}, a new client with a new client ID${to === "strict" ? " (tpc_…)" : ""}; users' refresh tokens and consents are lost`,
      }];
    });
  },
);
