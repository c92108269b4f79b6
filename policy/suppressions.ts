import { IConstruct } from "constructs";
import { DATE_PATTERN, isCalendarDate } from "../constructs/dates";
import type { Finding, Suppression } from "./model";
import type { RuleMetadata } from "./rule";
import { RULE_ID } from "./rule";

/** Findings about suppressions themselves, so that none outlives its reason unnoticed. */
export const SUPPRESSION_RULES: readonly RuleMetadata[] = [
  {
    id: "TPA001",
    title: "Expired suppression",
    severity: "error",
    fact: "A suppression records an accepted exception until a date; after it, the exception must be reviewed.",
    source: "docs/auth0-facts.md#suppressions",
    fix: "Fix the finding and remove the suppression, or renew it with a new reason and expiry date.",
  },
  {
    id: "TPA002",
    title: "Suppression that matches no finding",
    severity: "warning",
    fact: "A suppression that silences nothing hides nothing today but would hide a future finding without review.",
    source: "docs/auth0-facts.md#suppressions",
    fix: "Remove the suppression, or correct its rule ID or target.",
  },
];

const METADATA_TYPE = "tpa:suppression";

export interface CodeSuppression {
  /** the rule ID, such as TPA112 */
  readonly rule: string;
  /** why the finding is accepted (at least 10 characters) */
  readonly reason: string;
  /** YYYY-MM-DD after which the suppression is an error */
  readonly expires: string;
}

/**
 * What every suppression written in code needs: a rule ID, a reason, and an expiry that is a day of the calendar (a
 * date such as 9999-99-99 or 2027-02-30 would never compare as past: the suppression would never expire).
 */
export function checkSuppression(s: Pick<CodeSuppression, "rule" | "reason" | "expires">, where: string): void {
  if (typeof s.rule !== "string" || !RULE_ID.test(s.rule)) throw new Error(`suppression ${where}: "${String(s.rule)}" is not a rule ID such as TPA112`);
  if (typeof s.reason !== "string" || s.reason.trim().length < 10) throw new Error(`suppression of ${s.rule} ${where}: give a reason of at least 10 characters`);
  if (typeof s.expires !== "string" || !DATE_PATTERN.test(s.expires) || !isCalendarDate(s.expires)) {
    throw new Error(`suppression of ${s.rule} ${where}: expires takes a day of the calendar as YYYY-MM-DD, such as 2027-03-31, not "${String(s.expires)}"`);
  }
}

/** Suppressions written in code: they apply to the construct and everything below it. */
export class PolicySuppressions {
  static add(construct: IConstruct, ...suppressions: CodeSuppression[]): void {
    for (const s of suppressions) {
      checkSuppression(s, `at ${construct.node.path}`);
      construct.node.addMetadata(METADATA_TYPE, { ...s });
    }
  }

  /** Every code suppression at or below a construct, with its construct path. */
  static collect(root: IConstruct): Suppression[] {
    return root.node.findAll().flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === METADATA_TYPE)
        .map((m) => {
          const s = m.data as CodeSuppression;
          return { rule: s.rule, reason: s.reason, expires: s.expires, path: c.node.path, origin: c.node.path };
        }),
    );
  }
}

/** A finding as the suppression s accepts it, with its reason and where it was written. */
export function suppressedBy(f: Finding, s: Suppression): Finding {
  return { ...f, suppressed: true, suppression: { reason: s.reason, expires: s.expires, origin: s.origin, location: s.location } };
}

export function matches(s: Suppression, f: Finding): boolean {
  if (s.rule !== f.ruleId) return false;
  if (s.target !== undefined) return f.target === s.target || (f.target?.startsWith(`${s.target}/`) ?? false);
  if (s.path !== undefined) return f.path === s.path || f.path.startsWith(`${s.path}/`);
  return false;
}
