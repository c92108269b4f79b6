import * as fs from "node:fs";
import * as path from "node:path";
import type { Management } from "auth0";
import { InputFileError, readRegularFile } from "../config/read-file";
import { isRecord, makeSnapshot, SnapshotError, SnapshotSource, TenantSnapshot } from "./tenant-snapshot";

/**
 * auth0-deploy-cli exports (`a0deploy export`), read as snapshots. Both formats carry the Management API's
 * objects nearly as returned (auth0/auth0-deploy-cli docs/resource-specific-documentation.md):
 *
 * - YAML (`--format yaml`): one tenant.yaml with top-level tenant:, clients:, clientGrants:, resourceServers:,
 *   rules:, hooks:, organizations:, prompts: (src/context/yaml).
 * - directory (`--format directory`): tenant.json, clients/*.json, grants/*.json, resource-servers/*.json,
 *   rules/*.json, hooks/*.json, organizations/*.json, prompts/prompts.json (src/context/directory,
 *   src/tools/constants.ts).
 *
 * Unless AUTH0_EXPORT_IDENTIFIERS is on, the export strips identifiers (client_id of clients, id of grants and
 * APIs), and grants name their client by its name instead of its ID; client_secret and signing_keys are never
 * exported (src/readonly.ts, src/utils.ts stripIdentifiers / convertClientIdToName). The export does not
 * record the tenant's domain either.
 */

const YAML_KEYS = ["tenant", "clients", "clientGrants", "resourceServers", "rules", "hooks", "organizations", "prompts"];

export function isDeployCliExport(doc: unknown): boolean {
  return isRecord(doc) && YAML_KEYS.some((k) => k in doc);
}

export function snapshotFromDeployCli(doc: Record<string, unknown>, source: SnapshotSource & { file: string }): TenantSnapshot {
  const list = <T>(key: string) => records<T>(doc[key], source.file, key);
  return makeSnapshot({
    source,
    tenantSettings: isRecord(doc.tenant) ? doc.tenant : null,
    prompts: isRecord(doc.prompts) ? doc.prompts : null,
    clients: list<Management.Client>("clients"),
    clientGrants: list<Management.ClientGrantResponseContent>("clientGrants"),
    resourceServers: list<Management.ResourceServer>("resourceServers"),
    rules: list<Management.Rule>("rules"),
    hooks: list<Management.Hook>("hooks"),
    organizations: list<Management.Organization>("organizations"),
  });
}

const DIRECTORIES = {
  clients: "clients",
  clientGrants: "grants",
  resourceServers: "resource-servers",
  rules: "rules",
  hooks: "hooks",
  organizations: "organizations",
} as const;

export function readDeployCliDirectory(dir: string): TenantSnapshot {
  const tenantFile = path.join(dir, "tenant.json");
  const promptsFile = path.join(dir, "prompts", "prompts.json");
  const known = [...Object.values(DIRECTORIES).map((d) => path.join(dir, d)), tenantFile];
  if (!known.some((p) => fs.existsSync(p))) {
    throw new SnapshotError(dir, "not an auth0-deploy-cli directory export (no tenant.json, clients/, grants/ or resource-servers/)");
  }
  const doc: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(DIRECTORIES)) doc[key] = readJsonFiles(path.join(dir, sub));
  if (fs.existsSync(tenantFile)) doc.tenant = readJson(tenantFile);
  if (fs.existsSync(promptsFile)) doc.prompts = readJson(promptsFile);
  return snapshotFromDeployCli(doc, { type: "deploy-cli-directory", file: dir });
}

function readJsonFiles(dir: string): unknown[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => readJson(path.join(dir, f)))
    .filter((o) => isRecord(o) && Object.keys(o).length > 0);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readRegularFile(file); // a FIFO in an export folder must not hang the audit
  } catch (e) {
    throw new SnapshotError(file, e instanceof InputFileError ? e.reason : (e as Error).message);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SnapshotError(file, `not valid JSON: ${(e as Error).message}`);
  }
}

function records<T>(value: unknown, file: string, key: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isRecord)) throw new SnapshotError(file, `${key}: expected a list of objects`);
  return value as T[];
}
