/**
 * Terraform's built-in functions that configurations use to shape static values (collections, strings), for
 * tpa check. A function not listed, or called with arguments it cannot use, gives undefined: the caller keeps
 * the call as an unknown value, so the rules warn instead of passing.
 */
import { parse as parseYaml, type Tags } from "yaml";
import { distinct, hasUnknown, Invalid, isMap, NUMBER_TEXT, ResourceInstance, sameValue, setOwn, Unknown, type Value } from "./hcl-values";

type Plain = Exclude<Value, Unknown | ResourceInstance>;
const isText = (v: Value): v is string | number | boolean => typeof v === "string" || typeof v === "number" || typeof v === "boolean";
/** Terraform's automatic conversion of a primitive to a string */
const text = (v: Value): string | undefined => (isText(v) ? String(v) : undefined);

/** A call Terraform refuses with these (known) arguments: an error try() catches. */
const refused = (name: string): Invalid => new Invalid(`${name}(...)`);

/**
 * YAML as Terraform's yamldecode reads it (go-yaml's YAML 1.1 scalars): yes, no, on, off, y and n are booleans, 0x10
 * and 010 numbers. Timestamps stay text (Terraform has no date type).
 */
const TERRAFORM_YAML = {
  prettyErrors: false,
  // what the parser would warn of (a key that is a list) goes to no one's terminal
  logLevel: "error",
  version: "1.1",
  customTags: (tags: Tags) => tags.filter((t) => typeof t === "string" || t.tag !== "tag:yaml.org,2002:timestamp"),
} as const;

