import { someNames, strictClients } from "../auth0";
import { each, rule, Violation, where } from "../rule";

export const TPA104 = rule(
  {
    id: "TPA104",
    title: "Classic Login with strict apps",
    severity: "error",
    fact: "Strict apps support Universal Login only; Classic Login and custom login pages do not work.",
    source: "docs/auth0-facts.md#classic-login",
    fix: "Switch the tenant to the new Universal Login experience and remove the client's custom login page.",
  },
  (ctx) => {
    const strict = strictClients(ctx);
    if (strict.length === 0) return [];
    const out: Violation[] = each(strict, (client) => {
      // custom_login_page_on alone is Auth0's default (true) for every client, strict ones included
      const page = ctx.read(client, "custom_login_page");
      if (typeof page !== "string" || page.trim() === "" || ctx.read(client, "custom_login_page_on") === false) return [];
      return [{ resource: client, attribute: "custom_login_page", message: "uses a custom (Classic) login page" }];
    });
    const classicPrompt = where(ctx.ofType("auth0_prompt"), (p) => ctx.read(p, "universal_login_experience") === "classic")[0];
    if (classicPrompt || ctx.tenant.universalLogin === "classic") {
      out.push({
        resource: classicPrompt,
        attribute: "universal_login_experience",
        message: `the tenant uses the Classic Login experience while ${strict.length} strict app(s) exist (${someNames(strict.map((c) => c.name))})`,
      });
    }
    return out;
  },
);
