import type { CapabilityProfile } from "./profiles";
import { Finding, isUnresolved, PolicyResource, referencedAddress, Suppression, TenantFacts } from "./model";
import { Judges, Rule, RuleContext, UnresolvedValue, Violation } from "./rule";
import { STRICT_MODE_RULES } from "./rules";
import { Timeline, TIMELINE } from "./timeline";
import { SUPPRESSION_RULES, matches, suppressedBy } from "./suppressions";
import { UNREAD_CONFIGURATION } from "./input-rules";

/** What the policy says of a value it cannot read: a reference or expression resolved only when Terraform applies. */
export const ONLY_AT_APPLY = "is only known at apply";

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
  /** Auth0's dated changes @default policy/timeline.json */
  readonly timeline?: Timeline;
}

type ContextInput = Pick<EvaluationInput, "resources" | "tenant" | "profile" | "today" | "baseline" | "timeline">;

interface StackIndex {
  readonly byType: Map<string, PolicyResource[]>;
  /** built on the first reference by address (snapshots and plans name clients by ID, not by reference) */
  byAddress?: Map<string, PolicyResource>;
  readonly resources: readonly PolicyResource[];
  /** auth0_client resources by their literal client_id, built on the first literal client ID read as a reference */
  clientsById?: Map<string, PolicyResource>;
  /** by type and attribute, built on first use: who points at whom, and who holds an expression there */
  readonly referrers: Map<string, Map<string, Referrers>>;
  /** RuleContext.shared's values by key, with the unresolved reads each made (replayed for every rule that asks) */
  readonly shared: Map<string, SharedValue>;
  /** dotted attribute names split once (rules read the same few of every resource) */
  readonly paths: Map<string, readonly string[]>;
}

/** Who points at whom through one type's attribute, and who holds an expression there. */
interface Referrers {
  readonly byTarget: Map<PolicyResource, PolicyResource[]>;
  readonly unresolved: PolicyResource[];
}

interface SharedValue {
  readonly outcome: { readonly value: unknown } | { readonly thrown: unknown };
  readonly reads: readonly (readonly [PolicyResource, string])[];
}

function indexStack(resources: readonly PolicyResource[]): StackIndex {
  const byType = new Map<string, PolicyResource[]>();
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i]; // loops by index: for-of's iterator results are garbage per resource
    const list = byType.get(r.type);
    if (list) list.push(r);
    else byType.set(r.type, [r]);
  }
  return { resources, byType, referrers: new Map(), shared: new Map(), paths: new Map() };
}

function byAddress(index: StackIndex): Map<string, PolicyResource> {
  if (!index.byAddress) index.byAddress = new Map(index.resources.map((r) => [r.address, r]));
  return index.byAddress;
}

function clientsById(index: StackIndex): Map<string, PolicyResource> {
  if (!index.clientsById) {
    index.clientsById = new Map();
    const clients = index.byType.get("auth0_client") ?? [];
    for (let i = 0; i < clients.length; i++) {
      const r = clients[i];
      const clientId = r.attributes.client_id;
      if (typeof clientId === "string" && !isUnresolved(clientId)) index.clientsById.set(clientId, r);
    }
  }
  return index.clientsById;
}

/**
 * The target a reference attribute names (a "${type.name...}" reference or a literal client ID), or "unresolved"
 * (an expression, or a list where one ID belongs, such as a splat's: which of its items is meant is not known).
 */
function targetOf(index: StackIndex, value: unknown): PolicyResource | "unresolved" | undefined {
  // a block (a list of objects) is no reference, whatever it holds
  if (Array.isArray(value)) return value.some((v) => typeof v === "string") ? "unresolved" : undefined;
  if (typeof value !== "string") return undefined;
  const address = referencedAddress(value);
  if (address) return byAddress(index).get(address);
  return isUnresolved(value) ? "unresolved" : clientsById(index).get(value);
}

function referrersIndex(index: StackIndex, type: string, attribute: string): Referrers {
  // by type, then attribute: no key string made per question (rules ask once per client)
  let ofAttribute = index.referrers.get(type);
  if (!ofAttribute) index.referrers.set(type, (ofAttribute = new Map()));
  let entry = ofAttribute.get(attribute);
  if (!entry) {
    entry = { byTarget: new Map(), unresolved: [] };
    const ofType = index.byType.get(type) ?? [];
    for (let i = 0; i < ofType.length; i++) {
      const r = ofType[i];
      const value = attributeAt(index, r, attribute);
      const target = value === UNRESOLVED_BLOCK ? "unresolved" : targetOf(index, value);
      if (target === "unresolved") entry.unresolved.push(r);
      else if (target) {
        const list = entry.byTarget.get(target);
        if (list) list.push(r);
        else entry.byTarget.set(target, [r]);
      }
    }
    ofAttribute.set(attribute, entry);
  }
  return entry;
}