const FUNCTIONS: Record<string, (args: Value[]) => Value | undefined> = {
  tolist: ([l]) => (Array.isArray(l) ? l : isMap(l) || typeof l === "string" || typeof l === "number" || typeof l === "boolean" ? refused("tolist") : undefined),
  toset: ([l]) => (Array.isArray(l) ? distinct(l) : undefined),
  tomap: ([m]) => (isMap(m) ? m : Array.isArray(m) || isText(m) ? refused("tomap") : undefined),
  tostring: ([v]) => (v === null ? null : isText(v) ? text(v) : refused("tostring")),
  concat: (args) => (args.every(Array.isArray) ? (args as Value[][]).flat() : undefined),
  merge: (args) => (args.every((a) => a === null || isMap(a)) ? Object.fromEntries(args.flatMap((a) => (a === null ? [] : Object.entries(a)))) : undefined),
  lower: ([s]) => text(s)?.toLowerCase(),
  upper: ([s]) => text(s)?.toUpperCase(),
  trimspace: ([s]) => text(s)?.trim(),
  join: ([sep, l]) => (typeof sep === "string" && Array.isArray(l) && l.every(isText) ? l.map(String).join(sep) : undefined),
  split: ([sep, s]) => (typeof sep === "string" && sep !== "" && typeof s === "string" ? s.split(sep) : undefined),
  replace: ([s, find, by]) =>
    // a /regex/ search is left unknown: Go's regular expressions are not JavaScript's
    typeof s === "string" && typeof find === "string" && typeof by === "string" && !/^\/.*\/$/.test(find) ? s.split(find).join(by) : undefined,
  flatten: ([l]) => (Array.isArray(l) ? flatten(l) : undefined),
  format: ([spec, ...args]) => (typeof spec === "string" ? format(spec, args) : undefined),
  sort: ([l]) => (Array.isArray(l) && l.every(isText) ? l.map(String).sort() : undefined),
  distinct: ([l]) => (Array.isArray(l) ? distinct(l) : undefined),
  compact: ([l]) => (Array.isArray(l) && l.every((x) => x === null || typeof x === "string") ? l.filter((x) => x !== null && x !== "") : undefined),
  keys: ([m]) => (isMap(m) ? Object.keys(m).sort() : undefined),
  values: ([m]) => (isMap(m) ? Object.keys(m).sort().map((k) => m[k]) : undefined),
  length: ([v]) => (Array.isArray(v) ? v.length : isMap(v) ? Object.keys(v).length : typeof v === "string" ? [...v].length : undefined),
  contains: ([l, v]) => (Array.isArray(l) ? l.some((x) => sameValue(x, v)) : undefined),
  // lookup without a default of a key the map lacks is an error Terraform reports (and try() catches)
  lookup: ([m, k, fallback]) => (isMap(m) && typeof k === "string" ? (Object.hasOwn(m, k) ? m[k] : fallback === undefined ? refused("lookup") : fallback) : undefined),
  element: ([l, i]) =>
    Array.isArray(l) && typeof i === "number" ? (l.length === 0 || i < 0 ? refused("element") : l[Math.floor(i) % l.length]) : undefined,
  coalesce: (args) => args.find((a) => a !== null && a !== ""),
  coalescelist: (args) => (args.every(Array.isArray) ? args.find((a) => (a as Value[]).length > 0) : undefined),
  startswith: ([str, prefix]) => (typeof str === "string" && typeof prefix === "string" ? str.startsWith(prefix) : undefined),
  endswith: ([str, suffix]) => (typeof str === "string" && typeof suffix === "string" ? str.endsWith(suffix) : undefined),
  strcontains: ([str, part]) => (typeof str === "string" && typeof part === "string" ? str.includes(part) : undefined),
  trimprefix: ([str, prefix]) => (typeof str === "string" && typeof prefix === "string" ? (str.startsWith(prefix) ? str.slice(prefix.length) : str) : undefined),
  trimsuffix: ([str, suffix]) =>
    typeof str === "string" && typeof suffix === "string" ? (suffix !== "" && str.endsWith(suffix) ? str.slice(0, -suffix.length) : str) : undefined,
  chomp: ([str]) => (typeof str === "string" ? str.replace(/(\r\n|\n|\r)+$/, "") : undefined),
  substr: ([str, offset, length]) => {
    if (typeof str !== "string" || typeof offset !== "number" || typeof length !== "number") return undefined;
    const chars = [...str];
    const start = offset < 0 ? chars.length + offset : offset;
    if (start < 0 || start > chars.length) return refused("substr");
    return chars.slice(start, length < 0 ? undefined : start + length).join("");
  },
  reverse: ([l]) => (Array.isArray(l) ? [...l].reverse() : undefined),
  slice: ([l, from, to]) =>
    Array.isArray(l) && typeof from === "number" && typeof to === "number" ? (from < 0 || to > l.length || from > to ? refused("slice") : l.slice(from, to)) : undefined,
  index: ([l, v]) => (Array.isArray(l) ? (l.findIndex((x) => sameValue(x, v)) >= 0 ? l.findIndex((x) => sameValue(x, v)) : refused("index")) : undefined),
  one: ([l]) => (Array.isArray(l) ? (l.length === 0 ? null : l.length === 1 ? l[0] : refused("one")) : undefined),
  alltrue: ([l]) => (Array.isArray(l) && l.every((x) => typeof x === "boolean" || x === "true" || x === "false") ? l.every((x) => x === true || x === "true") : undefined),
  anytrue: ([l]) => (Array.isArray(l) && l.every((x) => typeof x === "boolean" || x === "true" || x === "false") ? l.some((x) => x === true || x === "true") : undefined),
  tobool: ([v]) => (v === null || typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : refused("tobool")),
  tonumber: ([v]) => (v === null || typeof v === "number" ? v : typeof v === "string" && NUMBER_TEXT.test(v) ? Number(v) : refused("tonumber")),
  setunion: (args) => (args.every(Array.isArray) ? distinct((args as Value[][]).flat()) : undefined),
  setintersection: (args) => (args.length > 0 && args.every(Array.isArray) ? distinct((args[0] as Value[]).filter((x) => (args as Value[][]).every((l) => l.some((y) => sameValue(x, y))))) : undefined),
  setsubtract: ([a, b]) => (Array.isArray(a) && Array.isArray(b) ? distinct(a.filter((x) => !b.some((y) => sameValue(x, y)))) : undefined),
  sum: ([l]) => (Array.isArray(l) && l.length > 0 && l.every((x) => typeof x === "number") ? (l as number[]).reduce((a, b) => a + b, 0) : undefined),
  min: (args) => (args.length > 0 && args.every((x) => typeof x === "number") ? Math.min(...(args as number[])) : undefined),
  max: (args) => (args.length > 0 && args.every((x) => typeof x === "number") ? Math.max(...(args as number[])) : undefined),
  abs: ([n]) => (typeof n === "number" ? Math.abs(n) : undefined),
  ceil: ([n]) => (typeof n === "number" ? Math.ceil(n) : undefined),
  floor: ([n]) => (typeof n === "number" ? Math.floor(n) : undefined),
  range: (args) => {
    if (!args.every((x) => typeof x === "number") || args.length < 1 || args.length > 3) return undefined;
    const [start, limit, step] = args.length === 1 ? [0, args[0] as number, 1] : [args[0] as number, args[1] as number, (args[2] as number | undefined) ?? 1];
    if (step === 0 || Math.abs((limit - start) / step) > 1024) return undefined; // Terraform's own limit is 1024 elements
    const out: number[] = [];
    for (let v = start; step > 0 ? v < limit : v > limit; v += step) out.push(v);
    return out;
  },
  jsondecode: ([text]) => (typeof text === "string" ? decoded("jsondecode", () => JSON.parse(text) as unknown) : undefined),
  yamldecode: ([text]) => (typeof text === "string" ? decoded("yamldecode", () => parseYaml(text, TERRAFORM_YAML) as unknown) : undefined),
  zipmap: ([ks, vs]) =>
    Array.isArray(ks) && Array.isArray(vs) && ks.length === vs.length && ks.every((k) => typeof k === "string")
      ? Object.fromEntries(ks.map((k, i) => [k as string, vs[i]]))
      : undefined,
};

