import { thirdPartyClients } from "../auth0";
import { each, rule, Violation } from "../rule";
import { isCalendarDate } from "../../constructs/dates";

export const TPA121 = rule(
  {
    id: "TPA121",
    title: "Permissive app without justification and review date, or past its review date",
    severity: "error",
    fact: "Permissive apps keep the old, weaker behaviour and miss every new control; the migration guide asks teams to move them to strict (a new client) as soon as their scenario allows. Requiring a justification and a review date is this tool's policy.",
    source: "docs/auth0-facts.md#permissive-eligibility",
    fix: "Give the app a justification and a reviewBy date; when the date has passed, review it: migrate to strict or set a new date with a new justification.",
  },
  (ctx) =>
    each(thirdPartyClients(ctx, "permissive"), (client): Violation[] => {
      const meta = (ctx.read(client, "client_metadata") ?? {}) as Record<string, unknown>;
      const justification = client.annotation.justification ?? meta.tpa_justification;
      const reviewBy = client.annotation.reviewBy ?? meta.tpa_review_by;
      if (typeof justification !== "string" || justification.trim().length < 10 || typeof reviewBy !== "string") {
        return [{ resource: client, message: "permissive without a justification and a review date" }];
      }
      // compared as text, a date and today sort as days do; "TBD" or 2027-02-30 would sort after any day
      if (!isCalendarDate(reviewBy)) return [{ resource: client, message: `the review date ${reviewBy} is not a date (YYYY-MM-DD)` }];
      return reviewBy < ctx.today
        ? [{ resource: client, message: `the review date ${reviewBy} has passed (justification: ${justification})` }]
        : [];
    }),
);
