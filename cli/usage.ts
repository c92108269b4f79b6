import { parseArgs, ParseArgsConfig } from "node:util";
import { UsageError } from "./usage-error";

// A command's definition is the one source of its command line: node:util parseArgs options, its
// `tpa CMD --help` text, the `tpa --help` overview and the README's command reference are derived from it.

export interface OptionDefinition {
  /** the long name, without the dashes */
  readonly name: string;
  /** the value's placeholder (DIR, FILE) @default none: a flag, unless choices are given */
  readonly value?: string;
  /** the only values it takes, checked when parsed (shown as text|json) @default any value */
  readonly choices?: readonly string[];
  /** the option may be given more than once, each value kept @default false */
  readonly multiple?: boolean;
  /** the value when the option is not given, shown as "(default: ...)" @default none */
  readonly default?: string;
  readonly description: string;
}

/** A positional argument, such as check's DIR|FILE.tf. */
export interface OperandDefinition {
  readonly name: string;
  readonly description: string;
}

export interface ExitCode {
  readonly code: number;
  readonly meaning: string;
}

export interface CommandDefinition {
  readonly name: string;
  /** one line, for the overview */
  readonly summary: string;
  /** what follows `tpa NAME` in the usage line, one string per line */
  readonly synopsis: readonly string[];
  /** what the command does, beyond the summary @default none */
  readonly description?: string;
  /** @default none: the command takes no positional argument */
  readonly operands?: readonly OperandDefinition[];
  readonly options: readonly OptionDefinition[];
  /** paragraphs after the options @default none */
  readonly notes?: readonly string[];
  readonly exits: readonly ExitCode[];
}

type OptionValue<O> = O extends { readonly choices: readonly (infer C)[] }
  ? C
  : O extends { readonly value: string }
    ? O extends { readonly multiple: true }
      ? string[]
      : string
    : boolean;

type Options<C extends CommandDefinition> = C["options"][number];

/** What parseArgs returns for a command's options, typed from its definition: an option with a default is always there. */
export type OptionValues<C extends CommandDefinition> = {
  [O in Options<C> as O extends { readonly default: string } ? O["name"] : never]: OptionValue<O>;
} & {
  [O in Options<C> as O extends { readonly default: string } ? never : O["name"]]?: OptionValue<O>;
};

/** The node:util parseArgs options of a command. */
export function parseArgsOptions(command: CommandDefinition): NonNullable<ParseArgsConfig["options"]> {
  return Object.fromEntries(
    command.options.map((o) => [
      o.name,
      {
        type: takesValue(o) ? ("string" as const) : ("boolean" as const),
        ...(o.multiple && { multiple: true }),
        ...(o.default !== undefined && { default: o.default }),
      },
    ]),
  );
}

const takesValue = (o: OptionDefinition) => o.value !== undefined || o.choices !== undefined;

/**
 * Parses a command's arguments: an option it does not define, or a value outside an option's choices, is a
 * usage error.
 */
export function parseCommandArgs<C extends CommandDefinition>(command: C, args: readonly string[]): { values: OptionValues<C>; positionals: string[] } {
  const { values, positionals, tokens } = parseArgs({
    args: [...args],
    options: parseArgsOptions(command),
    strict: true,
    allowPositionals: (command.operands ?? []).length > 0,
    tokens: true,
  });
  // an option that takes one value, given twice, would quietly keep the last (check --deploy-cli a --deploy-cli b)
  const given = new Map<string, number>();
  for (const t of tokens) if (t.kind === "option") given.set(t.name, (given.get(t.name) ?? 0) + 1);
  for (const o of command.options) {
    if (!o.multiple && takesValue(o) && (given.get(o.name) ?? 0) > 1) throw new UsageError(`--${o.name} is given more than once: it takes one ${o.value ?? "value"}`);
  }
  for (const o of command.options) {
    const value = values[o.name];
    if (o.choices && typeof value === "string" && !o.choices.includes(value)) {
      const choices = `${o.choices.slice(0, -1).join(", ")} or ${o.choices[o.choices.length - 1]}`;
      throw new UsageError(`--${o.name} takes ${choices}, not "${value}"`);
    }
  }
  return { values: values as OptionValues<C>, positionals };
}

/** `tpa CMD --help` or `-h`: the command prints its usage and exits 0. */
export function asksForHelp(args: readonly string[]): boolean {
  return args.includes("--help") || args.includes("-h");
}

const WIDTH = 112;
const INDENT = "  ";
const MAX_LABEL_COLUMN = 24;

/** `--name VALUE`, as the usage and the reference show an option. */
export function optionLabel(o: OptionDefinition): string {
  const value = o.choices ? o.choices.join("|") : o.value;
  return `--${o.name}${value === undefined ? "" : ` ${value}`}${o.multiple ? " ..." : ""}`;
}

function optionText(o: OptionDefinition): string {
  return o.default === undefined ? o.description : `${o.description} (default: ${o.default})`;
}

export function exitsText(command: CommandDefinition): string {
  return `Exit ${command.exits.map((e) => `${e.code}: ${e.meaning}`).join(". ")}.`;
}

/** The text of `tpa CMD --help`, also printed after a usage error. */
export function commandUsage(command: CommandDefinition): string {
  const head = `Usage: tpa ${command.name} `;
  const lines = command.synopsis.map((s, i) => (i === 0 ? head : " ".repeat(head.length)) + s);
  lines.push("");
  lines.push(...wrap(command.summary, INDENT));
  if (command.description) lines.push(...wrap(command.description, INDENT));
  const rows = [
    ...(command.operands ?? []).map((o) => [o.name, o.description] as const),
    ...command.options.map((o) => [optionLabel(o), optionText(o)] as const),
  ];
  // a label wider than the column puts its description on the next line
  const column = Math.min(Math.max(...rows.map(([label]) => label.length)) + 3, MAX_LABEL_COLUMN);
  for (const [label, text] of rows) {
    const [first, ...rest] = wrap(text, INDENT + " ".repeat(column));
    if (label.length + 3 > column) lines.push(`${INDENT}${label}`, first, ...rest);
    else lines.push(`${INDENT}${label.padEnd(column)}${first.trimStart()}`, ...rest);
  }
  for (const note of command.notes ?? []) lines.push(...wrap(note, INDENT));
  lines.push(...wrap(exitsText(command), INDENT));
  return `${lines.join("\n")}\n`;
}

/** The text of `tpa --help`: every command's synopsis, summary and exit codes. */
export function overview(commands: readonly CommandDefinition[]): string {
  const lines = ["Usage: tpa <command> [options]", "", "Commands:"];
  for (const c of commands) {
    const head = `${INDENT}${c.name} `;
    lines.push(...c.synopsis.map((s, i) => (i === 0 ? head : " ".repeat(head.length)) + s));
    lines.push(...wrap(c.summary, "        "), ...wrap(exitsText(c), "        "));
  }
  lines.push("", "`tpa <command> --help` prints a command's options.");
  return `${lines.join("\n")}\n`;
}

/** The README's command reference: per command its usage line, summary, options and exit codes, in markdown. */
export function commandReference(commands: readonly CommandDefinition[]): string {
  const lines: string[] = [];
  for (const c of commands) {
    lines.push(`- **\`tpa ${c.name}\`**: ${c.summary}`);
    const options = c.options.map((o) => `\`${optionLabel(o)}\``);
    const operands = (c.operands ?? []).map((o) => `\`${o.name}\``);
    lines.push(`  ${[...operands, ...options].join(", ")}. ${exitsText(c)}`);
  }
  return lines.join("\n");
}

/** Word-wraps a paragraph at WIDTH, every line indented. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}