/** A decoded document as a value; text that does not decode is refused (try() catches it). */
function decoded(name: string, decode: () => unknown): Value | undefined {
  let value: unknown;
  try {
    value = decode();
  } catch (e) {
    return e instanceof RangeError ? undefined : refused(name); // nested too deeply to decode: not known here
  }
  return asValue(value, 0);
}

/** JSON-shaped data as a value: strings, finite numbers, booleans, null, lists and objects, 64 levels at most. */
function asValue(value: unknown, depth: number): Value | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (depth > 64 || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => asValue(v, depth + 1));
    return items.every((v) => v !== undefined) ? (items as Value[]) : undefined;
  }
  const out: { [key: string]: Value } = {};
  for (const [k, v] of Object.entries(value)) {
    const item = asValue(v, depth + 1);
    if (item === undefined) return undefined;
    setOwn(out, k, item);
  }
  return out;
}

/** format("https://%s.example/%d", ...): the verbs %s, %d, %v and %%; any other verb is left unknown. */
function format(spec: string, args: Value[]): string | undefined {
  let next = 0;
  let unsupported = false;
  const out = spec.replace(/%(%|s|d|v|[^%sdv]?)/g, (m, verb: string) => {
    if (verb === "%") return "%";
    const arg = args[next++];
    const value = arg === undefined ? undefined : verb === "d" ? (typeof arg === "number" && Number.isInteger(arg) ? String(arg) : undefined) : verb === "s" || verb === "v" ? text(arg) : undefined;
    if (value === undefined) unsupported = true;
    return value ?? m;
  });
  return unsupported || next !== args.length ? undefined : out;
}

const STRUCTURAL = new Set(["tolist", "tomap", "concat", "merge", "keys", "values", "length", "lookup", "element", "zipmap"]);

function flatten(list: Value[]): Value[] {
  return list.flatMap((x) => (Array.isArray(x) ? flatten(x) : [x]));
}


/** The value of a call, or undefined when the function is not one of these or its arguments are not static. */
export function callFunction(name: string, args: Value[]): Plain | Value | undefined {
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!fn || args.some((a) => a instanceof Unknown || a instanceof ResourceInstance)) return undefined;
  // an unknown element is carried along by functions that only arrange elements, not by those that read them
  if (!STRUCTURAL.has(name) && args.some(hasUnknown)) return undefined;
  return fn(args);
}
