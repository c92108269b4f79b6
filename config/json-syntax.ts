/**
 * Where a text stops being JSON, and why, in words and with its line and column. JSON.parse's own message quotes
 * the text around the mistake, which may be a secret (a client_secret written unquoted); this quotes nothing.
 */
export interface JsonSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

type Expect = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "after";

/** The first syntax error of a text that JSON.parse refused; undefined when it is valid JSON after all. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const open: string[] = [];
  let expect: Expect = "value";
  const fail = (reason: string): JsonSyntaxError => ({ ...positionOf(text, i), reason });
  /** a string from its opening quote: the index after it, or a failure */
  const string = (): JsonSyntaxError | undefined => {
    for (i++; i < text.length; ) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c === 0x5c) {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.test(text)) return fail("an invalid escape sequence in a string");
        i = ESCAPE.lastIndex;
      } else if (c < 0x20) return fail(c === 0x0a ? "a string is not closed on its line" : "a control character in a string");
      else i++;
    }
    return fail("a string is not closed");
  };
  for (;;) {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
    if (i >= text.length) return expect === "after" && open.length === 0 ? undefined : fail("the text ends before the JSON does");
    const c = text[i];
    if ((expect === "key-or-close" && c === "}") || (expect === "value-or-close" && c === "]")) {
      open.pop();
      i++;
      expect = "after";
      continue;
    }
    if (expect === "key" || expect === "key-or-close") {
      if (c !== '"') return fail("a property name in double quotes is expected here");
      const bad = string();
      if (bad) return bad;
      expect = "colon";
    } else if (expect === "colon") {
      if (c !== ":") return fail("':' is expected after a property name");
      i++;
      expect = "value";
    } else if (expect === "value" || expect === "value-or-close") {
      if (c === "{" || c === "[") {
        open.push(c);
        i++;
        expect = c === "{" ? "key-or-close" : "value-or-close";
        continue;
      }
      if (c === '"') {
        const bad = string();
        if (bad) return bad;
      } else {
        const scalar = [NUMBER, LITERAL].find((re) => ((re.lastIndex = i), re.test(text)));
        if (!scalar) return fail("a value is expected here: a string in double quotes, a number, true, false, null, an object or a list");
        i = scalar.lastIndex;
      }
      expect = "after";
    } else {
      const top = open[open.length - 1];
      if (!top) return fail("more text after the JSON value");
      if (c === ",") {
        i++;
        expect = top === "{" ? "key" : "value";
      } else if ((c === "}" && top === "{") || (c === "]" && top === "[")) {
        open.pop();
        i++;
      } else return fail(top === "{" ? "',' or '}' is expected here" : "',' or ']' is expected here");
    }
  }
}

/** The 1-based line and column of an offset in a text. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let n = text.indexOf("\n"); n !== -1 && n < offset; n = text.indexOf("\n", n + 1)) {
    line++;
    start = n + 1;
  }
  return { line, column: offset - start + 1 };
}

/** "FILE:LINE:COLUMN: not valid JSON: why", for a text JSON.parse refused. */
export function jsonErrorText(file: string, text: string): string {
  const error = jsonSyntaxError(text);
  return error ? `${file}:${error.line}:${error.column}: not valid JSON: ${error.reason}` : `${file}: not valid JSON`;
}
