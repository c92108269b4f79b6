import { counterpartIn, isDefaultGrant, isThirdParty } from "../auth0";
import type { PolicyResource } from "../model";
import { each, rule, RuleContext, Violation, where } from "../rule";

/** A third-party app (a CIMD client is one: registered from its metadata document, with a tpc_ ID), or a default grant. */
function isProtected(ctx: RuleContext, r: PolicyResource): boolean {
  return (
    r.type === "auth0_client_cimd" ||
    (r.type === "auth0_client" && isThirdParty(r, ctx.read)) ||
    (r.type === "auth0_client_grant" && isDefaultGrant(r, ctx.read))
  );
}

export const TPA403 = rule(
  {
    id: "TPA403",
    title: "A protected environment would destroy or replace a third-party app or default grant",
    severity: "error",
    fact: "Destroying or replacing a third-party client changes its client ID and breaks every partner integration; a lost default grant locks DCR clients out of APIs.",
    source: "docs/auth0-facts.md#immutability",
    fix: "Keep the resource, or allow this one change in review: suppress TPA403 for its target with the reason and a near expiry date.",
  },
  (ctx) => {
    if (!ctx.baseline || !ctx.tenant.gates?.protectFromDestroy) return [];
    const baseline = ctx.baseline;
    const continued = new Set<PolicyResource>();
    const out: Violation[] = each(ctx.resources, (r) => {
      const before = counterpartIn(baseline, r);
      if (!before) return [];
      continued.add(before);
      if (!isProtected(ctx, before)) return [];
      if (before.address !== r.address) {
        return [{ resource: r, message: `replaces ${before.address} with ${r.address} in a protected environment` }];
      }
      return r.annotation.replaced
        ? [{ resource: r, message: `replaces ${r.address} (destroyed and created again, with a new ID) in a protected environment` }]
        : [];
    });
    for (const before of where(baseline, (b) => isProtected(ctx, b) && !continued.has(b))) {
      out.push({ resource: before, message: `destroys ${before.address} in a protected environment` });
    }
    return out;
  },
);
