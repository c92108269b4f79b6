import * as fs from "node:fs";

/** A fenced code block of a Markdown file. */
export interface CodeBlock {
  /** the line of the opening fence (1-based) */
  readonly line: number;
  /** the fence's language: sh, yaml, ts, or "" */
  readonly lang: string;
  readonly text: string;
  /** what the `<!-- readme-test: ... -->` comment right above the block says, if there is one */
  readonly marker?: string;
}

const MARKER = /^<!--\s*readme-test:\s*(.*?)\s*-->$/;

/** Every fenced block of a Markdown file, with the readme-test marker above it. */
export function codeBlocks(file: string): CodeBlock[] {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`${file}:${i + 1}: code block without a closing fence`);
    let above = i - 1;
    while (above >= 0 && lines[above].trim() === "") above--;
    const marker = above >= 0 ? MARKER.exec(lines[above].trim())?.[1] : undefined;
    blocks.push({ line: i + 1, lang: open[1], text: lines.slice(i + 1, end).join("\n") + "\n", marker });
    i = end;
  }
  return blocks;
}

/** A shell block's commands: each with its line in the block and the exit code its comment announces. */
export interface ShellCommand {
  readonly line: number;
  readonly command: string;
  /** `# ... (exit 1 ...)` in the command's comment announces exit 1; otherwise 0 */
  readonly expectedExit: number;
}

export function shellCommands(text: string): ShellCommand[] {
  const out: ShellCommand[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let command = lines[i];
    const first = i;
    while (command.endsWith("\\") && i + 1 < lines.length) command = `${command.slice(0, -1)} ${lines[++i]}`;
    if (command.trim() === "" || command.trim().startsWith("#")) continue;
    const comment = /\s#\s(.*)$/.exec(command)?.[1] ?? "";
    const exit = /\bexit (\d+)\b/.exec(comment);
    out.push({ line: first + 1, command, expectedExit: exit ? Number(exit[1]) : 0 });
  }
  return out;
}
