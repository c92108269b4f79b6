import type { CapabilityProfile } from "./profiles";
import { Finding, isUnresolved, PolicyResource, referencedAddress, Suppression, TenantFacts } from "./model";
import type { Rule, RuleContext } from "./rule";
import { STRICT_MODE_RULES } from "./rules";
import { SUPPRESSION_RULES, matches } from "./suppressions";

export interface EvaluationInput {
  readonly stack: string;
  readonly resources: readonly PolicyResource[];
  readonly tenant: TenantFacts;
  readonly profile: CapabilityProfile;
  /** YYYY-MM-DD */
  readonly today: string;
  readonly suppressions?: readonly Suppression[];
  readonly rules?: readonly Rule[];
  /** the stack's resources as deployed or on the target branch, for the lifecycle rules (TPA40x) */
  readonly baseline?: readonly PolicyResource[];
}

export function ruleContext(
  input: Pick<EvaluationInput, "resources" | "tenant" | "profile" | "today" | "baseline">,
): RuleContext {
  const byType = new Map<string, PolicyResource[]>();
  const byAddress = new Map<string, PolicyResource>();
  const clientsById = new Map<string, PolicyResource>();
  for (const r of input.resources) {
    const list = byType.get(r.type);
    if (list) list.push(r);
    else byType.set(r.type, [r]);
    byAddress.set(r.address, r);
    const clientId = r.attributes.client_id;
    if (r.type === "auth0_client" && typeof clientId === "string" && !isUnresolved(clientId)) clientsById.set(clientId, r);
  }
  return {
    resources: input.resources,
    tenant: input.tenant,
    profile: input.profile,
    today: input.today,
    baseline: input.baseline,
    ofType: (type) => byType.get(type) ?? [],
    referenced: (value) => {
      if (typeof value !== "string") return undefined;
      const address = referencedAddress(value);
      // A literal client ID (plan JSON, a Management API snapshot) names the client that has it.
      return address ? byAddress.get(address) : clientsById.get(value);
    },
  };
}

/** Runs the rules over one stack's resources and applies suppressions. */
export function evaluate(input: EvaluationInput): Finding[] {
  const ctx = ruleContext(input);
  const raw: Omit<Finding, "suppressed">[] = [];
  for (const rule of input.rules ?? STRICT_MODE_RULES) {
    for (const v of rule.check(ctx)) {
      raw.push({
        ruleId: rule.id,
        severity: v.unresolved ? "warning" : rule.severity,
        stack: input.stack,
        path: v.resource?.path ?? v.resource?.address ?? input.stack,
        address: v.resource?.address,
        target: v.target ?? v.resource?.annotation.target ?? (v.resource ? undefined : "tenant"),
        attribute: v.attribute,
        message: v.unresolved ? `cannot check at synth time: ${v.message}` : v.message,
        fix: rule.fix,
      });
    }
  }

  const suppressions = input.suppressions ?? [];
  const expired = suppressions.filter((s) => s.expires < input.today);
  const active = suppressions.filter((s) => s.expires >= input.today);
  const used = new Set<Suppression>();
  const findings: Finding[] = raw.map((f) => {
    const s = active.find((candidate) => matches(candidate, { ...f, suppressed: false }));
    if (!s) return { ...f, suppressed: false };
    used.add(s);
    return { ...f, suppressed: true, suppression: { reason: s.reason, expires: s.expires, origin: s.origin } };
  });

  const [expiredRule, unusedRule] = SUPPRESSION_RULES;
  for (const s of expired) {
    findings.push(suppressionFinding(input.stack, s, expiredRule.id, "error", `suppression of ${s.rule} expired on ${s.expires} (reason: ${s.reason})`, expiredRule.fix));
  }
  for (const s of active.filter((s) => !used.has(s))) {
    findings.push(suppressionFinding(input.stack, s, unusedRule.id, "warning", `suppression of ${s.rule} for ${s.target ?? s.path} matches no finding`, unusedRule.fix));
  }
  return findings.sort(compareFindings);
}

function suppressionFinding(stack: string, s: Suppression, ruleId: string, severity: Finding["severity"], message: string, fix: string): Finding {
  return {
    ruleId,
    severity,
    stack,
    path: s.path ?? s.target ?? stack,
    target: s.target,
    message,
    fix,
    origin: s.origin,
    suppressed: false,
  };
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.stack.localeCompare(b.stack) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.path.localeCompare(b.path) ||
    a.message.localeCompare(b.message)
  );
}

/** Every rule the engine knows, the pack and the suppression rules, for catalogues. */
export const ALL_RULES = [...SUPPRESSION_RULES, ...STRICT_MODE_RULES].map(
  ({ id, title, severity, fact, source, fix }) => ({ id, title, severity, fact, source, fix }),
);
