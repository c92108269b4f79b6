import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadEnvironments } from "../config";
import { buildApp } from "../stacks/build-app";
import { synthesizeStacks } from "../stacks/synthesize";
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
      // the policy runs on each side's JSON in the comparison (stackFromJson), not as an aspect here
      const { stacks } = buildApp(environments, { outdir: scratch, policy: { aspect: false, today: options.today } });
      return new Map(synthesizeStacks(stacks).map(({ stack, terraform }) => [stack.environment, stackFromJson(stack.environment, terraform)]));
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
