/**
 * Merges an environment file over base.yaml (DESIGN.md §5): mappings merge key by key, lists of records merge
 * by their key (`id`, or for grants the API and subject type, for suppressions the rule and target), any other
 * list and every scalar is replaced. Alongside the value it records, for every path of the result, which file
 * and which path inside that file it came from, so that errors about the merged result can name a line.
 */

export type Path = (string | number)[];

export interface Origin {
  /** index into the list of merged sources */
  readonly source: number;
  /** the path inside that source's document */
  readonly path: Path;
}

export interface Merged {
  readonly value: unknown;
  /** provenance by the merged path, joined with "/" */
  readonly origins: Map<string, Origin>;
}

export const pathKey = (path: Path): string => path.join("/");

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** The key a list element merges by, or undefined when the list is not a list of keyed records. */
export function recordKey(item: unknown): string | undefined {
  if (!isRecord(item)) return undefined;
  if (typeof item.id === "string") return `id:${item.id}`;
  if (typeof item.api === "string" && typeof item.subjectType === "string") return `grant:${item.api}:${item.subjectType}`;
  if (typeof item.rule === "string" && typeof item.target === "string") return `suppression:${item.rule}:${item.target}`;
  return undefined;
}

function isKeyedList(list: unknown[]): boolean {
  return list.length > 0 && list.every((item) => recordKey(item) !== undefined);
}

/** Records every path of `value` (taken whole from one source) as coming from that source. */
function claim(value: unknown, at: Path, origin: Origin, origins: Map<string, Origin>): void {
  origins.set(pathKey(at), origin);
  if (Array.isArray(value)) {
    value.forEach((v, i) => claim(v, [...at, i], { source: origin.source, path: [...origin.path, i] }, origins));
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      claim(v, [...at, k], { source: origin.source, path: [...origin.path, k] }, origins);
    }
  }
}

interface Layer {
  readonly value: unknown;
  readonly origin: Origin;
}

function mergeAt(base: Layer | undefined, over: Layer, at: Path, origins: Map<string, Origin>): unknown {
  if (base === undefined) {
    claim(over.value, at, over.origin, origins);
    return over.value;
  }
  if (isRecord(base.value) && isRecord(over.value)) {
    origins.set(pathKey(at), over.origin);
    const out: Record<string, unknown> = {};
    const keys = new Set([...Object.keys(base.value), ...Object.keys(over.value)]);
    for (const k of keys) {
      // Own keys only, and defined as own properties: a key named __proto__ or constructor stays data.
      const b = Object.hasOwn(base.value, k) ? layerAt(base, k) : undefined;
      const o = Object.hasOwn(over.value, k) ? layerAt(over, k) : undefined;
      const value = o ? mergeAt(b, o, [...at, k], origins) : mergeAt(undefined, b!, [...at, k], origins);
      if (k === "__proto__") Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
      else out[k] = value;
    }
    return out;
  }
  if (Array.isArray(base.value) && Array.isArray(over.value) && isKeyedList(base.value) && isKeyedList(over.value)) {
    origins.set(pathKey(at), over.origin);
    const out: unknown[] = [];
    const overByKey = new Map(over.value.map((item, i) => [recordKey(item)!, i]));
    const used = new Set<number>();
    base.value.forEach((item, i) => {
      const j = overByKey.get(recordKey(item)!);
      const b = layerAt(base, i);
      if (j === undefined) {
        out.push(mergeAt(undefined, b, [...at, out.length], origins));
      } else {
        used.add(j);
        out.push(mergeAt(b, layerAt(over, j), [...at, out.length], origins));
      }
    });
    over.value.forEach((_, j) => {
      if (!used.has(j)) out.push(mergeAt(undefined, layerAt(over, j), [...at, out.length], origins));
    });
    return out;
  }
  claim(over.value, at, over.origin, origins);
  return over.value;
}

function layerAt(layer: Layer, key: string | number): Layer {
  const value = (layer.value as Record<string | number, unknown>)[key];
  return { value, origin: { source: layer.origin.source, path: [...layer.origin.path, key] } };
}

/** Merges the documents in order, each over the ones before it. */
export function mergeDocuments(documents: readonly unknown[]): Merged {
  const origins = new Map<string, Origin>();
  let acc: Layer | undefined;
  documents.forEach((value, source) => {
    const layer: Layer = { value, origin: { source, path: [] } };
    const merged = mergeAt(acc, layer, [], origins);
    acc = { value: merged, origin: layer.origin };
  });
  return { value: acc?.value ?? {}, origins };
}

/** The origin of the nearest ancestor of `path` (itself included) that has one. */
export function originOf(merged: Merged, path: Path): { origin: Origin; exact: boolean; depth: number } | undefined {
  for (let n = path.length; n >= 0; n--) {
    const found = merged.origins.get(pathKey(path.slice(0, n)));
    if (found) return { origin: found, exact: n === path.length, depth: n };
  }
  return undefined;
}
