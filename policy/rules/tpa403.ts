import { counterpartIn, isDefaultGrant, isThirdParty } from "../auth0";
import type { PolicyResource } from "../model";
import { rule, Violation } from "../rule";

function isProtected(r: PolicyResource): boolean {
  return (r.type === "auth0_client" && isThirdParty(r)) || (r.type === "auth0_client_grant" && isDefaultGrant(r));
}

export const TPA403 = rule(
  {
    id: "TPA403",
    title: "A protected environment would destroy or replace a third-party app or default grant",
    severity: "error",
    fact: "Destroying or replacing a third-party client changes its client ID and breaks every partner integration; a lost default grant locks DCR clients out of APIs.",
    source: "AUTH0-STRICT-FACTS.md §1.5, §3, §6 (D-SC, D-MIG)",
    fix: "Keep the resource, or allow this one change in review: suppress TPA403 for its target with the reason and a near expiry date.",
  },
  (ctx) => {
    if (!ctx.baseline || !ctx.tenant.gates?.protectFromDestroy) return [];
    const out: Violation[] = [];
    const continued = new Set<PolicyResource>();
    for (const r of ctx.resources) {
      const before = counterpartIn(ctx.baseline, r);
      if (!before) continue;
      continued.add(before);
      if (isProtected(before) && before.address !== r.address) {
        out.push({ resource: r, message: `replaces ${before.address} with ${r.address} in a protected environment` });
      } else if (isProtected(before) && r.annotation.replaced) {
        out.push({ resource: r, message: `replaces ${r.address} (destroyed and created again, with a new ID) in a protected environment` });
      }
    }
    for (const before of ctx.baseline.filter((b) => isProtected(b) && !continued.has(b))) {
      out.push({ resource: before, message: `destroys ${before.address} in a protected environment` });
    }
    return out;
  },
);
