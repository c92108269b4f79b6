import * as path from "node:path";
import type { LoadedEnvironment } from "../config";
import { OWNED_CLIENT_ATTRIBUTES } from "../config/client-attributes";
import type { FileLocation, Finding, SourceLocation } from "../policy";

/**
 * Where a finding comes from in the environment files: its own location when it has one (a suppression),
 * else the key of the attribute concerned when the file sets it, else the record of the target (apps/<id>,
 * apis/<id>, defaultPermissions/<n>, dcr, tenant, ...). The location carries the key path it points at.
 */
export function locateFinding(environments: readonly LoadedEnvironment[], f: Finding): SourceLocation | undefined {
  if (f.location) return f.location;
  const env = environments.find((e) => e.name === f.stack);
  if (!env || !f.target) return undefined;
  const [section, id] = f.target.split("/");
  const keyPath: (string | number)[] = [section];
  const list = (env.config as unknown as Record<string, unknown>)[section];
  if (id !== undefined && Array.isArray(list)) {
    const index = /^\d+$/.test(id) ? Number(id) : list.findIndex((item) => (item as { id?: string }).id === id);
    if (index >= 0) {
      keyPath.push(index);
      if (section === "apps") keyPath.push(...appKeyOf(list[index] as Record<string, unknown>, f));
    }
  }
  return { ...env.locate(keyPath), keyPath };
}

/** The key of an app's entry that sets the finding's attribute, when the entry sets it. */
function appKeyOf(app: Record<string, unknown>, f: Finding): string[] {
  if (!f.attribute) return [];
  // An app's grants (auth0_client_grant) come from its permissions.
  if (f.address?.startsWith("auth0_client_grant.")) return app.permissions !== undefined ? ["permissions"] : [];
  const attribute = f.attribute.split(".")[0];
  const field = OWNED_CLIENT_ATTRIBUTES[attribute];
  // The constructs' own attributes have their field; the rest come through providerAttributes; annotations
  // the policy reads (requestedScopes) are named after their field.
  for (const key of [[field], ["providerAttributes", attribute], [f.attribute]]) {
    if (key[0] !== undefined && valueAt(app, key) !== undefined) return key;
  }
  return [];
}

function valueAt(value: unknown, key: readonly string[]): unknown {
  return key.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), value);
}

export function toFileLocation(at: SourceLocation | undefined): FileLocation | undefined {
  if (!at || at.line < 1) return undefined;
  return { uri: at.file.split(path.sep).join("/"), line: at.line, column: at.column ?? 1 };
}
