import { parseArgs } from "node:util";
import type { ConfigError } from "../config/load";
import { terminalLines } from "../policy/report/escape";
import { OutputError } from "./output";
import { todayFrom } from "./today";
import { isUsageError, UsageError } from "./usage-error";

// Commands are loaded when used: `tpa synth` should not pay for loading the audit's SDK, nor the reverse.
/* eslint-disable @typescript-eslint/no-require-imports */
const synthModule = () => require("./synth-command") as typeof import("./synth-command");
const diffModule = () => require("./diff-command") as typeof import("./diff-command");
const rulesModule = () => require("./rules-command") as typeof import("./rules-command");
const auditModule = () => require("./audit-command") as typeof import("./audit-command");
const importModule = () => require("./import-command") as typeof import("./import-command");
const verifyModule = () => require("./verify-command") as typeof import("./verify-command");
const emulatorModule = () => require("./emulator-command") as typeof import("./emulator-command");
const checkModule = () => require("./check-command") as typeof import("./check-command");
/* eslint-enable @typescript-eslint/no-require-imports */

const USAGE = `Usage: tpa <command> [options]

Commands:
  synth [--config DIR] [--out DIR] [--profile ID] [--baseline DIR | --baseline-config DIR] [--format text|json]
        Synthesize one Terraform stack per environment file and check it against the strict-mode policy.
        DIR defaults: environments/ and cdktf.out/. Writes OUT/stacks/<env>/cdk.tf.json,
        OUT/policy-report.json and OUT/policy-report.sarif.
        Exit 0: no unsuppressed error. Exit 1: policy errors (reports written, no stack).
        Exit 2: bad input or usage (nothing written). --baseline DIR (the target branch's synth) also runs
        the lifecycle rules: mode or first-party changes, destroys in protected environments;
        --baseline-config DIR takes the target branch's environment folder instead (synthesized in memory).
  rules [--format text|json|markdown]
        The rule catalogue.
  audit (--domain DOMAIN | --from FILE) [--format table|markdown|json] [--save FILE]
        Review a tenant's third-party apps: mode, strict readiness, blockers, scenario, recommendation.
  import --from FILE --environment NAME [--out DIR] [--force]
        Write an environment file that adopts the tenant's third-party apps, APIs and grants (import blocks).
  diff ((--base DIR | --base-config DIR) (--head DIR | --head-config DIR) [--compare TARGET:SOURCE]
       | --plan PLAN.json --environment NAME [--synth DIR]) [--format markdown|json]
        What a change does per environment: adds, changes, destroys and replacements, third-party apps,
        grants, DCR and API policies, policy findings (lifecycle rules against the base). Markdown for a PR
        comment. --base/--head take \`tpa synth\` outputs; --base-config/--head-config take environment
        folders, synthesized in memory (nothing written), so a change the policy blocks is reported too.
        --compare prod:staging shows what promoting staging's definitions would change in prod.
        Exit 1: unsuppressed policy errors. Exit 2: bad input or usage.
  verify --domain DOMAIN [--config DIR --environment NAME] [--app ID ...] [--dcr] [--dcr-metadata FILE]
         [--yes] [--format text|json]
        Ask the tenant: create a throwaway client per strict app as synthesized, and (--dcr) register a DCR
        client; record Auth0's answers, then delete everything. Exit 0 all accepted, 1 refused or left over.
  emulator [--port N] [--seed FILE] [--https] [--format text|json]
        A local Management API emulator (default seed: the example's prod tenant), until stopped.
  check (DIR|FILE.tf ... | --plan PLAN.json [DIR] | --deploy-cli tenant.yaml|DIR [--config FILE])
        [--var NAME=VALUE] [--var-file FILE] [--settings FILE]
        [--domain D] [--permissive-eligible] [--profile ID] [--format text|json|sarif|markdown]
        The strict-mode policy on any Auth0 Terraform configuration (HCL or plan JSON), each finding located
        in the .tf files. Exit 1: unsuppressed policy errors. Exit 2: bad input (file and line).
`;

export { UsageError };

/** Runs any command, the asynchronous ones (audit, import, verify, check) and the emulator's server included; returns the exit code. */
export async function main(argv: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "audit") return auditModule().auditCommand(rest, out, err);
  if (command === "import") return importModule().importCommand(rest, out, err);
  if (command === "verify") return verifyModule().verifyCommand(rest, out, err);
  if (command === "emulator") return emulatorModule().emulatorCommand(rest, out, err);
  if (command === "check") return checkModule().checkCommand(rest, out, err);
  return run(argv, out, err);
}

/** Runs the commands that work on files only (synth, rules, diff); returns the exit code. */
export function run(argv: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case "synth":
        return synthCommand(rest, out, err);
      case "rules":
        return rulesCommand(rest, out);
      case "diff":
        return diffModule().diffCommand(rest, out);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        out.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (isConfigError(e)) {
      err.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof OutputError) {
      err.write(`tpa: ${terminalLines(e.message)}\n`);
      return 2;
    }
    if (isUsageError(e)) {
      // messages may quote the input files (a baseline's JSON, a plan): plain text only
      err.write(`tpa: ${terminalLines((e as Error).message)}\n\n${USAGE}`);
      return 2;
    }
    err.write(`tpa: internal error: ${(e as Error).stack ?? e}\n`);
    return 70;
  }
}

function synthCommand(args: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  const { values } = parseArgs({
    args: [...args],
    options: {
      config: { type: "string", default: "environments" },
      out: { type: "string", default: "cdktf.out" },
      profile: { type: "string" },
      baseline: { type: "string" },
      "baseline-config": { type: "string" },
      format: { type: "string", default: "text" },
    },
    strict: true,
    allowPositionals: false,
  });
  const format = oneOf(values.format!, ["text", "json"] as const, "--format");
  const { synth, formatSynthResult } = synthModule();
  const result = synth({
    configDir: values.config!,
    outDir: values.out!,
    profile: values.profile,
    baselineDir: values.baseline,
    baselineConfigDir: values["baseline-config"],
    today: todayFrom(process.env),
  });
  (result.written ? out : format === "json" ? out : err).write(`${formatSynthResult(result, format)}\n`);
  return result.written ? 0 : 1;
}

function rulesCommand(args: readonly string[], out: NodeJS.WritableStream): number {
  const { values } = parseArgs({
    args: [...args],
    options: { format: { type: "string", default: "text" } },
    strict: true,
    allowPositionals: false,
  });
  out.write(`${rulesModule().formatRules(oneOf(values.format!, ["text", "json", "markdown"] as const, "--format"))}\n`);
  return 0;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    const choices = `${allowed.slice(0, -1).join(", ")} or ${allowed[allowed.length - 1]}`;
    throw new UsageError(`${flag} takes ${choices}, not "${value}"`);
  }
  return value as T;
}

// By name: loading config/load (zod, two YAML parsers) costs a third of a second that commands without
// environment files (check, diff --plan, rules) should not pay.
function isConfigError(e: unknown): e is ConfigError {
  return e instanceof Error && e.name === "ConfigError";
}
