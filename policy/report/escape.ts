/**
 * Text from configuration and from tenants (client names, scopes, audiences, messages that quote them) is
 * data in every report: escaped per format so that it cannot add lines, headings, links, HTML or terminal
 * control sequences. JSON and SARIF need nothing beyond JSON's own escaping.
 */

/** C0 and C1 control characters, DEL, the Unicode line and paragraph separators, and the bidirectional overrides that reorder what is shown. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const visible = (c: string) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : `\\u{${c.codePointAt(0)!.toString(16)}}`);

/**
 * For a terminal: control characters (ESC of ANSI colour and cursor sequences, OSC 8 links and title changes,
 * BEL, backspace, carriage returns and newlines) shown as visible escapes, so that one value stays one line of
 * plain text.
 */
export function terminalText(text: string): string {
  return text.replace(CONTROL, visible);
}

/** Several lines for a terminal: each line as terminalText, the line breaks kept. */
export function terminalLines(text: string): string {
  return text.split("\n").map(terminalText).join("\n");
}

/**
 * For Markdown (a pull-request comment, a table cell): one line, with Markdown and HTML syntax escaped, so that
 * a client named "x\n# Approved\n[click](https://evil)" renders as that literal text.
 */
export function markdownText(text: string): string {
  return text
    .replace(/\r\n?|\n/g, " ")
    .replace(CONTROL, visible)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    // Emphasis, code, links and images, headings, tables, strikethrough; the rest is syntax only at a line's
    // start, which a one-line value in a cell or after a bullet never is.
    .replace(/[\\`*[\]#!|~]/g, (c) => `\\${c}`)
    // an underscore not between two letters or digits can open or close emphasis ("__init__" is bold otherwise)
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, "\\_")
    // @name would notify a GitHub user or team from a pull-request comment; the entity shows the same character
    .replace(/@/g, "&#64;");
}

/** Markdown inline code: no backtick can end the span, and the span stays on one line. */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r\n?|\n/g, " ").replace(CONTROL, visible).replace(/`/g, "'");
  return `\`${flat}\``;
}

/** markdownCode in a table cell: a pipe would end the cell even inside the span, so it is escaped as tables read it. */
export function markdownTableCode(text: string): string {
  return markdownCode(text).replace(/\|/g, "\\|");
}
