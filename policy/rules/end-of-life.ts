import type { PolicyResource } from "../model";
import type { RuleContext, Violation } from "../rule";
import { inEffect } from "../timeline";

/** What TPA303 (Rules) and TPA304 (credentials-exchange Hooks) check: enabled resources of one kind. */
export interface EndOfLifeSubject {
  /** the enabled resources */
  readonly enabled: readonly PolicyResource[];
  /** how a message names one, such as "rule" or "credentials-exchange hook" */
  readonly noun: string;
  /** what is no longer executed, such as "Rules" */
  readonly plural: string;
}

/** A resource's name as the messages show it: its name attribute, else its Terraform name. */
export function displayName(ctx: RuleContext, r: PolicyResource): string {
  return String(ctx.read(r, "name") ?? r.name);
}

/**
 * From Rules' and Hooks' end of life (policy/timeline.json) an enabled one no longer runs: a warning for each,
 * since the logic silently stopped. Before that date: undefined, and the rule checks what they break.
 */
export function afterEndOfLife(ctx: RuleContext, subject: EndOfLifeSubject): Violation[] | undefined {
  const eol = ctx.timeline.rulesAndHooksEndOfLife;
  if (!inEffect(eol, ctx.today)) return undefined;
  return subject.enabled.map((r) => ({
    resource: r,
    attribute: "enabled",
    severity: "warning" as const,
    message: `${subject.noun} ${displayName(ctx, r)} is enabled but ${subject.plural} are no longer executed since ${eol.date} (end of life): its logic silently stopped running`,
  }));
}
