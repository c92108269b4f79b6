/**
 * Variables' type constraints, as far as they change a static value. Terraform converts a variable's value to
 * its type: an object's optional attributes that are omitted or null get their default (`optional(T, default)`)
 * or null, and primitives convert (`"true"` to a bool, `5` to a string). A value that does not convert is left as
 * it is: Terraform refuses it before any plan.
 */
import { named, type SyntaxNode } from "./hcl-syntax";
import { distinct, isMap, NUMBER_TEXT, ResourceInstance, setOwn, Unknown, type Value } from "./hcl-values";

export type TypeConstraint =
  | { readonly kind: "any" | "string" | "number" | "bool" }
  | { readonly kind: "list" | "set" | "map"; readonly element: TypeConstraint }
  | { readonly kind: "tuple"; readonly elements: readonly TypeConstraint[] }
  | { readonly kind: "object"; readonly attributes: ReadonlyMap<string, ObjectAttribute> };

interface ObjectAttribute {
  readonly type: TypeConstraint;
  readonly optional: boolean;
  /** optional(T, default)'s default, as written */
  readonly default?: Value;
}

export const ANY_TYPE: TypeConstraint = { kind: "any" };

const PRIMITIVES = new Set(["any", "string", "number", "bool"]);
const COLLECTIONS = new Set(["list", "set", "map"]);

/** The constraint a `type = ...` expression writes; evaluate gives optional()'s defaults their values. */
export function typeConstraint(node: SyntaxNode | undefined, evaluate: (n: SyntaxNode) => Value): TypeConstraint {
  const [inner] = named(node);
  if (!node) return ANY_TYPE;
  if (node.type === "expression" && inner) return typeConstraint(inner, evaluate);
  if (node.type === "variable_expr") {
    const name = node.text.trim();
    if (PRIMITIVES.has(name)) return { kind: name as "any" };
    return COLLECTIONS.has(name) ? { kind: name as "list", element: ANY_TYPE } : ANY_TYPE;
  }
  if (node.type !== "function_call") return ANY_TYPE;
  const name = named(node)[0]?.text;
  const args = named(named(node).find((c) => c.type === "function_arguments")).filter((c) => c.type === "expression");
  if (name && COLLECTIONS.has(name)) return { kind: name as "list", element: typeConstraint(args[0], evaluate) };
  const collection = collectionOf(args[0]);
  if (name === "tuple" && collection?.type === "tuple") {
    return { kind: "tuple", elements: named(collection).filter((c) => c.type === "expression").map((e) => typeConstraint(e, evaluate)) };
  }
  if (name === "object" && collection?.type === "object") {
    const attributes = new Map<string, ObjectAttribute>();
    for (const elem of named(collection).filter((c) => c.type === "object_elem")) {
      const [key, value] = named(elem).filter((c) => c.type === "expression");
      const keyNode = named(key)[0];
      const attribute = keyNode?.type === "variable_expr" ? keyNode.text : key && evaluate(key);
      if (typeof attribute !== "string" || !value) return ANY_TYPE;
      attributes.set(attribute, objectAttribute(value, evaluate));
    }
    return { kind: "object", attributes };
  }
  return ANY_TYPE;
}

/** `T`, `optional(T)` or `optional(T, default)` */
function objectAttribute(node: SyntaxNode, evaluate: (n: SyntaxNode) => Value): ObjectAttribute {
  const call = named(node)[0];
  if (call?.type !== "function_call" || named(call)[0]?.text !== "optional") return { type: typeConstraint(node, evaluate), optional: false };
  const [type, fallback] = named(named(call).find((c) => c.type === "function_arguments")).filter((c) => c.type === "expression");
  return { type: typeConstraint(type, evaluate), optional: true, ...(fallback ? { default: evaluate(fallback) } : {}) };
}

/** The tuple or object literal an argument holds: `[...]`, `{...}` */
function collectionOf(node: SyntaxNode | undefined): SyntaxNode | undefined {
  const value = named(node)[0];
  return value?.type === "collection_value" ? named(value)[0] : undefined;
}


/** A value converted to its variable's type, as Terraform converts it (see the module's comment). */
export function convertToType(type: TypeConstraint, value: Value): Value {
  if (value === null || value instanceof Unknown || value instanceof ResourceInstance) return value;
  switch (type.kind) {
    case "any":
      return value;
    case "string":
      return typeof value === "number" ? numberText(value) : typeof value === "boolean" ? String(value) : value;
    case "number":
      return typeof value === "string" && NUMBER_TEXT.test(value) ? Number(value) : value;
    case "bool":
      return value === "true" || value === "1" ? true : value === "false" || value === "0" ? false : value;
    case "list":
      return Array.isArray(value) ? unified(type.element, value.map((v) => convertToType(type.element, v))) : value;
    case "set":
      return Array.isArray(value) ? asSet(unified(type.element, value.map((v) => convertToType(type.element, v)))) : value;
    case "map": {
      if (!isMap(value)) return value;
      const keys = Object.keys(value);
      const elements = unified(type.element, keys.map((k) => convertToType(type.element, value[k])));
      const out: { [key: string]: Value } = {};
      keys.forEach((k, i) => setOwn(out, k, elements[i]));
      return out;
    }
    case "tuple":
      return Array.isArray(value) ? value.map((v, i) => (i < type.elements.length ? convertToType(type.elements[i], v) : v)) : value;
    case "object":
      return isMap(value) ? withAttributes(type.attributes, value) : value;
  }
}

