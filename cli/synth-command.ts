import * as fs from "node:fs";
import * as path from "node:path";
import { LoadedEnvironment, loadEnvironments } from "../config";
import { StackPolicyResult } from "../policy";
import { buildPolicyReport, hasErrors, PolicyReport } from "../policy/report/json";
import { buildSarif } from "../policy/report/sarif";
import { formatPolicyText } from "../policy/report/text";
import { buildApp } from "../stacks/build-app";
import { withLightTokenTraces } from "../stacks/token-traces";
import type { TenantStack } from "../stacks/tenant-stack";
import { locateFinding, toFileLocation } from "./locations";
import { isStackFile, replaceOutput } from "./output";
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
  let environments: LoadedEnvironment[] = [];
  const locate = (f: Parameters<typeof locateFinding>[1]) => locateFinding(environments, f);
  const results: StackPolicyResult[] = [];
  let stacks: TenantStack[] = [];
  let report: PolicyReport | undefined;
  // Everything, reading the input included, runs inside the writer: whatever fails leaves the output as it was.
  replaceOutput(
    options.outDir,
    (tmp) => {
      environments = loadEnvironments(options.configDir);
      const baseline = options.baselineDir ? readBaseline(options.baselineDir) : undefined;
      const built = withLightTokenTraces(() => buildApp(environments, {
        outdir: tmp,
        finalOutdir: options.outDir,
        policy: { annotate: false, today: options.today, profile: options.profile, onEvaluated: (r) => results.push(r) },
        // An environment missing from the baseline is new: every resource of it is a create.
        baselineFor: baseline && ((name) => baseline.get(name)?.resources ?? []),
      }));
      withLightTokenTraces(() => built.app.synth());
      stacks = built.stacks;
      report = buildPolicyReport(results);
      const sarif = buildSarif(report, { toolVersion: TOOL_VERSION, locate: (f) => toFileLocation(locate(f)) });
      fs.writeFileSync(path.join(tmp, REPORT_FILES[0]), `${JSON.stringify(report, null, 2)}\n`);
      fs.writeFileSync(path.join(tmp, REPORT_FILES[1]), `${JSON.stringify(sarif, null, 2)}\n`);
    },
    (rel) => !hasErrors(report!) || REPORT_FILES.includes(rel) || !(isStackFile(rel) || rel === "manifest.json"),
    (rel) => rel === "manifest.json" || REPORT_FILES.includes(rel),
  );
  const written = !hasErrors(report!);
  const text = formatPolicyText(report!, (f) => {
    const at = locate(f);
    return at && at.line > 0 ? `${at.file}:${at.line}` : undefined;
  });
  return {
    outDir: options.outDir,
    written,
    report: report!,
    text,
    // Every resource a TenantStack synthesizes is an auth0_* one, all of which the policy checked.
    stacks: written
      ? stacks.map((s) => ({
          name: s.environment,
          file: path.join(options.outDir, "stacks", s.environment, "cdk.tf.json"),
          resources: results.find((r) => r.stack === s.environment)?.resources ?? 0,
        }))
      : [],
  };
}

function readBaseline(dir: string) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DiffInputError, readOutDir } = require("../diff/inputs") as typeof import("../diff/inputs");
  try {
    return readOutDir(dir);
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
