/**
 * Numbers as Terraform reads them, where tree-sitter's HCL grammar differs. Terraform reads an exponent without a
 * fraction (`1e5`, `1E+5`, `1.e5`); the grammar reads an exponent only after fraction digits (`1.0e5`), and reads a
 * hexadecimal number (`0x10`) that Terraform refuses ("Missing newline after argument").
 */
import type { SyntaxNode } from "./hcl-syntax";

/** A decimal number with an exponent and no fraction digits, where a number starts (not inside a name or a longer number). */
const EXPONENT_WITHOUT_FRACTION = /(\d+)\.?([eE][-+]?\d+)(?![\w.])/y;

/**
 * The text with each number Terraform reads but the grammar does not written with a fraction (`1e5` as `1.0e5`, the
 * same value), in expressions only: strings, heredocs and comments are left as they are. Lines stay as they are;
 * columns after such a number move right on its line.
 */
export function withGrammarNumbers(text: string): string {
  if (!/\d\.?[eE][-+]?\d/.test(text)) return text; // most files: no exponent at all
  let out = "";
  let copied = 0;
  for (const at of numberStarts(text)) {
    EXPONENT_WITHOUT_FRACTION.lastIndex = at;
    const m = EXPONENT_WITHOUT_FRACTION.exec(text);
    if (!m) continue;
    out += `${text.slice(copied, at)}${m[1]}.0${m[2]}`;
    copied = at + m[0].length;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** What an open brace of an expression returns to when it closes: an interpolation, to its string or heredoc. */
type Opened = { readonly in: "expression" } | { readonly in: "string" } | { readonly in: "heredoc"; readonly closer: RegExp };

/**
 * Where a number may start in expressions, found by HCL's lexical rules: a digit that does not continue a name or
 * follow a dot, outside comments (#, //, block comments), quoted strings and heredocs, and inside their interpolations.
 */
function numberStarts(text: string): number[] {
  const starts: number[] = [];
  const braces: Opened[] = [];
  let i = 0;
  /** Reads a quoted string from i; true when it stops at an interpolation (i after its `${` or `%{`). */
  const inString = (): boolean => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === "\\") i++;
      else if (c === '"' || c === "\n") return false;
      else if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") i += 2;
      else if ((c === "$" || c === "%") && text[i + 1] === "{") {
        braces.push({ in: "string" });
        i += 2;
        return true;
      }
    }
    return false;
  };
  /**
   * Reads a heredoc from i (a line's start, or mid-line after an interpolation) up to its closing line; true when it
   * stops at an interpolation. Only a whole line closes it.
   */
  const inHeredoc = (closer: RegExp, midLine: boolean): boolean => {
    let lineStart = !midLine;
    while (i < text.length) {
      const end = lineEnd(text, i);
      if (lineStart && closer.test(text.slice(i, end))) {
        i = end;
        return false;
      }
      for (let j = i; j < end; j++) {
        const c = text[j];
        if ((c === "$" || c === "%") && text[j + 1] === c && text[j + 2] === "{") j += 2;
        else if ((c === "$" || c === "%") && text[j + 1] === "{") {
          braces.push({ in: "heredoc", closer });
          i = j + 2;
          return true;
        }
      }
      i = end + 1;
      lineStart = true;
    }
    return false;
  };
  /** Reads expressions from i; returns when an interpolation opens (its expression is read next) or at the end. */
  const inExpression = (): void => {
    // inside a name (x1, é1, a-1: HCL names start with a letter or _ and may hold digits and dashes): a digit there is no number
    let inName = false;
    for (; i < text.length; i++) {
      const c = text[i];
      const next = text[i + 1];
      inName = inName ? NAME_CHARACTER.test(c) : NAME_START.test(c);
      if (inName) continue;
      if (c === "#" || (c === "/" && next === "/")) {
        i = lineEnd(text, i) - 1;
      } else if (c === "/" && next === "*") {
        const close = text.indexOf("*/", i + 2);
        i = close < 0 ? text.length : close + 1;
      } else if (c === '"') {
        i++;
        if (inString()) return;
      } else if (c === "<" && next === "<") {
        const m = /^<<-?([A-Za-z_][\w-]*)\r?\n/.exec(text.slice(i, i + 200));
        if (m) {
          i += m[0].length;
          if (inHeredoc(new RegExp(String.raw`^[ \t]*${m[1]}[ \t]*\r?$`), false)) return;
        }
      } else if (c === "{") {
        braces.push({ in: "expression" });
      } else if (c === "}") {
        const back = braces.pop();
        if (back?.in === "string") {
          i++;
          if (inString()) return;
        } else if (back?.in === "heredoc") {
          i++;
          if (inHeredoc(back.closer, true)) return;
        }
      } else if (c >= "0" && c <= "9" && text[i - 1] !== ".") {
        starts.push(i);
        while (/[\w.+-]/.test(text[i + 1] ?? "") && !(/[+-]/.test(text[i + 1]) && !/[eE]/.test(text[i]))) i++;
      }
    }
  };
  while (i < text.length) inExpression();
  return starts;
}

/** HCL's names: a letter or _ first, then letters, digits, _ and dashes */
const NAME_START = /[\p{ID_Start}_]/u;
const NAME_CHARACTER = /[\p{ID_Continue}-]/u;

function lineEnd(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end < 0 ? text.length : end;
}

/** The first hexadecimal number of a tree (a numeric literal Terraform refuses), if any. */
export function hexadecimalNumber(root: SyntaxNode, text: string): SyntaxNode | undefined {
  if (!/0[xX]/.test(text)) return undefined; // most files: no need to list their numbers
  return root.descendantsOfType("numeric_lit").find((node): node is SyntaxNode => node !== null && /^0[xX]/.test(node.text));
}
