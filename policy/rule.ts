import type { CapabilityProfile } from "./profiles";
import type { PolicyResource, Severity, TenantFacts } from "./model";
import type { Timeline } from "./timeline";

/** A rule's ID: letters, then three digits (TPA112; a team's own rules may use their own letters, ACME001). */
export const RULE_ID = /^[A-Z]{2,8}\d{3}$/;

/** A rule's metadata: the contract reports, suppressions and docs rely on. */
export interface RuleMetadata {
  /** stable ID such as TPA101 */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** the Auth0 fact the rule enforces */
  readonly fact: string;
  /** where the fact comes from: a section of docs/auth0-facts.md (which names the public sources) */
  readonly source: string;
  /** what to do about a finding */
  readonly fix: string;
}

/** What a rule says about one resource (or the tenant, without a resource). */
export interface Violation {
  readonly resource?: PolicyResource;
  readonly message: string;
  readonly attribute?: string;
  /** the environment-file address, when the violation has no resource (such as gates) */
  readonly target?: string;
  /**
   * The rule could not decide because a value is only known at apply (a reference or expression).
   * Reported as a warning under the rule's ID, never silently passed.
   */
  readonly unresolved?: boolean;
  /** a severity other than the rule's, where the fact itself depends on the date (Rules' end of life) @default the rule's */
  readonly severity?: Severity;
}

/**
 * Thrown by RuleContext.read for a value only known at apply. The read has been recorded already (the engine
 * reports it as a warning under the rule's ID), so a rule may let it abort its decision about one resource.
 */
export class UnresolvedValue extends Error {
  constructor(
    readonly resource: PolicyResource,
    readonly attribute: string,
  ) {
    super(`${resource.address}: ${attribute} is only known at apply`);
  }
}

/** Reads a (dotted) attribute of a resource; throws UnresolvedValue for a value only known at apply. */
export type Reader = (resource: PolicyResource, attribute: string) => unknown;

/** What rules see: every auth0_* resource of one stack, the tenant, the active profile and today's date. */
export interface RuleContext {
  readonly resources: readonly PolicyResource[];
  readonly tenant: TenantFacts;
  readonly profile: CapabilityProfile;
  /** Auth0's dated changes (mode-less clients strict, Rules and Hooks end of life) */
  readonly timeline: Timeline;
  /** YYYY-MM-DD */
  readonly today: string;
  /**
   * the same stack as deployed or as on the target branch (a previous synth or a plan's prior state), for
   * the lifecycle rules; undefined when no baseline was given
   */
  readonly baseline?: readonly PolicyResource[];
  ofType(type: string): readonly PolicyResource[];
  /**
   * The one way rules read attributes (as cdk-nag resolves values): a value only known at apply is recorded
   * as an unresolved read of this rule (a warning under its ID) and thrown as UnresolvedValue.
   */
  read: Reader;
  /**
   * A list attribute's items that are known, for a rule that judges items one by one (grant types, URLs): an item only
   * known at apply is an unresolved read of this rule (a warning), and a known item that breaks the rule is still
   * an error beside it. A value that is no list is read as `read` reads it.
   */
  readKnownItems(resource: PolicyResource, attribute: string): unknown;
  /**
   * The resource an attribute points at: a "${type.name.attr}" reference, or a literal client ID, to a
   * resource of this stack; undefined when it points outside the stack or is unset. Any other expression is
   * an unresolved read (see read).
   */
  reference(resource: PolicyResource, attribute: string): PolicyResource | undefined;
  /**
   * The resources of a type whose attribute points at target (as `reference` reads it), from an index built once
   * per stack. Those holding an expression there are unresolved reads of this rule.
   */
  referrers(type: string, attribute: string, target: PolicyResource): readonly PolicyResource[];
  /**
   * What `compute` derives from this context, computed once per stack for every rule that asks by the same key
   * (an index, such as the stack's strict clients). compute must depend on the context alone. The values only
   * known at apply that it read are recorded as this rule's unresolved reads each time it is asked, as if the
   * rule had computed it itself.
   */
  shared<T>(key: string, compute: (ctx: RuleContext) => T): T;
}

export interface Rule extends RuleMetadata {
  check(ctx: RuleContext): Violation[];
  /**
   * Set for a rule that judges each resource of one list on its own (declared with eachRule): the list, and the judge
   * of one of its resources, made once per stack. The engine runs the rules of one list side by side, in one pass over
   * it, each resource's data read by all of them at once (tenants have tens of thousands of clients and grants).
   */
  readonly judges?: Judges;
}

/** The resources a rule judges one by one, and (made once per stack) the judge of one; no judge: nothing to judge there. */
export interface Judges {
  /** the list, one function for every rule that judges it (the engine groups rules by it) */
  readonly of: (ctx: RuleContext) => readonly PolicyResource[];
  readonly judge: (ctx: RuleContext) => ((resource: PolicyResource) => readonly Violation[]) | undefined;
  /**
   * the check eachRule made of them: the engine judges a rule side by side only while it is the rule's check (a copy
   * of the rule with a check of its own, `{ ...rule, check }`, runs that check)
   */
  readonly check: (ctx: RuleContext) => Violation[];
}

/**
 * Declares a rule that judges each resource of a list on its own: its check is every resource judged in turn, each on
 * its own (a value only known at apply stops the decision about that resource only), and the engine may run it beside
 * the other rules of the same list in one pass over it.
 */
export function eachRule(metadata: RuleMetadata, of: Judges["of"], judge: Judges["judge"]): Rule {
  const check = (ctx: RuleContext): Violation[] => {
    const judgeOne = judge(ctx);
    return judgeOne ? each(of(ctx), judgeOne) : [];
  };
  return { ...metadata, judges: { of, judge, check }, check };
}

/** Declares a rule: metadata beside its check. */
export function rule(metadata: RuleMetadata, check: (ctx: RuleContext) => Violation[]): Rule {
  return { ...metadata, check };
}

/**
 * Checks each resource on its own, so that a value only known at apply on one resource (already recorded by
 * ctx.read) stops the decision about that resource only.
 */
export function each<T>(items: readonly T[], check: (item: T) => readonly Violation[]): Violation[] {
  // a loop by index, not flatMap nor for-of: rules run this over every client of large tenants, and for-of's
  // iterator results are allocated in this try block (the largest share of a policy run's garbage). The list is
  // made on the first violation, and is the caller's own (a rule may add to what each gives it).
  let out: Violation[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    try {
      const found = check(item);
      for (let i = 0; i < found.length; i++) (out ??= []).push(found[i]);
    } catch (e) {
      if (!(e instanceof UnresolvedValue)) throw e;
    }
  }
  return out ?? [];
}

/** What a judge of one resource (eachRule) that finds nothing may return: one read-only list for all of them. */
export const NO_VIOLATIONS: readonly Violation[] = Object.freeze([]);

/** The value fn computes, or undefined when it met a value only known at apply (recorded by ctx.read). */
export function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof UnresolvedValue) return undefined;
    throw e;
  }
}

/** The items a predicate holds for; an item the predicate cannot decide (recorded by ctx.read) is left out. */
export function where<T>(items: readonly T[], predicate: (item: T) => boolean): T[] {
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]; // by index, as in each
    try {
      if (predicate(item) === true) out.push(item);
    } catch (e) {
      if (!(e instanceof UnresolvedValue)) throw e;
    }
  }
  return out;
}
