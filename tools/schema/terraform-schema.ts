/**
 * The shapes of `terraform providers schema -json` that the schema tools produce and compare, and its
 * canonical file form (keys sorted, two-space indent, final newline).
 */

import type { CtyType, JsonAttribute, JsonBlock, JsonBlockType, JsonSchema } from "../provider/schema";

export type { CtyType };
export type Attribute = JsonAttribute;
export type Block = JsonBlock;
export type BlockType = JsonBlockType;
export type NestingMode = JsonBlockType["nesting_mode"];
/** A resource's (or the provider's) schema as the tools write it: the version is always there. */
export type SchemaEntry = JsonSchema & { version: number };

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
