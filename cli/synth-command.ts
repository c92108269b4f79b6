import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironments } from "../config";
import { buildPolicyReport, buildSarif, formatPolicyText, hasErrors, locationText, PolicyReport } from "../policy";
import { buildApp } from "../stacks/build-app";
import { synthesizeTenantStacks, writeSynthesizedStacks } from "../stacks/synthesize";
import { withLightTokenTraces } from "../stacks/token-traces";
import { locateFinding, toFileLocation } from "./locations";
import { replaceOutput } from "./output";
import { checkProfileOption } from "./options";
import { UsageError } from "./usage-error";
import { TOOL_VERSION } from "./version";

export interface SynthOptions {
  readonly configDir: string;
  readonly outDir: string;
  /** a capability profile for every environment, instead of each file's tenant.profile */
  readonly profile?: string;
  /** YYYY-MM-DD for review dates and suppression expiry @default today */
  readonly today?: string;
  /** a previous `tpa synth` output (the target branch's) for the lifecycle rules TPA401-TPA403 @default none */
  readonly baselineDir?: string;
  /** the target branch's environment folder instead, synthesized in memory for the same rules @default none */
  readonly baselineConfigDir?: string;
}

export interface SynthResult {
  readonly outDir: string;
  /** false when policy errors kept every stack from being written */
  readonly written: boolean;
  readonly stacks: { readonly name: string; readonly file: string; readonly resources: number }[];
  readonly report: PolicyReport;
  /** the console report */
  readonly text: string;
}

export const REPORT_FILES = ["policy-report.json", "policy-report.sarif"];

/**
 * `tpa synth`: environment files → one cdk.tf.json per environment plus the policy reports. With a policy
 * error the reports are written and no stack is (earlier ones are removed); nothing is half-written.
 */
export function synth(options: SynthOptions): SynthResult {
  checkProfileOption(options.profile);
  // Everything, reading the input included, runs inside the writer: whatever fails leaves the output as it was.
  const { written: run } = replaceOutput(
    options.outDir,
    (tmp) => synthesizeInto(tmp, options),
    undefined,
    (rel) => rel === "manifest.json" || REPORT_FILES.includes(rel),
    [options.configDir],
  );
  const { environments, report, written } = run;
  const text = formatPolicyText(report, (f) => {
    const at = locateFinding(environments, f);
    return at && at.line > 0 ? locationText(at) : undefined;
  });
  return {
    outDir: options.outDir,
    written,
    report,
    text,
    // Every resource a TenantStack synthesizes is an auth0_* one, all of which the policy checked.
    stacks: written
      ? run.stacks.map(({ stack, policy }) => ({
          name: stack.environment,
          file: path.join(options.outDir, "stacks", stack.environment, "cdk.tf.json"),
          resources: policy.resources,
        }))
      : [],
  };
}

/**
 * The pipeline: environment files → constructs → each stack's Terraform JSON (resolved once) → the policy on
 * it → reports; the stacks are written into `dir` only when the policy has no error, the reports always.
 */
function synthesizeInto(dir: string, options: SynthOptions) {
  const environments = loadEnvironments(options.configDir);
  const baseline = readBaseline(options);
  const { app, stacks } = withLightTokenTraces(() => buildApp(environments, {
    outdir: dir,
    finalOutdir: options.outDir,
    policy: { aspect: false, today: options.today, profile: options.profile },
    // An environment missing from the baseline is new: every resource of it is a create.
    baselineFor: baseline && ((name) => baseline.get(name)?.resources ?? []),
  }));
  const evaluated = withLightTokenTraces(() => synthesizeTenantStacks(stacks));
  const report = buildPolicyReport(evaluated.map((s) => s.policy));
  const written = !hasErrors(report);
  if (written) writeSynthesizedStacks(app, evaluated);
  const sarif = buildSarif(report, { toolVersion: TOOL_VERSION, locate: (f) => toFileLocation(locateFinding(environments, f)) });
  fs.writeFileSync(path.join(dir, REPORT_FILES[0]), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, REPORT_FILES[1]), `${JSON.stringify(sarif, null, 2)}\n`);
  return { environments, stacks: evaluated, report, written };
}

function readBaseline(options: SynthOptions) {
  if (options.baselineDir !== undefined && options.baselineConfigDir !== undefined) {
    throw new UsageError("give --baseline DIR or --baseline-config DIR, not both");
  }
  if (options.baselineDir === undefined && options.baselineConfigDir === undefined) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DiffInputError, readOutDir, readSide } = require("../diff") as typeof import("../diff");
  if (options.baselineConfigDir !== undefined) return readSide({ config: options.baselineConfigDir }, options.today);
  try {
    return readOutDir(options.baselineDir!);
  } catch (e) {
    if (e instanceof DiffInputError) throw new UsageError(`--baseline: ${e.message}`);
    throw e;
  }
}

export function formatSynthResult(result: SynthResult, format: "text" | "json"): string {
  if (format === "json") {
    return JSON.stringify({ outDir: result.outDir, written: result.written, stacks: result.stacks, policy: result.report }, null, 2);
  }
  const head = result.written
    ? [
        `Synthesized ${result.stacks.length} environment(s) into ${result.outDir}:`,
        ...result.stacks.map((s) => `  ${s.name.padEnd(12)} ${String(s.resources).padStart(4)} resources  ${s.file}`),
      ]
    : [`Policy errors: no stack was written to ${result.outDir} (reports: ${REPORT_FILES.join(", ")}).`];
  return [result.text, "", ...head].join("\n");
}
