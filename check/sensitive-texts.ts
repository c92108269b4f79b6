/**
 * The texts a sensitive value holds, at any depth: strings, numbers as text and map keys (every part of a
 * sensitive value is secret). Values tpa check stands in for what it does not know (an unknown, a resource) are no
 * plain objects and hold none. A walk with a stack: plans and decoded files nest deep.
 */
export function textsOf(value: unknown): string[] {
  const out: string[] = [];
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === "string") out.push(v);
    else if (typeof v === "number") out.push(String(v));
    else if (Array.isArray(v)) for (const x of v) pending.push(x);
    else if (v !== null && typeof v === "object" && isPlainObject(v)) {
      for (const k of Object.keys(v)) {
        out.push(k);
        pending.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return out;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
