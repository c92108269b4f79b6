/**
 * Terraform's native syntax (.tf files) as policy resources, without a provider or credentials: parsed by
 * tree-sitter's HCL grammar (positions for every finding) and evaluated as far as it is static: literals,
 * templates, locals, variables (defaults, .tfvars files, -var values), count and for_each over static
 * values, local modules, and references between resources. A reference to an attribute the configuration
 * sets statically is that value; any other reference stays a "${type.name.attribute}" reference that the
 * rules resolve to the resource (a grant's client_id); anything else (functions, data sources, expressions
 * of unknown values) becomes an unresolved "${...}" expression, so that the rules warn instead of passing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Language, Parser } from "web-tree-sitter";
import { LITERAL_INSTANCE_KEY, locationText, RULE_ID, TERRAFORM_META_ARGUMENTS, terraformLiteral, type PolicyResource, type Suppression } from "../policy";
import { DATE_PATTERN, isCalendarDate } from "../constructs/dates";
import { displayPath, InputFileError, isFolder, readRegularFile } from "../config/read-file";
import { secretReason } from "../audit/secrets";
import { CheckInputError } from "./errors";
import { callFunction } from "./hcl-functions";
import { named, type SyntaxNode } from "./hcl-syntax";
import { hexadecimalNumber, withGrammarNumbers } from "./hcl-numbers";
import { ANY_TYPE, convertToType, typeConstraint, typeProblem } from "./hcl-types";
import { convertResourceValues, resourceTypeProblem, loadProviderTypes, type ProviderTypes } from "./provider-types";
import { asBool, asNumber, hasInvalid, hasUnknown, Invalid, ResourceInstance, sameValue, setOwn, Unknown, type Value } from "./hcl-values";
import { nativeFromJson } from "./terraform-json-syntax";
import type { FileLine } from "./run";
import { jsonErrorText } from "../config/json-syntax";
import { textsOf } from "./sensitive-texts";
import { lexicalProblem } from "./hcl-lexical";

export interface HclConfiguration {
  readonly resources: PolicyResource[];
  /** the auth0 provider block's domain, when static */
  readonly domain?: string;
  /** the provider configuration of each resource that does not use the default one (address → auth0.<alias>) */
  readonly providers: ReadonlyMap<string, string>;
  /** the static domain of each aliased auth0 provider configuration of the root module (auth0.<alias> → domain) */
  readonly domains: ReadonlyMap<string, string>;
  /** `# tpa:ignore` comments on resource blocks (and on module calls and other blocks, where they suppress nothing) */
  readonly suppressions: Suppression[];
  /** `# tpa:ignore` comments on no block: TPA002 while in force, nothing once expired (a commented-out resource's) */
  readonly looseSuppressions: Suppression[];
  /** notes on how the configuration was read, as sentences */
  readonly notes: string[];
  /** module calls whose source tpa check does not read (a registry, git): TPA003 warnings */
  readonly unread: UnreadModule[];
  /** the texts of variables declared sensitive (and of what they hold), which no finding may show */
  readonly sensitive: readonly string[];
  locate(target: string, attribute?: string): FileLine | undefined;
}

/** A module call tpa check does not read, where it is written. */
export interface UnreadModule {
  readonly file: string;
  readonly line: number;
  /** the call's address, such as module.partner */
  readonly address: string;
  /** its source as written, or undefined when that is an expression */
  readonly source?: string;
}

/** A -var NAME=VALUE or a -var-file FILE of the command line. */
export type VariableAssignment = { readonly name: string; readonly value: string } | { readonly file: string };

export interface HclOptions {
  /** -var and -var-file, in command-line order (later ones win), after terraform.tfvars and *.auto.tfvars of the root folder */
  readonly assignments?: readonly VariableAssignment[];
  /** the TF_VAR_NAME environment variables, as NAME and value: below every file and -var, as in Terraform @default none */
  readonly environment?: readonly { readonly name: string; readonly value: string }[];
  /** the root module's variable values as a plan records them: they win over every other source @default none */
  readonly values?: Readonly<Record<string, unknown>>;
}

/** The root module's values from TF_VAR_NAME environment variables (Terraform's lowest-precedence source). */
export function environmentVariables(env: NodeJS.ProcessEnv): { name: string; value: string }[] {
  return Object.keys(env)
    .filter((k) => k.startsWith("TF_VAR_") && k.length > "TF_VAR_".length && env[k] !== undefined)
    .sort()
    .map((k) => ({ name: k.slice("TF_VAR_".length), value: env[k]! }));
}

/** One parsed file. */
interface SourceFile {
  readonly file: string;
  /** as written */
  readonly text: string;
  readonly root: SyntaxNode;
  /** the tree is of the text with numbers written as the grammar reads them (hcl-numbers.ts): its columns may be further right */
  readonly columnsMoved?: boolean;
  /** for a .tf.json file, read as its native text: the JSON's line of each line of that text */
  readonly jsonLines?: readonly number[];
}

/** The line (1-based) of a node in the file the user wrote. */
function lineOf(source: Pick<SourceFile, "jsonLines">, node: SyntaxNode): number {
  return source.jsonLines?.[node.startPosition.row] ?? node.startPosition.row + 1;
}

interface BlockInfo {
  readonly node: SyntaxNode;
  readonly file: SourceFile;
  readonly type: string;
  readonly labels: string[];
  /** the arguments and nested blocks of its body, each with its file: an override file's replace the block's own */
  readonly items: readonly BodyItem[];
  /** the blocks of override files merged into it, in the order Terraform applies them */
  readonly overrides: readonly BlockInfo[];
}

/** An argument or nested block of a block's body, and the file it is written in. */
interface BodyItem {
  readonly node: SyntaxNode;
  readonly file: SourceFile;
}

/** A module's blocks, read once per folder. */
interface ModuleSource {
  readonly dir: string;
  readonly blocks: BlockInfo[];
  /** the data sources it declares (type.name), at its top or in a check block, whose own expressions may name them */
  readonly dataSources: ReadonlySet<string>;
}

/** One instance of a module: its address prefix, variables and locals. */
interface ModuleInstance {
  readonly source: ModuleSource;
  /** module.a["k"]. (empty for the root module) */
  readonly prefix: string;
  /** module.a. without instance keys, for block addresses */
  readonly blockPrefix: string;
  readonly vars: Map<string, () => Value>;
  readonly locals: Map<string, () => Value>;
  /** resource blocks by type.name */
  readonly resources: Map<string, BlockInfo>;
  /** module blocks by name */
  readonly calls: Map<string, BlockInfo>;
  /** the real folders of the modules from the root to this one, which a module call must not name again */
  readonly folders: readonly string[];
  /** the root module's provider configuration a provider reference of this module means (auth0, auth0.eu, ...) */
  readonly provider: (reference: string) => string;
  /**
   * what holds a sensitive value here (var.key, local.derived): a variable declared sensitive or given one by its
   * caller, and a local whose expression names one. A value computed from one is sensitive too, as in Terraform.
   */
  readonly sensitive: Set<string>;
}

interface Scope {
  readonly module: ModuleInstance;
  readonly each?: { readonly key: Value; readonly value: Value };
  readonly count?: Value;
  /** the iterators of the dynamic blocks around an expression (the block's label, or its `iterator`) */
  readonly iterators?: Readonly<Record<string, { readonly key: Value; readonly value: Value }>>;
  /** the names a for expression binds */
  readonly bindings?: Readonly<Record<string, Value>>;
}

