/**
 * Removing secrets from what the audit reads before anything is kept, saved or printed: client secrets,
 * signing and encryption keys, addon credentials (firebase private keys, Azure SAS keys, ...), API signing
 * secrets, and the code of Rules and Hooks (scripts routinely embed credentials). Matching is by key name, so
 * secrets in fields Auth0 adds later are caught too; PEM blocks are dropped whatever their key.
 */

const SECRET_KEY =
  /(secret|passw(or)?d|private_?key|signing_?keys?|signing_?cert|encryption_?key|access_?key|sas_?key|master_?key|api_?key|pkcs7|^token$|^access_token$|^script$)/i;

const PEM = /-----BEGIN [A-Z ]+-----/;

// Snapshots repeat the same few dozen keys hundreds of thousands of times: each is tested once.
const secretKeys = new Map<string, boolean>();

export function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key);
    if (secretKeys.size < 10_000) secretKeys.set(key, secret);
  }
  return secret;
}

/** `value` without secret-like keys or PEM-encoded values: a copy where something is removed, else the value itself. */
export function scrubSecrets<T>(value: T): T {
  return scrub(value) as T;
}

// Copy-on-write: a snapshot of 50,000 clients has secrets in few places, and copying all of it doubles its memory.
function scrub(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const clean = isPem(v) ? REMOVED : scrub(v);
      if (clean !== v && !out) out = value.slice(0, i);
      if (out && clean !== REMOVED) out.push(clean);
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const v = record[key];
    const clean = isSecretKey(key) || isPem(v) ? REMOVED : scrub(v);
    if (clean !== v && !out) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]] = record[keys[j]];
    }
    if (out && clean !== REMOVED) out[key] = clean;
  }
  return out ?? value;
}

const REMOVED = Symbol("removed");

function isPem(value: unknown): boolean {
  return typeof value === "string" && PEM.test(value);
}

/** Replaces the given secret values (credentials from the environment) wherever they occur in a message. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  return secrets
    .filter((s): s is string => typeof s === "string" && s.length >= 4)
    .reduce((t, s) => t.split(s).join("[redacted]"), text);
}
