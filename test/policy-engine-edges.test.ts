/**
 * The policy engine at its edges (issue 16: the surviving mutants of policy/*.ts and policy/profiles/): what a
 * rule sees through its context (reads, references, referrers, values computed once per stack), how evaluate turns
 * violations into findings, suppressions (expired, unused, first match), the order of findings, the Terraform JSON
 * and literal helpers, Auth0's defaults as the rules read them, the profile discovery and the TenantPolicy aspect.
 * Everything runs in-process, so that a mutant of these files meets these cases.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, Aspects, TerraformResource, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import * as auth0 from "../policy/auth0";
import { appAddress, isRole, modeStem, parseAppAddress, ROLES } from "../policy/conventions";
import { ALL_RULES, compareFindings, evaluate, EvaluationInput, ruleContext } from "../policy/evaluate";
import { evaluateStackPolicy, TenantPolicy } from "../policy/aspect";
import { Finding, isUnresolved, locationText, PolicyResource, referencedAddress, ResourceNotes, Suppression, TenantFacts, TERRAFORM_META_ARGUMENTS } from "../policy/model";
import { NEWEST_PROFILE_ID, PROFILE_IDS, PROFILES, profileById } from "../policy/profiles";
import { attempt, each, rule, Rule, RuleContext, UnresolvedValue, Violation, where } from "../policy/rule";
import { STRICT_MODE_RULES } from "../policy/rules";
import { utcToday } from "../constructs/dates";
import { matches, PolicySuppressions, SUPPRESSION_RULES } from "../policy/suppressions";
import { resourcesFromTerraformJson } from "../policy/terraform-json";
import { fromTerraformLiteral, hasTemplateSequence, sharedTerraformLiterals, terraformLiteral, terraformLiterals } from "../policy/terraform-literal";
import { inEffect, Timeline, TIMELINE } from "../policy/timeline";

const TODAY = "2026-12-01";
const NEWEST = profileById(NEWEST_PROFILE_ID);
const TENANT: TenantFacts = { environment: "t", permissiveEligible: false, domain: "acme.eu.auth0.com" };
const API = "https://api.acme.test/orders";

function res(type: string, name: string, attributes: Record<string, unknown>, annotation: ResourceNotes = {}, withPath = true): PolicyResource {
  return { type, name, address: `${type}.${name}`, ...(withPath ? { path: `t/${name}` } : {}), attributes, annotation };
}
const client = (name: string, attributes: Record<string, unknown> = {}, notes: ResourceNotes = {}) => res("auth0_client", name, { name, ...attributes }, notes);
const strict = (name: string, attributes: Record<string, unknown> = {}, notes: ResourceNotes = {}) =>
  client(name, { is_first_party: false, third_party_security_mode: "strict", ...attributes }, notes);
const grantOf = (name: string, of: string, attributes: Record<string, unknown> = {}) =>
  res("auth0_client_grant", name, { client_id: `\${auth0_client.${of}.client_id}`, audience: API, ...attributes });

/** A rule's context on resources, with the unresolved reads it reports as "address|attribute". */
function contextOf(resources: readonly PolicyResource[], extra: Partial<EvaluationInput> = {}): { ctx: RuleContext; reads: string[] } {
  const reads: string[] = [];
  const ctx = ruleContext({ resources, tenant: TENANT, profile: NEWEST, today: TODAY, ...extra }, (r, a) => reads.push(`${r.address}|${a}`));
  return { ctx, reads };
}

/** A rule of its own for the engine's cases: id TPA9NN, the check given. */
const probe = (check: (ctx: RuleContext) => Violation[], id = "TPA901", severity: Rule["severity"] = "error"): Rule =>
  rule({ id, title: `probe ${id}`, severity, fact: "a fact", source: "docs/auth0-facts.md#probe", fix: `fix of ${id}` }, check);

const run = (resources: readonly PolicyResource[], rules: readonly Rule[], extra: Partial<EvaluationInput> = {}): Finding[] =>
  evaluate({ stack: "t", resources, tenant: TENANT, profile: NEWEST, today: TODAY, rules, ...extra });

describe("the rule context: reads", () => {
  test("ofType gives a type's resources in stack order, and one frozen empty list for any type the stack lacks", () => {
    const a = client("a");
    const b = client("b");
    const g = grantOf("g", "a");
    const { ctx } = contextOf([a, g, b]);
    expect(ctx.ofType("auth0_client")).toEqual([a, b]);
    expect(ctx.ofType("auth0_client")[0]).toBe(a);
    expect(ctx.ofType("auth0_client_grant")).toEqual([g]);
    const none = ctx.ofType("auth0_hook");
    expect(none).toEqual([]);
    expect(Object.isFrozen(none)).toBe(true);
    expect(ctx.ofType("auth0_rule")).toBe(none);
  });

  test("a literal resource's values are data: a template sequence in it is read as text, never as an unresolved read", () => {
    const expression = client("a", { name: "${var.name}", callbacks: ["${var.cb}"] });
    const literal: PolicyResource = { ...client("b", { name: "${var.name}", callbacks: ["${var.cb}"] }), literal: true };
    const { ctx, reads } = contextOf([expression, literal]);
    expect(() => ctx.read(expression, "name")).toThrow(UnresolvedValue);
    expect(ctx.read(literal, "name")).toBe("${var.name}");
    expect(ctx.read(literal, "callbacks")).toEqual(["${var.cb}"]);
    expect(reads).toEqual(["auth0_client.a|name"]);
  });

  test("the context passes the input through: resources, tenant, profile, today, baseline; the timeline defaults to policy/timeline.json", () => {
    const a = client("a");
    const baseline = [client("old")];
    const { ctx } = contextOf([a], { baseline });
    expect(ctx.resources).toEqual([a]);
    expect(ctx.tenant).toBe(TENANT);
    expect(ctx.profile).toBe(NEWEST);
    expect(ctx.today).toBe(TODAY);
    expect(ctx.baseline).toBe(baseline);
    expect(ctx.timeline).toBe(TIMELINE);
    const timeline: Timeline = { modelessClientsStrictFrom: { date: "2030-01-01", source: "s" }, rulesAndHooksEndOfLife: { date: "2031-01-01", source: "s" } };
    expect(contextOf([a], { timeline }).ctx.timeline).toBe(timeline);
    expect(contextOf([a]).ctx.baseline).toBeUndefined();
  });

  test("read returns literal values, dotted through an object block or a one-element list block, and records nothing", () => {
    const c = client("c", { flags: [{ on: true, off: false, zero: 0 }], jwt: { alg: "RS256" }, plain: "text", escaped: "$${var.x}", nothing: null });
    const { ctx, reads } = contextOf([c]);
    expect(ctx.read(c, "flags.on")).toBe(true);
    expect(ctx.read(c, "flags.off")).toBe(false);
    expect(ctx.read(c, "flags.zero")).toBe(0);
    expect(ctx.read(c, "jwt.alg")).toBe("RS256");
    expect(ctx.read(c, "plain")).toBe("text");
    expect(ctx.read(c, "escaped")).toBe("$${var.x}");
    expect(ctx.read(c, "missing")).toBeUndefined();
    expect(ctx.read(c, "missing.alg")).toBeUndefined();
    expect(ctx.read(c, "plain.alg")).toBeUndefined(); // a literal string is no block
    expect(ctx.read(c, "plain.length")).toBeUndefined(); // nor are its own properties attributes
    expect(ctx.read(c, "nothing.alg")).toBeUndefined(); // null is no block either
    expect(ctx.read(c, "flags.on.deeper")).toBeUndefined();
    expect(ctx.read(c, "jwt.alg")).toBe("RS256"); // the split path, asked again
    expect(reads).toEqual([]);
  });

  test("read of a value only known at apply records the read and throws UnresolvedValue naming the resource and attribute", () => {
    const c = client("c", { grant_types: ["authorization_code", "${var.extra}"], jwt: [{ alg: "${var.alg}" }], meta: { nested: { deep: "%{if x}y%{endif}" } } });
    const { ctx, reads } = contextOf([c]);
    let thrown: unknown;
    try {
      ctx.read(c, "grant_types");
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UnresolvedValue);
    expect((thrown as UnresolvedValue).resource).toBe(c);
    expect((thrown as UnresolvedValue).attribute).toBe("grant_types");
    expect((thrown as Error).message).toBe("auth0_client.c: grant_types is only known at apply");
    expect(() => ctx.read(c, "jwt.alg")).toThrow(UnresolvedValue);
    expect(() => ctx.read(c, "meta")).toThrow(UnresolvedValue);
    expect(reads).toEqual(["auth0_client.c|grant_types", "auth0_client.c|jwt.alg", "auth0_client.c|meta"]);
  });

  test("a block that is itself an expression is unresolved wherever it stands on the dotted path; an escaped one is literal text", () => {
    const c = client("c", { flags: "${var.flags}", listed: ["${var.block}"], outer: [{ inner: "${var.inner}" }], escaped: "$${var.flags}" });
    const { ctx, reads } = contextOf([c]);
    expect(() => ctx.read(c, "flags.enable")).toThrow(UnresolvedValue);
    expect(() => ctx.read(c, "listed.enable")).toThrow(UnresolvedValue);
    expect(() => ctx.read(c, "outer.inner.x")).toThrow(UnresolvedValue);
    expect(ctx.read(c, "escaped.enable")).toBeUndefined();
    expect(reads).toEqual(["auth0_client.c|flags.enable", "auth0_client.c|listed.enable", "auth0_client.c|outer.inner.x"]);
  });
});

