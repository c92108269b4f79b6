/**
 * A small evaluator for the Go composite literals the provider's SDKv2 schemas are written in (not a Go parser:
 * what it does not understand is reported, not guessed). It tokenizes Go source, indexes a package's top-level
 * funcs, vars and consts, and resolves identifiers and zero-argument calls to the literal they stand for.
 * Every node remembers its package, so identifiers resolve in the right one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fail } from "./errors";

export interface GoToken {
  k: "punct" | "str" | "char" | "ident" | "num";
  v: string;
}

export interface GoModule {
  root: string;
  /** the module path from go.mod */
  path: string;
  /** packages read so far, by directory */
  packages: Map<string, GoPackage>;
}

export interface GoPackage {
  mod: GoModule;
  dir: string;
  funcs: Map<string, GoFunc>;
  vars: Map<string, GoNode>;
  consts: Map<string, GoNode>;
  /** import alias -> package directory, for imports inside the module */
  imports: Record<string, string>;
}

export interface GoSourceFile {
  pkg: GoPackage;
  file: string;
}

export interface GoFunc {
  src: GoSourceFile;
  toks: GoToken[];
  bodyStart: number;
  bodyEnd: number;
}

/** Anything that is not a composite literal, kept as its tokens. */
export interface GoExpr {
  kind: "expr";
  toks: GoToken[];
  text: string;
  pkg: GoPackage;
  file: string;
}

/** `Type{key: value, ...}` */
export interface GoComposite {
  kind: "composite";
  type: string;
  elems: { key: GoNode | null; value: GoNode }[];
  pkg: GoPackage;
  file: string;
}

export type GoNode = GoExpr | GoComposite;

const TOKEN_RE =
  /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\\n]|\\.)+'|[A-Za-z_][A-Za-z0-9_]*|\d[\w.]*|:=|\.\.\.|&&|\|\||[=!<>]=|<-|\+\+|--|[^\sA-Za-z0-9_]/y;

export function tokenizeGo(src: string, file: string): GoToken[] {
  const tokens: GoToken[] = [];
  const re = new RegExp(TOKEN_RE.source, "y");
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length && (m = re.exec(src))) {
    const v = m[0];
    if (/^\s/.test(v) || v.startsWith("//") || v.startsWith("/*")) {
      // Go's automatic semicolon insertion, so values end at the end of a statement.
      const last = tokens[tokens.length - 1];
      if (v.includes("\n") && last && (last.k !== "punct" || /^(\)|\]|\}|\+\+|--)$/.test(last.v))) {
        tokens.push({ k: "punct", v: ";" });
      }
      continue;
    }
    let k: GoToken["k"] = "punct";
    if (v[0] === '"' || v[0] === "`") k = "str";
    else if (v[0] === "'") k = "char";
    else if (/^[A-Za-z_]/.test(v)) k = "ident";
    else if (/^\d/.test(v)) k = "num";
    tokens.push({ k, v });
  }
  if (re.lastIndex < src.length) fail(`${file}: cannot tokenize Go source at offset ${re.lastIndex}`);
  return tokens;
}

export function goString(tok: GoToken): string {
  if (tok.v[0] === "`") return tok.v.slice(1, -1);
  return JSON.parse(tok.v) as string;
}

/** The module rooted at srcRoot (a folder with go.mod); packages are read on first use. */
export function openGoModule(srcRoot: string): GoModule {
  const goMod = path.join(srcRoot, "go.mod");
  if (!fs.existsSync(goMod)) fail(`${goMod} not found (is ${srcRoot} the provider source root?)`);
  const declared = /^module\s+(\S+)/m.exec(fs.readFileSync(goMod, "utf8"));
  if (!declared) fail(`${goMod}: no module line`);
  return { root: srcRoot, path: declared[1], packages: new Map() };
}

/** The package in dir (read and indexed once per module). */
export function goPackage(mod: GoModule, dir: string): GoPackage {
  let pkg = mod.packages.get(dir);
  if (!pkg) {
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"))
      .sort()
      .map((f) => ({ file: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), "utf8") }));
    pkg = indexGoPackage(mod, dir, files);
    mod.packages.set(dir, pkg);
  }
  return pkg;
}

