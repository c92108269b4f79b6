/**
 * What a user is about to `a0deploy import`: an auth0-deploy-cli configuration (tenant.yaml, or a directory
 * of JSON files) after deploy-cli's keyword replacement, read by the audit's deploy-cli reader and turned
 * into policy resources the way the audit sees a tenant (audit/to-policy.ts).
 *
 * Keyword replacement (auth0-deploy-cli docs/keyword-replacement.md): AUTH0_KEYWORD_REPLACE_MAPPINGS of the
 * config file maps keys to values; `@@KEY@@` is replaced by the JSON of the value, `##KEY##` by the value
 * itself. A keyword without a mapping stays unknown ("${KEY}"), so that the rules warn instead of passing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isSeq, LineCounter, parseDocument } from "yaml";
import { isDeployCliExport, readDeployCliDirectory, snapshotFromDeployCli } from "../audit/deploy-cli";
import { SnapshotError, TenantSnapshot } from "../audit/tenant-snapshot";
import { clientResources, Names, tenantResources } from "../audit/to-policy";
import type { PolicyResource } from "../policy/model";
import { CheckInputError } from "./errors";
import type { FileLine } from "./run";

export interface DeployCliConfiguration {
  readonly resources: PolicyResource[];
  /** AUTH0_DOMAIN of the config file */
  readonly domain?: string;
  locate(target: string): FileLine | undefined;
}

/** The parts of deploy-cli's config.json used here (credentials in it are never read). */
interface DeployCliConfig {
  readonly domain?: string;
  readonly mappings: Readonly<Record<string, unknown>>;
}

export function readDeployCliConfig(file: string | undefined): DeployCliConfig {
  if (!file) return { mappings: {} };
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new CheckInputError(`${file}: not a deploy-cli config file (${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message})`);
  }
  const mappings = json?.AUTH0_KEYWORD_REPLACE_MAPPINGS ?? {};
  if (typeof mappings !== "object" || mappings === null || Array.isArray(mappings)) {
    throw new CheckInputError(`${file}: AUTH0_KEYWORD_REPLACE_MAPPINGS must be an object of KEY: value`);
  }
  const domain = typeof json.AUTH0_DOMAIN === "string" ? json.AUTH0_DOMAIN : undefined;
  return { mappings: mappings as Record<string, unknown>, ...(domain && { domain }) };
}

/** deploy-cli's keyword replacement on a file's text. */
export function replaceKeywords(text: string, mappings: Readonly<Record<string, unknown>>): string {
  return text
    .replace(/@@([A-Za-z0-9_]+)@@/g, (_m, key: string) => (key in mappings ? JSON.stringify(mappings[key]) : JSON.stringify(`\${${key}}`)))
    .replace(/##([A-Za-z0-9_]+)##/g, (_m, key: string) => (key in mappings ? String(mappings[key]) : `\${${key}}`));
}

export function readDeployCli(input: string, config: DeployCliConfig): DeployCliConfiguration {
  if (!fs.existsSync(input)) throw new CheckInputError(`${input}: no such file or folder`);
  const lines = new Map<string, FileLine>();
  let snapshot: TenantSnapshot;
  try {
    snapshot = fs.statSync(input).isDirectory() ? readDirectory(input, config.mappings) : readYaml(input, config.mappings, lines);
  } catch (e) {
    if (e instanceof SnapshotError) throw new CheckInputError(e.message);
    throw e;
  }
  const names = new Names(snapshot);
  const clients = snapshot.clients.flatMap((c, i) => {
    const resources = clientResources(c, names);
    const at = lines.get(`clients|${i}`) ?? (fs.statSync(input).isDirectory() ? clientFile(input, c.name) : undefined);
    if (at) for (const r of resources) lines.set(r.address, at);
    return resources;
  });
  const rest = tenantResources(snapshot, names);
  rest.filter((r) => r.type === "auth0_client_grant").forEach((r, i) => {
    const at = lines.get(`clientGrants|${i}`);
    if (at) lines.set(r.address, at);
  });
  // the address is the target: suppressions in tpa.yaml name it, locations are found by it
  const resources = [...rest, ...clients].map((r) => ({ ...r, annotation: { ...r.annotation, target: r.address } }));
  return { resources, ...(config.domain && { domain: config.domain }), locate: (target) => lines.get(target) };
}

function readYaml(file: string, mappings: Readonly<Record<string, unknown>>, lines: Map<string, FileLine>): TenantSnapshot {
  const text = replaceKeywords(fs.readFileSync(file, "utf8"), mappings);
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new CheckInputError(`${file}:${counter.linePos(doc.errors[0].pos[0]).line}: not valid YAML (after keyword replacement): ${doc.errors[0].message.split("\n")[0]}`);
  }
  const value = doc.toJS() as unknown;
  if (!isDeployCliExport(value)) throw new CheckInputError(`${file}: not an auth0-deploy-cli tenant.yaml (no clients:, clientGrants:, resourceServers:, ...)`);
  for (const key of ["clients", "clientGrants"]) {
    const list = doc.get(key, true);
    if (!isSeq(list)) continue;
    list.items.forEach((item, i) => {
      const offset = (item as { range?: number[] }).range?.[0];
      if (offset !== undefined) lines.set(`${key}|${i}`, { file: display(file), line: counter.linePos(offset).line });
    });
  }
  return snapshotFromDeployCli(value as Record<string, unknown>, { type: "deploy-cli-yaml", file });
}

/** A directory export: its JSON files replaced in a temporary copy, which the audit's reader reads. */
function readDirectory(dir: string, mappings: Readonly<Record<string, unknown>>): TenantSnapshot {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "tpa-deploy-cli-"));
  try {
    copyReplaced(dir, copy, mappings);
    try {
      return readDeployCliDirectory(copy);
    } catch (e) {
      if (e instanceof SnapshotError) throw new CheckInputError(e.message.split(copy).join(dir));
      throw e;
    }
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

function copyReplaced(from: string, to: string, mappings: Readonly<Record<string, unknown>>): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const [src, dest] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isDirectory()) {
      fs.mkdirSync(dest);
      copyReplaced(src, dest, mappings);
    } else if (entry.isFile() && entry.name.endsWith(".json")) {
      fs.writeFileSync(dest, replaceKeywords(fs.readFileSync(src, "utf8"), mappings));
    }
  }
}

function clientFile(dir: string, name: string | undefined): FileLine | undefined {
  const files = fs.existsSync(path.join(dir, "clients")) ? fs.readdirSync(path.join(dir, "clients")) : [];
  const file = files.find((f) => f === `${name}.json`) ?? files.find((f) => {
    try {
      return (JSON.parse(fs.readFileSync(path.join(dir, "clients", f), "utf8")) as { name?: string }).name === name;
    } catch {
      return false;
    }
  });
  return file ? { file: display(path.join(dir, "clients", file)), line: 1 } : undefined;
}

function display(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return (rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file).split(path.sep).join("/");
}