describe("the rule context: references and referrers", () => {
  const a = client("a", { client_id: "id-a" });
  const b = client("b", { client_id: "${random.b}" });
  const c = client("c", { client_id: 42 });

  test("reference: a ${type.name...} reference names the stack's resource, a literal client ID the client that has it", () => {
    const g = res("auth0_client_grant", "g", {
      ref: "${auth0_client.a.client_id}",
      bare: "${auth0_client.b}",
      literal: "id-a",
      elsewhere: "${auth0_client.gone.client_id}",
      unknownLiteral: "id-z",
      moduleRef: "${module.m.auth0_client.a.client_id}",
      number: 42,
      block: [{ id: "${auth0_client.a.client_id}" }],
    });
    const { ctx, reads } = contextOf([a, b, c, g]);
    expect(ctx.reference(g, "ref")).toBe(a);
    expect(ctx.reference(g, "bare")).toBe(b);
    expect(ctx.reference(g, "literal")).toBe(a);
    expect(ctx.reference(g, "block.id")).toBe(a);
    expect(ctx.reference(g, "elsewhere")).toBeUndefined();
    expect(ctx.reference(g, "unknownLiteral")).toBeUndefined();
    expect(ctx.reference(g, "moduleRef")).toBeUndefined(); // another module's resource: not of this stack
    expect(ctx.reference(g, "number")).toBeUndefined(); // a client ID is a string: 42 names no client
    expect(ctx.reference(g, "unset")).toBeUndefined();
    expect(ctx.reference(g, "block")).toBeUndefined(); // a block is no reference, whatever it holds
    expect(reads).toEqual([]);
  });

  test("reference: a literal client ID in a stack without clients names nothing", () => {
    const g = res("auth0_client_grant", "g", { client_id: "id-a" });
    const { ctx, reads } = contextOf([g]);
    expect(ctx.reference(g, "client_id")).toBeUndefined();
    expect(ctx.referrers("auth0_client_grant", "client_id", a)).toEqual([]);
    expect(reads).toEqual([]);
  });

  test("reference: any other expression (a variable, a block that is an expression) is an unresolved read", () => {
    const g = res("auth0_client_grant", "g", { v: "${var.client}", joined: "${auth0_client.a.client_id}-x", blk: "${var.block}" });
    const { ctx, reads } = contextOf([a, g]);
    expect(() => ctx.reference(g, "v")).toThrow(UnresolvedValue);
    expect(() => ctx.reference(g, "joined")).toThrow(UnresolvedValue);
    expect(() => ctx.reference(g, "blk.id")).toThrow(UnresolvedValue);
    expect(reads).toEqual(["auth0_client_grant.g|v", "auth0_client_grant.g|joined", "auth0_client_grant.g|blk.id"]);
  });

  test("reference: a list where one ID belongs (a splat's) is an unresolved read: which item is meant is not known", () => {
    const g = res("auth0_client_grant", "g", { client_id: ["${auth0_client.a.client_id}", "id-b"] });
    const { ctx, reads } = contextOf([a, g]);
    expect(() => ctx.reference(g, "client_id")).toThrow(UnresolvedValue);
    expect(reads).toEqual(["auth0_client_grant.g|client_id"]);
  });

  test("referrers: every resource of a type pointing at the target, in stack order, by reference or literal client ID; the unresolved ones are reads at every ask", () => {
    const g1 = grantOf("g1", "a");
    const g2 = res("auth0_client_grant", "g2", { client_id: "id-a" });
    const g3 = grantOf("g3", "b");
    const g4 = res("auth0_client_grant", "g4", { client_id: "${var.client}" });
    const g5 = grantOf("g5", "a");
    const g6 = res("auth0_client_grant", "g6", { client_id: 42 });
    const cred = res("auth0_client_credentials", "cred", { client_id: "${auth0_client.a.client_id}" });
    const { ctx, reads } = contextOf([a, b, c, g1, g2, g3, g4, g5, g6, cred]);
    expect(ctx.referrers("auth0_client_grant", "client_id", a)).toEqual([g1, g2, g5]);
    expect(ctx.referrers("auth0_client_grant", "client_id", b)).toEqual([g3]);
    expect(ctx.referrers("auth0_client_credentials", "client_id", a)).toEqual([cred]);
    const none = ctx.referrers("auth0_client_grant", "client_id", c);
    expect(none).toEqual([]);
    expect(Object.isFrozen(none)).toBe(true);
    expect(ctx.referrers("auth0_hook", "client_id", a)).toEqual([]);
    expect(reads).toEqual(["auth0_client_grant.g4|client_id", "auth0_client_grant.g4|client_id", "auth0_client_grant.g4|client_id"]);
  });

  test("referrers through a dotted attribute: a block that is an expression is unresolved, a literal block is read", () => {
    const x = res("auth0_client_grant", "x", { target: [{ id: "${auth0_client.a.client_id}" }] });
    const y = res("auth0_client_grant", "y", { target: "${var.target}" });
    const z = res("auth0_client_grant", "z", { target: "plain" });
    const { ctx, reads } = contextOf([a, x, y, z]);
    expect(ctx.referrers("auth0_client_grant", "target.id", a)).toEqual([x]);
    expect(reads).toEqual(["auth0_client_grant.y|target.id"]);
  });
});

describe("the rule context: values computed once per stack", () => {
  test("shared computes once per key, returns the same value, and computes again for another key", () => {
    const { ctx } = contextOf([client("a")]);
    let calls = 0;
    const compute = (c: RuleContext) => {
      calls++;
      return { clients: c.ofType("auth0_client").length };
    };
    const first = ctx.shared("k", compute);
    expect(ctx.shared("k", compute)).toBe(first);
    expect(first).toEqual({ clients: 1 });
    expect(calls).toBe(1);
    ctx.shared("other", compute);
    expect(calls).toBe(2);
  });

  test("the unresolved reads a shared value made are replayed to whoever asks, each time", () => {
    const c = client("c", { grant_types: "${var.g}" });
    const { ctx, reads } = contextOf([c]);
    const compute = (x: RuleContext) => attempt(() => x.read(c, "grant_types")) ?? "unknown";
    expect(ctx.shared("k", compute)).toBe("unknown");
    expect(ctx.shared("k", compute)).toBe("unknown");
    expect(reads).toEqual(["auth0_client.c|grant_types", "auth0_client.c|grant_types"]);
  });

  test("a shared computation that throws throws again at every ask, computed once, its reads replayed", () => {
    const c = client("c", { grant_types: "${var.g}" });
    const { ctx, reads } = contextOf([c]);
    let calls = 0;
    const compute = (x: RuleContext) => {
      calls++;
      return x.read(c, "grant_types");
    };
    expect(() => ctx.shared("k", compute)).toThrow(UnresolvedValue);
    expect(() => ctx.shared("k", compute)).toThrow(UnresolvedValue);
    expect(calls).toBe(1);
    expect(reads).toEqual(["auth0_client.c|grant_types", "auth0_client.c|grant_types"]);
    const boom = new Error("not an unresolved value");
    expect(() => ctx.shared("boom", () => {
      throw boom;
    })).toThrow(boom);
  });

  test("evaluate computes a shared value once for all the rules, and each rule still reports its unresolved read", () => {
    const c = client("c", { grant_types: "${var.g}" });
    let calls = 0;
    const sharing = (id: string) =>
      probe((ctx) => {
        ctx.shared("grants", (x) => {
          calls++;
          return attempt(() => x.read(c, "grant_types"));
        });
        return [];
      }, id);
    const findings = run([c], [sharing("TPA901"), sharing("TPA902")]);
    expect(calls).toBe(1);
    expect(findings.map((f) => [f.ruleId, f.severity, f.attribute])).toEqual([
      ["TPA901", "warning", "grant_types"],
      ["TPA902", "warning", "grant_types"],
    ]);
  });
});

describe("evaluate: from violations to findings", () => {
  const withTarget = client("w", {}, { target: "apps/w" });
  const noPath = res("auth0_client", "np", {}, {}, false);

  test("a violation on a resource: its construct path, address, annotation target, attribute, the rule's severity and fix", () => {
    const [f] = run([withTarget], [probe(() => [{ resource: withTarget, message: "bad thing", attribute: "grant_types" }])]);
    expect(f).toEqual({
      ruleId: "TPA901",
      severity: "error",
      stack: "t",
      path: "t/w",
      address: "auth0_client.w",
      target: "apps/w",
      attribute: "grant_types",
      message: "bad thing",
      fix: "fix of TPA901",
      suppressed: false,
    });
  });

  test("without a construct path the address is the path; without an annotation target there is none; a violation's own target and severity win", () => {
    const rules = [
      probe(() => [{ resource: noPath, message: "m1" }], "TPA901", "warning"),
      probe(() => [{ resource: withTarget, message: "m2", target: "apps/other", severity: "info" }], "TPA902", "error"),
    ];
    const [f1, f2] = run([noPath, withTarget], rules);
    expect(f1).toMatchObject({ ruleId: "TPA901", severity: "warning", path: "auth0_client.np", address: "auth0_client.np" });
    expect(f1.target).toBeUndefined();
    expect("target" in f1 && f1.target !== undefined).toBe(false);
    expect(f2).toMatchObject({ ruleId: "TPA902", severity: "info", target: "apps/other" });
  });

  test("a violation without a resource is about the tenant: the stack is its path, its target is tenant unless it names one", () => {
    const [f2, f1] = run([], [probe(() => [{ message: "tenant-wide" }, { message: "gate", target: "gates/protectFromDestroy" }])]);
    expect(f1).toMatchObject({ path: "t", target: "tenant", message: "tenant-wide" });
    expect(f1.address).toBeUndefined();
    expect(f2).toMatchObject({ path: "t", target: "gates/protectFromDestroy" });
  });

  test("an unresolved violation is a warning whatever the rule's or its own severity, its message prefixed", () => {
    const [f] = run([withTarget], [probe(() => [{ resource: withTarget, message: "x is an expression", unresolved: true, severity: "error" }])]);
    expect(f).toMatchObject({ severity: "warning", message: "cannot check at synth time: x is an expression" });
  });

  test("a rule that throws UnresolvedValue decides nothing, and its read is the one warning", () => {
    const c = client("c", { grant_types: "${var.g}" });
    const findings = run([c], [probe((ctx) => [{ resource: c, message: `has ${String(ctx.read(c, "grant_types"))}` }])]);
    expect(findings).toEqual([
      {
        ruleId: "TPA901",
        severity: "warning",
        stack: "t",
        path: "t/c",
        address: "auth0_client.c",
        target: undefined,
        attribute: "grant_types",
        message: "cannot check at synth time: grant_types is only known at apply",
        fix: "fix of TPA901",
        suppressed: false,
      },
    ]);
  });

  test("any other error of a rule is not swallowed", () => {
    expect(() => run([], [probe(() => {
      throw new TypeError("a bug in the rule");
    })])).toThrow("a bug in the rule");
  });

  test("reads are reported once per resource and attribute; a rule's own unresolved violation replaces the recorded read of the same attribute only", () => {
    const c = client("c", { a: "${var.a}", b: "${var.b}" });
    const d = client("d", { a: "${var.a}" });
    const reading = probe((ctx) => {
      for (const attribute of ["a", "a", "b"]) attempt(() => ctx.read(c, attribute));
      attempt(() => ctx.read(d, "a"));
      return [{ resource: c, attribute: "b", unresolved: true, message: "b decides the verdict" }, { resource: d, unresolved: true, message: "d without attribute" }];
    });
    const findings = run([c, d], [reading]);
    expect(findings.map((f) => `${f.address} ${f.attribute ?? "-"}: ${f.message}`)).toEqual([
      "auth0_client.c a: cannot check at synth time: a is only known at apply",
      "auth0_client.c b: cannot check at synth time: b decides the verdict",
      "auth0_client.d a: cannot check at synth time: a is only known at apply",
      "auth0_client.d -: cannot check at synth time: d without attribute",
    ]);
  });

  test("a decided violation on an attribute leaves the rule's unresolved read of it reported; a violation about the tenant may name an attribute", () => {
    const c = client("c", { a: "${var.a}" });
    const findings = run([c], [probe((ctx) => {
      attempt(() => ctx.read(c, "a"));
      return [{ resource: c, attribute: "a", message: "a is set at all" }, { attribute: "flags", message: "tenant flag" }];
    })]);
    expect(findings.map((f) => [f.severity, f.address, f.attribute, f.message])).toEqual([
      ["error", undefined, "flags", "tenant flag"],
      ["error", "auth0_client.c", "a", "a is set at all"],
      ["warning", "auth0_client.c", "a", "cannot check at synth time: a is only known at apply"],
    ]);
  });

  test("without rules given, the strict-mode pack runs", () => {
    const c = strict("c", { grant_types: ["implicit"] });
    const findings = evaluate({ stack: "t", resources: [c], tenant: TENANT, profile: NEWEST, today: TODAY });
    expect(findings.map((f) => f.ruleId)).toContain("TPA101");
    expect(evaluate({ stack: "t", resources: [], tenant: TENANT, profile: NEWEST, today: TODAY })).toEqual([]);
  });
});

