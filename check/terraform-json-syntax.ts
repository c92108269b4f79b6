/**
 * Terraform's JSON configuration syntax (.tf.json) as native syntax, so that one reader evaluates both: each
 * block becomes its native block, each string its template (JSON strings are templates in Terraform's JSON
 * syntax), each "//" comment property a comment line (so `"//": "tpa:ignore ..."` suppresses as `# tpa:ignore`
 * does). Every line of the native text records the line of the JSON it comes from, so findings name the
 * .tf.json file's own lines.
 *
 * Without the provider's schema a nested object cannot be told from a nested block; it becomes an object
 * argument, which the rules read like a block. Only blocks of Terraform's own language (dynamic, content) are
 * written as blocks; lifecycle, provisioner and connection are left out, as the rules do not read them.
 */
import { CheckInputError } from "./errors";

/** A JSON value with the line of each of its parts. */
type Json =
  | { readonly kind: "object"; readonly line: number; readonly entries: readonly { key: string; line: number; value: Json }[] }
  | { readonly kind: "array"; readonly line: number; readonly items: readonly Json[] }
  | { readonly kind: "scalar"; readonly line: number; readonly value: string | number | boolean | null };

export interface NativeText {
  readonly text: string;
  /** the JSON file's line of each line of the text (index 0: line 1) */
  readonly lines: readonly number[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** An address such as auth0_client.legacy or module.apps["a"].auth0_client.this[0] */
const ADDRESS = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*|\[("[^"\\\n]*"|\d+)\])*$/;
/** Far deeper than configurations nest; the translation recurses once per level. */
const MAX_JSON_DEPTH = 100;
/** The tokens of a type constraint: names, numbers, plain strings (optional()'s defaults), brackets, `,` `=` `:`. */
const TYPE_TOKEN = /\s+|[A-Za-z_][A-Za-z0-9_-]*|-?\d+(\.\d+)?|"[^"\\$%\n\r]*"|[(){}[\],=:]/y;
const CLOSING: Record<string, string> = { ")": "(", "}": "{", "]": "[" };

/**
 * Is the text a type constraint such as `map(object({ mode = optional(string, "strict") }))`, on one line with
 * balanced brackets? Nothing else is written into the native text (it could close the block or open another).
 */
function isTypeExpression(text: string): boolean {
  if (text === "" || /[\r\n\u2028\u2029]/.test(text)) return false;
  const open: string[] = [];
  TYPE_TOKEN.lastIndex = 0;
  while (TYPE_TOKEN.lastIndex < text.length) {
    const token = TYPE_TOKEN.exec(text)?.[0];
    if (token === undefined) return false;
    if (token === "(" || token === "{" || token === "[") open.push(token);
    else if (CLOSING[token] && open.pop() !== CLOSING[token]) return false;
  }
  return open.length === 0;
}

/** The native text of a .tf.json file; bad JSON is CheckInputError with the file and line. */
export function nativeFromJson(text: string, file: string): NativeText {
  const root = parseJson(text.replace(/^\uFEFF/, ""), file);
  if (root.kind !== "object") throw new CheckInputError(`${file}:${root.line}: a .tf.json file holds one JSON object (resource, variable, locals, ...)`);
  const out = new Writer();
  for (const { key, line, value } of root.entries) {
    if (key === "//") out.comment(value, line);
    else if (key === "resource" || key === "data") labelled(out, key, value, 2);
    else if (key === "module" || key === "provider" || key === "variable" || key === "output") labelled(out, key, value, 1);
    else if (key === "locals") forEachObject(value, (body) => block(out, "locals", [], body, line, "locals"));
    else if (key === "import") forEachObject(value, (body) => block(out, "import", [], body, body.line, "import"));
    // terraform, moved, check, removed: nothing the policy reads
  }
  return out.result();
}

/** `resource: {TYPE: {NAME: {...}}}` (each level an object, or an array of them) as labelled blocks. */
function labelled(out: Writer, type: string, value: Json, depth: number, labels: string[] = []): void {
  forEachObject(value, (object) => {
    for (const { key, line, value: inner } of object.entries) {
      if (key === "//") out.comment(inner, line);
      else if (depth > 1) labelled(out, type, inner, depth - 1, [...labels, key]);
      else forEachObject(inner, (body) => block(out, type, [...labels, key], body, line, type));
    }
  });
}

function forEachObject(value: Json, fn: (object: Extract<Json, { kind: "object" }>) => void): void {
  if (value.kind === "object") fn(value);
  else if (value.kind === "array") for (const item of value.items) if (item.kind === "object") fn(item);
}

/** A block and its body: arguments, comments, and the language's own nested blocks. */
function block(out: Writer, type: string, labels: readonly string[], body: Extract<Json, { kind: "object" }>, line: number, context: string): void {
  out.line(`${type}${labels.map((l) => ` ${quoted(l)}`).join("")} {`, line);
  for (const { key, line: at, value } of body.entries) {
    if (key === "//") out.comment(value, at);
    else if (context !== "locals" && (key === "lifecycle" || key === "provisioner" || key === "connection")) continue;
    else if (context !== "locals" && key === "dynamic") labelled(out, "dynamic", value, 1);
    else if (context === "dynamic" && key === "content") forEachObject(value, (content) => block(out, "content", [], content, at, "content"));
    else if (context === "dynamic" && key === "iterator") {
      if (value.kind === "scalar" && typeof value.value === "string" && IDENTIFIER.test(value.value)) out.line(`iterator = ${value.value}`, at);
    } else if (context === "variable" && key === "type") {
      // a type constraint is an expression: written out when it is one on a line, else read as any
      const t = value.kind === "scalar" && typeof value.value === "string" ? value.value.trim() : "";
      out.line(`type = ${isTypeExpression(t) ? t : "any"}`, at);
    } else if (context === "variable" && key === "default") out.line(`default = ${expression(value, false)}`, at);
    else if (context === "import" && key === "to") {
      if (value.kind === "scalar" && typeof value.value === "string" && ADDRESS.test(value.value)) out.line(`to = ${value.value}`, at);
    } else if (IDENTIFIER.test(key)) out.line(`${key} = ${expression(value, context !== "variable")}`, at);
  }
  out.line("}", line);
}

/** A JSON value as a native expression: strings as templates (or, where Terraform takes literals, escaped). */
function expression(value: Json, templates: boolean): string {
  switch (value.kind) {
    case "scalar":
      return typeof value.value === "string" ? quoted(value.value, templates) : String(value.value);
    case "array":
      return `[${value.items.map((i) => expression(i, templates)).join(", ")}]`;
    case "object":
      return `{ ${value.entries
        .filter((e) => e.key !== "//")
        .map((e) => `${quoted(e.key, templates)} = ${expression(e.value, templates)}`)
        .join(", ")} }`;
  }
}

/**
 * A native quoted string: as a template (the ${...} and %{...} sequences copied as they are, since their
 * expressions have their own quotes), or as a literal (every sequence escaped as $${ and %%{).
 */
function quoted(text: string, template = false): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const opens = (c === "$" || c === "%") && text[i + 1] === "{";
    if (opens && template && text[i - 1] !== c) {
      const end = sequenceEnd(text, i + 2);
      if (end !== undefined) {
        out += text.slice(i, end + 1);
        i = end;
        continue;
      }
    }
    if (opens && !template) out += c; // $${ and %%{: the literal text ${ and %{
    out += escaped(c);
  }
  return `"${out}"`;
}

