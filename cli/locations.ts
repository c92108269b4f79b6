import * as path from "node:path";
import type { LoadedEnvironment, SourceLocation } from "../config";
import type { Finding } from "../policy";
import type { FileLocation } from "../policy/report/sarif";

/** Terraform attributes of an app and the environment-file keys they come from. */
const APP_KEYS: Record<string, string> = {
  grant_types: "grantTypes",
  callbacks: "callbacks",
  allowed_origins: "allowedOrigins",
  web_origins: "webOrigins",
  allowed_logout_urls: "allowedLogoutUrls",
  app_type: "appType",
  redirection_policy: "redirectionPolicy",
  third_party_security_mode: "mode",
  "jwt_configuration.alg": "jwtAlg",
  "refresh_token.expiration_type": "refreshToken",
  "refresh_token.infinite_idle_token_lifetime": "refreshToken",
  requestedScopes: "requestedScopes",
  scopes: "permissions",
};

/**
 * Where a finding comes from in the environment files: the key of the attribute concerned when the file sets
 * it, else the record of the target (apps/<id>, apis/<id>, defaultPermissions/<n>, dcr, tenant, ...).
 */
export function locateFinding(environments: readonly LoadedEnvironment[], f: Finding): SourceLocation | undefined {
  if (f.origin) {
    const m = /^(.*):(\d+)$/.exec(f.origin);
    if (m) return { file: m[1], line: Number(m[2]), column: 1 };
  }
  const env = environments.find((e) => e.name === f.stack);
  if (!env || !f.target) return undefined;
  const [section, id] = f.target.split("/");
  let keyPath: (string | number)[] = [section];
  if (id !== undefined) {
    const list = (env.config as unknown as Record<string, unknown>)[section];
    if (!Array.isArray(list)) return env.locate(keyPath);
    const index = /^\d+$/.test(id) ? Number(id) : list.findIndex((item) => (item as { id?: string }).id === id);
    if (index < 0) return env.locate(keyPath);
    keyPath = [section, index];
    const key = section === "apps" && f.attribute ? APP_KEYS[f.attribute] : undefined;
    if (key && (list[index] as Record<string, unknown>)[key] !== undefined) keyPath.push(key);
  }
  return env.locate(keyPath);
}

export function toFileLocation(at: SourceLocation | undefined): FileLocation | undefined {
  if (!at || at.line < 1) return undefined;
  return { uri: at.file.split(path.sep).join("/"), line: at.line, column: at.column };
}