/** Indexes top-level funcs (not methods), vars, consts and module-internal imports of one package's files. */
export function indexGoPackage(mod: GoModule, dir: string, files: { file: string; text: string }[]): GoPackage {
  const pkg: GoPackage = { mod, dir, funcs: new Map(), vars: new Map(), consts: new Map(), imports: {} };
  for (const { file, text } of files) {
    for (const m of text.matchAll(/^\s*(?:import\s+)?(\w+\s+)?"([^"]+)"\s*$/gm)) {
      if (!m[2].startsWith(mod.path + "/")) continue;
      const alias = m[1] ? m[1].trim() : (m[2].split("/").pop() as string);
      pkg.imports[alias] = path.join(mod.root, m[2].slice(mod.path.length + 1));
    }
    indexTopLevel({ pkg, file }, tokenizeGo(text, file));
  }
  return pkg;
}

function indexTopLevel(src: GoSourceFile, toks: GoToken[]): void {
  let i = 0;
  while (i < toks.length) {
    const t = toks[i];
    if (t.v === "func" && toks[i + 1] && toks[i + 1].k === "ident") {
      const bodyStart = findFuncBody(toks, i + 2);
      const bodyEnd = skipBalanced(toks, bodyStart);
      src.pkg.funcs.set(toks[i + 1].v, { src, toks, bodyStart, bodyEnd });
      i = bodyEnd;
    } else if (t.v === "func") {
      // a method: skip its body
      i = skipBalanced(toks, findFuncBody(toks, i + 1));
    } else if ((t.v === "var" || t.v === "const") && toks[i + 1]) {
      i = indexDeclaration(src, toks, i);
    } else if (t.v === "{" || t.v === "(") {
      i = skipBalanced(toks, i);
    } else {
      i++;
    }
  }
}

function indexDeclaration(src: GoSourceFile, toks: GoToken[], i: number): number {
  const target = toks[i].v === "var" ? src.pkg.vars : src.pkg.consts;
  if (toks[i + 1].v !== "(") {
    // Only the untyped `var Name = <value>` form is recorded.
    if (toks[i + 2] && toks[i + 2].v === "=") {
      const { node, next } = parseGoValue(src, toks, i + 3);
      target.set(toks[i + 1].v, node);
      return next;
    }
    return i + 2;
  }
  // Grouped declaration: only `Name = <single literal>` entries are recorded.
  const end = skipBalanced(toks, i + 1);
  for (let j = i + 2; j < end - 2; j++) {
    if (toks[j].k === "ident" && toks[j + 1].v === "=" && (toks[j + 2].k === "str" || toks[j + 2].k === "num")) {
      target.set(toks[j].v, exprNode(src, [toks[j + 2]]));
    }
  }
  return end;
}

/** Index of the `{` opening a func body, starting after the func name. */
function findFuncBody(toks: GoToken[], i: number): number {
  let depth = 0;
  for (; i < toks.length; i++) {
    const v = toks[i].v;
    if (v === "(" || v === "[") depth++;
    else if (v === ")" || v === "]") depth--;
    else if (v === "{" && depth === 0) {
      if (toks[i - 1].v === "interface" || toks[i - 1].v === "struct") {
        i = skipBalanced(toks, i) - 1;
        continue;
      }
      return i;
    }
  }
  return fail("unterminated func signature");
}

/** Given the index of an opening bracket, returns the index after its match. */
function skipBalanced(toks: GoToken[], i: number): number {
  const open = toks[i].v;
  const close = ({ "{": "}", "(": ")", "[": "]" } as Record<string, string>)[open];
  let depth = 0;
  for (; i < toks.length; i++) {
    if (toks[i].v === open) depth++;
    else if (toks[i].v === close && --depth === 0) return i + 1;
  }
  return fail(`unbalanced "${open}" in Go source`);
}

function exprNode(src: GoSourceFile, toks: GoToken[]): GoExpr {
  return { kind: "expr", toks, text: toks.map((t) => t.v).join(""), pkg: src.pkg, file: src.file };
}

/**
 * Parses one value up to `,` `:` `}` `)` `]` or `;` at depth 0. Composite literals become
 * {kind: "composite", type, elems}; anything else is an opaque {kind: "expr", toks, text}.
 */