/**
 * The context one rule runs in; `onUnresolved` hears of every value only known at apply that the rule reads.
 * `index` is of the same input (evaluate builds it once for all the rules).
 */
export function ruleContext(
  input: ContextInput,
  onUnresolved: (resource: PolicyResource, attribute: string) => void = () => {},
  index: StackIndex = indexStack(input.resources),
): RuleContext {
  const { byType } = index;
  const unresolved = (resource: PolicyResource, attribute: string): never => {
    onUnresolved(resource, attribute);
    throw new UnresolvedValue(resource, attribute);
  };
  const shared = <T>(key: string, compute: (ctx: RuleContext) => T): T => {
    let entry = index.shared.get(key);
    if (!entry) {
      const reads: [PolicyResource, string][] = [];
      const recording = ruleContext(input, (resource, attribute) => reads.push([resource, attribute]), index);
      let outcome: SharedValue["outcome"];
      try {
        outcome = { value: compute(recording) };
      } catch (thrown) {
        outcome = { thrown };
      }
      index.shared.set(key, (entry = { outcome, reads }));
    }
    for (let i = 0; i < entry.reads.length; i++) onUnresolved(entry.reads[i][0], entry.reads[i][1]); // asked per resource: no iterator
    if ("thrown" in entry.outcome) throw entry.outcome.thrown;
    return entry.outcome.value as T;
  };
  return {
    shared,
    resources: input.resources,
    tenant: input.tenant,
    profile: input.profile,
    timeline: input.timeline ?? TIMELINE,
    today: input.today,
    baseline: input.baseline,
    ofType: (type) => byType.get(type) ?? NONE,
    read: (resource, attribute) => {
      const value = attributeAt(index, resource, attribute);
      if (resource.literal === true) return value; // tens of thousands of a tenant's clients, read by every rule
      return value === UNRESOLVED_BLOCK || isUnresolved(value) ? unresolved(resource, attribute) : value;
    },
    readKnownItems: (resource, attribute) => {
      const value = attributeAt(index, resource, attribute);
      if (resource.literal === true) return value;
      if (!Array.isArray(value)) return value === UNRESOLVED_BLOCK || isUnresolved(value) ? unresolved(resource, attribute) : value;
      if (!value.some(isUnresolved)) return value;
      onUnresolved(resource, attribute);
      return value.filter((item) => !isUnresolved(item));
    },
    reference: (resource, attribute) => {
      const value = attributeAt(index, resource, attribute);
      // A literal client ID (plan JSON, a Management API snapshot) names the client that has it.
      const target = value === UNRESOLVED_BLOCK ? "unresolved" : targetOf(index, value);
      return target === "unresolved" ? unresolved(resource, attribute) : target;
    },
    referrers: (type, attribute, target) => {
      const entry = referrersIndex(index, type, attribute);
      for (let i = 0; i < entry.unresolved.length; i++) onUnresolved(entry.unresolved[i], attribute);
      return entry.byTarget.get(target) ?? NONE;
    },
  };
}

const UNRESOLVED_BLOCK = Symbol("unresolved block");

/** No resources: one read-only list for every empty answer (rules ask each client's referrers, of 50,000) */
const NONE: readonly PolicyResource[] = Object.freeze([]);

/** A dotted attribute through max-1 nested blocks (an object or a one-element list); a block that is itself an expression is unresolved. */
function attributeAt(index: StackIndex, resource: PolicyResource, dotted: string): unknown {
  if (!dotted.includes(".")) return resource.attributes[dotted];
  let path = index.paths.get(dotted);
  if (!path) index.paths.set(dotted, (path = dotted.split(".")));
  let value: unknown = resource.attributes;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const b = Array.isArray(value) ? value[0] : value;
    if (typeof b === "string" && isUnresolved(b)) return UNRESOLVED_BLOCK;
    if (!b || typeof b !== "object") return undefined;
    value = (b as Record<string, unknown>)[key];
  }
  return value;
}

