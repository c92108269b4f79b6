import { compareSides, changesFromPlan } from "./compare";
import { EnvironmentDiff, environmentDiff } from "./environment-diff";
import { DiffInputError, readOutDir, readPlan, sidesFromPlan, StackSide } from "./inputs";

/** Where one side of a comparison comes from: a `tpa synth` output folder, or a configuration folder. */
export type SideSource = { readonly out: string } | { readonly config: string };

/** Every environment of one side, by name (a configuration is synthesized in memory). */
export function readSide(source: SideSource, today?: string): Map<string, StackSide> {
  if ("out" in source) return readOutDir(source.out);
  // Loaded when used: synthesizing loads cdktf and the bindings, which reading a folder or a plan does not need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { sidesFromConfig } = require("./config-sides") as typeof import("./config-sides");
  return sidesFromConfig(source.config, { today });
}

/** Base and head, each a synth folder or a configuration folder. */
export function diffSources(base: SideSource, head: SideSource, options: { compare?: string; today: string }): EnvironmentDiff[] {
  return diffSides(readSide(base, options.today), readSide(head, options.today), options);
}

/** Every environment of base and head, or two environments compared (promotion). */
export function diffSides(
  base: ReadonlyMap<string, StackSide>,
  head: ReadonlyMap<string, StackSide>,
  options: { compare?: string; today: string },
): EnvironmentDiff[] {
  if (options.compare) {
    const [target, source] = options.compare.split(":");
    const b = base.get(target);
    const h = head.get(source);
    if (!b || !h || !source) {
      throw new DiffInputError(`--compare TARGET:SOURCE names two environments, such as prod:staging (have: ${[...head.keys()].join(", ")})`);
    }
    // Promotion keeps the target environment's tenant, gates and suppressions.
    const promoted: StackSide = { ...h, name: target, tenant: b.tenant ?? h.tenant, suppressions: b.suppressions };
    return [environmentDiff(`${target} ← ${source}`, b, promoted, compareSides(b, promoted), options.today)];
  }
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  return names.map((name) => {
    const b = base.get(name) ?? { name, resources: [], suppressions: [] };
    const h = head.get(name) ?? { ...b, resources: [] };
    return environmentDiff(name, b, h, compareSides(b, h), options.today);
  });
}

/** A plan's changes for one environment; the tenant facts come from its synthesized stack, when given. */
export function diffPlan(planFile: string, options: { environment: string; stack?: StackSide; today: string }): EnvironmentDiff[] {
  const { changes: plan, json } = readPlan(planFile);
  const synth = options.stack;
  // Plan JSON has no "//" comments: take each resource's annotation from the synthesized stack, by address.
  const notes = new Map((synth?.resources ?? []).map((r) => [r.address, r.annotation]));
  const annotate = (side: StackSide): StackSide => ({
    ...side,
    resources: side.resources.map((r) => ({ ...r, annotation: notes.get(r.address) ?? r.annotation })),
  });
  const sides = sidesFromPlan(options.environment, json);
  const base = annotate(sides.base);
  const head: StackSide = { ...annotate(sides.head), tenant: synth?.tenant, profile: synth?.profile, suppressions: synth?.suppressions ?? [] };
  const [baseByAddress, headByAddress] = [base, head].map((side) => new Map(side.resources.map((r) => [r.address, r])));
  const changes = changesFromPlan(plan).map((c) => ({
    ...c,
    before: c.before && baseByAddress.get(c.before.address),
    after: c.after && headByAddress.get(c.after.address),
  }));
  return [environmentDiff(options.environment, base, head, changes, options.today)];
}

export function hasPolicyErrors(diffs: readonly EnvironmentDiff[]): boolean {
  return diffs.some((d) => d.findings.some((f) => !f.suppressed && f.severity === "error"));
}
