/** What an HCL expression evaluates to in tpa check: a static value, or what stands for one only known later. */

/** A value only known at apply: kept as the expression's text. */
export class Unknown {
  constructor(readonly text: string) {}
}

/**
 * What Terraform refuses when it evaluates it: an attribute, key or index the value does not have. Unknown to the
 * rules like any unknown value; try() goes on to its next argument, can() is false.
 */
export class Invalid extends Unknown {}

/** Does a value hold something Terraform refuses anywhere? */
export function hasInvalid(v: Value): boolean {
  if (v instanceof Invalid) return true;
  if (Array.isArray(v)) return v.some(hasInvalid);
  if (isMap(v)) return Object.values(v).some(hasInvalid);
  return false;
}

/** A resource instance as an expression sees it: what the configuration sets, else "${address.attribute}". */
export class ResourceInstance {
  constructor(
    readonly address: string,
    private readonly configured: (attribute: string) => Value | undefined,
  ) {}

  attribute(name: string): Value {
    const value = this.configured(name);
    // a reference, not a string: what it names is known only at apply (a client's client_id)
    return value === undefined || value instanceof Unknown ? new Unknown(`${this.address}.${name}`) : value;
  }
}

export type Value = string | number | boolean | null | Unknown | ResourceInstance | Value[] | { [key: string]: Value };

/** A map or object value (not a list, an unknown or a resource instance). */
export const isMap = (v: Value): v is { [key: string]: Value } =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Unknown) && !(v instanceof ResourceInstance);

/** Does a value hold an unknown anywhere? Whatever looks inside it cannot use it. */
export function hasUnknown(v: Value): boolean {
  if (v instanceof Unknown || v instanceof ResourceInstance) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (isMap(v)) return Object.values(v).some(hasUnknown);
  return false;
}

/** Equality as Terraform compares values (same type and same content). */
export function sameValue(a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return a === b;
}

/** Sets an own property, "__proto__" included. */
export function setOwn(object: { [key: string]: Value }, key: string, value: Value): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** What Terraform reads as a number from a string: 5, -5, +5, .5, 5., 1e3 */
export const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A bool as Terraform converts one where a bool is needed (a condition, !, && and ||): a bool, or the string "true" or "false". */
export function asBool(v: Value): boolean | undefined {
  if (typeof v === "boolean") return v;
  return v === "true" ? true : v === "false" ? false : undefined;
}

/** A number as Terraform converts one where a number is needed (count): a number, or a string that reads as one. */
export function asNumber(v: Value): number | undefined {
  if (typeof v === "number") return v;
  return typeof v === "string" && NUMBER_TEXT.test(v) ? Number(v) : undefined;
}

/** Each element once, in order (Terraform's equality). */
export function distinct(list: Value[]): Value[] {
  return list.filter((x, i) => list.findIndex((y) => sameValue(x, y)) === i);
}
