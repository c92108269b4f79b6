import * as fs from "node:fs";
import * as path from "node:path";
import { CORE_SCHEMA, load as loadYaml, mergeTag, YAMLException } from "js-yaml";
import { Document, LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { z } from "zod";
import { INPUT_BOUNDS, tooManyValues } from "./bounds";
import { EnvironmentConfig, environmentSchema } from "./schema";
import { Merged, Path, mergeDocuments, originOf, recordKey } from "./merge";
import { displayPath, InputFileError, readRegularFile } from "./read-file";
import { positionOf } from "./json-syntax";
import { unclosedQuote, unclosedQuoteMessage } from "./yaml-syntax";
import { terminalText, type SourceLocation as PolicySourceLocation } from "../policy";

/** Where something stands in an environment file. */
/** A place in an environment file (whose column is always known). */
export interface SourceLocation extends PolicySourceLocation {
  readonly column: number;
}

/** One problem with an environment file: where, which key, what is wrong and what to do. */
export interface ConfigProblem {
  readonly location: SourceLocation;
  /** the key path, such as apps[0].grantTypes */
  readonly keyPath: string;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "ConfigError";
  }
}

export function formatProblem(p: ConfigProblem): string {
  const key = p.keyPath ? ` ${p.keyPath}:` : "";
  // Keys and values quoted in messages come from the file: no control sequence reaches the terminal.
  return terminalText(`${p.location.file}:${p.location.line}:${p.location.column}:${key} ${p.message}`);
}

export interface LoadedEnvironment {
  /** the environment's name: tenant.environment, else the file's name */
  readonly name: string;
  /** the files merged, base first, as given (relative to the working directory where possible) */
  readonly files: readonly string[];
  readonly config: EnvironmentConfig;
  /** where a path of the merged configuration was written, such as ["apps", 0, "grantTypes", 1] */
  locate(keyPath: Path): SourceLocation;
}

/** One file of an environment: its value, and its YAML document (with positions) once something asks where. */
interface SourceFile {
  readonly file: string;
  readonly value: unknown;
  positions(): { readonly doc: Document; readonly lines: LineCounter };
}

const BASE_FILE = "base.yaml";
const ENV_FILE = /^([a-z][a-z0-9-]*)\.ya?ml$/;
/** Anything a reader would take for an environment file: checked, never silently skipped. */
const LOOKS_LIKE_YAML = /\.ya?ml$/i;

/**
 * YAML 1.2's core schema with YAML 1.1's merge key (`<<: *defaults`), which GitOps files use to share an app's
 * settings; `yaml` (for positions) is told the same. Top-level keys starting with `x-` hold such anchors and
 * are not part of the configuration (the convention of Compose files and OpenAPI).
 */
const YAML_SCHEMA = CORE_SCHEMA.withTags(mergeTag);
const EXTENSION_KEY = /^x-/;

/** The environment names in a folder: every *.yaml but base.yaml, sorted. */
export function environmentNames(dir: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    const message = fs.existsSync(dir)
      ? `is a file, not a folder: pass --config ${displayPath(path.dirname(dir))}, the folder of the environment files (its ${path.basename(dir)} included)`
      : "no such folder: pass --config DIR";
    throw new ConfigError([{ location: { file: dir, line: 0, column: 0 }, keyPath: "", message }]);
  }
  const entries = fs.readdirSync(dir).filter((f) => LOOKS_LIKE_YAML.test(f)).sort();
  const fileProblem = (f: string, message: string): ConfigProblem => ({
    location: { file: displayPath(path.join(dir, f)), line: 0, column: 0 },
    keyPath: "",
    message,
  });
  const problems: ConfigProblem[] = [];
  const byName = new Map<string, string>();
  for (const f of entries) {
    const name = ENV_FILE.exec(f)?.[1];
    if (name === undefined) {
      problems.push(
        fileProblem(
          f,
          "not a usable environment file name: use lower-case letters, digits and dashes, starting with a letter, and the extension .yaml (such as prod.yaml); an environment whose file is misnamed would lose its stack",
        ),
      );
      continue;
    }
    const other = byName.get(name);
    if (other) problems.push(fileProblem(f, `${other} is the same environment: keep one of the two files`));
    byName.set(name, f);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const names = [...byName.keys()].filter((n) => n !== "base").sort();
  if (names.length === 0) {
    throw new ConfigError([
      {
        location: { file: dir, line: 0, column: 0 },
        keyPath: "",
        message: "no environment files (such as dev.yaml) in this folder",
      },
    ]);
  }
  return names;
}

