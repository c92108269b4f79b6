import type { ConfigError } from "../config/load";
import { fileSystemFailure } from "../config/read-file";
import { terminalLines } from "../policy";
import { COMMANDS, RULES, SYNTH } from "./commands";
import { OutputError } from "./output";
import { todayFrom } from "./today";
import { TOOL_VERSION } from "./version";
import { asksForHelp, commandUsage, overview, parseCommandArgs } from "./usage";
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

/** The definition of each command by name. */
const DEFINITIONS = new Map(COMMANDS.map((c) => [c.name, c]));

/** What a usage error prints after its message: the command's usage, or (no such command) the overview. */
function usageOf(command: string | undefined): string {
  const definition = command === undefined ? undefined : DEFINITIONS.get(command);
  return definition ? commandUsage(definition) : overview(COMMANDS);
}

export { UsageError };

/** Runs any command, the asynchronous ones (audit, import, verify, check) and the emulator's server included; returns the exit code. */
export async function main(argv: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const [command, ...rest] = argv;
  if (printedHelp(command, rest, out)) return 0;
  if (command === "--version" && rest.length === 0) {
    out.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  if (command === "audit") return auditModule().auditCommand(rest, out, err);
  if (command === "import") return importModule().importCommand(rest, out, err);
  if (command === "verify") return verifyModule().verifyCommand(rest, out, err);
  if (command === "emulator") return emulatorModule().emulatorCommand(rest, out, err);
  if (command === "check") return checkModule().checkCommand(rest, out, err);
  return run(argv, out, err);
}

/** Runs the commands that work on files only (synth, rules, diff); returns the exit code. */
export function run(argv: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  const [command, ...rest] = argv;
  try {
    if (printedHelp(command, rest, out)) return 0;
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
        out.write(overview(COMMANDS));
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
      err.write(`tpa${command && DEFINITIONS.has(command) ? ` ${command}` : ""}: ${terminalLines((e as Error).message)}\n\n${usageOf(command)}`);
      return 2;
    }
    const failure = fileSystemFailure(e);
    if (failure) {
      err.write(`tpa${command && DEFINITIONS.has(command) ? ` ${command}` : ""}: ${terminalLines(failure)}\n`);
      return 2;
    }
    err.write(`tpa: internal error: ${(e as Error).stack ?? e}\n`);
    return 70;
  }
}

/** `tpa CMD --help`: prints the command's usage; true when it did. */
function printedHelp(command: string | undefined, args: readonly string[], out: NodeJS.WritableStream): boolean {
  const definition = command === undefined ? undefined : DEFINITIONS.get(command);
  if (!definition || !asksForHelp(args)) return false;
  out.write(commandUsage(definition));
  return true;
}

function synthCommand(args: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  const { values } = parseCommandArgs(SYNTH, args);
  const format = values.format;
  const { synth, formatSynthResult } = synthModule();
  const result = synth({
    configDir: values.config,
    outDir: values.out,
    profile: values.profile,
    baselineDir: values.baseline,
    baselineConfigDir: values["baseline-config"],
    today: todayFrom(process.env),
  });
  (result.written ? out : format === "json" ? out : err).write(`${formatSynthResult(result, format)}\n`);
  return result.written ? 0 : 1;
}

function rulesCommand(args: readonly string[], out: NodeJS.WritableStream): number {
  const { values } = parseCommandArgs(RULES, args);
  out.write(`${rulesModule().formatRules(values.format)}\n`);
  return 0;
}


// By name: loading config/load (zod, two YAML parsers) costs a third of a second that commands without
// environment files (check, diff --plan, rules) should not pay.
function isConfigError(e: unknown): e is ConfigError {
  return e instanceof Error && e.name === "ConfigError";
}
