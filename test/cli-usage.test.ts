import * as fs from "node:fs";
import * as path from "node:path";
import { COMMANDS } from "../cli/commands";
import { main } from "../cli/tpa";
import { commandUsage, OptionDefinition, optionLabel, overview, parseCommandArgs } from "../cli/usage";
import { captureStream } from "./support/capture";
import { ROOT, spawn } from "./support/cli";

// The command line of every command comes from its definition (cli/commands.ts): what parseArgs accepts, the
// usage text and the overview cannot drift apart.

async function tpa(...argv: string[]) {
  const out = captureStream();
  const err = captureStream();
  const code = await main(argv, out.stream, err.stream);
  return { code, stdout: out.text(), stderr: err.text() };
}

/** An option as given on the command line: a flag alone, else with a value. */
const given = (o: OptionDefinition) => (o.choices ? [`--${o.name}`, o.choices[0]] : o.value === undefined ? [`--${o.name}`] : [`--${o.name}`, "x"]);

// An unknown option after the one under test: parseArgs stops at the first option it does not know, so the
// message names the option under test exactly when the command does not accept it; nothing runs either way.
const PROBE = "--not-an-option-of-any-command";

describe.each(COMMANDS.map((c) => [c.name, c] as const))("tpa %s", (name, command) => {
  test("every option it accepts is in its usage line and its option list", () => {
    const usage = commandUsage(command);
    const synopsis = command.synopsis.join(" ");
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    for (const o of command.options) {
      // as the option list shows it (--format text|json), in brackets or parentheses where optional or one of several
      expect({ option: o.name, inSynopsis: new RegExp(`(^|[\\s[(|])${escape(optionLabel(o).replace(/ \.\.\.$/, ""))}([\\s\\])]|$)`).test(synopsis) }).toEqual({ option: o.name, inSynopsis: true });
      expect(usage).toMatch(new RegExp(`^  ${escape(optionLabel(o))}(\\s|$)`, "m"));
    }
    for (const operand of command.operands ?? []) expect(synopsis).toContain(operand.name);
  });

  test.each(command.options.map((o) => [o.name, o] as const))("accepts --%s", async (_option, o) => {
    const result = await tpa(name, ...given(o), PROBE);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Unknown option '${PROBE}'`);
  });

  test("an option with choices takes those only", async () => {
    for (const o of command.options.filter((option) => option.choices)) {
      for (const choice of o.choices!) expect((await tpa(name, `--${o.name}`, choice, PROBE)).stderr).toContain(`Unknown option '${PROBE}'`);
      const result = await tpa(name, `--${o.name}`, "xml");
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--${o.name} takes ${o.choices!.slice(0, -1).join(", ")} or ${o.choices!.at(-1)}, not "xml"`);
    }
  });

  test("an option that takes one value, given twice, is a usage error (the last one would win quietly); one that takes several, or a flag, is not", async () => {
    for (const o of command.options) {
      const twice = [...given(o), ...given(o)];
      if (!o.multiple && (o.value !== undefined || o.choices)) {
        const result = await tpa(name, ...twice);
        expect({ option: o.name, code: result.code }).toEqual({ option: o.name, code: 2 });
        expect(result.stderr).toContain(`--${o.name} is given more than once`);
      } else {
        expect(parseCommandArgs(command, twice).values[o.name as never]).toBeDefined();
      }
    }
  });

  test("refuses the options of the other commands that it does not define", async () => {
    const own = new Set(command.options.map((o) => o.name));
    const others = [...new Map(COMMANDS.flatMap((c) => c.options).filter((o) => !own.has(o.name)).map((o) => [o.name, o])).values()];
    expect(others.length).toBeGreaterThan(0);
    for (const o of others) {
      const result = await tpa(name, ...given(o), PROBE);
      expect({ option: o.name, code: result.code }).toEqual({ option: o.name, code: 2 });
      expect(result.stderr).toContain(`Unknown option '--${o.name}'`);
      expect(result.stderr).toContain(commandUsage(command));
    }
  });

  test("--help and -h print its usage, exit 0", async () => {
    for (const flag of ["--help", "-h"]) expect(await tpa(name, flag)).toEqual({ code: 0, stdout: commandUsage(command), stderr: "" });
  });

  test("the overview names it with its usage line, summary and exit codes", () => {
    const text = overview(COMMANDS).replace(/\s+/g, " ");
    expect(text).toContain(`${name} ${command.synopsis.join(" ")}`.replace(/\s+/g, " "));
    expect(text).toContain(command.summary);
    for (const e of command.exits) expect(text).toContain(`${e.code}: ${e.meaning}`);
  });
});

test("tpa --version prints the package's version, exit 0", async () => {
  const r = await tpa("--version");
  expect([r.code, r.stdout]).toEqual([0, `${JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version}\n`]);
});

describe("the overview", () => {
  test("`tpa --help` prints it (exit 0), `tpa` alone too (exit 2), an unknown command after its message", async () => {
    expect(await tpa("--help")).toEqual({ code: 0, stdout: overview(COMMANDS), stderr: "" });
    expect(await tpa()).toMatchObject({ code: 2, stdout: overview(COMMANDS) });
    const unknown = await tpa("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`tpa: unknown command "frobnicate"\n\n${overview(COMMANDS)}`);
  });

  test("the built bin/tpa.js prints the same texts", () => {
    expect(spawn(process.execPath, ["bin/tpa.js", "--help"])).toEqual({ code: 0, stdout: overview(COMMANDS), stderr: "" });
    const check = COMMANDS.find((c) => c.name === "check")!;
    expect(spawn(process.execPath, ["bin/tpa.js", "check", "--help"])).toEqual({ code: 0, stdout: commandUsage(check), stderr: "" });
  });

  test("every command main() runs has a definition, and no command parses its arguments past it", () => {
    const cli = path.join(ROOT, "cli");
    for (const file of fs.readdirSync(cli).filter((f) => f.endsWith(".ts") && f !== "usage.ts")) {
      // parseArgs is called in cli/usage.ts only, with the options derived from a definition
      expect({ file, parseArgs: /\bparseArgs\s*\(/.test(fs.readFileSync(path.join(cli, file), "utf8")) }).toEqual({ file, parseArgs: false });
    }
    const dispatched = [...fs.readFileSync(path.join(cli, "tpa.ts"), "utf8").matchAll(/command === "([a-z]+)"|case "([a-z]+)":/g)]
      .map((m) => m[1] ?? m[2])
      .filter((c) => c !== "help");
    expect([...new Set(dispatched)].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });
});