describe("evaluate: suppressions", () => {
  const c = client("c", {}, { target: "apps/c" });
  const flag = probe(() => [{ resource: c, message: "flagged" }]);
  const sup = (s: Partial<Suppression>): Suppression => ({ rule: "TPA901", reason: "accepted for the pilot", expires: "2027-01-31", ...s });

  test("an active suppression marks the finding suppressed with its reason, expiry, origin and location", () => {
    const location = { file: "dev.yaml", line: 7, column: 3, keyPath: ["suppressions", 0] };
    const [f, ...rest] = run([c], [flag], { suppressions: [sup({ target: "apps/c", origin: "dev.yaml:7", location })] });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: "TPA901", severity: "error", suppressed: true });
    expect(f.suppression).toEqual({ reason: "accepted for the pilot", expires: "2027-01-31", origin: "dev.yaml:7", location });
  });

  test("a suppression expiring today still applies; one that expired yesterday is TPA001 and no longer applies", () => {
    expect(run([c], [flag], { suppressions: [sup({ target: "apps/c", expires: TODAY })] }).map((f) => [f.ruleId, f.suppressed])).toEqual([["TPA901", true]]);
    const location = { file: "dev.yaml", line: 9 };
    const findings = run([c], [flag], { suppressions: [sup({ target: "apps/c", expires: "2026-11-30", origin: "dev.yaml:9", location })] });
    expect(findings).toEqual([
      {
        ruleId: "TPA001",
        severity: "error",
        stack: "t",
        path: "apps/c",
        target: "apps/c",
        message: "suppression of TPA901 expired on 2026-11-30 (reason: accepted for the pilot)",
        fix: SUPPRESSION_RULES[0].fix,
        origin: "dev.yaml:9",
        location,
        suppressed: false,
      },
      expect.objectContaining({ ruleId: "TPA901", suppressed: false }),
    ]);
  });

  test("a suppression that matches nothing is TPA002, naming its target or else its path; its path falls back to the target, then the stack", () => {
    const findings = run([c], [], { suppressions: [sup({ target: "apps/x" }), sup({ path: "t/y", rule: "TPA902" }), sup({ rule: "TPA903", expires: "2026-01-01" })] });
    expect(findings.map((f) => [f.ruleId, f.severity, f.path, f.target, f.message, f.fix])).toEqual([
      ["TPA001", "error", "t", undefined, "suppression of TPA903 expired on 2026-01-01 (reason: accepted for the pilot)", SUPPRESSION_RULES[0].fix],
      ["TPA002", "warning", "apps/x", "apps/x", "suppression of TPA901 for apps/x matches no finding", SUPPRESSION_RULES[1].fix],
      ["TPA002", "warning", "t/y", undefined, "suppression of TPA902 for t/y matches no finding", SUPPRESSION_RULES[1].fix],
    ]);
  });

  test("a suppression with both path and target: TPA002 shows the target, the finding's path is the construct path", () => {
    const [f] = run([], [], { suppressions: [sup({ target: "apps/x", path: "t/apps/x" })] });
    expect(f).toMatchObject({ ruleId: "TPA002", path: "t/apps/x", target: "apps/x", message: "suppression of TPA901 for apps/x matches no finding" });
  });

  test("the first matching suppression is used; a second one for the same finding is unused; one suppression covers several findings", () => {
    const d = client("d", {}, { target: "apps/c/sub" });
    const both = probe(() => [{ resource: c, message: "one" }, { resource: d, message: "two" }]);
    const findings = run([c, d], [both], { suppressions: [sup({ target: "apps/c", reason: "first reason here" }), sup({ path: "t/c", reason: "second reason here" })] });
    expect(findings.map((f) => [f.ruleId, f.suppressed, f.suppression?.reason ?? f.message])).toEqual([
      ["TPA901", true, "first reason here"],
      ["TPA901", true, "first reason here"],
      ["TPA002", false, "suppression of TPA901 for t/c matches no finding"],
    ]);
  });

  test("matches: same rule, then the target and what lies below it, else the construct path and below; nothing without either", () => {
    const f = (target: string | undefined, path: string, ruleId = "TPA101") => ({ ruleId, target, path }) as Finding;
    const s = (x: Partial<Suppression>) => ({ rule: "TPA101", reason: "r", expires: TODAY, ...x });
    expect(matches(s({ target: "apps/p" }), f("apps/p", "x"))).toBe(true);
    expect(matches(s({ target: "apps/p" }), f("apps/p/grants/orders", "x"))).toBe(true);
    expect(matches(s({ target: "apps/p" }), f("apps/pp", "x"))).toBe(false);
    expect(matches(s({ target: "apps/p" }), f(undefined, "apps/p"))).toBe(false);
    expect(matches(s({ target: "apps/p" }), f("apps/p", "x", "TPA102"))).toBe(false);
    expect(matches(s({ target: "apps/q", path: "t/p" }), f("apps/p", "t/p"))).toBe(false); // the target decides when given
    expect(matches(s({ path: "t/p" }), f(undefined, "t/p"))).toBe(true);
    expect(matches(s({ path: "t/p" }), f(undefined, "t/p/client"))).toBe(true);
    expect(matches(s({ path: "t/p" }), f(undefined, "t/pp"))).toBe(false);
    expect(matches(s({ path: "t/p" }), f(undefined, "t/p", "TPA102"))).toBe(false);
    expect(matches(s({}), f("apps/p", "t/p"))).toBe(false);
    expect(matches(s({}), f(undefined, "undefined/p"))).toBe(false); // no path is no prefix, not the text "undefined"
  });
});

describe("evaluate: the order of findings", () => {
  const f = (stack: string, severity: Finding["severity"], ruleId: string, path: string, message: string): Finding =>
    ({ stack, severity, ruleId, path, message, fix: "", suppressed: false }) as Finding;

  test("by stack, then severity (error, warning, info), rule ID, path and message", () => {
    const sorted = [
      f("a", "error", "TPA101", "p", "m"),
      f("a", "error", "TPA101", "p", "n"),
      f("a", "error", "TPA101", "q", "a"),
      f("a", "error", "TPA102", "a", "a"),
      f("a", "warning", "TPA001", "a", "a"),
      f("a", "info", "TPA001", "a", "a"),
      f("b", "error", "TPA001", "a", "a"),
    ];
    expect([...sorted].reverse().sort(compareFindings)).toEqual(sorted);
    expect(compareFindings(sorted[0], { ...sorted[0] })).toBe(0);
    expect(compareFindings(sorted[4], sorted[5])).toBeLessThan(0);
    expect(compareFindings(sorted[5], sorted[4])).toBeGreaterThan(0);
  });

  test("evaluate returns its findings in that order, suppression findings among them", () => {
    const c = client("c");
    const rules = [probe(() => [{ resource: c, message: "z", severity: "info" }, { resource: c, message: "y" }], "TPA903"), probe(() => [{ resource: c, message: "x", severity: "warning" }], "TPA900")];
    const findings = run([c], rules, { suppressions: [{ rule: "TPA950", reason: "none at all here", expires: "2020-01-01" }] });
    expect(findings.map((x) => `${x.severity} ${x.ruleId} ${x.message.slice(0, 21)}`)).toEqual([
      "error TPA001 suppression of TPA950",
      "error TPA903 y",
      "warning TPA900 x",
      "info TPA903 z",
    ]);
  });

  test("ALL_RULES: the suppression rules, the unread-configuration rule, then the pack in its order, with their metadata only", () => {
    expect(ALL_RULES.map((r) => r.id)).toEqual(["TPA001", "TPA002", "TPA003", ...STRICT_MODE_RULES.map((r) => r.id)]);
    for (const r of ALL_RULES) expect(Object.keys(r)).toEqual(["id", "title", "severity", "fact", "source", "fix"]);
    const pack = STRICT_MODE_RULES[0];
    expect(ALL_RULES[3]).toEqual({ id: pack.id, title: pack.title, severity: pack.severity, fact: pack.fact, source: pack.source, fix: pack.fix });
    expect(ALL_RULES[0]).toEqual(SUPPRESSION_RULES[0]);
    expect(SUPPRESSION_RULES.map((r) => [r.id, r.severity])).toEqual([["TPA001", "error"], ["TPA002", "warning"]]);
  });
});

