/**
 * The facts the docs cannot show, kept in provider-schema/optional-computed.json (written by --extract-go from
 * the Go source), and the provider schema file assembled from the docs pages plus those facts:
 *   - optionalComputed: paths that are `Optional: true, Computed: true` in Go (tfplugindocs lists them as plain
 *     Optional). This includes `<type>.id`, which SDKv2 adds as optional+computed although the docs always
 *     list it under Read-Only.
 *   - forceNew: paths that are `ForceNew: true` in Go (a change replaces the resource; Terraform's JSON schema
 *     does not record it). Read by tpa diff.
 *   - schemaVersions: non-zero `SchemaVersion` values.
 *   - deprecatedResources: resources with a `DeprecationMessage`.
 *   - resources: the resource types the facts were extracted for.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocsPage } from "./docs-page";
import { fail } from "./errors";
import { PROVIDER_ADDRESS, PROVIDER_VERSION, RESOURCES, docsPageOf } from "./provider";
import { Attribute, Block, BlockType, ProviderSchemaFile, SchemaEntry } from "./terraform-schema";

export interface Facts {
  resources: string[];
  optionalComputed: string[];
  forceNew: string[];
  schemaVersions: Record<string, number>;
  deprecatedResources: string[];
}

export function readFacts(file: string): Facts {
  if (!fs.existsSync(file)) fail(`${file} not found; create it with --extract-go SRC`);
  let facts: Partial<Facts>;
  try {
    facts = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Facts>;
  } catch (e) {
    return fail(`${file}: not JSON (${(e as Error).message}); regenerate it with --extract-go SRC`);
  }
  return {
    resources: facts.resources || [],
    optionalComputed: facts.optionalComputed || [],
    forceNew: facts.forceNew || [],
    schemaVersions: facts.schemaVersions || {},
    deprecatedResources: facts.deprecatedResources || [],
  };
}

/** The provider schema file for RESOURCES from the provider's docs/ folder (index.md + resources/*.md). */
export function buildProviderSchema(docsDir: string, facts: Facts): ProviderSchemaFile {
  const readPage = (relative: string, what: string): Block => {
    const file = path.join(docsDir, relative);
    if (!fs.existsSync(file)) fail(`${file}: docs page for ${what} not found`);
    return parseDocsPage(fs.readFileSync(file, "utf8"), file);
  };
  const resourceSchemas: Record<string, SchemaEntry> = {};
  for (const type of RESOURCES) {
    if (!facts.resources.includes(type)) fail(`${type} is not covered by the facts file; rerun with --extract-go SRC`);
    const block = readPage(docsPageOf(type), type);
    if (facts.deprecatedResources.includes(type)) block.deprecated = true;
    resourceSchemas[type] = { version: facts.schemaVersions[type] || 0, block };
  }
  const provider: SchemaEntry = { version: 0, block: readPage("index.md", "the provider") };
  applyOptionalComputed({ ...resourceSchemas, provider }, facts.optionalComputed);

  return {
    format_version: "1.0",
    provider_schemas: {
      [PROVIDER_ADDRESS]: { provider, resource_schemas: resourceSchemas, data_source_schemas: {} },
    },
    provider_versions: { [PROVIDER_ADDRESS]: PROVIDER_VERSION },
  };
}

/** Marks each fact path optional+computed in `schemas` (resource types and "provider" to their entries). */
export function applyOptionalComputed(schemas: Record<string, SchemaEntry>, paths: string[]): void {
  for (const p of paths) {
    const [type, ...names] = p.split(".");
    if (!schemas[type]) continue; // a fact about a resource we do not generate
    const found = lookupPath(schemas[type].block, names);
    if (!found) fail(`optional-computed path ${p} is not in the docs schema`);
    // Blocks have no optional/computed flags in the JSON schema.
    if (found.kind === "block") continue;
    const attr = found.node;
    const isImplicitId = names.length === 1 && names[0] === "id" && attr.computed && !attr.optional;
    if (!attr.optional && !isImplicitId) fail(`optional-computed path ${p} is not Optional in the docs`);
    attr.optional = true;
    attr.computed = true;
  }
}

function lookupPath(block: Block, names: string[]): { kind: "attribute"; node: Attribute } | { kind: "block"; node: BlockType } | null {
  let current = block;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const last = i === names.length - 1;
    if (last && current.attributes && current.attributes[name]) return { kind: "attribute", node: current.attributes[name] };
    const nested = current.block_types && current.block_types[name];
    if (!nested) return null;
    if (last) return { kind: "block", node: nested };
    current = nested.block;
  }
  return null;
}
