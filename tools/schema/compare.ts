/**
 * Compares two provider schemas path by path (the docs-derived one and the Go one, for --check-go): each
 * attribute and block becomes one comparable line, and the comparison lists the paths whose lines differ.
 */
import { Block, SchemaEntry } from "./terraform-schema";

const MISSING = "(missing)";

/** One line per attribute/block path below `prefix`, e.g. `attribute "string" optional+computed sensitive`. */
export function flattenSchema(block: Block, prefix: string, out: Record<string, string> = {}): Record<string, string> {
  for (const [name, a] of Object.entries(block.attributes || {})) {
    const mode = (["required", "optional", "computed"] as const).filter((f) => a[f]).join("+");
    const extra = (["sensitive", "deprecated", "write_only"] as const).filter((f) => a[f]);
    out[`${prefix}.${name}`] = ["attribute", JSON.stringify(a.type), mode, ...extra].join(" ");
  }
  for (const [name, b] of Object.entries(block.block_types || {})) {
    const extra = b.block.deprecated ? ["deprecated"] : [];
    out[`${prefix}.${name}`] = ["block", b.nesting_mode, `min=${b.min_items || 0}`, `max=${b.max_items || 0}`, ...extra].join(" ");
    flattenSchema(b.block, `${prefix}.${name}`, out);
  }
  return out;
}

/** A provider block and its resource schemas, as both sides of the comparison give them. */
export interface ComparedSchema {
  provider: SchemaEntry;
  resources: Record<string, SchemaEntry>;
}

export interface SchemaComparison {
  /** [path, left line, right line] for each of `watched`, in that order */
  watched: [string, string, string][];
  /** every path (and resource header) whose lines differ, headers first, then paths sorted */
  mismatches: [string, string, string][];
  /** how many paths the right side has */
  rightPaths: number;
}

function header(entry: SchemaEntry): string {
  return `version=${entry.version}${entry.block.deprecated ? " deprecated" : ""}`;
}

/** Compares `left` with `right` over the provider block and `types`; `watched` are paths reported whatever they hold. */
export function compareSchemas(left: ComparedSchema, right: ComparedSchema, types: readonly string[], watched: readonly string[]): SchemaComparison {
  const leftFlat = flattenSchema(left.provider.block, "provider");
  const rightFlat = flattenSchema(right.provider.block, "provider");
  const mismatches: [string, string, string][] = [];
  for (const type of types) {
    flattenSchema(left.resources[type].block, type, leftFlat);
    flattenSchema(right.resources[type].block, type, rightFlat);
    const [l, r] = [header(left.resources[type]), header(right.resources[type])];
    if (l !== r) mismatches.push([type, l, r]);
  }
  for (const p of [...new Set([...Object.keys(leftFlat), ...Object.keys(rightFlat)])].sort()) {
    if (leftFlat[p] !== rightFlat[p]) mismatches.push([p, leftFlat[p] || MISSING, rightFlat[p] || MISSING]);
  }
  return {
    watched: watched.map((p) => [p, leftFlat[p] || MISSING, rightFlat[p] || MISSING]),
    mismatches,
    rightPaths: Object.keys(rightFlat).length,
  };
}

/** A Markdown table with padded columns. */
export function formatTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
  return [line(head), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...rows.map(line)].join("\n");
}