/** A line of a comment that is a suppression: after #, //, /* or a block comment's leading *, as editors write them */
const IGNORE = /^\s*(?:#|\/\/|\/\*+|\*)?\s*tpa:ignore\s+(\S+)(.*)$/;

/**
 * tree-sitter's HCL grammar, as WebAssembly (shipped in the grammar's package): no native build, and nothing
 * shared between loads. Loading is asynchronous; parsing is not.
 */
export async function loadHclParser(): Promise<Parser> {
  await Parser.init();
  // the bytes, not a path: loading a path makes the binding import node:fs/promises dynamically
  const language = await Language.load(fs.readFileSync(require.resolve("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm")));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

function parse(parser: Parser, file: string): SourceFile {
  // a FIFO or a device would block the read (or never end): only regular files are configuration; Terraform
  // refuses a file that is not UTF-8 (Invalid character encoding)
  let text: string;
  try {
    text = readRegularFile(file, undefined, { strictUtf8: true });
  } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    const at = e.position ? `:${e.position.line}:${e.position.column}` : "";
    throw new CheckInputError(`${displayPath(file)}${at}: ${/regular file/.test(e.reason) ? "not a regular file (a pipe, a socket or a device): remove it or rename it" : e.reason}`);
  }
  let jsonLines: readonly number[] | undefined;
  if (file.endsWith(".tf.json")) ({ text, lines: jsonLines } = nativeFromJson(text, displayPath(file)));
  const at = (node: SyntaxNode) => lineOf({ jsonLines }, node);
  const parsed = withGrammarNumbers(text);
  const tree = parser.parse(parsed);
  if (!tree) throw new CheckInputError(`${displayPath(file)}: could not be parsed`);
  // first: the error search below recurses
  const tooDeep = deeperThan(tree.rootNode, MAX_SYNTAX_DEPTH);
  if (tooDeep) {
    throw new CheckInputError(
      `${displayPath(file)}:${at(tooDeep)}: nested deeper than tpa check reads (${MAX_SYNTAX_DEPTH} syntax levels): flatten the value, or check a plan of it (tpa check --plan)`,
    );
  }
  if (tree.rootNode.hasError) {
    // an unclosed string or block, at the line Terraform names (tree-sitter recovers further on)
    const lexical = jsonLines ? undefined : lexicalProblem(text);
    if (lexical) throw new CheckInputError(`${displayPath(file)}:${lexical.line}: not valid HCL: ${lexical.problem}`);
    const bad = firstError(tree.rootNode) ?? tree.rootNode;
    const line = at(bad);
    const near = jsonLines ? "" : quotable(printable(text.split("\n")[line - 1] ?? "").trim()).slice(0, 60);
    if (jsonLines) throw new CheckInputError(`${displayPath(file)}:${line}: a string here is not a valid template (an unclosed \${ or %{?): fix it (terraform validate shows the same)`);
    throw new CheckInputError(`${displayPath(file)}:${line}: not valid HCL${near ? ` near "${near}"` : ""}: fix the syntax (terraform validate shows the same)`);
  }
  // in .tf.json files too: their strings are templates, whose interpolations hold numbers
  const hex = hexadecimalNumber(tree.rootNode, parsed);
  if (hex) throw new CheckInputError(`${displayPath(file)}:${at(hex)}: ${notDecimal()}`);
  const source = { file: displayPath(file), text, root: tree.rootNode, ...(parsed !== text && { columnsMoved: true }), ...(jsonLines && { jsonLines }) };
  const twice = argumentSetTwice(tree.rootNode);
  if (twice) {
    throw new CheckInputError(`${source.file}:${lineOf(source, twice)}: ${named(twice)[0]?.text} is set twice in one block: Terraform refuses that (Attribute redefined); keep one`);
  }
  return source;
}

/**
 * How deep a file's syntax tree may be. Real configurations stay far below (a block in a block in a resource,
 * an object of lists: a few dozen levels); the evaluation recurses once or twice per level, so a file nested
 * thousands of levels deep would exhaust the stack.
 */
const MAX_SYNTAX_DEPTH = 400;

/** The first node deeper than the limit, found without recursion. */
function deeperThan(root: SyntaxNode, limit: number): SyntaxNode | undefined {
  const cursor = root.walk();
  try {
    let depth = 0;
    for (;;) {
      if (depth > limit) return cursor.currentNode;
      if (cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** A line of a file as a message may quote it: control characters and undecodable bytes as "?". */
function printable(line: string): string {
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/g, "?");
}

/** The first argument set a second time in the same body (a block's, at any depth), as Terraform refuses it. */
function argumentSetTwice(node: SyntaxNode): SyntaxNode | undefined {
  const seen = new Set<string>();
  for (const child of named(node)) {
    if (node.type === "body" && child.type === "attribute") {
      const name = named(child)[0]?.text ?? "";
      if (seen.has(name)) return child;
      seen.add(name);
    }
    if (child.type === "block" || child.type === "body" || child.type === "config_file") {
      const inner = argumentSetTwice(child);
      if (inner) return inner;
    }
  }
  return undefined;
}

function firstError(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type === "ERROR" || node.isMissing) return node;
  for (const child of node.children.filter((c): c is SyntaxNode => c !== null)) {
    if (!child.hasError && !child.isMissing) continue;
    const found = firstError(child);
    if (found) return found;
  }
  return node.hasError ? node : undefined;
}

/** Names Terraform skips in a module folder: hidden files and editors' backup and lock files (.#main.tf, main.tf~, #main.tf#). */
function ignoredByTerraform(name: string): boolean {
  return name.startsWith(".") || name.endsWith("~") || (name.startsWith("#") && name.endsWith("#"));
}

/** A file of Terraform configuration: native syntax (.tf) or JSON syntax (.tf.json). */
function isConfigurationFile(name: string): boolean {
  return name.endsWith(".tf") || name.endsWith(".tf.json");
}

/** The .tf and .tf.json files of a folder, sorted, as Terraform reads a module. */
function tfFiles(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    throw new CheckInputError(`${displayPath(dir)}: cannot read the folder`);
  }
  return entries
    .filter((e) => isConfigurationFile(e.name) && !e.isDirectory() && !ignoredByTerraform(e.name) && !(e.isSymbolicLink() && isFolder(path.join(dir, e.name))))
    .map((e) => e.name)
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * A module's blocks, as Terraform loads them: the primary files, then the override files (override.tf,
 * *_override.tf and their .tf.json forms) merged into them, in name order.
 */
function moduleSource(parser: Parser, files: readonly string[], dir: string): ModuleSource {
  const blocks: BlockInfo[] = [];
  const overrides: BlockInfo[] = [];
  for (const file of files) {
    const source = parse(parser, file);
    const body = named(source.root).find((c) => c.type === "body");
    for (const node of named(body)) {
      if (node.type !== "block") continue;
      const [id, ...rest] = named(node);
      const labels = rest.filter((c) => c.type === "string_lit" || c.type === "identifier").map((c) => (c.type === "identifier" ? c.text : stringLiteral(c)));
      refuseUnknownBlock(source, node, id.text, labels.length);
      const items = named(bodyOf(node)).map((item) => ({ node: item, file: source }));
      (isOverrideFile(file) ? overrides : blocks).push({ node, file: source, type: id.text, labels, items, overrides: [] });
    }
  }
  refuseDuplicates(blocks);
  for (const o of overrides) {
    if (o.type === "locals") {
      mergeLocals(blocks, o);
      continue;
    }
    if (!MERGED.has(o.type)) continue; // not merged by Terraform (moved, import, check: refused there)
    const at = blocks.findIndex((b) => b.type === o.type && sameLabels(b, o));
    if (at < 0) {
      // an absent default provider configuration is an empty one; a data source may live in a check block
      if (o.type === "provider" && !argument(o, "alias")) blocks.push(o);
      else if (o.type !== "terraform" && o.type !== "data") throw new CheckInputError(
        `${o.file.file}:${lineOf(o.file, o.node)}: overrides ${o.type} ${o.labels.map((l) => `"${l}"`).join(" ")}, which no other file of the module declares: Terraform refuses an override without its base; declare the block in a primary file, or move it out of the override file`,
      );
      continue;
    }
    const base = blocks[at];
    blocks[at] = { ...base, items: overriddenItems(base.items, o.items), overrides: [...base.overrides, o] };
  }
  return { dir, blocks, dataSources: dataSourcesOf(blocks) };
}

function dataSourcesOf(blocks: readonly BlockInfo[]): Set<string> {
  const out = new Set<string>();
  for (const b of blocks) {
    if (b.type === "data") out.add(b.labels.join("."));
    if (b.type !== "check") continue;
    for (const { node } of b.items) {
      if (node.type === "block" && named(node)[0]?.text === "data") out.add(named(node).slice(1).filter((c) => c.type === "string_lit").map(stringLiteral).join("."));
    }
  }
  return out;
}

/** The blocks a module's files hold at their top, by the number of labels each takes, as Terraform 1.11 reads them. */
const TOP_LEVEL_BLOCKS: Readonly<Record<string, number>> = {
  terraform: 0,
  locals: 0,
  moved: 0,
  import: 0,
  removed: 0,
  provider: 1,
  variable: 1,
  output: 1,
  module: 1,
  check: 1,
  resource: 2,
  data: 2,
  ephemeral: 2,
};

/** A block Terraform does not take at a module's top, or with another number of labels: refused before any plan. */
function refuseUnknownBlock(file: SourceFile, node: SyntaxNode, type: string, labels: number): void {
  const at = `${file.file}:${lineOf(file, node)}`;
  const wanted = Object.hasOwn(TOP_LEVEL_BLOCKS, type) ? TOP_LEVEL_BLOCKS[type] : undefined;
  if (wanted === undefined) {
    throw new CheckInputError(`${at}: a "${type.slice(0, 40)}" block is none Terraform takes here (Error: Unsupported block type): ${Object.keys(TOP_LEVEL_BLOCKS).join(", ")} are`);
  }
  if (labels !== wanted) {
    const needs = wanted === 0 ? "no label" : wanted === 1 ? "one label (its name)" : "two labels (its type and its name)";
    throw new CheckInputError(`${at}: a ${type} block takes ${needs}, this one has ${labels} (Error: ${labels > wanted ? "Extraneous label" : "Missing name"})`);
  }
}

/** override.tf, override.tf.json, or a name ending in _override.tf(.json): Terraform's override files. */
function isOverrideFile(file: string): boolean {
  return /^(?:.*_)?override\.tf(?:\.json)?$/.test(path.basename(file));
}

/** Blocks declared once per module: Terraform refuses a second. */
const DECLARED_ONCE = new Set(["resource", "data", "module", "variable", "output"]);

/** Blocks an override file's block is merged into (locals are merged value by value). */
const MERGED = new Set([...DECLARED_ONCE, "provider", "terraform"]);

/** The same block: type and labels, and for a provider configuration the same alias. */
function sameLabels(a: BlockInfo, b: BlockInfo): boolean {
  if (a.labels.length !== b.labels.length || a.labels.some((l, i) => l !== b.labels[i])) return false;
  return a.type !== "provider" || argument(a, "alias")?.text.trim() === argument(b, "alias")?.text.trim();
}

/** Two primary blocks of one resource, data source, module, variable or output: Terraform refuses the configuration. */
function refuseDuplicates(blocks: readonly BlockInfo[]): void {
  const seen = new Map<string, { file: SourceFile; node: SyntaxNode }>();
  const declare = (key: string, file: SourceFile, node: SyntaxNode) => {
    const first = seen.get(key);
    if (!first) {
      seen.set(key, { file, node });
      return;
    }
    throw new CheckInputError(
      `${file.file}:${lineOf(file, node)}: ${key} is declared again (first at ${first.file.file}:${lineOf(first.file, first.node)}): Terraform refuses the duplicate; rename one, or change it in an override file (override.tf)`,
    );
  };
  for (const b of blocks) {
    if (DECLARED_ONCE.has(b.type) && b.labels.length > 0) declare(`${b.type} ${b.labels.map((l) => `"${l}"`).join(" ")}`, b.file, b.node);
    // one configuration per provider and alias (Duplicate provider configuration)
    if (b.type === "provider" && b.labels.length === 1) {
      const alias = argument(b, "alias")?.text.trim();
      declare(`provider "${b.labels[0]}"${alias ? ` with alias = ${alias}` : " without an alias"}`, b.file, b.node);
    }
    // a local value once in the module, whichever file and block (Duplicate local value definition)
    if (b.type === "locals") {
      for (const { node, file } of b.items) if (node.type === "attribute") declare(`local.${named(node)[0].text}`, file, node);
    }
  }
}

/**
 * A block's body with an override's: each argument replaces the argument of its name, and the nested blocks of
 * a type (dynamic blocks of that type included) replace all the block's nested blocks of that type.
 */
function overriddenItems(base: readonly BodyItem[], override: readonly BodyItem[]): BodyItem[] {
  const key = (item: BodyItem) => (item.node.type === "attribute" ? `=${named(item.node)[0]?.text}` : `{${dynamicLabel(item.node) ?? named(item.node)[0]?.text}`);
  const replaced = new Set(override.map(key));
  return [...base.filter((item) => !replaced.has(key(item))), ...override];
}

/** An override file's locals: each replaces the local value of its name, whichever locals block declares it. */
function mergeLocals(blocks: BlockInfo[], o: BlockInfo): void {
  for (const item of o.items) {
    if (item.node.type !== "attribute") continue;
    const name = named(item.node)[0]?.text;
    const at = blocks.findIndex((b) => b.type === "locals" && b.items.some((i) => isArgument(i.node, name)));
    if (at < 0) {
      throw new CheckInputError(
        `${o.file.file}:${lineOf(item.file, item.node)}: overrides local.${name}, which no other file of the module declares: Terraform refuses an override without its base; declare it in a primary file's locals`,
      );
    }
    const base = blocks[at];
    blocks[at] = { ...base, items: overriddenItems(base.items, [item]), overrides: [...base.overrides, o] };
  }
}

/** Reads a root module (folders and .tf files) and evaluates its auth0_* resources. */
export function readHcl(parser: Parser, inputs: readonly string[], options: HclOptions = {}): HclConfiguration {
  const files: string[] = [];
  // a file named twice (a folder and a file in it, a folder twice) is read once: it is one file of the module
  const seen = new Set<string>();
  const add = (file: string) => {
    let real = path.resolve(file);
    try {
      real = fs.realpathSync(file);
    } catch {
      // a broken link or a loop: reading it says what it is
    }
    if (seen.has(real)) return;
    seen.add(real);
    files.push(file);
  };
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new CheckInputError(`${input}: no such file or folder`);
    if (fs.statSync(input).isDirectory()) tfFiles(input).forEach(add);
    else if (isConfigurationFile(input)) add(input);
    else throw new CheckInputError(`${input}: not a .tf or .tf.json file or a folder of them (for a plan, use --plan PLAN.json)`);
  }
  if (files.length === 0) throw new CheckInputError(`${inputs.join(", ")}: no .tf or .tf.json files here`);
  const rootDir = fs.statSync(inputs[0]).isDirectory() ? inputs[0] : path.dirname(inputs[0]);
  const reader = new Reader(parser, rootDir, loadProviderTypes());
  const given = rootVariables(parser, rootDir, options);
  const root = reader.instantiate(moduleSource(parser, files, rootDir), "", "", given);
  // as terraform plan -var refuses it (a TF_VAR_ or a .tfvars value for no variable is only a warning there)
  for (const [name, value] of given) {
    if (value.origin === `--var ${name}` && !root.vars.has(name)) {
      throw new CheckInputError(`--var ${name}: the root module declares no variable "${name}" (Error: Value for undeclared variable): declare it, or remove the --var`);
    }
  }
  reader.collect(root);
  return reader.result(root);
}

/** A variable's value as given: a -var or TF_VAR_ text (origin names which), a .tfvars expression (in a scope), or JSON. */
interface GivenValue {
  readonly node?: SyntaxNode;
  readonly raw?: string;
  readonly origin?: string;
  readonly json?: unknown;
  readonly scope?: Scope;
  /** where a .tfvars file assigns it (file:line, or the file of a JSON one): where a wrong value is reported */
  readonly at?: string;
}

/** -var and .tfvars values of the root module: raw text for strings, else parsed as HCL expressions. */
function rootVariables(parser: Parser, rootDir: string, options: HclOptions): Map<string, GivenValue> {
  const out = new Map<string, GivenValue>();
  const auto = fs.existsSync(rootDir)
    ? fs.readdirSync(rootDir).filter((f) => f === "terraform.tfvars" || f === "terraform.tfvars.json" || /\.auto\.tfvars(\.json)?$/.test(f)).sort()
    : [];
  const ordered: (VariableAssignment | { readonly name: string; readonly value: string; readonly origin: string })[] = [
    ...(options.environment ?? []).map((e) => ({ ...e, origin: `TF_VAR_${e.name}` })),
    ...auto.sort((a, b) => Number(b.startsWith("terraform.tfvars")) - Number(a.startsWith("terraform.tfvars"))).map((f) => ({ file: path.join(rootDir, f) })),
    ...(options.assignments ?? []),
  ];
  for (const assignment of ordered) {
    if (!("file" in assignment)) {
      out.set(assignment.name, { raw: assignment.value, origin: "origin" in assignment ? assignment.origin : `--var ${assignment.name}` });
      continue;
    }
    const file = assignment.file;
    if (file.endsWith(".json")) {
      let json: unknown;
      const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
      try {
        json = JSON.parse(text);
      } catch {
        throw new CheckInputError(`${jsonErrorText(displayPath(file), text)} (a JSON .tfvars file)`);
      }
      if (!json || typeof json !== "object" || Array.isArray(json)) throw new CheckInputError(`${displayPath(file)}: a JSON .tfvars file holds one object of NAME: VALUE`);
      for (const [k, v] of Object.entries(json)) out.set(k, { json: v, at: displayPath(file) });
      continue;
    }
    const source = parse(parser, file);
    const body = named(source.root).find((c) => c.type === "body");
    for (const node of named(body)) {
      if (node.type === "attribute") out.set(named(node)[0].text, { node: named(node)[1], at: `${source.file}:${lineOf(source, node)}` });
      else if (node.type === "block") throw new CheckInputError(`${source.file}:${lineOf(source, node)}: a .tfvars file holds NAME = VALUE lines only`);
    }
  }
  for (const [name, value] of Object.entries(options.values ?? {})) out.set(name, { json: value });
  return out;
}

class Reader {
  constructor(
    private readonly parser: Parser,
    /** the root module's folder: Terraform's working directory, which path.module and file() paths are relative to */
    private readonly rootDir: string,
    /** the provider schema's attribute types, which Terraform converts configured values to */
    private readonly types: ProviderTypes,
  ) {}

  private readonly resources: PolicyResource[] = [];
  private readonly suppressions: Suppression[] = [];
  private readonly notes: string[] = [];
  private readonly unread: UnreadModule[] = [];
  private readonly blockLines = new Map<string, FileLine>();
  private readonly providers = new Map<string, string>();
  private readonly modules = new Map<string, { scope: Scope; instance: ModuleInstance }[] | undefined>();
  private readonly outputValues = new Map<ModuleInstance, Record<string, Value>>();
  private readonly attributeLines = new Map<string, FileLine>();
  private readonly evaluating = new Set<string>();
  /** suppression comments on no block (a commented-out resource's): unused while in force, left out once expired */
  private readonly loose: Suppression[] = [];
  /** the files already searched for suppressions that suppress nothing (a module's file, read once for all its instances) */
  private readonly strayChecked = new Set<string>();
  /** the values of variables declared sensitive: never shown in a finding */
  private readonly sensitiveValues: (() => Value)[] = [];
  /** the root module's aliased auth0 provider configurations (aliasedProviders) */
  private aliases?: Map<string, BlockInfo>;
  private readonly instanceValues = new Map<string, Map<string, Value>>();
  private readonly references = new Map<string, Value>();

  instantiate(
    source: ModuleSource,
    prefix: string,
    blockPrefix: string,
    given: Map<string, GivenValue>,
    callers: readonly string[] = [],
    provider: (reference: string) => string = (reference) => reference,
  ): ModuleInstance {
    const folders = [...callers, fs.realpathSync(source.dir)];
    const module: ModuleInstance = { source, prefix, blockPrefix, vars: new Map(), locals: new Map(), resources: new Map(), calls: new Map(), folders, provider, sensitive: new Set() };
    for (const b of source.blocks) {
      if (b.type === "variable" && b.labels[0]) {
        const name = b.labels[0];
        const value = given.get(name);
        const declared = argument(b, "default");
        const typeNode = argument(b, "type");
        const type = typeNode?.text.trim();
        const passed = (): Value | undefined => {
          // -var of a primitive type is its text, converted to the type below ("0" for a bool is false)
          if (value?.raw !== undefined) return type === undefined || PRIMITIVE_TYPES.has(type) ? value.raw : this.rawValue(value.raw, value.origin ?? `--var ${name}`, module);
          if (value?.json !== undefined) return value.json as Value;
          if (value?.node) return this.evaluate(value.node, value.scope ?? { module });
          return undefined;
        };
        const value$ = memo(() => {
            let v = passed();
            const declaredAt = `${b.file.file}:${lineOf(b.file, b.node)}`;
            let from = value?.origin ?? "the value given";
            let at = value?.at ?? declaredAt;
            // nullable = false: a null value means the default, as in Terraform
            if (v === undefined || (v === null && argument(b, "nullable")?.text.trim() === "false")) {
              v = declared ? this.evaluate(declared, { module }) : undefined;
              from = "its default";
              at = declaredAt;
            }
            if (v === undefined) return new Unknown(`var.${name}`);
            const constraint = typeNode ? typeConstraint(typeNode, (n) => this.evaluate(n, { module })) : ANY_TYPE;
            const converted = convertToType(constraint, v);
            // a value of another type is no value Terraform plans with: it refuses it, so it is not checked as one here
            const problem = typeProblem(constraint, converted);
            if (problem) throw new CheckInputError(`${at}: var.${name}: ${from} ${problem}: Terraform refuses it (Invalid value for input variable)`);
            return converted;
        });
        module.vars.set(name, value$);
        const givenSensitive = value?.node !== undefined && value.scope !== undefined && namesSensitive(value.node.text, value.scope.module);
        if (declaredSensitive(b) || givenSensitive) {
          module.sensitive.add(`var.${name}`);
          this.sensitiveValues.push(value$);
        }
      }
      if (b.type === "locals") {
        for (const { node: attribute } of b.items) {
          if (attribute.type !== "attribute") continue;
          const name = named(attribute)[0].text;
          const key = `${prefix}local.${name}`;
          module.locals.set(
            name,
            memo(() => {
              // asked again while its own value is being made: a cycle, which Terraform refuses before any plan
              if (this.evaluating.has(key)) {
                throw new CheckInputError(`${b.file.file}:${lineOf(b.file, attribute)}: local.${name} depends on itself through other locals: Terraform refuses a cycle (Error: Cycle); break it`);
              }
              return this.guarded(key, () => this.evaluate(named(attribute)[1], { module }));
            }),
          );
        }
      }
      if (b.type === "resource" && b.labels.length === 2) module.resources.set(`${b.labels[0]}.${b.labels[1]}`, b);
      if (b.type === "module" && b.labels[0]) module.calls.set(b.labels[0], b);
    }
    // locals that name a sensitive value, and those that name such a local, ...
    for (let grew = true; grew; ) {
      grew = false;
      for (const b of source.blocks) {
        if (b.type !== "locals") continue;
        for (const { node: attribute } of b.items) {
          if (attribute.type !== "attribute") continue;
          const [key, expression] = named(attribute);
          const local = `local.${key.text}`;
          if (!module.sensitive.has(local) && expression && namesSensitive(expression.text, module)) {
            module.sensitive.add(local);
            grew = true;
          }
        }
      }
    }
    return module;
  }

  collect(module: ModuleInstance): void {
    // every local, used or not: Terraform evaluates them all, and refuses a cycle among unused ones too
    for (const local of module.locals.values()) local();
    for (const b of module.source.blocks) {
      if (b.type === "resource" && b.labels.length === 2 && b.labels[0].startsWith("auth0_")) this.collectResource(module, b);
      if (b.type === "module" && b.labels[0]) this.collectModule(module, b);
    }
    this.collectStraySuppressions(module);
  }

  /**
   * `# tpa:ignore` comments that suppress nothing: above a module call or another provider's resource, or apart from
   * any block (a blank line between). Each is an unused suppression (TPA002), never silently dropped.
   */
  private collectStraySuppressions(module: ModuleInstance): void {
    // a module's files once, whatever the number of its instances
    const files = new Map(module.source.blocks.filter((b) => !this.strayChecked.has(b.file.file)).map((b) => [b.file.file, b.file]));
    if (files.size === 0) return;
    const taken = new Set(this.suppressions.map((s) => s.origin));
    for (const file of files.values()) {
      this.strayChecked.add(file.file);
      for (const c of file.root.descendantsOfType("comment")) {
        if (!c) continue;
        c.text.split("\n").forEach((text, i) => {
          const m = IGNORE.exec(text.replace(/\*\/\s*$/, ""));
          if (!m) return;
          const location = { file: file.file, line: lineOf(file, c) + i, ...(!file.jsonLines && i === 0 && { column: columnOf(file, c) }) };
          const target = strayTarget(module, c);
          let s: Suppression;
          try {
            s = suppression(target, m, location);
          } catch (e) {
            // on no block, text that is no suppression (an example of the syntax) is a comment like any other
            if (e instanceof CheckInputError) return;
            throw e;
          }
          if (taken.has(s.origin)) return;
          if (target === NO_BLOCK) this.loose.push(s);
          else this.suppressions.push(s);
        });
      }
    }
  }

  private collectResource(module: ModuleInstance, b: BlockInfo): void {
    const [type, name] = b.labels;
    const target = `${module.blockPrefix}${type}.${name}`;
    this.blockLines.set(target, { file: b.file.file, line: lineOf(b.file, b.node) });
    for (const { node: attribute, file } of b.items) {
      const key = dynamicLabel(attribute) ?? named(attribute)[0]?.text;
      if ((attribute.type === "attribute" || attribute.type === "block") && key && !this.attributeLines.has(`${target}|${key}`)) {
        this.attributeLines.set(`${target}|${key}`, { file: file.file, line: lineOf(file, attribute) });
      }
    }
    for (const written of [b, ...b.overrides]) this.suppressions.push(...suppressionsOf(written, target));
    const providerNode = argument(b, "provider");
    if (providerNode && module.prefix === "") this.refuseUndeclaredAlias(module, providerNode, b, `${type}.${name}`);
    const provider = module.provider(providerNode ? providerReference(providerNode) : DEFAULT_PROVIDER);
    const forEach = argument(b, "for_each");
    const overSensitive = forEach !== undefined && namesSensitive(forEach.text, module);
    const instances = this.instances(b, { module });
    if (overSensitive) this.refuseSensitiveKeys(b, forEach, instances);
    for (const scope of instances) {
      const address = `${module.prefix}${type}.${name}${keySuffix(scope)}`;
      if (provider !== DEFAULT_PROVIDER) this.providers.set(address, provider);
      const attributes = this.attributes(b, scope, address);
      // an argument or block whose expression names a sensitive value: what it evaluates to is sensitive too
      for (const { node: item } of b.items) {
        const key = dynamicLabel(item) ?? named(item)[0]?.text;
        const value = key === undefined ? undefined : attributes.get(key);
        // each.value of a for_each over a sensitive value: what it holds is too
        if (value !== undefined && (namesSensitive(item.text, module) || (overSensitive && /\beach\./.test(item.text)))) this.sensitiveValues.push(() => value);
      }
      this.resources.push({ type, name, address, attributes: toAttributes(attributes), annotation: { target } });
    }
  }

  /**
   * An instance key that is a sensitive value's text (for_each = toset(keys(var.secrets))): it would be shown in the
   * instance's address, which Terraform refuses (Invalid for_each argument). Not quoted.
   */
  private refuseSensitiveKeys(b: BlockInfo, forEach: SyntaxNode, instances: readonly Scope[]): void {
    const secret = new Set(this.sensitiveValues.flatMap((value) => textsOf(value())));
    if (!instances.some((scope) => typeof scope.each?.key === "string" && secret.has(scope.each.key))) return;
    throw new CheckInputError(
      `${b.file.file}:${lineOf(b.file, forEach)}: for_each's keys come from a sensitive value, and each would be shown in an instance's address: Terraform refuses it (Invalid for_each argument); key the instances by something that is not secret`,
    );
  }

  /**
   * A root module's resource that names an auth0 provider configuration the module does not declare: Terraform refuses
   * the configuration ("Provider configuration not present"). (A child module's aliases come from its caller.)
   */
  private refuseUndeclaredAlias(root: ModuleInstance, providerNode: SyntaxNode, b: BlockInfo, address: string): void {
    const reference = providerReference(providerNode);
    if (!reference.startsWith(`${DEFAULT_PROVIDER}.`) || this.aliasedProviders(root).has(reference)) return;
    const at = b.items.find((i) => isArgument(i.node, "provider"))?.file ?? b.file;
    throw new CheckInputError(
      `${at.file}:${lineOf(at, providerNode)}: ${address}: provider = ${reference}, and no provider "${DEFAULT_PROVIDER}" block of the module has alias = "${reference.slice(DEFAULT_PROVIDER.length + 1)}": Terraform refuses it (Provider configuration not present); declare that provider configuration, or use the default one`,
    );
  }

  /** The root module's aliased auth0 provider configurations, by reference (auth0.<alias>), evaluated once. */
  private aliasedProviders(root: ModuleInstance): ReadonlyMap<string, BlockInfo> {
    if (!this.aliases) {
      this.aliases = new Map();
      for (const b of root.source.blocks) {
        const alias = b.type === "provider" && b.labels[0] === DEFAULT_PROVIDER ? argument(b, "alias") : undefined;
        const value = alias && this.evaluate(alias, { module: root });
        if (typeof value === "string") this.aliases.set(`${DEFAULT_PROVIDER}.${value}`, b);
      }
    }
    return this.aliases;
  }

  private collectModule(parent: ModuleInstance, b: BlockInfo): void {
    for (const { instance } of this.moduleInstances(parent, b) ?? []) this.collect(instance);
  }

  /**
   * The instances of a module call (read once, for its resources and for references to its outputs), or
   * undefined for a module tpa check does not read (from a registry: a note says so).
   */
  private moduleInstances(parent: ModuleInstance, b: BlockInfo): { scope: Scope; instance: ModuleInstance }[] | undefined {
    const key = `${parent.prefix}module.${b.labels[0]}`;
    if (!this.modules.has(key)) this.modules.set(key, this.readModule(parent, b));
    return this.modules.get(key);
  }

  private readModule(parent: ModuleInstance, b: BlockInfo): { scope: Scope; instance: ModuleInstance }[] | undefined {
    const name = b.labels[0];
    const sourceNode = argument(b, "source");
    const sourceValue = sourceNode && this.evaluate(sourceNode, { module: parent });
    if (typeof sourceValue !== "string" || !/^\.\.?\//.test(sourceValue)) {
      this.unread.push({
        file: b.file.file,
        line: lineOf(b.file, b.node),
        address: `${parent.prefix}module.${name}`,
        ...(typeof sourceValue === "string" && { source: sourceValue }),
      });
      return undefined;
    }
    const dir = path.join(path.dirname(path.resolve(b.file.file)), sourceValue);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw new CheckInputError(`${b.file.file}:${lineOf(b.file, b.node)}: module "${name}": no folder ${sourceValue}`);
    }
    if (parent.folders.includes(fs.realpathSync(dir))) {
      throw new CheckInputError(`${b.file.file}:${lineOf(b.file, b.node)}: module "${name}" (${sourceValue}) is a module that calls this one: Terraform cannot load a cycle of modules; call a module outside it`);
    }
    const source = moduleSource(this.parser, tfFiles(dir), dir);
    // providers = { auth0 = auth0.eu }: what the module's references mean; without it, the module inherits the default
    const mapping = new Map<string, string>();
    const providersNode = argument(b, "providers");
    for (const elem of providersNode ? providersNode.descendantsOfType("object_elem").filter((e): e is SyntaxNode => e !== null) : []) {
      const [k, v] = named(elem).filter((c) => c.type === "expression");
      if (k && v) mapping.set(providerReference(k), parent.provider(providerReference(v)));
    }
    const passed = (reference: string) => mapping.get(reference) ?? (reference === DEFAULT_PROVIDER ? parent.provider(DEFAULT_PROVIDER) : reference);
    return this.instances(b, { module: parent }).map((scope) => {
      const given = new Map<string, { node: SyntaxNode; scope: Scope }>();
      for (const { node: attribute } of b.items) {
        const key = named(attribute)[0]?.text;
        if (attribute.type === "attribute" && key && !TERRAFORM_META_ARGUMENTS.has(key) && key !== "source" && key !== "version" && key !== "providers") {
          given.set(key, { node: named(attribute)[1], scope });
        }
      }
      const instance = this.instantiate(source, `${parent.prefix}module.${name}${keySuffix(scope)}.`, `${parent.blockPrefix}module.${name}.`, given, parent.folders, passed);
      return { scope, instance };
    });
  }

  /** module.NAME.OUTPUT, module.NAME[KEY].OUTPUT: the outputs of a local module's instances, as far as static. */
  private moduleReference(node: SyntaxNode, name: string | undefined, steps: readonly SyntaxNode[], scope: Scope, text: string): Value {
    const b = name ? scope.module.calls.get(name) : undefined;
    if (name && !b && node.text === "module") throw this.undeclared(node, scope, `module.${name}`, "module", `a module "${name}" block`);
    const list = b && this.moduleInstances(scope.module, b);
    if (!b || !list) return new Unknown(text);
    const outputs = ({ instance }: { instance: ModuleInstance }) => this.outputs(instance);
    let value: Value;
    if (argument(b, "count")) value = list.every((i) => typeof i.scope.count === "number") ? list.map(outputs) : new Unknown(text);
    else if (argument(b, "for_each")) {
      value = list.every((i) => typeof i.scope.each?.key === "string") ? Object.fromEntries(list.map((i) => [i.scope.each!.key as string, outputs(i)])) : new Unknown(text);
    } else value = list[0] ? outputs(list[0]) : new Unknown(text);
    return applyTraversal(value, steps, (n) => this.evaluate(n, scope), text);
  }

  /** A module instance's outputs by name, each evaluated once. */
  private outputs(instance: ModuleInstance): Record<string, Value> {
    let out = this.outputValues.get(instance);
    if (!out) {
      out = {};
      for (const b of instance.source.blocks) {
        const value = b.type === "output" && b.labels[0] ? argument(b, "value") : undefined;
        if (!value) continue;
        const evaluated = this.guarded(`${instance.prefix}output.${b.labels[0]}`, () => this.evaluate(value, { module: instance }));
        out[b.labels[0]] = evaluated;
        // an output declared sensitive, or computed from a sensitive value, is sensitive where the caller uses it
        if (declaredSensitive(b) || namesSensitive(value.text, instance)) this.sensitiveValues.push(() => evaluated);
      }
      this.outputValues.set(instance, out);
    }
    return out;
  }

  /** The scopes of a block's instances: count, for_each, or one (also when they are not static). */
  private instances(b: BlockInfo, scope: Scope): Scope[] {
    const count = argument(b, "count");
    const forEach = argument(b, "for_each");
    if (count && forEach) throw new CheckInputError(`${b.file.file}:${lineOf(b.file, forEach)}: count and for_each on one block: Terraform refuses the combination (Invalid combination of "count" and "for_each"); give one`);
    if (count) {
      const given = this.evaluate(count, scope);
      const n = asNumber(given); // count = "3" (a string variable) is the number Terraform converts it to
      if (given === null || typeof given === "boolean" || (typeof given === "string" && n === undefined)) {
        // a string is not quoted: it may be a sensitive variable's value
        const what = given === null ? "null" : typeof given === "boolean" ? `${given}, a bool` : "text that is no number";
        throw new CheckInputError(`${b.file.file}:${lineOf(b.file, count)}: count is ${what}: Terraform refuses it (Invalid count argument): give a whole number of 0 or more`);
      }
      if (n !== undefined) {
        // as Terraform refuses it when it plans, naming the argument
        if (!Number.isInteger(n) || n < 0) throw new CheckInputError(`${b.file.file}:${lineOf(b.file, count)}: count is ${n}: Terraform refuses a count that is not a whole number of 0 or more`);
        return Array.from({ length: n }, (_, i) => ({ ...scope, count: i }));
      }
      return [{ ...scope, count: new Unknown("count.index") }];
    }
    if (forEach) {
      const over = this.evaluate(forEach, scope);
      if (over === null) throw new CheckInputError(`${b.file.file}:${lineOf(b.file, forEach)}: for_each is null: Terraform refuses it (for no instances, give {} or toset([]))`);
      if (Array.isArray(over) && over.every((k) => typeof k === "string")) return (over as string[]).map((k) => ({ ...scope, each: { key: k, value: k } }));
      if (over && typeof over === "object" && !Array.isArray(over) && !(over instanceof Unknown)) {
        return Object.keys(over).sort().map((k) => ({ ...scope, each: { key: k, value: (over as Record<string, Value>)[k] } }));
      }
      return [{ ...scope, each: { key: new Unknown("each.key"), value: new Unknown("each.value") } }];
    }
    return [scope];
  }

  /** A resource instance's arguments and nested blocks, evaluated once. */
  private attributes(b: BlockInfo, scope: Scope, address: string): Map<string, Value> {
    const done = this.instanceValues.get(address);
    if (done) return done;
    const values = this.guarded(address, () => bodyValues(b.items.map((i) => i.node), scope, (node, s) => this.evaluate(node, s)));
    // as the provider receives them: each value converted to its attribute's type (is_first_party = "0" is false)
    const map = values instanceof Unknown ? new Map<string, Value>() : convertResourceValues(this.types, b.labels[0], values as unknown as Map<string, Value>);
    // a value of another type (grant_types = "implicit") is no value the provider gets: Terraform refuses the plan
    const mistyped = resourceTypeProblem(this.types, b.labels[0], map);
    if (mistyped) {
      const top = mistyped.path.split(".")[0];
      const item = b.items.find((i) => (dynamicLabel(i.node) ?? named(i.node)[0]?.text) === top)?.node ?? b.node;
      throw new CheckInputError(`${b.file.file}:${lineOf(b.file, item)}: ${mistyped.path} ${mistyped.problem}: Terraform refuses it (${mistyped.error ?? "Incorrect attribute value type"})`);
    }
    this.instanceValues.set(address, map);
    return map;
  }

  private guarded<T>(key: string, fn: () => T): T | Unknown {
    if (this.evaluating.has(key)) return new Unknown(key);
    this.evaluating.add(key);
    try {
      return fn();
    } finally {
      this.evaluating.delete(key);
    }
  }

  /** A -var (or TF_VAR_) value of a typed variable: an HCL literal (a list, an object, a number, ...), else the text. `origin` names it in errors. */
  private rawValue(raw: string, origin: string, module: ModuleInstance): Value {
    const source = raw.trim();
    if (!/^[[{"]|^-?\d|^(true|false|null)$/.test(source)) return raw;
    const text = withGrammarNumbers(`v = ${source}\n`);
    const root = this.parser.parse(text)?.rootNode;
    if (!root) return raw;
    if (deeperThan(root, MAX_SYNTAX_DEPTH)) throw new CheckInputError(`${origin}: the value is nested deeper than tpa check reads (${MAX_SYNTAX_DEPTH} syntax levels): flatten it`);
    if (hexadecimalNumber(root, text)) throw new CheckInputError(`${origin}: ${notDecimal()}`);
    const attribute = named(named(root)[0])[0];
    if (root.hasError || attribute?.type !== "attribute") return raw;
    return this.evaluate(named(attribute)[1], { module });
  }

  evaluate(node: SyntaxNode, scope: Scope): Value {
    switch (node.type) {
      case "expression": {
        const [first, ...rest] = named(node);
        if (!first) return new Unknown(node.text);
        if (first.type === "variable_expr") return this.traversal(first, rest, scope, node.text);
        const base = this.evaluate(first, scope);
        return applyTraversal(base, rest, (n) => this.evaluate(n, scope), node.text);
      }
      case "literal_value":
        return this.evaluate(named(node)[0], scope);
      case "string_lit":
        return stringLiteral(node);
      case "numeric_lit":
        return Number(node.text);
      case "bool_lit":
        return node.text === "true";
      case "null_lit":
        return null;
      case "template_expr":
        return this.template(named(node)[0], scope);
      case "collection_value":
        return this.evaluate(named(node)[0], scope);
      case "tuple":
        return named(node).filter((c) => c.type === "expression").map((c) => this.evaluate(c, scope));
      case "object": {
        const out: Record<string, Value> = {};
        for (const elem of named(node).filter((c) => c.type === "object_elem")) {
          const [k, v] = named(elem).filter((c) => c.type === "expression");
          const keyNode = named(k)[0];
          const key = keyNode?.type === "variable_expr" && named(k).length === 1 ? keyNode.text : this.evaluate(k, scope);
          if (typeof key !== "string" && typeof key !== "number") return new Unknown(node.text);
          setOwn(out, String(key), this.evaluate(v, scope));
        }
        return out;
      }
      case "conditional": {
        for (const [condition, value] of conditionChain(node)) {
          if (!value) return this.evaluate(condition, scope); // the last "else"
          const c = this.evaluate(condition, scope);
          if (c instanceof Invalid) return new Invalid(node.text);
          // an untyped variable's "true" (-var legacy=true) is the condition Terraform converts it to
          const holds = asBool(c);
          if (holds === undefined) return hasUnknown(c) ? new Unknown(node.text) : new Invalid(node.text);
          if (holds) return this.evaluate(value, scope);
        }
        return new Unknown(node.text);
      }
      case "function_call":
        return this.call(node, scope);
      case "operation":
        return named(node)[0] ? this.evaluate(named(node)[0], scope) : new Unknown(node.text);
      case "binary_operation":
      case "unary_operation":
        return this.operation(node, scope);
      case "variable_expr":
        return this.traversal(node, [], scope, node.text);
      case "for_expr":
        return this.forExpression(node, scope);
      default:
        return new Unknown(node.text);
    }
  }

  private template(node: SyntaxNode, scope: Scope): Value {
    const heredoc = node.type === "heredoc_template";
    const segments = heredoc ? heredocSegments(node) : quotedSegments(node);
    if (!segments) return new Unknown(node.text);
    // "${x}" alone is x itself, whatever its type (Terraform's interpolation-only form, and the JSON syntax's only form)
    const [only] = segments;
    if (!heredoc && segments.length === 1 && typeof only !== "string" && only.type === "template_interpolation") {
      const expression = named(only).find((c) => c.type === "expression");
      if (expression && !/~\s*}$|^\$\{~/.test(only.text)) return this.evaluate(expression, scope);
    }
    // interpolations stand in as placeholders while a flush heredoc's indentation is removed, as Terraform
    // removes it from the source lines
    const values: string[] = [];
    let source = "";
    for (const part of segments) {
      if (typeof part === "string") {
        if (part.includes("\u0000")) return new Unknown(node.text);
        source += heredoc ? part.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{") : unescape(part);
        continue;
      }
      if (part.type !== "template_interpolation") return new Unknown(node.text); // a directive: %{ if }, %{ for }
      const expression = named(part).find((c) => c.type === "expression");
      const value = expression ? this.evaluate(expression, scope) : new Unknown(part.text);
      if (value instanceof Invalid) return new Invalid(node.text);
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return new Unknown(node.text);
      source += `\u0000${values.push(String(value)) - 1}\u0000`;
    }
    const text = heredoc && named(node)[0]?.text.includes("-") ? dedent(source) : source;
    return text.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => values[Number(i)]);
  }

  /** var.x, local.x, each.key, count.index, type.name[key].attribute, ... */
  private traversal(rootNode: SyntaxNode, steps: readonly SyntaxNode[], scope: Scope, text: string): Value {
    const root = rootNode.text;
    const name = steps[0]?.type === "get_attr" ? named(steps[0])[0]?.text : undefined;
    const evaluate = (n: SyntaxNode) => this.evaluate(n, scope);
    if (scope.bindings && Object.hasOwn(scope.bindings, root)) return applyTraversal(scope.bindings[root], steps, evaluate, text);
    const iterator = scope.iterators && Object.hasOwn(scope.iterators, root) ? scope.iterators[root] : undefined;
    if (iterator) return name === "key" || name === "value" ? applyTraversal(iterator[name], steps.slice(1), evaluate, text) : new Unknown(text);
    switch (root) {
      case "var": {
        const v = name && scope.module?.vars.get(name);
        if (name && !v) throw this.undeclared(rootNode, scope, `var.${name}`, "input variable", `a variable "${name}" block`);
        return v ? applyTraversal(v(), steps.slice(1), evaluate, text) : new Unknown(text);
      }
      case "local": {
        const v = name && scope.module?.locals.get(name);
        if (name && !v) throw this.undeclared(rootNode, scope, `local.${name}`, "local value", `${name} = ... in a locals block`);
        return v ? applyTraversal(v(), steps.slice(1), evaluate, text) : new Unknown(text);
      }
      case "each":
        if (!scope.each) throw this.outOfContext(rootNode, scope, "each", name, "for_each");
        if (name !== "key" && name !== "value") return new Unknown(text);
        return applyTraversal(scope.each[name], steps.slice(1), evaluate, text);
      case "count":
        if (scope.count === undefined) throw this.outOfContext(rootNode, scope, "count", name, "count");
        return name === "index" ? scope.count : new Unknown(text);
      case "path":
        return name === "module" || name === "root" ? applyTraversal(this.modulePath(name === "root" ? undefined : scope.module), steps.slice(1), evaluate, text) : new Unknown(text);
      case "terraform":
      case "module":
        return this.moduleReference(rootNode, name, steps.slice(1), scope, text);
      case "data": {
        const source = steps[1]?.type === "get_attr" ? named(steps[1])[0]?.text : undefined;
        if (name && source && scope.module && !scope.module.source.dataSources.has(`${name}.${source}`)) {
          throw this.undeclared(rootNode, scope, `data.${name}.${source}`, "resource", `a data "${name}" "${source}" block`);
        }
        return new Unknown(text);
      }
      case "self":
      case "ephemeral":
        return new Unknown(text);
      default:
        return name ? this.resourceReference(rootNode, `${root}.${name}`, steps.slice(1), scope, text) : new Unknown(text);
    }
  }

  /**
   * A reference to a resource of the same module: an instance (or the map or list of its instances, for
   * count and for_each) whose attributes are their static values, else references the rules resolve.
   */
  private resourceReference(node: SyntaxNode, block: string, steps: readonly SyntaxNode[], scope: Scope, text: string): Value {
    const module = scope.module;
    const b = module?.resources.get(block);
    if (!b) throw this.undeclared(node, scope, block, "resource", `a resource "${block.split(".").join('" "')}" block`);
    const key = `${module.prefix}${block}`;
    let value = this.references.get(key);
    if (value === undefined) {
      const instance = (s: Scope) => new ResourceInstance(`${key}${keySuffix(s)}`, (a) => this.attributes(b, s, `${key}${keySuffix(s)}`).get(a));
      const scopes = this.instances(b, { module });
      if (argument(b, "count")) value = typeof scopes[0]?.count === "number" || scopes.length === 0 ? scopes.map(instance) : new Unknown(text);
      else if (argument(b, "for_each")) {
        value = scopes.every((s) => typeof s.each?.key === "string")
          ? Object.fromEntries(scopes.map((s) => [s.each!.key as string, instance(s)]))
          : new Unknown(text);
      } else value = instance({ module });
      this.references.set(key, value);
    }
    return applyTraversal(value, steps, (n) => this.evaluate(n, scope), text);
  }

  /** count.index outside a block with count, each.key outside one with for_each: Terraform refuses the reference. */
  private outOfContext(node: SyntaxNode, scope: Scope, reference: string, name: string | undefined, argument: string): CheckInputError {
    return new CheckInputError(`${placeOf(node, scope)}${reference}${name ? `.${name}` : ""} is used where no ${argument} is set (Error: Reference to "${reference}" in non-${reference === "count" ? "counted" : "for_each"} context): set ${argument} on the block, or remove the reference`);
  }

  /** A reference to something the module does not declare: Terraform refuses it at validate, before any plan. */
  private undeclared(node: SyntaxNode, scope: Scope, reference: string, what: string, declaration: string): CheckInputError {
    const at = placeOf(node, scope);
    const article = /^[aeiou]/.test(what) ? "an" : "a";
    return new CheckInputError(`${at}${reference} names ${article} ${what} this module does not declare (Error: Reference to undeclared ${what}): declare it (${declaration}) or fix the name`);
  }

  private call(node: SyntaxNode, scope: Scope): Value {
    const name = named(node)[0]?.text ?? "";
    const argNodes = named(named(node).find((c) => c.type === "function_arguments")).filter((c) => c.type === "expression");
    if (name === "try") return this.tryCall(argNodes, scope, node.text);
    if ((name === "file" || name === "fileexists") && argNodes.length === 1) return this.fileCall(name, this.evaluate(argNodes[0], scope), node.text);
    if (name === "can" && argNodes.length === 1) {
      const value = this.evaluate(argNodes[0], scope);
      return hasInvalid(value) ? false : value instanceof Unknown ? new Unknown(node.text) : true;
    }
    const args = argNodes.map((c) => this.evaluate(c, scope));
    // Terraform refuses an argument it cannot evaluate, and the call with it (what try() skips)
    if (args.some(hasInvalid)) return new Invalid(node.text);
    // f(list...) expands the list into arguments
    const expanded = /\.\.\.\s*\)\s*$/.test(node.text) && Array.isArray(args[args.length - 1]) ? [...args.slice(0, -1), ...(args[args.length - 1] as Value[])] : args;
    const value = callFunction(name, expanded);
    return value === undefined ? new Unknown(node.text) : value; // null is a value: lookup(m, k, null)
  }

  /** path.module and path.root as Terraform gives them: relative to the root module's folder ("." for the root). */
  private modulePath(module: ModuleInstance | undefined): string {
    const relative = module ? path.relative(path.resolve(this.rootDir), path.resolve(module.source.dir)) : "";
    return relative === "" ? "." : relative.split(path.sep).join("/");
  }

  /**
   * file(PATH) and fileexists(PATH), read from the configuration's own folder only: a file outside it (a runner's
   * /proc/self/environ, ~/.aws) would land in the report of a pull request from anyone. Elsewhere, unknown.
   */
  private fileCall(name: "file" | "fileexists", given: Value, text: string): Value {
    if (typeof given !== "string") return given instanceof Invalid ? new Invalid(text) : new Unknown(text);
    const root = fs.realpathSync(this.rootDir);
    const file = path.resolve(this.rootDir, given);
    let real: string | undefined;
    try {
      real = fs.realpathSync(file);
    } catch {
      real = undefined;
    }
    const inside = (p: string) => p === root || p.startsWith(`${root}${path.sep}`);
    if (!inside(real ?? path.resolve(root, path.relative(path.resolve(this.rootDir), file)))) return new Unknown(text);
    if (name === "fileexists") return real !== undefined && fs.statSync(real).isFile();
    if (real === undefined) return new Invalid(text); // Terraform: "no file exists at ..."
    try {
      return readRegularFile(real, MAX_READ_FILE_BYTES).replace(/^\uFEFF/, "");
    } catch (e) {
      if (e instanceof InputFileError) return new Invalid(text);
      throw e;
    }
  }

  /** try(a, b, ...): the first argument Terraform can evaluate; unknown when that one is only known later. */
  private tryCall(args: readonly SyntaxNode[], scope: Scope, text: string): Value {
    for (const arg of args) {
      const value = this.evaluate(arg, scope);
      if (hasInvalid(value)) continue;
      return value instanceof Unknown ? new Unknown(text) : value;
    }
    return new Invalid(text);
  }

  /** `a == b`, `!a`, `a && b`, `a + 1`, ...: over static values, else unknown. */
  private operation(node: SyntaxNode, scope: Scope): Value {
    const children = node.children.filter((c): c is SyntaxNode => c !== null);
    // the operator token (parentheses around an operand are tokens too)
    const at = children.findIndex((c) => !c.isNamed && OPERATORS.has(c.text));
    if (at < 0) return new Unknown(node.text);
    const operator = children[at].text;
    const operand = (parts: SyntaxNode[]) => this.sequence(parts.filter((c) => c.isNamed), scope, node.text);
    if (node.type === "unary_operation") {
      const v = operand(children.slice(at + 1));
      if (hasInvalid(v)) return new Invalid(node.text);
      const bool = operator === "!" ? asBool(v) : undefined;
      if (bool !== undefined) return !bool;
      if (operator === "-" && typeof v === "number") return -v;
      // a known operand of the wrong type: an error Terraform reports (and try() catches)
      return hasUnknown(v) ? new Unknown(node.text) : new Invalid(node.text);
    }
    const left = operand(children.slice(0, at));
    const right = operand(children.slice(at + 1));
    if (hasInvalid(left) || hasInvalid(right)) return new Invalid(node.text);
    if (hasUnknown(left) || hasUnknown(right)) return new Unknown(node.text);
    switch (operator) {
      case "==":
        return sameValue(left, right);
      case "!=":
        return !sameValue(left, right);
      case "&&":
      case "||": {
        const [a, b] = [asBool(left), asBool(right)];
        if (a === undefined || b === undefined) return new Invalid(node.text); // known operands that are no bools: Terraform refuses them
        return operator === "&&" ? a && b : a || b;
      }
    }
    const [a, b] = [Number(left), Number(right)];
    if ((typeof left !== "number" && typeof left !== "string") || (typeof right !== "number" && typeof right !== "string") || Number.isNaN(a) || Number.isNaN(b)) {
      return new Invalid(node.text); // known operands that are no numbers: Terraform refuses them
    }
    const result = ({ "+": a + b, "-": a - b, "*": a * b, "/": b === 0 ? undefined : a / b, "%": b === 0 ? undefined : a % b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b } as Record<string, number | boolean | undefined>)[operator];
    return result === undefined ? new Unknown(node.text) : result;
  }

  /** An operand: a base (a variable, a literal, ...) and the attribute and index steps after it. */
  private sequence(parts: readonly SyntaxNode[], scope: Scope, text: string): Value {
    const [first, ...rest] = parts;
    if (!first) return new Unknown(text);
    if (first.type === "variable_expr") return this.traversal(first, rest, scope, text);
    return applyTraversal(this.evaluate(first, scope), rest, (n) => this.evaluate(n, scope), text);
  }

  /** `[for k, v in coll : expr if cond]` and `{for k, v in coll : key => value if cond}` (with `...` grouping). */
  private forExpression(node: SyntaxNode, scope: Scope): Value {
    const inner = named(node)[0];
    const intro = named(inner).find((c) => c.type === "for_intro");
    const names = named(intro).filter((c) => c.type === "identifier").map((c) => c.text);
    const collection = named(intro).find((c) => c.type === "expression");
    const over = collection ? this.evaluate(collection, scope) : new Unknown(node.text);
    if (over instanceof Invalid) return new Invalid(node.text);
    const elements: [Value, Value][] | undefined = Array.isArray(over)
      ? over.map((v, i) => [i, v])
      : over && typeof over === "object" && !(over instanceof Unknown) && !(over instanceof ResourceInstance)
        ? Object.keys(over).sort().map((k) => [k, (over as Record<string, Value>)[k]])
        : undefined;
    if (!elements || names.length === 0) return new Unknown(node.text);
    // the result's expressions: the element, or the key and the value
    const [first, second] = named(inner).filter((c) => c.type === "expression");
    if (!first || (inner.type !== "for_tuple_expr" && !second)) return new Unknown(node.text);
    const condition = named(named(inner).find((c) => c.type === "for_cond")).find((c) => c.type === "expression");
    const grouped = named(inner).some((c) => c.type === "ellipsis");
    const tuple: Value[] = [];
    const object: Record<string, Value> = {};
    for (const [key, value] of elements) {
      const bound = names.length === 2 ? { [names[0]]: key, [names[1]]: value } : { [names[0]]: value };
      const at: Scope = { ...scope, bindings: { ...scope.bindings, ...bound } };
      if (condition) {
        const keep = this.evaluate(condition, at);
        if (typeof keep !== "boolean") return new Unknown(node.text);
        if (!keep) continue;
      }
      if (inner.type === "for_tuple_expr") {
        tuple.push(this.evaluate(first, at));
        continue;
      }
      const k = this.evaluate(first, at);
      if (typeof k !== "string" && typeof k !== "number") return new Unknown(node.text);
      const v = this.evaluate(second, at);
      if (grouped) setOwn(object, String(k), [...((Object.hasOwn(object, String(k)) ? object[String(k)] : []) as Value[]), v]);
      else if (Object.hasOwn(object, String(k))) return new Unknown(node.text); // Terraform: duplicate key error
      else setOwn(object, String(k), v);
    }
    return inner.type === "for_tuple_expr" ? tuple : object;
  }

  /**
   * A client adopted through an `import` block keeps the tenant's mode when the configuration sets none (the
   * attribute is Optional+Computed): Auth0 does not create it, so it is not TPA111's mode-less creation. Its mode
   * is known only from the tenant: the rules that need it say they cannot check it here.
   */
  private withImportedModes(root: ModuleInstance): { resources: PolicyResource[]; notes: string[] } {
    // `to` names one instance, or one per element of the import's for_each: module.m[each.key].auth0_client.x
    const imports = root.source.blocks
      .filter((b) => b.type === "import")
      .map((block) => {
        const to = argument(block, "to");
        return { block, to: to ? this.importInstances(block, root).map((scope) => this.addressOf(to, scope)) : [] };
      });
    const targets = (r: PolicyResource, to: readonly string[]) => to.some((address) => addressMatches(address, r.address));
    const notes: string[] = [];
    const resources = this.resources.map((r) => {
      if (r.type !== "auth0_client" || r.attributes.third_party_security_mode !== undefined || r.attributes.is_first_party !== false) return r;
      const imported = imports.find(({ to }) => targets(r, to));
      if (!imported) return r;
      notes.push(
        `${imported.block.file.file}:${lineOf(imported.block.file, imported.block.node)}: ${r.address} is imported without third_party_security_mode, so it keeps the tenant's mode, which the configuration does not say: check a plan (tpa check --plan) to judge it in that mode`,
      );
      return { ...r, attributes: { ...r.attributes, third_party_security_mode: `\${${r.address}.third_party_security_mode}` } };
    });
    return { resources, notes };
  }

  /** An import block's instances: its for_each may also be a list (each.key its index, each.value the element). */
  private importInstances(block: BlockInfo, root: ModuleInstance): Scope[] {
    const forEach = argument(block, "for_each");
    const over = forEach ? this.evaluate(forEach, { module: root }) : undefined;
    if (Array.isArray(over) && !over.every((k) => typeof k === "string")) return over.map((value, key) => ({ module: root, each: { key, value } }));
    return this.instances(block, { module: root });
  }

  /** The address an import's `to` writes, its keys evaluated in the scope: [?] where one is not static. */
  private addressOf(to: SyntaxNode, scope: Scope): string {
    const [root, ...steps] = named(to);
    let address = root?.type === "variable_expr" ? root.text : "?";
    for (const step of steps) {
      if (step.type === "get_attr") address += `.${named(step)[0]?.text ?? "?"}`;
      else if (step.type === "index") {
        const key = indexKey(step, (n) => this.evaluate(n, scope));
        address += typeof key === "string" ? `[${JSON.stringify(key)}]` : typeof key === "number" ? `[${key}]` : "[?]";
      } else address += "?";
    }
    return address;
  }

  result(root: ModuleInstance): HclConfiguration {
    const provider = root.source.blocks.find((b) => b.type === "provider" && b.labels[0] === "auth0" && !argument(b, "alias"));
    const domainNode = provider && argument(provider, "domain");
    const domain = domainNode ? this.evaluate(domainNode, { module: root }) : undefined;
    const adopted = this.withImportedModes(root);
    const domains = new Map<string, string>();
    for (const [reference, b] of this.aliasedProviders(root)) {
      const domainNode = argument(b, "domain");
      const value = domainNode && this.evaluate(domainNode, { module: root });
      if (typeof value === "string") domains.set(reference, value);
    }
    return {
      resources: adopted.resources,
      providers: this.providers,
      domains,
      ...(typeof domain === "string" && { domain }),
      suppressions: this.suppressions,
      looseSuppressions: this.loose,
      notes: [...this.notes, ...adopted.notes],
      unread: this.unread,
      sensitive: [...new Set(this.sensitiveValues.flatMap((value) => textsOf(value())))],
      locate: (target, attribute) =>
        (attribute && (this.attributeLines.get(`${target}|${attribute}`) ?? this.attributeLines.get(`${target}|${attribute.split(".")[0]}`))) ||
        this.blockLines.get(target),
    };
  }
}

/**
 * The arguments and nested blocks of a body (meta-arguments left out). A dynamic block over a static
 * collection is its blocks, one per element (a list's keys are its indexes); over anything else, unknown.
 */
function bodyValues(items: readonly SyntaxNode[], scope: Scope, evaluate: (n: SyntaxNode, scope: Scope) => Value): Map<string, Value> {
  const out = new Map<string, Value>();
  const add = (key: string, nested: Value) => {
    const list = out.get(key);
    out.set(key, Array.isArray(list) ? [...list, nested] : list instanceof Unknown ? list : [nested]);
  };
  for (const item of items) {
    const key = named(item)[0]?.text;
    if (!key || TERRAFORM_META_ARGUMENTS.has(key)) continue;
    if (item.type === "attribute") out.set(key, evaluate(named(item)[1], scope));
    else if (item.type === "block") {
      if (key !== "dynamic") {
        add(key, Object.fromEntries(bodyValues(named(bodyOf(item)), scope, evaluate)) as Record<string, Value>);
        continue;
      }
      const name = dynamicLabel(item);
      if (!name) continue;
      const elements = dynamicElements(item, scope, evaluate);
      const content = named(bodyOf(item)).find((c) => c.type === "block" && named(c)[0]?.text === "content");
      if (!elements || !content) {
        out.set(name, new Unknown(item.text));
        continue;
      }
      const iteratorNode = attributeNode(item, "iterator");
      const iterator = iteratorNode ? iteratorNode.text.trim() : name;
      if (!out.has(name)) out.set(name, []);
      for (const element of elements) {
        add(name, Object.fromEntries(bodyValues(named(bodyOf(content)), { ...scope, iterators: { ...scope.iterators, [iterator]: element } }, evaluate)) as Record<string, Value>);
      }
    }
  }
  return out;
}

/** The key and value of each element a dynamic block's for_each names, when static. */
function dynamicElements(item: SyntaxNode, scope: Scope, evaluate: (n: SyntaxNode, scope: Scope) => Value): { key: Value; value: Value }[] | undefined {
  const forEach = attributeNode(item, "for_each");
  const over = forEach ? evaluate(forEach, scope) : undefined;
  if (Array.isArray(over)) return over.map((value, i) => ({ key: i, value }));
  if (over && typeof over === "object" && !(over instanceof Unknown) && !(over instanceof ResourceInstance)) {
    return Object.keys(over).sort().map((k) => ({ key: k, value: (over as Record<string, Value>)[k] }));
  }
  return undefined;
}

function toAttributes(values: Map<string, Value>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of values) {
    const plain = plainValue(v);
    if (plain !== null && plain !== undefined) out[k] = plain;
  }
  return out;
}

/**
 * Unknowns become "${...}" expressions; strings, evaluated, are literals (a "$${" the configuration wrote
 * stays text, as in a plan's values); nulls (unset) are left out of objects.
 */
function plainValue(v: Value): unknown {
  if (typeof v === "string") return terraformLiteral(v);
  if (v instanceof Unknown) return `\${${v.text}}`;
  if (v instanceof ResourceInstance) return `\${${v.address}}`;
  if (Array.isArray(v)) return v.map(plainValue);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, plainValue(x)]));
  }
  return v;
}