export function parseGoValue(src: GoSourceFile, toks: GoToken[], i: number): { node: GoNode; next: number } {
  const prefix: GoToken[] = [];
  while (i < toks.length) {
    const v = toks[i].v;
    if (v === "," || v === ":" || v === "}" || v === ")" || v === ";" || v === "]") break;
    if (v === "func") {
      const bodyStart = findFuncBody(toks, i + 1);
      prefix.push(...toks.slice(i, bodyStart), { k: "punct", v: "{…}" });
      i = skipBalanced(toks, bodyStart);
    } else if (v === "(" || v === "[" || (v === "{" && i > 0 && ["interface", "struct"].includes(toks[i - 1].v))) {
      const end = skipBalanced(toks, i);
      prefix.push(...toks.slice(i, end));
      i = end;
    } else if (v === "{") {
      const parsed = parseCompositeBody(src, toks, i);
      i = parsed.next;
      const node: GoComposite = { kind: "composite", type: prefix.map((t) => t.v).join(""), elems: parsed.elems, pkg: src.pkg, file: src.file };
      if (!(toks[i] && [".", "["].includes(toks[i].v))) return { node, next: i };
      prefix.push({ k: "punct", v: "{…}" });
    } else {
      prefix.push(toks[i]);
      i++;
    }
  }
  return { node: exprNode(src, prefix), next: i };
}

function parseCompositeBody(src: GoSourceFile, toks: GoToken[], i: number): { elems: GoComposite["elems"]; next: number } {
  const elems: GoComposite["elems"] = [];
  i++; // `{`
  while (toks[i].v !== "}") {
    let { node, next } = parseGoValue(src, toks, i);
    let key: GoNode | null = null;
    if (toks[next].v === ":") {
      key = node;
      ({ node, next } = parseGoValue(src, toks, next + 1));
    }
    elems.push({ key, value: node });
    i = next;
    if (toks[i].v === ",") i++;
    else if (toks[i].v !== "}") fail(`${src.file}: unexpected "${toks[i].v}" in composite literal`);
  }
  return { elems, next: i + 1 };
}

/**
 * Resolves identifiers and zero-argument calls (in the node's package or an imported package of the module) to
 * the value they stand for: a var/const initializer or a func's top-level return value.
 */
export function resolveGo(node: GoNode): GoNode {
  for (let guard = 0; node.kind === "expr" && guard < 10; guard++) {
    const t = node.toks.map((x) => x.v);
    let pkg = node.pkg;
    if (t.length >= 3 && t[1] === "." && pkg.imports[t[0]]) {
      pkg = goPackage(pkg.mod, pkg.imports[t[0]]);
      t.splice(0, 2);
    }
    let target: GoNode | undefined;
    if (t.length === 1 && pkg.vars.has(t[0])) target = pkg.vars.get(t[0]);
    else if (t.length === 1 && pkg.consts.has(t[0])) target = pkg.consts.get(t[0]);
    else if (t.length === 3 && t[1] === "(" && t[2] === ")" && pkg.funcs.has(t[0])) target = funcReturnValue(pkg.funcs.get(t[0]) as GoFunc);
    if (!target) return node;
    node = target;
  }
  return node;
}

/** The value after the first `return` at the top level of a func body. */
export function funcReturnValue(fn: GoFunc): GoNode {
  let depth = 0;
  for (let i = fn.bodyStart; i < fn.bodyEnd; i++) {
    const v = fn.toks[i].v;
    if (v === "{") depth++;
    else if (v === "}") depth--;
    else if (v === "return" && depth === 1) return parseGoValue(fn.src, fn.toks, i + 1).node;
  }
  return fail(`${fn.src.file}: function has no top-level return`);
}

/** A struct literal's fields by name. */
export function fieldsOf(composite: GoNode, where: string): Record<string, GoNode> {
  if (composite.kind !== "composite") return fail(`${where}: expected a struct literal, found "${composite.text}"`);
  const fields: Record<string, GoNode> = {};
  for (const { key, value } of composite.elems) {
    if (!key || key.kind !== "expr" || key.toks.length !== 1) fail(`${where}: expected a struct field name`);
    fields[key.toks[0].v] = value;
  }
  return fields;
}

export function exprText(node: GoNode): string {
  return node.kind === "expr" ? node.text : "{…}";
}

export function goBool(node: GoNode, where: string): boolean {
  const text = exprText(node);
  if (text === "true") return true;
  if (text === "false") return false;
  return fail(`${where}: cannot evaluate boolean "${text}"`);
}

export function goInt(node: GoNode, where: string): number {
  const text = exprText(resolveGo(node));
  if (/^\d+$/.test(text)) return Number(text);
  return fail(`${where}: cannot evaluate integer "${exprText(node)}"`);
}

export function goNonEmptyString(node: GoNode): boolean {
  return exprText(node) !== '""';
}
