/**
 * The shapes of `terraform providers schema -json` that the schema tools produce and compare, and its
 * canonical file form (keys sorted, two-space indent, final newline).
 */

/** A cty type in Terraform's JSON form: "string", ["list", T], ["object", {name: T}]. */
export type CtyType = string | [string, CtyType] | ["object", Record<string, CtyType>];

export interface Attribute {
  type: CtyType;
  description_kind: "plain";
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  write_only?: boolean;
}

export type NestingMode = "single" | "list" | "set" | "map";

export interface BlockType {
  nesting_mode: NestingMode | string;
  block: Block;
  min_items?: number;
  max_items?: number;
}

export interface Block {
  attributes?: Record<string, Attribute>;
  block_types?: Record<string, BlockType>;
  description_kind: "plain";
  deprecated?: boolean;
}

export interface SchemaEntry {
  version: number;
  block: Block;
}

export interface ProviderSchemaFile {
  format_version: string;
  provider_schemas: Record<string, { provider: SchemaEntry; resource_schemas: Record<string, SchemaEntry>; data_source_schemas: Record<string, SchemaEntry> }>;
  provider_versions: Record<string, string>;
}

export function emptyBlock(): Block {
  return { description_kind: "plain" };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

/** The file text the tools write: sorted keys, so a regenerated file diffs only where the schema changed. */
export function formatJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + "\n";
}
