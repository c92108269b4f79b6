import { Annotations, App, IAspect, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { utcToday } from "../constructs/dates";
import { evaluate } from "./evaluate";
import type { Finding, PolicyResource, Suppression, TenantFacts } from "./model";
import { CapabilityProfile, NEWEST_PROFILE_ID, profileById } from "./profiles";
import type { Rule } from "./rule";
import { PolicySuppressions } from "./suppressions";
import { resourcesFromTerraformJson } from "./terraform-json";

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
  /** receives each stack's findings (reports are written from these) @default none */
  readonly onEvaluated?: (result: StackPolicyResult) => void;
}

/**
 * The strict-mode policy as an Aspect: applied to a stack, it reads the stack's synthesized Terraform (so raw
 * L1 auth0_* resources are checked exactly like our constructs' ones), runs the rules, applies suppressions
 * and reports. `Aspects.of(stack).add(new TenantPolicy({ tenant: { ... } }))`.
 *
 * The aspect registers the evaluation as a validation of the stack, so that it sees the tree after every
 * aspect has run, just before synthesis writes it. (With `App({ skipValidation: true })` it evaluates in the
 * aspect itself.)
 */
export class TenantPolicy implements IAspect {
  private readonly profile: CapabilityProfile;
  private readonly registered = new WeakSet<TerraformStack>();

  constructor(private readonly props: TenantPolicyProps) {
    this.profile = profileById(props.profile ?? NEWEST_PROFILE_ID);
  }

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const stack = node as TerraformStack;
    if (this.registered.has(stack)) return;
    this.registered.add(stack);
    if (App.of(stack).skipValidation) {
      this.evaluate(stack);
      return;
    }
    stack.node.addValidation({
      validate: () => {
        this.evaluate(stack);
        return [];
      },
    });
  }

  private evaluate(stack: TerraformStack): void {
    const json = stack.toTerraform();
    evaluatedTerraform.set(stack, json);
    const resources = resourcesFromTerraformJson(json);
    const findings = evaluate({
      stack: stack.node.id,
      resources,
      tenant: this.props.tenant,
      profile: this.profile,
      today: this.props.today ?? utcToday(),
      suppressions: [...(this.props.suppressions ?? []), ...PolicySuppressions.collect(stack)],
      rules: this.props.rules,
      baseline: this.props.baseline,
    });
    if (this.props.annotate ?? true) annotateFindings(stack, findings);
    this.props.onEvaluated?.({ stack: stack.node.id, profile: this.profile, findings, resources: resources.length });
  }
}

const evaluatedTerraform = new WeakMap<TerraformStack, Record<string, unknown>>();

/**
 * The Terraform JSON the policy evaluated for a stack during this synthesis, once: a stack whose
 * toTerraform() returns it avoids resolving every token a second time (synthesis writes exactly what was
 * checked, as nothing changes between validation and writing).
 */
export function takeEvaluatedTerraform(stack: TerraformStack): Record<string, unknown> | undefined {
  const json = evaluatedTerraform.get(stack);
  evaluatedTerraform.delete(stack);
  return json;
}

function annotateFindings(stack: TerraformStack, findings: readonly Finding[]): void {
  const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c]));
  for (const f of findings) {
    const at = Annotations.of(byPath.get(f.path) ?? stack);
    const text = `${f.ruleId}: ${f.message}. Fix: ${f.fix}`;
    if (f.suppressed) at.addInfo(`${text} (suppressed: ${f.suppression?.reason})`);
    else if (f.severity === "error") at.addError(text);
    else if (f.severity === "warning") at.addWarning(text);
    else at.addInfo(text);
  }
}
