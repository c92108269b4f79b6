import type { StackPolicyResult } from "../aspect";
import type { Finding } from "../model";

/** policy-report.json (DESIGN.md §7): a contract outside tools parse; extend, never rename. */
export interface PolicyReport {
  readonly version: 1;
  /** the capability profile, or "mixed" when environments use different ones (see stacks) */
  readonly profile: string;
  readonly stacks: readonly { readonly name: string; readonly profile: string }[];
  readonly findings: readonly Finding[];
  readonly summary: { readonly errors: number; readonly warnings: number; readonly infos: number; readonly suppressed: number };
}

export function buildPolicyReport(results: readonly StackPolicyResult[]): PolicyReport {
  const findings = results.flatMap((r) => r.findings);
  const profiles = [...new Set(results.map((r) => r.profile.id))];
  const open = findings.filter((f) => !f.suppressed);
  return {
    version: 1,
    profile: profiles.length === 1 ? profiles[0] : profiles.length === 0 ? "none" : "mixed",
    stacks: results.map((r) => ({ name: r.stack, profile: r.profile.id })),
    findings,
    summary: {
      errors: open.filter((f) => f.severity === "error").length,
      warnings: open.filter((f) => f.severity === "warning").length,
      infos: open.filter((f) => f.severity === "info").length,
      suppressed: findings.length - open.length,
    },
  };
}

/** Whether the report blocks the stacks (an unsuppressed error). */
export function hasErrors(report: PolicyReport): boolean {
  return report.summary.errors > 0;
}
