import { parseArgs } from "node:util";
import { ConfigError } from "../config";
import { formatSynthResult, synth } from "./synth-command";

const USAGE = `Usage: tpa <command> [options]

Commands:
  synth [--config DIR] [--out DIR] [--format text|json]
        Synthesize one Terraform stack per environment file.
        DIR defaults: environments/ and cdktf.out/.
        Exit 0: synthesized. Exit 2: bad input or usage (nothing written).
`;

export class UsageError extends Error {}

/** Runs the command line; returns the exit code. */
export function run(argv: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case "synth":
        return synthCommand(rest, out);
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
    if (e instanceof ConfigError) {
      err.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError || isParseArgsError(e)) {
      err.write(`tpa: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    err.write(`tpa: internal error: ${(e as Error).stack ?? e}\n`);
    return 70;
  }
}

function synthCommand(args: readonly string[], out: NodeJS.WritableStream): number {
  const { values } = parseArgs({
    args: [...args],
    options: {
      config: { type: "string", default: "environments" },
      out: { type: "string", default: "cdktf.out" },
      format: { type: "string", default: "text" },
    },
    strict: true,
    allowPositionals: false,
  });
  const format = values.format;
  if (format !== "text" && format !== "json") throw new UsageError(`--format takes text or json, not "${format}"`);
  const result = synth({ configDir: values.config!, outDir: values.out!, format });
  out.write(`${formatSynthResult(result, format)}\n`);
  return 0;
}

function isParseArgsError(e: unknown): boolean {
  return typeof e === "object" && e !== null && String((e as { code?: string }).code).startsWith("ERR_PARSE_ARGS");
}