/** Runs the rules over one stack's resources and applies suppressions. */
export function evaluate(input: EvaluationInput): Finding[] {
  const raw: Finding[] = [];
  const finding = (rule: Rule, v: Violation): Finding => ({
    ruleId: rule.id,
    severity: v.unresolved ? "warning" : (v.severity ?? rule.severity),
    stack: input.stack,
    path: v.resource?.path ?? v.resource?.address ?? input.stack,
    address: v.resource?.address,
    target: v.target ?? v.resource?.annotation.target ?? (v.resource ? undefined : "tenant"),
    attribute: v.attribute,
    message: v.unresolved ? `cannot check at synth time: ${v.message}` : v.message,
    fix: rule.fix,
    suppressed: false,
  });
  const index = indexStack(input.resources);
  const runs = (input.rules ?? STRICT_MODE_RULES).map((rule): RuleRun => {
    // Every value only known at apply that the rule read, once per resource and attribute.
    const reads = new Map<string, Violation>();
    const ctx = ruleContext(input, (resource, attribute) => {
      reads.set(`${resource.address}|${attribute}`, { resource, attribute, unresolved: true, message: `${attribute} ${ONLY_AT_APPLY}` });
    }, index);
    return { rule, reads, ctx };
  });
  const judged = judgedSideBySide(runs);
  for (const { rule, reads, ctx } of runs) {
    let violations = judged.get(rule);
    if (!violations) {
      try {
        violations = rule.check(ctx);
      } catch (e) {
        if (!(e instanceof UnresolvedValue)) throw e;
        violations = []; // the rule could not decide at all; its unresolved read says why
      }
    }
    for (const v of violations) {
      if (v.unresolved && v.resource && v.attribute) reads.delete(`${v.resource.address}|${v.attribute}`);
      raw.push(finding(rule, v));
    }
    for (const v of reads.values()) raw.push(finding(rule, v));
  }

  const suppressions = input.suppressions ?? [];
  const expired = suppressions.filter((s) => s.expires < input.today);
  const active = suppressions.filter((s) => s.expires >= input.today);
  const used = new Set<Suppression>();
  const findings: Finding[] = raw.map((f) => {
    const s = active.find((candidate) => matches(candidate, f));
    if (!s) return f;
    used.add(s);
    return suppressedBy(f, s);
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

/** One rule's run over a stack: its context, and the values only known at apply it read. */
interface RuleRun {
  readonly rule: Rule;
  readonly reads: Map<string, Violation>;
  readonly ctx: RuleContext;
}

/**
 * The violations of the rules that judge each resource of a list on its own (eachRule), found in one pass over each
 * list: each resource is judged by all the rules of its list in turn, while its data is at hand, and each judgement
 * stands on its own as in the rule's own check (a value only known at apply stops that rule's decision about that
 * resource only). A list with one such rule is left to that rule's own check.
 */
function judgedSideBySide(runs: readonly RuleRun[]): Map<Rule, readonly Violation[]> {
  const out = new Map<Rule, readonly Violation[]>();
  const byList = new Map<Judges["of"], RuleRun[]>();
  for (const run of runs) {
    const judges = run.rule.judges;
    if (!judges || run.rule.check !== judges.check) continue; // a copy with a check of its own runs that check
    const of = judges.of;
    const list = byList.get(of);
    if (list) list.push(run);
    else byList.set(of, [run]);
  }
  for (const [of, group] of byList) if (group.length > 1) judgeList(of, group, out);
  return out;
}

function judgeList(of: Judges["of"], group: readonly RuleRun[], out: Map<Rule, readonly Violation[]>): void {
  const judges: ((resource: PolicyResource) => readonly Violation[])[] = [];
  const found: Violation[][] = [];
  let resources: readonly PolicyResource[] = [];
  for (const { rule, ctx } of group) {
    let judge: ((resource: PolicyResource) => readonly Violation[]) | undefined;
    try {
      judge = rule.judges!.judge(ctx);
    } catch (e) {
      if (!(e instanceof UnresolvedValue)) throw e; // as in the rule's own check: it could not decide at all
    }
    if (!judge) {
      out.set(rule, []);
      continue;
    }
    try {
      resources = of(ctx); // one list for the stack; asked in each rule's context, which hears what it read
    } catch (e) {
      if (!(e instanceof UnresolvedValue)) throw e;
      out.set(rule, []); // as in the rule's own check
      continue;
    }
    const own: Violation[] = [];
    judges.push(judge);
    found.push(own);
    out.set(rule, own);
  }
  for (let i = 0; i < resources.length; i++) {
    const resource = resources[i];
    for (let j = 0; j < judges.length; j++) {
      try {
        const violations = judges[j](resource);
        for (let k = 0; k < violations.length; k++) found[j].push(violations[k]);
      } catch (e) {
        if (!(e instanceof UnresolvedValue)) throw e;
      }
    }
  }
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
    location: s.location,
    suppressed: false,
  };
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };

/** localeCompare's order, without its set-up on every call (audits sort thousands of findings) */
const LOCALE_ORDER = new Intl.Collator().compare;

export function compareFindings(a: Finding, b: Finding): number {
  return (
    LOCALE_ORDER(a.stack, b.stack) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    LOCALE_ORDER(a.ruleId, b.ruleId) ||
    LOCALE_ORDER(a.path, b.path) ||
    LOCALE_ORDER(a.message, b.message)
  );
}

/** Every rule the engine knows: the suppression rules, the unread-configuration rule and the pack, for catalogues. */
export const ALL_RULES = [...SUPPRESSION_RULES, UNREAD_CONFIGURATION, ...STRICT_MODE_RULES].map(
  ({ id, title, severity, fact, source, fix }) => ({ id, title, severity, fact, source, fix }),
);
