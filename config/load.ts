import * as fs from "node:fs";
import * as path from "node:path";
import { CORE_SCHEMA, load as loadYaml, YAMLException } from "js-yaml";
import { Document, LineCounter, isMap, isSeq, parseDocument } from "yaml";
import type { z } from "zod";
import { EnvironmentConfig, environmentSchema } from "./schema";
import { Merged, Path, mergeDocuments, originOf } from "./merge";

/** Where something stands in an environment file. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
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
  return `${p.location.file}:${p.location.line}:${p.location.column}:${key} ${p.message}`;
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

/** The environment names in a folder: every *.yaml but base.yaml, sorted. */
export function environmentNames(dir: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ConfigError([
      { location: { file: dir, line: 0, column: 0 }, keyPath: "", message: "no such folder: pass --config DIR" },
    ]);
  }
  const names = fs
    .readdirSync(dir)
    .filter((f) => f !== BASE_FILE && f !== "base.yml")
    .map((f) => ENV_FILE.exec(f)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort();
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
  return loaded;
}

/** Loads `<dir>/<name>.yaml` merged over `<dir>/base.yaml` (when present) and validates the result. */
export function loadEnvironment(dir: string, name: string): LoadedEnvironment {
  const candidates = [path.join(dir, BASE_FILE), path.join(dir, `${name}.yaml`), path.join(dir, `${name}.yml`)];
  const basePath = candidates[0];
  const envPath = fs.existsSync(candidates[1]) ? candidates[1] : candidates[2];
  if (!fs.existsSync(envPath)) {
    throw new ConfigError([
      { location: { file: display(candidates[1]), line: 0, column: 0 }, keyPath: "", message: "no such file" },
    ]);
  }
  const sources = [basePath, envPath].filter((f) => fs.existsSync(f)).map(readSource);
  const merged = mergeDocuments(sources.map((s) => s.value));
  const locate = (keyPath: Path): SourceLocation => locateIn(sources, merged, keyPath);

  const result = environmentSchema.safeParse(merged.value);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => problemFromIssue(issue, locate)));
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

function readSource(filePath: string): SourceFile {
  const file = display(filePath);
  const text = fs.readFileSync(filePath, "utf8");
  let value: unknown = null;
  const empty = text.split("\n").every((line) => /^\s*(#.*)?$/.test(line));
  try {
    // js-yaml reads the values fast; the `yaml` document with positions is built only when a line is needed.
    if (!empty) value = loadYaml(text, { schema: CORE_SCHEMA, filename: file });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
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
  let positions: { doc: Document; lines: LineCounter } | undefined;
  return {
    file,
    value: value ?? null,
    positions: () => {
      if (!positions) {
        const lines = new LineCounter();
        positions = { doc: parseDocument(text, { lineCounter: lines, prettyErrors: false }), lines };
      }
      return positions;
    },
  };
}

function locateIn(sources: readonly SourceFile[], merged: Merged, keyPath: Path): SourceLocation {
  const found = originOf(merged, keyPath);
  // A key missing everywhere is reported on the environment file itself, at its parent if that exists.
  const source = sources[found?.origin.source ?? sources.length - 1];
  const { doc, lines } = source.positions();
  let docPath = found?.origin.path ?? [];
  let node = doc.getIn(docPath, true) as { range?: [number, number, number] } | undefined;
  while (!node?.range && docPath.length > 0) {
    docPath = docPath.slice(0, -1);
    node = doc.getIn(docPath, true) as { range?: [number, number, number] } | undefined;
  }
  const offset = keyOffset(doc, docPath) ?? node?.range?.[0] ?? 0;
  const pos = lines.linePos(offset);
  return { file: source.file, line: pos.line, column: pos.col };
}

/** The offset of the key of a mapping entry (so that an error points at `grantTypes:`, not the value below). */
function keyOffset(doc: Document, docPath: Path): number | undefined {
  if (docPath.length === 0) return undefined;
  const parent = doc.getIn(docPath.slice(0, -1), true);
  const last = docPath[docPath.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (p.key as { value?: unknown })?.value === last);
    return (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
  }
  if (isSeq(parent) && typeof last === "number") {
    return (parent.items[last] as { range?: [number, number, number] } | undefined)?.range?.[0];
  }
  return undefined;
}

function problemFromIssue(issue: z.core.$ZodIssue, locate: (p: Path) => SourceLocation): ConfigProblem {
  const at = issue.path.filter((k): k is string | number => typeof k !== "symbol");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    return {
      location: locate([...at, key]),
      keyPath: formatKeyPath([...at, key]),
      message: `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}: check the spelling (README, "Environment files")`,
    };
  }
  return { location: locate(at), keyPath: formatKeyPath(at), message: issueMessage(issue) };
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

function display(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}
