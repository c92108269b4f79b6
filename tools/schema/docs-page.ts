/**
 * Reads the "## Schema" section of one tfplugindocs markdown page (the provider's docs/resources/*.md or
 * docs/index.md) into the JSON schema form of its root block. Anything it does not recognise is an error
 * with file:line, never skipped.
 */
import { fail } from "./errors";
import { Attribute, Block, BlockType, CtyType, NestingMode, emptyBlock } from "./terraform-schema";

type Group = "required" | "optional" | "computed";
/** A docs type: a cty type whose object parts ({object: true}) are filled from a nested section. */
type DocsType = string | [string, DocsType] | { object: true };

interface Location {
  file: string;
  line: number;
}

interface AttributeItem {
  kind: "attribute";
  name: string;
  type: DocsType;
  ref: string | null;
  sensitive?: boolean;
  deprecated?: boolean;
  writeOnly?: boolean;
}

interface BlockItem {
  kind: "block";
  name: string;
  nesting: NestingMode;
  ref: string | null;
  minItems?: number;
  maxItems?: number;
  deprecated?: boolean;
}

type Item = (AttributeItem | BlockItem) & { group: Group; loc: Location };

interface Section {
  path: string[];
  anchor: string | null;
  items: Item[];
  loc: Location;
}

const ROOT_GROUPS: Record<string, Group> = { "### Required": "required", "### Optional": "optional", "### Read-Only": "computed" };
const NESTED_GROUPS: Record<string, Group> = { "Required:": "required", "Optional:": "optional", "Read-Only:": "computed" };
const ANCHOR_RE = /^<a id="((nestedblock|nestedatt|nestedobjatt)--[A-Za-z0-9_-]+)"><\/a>$/;
const NESTED_HEADING_RE = /^### Nested Schema for `([A-Za-z0-9_.]+)`$/;
const ITEM_RE = /^- `([A-Za-z0-9_]+)` \(/;
const SEE_BELOW_RE = /\(see \[below for nested schema\]\(#([A-Za-z0-9_-]+)\)\)$/;
const WRITE_ONLY_FLAG = "[Write-only](https://developer.hashicorp.com/terraform/language/resources/ephemeral#write-only-arguments)";
const BLOCK_KINDS: Record<string, NestingMode> = { Block: "single", "Block List": "list", "Block Set": "set", "Block Map": "map" };
const PRIMITIVES: Record<string, string> = { String: "string", Number: "number", Boolean: "bool", Dynamic: "dynamic" };

function docsError(loc: Location, message: string): never {
  return fail(`${loc.file}:${loc.line}: ${message}`);
}

/** The root block of the page's "## Schema" section; `file` names the page in error messages. */
export function parseDocsPage(text: string, file: string): Block {
  const { root, sections } = parseSchemaSection(text, file);
  const used = new Set<string>();
  const block = buildBlock(root, sections, used);
  for (const [anchor, section] of sections) {
    if (!used.has(anchor)) docsError(section.loc, `nested schema ${anchor} is not referenced by any attribute or block`);
  }
  return block;
}

/** Splits the "## Schema" section into the root section and the nested sections (keyed by anchor id). */
function parseSchemaSection(text: string, file: string): { root: Section; sections: Map<string, Section> } {
  const lines = text.split(/\r?\n/);
  const start = lines.indexOf("## Schema");
  if (start < 0) fail(`${file}: no "## Schema" section`);

  const root: Section = { path: [], anchor: null, items: [], loc: { file, line: start + 1 } };
  const sections = new Map<string, Section>();
  let section = root;
  let group: Group | null = null;
  let pendingAnchor: string | null = null;

  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    const loc = { file, line: i + 1 };
    if (/^## /.test(line)) break;
    if (line.trim() === "") continue;
    // Blockquotes are notes (e.g. about write-only arguments), never schema entries.
    if (line.startsWith("> ")) continue;

    const anchor = ANCHOR_RE.exec(line);
    if (anchor) {
      if (pendingAnchor) docsError(loc, 'anchor not followed by a "### Nested Schema for" heading');
      pendingAnchor = anchor[1];
      continue;
    }
    const heading = NESTED_HEADING_RE.exec(line);
    if (heading) {
      if (!pendingAnchor) docsError(loc, "nested schema heading without an anchor line before it");
      const nestedPath = heading[1].split(".");
      const expected = pendingAnchor.replace(/^[a-z]+--/, "");
      if (expected !== nestedPath.join("--")) docsError(loc, `heading path ${heading[1]} does not match anchor ${pendingAnchor}`);
      if (sections.has(pendingAnchor)) docsError(loc, `duplicate nested schema ${pendingAnchor}`);
      section = { path: nestedPath, anchor: pendingAnchor, items: [], loc };
      sections.set(pendingAnchor, section);
      pendingAnchor = null;
      group = null;
      continue;
    }
    if (pendingAnchor) docsError(loc, `expected "### Nested Schema for" heading after anchor ${pendingAnchor}`);

    const groups = section === root ? ROOT_GROUPS : NESTED_GROUPS;
    if (Object.prototype.hasOwnProperty.call(groups, line)) {
      group = groups[line];
      continue;
    }
    if (ITEM_RE.test(line)) {
      if (!group) docsError(loc, "schema entry outside a Required/Optional/Read-Only list");
      section.items.push({ ...parseItem(line, loc), group, loc });
      continue;
    }
    docsError(loc, `cannot parse schema line: ${line}`);
  }
  if (pendingAnchor) fail(`${file}: anchor ${pendingAnchor} at end of schema section`);
  return { root, sections };
}

/** Parses "- `name` (Type, Flag, ...) description (see [below ...](#anchor))". */
function parseItem(text: string, loc: Location): AttributeItem | BlockItem {
  const name = (ITEM_RE.exec(text) as RegExpExecArray)[1];
  const open = text.indexOf("(");
  const close = matchingParen(text, open);
  if (close < 0) docsError(loc, "unbalanced parentheses in type");
  const parts = text.slice(open + 1, close).split(", ");
  const see = SEE_BELOW_RE.exec(text.slice(close + 1));
  const ref = see ? see[1] : null;
  return parts[0].startsWith("Block") ? parseBlockItem(name, parts, ref, loc) : parseAttributeItem(name, parts, ref, loc);
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return -1;
}

function parseAttributeItem(name: string, parts: string[], ref: string | null, loc: Location): AttributeItem {
  const item: AttributeItem = { kind: "attribute", name, type: parseTypeExpr(parts[0], loc), ref };
  for (const flag of parts.slice(1)) {
    if (flag === "Sensitive") item.sensitive = true;
    else if (flag === "Deprecated") item.deprecated = true;
    else if (flag === WRITE_ONLY_FLAG) item.writeOnly = true;
    else docsError(loc, `unknown attribute flag "${flag}"`);
  }
  if (containsObject(item.type) !== Boolean(ref)) {
    docsError(loc, ref ? "nested schema link on a non-object attribute" : "object attribute without a nested schema link");
  }
  return item;
}

function parseBlockItem(name: string, parts: string[], ref: string | null, loc: Location): BlockItem {
  const nesting = BLOCK_KINDS[parts[0]];
  if (!nesting) docsError(loc, `unknown block kind "${parts[0]}"`);
  const item: BlockItem = { kind: "block", name, nesting, ref };
  for (const flag of parts.slice(1)) {
    const m = /^(Min|Max): (\d+)$/.exec(flag);
    if (m) item[m[1] === "Min" ? "minItems" : "maxItems"] = Number(m[2]);
    else if (flag === "Deprecated") item.deprecated = true;
    else if (nesting === "single" && flag === "Required") item.minItems = 1;
    else if (nesting === "single" && (flag === "Optional" || flag === "Read-only")) continue;
    else docsError(loc, `unknown block flag "${flag}"`);
  }
  if (!ref) docsError(loc, "block without a nested schema link");
  return item;
}

/** "List of Map of String" -> ["list", ["map", "string"]]; "Object" -> {object: true}, filled in later. */
function parseTypeExpr(text: string, loc: Location): DocsType {
  if (PRIMITIVES[text]) return PRIMITIVES[text];
  if (text === "Object") return { object: true };
  const m = /^(List|Set|Map) of (.+)$/.exec(text);
  if (m) return [m[1].toLowerCase(), parseTypeExpr(m[2], loc)];
  return docsError(loc, `unknown type "${text}"`);
}

function containsObject(type: DocsType): boolean {
  if (Array.isArray(type)) return containsObject(type[1]);
  return typeof type === "object";
}

function buildBlock(section: Section, sections: Map<string, Section>, used: Set<string>): Block {
  const block = emptyBlock();
  for (const item of section.items) {
    const itemPath = [...section.path, item.name];
    if (item.kind === "block") {
      block.block_types = block.block_types || {};
      if (block.block_types[item.name]) docsError(item.loc, `duplicate entry ${item.name}`);
      block.block_types[item.name] = buildBlockType(item, itemPath, sections, used);
    } else {
      block.attributes = block.attributes || {};
      if (block.attributes[item.name]) docsError(item.loc, `duplicate entry ${item.name}`);
      block.attributes[item.name] = buildAttribute(item, itemPath, sections, used);
    }
  }
  return block;
}

function buildBlockType(item: BlockItem & Item, itemPath: string[], sections: Map<string, Section>, used: Set<string>): BlockType {
  if ((item.minItems !== undefined && item.minItems > 0) !== (item.group === "required")) {
    docsError(item.loc, "block Min: items does not match its Required/Optional list");
  }
  const nested = takeSection(item, `nestedblock--${itemPath.join("--")}`, sections, used);
  const blockType: BlockType = { nesting_mode: item.nesting, block: buildBlock(nested, sections, used) };
  if (item.deprecated) blockType.block.deprecated = true;
  if (item.minItems) blockType.min_items = item.minItems;
  if (item.maxItems) blockType.max_items = item.maxItems;
  return blockType;
}

function buildAttribute(item: AttributeItem & Item, itemPath: string[], sections: Map<string, Section>, used: Set<string>): Attribute {
  const type = item.ref ? resolveObjectType(item, `nestedatt--${itemPath.join("--")}`, sections, used) : (item.type as CtyType);
  const attr: Attribute = { type, description_kind: "plain", [item.group]: true };
  if (item.sensitive) attr.sensitive = true;
  if (item.deprecated) attr.deprecated = true;
  if (item.writeOnly) attr.write_only = true;
  return attr;
}

/** Replaces the {object: true} placeholder inside item.type with ["object", {attr: type}] from the nested section. */
function resolveObjectType(item: AttributeItem & Item, expectedAnchor: string, sections: Map<string, Section>, used: Set<string>): CtyType {
  const nested = takeSection(item, expectedAnchor, sections, used);
  const attrTypes: Record<string, CtyType> = {};
  for (const child of nested.items) {
    if (child.kind !== "attribute" || child.sensitive || child.deprecated || child.writeOnly) {
      docsError(child.loc, "object attributes can only have a plain type");
    }
    if (child.group !== item.group) docsError(child.loc, `expected a ${item.group} list inside an object type`);
    const childPath = [...nested.path, child.name];
    attrTypes[child.name] = child.ref
      ? resolveObjectType(child, `nestedobjatt--${childPath.join("--")}`, sections, used)
      : (child.type as CtyType);
  }
  const fill = (type: DocsType): CtyType =>
    Array.isArray(type) ? [type[0], fill(type[1])] : typeof type === "object" ? ["object", attrTypes] : type;
  return fill(item.type);
}

function takeSection(item: Item, expectedAnchor: string, sections: Map<string, Section>, used: Set<string>): Section {
  if (item.ref !== expectedAnchor) docsError(item.loc, `links to #${item.ref}, expected #${expectedAnchor}`);
  const nested = sections.get(expectedAnchor);
  if (!nested) return docsError(item.loc, `nested schema #${item.ref} not found`);
  if (used.has(expectedAnchor)) docsError(item.loc, `nested schema #${item.ref} referenced twice`);
  used.add(expectedAnchor);
  return nested;
}