const OPERATORS = new Set(["!", "-", "+", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||"]);

/** A key of the configuration's is data: "__proto__" is a key like any other, never the prototype. */
/** A source line to quote in an error, unless it may hold a secret (client_secret = "...", a PEM block, a token). */
function quotable(line: string): string {
  if (secretReason(undefined, line)) return "";
  // what a value's string holds is not shown (a sensitive variable's default): its quotes show where it is; a block's labels are names
  if (!BLOCK_HEADER.test(line)) line = line.replace(/"(?:[^"\\]|\\.)*"/g, '"..."');
  // every key the line names (a = 1, b = "...", "c" = ..., d: ...): a secret's name hides it
  for (const m of line.matchAll(/"?([A-Za-z0-9_-]+)"?\s*[=:]/g)) if (secretReason(m[1], "")) return "";
  return line;
}

/** A block's first line: its type, its labels and its brace (resource "auth0_client" "portal" {). */
const BLOCK_HEADER = /^[\p{L}_][\p{L}\p{N}_-]*(\s+("[^"\\]*"|[\p{L}_][\p{L}\p{N}_-]*))*\s*\{\s*$/u;

const PRIMITIVE_TYPES = new Set(["string", "number", "bool"]);

/** Far larger than any file a configuration reads with file() (a list of apps, a login page). */
const MAX_READ_FILE_BYTES = 8 * 1024 * 1024;

/** The names and instance keys of an address: module.m["k"].auth0_client.x[0] → module, m, ["k"], auth0_client, x, [0] */
const ADDRESS_PART = new RegExp(String.raw`\[(${LITERAL_INSTANCE_KEY}|[^\]]*)\]|\.?([A-Za-z_][A-Za-z0-9_-]*)`, "gy");
const LITERAL_KEY = new RegExp(`^${LITERAL_INSTANCE_KEY}$`);

function addressParts(address: string): string[] | undefined {
  const parts: string[] = [];
  ADDRESS_PART.lastIndex = 0;
  while (ADDRESS_PART.lastIndex < address.length) {
    const m = ADDRESS_PART.exec(address);
    if (!m) return undefined;
    parts.push(m[2] ?? `[${m[1]}]`);
  }
  return parts;
}

/** Does an import's `to` name the instance? A key that is not static ([?]) stands for any key. */
function addressMatches(to: string, address: string): boolean {
  const pattern = addressParts(to);
  const parts = addressParts(address);
  if (!pattern || !parts || pattern.length !== parts.length) return false;
  return pattern.every((p, i) => p === parts[i] || (p.startsWith("[") && parts[i].startsWith("[") && !LITERAL_KEY.test(p.slice(1, -1))));
}

/**
 * `a ? x : b ? y : z` as Terraform reads it, `a ? x : (b ? y : z)`: the conditions in order, each with its value,
 * and last the final "else" alone. The grammar nests such a chain the other way, `(a ? x : b) ? y : z`; a
 * parenthesized condition (`(a ? x : b) ? y : z` as written) stays one condition.
 */
function conditionChain(node: SyntaxNode): [SyntaxNode, SyntaxNode?][] {
  const outer: SyntaxNode[][] = [];
  let inner = node;
  for (;;) {
    const [condition] = named(inner);
    const nested = named(condition)[0];
    if (nested?.type !== "conditional" || condition.children.some((c) => c?.type === "(")) break;
    outer.unshift(named(inner));
    inner = nested;
  }
  const [first, firstValue, next] = named(inner);
  const chain: [SyntaxNode, SyntaxNode?][] = [[first, firstValue]];
  let condition = next;
  for (const [, value, otherwise] of outer) {
    chain.push([condition, value]);
    condition = otherwise;
  }
  chain.push([condition]);
  return chain;
}

function applyTraversal(base: Value, steps: readonly SyntaxNode[], evaluate: (n: SyntaxNode) => Value, text: string): Value {
  let value = base;
  // a resource's attributes are typed by its schema: one left unset is null or computed, never missing
  let ofResource = false;
  for (const step of steps) {
    if (value instanceof Unknown) return value instanceof Invalid ? new Invalid(text) : new Unknown(text);
    if (step.type === "splat") {
      // x[*].a[0]: the steps after the splat apply to each element. The attribute-only splat x.*.a[0] applies only
      // its attributes to each, and the index to the list they make (x.*.id[count.index], as `terraform console` gives
      // it). A single value is a list of one.
      const splat = named(step)[0];
      const inner = named(splat);
      const attributes = splat?.type === "attr_splat" ? inner.findIndex((s) => s.type !== "get_attr") : -1;
      const [each, after] = attributes === -1 ? [inner, []] : [inner.slice(0, attributes), inner.slice(attributes)];
      const list = Array.isArray(value) ? value : value === null ? [] : [value];
      value = list.map((element) => applyTraversal(element, each, evaluate, text));
      if (after.length > 0) value = applyTraversal(value, after, evaluate, text);
      continue;
    }
    if (value instanceof ResourceInstance) {
      const key = step.type === "get_attr" ? named(step)[0]?.text : undefined;
      if (!key) return new Unknown(text);
      value = value.attribute(key);
      ofResource = true;
      continue;
    }
    if (step.type === "get_attr") {
      const key = named(step)[0]?.text;
      if (!key) return new Unknown(text);
      if (!value || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, key)) return ofResource ? new Unknown(text) : new Invalid(text);
      value = (value as Record<string, Value>)[key];
    } else if (step.type === "index") {
      const k = indexKey(step, evaluate);
      if (k instanceof Unknown) return new Unknown(text);
      if (value === null || typeof value !== "object" || !Object.hasOwn(value, String(k))) return ofResource ? new Unknown(text) : new Invalid(text);
      const next = (value as Record<string, Value>)[String(k)];
      value = next;
    } else return new Unknown(text);
  }
  return value;
}

function indexKey(index: SyntaxNode, evaluate: (n: SyntaxNode) => Value): string | number | Unknown {
  const inner = named(index)[0];
  if (inner?.type === "legacy_index") return Number(inner.text.replace(/^\./, ""));
  const expression = named(inner).find((c) => c.type === "expression");
  const k = expression ? evaluate(expression) : new Unknown(index.text);
  return typeof k === "string" || typeof k === "number" ? k : new Unknown(index.text);
}

function keySuffix(scope: Scope): string {
  if (typeof scope.count === "number") return `[${scope.count}]`;
  if (scope.each && typeof scope.each.key === "string") return `[${JSON.stringify(scope.each.key)}]`;
  return "";
}

/** The default auth0 provider configuration's name; an aliased one is auth0.<alias>. */
const DEFAULT_PROVIDER = "auth0";

/** A provider reference as written (auth0.eu, or "auth0.eu" in JSON syntax), without quotes and spaces. */
function providerReference(node: SyntaxNode): string {
  return node.text.replace(/["\s]/g, "");
}

/** The label of a `dynamic "label" { ... }` block, else undefined. */
function dynamicLabel(node: SyntaxNode): string | undefined {
  if (node.type !== "block" || named(node)[0]?.text !== "dynamic") return undefined;
  const label = named(node).find((c) => c.type === "string_lit");
  return label && stringLiteral(label);
}

function bodyOf(block: SyntaxNode): SyntaxNode | undefined {
  return named(block).find((c) => c.type === "body");
}

/** The expression of a block's argument, overrides applied. */
function argument(b: BlockInfo, name: string): SyntaxNode | undefined {
  return named(b.items.find((i) => isArgument(i.node, name))?.node)[1];
}

function attributeNode(block: SyntaxNode, name: string): SyntaxNode | undefined {
  return named(named(bodyOf(block)).find((c) => isArgument(c, name)))[1];
}

function isArgument(node: SyntaxNode, name: string): boolean {
  return node.type === "attribute" && named(node)[0]?.text === name;
}

function stringLiteral(node: SyntaxNode): string {
  return unescape((quotedSegments(node) ?? []).filter((p): p is string => typeof p === "string").join(""));
}

/**
 * A template's content: literal text, and the interpolations and directives between. The literal text is read
 * from the source between the parts, as the grammar leaves the spaces next to an interpolation out of its
 * literal nodes.
 */
function segments(node: SyntaxNode, from: number, to: number): (string | SyntaxNode)[] {
  const base = node.startIndex;
  const text = node.text;
  const out: (string | SyntaxNode)[] = [];
  let at = from;
  for (const part of named(node)) {
    if (part.type === "template_literal" || part.startIndex < from || part.endIndex > to) continue;
    if (part.startIndex > at) out.push(text.slice(at - base, part.startIndex - base));
    out.push(part);
    at = part.endIndex;
  }
  if (to > at) out.push(text.slice(at - base, to - base));
  return out;
}

/** "...": between the quotes. */
function quotedSegments(node: SyntaxNode): (string | SyntaxNode)[] | undefined {
  const start = named(node).find((c) => c.type === "quoted_template_start");
  const end = named(node).find((c) => c.type === "quoted_template_end");
  return start && end ? segments(node, start.endIndex, end.startIndex) : undefined;
}

/** <<EOT ... EOT: the lines between the marker lines, the last line's newline included. */
function heredocSegments(node: SyntaxNode): (string | SyntaxNode)[] | undefined {
  const ids = named(node).filter((c) => c.type === "heredoc_identifier");
  if (ids.length < 2) return undefined;
  const base = node.startIndex;
  const text = node.text;
  const open = text.indexOf("\n", ids[0].endIndex - base);
  const close = text.lastIndexOf("\n", ids[ids.length - 1].startIndex - base - 1);
  if (open < 0 || close < open) return [];
  return segments(node, base + open + 1, base + close + 1);
}

function unescape(text: string): string {
  return text
    .replace(/\$\$\{/g, "${")
    .replace(/%%\{/g, "%{")
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[nrt"\\])/g, (_m, e: string) => {
      if (e[0] === "u" || e[0] === "U") return String.fromCodePoint(parseInt(e.slice(1), 16));
      return ({ n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" } as Record<string, string>)[e];
    });
}

function dedent(text: string): string {
  const lines = text.split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join("\n");
}

/** "file:line: " of a node of the scope's module, for a message; "" when no file of the module holds it. */
function placeOf(node: SyntaxNode, scope: Scope): string {
  const file = scope.module?.source.blocks.find((b) => b.file.root.tree === node.tree)?.file;
  return file ? `${file.file}:${lineOf(file, node)}: ` : "";
}

/** A variable or output declared `sensitive = true`. */
function declaredSensitive(b: BlockInfo): boolean {
  return argument(b, "sensitive")?.text.trim() === "true";
}

/** Does an expression's text name something sensitive of its module (var.key, local.derived)? */
function namesSensitive(text: string, module: ModuleInstance): boolean {
  if (module.sensitive.size === 0) return false;
  // names as HCL reads them: Unicode letters and digits too (variable "clé")
  for (const m of text.matchAll(/\b(?:var|local)\.[\p{ID_Start}_][\p{ID_Continue}-]*/gu)) if (module.sensitive.has(m[0])) return true;
  return false;
}


function memo<T>(fn: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = fn();
      done = true;
    }
    return value;
  };
}

/**
 * `# tpa:ignore TPA112 reason="..." expires=2027-03-31` in the comment lines right above a resource block
 * or inside it. A malformed one is bad input (exit 2), not a silent no-op.
 */
function suppressionsOf(b: BlockInfo, target: string): Suppression[] {
  const comments: SyntaxNode[] = [];
  for (let prev = previousSibling(b.node), line = b.node.startPosition.row; prev?.type === "comment" && prev.endPosition.row >= line - 1 && !isTrailing(prev); prev = prev.previousNamedSibling) {
    comments.unshift(prev);
    line = prev.startPosition.row;
  }
  comments.push(...b.node.descendantsOfType("comment").filter((c): c is SyntaxNode => c !== null));
  // a comment after the block's closing brace, on its line, is the block's
  const after = b.node.nextNamedSibling;
  if (after?.type === "comment" && isTrailing(after)) comments.push(after);
  const out: Suppression[] = [];
  for (const c of comments) {
    c.text.split("\n").forEach((text, i) => {
      const m = IGNORE.exec(text.replace(/\*\/\s*$/, ""));
      if (m) out.push(suppression(target, m, { file: b.file.file, line: lineOf(b.file, c) + i, ...(!b.file.jsonLines && i === 0 && { column: columnOf(b.file, c) }) }));
    });
  }
  return out;
}

/** Is the comment at the end of a line that something else starts (`} # tpa:ignore ...`), not on a line of its own? */
function isTrailing(comment: SyntaxNode): boolean {
  const before = comment.previousNamedSibling;
  return before !== null && before.type !== "comment" && before.endPosition.row === comment.startPosition.row;
}

/** The target of a suppression comment on no block. */
const NO_BLOCK = "(no block right below it)";

/** What a comment that suppresses nothing stands above: the block right below it (module.vendors), else nothing. */
function strayTarget(module: ModuleInstance, comment: SyntaxNode): string {
  let next = comment.nextNamedSibling;
  while (next?.type === "comment") next = next.nextNamedSibling;
  // the comments at the top of a file come before its body (see previousSibling)
  if (next?.type === "body") next = next.namedChild(0);
  const block = next?.type === "block" ? module.source.blocks.find((b) => b.node.id === next!.id) : undefined;
  if (!block || next!.startPosition.row > comment.endPosition.row + 1) return NO_BLOCK;
  return `${module.blockPrefix}${[block.type === "resource" ? undefined : block.type, ...block.labels].filter(Boolean).join(".")}`;
}

/** The node before a block; for a file's first block, the comments at the top of the file (the grammar puts them before the body). */
function previousSibling(node: SyntaxNode): SyntaxNode | null {
  const body = node.parent;
  if (node.previousNamedSibling || body?.type !== "body" || body.parent?.type !== "config_file") return node.previousNamedSibling;
  return body.previousNamedSibling;
}

/** Why a hexadecimal number is bad input. Not quoted: it may be a sensitive variable's value (the place says where it is). */
function notDecimal(): string {
  return "a hexadecimal number (0x...) is not a number in Terraform, which reads decimal numbers only (it refuses the file or value): write it in decimal";
}

/** A comment's column (1-based) in the line as written. */
function columnOf(file: SourceFile, comment: SyntaxNode): number {
  if (!file.columnsMoved) return comment.startPosition.column + 1;
  // a comment runs to the end of its line, or (a block comment) is found last on it as written
  const written = file.text.split("\n")[comment.startPosition.row] ?? "";
  const at = written.lastIndexOf(comment.text.split("\n")[0]);
  return (at >= 0 ? at : comment.startPosition.column) + 1;
}

/** A quoted reason="...", a key=value, or a word, read left to right: an expires= inside the reason is the reason's. */
const SUPPRESSION_PART = /\s*(?:(reason|expires)\s*=\s*("(?:[^"\\]|\\.)*"|\S*)|(\S+))/y;

/** A suppression comment's reason (as written, escapes and all) and expiry; each given once, and one rule per comment. */
function suppressionSettings(rule: string, rest: string, origin: string): { reason?: string; expires?: string } {
  const settings: { reason?: string; expires?: string } = {};
  SUPPRESSION_PART.lastIndex = 0;
  for (let m = SUPPRESSION_PART.exec(rest); m && m[0].trim() !== ""; m = SUPPRESSION_PART.exec(rest)) {
    if (m[3] !== undefined) {
      if (RULE_ID.test(m[3])) throw new CheckInputError(`${origin}: tpa:ignore ${rule} ${m[3]}: one rule per comment: write a tpa:ignore line for ${m[3]} of its own`);
      continue; // words around the settings are the team's own
    }
    const key = m[1] as "reason" | "expires";
    if (settings[key] !== undefined) throw new CheckInputError(`${origin}: tpa:ignore ${rule}: ${key}= is given twice: give it once`);
    const value = m[2];
    settings[key] = key === "reason" ? (value.startsWith('"') && value.length >= 2 ? value.slice(1, -1) : "") : value;
  }
  return settings;
}

/** One `tpa:ignore RULE reason="..." expires=YYYY-MM-DD`; a malformed one is bad input with its line. */
function suppression(target: string, m: RegExpExecArray, location: { file: string; line: number; column?: number }): Suppression {
  const origin = locationText(location);
  if (!RULE_ID.test(m[1])) throw new CheckInputError(`${origin}: tpa:ignore "${m[1]}" is not a rule ID such as TPA112`);
  const { reason, expires } = suppressionSettings(m[1], m[2], origin);
  if (!reason || reason.trim().length < 10) throw new CheckInputError(`${origin}: tpa:ignore ${m[1]}: give reason="..." of at least 10 characters`);
  if (!expires || !DATE_PATTERN.test(expires)) throw new CheckInputError(`${origin}: tpa:ignore ${m[1]}: give expires=YYYY-MM-DD`);
  if (!isCalendarDate(expires)) throw new CheckInputError(`${origin}: tpa:ignore ${m[1]}: expires=${expires} is not a day of the calendar: use a real date`);
  return { rule: m[1], target, reason: unescape(reason), expires, origin, location };
}
