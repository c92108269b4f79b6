/**
 * Removing secrets from what the audit reads before anything is kept, saved or printed: client secrets,
 * signing and encryption keys, addon credentials (firebase private keys, Azure SAS keys, ...), API signing
 * secrets, and the code of Rules and Hooks (scripts routinely embed credentials). Matching is by key name, so
 * secrets in fields Auth0 adds later are caught too; PEM blocks are dropped whatever their key.
 */

const SECRET_KEY =
  /(secret|passw(or)?d|private_?key|signing_?keys?|signing_?cert|encryption_?key|access_?key|sas_?key|master_?key|api_?key|pkcs7|^token$|^access_token$|^script$)/i;

const PEM = /-----BEGIN [A-Z ]+-----/;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A deep copy of `value` without secret-like keys or PEM-encoded values. */
export function scrubSecrets<T>(value: T): T {
  return scrub(value) as T;
}

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => !isPem(v)).map(scrub);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (isSecretKey(key) || isPem(v)) continue;
    out[key] = scrub(v);
  }
  return out;
}

function isPem(value: unknown): boolean {
  return typeof value === "string" && PEM.test(value);
}

/** Replaces the given secret values (credentials from the environment) wherever they occur in a message. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  return secrets
    .filter((s): s is string => typeof s === "string" && s.length >= 4)
    .reduce((t, s) => t.split(s).join("[redacted]"), text);
}
