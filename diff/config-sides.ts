import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TerraformStack } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { loadEnvironments } from "../config";
import { buildApp } from "../stacks/build-app";
import { withLightTokenTraces } from "../stacks/token-traces";
import { StackSide, stackFromJson } from "./inputs";

/**
 * Every environment of a configuration folder, synthesized in memory by the same code `tpa synth` runs
 * (constructs, aspects, validations), without writing a stack: a head that the policy blocks can still be
 * compared, and nothing plannable is left behind. Bad input throws ConfigError (file, line, key).
 */
export function sidesFromConfig(configDir: string, options: { today?: string } = {}): Map<string, StackSide> {
  const environments = loadEnvironments(configDir);
  // cdktf's App creates its outdir (and an empty stacks/ in it) when constructed; nothing is written into it.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tpa-diff-"));
  try {
    return withLightTokenTraces(() => {
      const { stacks } = buildApp(environments, { outdir: scratch, policy: { annotate: false, today: options.today } });
      return new Map(stacks.map((stack) => [stack.environment, stackFromJson(stack.environment, synthesizeInMemory(stack))]));
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** What App.synth() does for one stack up to writing it: prepare, aspects, validations, the Terraform JSON. */
function synthesizeInMemory(stack: TerraformStack): Record<string, unknown> {
  stack.prepareStack();
  invokeAspects(stack);
  stack.runAllValidations();
  return stack.toTerraform();
}
