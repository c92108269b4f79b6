import type { CapabilityProfile } from "./profiles";
import type { PolicyResource, Severity, TenantFacts } from "./model";

/** A rule's metadata: the contract reports, suppressions and docs rely on. */
export interface RuleMetadata {
  /** stable ID such as TPA101 */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** the Auth0 fact the rule enforces */
  readonly fact: string;
  /** where the fact comes from (AUTH0-STRICT-FACTS.md section and the Auth0 source key) */
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
}

/** What rules see: every auth0_* resource of one stack, the tenant, the active profile and today's date. */
export interface RuleContext {
  readonly resources: readonly PolicyResource[];
  readonly tenant: TenantFacts;
  readonly profile: CapabilityProfile;
  /** YYYY-MM-DD */
  readonly today: string;
  /**
   * the same stack as deployed or as on the target branch (a previous synth or a plan's prior state), for
   * the lifecycle rules; undefined when no baseline was given
   */
  readonly baseline?: readonly PolicyResource[];
  ofType(type: string): readonly PolicyResource[];
  /** the resource a "${type.name.attr}" reference (or a literal client ID) points at, when it is here */
  referenced(value: unknown): PolicyResource | undefined;
}

export interface Rule extends RuleMetadata {
  check(ctx: RuleContext): Violation[];
}

/** Declares a rule: metadata beside its check. */
export function rule(metadata: RuleMetadata, check: (ctx: RuleContext) => Violation[]): Rule {
  return { ...metadata, check };
}
