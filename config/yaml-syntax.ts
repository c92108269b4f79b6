/**
 * Where a YAML text's quoted string opens and is never closed. YAML parsers report such a string where the text
 * ends (or as a bad indentation further down), since the rest of the file is read into it; its opening quote is
 * the place to fix.
 */
export interface UnclosedQuote {
  /** the offset of the opening quote */
  readonly offset: number;
  readonly quote: '"' | "'";
}

/** The first quoted string of the text that is never closed, if any (for a text a YAML parser refused). */
export function unclosedQuote(text: string): UnclosedQuote | undefined {
  // loaded only on this error path: commands that read no YAML do not pay for the parser's modules
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Parser } = require("yaml") as typeof import("yaml");
  // the parser's tokens, walked with a stack: a hostile file's nesting cannot overflow the call stack
  const pending: unknown[] = [];
  for (const token of new Parser().parse(text)) pending.push(token);
  let first: UnclosedQuote | undefined;
  while (pending.length > 0) {
    const token = pending.pop();
    if (Array.isArray(token)) {
      for (const t of token) pending.push(t);
      continue;
    }
    if (token === null || typeof token !== "object") continue;
    const t = token as { type?: unknown; offset?: unknown; source?: unknown };
    if ((t.type === "double-quoted-scalar" || t.type === "single-quoted-scalar") && typeof t.source === "string" && typeof t.offset === "number") {
      if (!isClosed(t.source) && (first === undefined || t.offset < first.offset)) first = { offset: t.offset, quote: t.source[0] as UnclosedQuote["quote"] };
      continue;
    }
    for (const value of Object.values(token)) if (value !== null && typeof value === "object") pending.push(value);
  }
  return first;
}

/** Does a quoted scalar's source end with its closing quote? (`\"` escapes in double quotes, `''` in single ones) */
function isClosed(source: string): boolean {
  const quote = source[0];
  for (let i = 1; i < source.length; i++) {
    const c = source[i];
    if (quote === '"' && c === "\\") i++;
    else if (c === quote) {
      if (quote === "'" && source[i + 1] === "'") i++;
      else return true;
    }
  }
  return false;
}

/** What to say of an unclosed quote. */
export function unclosedQuoteMessage(q: UnclosedQuote): string {
  return `a quoted string starts here and is never closed: add its closing ${q.quote}`;
}

/** An alias whose anchor is not set before it (YAML reads anchors in order): where it is, and its name. */
export class UnresolvedAlias extends Error {
  constructor(
    readonly offset: number,
    readonly alias: string,
  ) {
    super(`unidentified alias "${alias}" (no anchor &${alias} before it)`);
    this.name = "UnresolvedAlias";
  }
}

/**
 * A parsed YAML document's value, its aliases expanded however many (what they expand to is bounded by the caller).
 * The yaml package reports an alias without its anchor only here, as a ReferenceError without a place: it becomes an
 * UnresolvedAlias at the alias.
 */
export function documentValue(doc: import("yaml").Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: -1 });
  } catch (e) {
    const name = e instanceof ReferenceError ? /^Unresolved alias[^:]*: (.*)$/.exec(e.message)?.[1] : undefined;
    if (name === undefined) throw e;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { visit } = require("yaml") as typeof import("yaml");
    let offset = 0;
    visit(doc, {
      Alias: (_, node) => {
        if (node.source !== name) return undefined;
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    throw new UnresolvedAlias(offset, name);
  }
}