describe("rule helpers", () => {
  const c = client("c");
  const unresolved = () => {
    throw new UnresolvedValue(c, "x");
  };

  test("rule keeps the metadata beside the check", () => {
    const check = () => [];
    const r = rule({ id: "TPA999", title: "t", severity: "info", fact: "f", source: "s", fix: "x" }, check);
    expect(r).toEqual({ id: "TPA999", title: "t", severity: "info", fact: "f", source: "s", fix: "x", check });
  });

  test("each: every item's violations in order; an item that meets an unresolved value gives none; other errors pass", () => {
    const out = each([1, 2, 3, 4], (n) => (n === 2 ? unresolved() : n === 4 ? [] : [{ message: `${n}a` }, { message: `${n}b` }]));
    expect(out.map((v) => v.message)).toEqual(["1a", "1b", "3a", "3b"]);
    expect(each([], () => [{ message: "never" }])).toEqual([]);
    expect(() => each([1], () => {
      throw new RangeError("bug");
    })).toThrow(RangeError);
  });

  test("attempt: the value, undefined for an unresolved value, other errors pass", () => {
    expect(attempt(() => 0)).toBe(0);
    expect(attempt(() => "v")).toBe("v");
    expect(attempt(unresolved)).toBeUndefined();
    expect(() => attempt(() => {
      throw new Error("bug");
    })).toThrow("bug");
  });

  test("where: the items the predicate holds true for (true itself, not truthy); undecidable items left out; other errors pass", () => {
    expect(where([1, 2, 3, 4], (n) => n % 2 === 0)).toEqual([2, 4]);
    expect(where([1, 2, 3], (n) => (n === 2 ? unresolved() : true))).toEqual([1, 3]);
    expect(where([1, 2], (n) => (n === 1 ? (1 as unknown as boolean) : true))).toEqual([2]);
    expect(() => where([1], () => {
      throw new Error("bug");
    })).toThrow("bug");
  });
});

describe("the model: references and expressions", () => {
  test("referencedAddress: managed resources, in modules and with instance keys; never variables, locals, data sources or module outputs", () => {
    expect(referencedAddress("${auth0_client.a.client_id}")).toBe("auth0_client.a");
    expect(referencedAddress("${auth0_client.a}")).toBe("auth0_client.a");
    expect(referencedAddress("${auth0_client.my-app_strict.client_id}")).toBe("auth0_client.my-app_strict");
    expect(referencedAddress('${module.m["k"].auth0_client.x[0].id}')).toBe('module.m["k"].auth0_client.x[0]');
    expect(referencedAddress("${module.a.module.b.auth0_client.x.id}")).toBe("module.a.module.b.auth0_client.x");
    expect(referencedAddress('${module.tenant-apps.module.billing["eu"].auth0_client.portal.id}')).toBe('module.tenant-apps.module.billing["eu"].auth0_client.portal');
    expect(referencedAddress("${module.tenant-apps.module.billing.var_x.y}")).toBe("module.tenant-apps.module.billing.var_x.y");
    expect(referencedAddress("${module.apps.data.auth0_client.x.id}")).toBeUndefined();
    expect(referencedAddress("${module.apps.output_value}")).toBeUndefined();
    expect(referencedAddress("${auth0_client.x[1].client_id}")).toBe("auth0_client.x[1]");
    expect(referencedAddress('${auth0_client.x["eu-west"].client_id}')).toBe('auth0_client.x["eu-west"]');
    for (const head of ["var", "local", "data", "module", "each", "count", "path", "terraform", "self"]) {
      expect(referencedAddress(`\${${head}.x.y}`)).toBeUndefined();
    }
    expect(referencedAddress("${module.m.data.x.y}")).toBeUndefined();
    expect(referencedAddress("${auth0_client.a.client_id} and more")).toBeUndefined();
    expect(referencedAddress("x ${auth0_client.a.client_id}")).toBeUndefined();
    expect(referencedAddress("${upper(auth0_client.a.name)}")).toBeUndefined();
    expect(referencedAddress("${auth0_client}")).toBeUndefined();
    expect(referencedAddress("auth0_client.a")).toBeUndefined();
    expect(referencedAddress(42)).toBeUndefined();
    expect(referencedAddress(["${auth0_client.a.client_id}"])).toBeUndefined(); // a list holding a reference is no reference
    expect(referencedAddress(undefined)).toBeUndefined();
  });

  test("isUnresolved: a template sequence in a string, at any depth of lists and objects; escaped sequences and other values are literal", () => {
    expect(isUnresolved("${var.x}")).toBe(true);
    expect(isUnresolved("a %{if x}b%{endif}")).toBe(true);
    expect(isUnresolved("$${var.x}")).toBe(false);
    expect(isUnresolved("%%{x}")).toBe(false);
    expect(isUnresolved("plain")).toBe(false);
    expect(isUnresolved(["a", "${var.x}"])).toBe(true);
    expect(isUnresolved(["a", "b"])).toBe(false);
    expect(isUnresolved({ a: [{ b: "${var.x}" }] })).toBe(true);
    expect(isUnresolved({ a: [{ b: "x" }] })).toBe(false);
    expect(isUnresolved([])).toBe(false);
    expect(isUnresolved(null)).toBe(false);
    expect(isUnresolved(undefined)).toBe(false);
    expect(isUnresolved(3)).toBe(false);
    expect(isUnresolved(true)).toBe(false);
  });

  test("locationText is file:line; the meta-arguments are Terraform's seven", () => {
    expect(locationText({ file: "envs/dev.yaml", line: 12, column: 4 })).toBe("envs/dev.yaml:12");
    expect([...TERRAFORM_META_ARGUMENTS].sort()).toEqual(["connection", "count", "depends_on", "for_each", "lifecycle", "provider", "provisioner"]);
  });
});

describe("Terraform JSON and literals", () => {
  test("resourcesFromTerraformJson: the auth0_* resources only, the notes and construct path taken out of the attributes", () => {
    const json = {
      resource: {
        auth0_client: {
          a: { name: "A", "//": { metadata: { path: "dev/apps/a/client" }, tpa: { target: "apps/a", role: "third-party-app" } } },
          b: { name: "B", "//": { tpa: { target: "apps/b", role: "made-up", calls: ["orders"] } } },
          c: { name: "C" },
        },
        random_password: { p: { length: 8 } },
        auth0_tenant: { t: { friendly_name: "T", "//": { metadata: {} } } },
      },
    };
    expect(resourcesFromTerraformJson(json as Parameters<typeof resourcesFromTerraformJson>[0])).toEqual([
      { type: "auth0_client", name: "a", address: "auth0_client.a", path: "dev/apps/a/client", attributes: { name: "A" }, annotation: { target: "apps/a", role: "third-party-app" } },
      { type: "auth0_client", name: "b", address: "auth0_client.b", path: undefined, attributes: { name: "B" }, annotation: { target: "apps/b", calls: ["orders"] } },
      { type: "auth0_client", name: "c", address: "auth0_client.c", path: undefined, attributes: { name: "C" }, annotation: {} },
      { type: "auth0_tenant", name: "t", address: "auth0_tenant.t", path: undefined, attributes: { friendly_name: "T" }, annotation: {} },
    ]);
    expect(resourcesFromTerraformJson({})).toEqual([]);
  });

  test("terraformLiteral escapes every ${ and %{, and fromTerraformLiteral undoes it", () => {
    expect(terraformLiteral("no braces")).toBe("no braces");
    expect(terraformLiteral("{just braces}")).toBe("{just braces}");
    expect(terraformLiteral("${a} and ${b} %{if c}%{endif}")).toBe("$${a} and $${b} %%{if c}%%{endif}");
    expect(fromTerraformLiteral("$${a} and $${b} %%{if c}%%{endif}")).toBe("${a} and ${b} %{if c}%{endif}");
    expect(fromTerraformLiteral("$ {a} %{b}")).toBe("$ {a} %{b}");
  });

  test("hasTemplateSequence: ${ or %{ left once the escaped $${ and %%{ are set aside", () => {
    expect(hasTemplateSequence("plain")).toBe(false);
    expect(hasTemplateSequence("{}")).toBe(false);
    expect(hasTemplateSequence("${x}")).toBe(true);
    expect(hasTemplateSequence("%{x}")).toBe(true);
    expect(hasTemplateSequence("$${x}")).toBe(false);
    expect(hasTemplateSequence("%%{x}")).toBe(false);
    expect(hasTemplateSequence("$${x} ${y}")).toBe(true);
    expect(hasTemplateSequence("%%{x} %{y}")).toBe(true);
    expect(hasTemplateSequence("$${x} %%{y}")).toBe(false);
  });

  test("terraformLiterals: a deep copy with every string escaped; dates, numbers and null kept; an own __proto__ key stays data", () => {
    const date = new Date(0);
    const input = JSON.parse('{"a":"${x}","list":["%{y}",1,null,true],"nested":{"b":"plain"},"__proto__":{"c":"${z}"}}');
    input.when = date;
    const out = terraformLiterals(input);
    expect(out).not.toBe(input);
    expect(out.a).toBe("$${x}");
    expect(out.list).toEqual(["%%{y}", 1, null, true]);
    expect(out.nested).toEqual({ b: "plain" });
    expect(out.nested).not.toBe(input.nested);
    expect(out.when).toBe(date);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["a", "list", "nested", "__proto__", "when"]);
    expect(Object.getOwnPropertyDescriptor(out, "__proto__")).toEqual({ value: { c: "$${z}" }, enumerable: true, writable: true, configurable: true });
    expect(input.a).toBe("${x}");
  });

  test("sharedTerraformLiterals: what needs no escape is shared, not copied; a copy keeps the keys and items before the first change", () => {
    const clean = { a: "x", list: ["y", 1], nested: { b: [{ c: "z" }] } };
    expect(sharedTerraformLiterals(clean)).toBe(clean);
    expect(sharedTerraformLiterals(clean.list)).toBe(clean.list);
    const date = new Date(0);
    expect(sharedTerraformLiterals(date)).toBe(date);
    expect(sharedTerraformLiterals(null)).toBeNull();
    expect(sharedTerraformLiterals(7)).toBe(7);

    const list = ["a", "b", "${c}", "d", "%{e}"];
    const outList = sharedTerraformLiterals(list);
    expect(outList).toStrictEqual(["a", "b", "$${c}", "d", "%%{e}"]);
    expect(list[2]).toBe("${c}");

    const kept = { k: 1 };
    const obj = { first: "a", second: kept, third: "${x}", fourth: { y: "${y}" }, fifth: kept };
    const out = sharedTerraformLiterals(obj);
    expect(out).not.toBe(obj);
    expect(out).toEqual({ first: "a", second: kept, third: "$${x}", fourth: { y: "$${y}" }, fifth: kept });
    expect(Object.keys(out)).toEqual(["first", "second", "third", "fourth", "fifth"]);
    expect(out.second).toBe(kept);
    expect(out.fifth).toBe(kept);
    expect(obj.third).toBe("${x}");

    const proto = JSON.parse('{"a":"${x}","__proto__":{"b":"${y}"}}');
    const outProto = sharedTerraformLiterals(proto);
    expect(Object.getPrototypeOf(outProto)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(outProto, "__proto__")).toEqual({ value: { b: "$${y}" }, enumerable: true, writable: true, configurable: true });
    const protoFirst = JSON.parse('{"__proto__":{"b":"${y}"}}');
    expect(Object.getOwnPropertyDescriptor(sharedTerraformLiterals(protoFirst), "__proto__")).toEqual({ value: { b: "$${y}" }, enumerable: true, writable: true, configurable: true });
    expect(Object.getPrototypeOf(sharedTerraformLiterals(protoFirst))).toBe(Object.prototype);

    const inherited = Object.create({ hidden: "${x}" }) as Record<string, unknown>;
    inherited.own = "y";
    expect(sharedTerraformLiterals(inherited)).toBe(inherited); // only own keys are data
  });
});

