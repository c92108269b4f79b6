// cty values in msgpack (the DynamicValue encoding Terraform uses) and what the offline provider does
// with them: plan a create (computed attributes that the configuration leaves null become unknown),
// and build the state of an imported object.
//
// cty's msgpack encoding: null is nil, strings str, numbers int/float (or a decimal string), bools
// bool, lists/sets/tuples arrays, maps/objects maps (an object always carries every attribute), and
// an unknown value is the extension type 0 (refined unknowns: type 12). @msgpack/msgpack decodes
// extension types that nobody registered into ExtData and encodes ExtData back unchanged, so values
// we only pass through keep their exact encoding.
import { decode, encode, ExtData } from "@msgpack/msgpack";
import type { JsonAttribute, JsonBlock, JsonNestedType } from "./schema";

/** cty's wholly unknown value: msgpack fixext1, type 0, payload 0 (d4 00 00). */
export const UNKNOWN = new ExtData(0, new Uint8Array([0]));

export type Value = null | boolean | number | bigint | string | Uint8Array | ExtData | Value[] | { [k: string]: Value };

export function decodeValue(bytes: Uint8Array | undefined | null): Value {
  if (!bytes || bytes.length === 0) return null;
  return decode(bytes, { useBigInt64: true }) as Value;
}

export function encodeValue(value: Value): Buffer {
  const bytes = encode(value, { useBigInt64: true });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function isUnknown(v: Value): boolean {
  return v instanceof ExtData && (v.type === 0 || v.type === 12);
}

function isObject(v: Value): v is { [k: string]: Value } {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof ExtData) && !(v instanceof Uint8Array);
}

/**
 * The planned state of a create: the proposed new state, where every computed attribute that is null
 * (for a create, the proposed value of a computed attribute is null exactly when the configuration
 * leaves it null) becomes unknown, in nested blocks too; write-only attributes are always null.
 */
export function planCreate(block: JsonBlock, proposed: Value): Value {
  if (!isObject(proposed)) return proposed;
  const out: { [k: string]: Value } = { ...proposed };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (!(name in out)) continue;
    out[name] = planAttribute(attr, out[name]);
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    if (!(name in out)) continue;
    out[name] = mapNested(bt.nesting_mode, out[name], (v) => planCreate(bt.block, v));
  }
  return out;
}

function planAttribute(attr: JsonAttribute, v: Value): Value {
  if (attr.write_only) return null;
  if (v === null) return attr.computed ? UNKNOWN : null;
  if (attr.nested_type) {
    const nt: JsonNestedType = attr.nested_type;
    return mapNested(nt.nesting_mode, v, (o) => planCreate({ attributes: nt.attributes }, o));
  }
  return v;
}

function mapNested(mode: string, v: Value, f: (o: Value) => Value): Value {
  if (v === null || isUnknown(v)) return v;
  switch (mode) {
    case "single":
    case "group":
      return f(v);
    case "list":
    case "set":
      return Array.isArray(v) ? v.map(f) : v;
    case "map":
      return isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, o]) => [k, f(o)])) : v;
    default:
      return v;
  }
}

/**
 * The state of an object that `terraform import` (or an import block) adopts: `id` set, every other
 * attribute null, no nested blocks. ReadResource then returns it unchanged.
 */
export function importedState(block: JsonBlock, id: string): Value {
  const out = emptyObject(block);
  if (block.attributes?.id) out.id = id;
  return out;
}

function emptyObject(block: JsonBlock): { [k: string]: Value } {
  const out: { [k: string]: Value } = {};
  for (const name of Object.keys(block.attributes ?? {})) out[name] = null;
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    out[name] = bt.nesting_mode === "list" || bt.nesting_mode === "set" ? [] : bt.nesting_mode === "map" ? {} : null;
    if (bt.nesting_mode === "group") out[name] = emptyObject(bt.block);
  }
  return out;
}

/** "", false, 0, null, an empty list or map: what terraform-plugin-sdk v2 takes as an unset attribute. */
function isZeroValue(v: Value): boolean {
  return v === null || v === "" || v === false || v === 0 || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}

/**
 * The planned state of an update, as terraform-plugin-sdk v2 (which the auth0 provider is built on) plans
 * it: the proposed state (configuration over prior state), except that an attribute the configuration leaves
 * null keeps its prior value when that is the zero value or the attribute is Optional+Computed, and an
 * Optional+Computed block left out keeps its prior blocks. `optionalComputed` holds `type.attr.nested` paths.
 */
export function planUpdate(block: JsonBlock, prior: Value, proposed: Value, schemaPath: string, optionalComputed: ReadonlySet<string>): Value {
  if (!isObject(proposed) || !isObject(prior)) return proposed;
  const out: { [k: string]: Value } = { ...proposed };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    const p = proposed[name] ?? null;
    const q = prior[name] ?? null;
    const keeps = attr.computed || optionalComputed.has(`${schemaPath}.${name}`);
    if ((p === null && (keeps || isZeroValue(q))) || (isZeroValue(p) && isZeroValue(q))) out[name] = q;
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const p = proposed[name];
    const q = prior[name];
    const path = `${schemaPath}.${name}`;
    const empty = (v: Value | undefined) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);
    if (empty(p)) {
      if (optionalComputed.has(path) || empty(q)) out[name] = q ?? p ?? null;
      continue;
    }
    if (Array.isArray(p) && Array.isArray(q) && p.length === q.length) out[name] = pairedBlocks(bt.block, bt.nesting_mode, q, p, path, optionalComputed);
    else if (bt.nesting_mode === "single" && isObject(p) && isObject(q)) out[name] = planUpdate(bt.block, q, p, path, optionalComputed);
  }
  return out;
}

/**
 * The proposed blocks of a list or set, each planned against its prior block: a list's by position, a set's (which
 * has no order) against the prior element it equals once unset values are read as the prior's (a scope without a
 * description is the same scope with description "", as the provider reads it back).
 */
function pairedBlocks(block: JsonBlock, mode: string, prior: Value[], proposed: Value[], path: string, optionalComputed: ReadonlySet<string>): Value[] {
  if (mode !== "set") return proposed.map((p, i) => planUpdate(block, prior[i], p, path, optionalComputed));
  const unused = new Set(prior.map((_, i) => i));
  return proposed.map((p) => {
    for (const i of unused) {
      const planned = planUpdate(block, prior[i], p, path, optionalComputed);
      if (canonical(planned) === canonical(prior[i])) {
        unused.delete(i);
        return planned;
      }
    }
    return p;
  });
}

/** A value's JSON with object keys sorted: equal values, equal texts. */
function canonical(v: Value): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v) ?? "null";
}