/** The index of the } that closes a template sequence opened before `from`, skipping nested braces and strings. */
function sequenceEnd(text: string, from: number): number | undefined {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return undefined;
}

function escaped(c: string): string {
  const named: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };
  if (named[c]) return named[c];
  return /[\u0000-\u001f\u007f\u2028\u2029]/.test(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}` : c;
}

class Writer {
  private readonly text: string[] = [];
  private readonly origin: number[] = [];

  line(text: string, from: number): void {
    this.text.push(text);
    this.origin.push(from);
  }

  comment(value: Json, from: number): void {
    const texts = value.kind === "array" ? value.items : [value];
    for (const t of texts) if (t.kind === "scalar" && typeof t.value === "string") this.line(`# ${t.value.replace(/[\r\n\u2028\u2029]+/g, " ")}`, t.line || from);
  }

  result(): NativeText {
    return { text: `${this.text.join("\n")}\n`, lines: this.origin };
  }
}

/** JSON.parse with the line of every value and key (JSON.parse itself says only "at position N"). */
function parseJson(text: string, file: string): Json {
  let i = 0;
  let line = 1;
  const fail = (what: string): never => {
    throw new CheckInputError(`${file}:${line}: not valid JSON (${what}): fix the syntax (terraform validate shows the same)`);
  };
  const space = () => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === "\n") line++;
      else if (c !== " " && c !== "\t" && c !== "\r") break;
    }
  };
  const string = (): string => {
    const start = i;
    for (i++; i < text.length && text[i] !== '"'; i++) {
      if (text[i] === "\\") i++;
      else if (text[i] === "\n" || text[i] < " ") fail("a control character in a string");
    }
    if (i >= text.length) fail("a string that does not end");
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail("a bad escape in a string");
    }
  };
  // iterative, with an explicit stack: no nesting exhausts the call stack
  type Frame = { json: { kind: "object"; line: number; entries: { key: string; line: number; value: Json }[] } | { kind: "array"; line: number; items: Json[] }; key?: { key: string; line: number } };
  const stack: Frame[] = [];
  let done: Json | undefined;
  const attach = (value: Json) => {
    const top = stack[stack.length - 1];
    if (!top) done = value;
    else if (top.json.kind === "array") top.json.items.push(value);
    else {
      top.json.entries.push({ ...top.key!, value });
      top.key = undefined;
    }
  };
  for (;;) {
    space();
    const top = stack[stack.length - 1];
    if (top?.json.kind === "object" && !top.key) {
      if (text[i] === "}") {
        i++;
        stack.pop();
        attach(top.json);
      } else {
        if (top.json.entries.length > 0) (text[i] === "," ? i++ : fail("a missing comma"), space());
        if (text[i] !== '"') fail("a property name that is not a string");
        const keyLine = line;
        const key = string();
        space();
        if (text[i] !== ":") fail("a missing colon");
        i++;
        top.key = { key, line: keyLine };
        continue;
      }
    } else if (top?.json.kind === "array" && text[i] === "]") {
      i++;
      stack.pop();
      attach(top.json);
    } else {
      if (top?.json.kind === "array" && top.json.items.length > 0) (text[i] === "," ? i++ : fail("a missing comma"), space());
      const at = line;
      const c = text[i];
      if ((c === "{" || c === "[") && stack.length >= MAX_JSON_DEPTH) fail(`nested deeper than tpa check reads (${MAX_JSON_DEPTH} levels)`);
      if (c === "{") {
        i++;
        stack.push({ json: { kind: "object", line: at, entries: [] } });
        continue;
      }
      if (c === "[") {
        i++;
        stack.push({ json: { kind: "array", line: at, items: [] } });
        continue;
      }
      if (c === '"') attach({ kind: "scalar", line: at, value: string() });
      else {
        const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
        if (!m) fail(i >= text.length ? "it ends too early" : "an unexpected character");
        i += m![0].length;
        attach({ kind: "scalar", line: at, value: JSON.parse(m![0]) as number | boolean | null });
      }
    }
    if (done !== undefined && stack.length === 0) {
      space();
      if (i < text.length) fail("more after the value");
      return done;
    }
  }
}
