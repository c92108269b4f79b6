import * as fs from "node:fs";
import * as path from "node:path";
import { diffPlan, diffSources, DiffInputError, EnvironmentDiff, hasPolicyErrors, readOutDir, renderMarkdown, SideSource } from "../diff";
import { DIFF } from "./commands";
import { todayFrom } from "./today";
import { parseCommandArgs } from "./usage";
import { UsageError } from "./usage-error";

/**
 * `tpa diff`: what a change does to each environment's third-party security posture, for a PR comment.
 * Exit 0: reported; 1: the head has unsuppressed policy errors (lifecycle rules included); 2: bad input.
 */
export function diffCommand(args: readonly string[], out: NodeJS.WritableStream): number {
  const { values } = parseCommandArgs(DIFF, args);
  const today = todayFrom(process.env);
  let diffs: EnvironmentDiff[];
  try {
    if (values.plan) {
      if (values.base || values.head || values["base-config"] || values["head-config"]) {
        throw new UsageError("give either --plan or a base and a head (--base DIR | --base-config DIR, --head DIR | --head-config DIR)");
      }
      if (!values.environment) throw new UsageError("--plan needs --environment NAME (the stack the plan is for)");
      const synthDir = values.synth;
      const stack = fs.existsSync(path.join(synthDir, "stacks", values.environment, "cdk.tf.json"))
        ? readOutDir(synthDir).get(values.environment)
        : undefined;
      diffs = diffPlan(values.plan, { environment: values.environment, stack, today });
    } else {
      const base = sideSource("base", values.base, values["base-config"]);
      const head = sideSource("head", values.head, values["head-config"]);
      diffs = diffSources(base, head, { compare: values.compare, today });
    }
  } catch (e) {
    if (e instanceof DiffInputError) throw new UsageError(e.message);
    throw e;
  }
  out.write(values.format === "json" ? `${JSON.stringify({ version: 1, environments: diffs }, null, 2)}\n` : renderMarkdown(diffs));
  return hasPolicyErrors(diffs) ? 1 : 0;
}

/** `--base DIR` (a `tpa synth` output) or `--base-config DIR` (environment files, synthesized in memory). */
function sideSource(side: "base" | "head", out: string | undefined, config: string | undefined): SideSource {
  if (out !== undefined && config !== undefined) throw new UsageError(`give --${side} DIR or --${side}-config DIR, not both`);
  if (out !== undefined) return { out };
  if (config !== undefined) return { config };
  throw new UsageError(
    `give the ${side}: --${side}-config DIR (environment files) or --${side} DIR (a \`tpa synth\` output), or --plan PLAN.json`,
  );
}