describe("the timeline and the conventions", () => {
  test("a dated change is in effect from its day on", () => {
    const change = { date: "2026-10-23", source: "s" };
    expect(inEffect(change, "2026-10-22")).toBe(false);
    expect(inEffect(change, "2026-10-23")).toBe(true);
    expect(inEffect(change, "2027-01-01")).toBe(true);
    expect(TIMELINE.modelessClientsStrictFrom.date).toBe("2026-10-23");
    expect(TIMELINE.rulesAndHooksEndOfLife.date).toBe("2026-11-18");
  });

  test("roles: the ten our constructs write, and nothing else", () => {
    expect(ROLES).toHaveLength(10);
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    expect(isRole("app")).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });

  test("the mode segment of an address stands between underscores or at the end", () => {
    expect(parseAppAddress("portal_strict")).toEqual({ app: "portal", mode: "strict", rest: "" });
    expect(parseAppAddress("auth0_client_grant.apps_portal_permissive_grant_orders_user")).toEqual({
      app: "auth0_client_grant.apps_portal",
      mode: "permissive",
      rest: "_grant_orders_user",
    });
    expect(parseAppAddress("portal_strictly")).toBeUndefined();
    expect(parseAppAddress("portalstrict")).toBeUndefined();
    expect(modeStem("apps_portal_strict_credentials")).toBe("apps_portal_<mode>_credentials");
    expect(modeStem("apps_portal")).toBeUndefined();
    expect(appAddress("apps_portal", "permissive")).toBe("apps_portal_permissive");
    expect(parseAppAddress(appAddress("a_b", "strict"))).toEqual({ app: "a_b", mode: "strict", rest: "" });
  });
});

