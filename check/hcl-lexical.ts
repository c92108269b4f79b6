/**
 * Where a .tf file that does not parse goes wrong lexically, as Terraform's scanner says it: a quoted string not
 * closed on its line, or a brace never closed. tree-sitter's error recovery often reports such a file at a later
 * line (the next block) or at its end; Terraform names the line the string or the block opens on.
 */

export interface LexicalProblem {
  /** 1-based */
  readonly line: number;
  readonly problem: string;
}

/** What a brace closes back to, and the line it opened on: a block or object, or an interpolation inside a quoted string. */
interface Opened {
  readonly in: "expression" | "string";
  readonly line: number;
}

const HEREDOC_START = /<<(-?)([A-Za-z_][\w-]*)[ \t]*\r?\n/y;

export function lexicalProblem(text: string): LexicalProblem | undefined {
  const opened: Opened[] = [];
  let line = 1;
  let i = 0;
  const newline = () => {
    line++;
  };
  /** Reads a quoted string from i (after its quote); a problem when a line ends first; else where it stops. */
  const inString = (startLine: number): LexicalProblem | "closed" | "interpolation" => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === "\\") i++;
      else if (c === '"') {
        i++;
        return "closed";
      } else if (c === "\n") return { line: startLine, problem: UNCLOSED_STRING };
      else if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") i += 2;
      else if ((c === "$" || c === "%") && text[i + 1] === "{") {
        opened.push({ in: "string", line: startLine });
        i += 2;
        return "interpolation";
      }
    }
    return { line: startLine, problem: UNCLOSED_STRING };
  };
  /** Skips a heredoc's lines from i (a line's start) to its closing line; false when the file ends first. */
  const inHeredoc = (closer: RegExp): boolean => {
    while (i < text.length) {
      const end = text.indexOf("\n", i);
      const row = text.slice(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end + 1;
      if (end >= 0) newline();
      if (closer.test(row)) return true;
    }
    return false;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "\n") {
      newline();
      i++;
    } else if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) return { line, problem: "a comment /* opened here is never closed (Terraform: Unterminated comment): close it with */" };
      for (let j = i; j < end; j++) if (text[j] === "\n") newline();
      i = end + 2;
    } else if (c === '"') {
      i++;
      const start = line;
      const outcome = inString(start);
      if (typeof outcome === "object") return outcome;
    } else if (c === "<" && text[i + 1] === "<") {
      HEREDOC_START.lastIndex = i;
      const m = HEREDOC_START.exec(text);
      if (!m) {
        i += 2;
        continue;
      }
      const start = line;
      i = HEREDOC_START.lastIndex;
      newline();
      const closer = new RegExp(m[1] ? `^\\s*${m[2]}\\s*$` : `^${m[2]}\\s*$`);
      if (!inHeredoc(closer)) return { line: start, problem: `the heredoc <<${m[1]}${m[2]} opened here is never closed (Terraform: Unterminated template string): end it with a line ${m[2]}` };
    } else if (c === "{") {
      opened.push({ in: "expression", line });
      i++;
    } else if (c === "}") {
      const top = opened.pop();
      i++;
      if (top?.in === "string") {
        const outcome = inString(top.line);
        if (typeof outcome === "object") return outcome;
      }
    } else i++;
  }
  const outer = opened[0];
  if (!outer) return undefined;
  return outer.in === "expression" ? { line: outer.line, problem: "the { opened on this line is never closed (Terraform: Unclosed configuration block): add its }" } : { line: outer.line, problem: UNCLOSED_STRING };
}

const UNCLOSED_STRING = "a quoted string opened on this line is not closed on it (Terraform: Unterminated template string): close the quote";
