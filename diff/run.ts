import { compareSides, changesFromPlan } from "./compare";
import { EnvironmentDiff, environmentDiff } from "./environment-diff";
import { DiffInputError, readOutDir, readPlan, sidesFromPlan, StackSide } from "./inputs";

/** Base and head synth folders: every environment, or two environments compared (promotion). */
export function diffOutDirs(baseDir: string, headDir: string, options: { compare?: string; today: string }): EnvironmentDiff[] {
  const base = readOutDir(baseDir);
  const head = readOutDir(headDir);
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