describe("Auth0's reading of attributes (policy/auth0.ts)", () => {
  const ctxFor = (resources: readonly PolicyResource[], tenant: Partial<TenantFacts> = {}, today = TODAY) =>
    ruleContext({ resources, tenant: { ...TENANT, ...tenant }, profile: NEWEST, today });

  test("block and attr: an object or the first element of a list; attr walks dotted paths and stops at anything else", () => {
    expect(auth0.block({ a: 1 })).toEqual({ a: 1 });
    expect(auth0.block([{ a: 1 }, { a: 2 }])).toEqual({ a: 1 });
    expect(auth0.block([])).toBeUndefined();
    expect(auth0.block("x")).toBeUndefined();
    expect(auth0.block(null)).toBeUndefined();
    const c = client("c", { jwt: [{ alg: "RS256", deep: { x: 1 } }], flat: 3 });
    expect(auth0.attr(c, "flat")).toBe(3);
    expect(auth0.attr(c, "jwt.alg")).toBe("RS256");
    expect(auth0.attr(c, "jwt.deep.x")).toBe(1);
    expect(auth0.attr(c, "flat.x")).toBeUndefined();
    expect(auth0.attr(c, "none.x")).toBeUndefined();
  });

  test("stringList, isThirdParty, isFirstParty, modeOf as written", () => {
    expect(auth0.stringList(["a", 1])).toEqual(["a", "1"]);
    expect(auth0.stringList("a")).toBeUndefined();
    expect(auth0.isThirdParty(client("a", { is_first_party: false }))).toBe(true);
    expect(auth0.isThirdParty(client("a", { is_first_party: "false" }))).toBe(true);
    expect(auth0.isThirdParty(client("a", { is_first_party: true }))).toBe(false);
    expect(auth0.isThirdParty(client("a"))).toBe(false);
    expect(auth0.isFirstParty(client("a"))).toBe(true);
    expect(auth0.isFirstParty(client("a", { is_first_party: false }))).toBe(false);
    expect(auth0.modeOf(client("a"))).toBe("absent");
    expect(auth0.modeOf(client("a", { third_party_security_mode: null }))).toBe("absent");
    expect(auth0.modeOf(client("a", { third_party_security_mode: "${var.m}" }))).toBe("unresolved");
    expect(auth0.modeOf(client("a", { third_party_security_mode: "strict" }))).toBe("strict");
    expect(auth0.modeOf(client("a", { third_party_security_mode: "permissive" }))).toBe("permissive");
  });

  test("effectiveModeOf: the mode written; an adopted client's declared mode; strict by default from the timeline's date or on a tenant not eligible for permissive", () => {
    const before = "2026-10-22";
    const bare = client("a", { is_first_party: false });
    expect(auth0.effectiveModeOf(ctxFor([bare], { permissiveEligible: true }, before), bare)).toBe("absent");
    expect(auth0.effectiveModeOf(ctxFor([bare], { permissiveEligible: true }, "2026-10-23"), bare)).toBe("strict");
    expect(auth0.effectiveModeOf(ctxFor([bare], { permissiveEligible: false }, before), bare)).toBe("strict");
    const adopted = client("b", { is_first_party: false }, { adoptedWithoutMode: "permissive" });
    expect(auth0.effectiveModeOf(ctxFor([adopted]), adopted)).toBe("permissive");
    const written = client("c", { is_first_party: false, third_party_security_mode: "permissive" }, { adoptedWithoutMode: "strict" });
    expect(auth0.effectiveModeOf(ctxFor([written]), written)).toBe("permissive");
  });

  test("thirdPartyClients: every third-party client, or those of one effective mode; first-party and undecidable clients left out", () => {
    const s = strict("s");
    const p = client("p", { is_first_party: false, third_party_security_mode: "permissive" });
    const m = client("m", { is_first_party: false });
    const f = client("f", { is_first_party: true });
    const u = client("u", { is_first_party: "${var.fp}" });
    const ctx = ctxFor([s, p, m, f, u]);
    expect(auth0.thirdPartyClients(ctx)).toEqual([s, p, m]);
    expect(auth0.thirdPartyClients(ctx, "strict")).toEqual([s, m]);
    expect(auth0.strictClients(ctx)).toEqual([s, m]);
    expect(auth0.thirdPartyClients(ctx, "permissive")).toEqual([p]);
    expect(auth0.thirdPartyClients(ctxFor([s, p, m], { permissiveEligible: true }, "2026-01-01"), "absent")).toEqual([m]);
  });

  test("grant types, credentials and the token endpoint auth method with Auth0's defaults", () => {
    expect(auth0.grantTypesOf(client("a"))).toEqual(["authorization_code", "refresh_token"]);
    expect(auth0.grantTypesOf(client("a", { grant_types: ["client_credentials"] }))).toEqual(["client_credentials"]);
    const web = client("web", { app_type: "regular_web" });
    const spa = client("spa", { app_type: "spa" });
    const native = client("native", { app_type: "native" });
    const unset = client("unset");
    const withCreds = client("wc", { app_type: "spa" });
    const creds = res("auth0_client_credentials", "wc_credentials", { client_id: "${auth0_client.wc.client_id}", authentication_method: "private_key_jwt" });
    const noMethod = client("nm", { app_type: "native" });
    const noMethodCreds = res("auth0_client_credentials", "nm_credentials", { client_id: "${auth0_client.nm.client_id}" });
    const ctx = ctxFor([web, spa, native, unset, withCreds, creds, noMethod, noMethodCreds]);
    expect(auth0.credentialsOf(ctx, withCreds)).toBe(creds);
    expect(auth0.credentialsOf(ctx, web)).toBeUndefined();
    expect(auth0.authMethodOf(ctx, web)).toBe("client_secret_post");
    expect(auth0.authMethodOf(ctx, unset)).toBe("client_secret_post");
    expect(auth0.authMethodOf(ctx, spa)).toBe("none");
    expect(auth0.authMethodOf(ctx, native)).toBe("none");
    expect(auth0.authMethodOf(ctx, withCreds)).toBe("private_key_jwt");
    expect(auth0.authMethodOf(ctx, noMethod)).toBe("none");
    expect(auth0.PUBLIC_APP_TYPES).toEqual(["spa", "native"]);
  });

  test("someNames: up to five names joined, then how many more", () => {
    expect(auth0.someNames([])).toBe("");
    expect(auth0.someNames(["a"])).toBe("a");
    expect(auth0.someNames(["a", "b", "c", "d", "e"])).toBe("a, b, c, d, e");
    expect(auth0.someNames(["a", "b", "c", "d", "e", "f", "g"])).toBe("a, b, c, d, e and 2 more");
    expect(auth0.someNames(["a", "b", "c"], 2)).toBe("a, b and 1 more");
    expect(auth0.someNames(["a", "b"], 2)).toBe("a, b");
  });

  test("grants: subject type (client by default), default grants, user flows", () => {
    expect(auth0.subjectTypeOf(res("auth0_client_grant", "g", {}))).toBe("client");
    expect(auth0.subjectTypeOf(res("auth0_client_grant", "g", { subject_type: "user" }))).toBe("user");
    expect(auth0.subjectTypeOf(res("auth0_client_grant", "g", { subject_type: 3 }))).toBe("client");
    expect(auth0.isDefaultGrant(res("auth0_client_grant", "g", { default_for: "third_party_clients" }))).toBe(true);
    expect(auth0.isDefaultGrant(res("auth0_client_grant", "g", { default_for: "first_party_clients" }))).toBe(false);
    expect(auth0.isDefaultGrant(res("auth0_client_grant", "g", {}))).toBe(false);
    expect(auth0.isUserFlow(["authorization_code"])).toBe(true);
    expect(auth0.isUserFlow(["refresh_token"])).toBe(true);
    expect(auth0.isUserFlow(["client_credentials"])).toBe(false);
    expect(auth0.isUserFlow([])).toBe(false);
    expect(auth0.OIDC_SCOPES).toEqual(["openid", "profile", "email", "address", "phone"]);
  });

  test("the scopes an API defines: both scope resource types, by reference or by literal identifier, names only", () => {
    const orders = res("auth0_resource_server", "orders", { identifier: API });
    const other = res("auth0_resource_server", "other", { identifier: "https://api.acme.test/other" });
    const byRef = res("auth0_resource_server_scopes", "s1", { resource_server_identifier: "${auth0_resource_server.orders.identifier}", scopes: [{ name: "read:orders" }, { name: 5 }, { description: "no name" }] });
    const byLiteral = res("auth0_resource_server_scopes", "s2", { resource_server_identifier: API, scopes: [{ name: "write:orders" }] });
    const notAList = res("auth0_resource_server_scopes", "s3", { resource_server_identifier: API, scopes: { name: "odd" } });
    const otherScopes = res("auth0_resource_server_scopes", "s4", { resource_server_identifier: "${auth0_resource_server.other.identifier}", scopes: [{ name: "read:other" }] });
    const unknown = res("auth0_resource_server_scopes", "s5", { resource_server_identifier: "${var.api}", scopes: [{ name: "hidden" }] });
    const single = res("auth0_resource_server_scope", "one", { resource_server_identifier: "${auth0_resource_server.orders.identifier}", scope: "delete:orders" });
    const singleLiteral = res("auth0_resource_server_scope", "two", { resource_server_identifier: API, scope: "admin:orders" });
    const singleOther = res("auth0_resource_server_scope", "three", { resource_server_identifier: "https://api.acme.test/other", scope: "x:other" });
    const singleNumber = res("auth0_resource_server_scope", "four", { resource_server_identifier: API, scope: 4 });
    const resources = [orders, other, byRef, byLiteral, notAList, otherScopes, unknown, single, singleLiteral, singleOther, singleNumber];
    const reads: string[] = [];
    const ctx = ruleContext({ resources, tenant: TENANT, profile: NEWEST, today: TODAY }, (r, a) => reads.push(`${r.address}|${a}`));
    expect([...auth0.scopesDefinedFor(ctx, orders)]).toEqual(["read:orders", "write:orders", "delete:orders", "admin:orders"]);
    expect([...auth0.scopesDefinedFor(ctx, other)]).toEqual(["read:other", "x:other"]);
    expect(reads).toContain("auth0_resource_server_scopes.s5|resource_server_identifier");
    const of = auth0.scopesOfApis(ctx);
    const first = of(orders);
    expect(of(orders)).toBe(first); // collected once per call of the rule
    expect(of(other)).not.toBe(first);
  });

  test("the API of a grant: by reference (to an API only) or by literal identifier, the first API with that identifier", () => {
    const orders = res("auth0_resource_server", "orders", { identifier: API });
    const twin = res("auth0_resource_server", "twin", { identifier: API });
    const hidden = res("auth0_resource_server", "hidden", { identifier: "${var.id}" });
    const byRef = res("auth0_client_grant", "g1", { audience: "${auth0_resource_server.twin.identifier}" });
    const toClient = res("auth0_client_grant", "g2", { audience: "${auth0_client.c.client_id}" });
    const literal = res("auth0_client_grant", "g3", { audience: API });
    const foreign = res("auth0_client_grant", "g4", { audience: "https://elsewhere.test/" });
    const c = client("c");
    const ctx = ctxFor([orders, twin, hidden, byRef, toClient, literal, foreign, c]);
    expect(auth0.apiOfGrant(ctx, byRef)).toBe(twin);
    expect(auth0.apiOfGrant(ctx, toClient)).toBeUndefined();
    expect(auth0.apiOfGrant(ctx, literal)).toBe(orders);
    expect(auth0.apiOfGrant(ctx, foreign)).toBeUndefined();
    expect(auth0.apiOfGrant(ctx, res("auth0_client_grant", "g6", { audience: "${auth0_resource_server.gone.identifier}" }))).toBeUndefined();
    expect(auth0.apiByIdentifier(ctx, API)).toBe(orders);
    expect(auth0.apiByIdentifier(ctx, "${var.id}")).toBeUndefined();
    expect(auth0.audienceOfGrant(ctx, byRef)).toBe(API);
    expect(auth0.audienceOfGrant(ctx, literal)).toBe(API);
    expect(auth0.audienceOfGrant(ctx, toClient)).toBe("${auth0_client.c.client_id}");
    expect(auth0.audienceOfGrant(ctx, res("auth0_client_grant", "g5", { audience: "${auth0_resource_server.gone.identifier}" }))).toBe("${auth0_resource_server.gone.identifier}");
  });

  test("isSystemAudience: Auth0's own API paths on the tenant's domain (any case) or an *.auth0.com host", () => {
    for (const p of ["api/v2", "api/v2/", "mfa", "mfa/", "me", "me/", "my-org", "my-org/"]) {
      expect(auth0.isSystemAudience(`https://acme.eu.auth0.com/${p}`)).toBe(true);
      expect(auth0.isSystemAudience(`https://login.acme.test/${p}`, "LOGIN.acme.test")).toBe(true);
    }
    expect(auth0.isSystemAudience("https://login.acme.test/api/v2/", "other.test")).toBe(false);
    expect(auth0.isSystemAudience("https://login.acme.test/api/v2/")).toBe(false);
    expect(auth0.isSystemAudience("https://acme.eu.auth0.com/api/v2/users")).toBe(false);
    expect(auth0.isSystemAudience("https://acme.eu.auth0.com/api/v3/")).toBe(false);
    expect(auth0.isSystemAudience("http://acme.eu.auth0.com/api/v2/")).toBe(false);
    expect(auth0.isSystemAudience("https://ACME.EU.AUTH0.COM/mfa")).toBe(true);
    expect(auth0.isSystemAudience("https://auth0.com.evil.test/api/v2/")).toBe(false);
    expect(auth0.isSystemAudience("x https://acme.eu.auth0.com/api/v2/")).toBe(false);
  });

  test("DCR and CIMD on the tenant resource", () => {
    const t = (attributes: Record<string, unknown>) => res("auth0_tenant", "t", attributes);
    const ctx = ctxFor([]);
    expect(auth0.dcrModeOf(ctx, t({ dynamic_client_registration_security_mode: "strict" }))).toBe("strict");
    expect(auth0.dcrModeOf(ctx, t({ dynamic_client_registration_security_mode: "permissive", flags: [{ enable_dynamic_client_registration: true }] }))).toBe("permissive");
    expect(auth0.dcrModeOf(ctx, t({ dynamic_client_registration_security_mode: "strict", flags: [{ enable_dynamic_client_registration: false }] }))).toBeUndefined();
    expect(auth0.dcrModeOf(ctx, t({ flags: [{ enable_dynamic_client_registration: true }] }))).toBeUndefined();
    expect(auth0.dcrModeOf(ctx, t({ dynamic_client_registration_security_mode: 5 }))).toBeUndefined();
    expect(auth0.cimdEnabled(ctx, t({ client_id_metadata_document_supported: true }))).toBe(true);
    expect(auth0.cimdEnabled(ctx, t({ client_id_metadata_document_supported: "true" }))).toBe(false);
    expect(auth0.cimdEnabled(ctx, t({}))).toBe(false);
  });

  test("access policies with Auth0's defaults, and the default user grants DCR and CIMD clients can use", () => {
    const open = res("auth0_resource_server", "open", { identifier: API });
    const denied = res("auth0_resource_server", "denied", { identifier: "https://api.acme.test/denied", subject_type_authorization: [{ user: [{ policy: "deny_all" }], client: [{ policy: "deny_all" }] }] });
    const ctx0 = ctxFor([]);
    expect(auth0.accessPolicyOf(ctx0, open, "user")).toBe("allow_all");
    expect(auth0.accessPolicyOf(ctx0, open, "client")).toBe("require_client_grant");
    expect(auth0.accessPolicyOf(ctx0, denied, "user")).toBe("deny_all");
    expect(auth0.accessPolicyOf(ctx0, denied, "client")).toBe("deny_all");
    const userDefault = res("auth0_client_grant", "ud", { audience: API, default_for: "third_party_clients", subject_type: "user" });
    const clientDefault = res("auth0_client_grant", "cd", { audience: API, default_for: "third_party_clients", subject_type: "client" });
    const deniedDefault = res("auth0_client_grant", "dd", { audience: "https://api.acme.test/denied", default_for: "third_party_clients", subject_type: "user" });
    const foreignDefault = res("auth0_client_grant", "fd", { audience: "https://elsewhere.test/", default_for: "third_party_clients", subject_type: "user" });
    const perApp = res("auth0_client_grant", "pa", { audience: API, client_id: "x", subject_type: "user" });
    const ctx = ctxFor([open, denied, userDefault, clientDefault, deniedDefault, foreignDefault, perApp]);
    expect(auth0.usableUserDefaults(ctx)).toEqual([userDefault, foreignDefault]);
  });

  test("counterpartIn: the same address, else the same address but for the mode, else the same target and role (a grant also the same audience and subject)", () => {
    const old = res("auth0_client", "apps_p_permissive", {}, { target: "apps/p", role: "third-party-app" });
    const oldTwin = res("auth0_client", "apps_q_permissive", {}, { target: "apps/p", role: "third-party-app" });
    const oldGrantA = res("auth0_client_grant", "g_a", { audience: "A", subject_type: "user" }, { target: "apps/p", role: "app-grant" });
    const oldGrantB = res("auth0_client_grant", "g_b", { audience: "B" }, { target: "apps/p", role: "app-grant" });
    const oldDefault = res("auth0_client_grant", "d_1", { audience: "A" }, { target: "defaults/a", role: "default-grant" });
    const baseline = [old, oldTwin, oldGrantA, oldGrantB, oldDefault];
    expect(auth0.counterpartIn(baseline, res("auth0_client", "apps_p_permissive", {}))).toBe(old);
    expect(auth0.counterpartIn(baseline, res("auth0_client", "apps_p_strict", {}))).toBe(old);
    expect(auth0.counterpartIn(baseline, res("auth0_client_grant", "apps_p_strict", {}))).toBeUndefined(); // the stem is per type
    expect(auth0.counterpartIn(baseline, res("auth0_client", "renamed", {}, { target: "apps/p", role: "third-party-app" }))).toBe(old);
    expect(auth0.counterpartIn(baseline, res("auth0_client", "renamed", {}, { target: "apps/p" }))).toBeUndefined();
    expect(auth0.counterpartIn(baseline, res("auth0_client", "renamed", {}, { role: "third-party-app" }))).toBeUndefined();
    expect(auth0.counterpartIn(baseline, res("auth0_client_grant", "new_b", { audience: "B", subject_type: "client" }, { target: "apps/p", role: "app-grant" }))).toBe(oldGrantB);
    expect(auth0.counterpartIn(baseline, res("auth0_client_grant", "new_a", { audience: "A", subject_type: "user" }, { target: "apps/p", role: "app-grant" }))).toBe(oldGrantA);
    expect(auth0.counterpartIn(baseline, res("auth0_client_grant", "new_a", { audience: "A" }, { target: "apps/p", role: "app-grant" }))).toBeUndefined();
    expect(auth0.counterpartIn(baseline, res("auth0_client_grant", "d_2", { audience: "Z" }, { target: "defaults/a", role: "default-grant" }))).toBe(oldDefault);
    expect(auth0.counterpartIn(baseline, res("auth0_client_grant", "x", {}, { target: "apps/none", role: "app-grant" }))).toBeUndefined();
    const twins = [res("auth0_client", "a_strict", {}), res("auth0_client", "a_permissive", {})];
    expect(auth0.counterpartIn(twins, res("auth0_client", "a_strict_x", {}))).toBeUndefined();
    expect(auth0.counterpartIn([twins[1], res("auth0_client", "b_strict", {})], res("auth0_client", "a_strict", {}))).toBe(twins[1]);
  });
});

