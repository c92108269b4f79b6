// The pinned provider schema (`terraform providers schema -json` format) and its conversion into the
// plugin protocol's Schema messages, as plain objects for @grpc/proto-loader (field names as in
// tools/provider/proto/tfplugin6.proto).
import * as fs from "node:fs";

/** A cty type in its JSON form: "string", ["list", "string"], ["object", {...}], "dynamic", ... */
export type CtyType = string | [string, ...unknown[]];

export interface JsonAttribute {
  type?: CtyType;
  nested_type?: JsonNestedType;
  description?: string;
  description_kind?: "plain" | "markdown";
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  write_only?: boolean;
}

export interface JsonNestedType {
  attributes: Record<string, JsonAttribute>;
  nesting_mode: "single" | "list" | "set" | "map";
}

export interface JsonBlock {
  attributes?: Record<string, JsonAttribute>;
  block_types?: Record<string, JsonBlockType>;
  description?: string;
  description_kind?: "plain" | "markdown";
  deprecated?: boolean;
}

export interface JsonBlockType {
  nesting_mode: "single" | "group" | "list" | "set" | "map";
  block: JsonBlock;
  min_items?: number;
  max_items?: number;
}

export interface JsonSchema {
  version?: number;
  block: JsonBlock;
}

/** One provider of a `terraform providers schema -json` document. */
export interface ProviderSchema {
  /** e.g. registry.terraform.io/auth0/auth0 */
  readonly address: string;
  /** from provider_versions, e.g. 1.55.0 */
  readonly version: string | undefined;
  readonly provider: JsonSchema;
  readonly resources: Record<string, JsonSchema>;
  readonly dataSources: Record<string, JsonSchema>;
}

/** Reads a schema document; it must describe exactly one provider, or name it with `address`. */
export function loadProviderSchema(file: string, address?: string): ProviderSchema {
  const doc = JSON.parse(fs.readFileSync(file, "utf8")) as {
    provider_schemas?: Record<
      string,
      { provider?: JsonSchema; resource_schemas?: Record<string, JsonSchema>; data_source_schemas?: Record<string, JsonSchema> }
    >;
    provider_versions?: Record<string, string>;
  };
  const schemas = doc.provider_schemas ?? {};
  const addresses = Object.keys(schemas);
  const chosen = address ?? (addresses.length === 1 ? addresses[0] : undefined);
  if (!chosen || !schemas[chosen]) {
    throw new Error(`${file}: expected one provider schema${address ? ` for ${address}` : ""}, found: ${addresses.join(", ") || "none"}`);
  }
  const s = schemas[chosen];
  return {
    address: chosen,
    version: doc.provider_versions?.[chosen],
    provider: s.provider ?? { version: 0, block: {} },
    resources: s.resource_schemas ?? {},
    dataSources: s.data_source_schemas ?? {},
  };
}

const BLOCK_NESTING = { single: 1, list: 2, set: 3, map: 4, group: 5 } as const;
const OBJECT_NESTING = { single: 1, list: 2, set: 3, map: 4 } as const;
const STRING_KIND = { plain: 0, markdown: 1 } as const;

/** Schema message (tfplugin6.Schema) of a JSON schema. */
export function toProtoSchema(schema: JsonSchema): object {
  return { version: schema.version ?? 0, block: toProtoBlock(schema.block, schema.version ?? 0) };
}

function toProtoBlock(block: JsonBlock, version = 0): object {
  return {
    version,
    attributes: Object.keys(block.attributes ?? {})
      .sort()
      .map((name) => toProtoAttribute(name, block.attributes![name])),
    block_types: Object.keys(block.block_types ?? {})
      .sort()
      .map((name) => {
        const bt = block.block_types![name];
        const nesting = BLOCK_NESTING[bt.nesting_mode];
        if (!nesting) throw new Error(`block ${name}: unknown nesting mode "${bt.nesting_mode}"`);
        return {
          type_name: name,
          block: toProtoBlock(bt.block),
          nesting,
          min_items: bt.min_items ?? 0,
          max_items: bt.max_items ?? 0,
        };
      }),
    description: block.description ?? "",
    description_kind: STRING_KIND[block.description_kind ?? "plain"],
    deprecated: block.deprecated ?? false,
  };
}

function toProtoAttribute(name: string, a: JsonAttribute): object {
  const nested = a.nested_type
    ? {
        nested_type: {
          attributes: Object.keys(a.nested_type.attributes)
            .sort()
            .map((n) => toProtoAttribute(n, a.nested_type!.attributes[n])),
          nesting: OBJECT_NESTING[a.nested_type.nesting_mode],
        },
      }
    : {};
  if (!a.nested_type && a.type === undefined) throw new Error(`attribute ${name}: neither type nor nested_type`);
  return {
    name,
    // cty types travel as their JSON encoding
    type: a.nested_type ? Buffer.alloc(0) : Buffer.from(JSON.stringify(a.type)),
    ...nested,
    description: a.description ?? "",
    description_kind: STRING_KIND[a.description_kind ?? "plain"],
    required: a.required ?? false,
    optional: a.optional ?? false,
    computed: a.computed ?? false,
    sensitive: a.sensitive ?? false,
    deprecated: a.deprecated ?? false,
    write_only: a.write_only ?? false,
  };
}
