/**
 * What Terraform does to a resource's configured values before the provider sees them: each is converted to its
 * attribute's type in the provider schema (`is_first_party = "0"` is false, `"true"` is true, a number in a list
 * of strings is its text). The types come from the pinned auth0 provider schema (provider-schema/). An attribute
 * the schema does not have (a newer provider's) is kept as written, never dropped.
 */
import * as fs from "node:fs";
import { pinnedSchemaFile } from "../tools/paths";
import { PROVIDER_ADDRESS } from "../tools/schema/provider";
import { convertToType, typeProblem, type TypeConstraint } from "./hcl-types";
import { isMap, ResourceInstance, setOwn, Unknown, type Value } from "./hcl-values";

/** A schema type as Terraform's JSON writes it: "bool", ["list", "string"], ["object", { ... }], ... */
type SchemaType = string | readonly [string, unknown];

interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, { readonly type?: SchemaType }>>;
  readonly block_types?: Readonly<Record<string, { readonly nesting_mode?: string; readonly max_items?: number; readonly block?: SchemaBlock }>>;
}

/** How one attribute or nested block of a resource converts. */
type Conversion = { readonly attribute: TypeConstraint } | { readonly block: BlockConversions; readonly maxItems?: number };
type BlockConversions = ReadonlyMap<string, Conversion>;

/** The auth0 resources' conversions, read from the pinned schema when tpa check first needs them. */
export type ProviderTypes = ReadonlyMap<string, BlockConversions>;

export function loadProviderTypes(file = pinnedSchemaFile()): ProviderTypes {
  const doc = JSON.parse(fs.readFileSync(file, "utf8")) as { provider_schemas?: Record<string, { resource_schemas?: Record<string, { block?: SchemaBlock }> }> };
  const schemas = doc.provider_schemas?.[PROVIDER_ADDRESS]?.resource_schemas ?? {};
  return new Map(Object.entries(schemas).map(([type, s]) => [type, blockConversions(s.block ?? {})]));
}

function blockConversions(block: SchemaBlock): BlockConversions {
  const out = new Map<string, Conversion>();
  for (const [name, a] of Object.entries(block.attributes ?? {})) if (a.type !== undefined) out.set(name, { attribute: constraintOf(a.type) });
  for (const [name, b] of Object.entries(block.block_types ?? {})) out.set(name, { block: blockConversions(b.block ?? {}), ...(b.max_items !== undefined && { maxItems: b.max_items }) });
  return out;
}

function constraintOf(type: SchemaType): TypeConstraint {
  if (typeof type === "string") return type === "string" || type === "number" || type === "bool" ? { kind: type } : { kind: "any" };
  const [kind, inner] = type;
  if (kind === "list" || kind === "set" || kind === "map") return { kind, element: constraintOf(inner as SchemaType) };
  if (kind === "tuple" && Array.isArray(inner)) return { kind: "tuple", elements: inner.map((t) => constraintOf(t as SchemaType)) };
  if (kind === "object" && inner && typeof inner === "object") {
    const attributes = new Map(Object.entries(inner as Record<string, SchemaType>).map(([k, t]) => [k, { type: constraintOf(t), optional: true }]));
    return { kind: "object", attributes };
  }
  return { kind: "any" };
}

/** A resource's values as its provider receives them: each converted to its attribute's type. */
export function convertResourceValues(types: ProviderTypes, resourceType: string, values: ReadonlyMap<string, Value>): Map<string, Value> {
  const block = types.get(resourceType);
  if (!block) return new Map(values);
  return new Map([...values].map(([name, value]) => [name, converted(block.get(name), value)]));
}

function converted(conversion: Conversion | undefined, value: Value): Value {
  if (!conversion || value === null || value instanceof Unknown || value instanceof ResourceInstance) return value;
  if ("attribute" in conversion) return convertToType(conversion.attribute, value);
  // a nested block: a list of blocks, or one
  if (Array.isArray(value)) return value.map((b) => converted(conversion, b));
  if (!isMap(value)) return value;
  const out: { [key: string]: Value } = {};
  for (const key of Object.keys(value)) setOwn(out, key, converted(conversion.block.get(key), value[key]));
  return out;
}

/**
 * The first of a resource's values (by its attribute path, such as grant_types or refresh_token.leeway) that is still
 * not of its attribute's type once converted: Terraform refuses it ("Incorrect attribute value type").
 */
export function resourceTypeProblem(types: ProviderTypes, resourceType: string, values: ReadonlyMap<string, Value>): ValueProblem | undefined {
  const block = types.get(resourceType);
  if (!block) return undefined;
  for (const [name, value] of values) {
    const problem = valueProblem(block.get(name), value, name);
    if (problem) return problem;
  }
  return undefined;
}

/** A value the provider would not take: where, what is wrong, and the error Terraform gives. */
export interface ValueProblem {
  readonly path: string;
  readonly problem: string;
  /** @default "Incorrect attribute value type" */
  readonly error?: string;
}

function valueProblem(conversion: Conversion | undefined, value: Value, path: string): ValueProblem | undefined {
  if (!conversion || value === null || value instanceof Unknown || value instanceof ResourceInstance) return undefined;
  if ("attribute" in conversion) {
    const problem = typeProblem(conversion.attribute, value);
    return problem ? { path, problem } : undefined;
  }
  const blocks = Array.isArray(value) ? value : [value];
  // two refresh_token blocks (a dynamic one over two items): Terraform refuses them ("Too many ... blocks")
  if (conversion.maxItems !== undefined && blocks.length > conversion.maxItems) {
    return { path, problem: `has ${blocks.length} blocks, and the provider takes at most ${conversion.maxItems}`, error: `Too many ${path.split(".").pop()} blocks` };
  }
  for (const b of blocks) {
    if (!isMap(b)) continue;
    for (const key of Object.keys(b)) {
      const problem = valueProblem(conversion.block.get(key), b[key], `${path}.${key}`);
      if (problem) return problem;
    }
  }
  return undefined;
}