describe("suppressions written in code", () => {
  const tree = () => {
    const root = new Construct(undefined as unknown as Construct, "root");
    const app = new Construct(root, "apps");
    const portal = new Construct(app, "portal");
    return { root, app, portal };
  };
  const good = { rule: "TPA112", reason: "partner pilot until Q1", expires: "2027-01-31" };

  test("collect: every suppression at or below a construct, with the construct path as path and origin; other metadata ignored", () => {
    const { root, app, portal } = tree();
    portal.node.addMetadata("other", { rule: "TPA999" });
    PolicySuppressions.add(portal, good, { ...good, rule: "TPA101" });
    PolicySuppressions.add(app, { ...good, rule: "TPA102" });
    expect(PolicySuppressions.collect(root)).toEqual([
      { rule: "TPA102", reason: good.reason, expires: good.expires, path: "root/apps", origin: "root/apps" },
      { rule: "TPA112", reason: good.reason, expires: good.expires, path: "root/apps/portal", origin: "root/apps/portal" },
      { rule: "TPA101", reason: good.reason, expires: good.expires, path: "root/apps/portal", origin: "root/apps/portal" },
    ]);
    expect(PolicySuppressions.collect(portal).map((s) => s.rule)).toEqual(["TPA112", "TPA101"]);
  });

  test("add refuses what is not a rule ID, a reason under 10 characters (spaces not counted) and an expiry that is not a day as YYYY-MM-DD; so does TenantPolicy", () => {
    const { portal } = tree();
    for (const id of ["TPA12", "TPA1123", "xTPA112", "tpa112", "TPA112 "]) {
      expect(() => PolicySuppressions.add(portal, { ...good, rule: id })).toThrow(`suppression at root/apps/portal: "${id}" is not a rule ID such as TPA112`);
    }
    for (const reason of ["", "too short", "   123456789   ", undefined as unknown as string]) {
      expect(() => PolicySuppressions.add(portal, { ...good, reason })).toThrow("suppression of TPA112 at root/apps/portal: give a reason of at least 10 characters");
    }
    // 9999-99-99 and 2027-02-30 would never compare as past: suppressions that never expire
    for (const expires of ["2027-1-31", "31.01.2027", "2027-01-31T00:00", "x2027-01-31", "9999-99-99", "2027-02-30"]) {
      expect(() => PolicySuppressions.add(portal, { ...good, expires })).toThrow(`suppression of TPA112 at root/apps/portal: expires takes a day of the calendar as YYYY-MM-DD, such as 2027-03-31, not "${expires}"`);
      expect(() => new TenantPolicy({ tenant: { environment: "dev", permissiveEligible: false }, suppressions: [{ ...good, path: "dev/apps/portal", expires }] })).toThrow(
        `suppression of TPA112 in TenantPolicy's suppressions[0]: expires takes a day of the calendar`,
      );
    }
    PolicySuppressions.add(portal, { ...good, reason: "1234567890" });
    expect(PolicySuppressions.collect(portal)).toHaveLength(1);
  });
});

describe("capability profiles are discovered from their folder", () => {
  /** policy/profiles/index.ts beside the given profile files, loaded from a folder of its own */
  function profilesIn(files: Record<string, unknown>): typeof import("../policy/profiles") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tpa-profiles-"));
    fs.copyFileSync(path.join(__dirname, "..", "policy", "profiles", "index.ts"), path.join(dir, "index.ts"));
    for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), typeof body === "string" ? body : JSON.stringify(body));
    let loaded: typeof import("../policy/profiles") | undefined;
    try {
      jest.isolateModules(() => {
        loaded = require(path.join(dir, "index.ts")); // eslint-disable-line @typescript-eslint/no-require-imports
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return loaded!;
  }
  const profile = (id: string, effectiveFrom: string) => ({ ...NEWEST, id, title: id, effectiveFrom });

  test("the committed profiles, oldest first; the newest is the default; an unknown ID names the known ones", () => {
    expect(PROFILES.map((p) => [p.id, p.effectiveFrom])).toEqual([
      ["strict-2026-04", "2026-04-22"],
      ["strict-2026-05", "2026-05-28"],
    ]);
    expect(PROFILE_IDS).toEqual(["strict-2026-04", "strict-2026-05"]);
    expect(NEWEST_PROFILE_ID).toBe("strict-2026-05");
    expect(profileById("strict-2026-04").id).toBe("strict-2026-04");
    expect(() => profileById("strict-2099-01")).toThrow('unknown capability profile "strict-2099-01": use one of strict-2026-04, strict-2026-05');
  });

  test("a new file is a profile, ordered by effectiveFrom whatever its name; other files are not read", () => {
    const loaded = profilesIn({ "b-old.json": profile("b-old", "2020-01-01"), "a-new.json": profile("a-new", "2030-01-01"), "c-mid.json": profile("c-mid", "2025-01-01"), "README.md": "# not a profile" });
    expect(loaded.PROFILE_IDS).toEqual(["b-old", "c-mid", "a-new"]);
    expect(loaded.NEWEST_PROFILE_ID).toBe("a-new");
    expect(loaded.profileById("c-mid").effectiveFrom).toBe("2025-01-01");
  });

  test("a profile file whose id is not its name is refused at load, naming the file and the id it must have", () => {
    expect(() => profilesIn({ "strict-2030-01.json": profile("strict-2030-02", "2030-01-01") })).toThrow('policy/profiles/strict-2030-01.json: its id must be "strict-2030-01"');
    expect(() => profilesIn({ "v2.jsonl.json": profile("v2", "2030-01-01") })).toThrow('policy/profiles/v2.jsonl.json: its id must be "v2.jsonl"'); // only the last .json goes
  });
});

