import type { IAspect, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { isCalendarDate, utcToday } from "../constructs/dates";
import { evaluate } from "./evaluate";
import type { Finding, PolicyResource, Suppression, TenantFacts } from "./model";
import { CapabilityProfile, NEWEST_PROFILE_ID, profileById } from "./profiles";
import type { Rule } from "./rule";
import { checkSuppression, PolicySuppressions } from "./suppressions";
import { resourcesFromTerraformJson } from "./terraform-json";

// cdktf loads when a stack is evaluated: the policy's users on plain data (tpa check, tpa audit) do not pay for it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdktf = () => require("cdktf") as typeof import("cdktf");

export interface StackPolicyResult {
  readonly stack: string;
  readonly profile: CapabilityProfile;
  readonly findings: readonly Finding[];
  /** how many auth0_* resources were checked */
  readonly resources: number;
}

export interface TenantPolicyProps {
  /** what the policy knows of the tenant beyond its resources */
  readonly tenant: TenantFacts;
  /** the capability profile's ID @default the newest */
  readonly profile?: string;
  /** YYYY-MM-DD, for review dates and suppression expiry @default today (UTC) */
  readonly today?: string;
  /** suppressions from configuration (code ones come from PolicySuppressions.add) @default none */
  readonly suppressions?: readonly Suppression[];
  /** the rules @default the strict-mode pack */
  readonly rules?: readonly Rule[];
  /** the stack as deployed or on the target branch, for the lifecycle rules @default none (they do not run) */
  readonly baseline?: readonly PolicyResource[];
  /**
   * add findings as construct annotations; error annotations make `cdktf synth` fail
   * @default true
   */
  readonly annotate?: boolean;
}

/**
 * The policy on one stack's synthesized Terraform: its auth0_* resources, the tenant facts, the suppressions
 * of the props and those made in code (PolicySuppressions.add). A pure function of its inputs; the
 * TenantPolicy aspect and `tpa synth` both call it.
 */
export function evaluateStackPolicy(stack: TerraformStack, terraform: Record<string, unknown>, props: TenantPolicyProps): StackPolicyResult {
  const profile = profileById(props.profile ?? NEWEST_PROFILE_ID);
  const resources = resourcesFromTerraformJson(terraform);
  const findings = evaluate({
    stack: stack.node.id,
    resources,
    tenant: props.tenant,
    profile,
    today: props.today ?? utcToday(),
    suppressions: [...(props.suppressions ?? []), ...PolicySuppressions.collect(stack)],
    rules: props.rules,
    baseline: props.baseline,
  });
  return { stack: stack.node.id, profile, findings, resources: resources.length };
}

/**
 * The strict-mode policy as an Aspect: applied to a stack, it reads the stack's synthesized Terraform (so raw
 * L1 auth0_* resources are checked exactly like our constructs' ones), runs the rules, applies suppressions
 * and reports. `Aspects.of(stack).add(new TenantPolicy({ tenant: { ... } }))`.
 *
 * The aspect registers the evaluation as a validation of the stack, so that it sees the tree after every
 * aspect has run, just before synthesis writes it. (With `App({ skipValidation: true })` it evaluates in the
 * aspect itself.) For the findings as a value, call evaluateStackPolicy on the synthesized stack instead.
 */
export class TenantPolicy implements IAspect {
  private readonly profile: CapabilityProfile;
  private readonly registered = new WeakSet<TerraformStack>();

  constructor(private readonly props: TenantPolicyProps) {
    this.profile = profileById(props.profile ?? NEWEST_PROFILE_ID);
    // a date the rules cannot compare would switch off the review-date check and keep expired suppressions in force
    if (props.today !== undefined && !isCalendarDate(props.today)) {
      throw new Error(`TenantPolicy: today takes a date as YYYY-MM-DD, such as 2027-03-31, not "${props.today}"`);
    }
    (props.suppressions ?? []).forEach((s, i) => checkSuppression(s, `in TenantPolicy's suppressions[${i}]`));
  }

  visit(node: IConstruct): void {
    if (!cdktf().TerraformStack.isStack(node)) return;
    const stack = node as TerraformStack;
    if (this.registered.has(stack)) return;
    this.registered.add(stack);
    // what the library's constructs check of their stack (a credential in the provider, two resources at one
    // address), for a stack of L1 resources alone too
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("../constructs/checks") as typeof import("../constructs/checks")).checkStackOf(stack);
    if (cdktf().App.of(stack).skipValidation) {
      this.evaluate(stack);
      return;
    }
    // The errors are the validation's own: cdktf stops before it writes the stack, even where error annotations
    // would not stop it (cdktf-cli and cdktn-cli set CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS), so no rejected
    // stack is left for a plan.
    stack.node.addValidation({
      validate: () => this.evaluate(stack, "validation"),
    });
  }

  /** Annotates the findings; returns the unsuppressed errors when a validation reports them (else none). */
  private evaluate(stack: TerraformStack, errorsAs: "annotation" | "validation" = "annotation"): string[] {
    const { findings } = evaluateStackPolicy(stack, stack.toTerraform(), { ...this.props, profile: this.profile.id });
    if (!(this.props.annotate ?? true)) return [];
    return annotateFindings(stack, findings, errorsAs);
  }
}

/** Annotations of the findings at their constructs; with errorsAs "validation", the errors also as the validation's messages. */
function annotateFindings(stack: TerraformStack, findings: readonly Finding[], errorsAs: "annotation" | "validation"): string[] {
  const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c]));
  const errors: string[] = [];
  for (const f of findings) {
    const construct = byPath.get(f.path) ?? stack;
    const at = cdktf().Annotations.of(construct);
    const text = `${f.ruleId}: ${f.message}. Fix: ${f.fix}`;
    if (f.suppressed) at.addInfo(`${text} (suppressed: ${f.suppression?.reason})`);
    else if (f.severity === "error") {
      at.addError(text);
      if (errorsAs === "validation") errors.push(construct === stack ? text : `[${construct.node.path}] ${text}`);
    }
    else if (f.severity === "warning") at.addWarning(text);
    else at.addInfo(text);
  }
  return errors;
}