function withAttributes(attributes: ReadonlyMap<string, ObjectAttribute>, value: { [key: string]: Value }): Value {
  // only the attributes the type declares: Terraform drops the others
  const out: { [key: string]: Value } = {};
  for (const [name, attribute] of attributes) {
    const given = Object.hasOwn(value, name) ? value[name] : undefined;
    if (given !== undefined && given !== null) setOwn(out, name, convertToType(attribute.type, given));
    // a default is converted too: its own optional attributes get their defaults
    else if (attribute.default !== undefined) setOwn(out, name, convertToType(attribute.type, attribute.default));
    else if (attribute.optional || given === null) setOwn(out, name, null);
    // a required attribute left out: Terraform refuses the value, and references to it stay unknown here
  }
  return out;
}

/**
 * A collection of `any` holds one type: primitives of mixed types become strings, as Terraform unifies them
 * ({ a = "x", b = 5 } as map(any) is { a = "x", b = "5" }).
 */
function unified(element: TypeConstraint, values: Value[]): Value[] {
  if (element.kind !== "any") return values;
  const kinds = new Set(values.map((v) => (v === null ? "null" : typeof v)));
  kinds.delete("null");
  const primitive = [...kinds].every((k) => k === "string" || k === "number" || k === "boolean");
  if (!primitive || kinds.size < 2) return values;
  return values.map((v) => (typeof v === "number" ? numberText(v) : typeof v === "boolean" ? String(v) : v));
}

/** A number's text as Terraform writes it: whole numbers in full (1e21 is 1000000000000000000000). */
function numberText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) >= 1e21 ? BigInt(n).toString() : String(n);
}

/** A set's elements: each once, strings and numbers in Terraform's order (lexical, numeric). */
function asSet(values: Value[]): Value[] {
  const once = distinct(values);
  if (once.every((v) => typeof v === "string")) return (once as string[]).sort();
  if (once.every((v) => typeof v === "number")) return (once as number[]).sort((a, b) => a - b);
  return once;
}

/**
 * Why a value, converted as convertToType converts it, is still not of the type, as a predicate ("is a string, not a
 * list", "holds an object where a string belongs"): what Terraform refuses ("Invalid value for input variable",
 * "Incorrect attribute value type"). Undefined when it is of the type, or when that is not known here (an unknown
 * value, a resource). Never the value itself: it may be a sensitive variable's.
 */
export function typeProblem(type: TypeConstraint, value: Value): string | undefined {
  const found = mismatch(type, value, false);
  if (!found) return undefined;
  return found.nested ? `holds ${found.given} where ${found.expected} belongs` : `is ${found.given}, not ${found.expected}`;
}

interface Mismatch {
  readonly given: string;
  readonly expected: string;
  /** inside the value (an element, an attribute), not the value itself */
  readonly nested: boolean;
}

function mismatch(type: TypeConstraint, value: Value, nested: boolean): Mismatch | undefined {
  if (value === null || value instanceof Unknown || value instanceof ResourceInstance) return undefined;
  const not = (expected: string): Mismatch => ({ given: kindOf(value), expected, nested });
  const inside = (values: Value[], types: (i: number) => TypeConstraint): Mismatch | undefined => {
    for (let i = 0; i < values.length; i++) {
      const m = mismatch(types(i), values[i], true);
      if (m) return m;
    }
    return undefined;
  };
  switch (type.kind) {
    case "any":
      return undefined;
    case "string":
      return typeof value === "string" ? undefined : not("a string");
    case "number":
      return typeof value === "number" ? undefined : not("a number");
    case "bool":
      return typeof value === "boolean" ? undefined : not("true or false");
    case "list":
    case "set":
      return Array.isArray(value) ? inside(value, () => type.element) : not(`a ${type.kind}`);
    case "tuple":
      if (!Array.isArray(value)) return not("a tuple");
      return value.length !== type.elements.length ? { given: `a tuple of ${value.length}`, expected: `one of ${type.elements.length}`, nested } : inside(value, (i) => type.elements[i]);
    case "map":
      return isMap(value) ? inside(Object.values(value), () => type.element) : not("a map");
    case "object": {
      if (!isMap(value)) return not("an object");
      const declared = [...type.attributes].filter(([name]) => Object.hasOwn(value, name));
      return inside(declared.map(([name]) => value[name]), (i) => declared[i][1].type);
    }
  }
}

function kindOf(value: Value): string {
  if (Array.isArray(value)) return "a list";
  if (isMap(value)) return "an object";
  return typeof value === "string" ? "a string" : typeof value === "number" ? "a number" : "true or false";
}