describe("the TenantPolicy aspect and evaluateStackPolicy", () => {
  /** A stack with raw auth0_client resources (as L1 code would write them) and a non-Auth0 resource. */
  function stackWith(skipValidation = false) {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "tpa-aspect-")), skipValidation });
    const stack = new TerraformStack(app, "dev");
    const portal = new TerraformResource(stack, "portal", { terraformResourceType: "auth0_client" });
    portal.addOverride("name", "Portal");
    portal.addOverride("is_first_party", false);
    const other = new TerraformResource(stack, "other", { terraformResourceType: "auth0_client" });
    other.addOverride("name", "Other");
    new TerraformResource(stack, "pw", { terraformResourceType: "random_password" });
    return { app, stack, portal, other };
  }
  const byName = (name: string) => (ctx: RuleContext) => ctx.ofType("auth0_client").filter((c) => c.attributes.name === name);
  const severities = probe((ctx) => [
    ...byName("Portal")(ctx).map((resource) => ({ resource, message: "portal is wrong" })),
    ...byName("Other")(ctx).map((resource) => ({ resource, message: "other is odd", severity: "warning" as const })),
    ...byName("Other")(ctx).map((resource) => ({ resource, message: "other is noted", severity: "info" as const })),
    { message: "tenant-wide note", severity: "info" as const },
  ]);
  const messagesOf = (c: Construct) => c.node.metadata.filter((m) => m.type.startsWith("@cdktf/")).map((m) => `${m.type} ${String(m.data)}`);

  test("evaluateStackPolicy: the stack's auth0_* resources with their construct paths, the newest profile by default, code and configuration suppressions", () => {
    const { stack, portal } = stackWith();
    PolicySuppressions.add(portal, { rule: "TPA901", reason: "accepted in the pilot", expires: "2027-01-31" });
    const seen: PolicyResource[] = [];
    const rules = [probe((ctx) => {
      seen.push(...ctx.resources);
      return byName("Portal")(ctx).map((resource) => ({ resource, message: "portal is wrong" }));
    })];
    const result = evaluateStackPolicy(stack, stack.toTerraform(), { tenant: TENANT, today: TODAY, rules, suppressions: [{ rule: "TPA902", target: "apps/x", reason: "configured one here", expires: "2027-01-31" }] });
    expect(result.stack).toBe("dev");
    expect(result.profile.id).toBe(NEWEST_PROFILE_ID);
    expect(result.resources).toBe(2);
    expect(seen.map((r) => [r.address, r.path])).toEqual([["auth0_client.portal", "dev/portal"], ["auth0_client.other", "dev/other"]]);
    expect(result.findings.map((f) => [f.ruleId, f.path, f.suppressed, f.suppression?.origin ?? f.message])).toEqual([
      ["TPA901", "dev/portal", true, "dev/portal"],
      ["TPA002", "apps/x", false, "suppression of TPA902 for apps/x matches no finding"],
    ]);
    expect(evaluateStackPolicy(stack, stack.toTerraform(), { tenant: TENANT, today: TODAY, rules: [], profile: "strict-2026-04" }).profile.id).toBe("strict-2026-04");
  });

  test("evaluateStackPolicy: the day given (else today, UTC) and the baseline reach the rules", () => {
    const { stack } = stackWith();
    const baseline = [client("old")];
    const seen: [string, unknown][] = [];
    const rules = [probe((ctx) => (seen.push([ctx.today, ctx.baseline]), []))];
    evaluateStackPolicy(stack, stack.toTerraform(), { tenant: TENANT, today: "2030-01-01", rules, baseline });
    evaluateStackPolicy(stack, stack.toTerraform(), { tenant: TENANT, rules });
    expect(seen).toEqual([["2030-01-01", baseline], [utcToday(), undefined]]);
  });

  test("the aspect annotates each finding on its construct (the stack when none has its path): errors, warnings, infos, suppressed ones as infos with the reason", () => {
    const { app, stack, portal, other } = stackWith();
    PolicySuppressions.add(other, { rule: "TPA902", reason: "other is accepted here", expires: "2027-01-31" });
    const flagOther = probe((ctx) => byName("Other")(ctx).map((resource) => ({ resource, message: "other again" })), "TPA902");
    Aspects.of(stack).add(new TenantPolicy({ tenant: TENANT, today: TODAY, rules: [severities, flagOther] }));
    // the errors fail the synth as the stack's validation, before the stack is written, whatever CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS says
    expect(() => app.synth()).toThrow(/Validation failed with the following errors:\n\s+\[dev\] \[dev\/portal\] TPA901: portal is wrong/);
    expect(messagesOf(portal)).toEqual(["@cdktf/error TPA901: portal is wrong. Fix: fix of TPA901"]);
    expect(messagesOf(other).sort()).toEqual([
      "@cdktf/info TPA901: other is noted. Fix: fix of TPA901",
      "@cdktf/info TPA902: other again. Fix: fix of TPA902 (suppressed: other is accepted here)",
      "@cdktf/warn TPA901: other is odd. Fix: fix of TPA901",
    ]);
    expect(messagesOf(stack)).toEqual(["@cdktf/info TPA901: tenant-wide note. Fix: fix of TPA901"]);
  });

  test("with CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS set (cdktf-cli and cdktn-cli set it), a policy error still stops the synth: no stack file is written", () => {
    const before = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
    try {
      const { app, stack } = stackWith();
      Aspects.of(stack).add(new TenantPolicy({ tenant: TENANT, today: TODAY, rules: [severities] }));
      expect(() => app.synth()).toThrow(/TPA901: portal is wrong/);
      expect(fs.existsSync(path.join(app.outdir, "stacks", "dev", "cdk.tf.json"))).toBe(false);
    } finally {
      if (before === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
      else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = before;
    }
  });

  test("annotate: false evaluates without annotating; an unknown profile is refused when the aspect is made", () => {
    const { app, stack, portal } = stackWith();
    let runs = 0;
    Aspects.of(stack).add(new TenantPolicy({ tenant: TENANT, today: TODAY, annotate: false, rules: [probe((ctx) => (runs++, severities.check(ctx)))] }));
    app.synth();
    expect(runs).toBe(1);
    expect(messagesOf(portal)).toEqual([]);
    expect(messagesOf(stack)).toEqual([]);
    expect(() => new TenantPolicy({ tenant: TENANT, profile: "strict-2099-01" })).toThrow(/unknown capability profile "strict-2099-01"/);
    // a date the rules cannot compare would switch off review dates and keep expired suppressions in force
    for (const today of ["01/12/2026", "2026-02-30", "2026-1-5"]) expect(() => new TenantPolicy({ tenant: TENANT, today })).toThrow(`TenantPolicy: today takes a date as YYYY-MM-DD, such as 2027-03-31, not "${today}"`);
  });

  test("the aspect evaluates each stack once, after the other aspects (as a validation), or at its visit when the app skips validation", () => {
    for (const skipValidation of [false, true]) {
      const { app, stack, portal } = stackWith(skipValidation);
      const names: unknown[] = [];
      const policy = new TenantPolicy({ tenant: TENANT, today: TODAY, rules: [probe((ctx) => (names.push(ctx.ofType("auth0_client").map((c) => c.attributes.name)), []))] });
      Aspects.of(stack).add(policy);
      Aspects.of(app).add(policy); // visits the stack a second time, and the app and resources, which are no stacks
      Aspects.of(stack).add({ visit: (node) => (node === portal ? portal.addOverride("name", "Renamed") : undefined) });
      policy.visit(stack); // a second visit of the same stack (cdktf visits each node once per aspect; a user may call visit)
      app.synth();
      expect(names).toEqual([skipValidation ? ["Portal", "Other"] : ["Renamed", "Other"]]);
    }
  });
});

test("a team's own rule (its own letters, then three digits) can be suppressed in code like the pack's", () => {
  const app = new App();
  const stack = new TerraformStack(app, "s");
  const portal = new Construct(stack, "portal");
  expect(() => PolicySuppressions.add(portal, { rule: "ACME001", reason: "the team's own rule, accepted here", expires: "2099-01-31" })).not.toThrow();
  expect(PolicySuppressions.collect(portal).map((s) => s.rule)).toEqual(["ACME001"]);
});

describe("rules that judge each strict client, side by side", () => {
  const unknown = "${var.x}";
  const stack = [
    strict("plain"),
    strict("bad", {
      grant_types: ["implicit", "authorization_code", "client_credentials"],
      app_type: "spa",
      sso: true,
      callbacks: ["https://*.acme.test/cb"],
      oidc_conformant: false,
      jwt_configuration: [{ alg: "HS256", scopes: { a: "b" } }],
      refresh_token: [{ expiration_type: "non-expiring" }],
    }),
    // values only known at apply: each stops its rule's decision about this client only
    strict("open", { grant_types: unknown, app_type: unknown, sso: unknown, callbacks: [unknown], jwt_configuration: unknown, refresh_token: [{ expiration_type: unknown }] }, { requestedScopes: ["openid"], calls: [API] }),
    strict("mixed", { oidc_conformant: unknown, cross_origin_auth: true, addons: [{ samlp: [{}] }] }),
    client("first-party", { grant_types: ["password"], third_party_security_mode: "strict", redirection_policy: "allow_always" }),
    strict("redirecting", { redirection_policy: "allow_always" }),
    res("auth0_resource_server", "orders", { identifier: API }),
    res("auth0_resource_server_scopes", "orders_scopes", { resource_server_identifier: API, scopes: [{ name: "read:orders" }] }),
    grantOf("fine", "plain", { scopes: ["read:orders"] }),
    grantOf("undefined-scope", "bad", { scopes: ["read:orders", "write:everything"], allow_any_organization: true }),
    grantOf("system", "bad", { audience: "https://acme.eu.auth0.com/api/v2/" }),
    grantOf("unknown", "open", { audience: unknown, scopes: unknown }),
    res("auth0_client_grant", "outside", { client_id: "abc123", audience: "https://acme.eu.auth0.com/api/v2/", allow_any_organization: true }),
  ];
  const judging = STRICT_MODE_RULES.filter((r) => r.judges !== undefined);
  const key = (f: Finding) => `${f.ruleId}|${f.severity}|${f.address}|${f.attribute}|${f.message}`;

  test("several rules judge each client in one pass, and find what each rule's own check finds, unresolved reads included", () => {
    expect(judging.length).toBeGreaterThan(1);
    const together = run(stack, STRICT_MODE_RULES).map(key);
    const alone = STRICT_MODE_RULES.flatMap((r) => run(stack, [r])).sort(compareFindings).map(key);
    expect(together).toEqual(alone);
    // the case is not empty: violations and cannot-check warnings of judging rules
    const byJudges = run(stack, judging);
    expect(byJudges.some((f) => f.severity === "error")).toBe(true);
    expect(byJudges.some((f) => f.message.startsWith("cannot check at synth time"))).toBe(true);
    // each list's rules found something: strict clients, every client, grants
    for (const id of ["TPA101", "TPA106", "TPA109", "TPA112", "TPA113", "TPA202", "TPA203", "TPA206"]) expect(byJudges.map((f) => f.ruleId)).toContain(id);
  });

  test("a judge the rule does not make, or cannot make for a value only known at apply, judges nothing; the read is reported", () => {
    const meta = { title: "probe", severity: "error" as const, fact: "a fact", source: "docs/auth0-facts.md#probe", fix: "fix" };
    const none = auth0.strictClientRule({ ...meta, id: "TPA902" }, () => undefined);
    const unreadable = auth0.strictClientRule({ ...meta, id: "TPA903" }, (ctx) => {
      ctx.read(stack[2], "sso");
      return () => [{ resource: stack[0], message: "never" }];
    });
    const every = auth0.strictClientRule({ ...meta, id: "TPA904" }, () => (c) => [{ resource: c, message: `judged ${c.name}` }]);
    const findings = run(stack, [none, unreadable, every]);
    expect(findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([
      "TPA904 judged bad",
      "TPA904 judged mixed",
      "TPA904 judged open",
      "TPA904 judged plain",
      "TPA904 judged redirecting",
      "TPA903 cannot check at synth time: sso is only known at apply",
    ]);
    // each rule's own check gives the same
    expect([none, unreadable, every].flatMap((r) => run(stack, [r])).sort(compareFindings)).toEqual(findings);
  });

  test("a copy of such a rule with a check of its own runs that check, beside the others of its list", () => {
    const tpa101 = STRICT_MODE_RULES.find((r) => r.id === "TPA101")!;
    const silenced = STRICT_MODE_RULES.map((r) => (r === tpa101 ? { ...r, check: () => [] } : r));
    const ids = run(stack, silenced).map((f) => f.ruleId);
    expect(ids).not.toContain("TPA101");
    expect(ids).toContain("TPA110"); // its list's other rules still judge
    expect(run(stack, STRICT_MODE_RULES).map((f) => f.ruleId)).toContain("TPA101");
  });

  test("what a rule's check returns is the caller's own, even when it finds nothing", () => {
    const { ctx } = contextOf([strict("plain")]);
    for (const r of STRICT_MODE_RULES) {
      const found = r.check(ctx);
      expect(Object.isFrozen(found)).toBe(false);
      found.push({ message: "a team's own addition" });
    }
  });
});