/** Loads every environment of a folder; problems of all files are reported together. */
export function loadEnvironments(dir: string): LoadedEnvironment[] {
  const loaded: LoadedEnvironment[] = [];
  const problems: ConfigProblem[] = [];
  for (const name of environmentNames(dir)) {
    try {
      loaded.push(loadEnvironment(dir, name));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      for (const p of e.problems) {
        if (!problems.some((q) => formatProblem(q) === formatProblem(p))) problems.push(p);
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const seen = new Map<string, LoadedEnvironment>();
  for (const env of loaded) {
    const other = seen.get(env.name);
    if (other) {
      throw new ConfigError([
        {
          location: env.locate(["tenant", "environment"]),
          keyPath: "tenant.environment",
          message: `environment "${env.name}" is also declared by ${other.files[other.files.length - 1]}: names must be unique`,
        },
      ]);
    }
    seen.set(env.name, env);
  }
  refuseSharedTenantResources(loaded);
  return loaded;
}

/**
 * Two environments on one tenant (a copied file whose domain was not changed) that both manage one of the tenant's
 * own resources: its settings (dcr), an API (its identifier is unique in a tenant: 409), an adopted client. Two states
 * would each create it, or undo the other's changes on every apply.
 */
function refuseSharedTenantResources(loaded: readonly LoadedEnvironment[]): void {
  const owners = new Map<string, LoadedEnvironment>();
  for (const env of loaded) {
    const domain = env.config.tenant.domain.toLowerCase();
    const claims = [
      ...(env.config.dcr ? ["its settings (dcr)"] : []),
      ...env.config.apis.map((api) => `the API ${api.identifier}`),
      ...env.config.apps.flatMap((app) => (app.importClientId ? [`the client ${app.importClientId}`] : [])),
    ];
    for (const what of claims) {
      const key = `${domain}|${what}`;
      const first = owners.get(key);
      if (!first) {
        owners.set(key, env);
        continue;
      }
      // at the domain: a copied file's usual mistake, and the line of this environment's own file (dcr may come from base.yaml)
      throw new ConfigError([
        {
          location: env.locate(["tenant", "domain"]),
          keyPath: "tenant.domain",
          message: `environment "${first.name}" (${first.files[first.files.length - 1]}) is on tenant ${env.config.tenant.domain} too, and both manage ${what}: two states would each create it or undo the other's changes on every apply; give this environment its own tenant's domain, or manage it in one of them`,
        },
      ]);
    }
  }
}

/** Loads `<dir>/<name>.yaml` merged over `<dir>/base.yaml` (when present) and validates the result. */
export function loadEnvironment(dir: string, name: string): LoadedEnvironment {
  const candidates = [path.join(dir, BASE_FILE), path.join(dir, `${name}.yaml`), path.join(dir, `${name}.yml`)];
  const basePath = present(candidates[0]) ? candidates[0] : path.join(dir, "base.yml");
  const envPath = present(candidates[1]) ? candidates[1] : candidates[2];
  if (!present(envPath)) {
    throw new ConfigError([
      { location: { file: displayPath(candidates[1]), line: 0, column: 0 }, keyPath: "", message: "no such file" },
    ]);
  }
  const sources = [basePath, envPath].filter(present).map(readSource);
  const duplicates = sources.flatMap(duplicateRecords);
  const merged = mergeDocuments(sources.map((s) => s.value));
  const locate = (keyPath: Path): SourceLocation => locateIn(sources, merged, keyPath);

  const result = environmentSchema.safeParse(merged.value);
  if (!result.success || duplicates.length > 0) {
    // Key paths name the file's own entries (apps[1] of prod.yaml), not positions in the merged list.
    const inFile = (keyPath: Path): Path => {
      const found = originOf(merged, keyPath);
      return found ? [...found.origin.path, ...keyPath.slice(found.depth)] : keyPath;
    };
    const issues = (result.error?.issues ?? []).map((issue) => problemFromIssue(issue, locate, inFile));
    throw new ConfigError([...duplicates, ...issues.filter((p) => !duplicates.some((d) => d.keyPath === p.keyPath))]);
  }
  const config = result.data;
  const envName = config.tenant.environment ?? name;
  return {
    name: envName,
    files: sources.map((s) => s.file),
    config: { ...config, tenant: { ...config.tenant, environment: envName } },
    locate,
  };
}

/** Whether a path names something, a broken symbolic link included (so that it is reported, not skipped). */
function present(p: string): boolean {
  return fs.lstatSync(p, { throwIfNoEntry: false }) !== undefined;
}

function readSource(filePath: string): SourceFile {
  const file = displayPath(filePath);
  let text: string;
  try {
    text = readRegularFile(filePath, INPUT_BOUNDS.maxBytes, { strictUtf8: true });
  } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    throw new ConfigError([{ location: { file, line: e.position?.line ?? 0, column: e.position?.column ?? 0 }, keyPath: "", message: e.reason }]);
  }
  let value: unknown = null;
  const empty = text.split("\n").every((line) => /^\s*(#.*)?$/.test(line));
  try {
    // js-yaml reads the values fast; the `yaml` document with positions is built only when a line is needed.
    if (!empty) value = loadYaml(text, { schema: YAML_SCHEMA, filename: file });
  } catch (e) {
    if (e instanceof RangeError) {
      throw new ConfigError([{ location: { file, line: 1, column: 1 }, keyPath: "", message: `nested too deeply (at most ${INPUT_BOUNDS.maxDepth} levels)` }]);
    }
    if (!(e instanceof YAMLException)) throw e;
    const second = secondDocumentLine(text);
    if (second !== undefined && /single document/.test(e.reason)) {
      throw new ConfigError([
        {
          location: { file, line: second, column: 1 },
          keyPath: "",
          message: "a second YAML document starts here (---): an environment file is one document; merge the two, or give each environment its own file",
        },
      ]);
    }
    const quote = unclosedQuote(text);
    if (quote) throw new ConfigError([{ location: { file, ...positionOf(text, quote.offset) }, keyPath: "", message: `malformed YAML: ${unclosedQuoteMessage(quote)}` }]);
    const at = e.mark ? { line: e.mark.line + 1, column: e.mark.column + 1 } : { line: 1, column: 1 };
    throw new ConfigError([{ location: { file, ...at }, keyPath: "", message: `malformed YAML: ${e.reason}` }]);
  }
  if (value !== null && value !== undefined && (typeof value !== "object" || Array.isArray(value))) {
    throw new ConfigError([
      {
        location: { file, line: 1, column: 1 },
        keyPath: "",
        message: "an environment file is a mapping with tenant:, apps:, apis: ... at the top level",
      },
    ]);
  }
  if (value) value = Object.fromEntries(Object.entries(value).filter(([key]) => !EXTENSION_KEY.test(key)));
  let positions: { doc: Document; lines: LineCounter } | undefined;
  const source: SourceFile = {
    file,
    value: value ?? null,
    positions: () => {
      if (!positions) {
        const lines = new LineCounter();
        positions = { doc: parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, logLevel: "error" }), lines };
      }
      return positions;
    },
  };
  const problem = checkBounds(source.value);
  if (problem) {
    throw new ConfigError([{ location: locateInSource(source, problem.at), keyPath: formatKeyPath(problem.at), message: problem.message }]);
  }
  return source;
}

/**
 * Bounds what a file can make the loader do: a few hundred bytes of nested YAML aliases expand to billions of
 * values, so the walk stops at INPUT_BOUNDS.maxValues. Also refuses deep nesting, huge strings, and
 * `__proto__` keys (no environment-file key is one, and they must never reach an object's prototype).
 */
/** How cdktf writes an unresolved value into a string (`${TfToken[TOKEN.1]}`, and `#{TfToken[...]}` for lists). */
const CDKTF_TOKEN_MARKER = /TfToken\[/;

function checkBounds(root: unknown): { at: Path; message: string } | undefined {
  let values = 0;
  const walk = (v: unknown, at: Path): { at: Path; message: string } | undefined => {
    if (++values > INPUT_BOUNDS.maxValues) {
      return { at: [], message: tooManyValues() };
    }
    if (at.length > INPUT_BOUNDS.maxDepth) return { at: at.slice(0, -1), message: `nested too deeply (at most ${INPUT_BOUNDS.maxDepth} levels)` };
    if (typeof v === "string" && v.length > INPUT_BOUNDS.maxStringLength) {
      return { at, message: `a value of ${v.length} characters; at most ${INPUT_BOUNDS.maxStringLength} are accepted` };
    }
    if (typeof v === "string" && CDKTF_TOKEN_MARKER.test(v)) {
      // cdktf would take the text for one of its own unresolved values and replace it (or fail) at synth
      return { at, message: 'contains "TfToken[", the marker cdktf uses for its own unresolved values: remove it from the value' };
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const found = walk(v[i], [...at, i]);
        if (found) return found;
      }
    } else if (v !== null && typeof v === "object" && !(v instanceof Date)) {
      for (const [k, child] of Object.entries(v)) {
        if (k === "__proto__") return { at: [...at, k], message: `unknown key "__proto__": no environment-file key has this name` };
        const found = walk(child, [...at, k]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(root, []);
}

/** The line of the `---` that starts a second document: the first one after content (a leading one starts the first). */
function secondDocumentLine(text: string): number | undefined {
  let content = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (/^---(\s|$)/.test(lines[i])) {
      if (content) return i + 1;
      content = /^---\s+\S/.test(lines[i]) && !/^---\s+#/.test(lines[i]); // `--- value` is content of the first
    } else if (!/^\s*(#.*)?$/.test(lines[i]) && !/^%/.test(lines[i])) {
      content = true;
    }
  }
  return undefined;
}

/** Lists whose records a file names twice (one id, or one API and subject type, ...): the second one is reported. */
const KEYED_LISTS: readonly Path[] = [["apps"], ["apis"], ["organizations"], ["defaultPermissions"], ["suppressions"]];

function duplicateRecords(source: SourceFile): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const check = (list: unknown, at: Path) => {
    if (!Array.isArray(list)) return;
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
      const key = recordKey(item);
      if (key === undefined) return;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, i);
        return;
      }
      const what = key.startsWith("id:") ? `id "${key.slice(3)}"` : key.startsWith("grant:") ? `grant on API "${key.split(":")[1]}" for subject type "${key.split(":")[2]}"` : "suppression (rule and target)";
      const fix = key.startsWith("grant:") ? "put all its scopes in one grant" : "remove one or give it another id";
      const where = key.startsWith("id:") ? [...at, i, "id"] : [...at, i];
      problems.push({
        location: locateInSource(source, where),
        keyPath: formatKeyPath(where),
        message: `duplicate ${what}: ${formatKeyPath([...at, first])} has it already; ${fix}`,
      });
    });
  };
  const doc = source.value as Record<string, unknown> | null;
  if (!doc) return problems;
  for (const at of KEYED_LISTS) check(doc[at[0] as string], at);
  if (Array.isArray(doc.apps)) {
    doc.apps.forEach((app, i) => {
      if (app && typeof app === "object") check((app as Record<string, unknown>).permissions, ["apps", i, "permissions"]);
    });
  }
  return problems;
}

function locateIn(sources: readonly SourceFile[], merged: Merged, keyPath: Path): SourceLocation {
  const found = originOf(merged, keyPath);
  // A key missing everywhere is reported on the environment file itself, at its parent if that exists.
  return locateInSource(sources[found?.origin.source ?? sources.length - 1], found?.origin.path ?? []);
}

/** A path of one file's own document (not of the merged result), as file:line:column. */
function locateInSource(source: SourceFile, path: Path): SourceLocation {
  const { doc, lines } = source.positions();
  let docPath = path;
  let found = entryAt(doc, docPath);
  while (!found?.node.range && docPath.length > 0) {
    docPath = docPath.slice(0, -1);
    found = entryAt(doc, docPath);
  }
  // the key of a mapping entry (so that an error points at `grantTypes:`, not the value below)
  const offset = found?.key?.range?.[0] ?? found?.node.range?.[0] ?? 0;
  const pos = lines.linePos(offset);
  return { file: source.file, line: pos.line, column: pos.col };
}

interface Ranged {
  readonly range?: [number, number, number] | null;
}

/**
 * The node at a path of the document (and the key it stands under), through aliases and merge keys: a value an
 * app takes from `<<: *defaults` is found where the anchor's mapping writes it.
 */
function entryAt(doc: Document, path: Path): { node: Ranged; key?: Ranged } | undefined {
  let entry: { node: Ranged; key?: Ranged } | undefined = doc.contents ? { node: doc.contents } : undefined;
  for (const step of path) {
    entry = entry && childOf(doc, entry.node, step, 0);
    if (!entry) return undefined;
  }
  return entry;
}

function childOf(doc: Document, node: unknown, step: string | number, depth: number): { node: Ranged; key?: Ranged } | undefined {
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (isSeq(target)) return typeof step === "number" && target.items[step] ? { node: target.items[step] as Ranged } : undefined;
  if (!isMap(target) || depth > 16) return undefined;
  const pair = target.items.find((p) => isScalar(p.key) && p.key.value === step);
  if (pair) return { node: (pair.value ?? pair.key) as Ranged, key: pair.key as Ranged };
  for (const merge of target.items.filter((p) => isScalar(p.key) && typeof p.key.value === "symbol")) {
    const sources = isSeq(merge.value) ? merge.value.items : [merge.value];
    for (const from of sources) {
      const found = childOf(doc, from, step, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function problemFromIssue(issue: z.core.$ZodIssue, locate: (p: Path) => SourceLocation, inFile: (p: Path) => Path): ConfigProblem {
  const at = issue.path.filter((k): k is string | number => typeof k !== "symbol");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    return {
      location: locate([...at, key]),
      keyPath: formatKeyPath(inFile([...at, key])),
      message: `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}: check the spelling (README, "Environment files")`,
    };
  }
  return { location: locate(at), keyPath: formatKeyPath(inFile(at)), message: issueMessage(issue) };
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) {
    return `required: add this key (${issue.expected})`;
  }
  return issue.message;
}

export function formatKeyPath(p: Path): string {
  return p.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), "");
}
