/**
 * Removing secrets from what the audit reads before anything is kept, saved, printed or written into an
 * environment file: client secrets, signing and encryption keys, addon credentials (firebase private keys,
 * Azure SAS keys, ...), API signing secrets, the code of Rules and Hooks (scripts routinely embed
 * credentials), and any string that a secret's name or shape gives away, under whatever key Auth0 or a
 * tenant's admin chose (client_metadata `pwd`, an organization's `apiToken`, a JWT, a PEM block, a long
 * base64 key, a URL with user:password or with ?api_key=). What is removed is reported by its key path, never by its value.
 */

import { nestsDeeperThan } from "./nesting";

/** Keys whose value is removed whatever it is (objects and lists included). */
const SECRET_KEY =
  /(secret|passw(or)?d|private_?key|signing_?keys?|signing_?cert|encryption_?key|access_?key|sas_?key|master_?key|api_?key|pkcs7|^token$|^access_token$|^script$)/i;

/**
 * Names that give a string value away as a secret, compared without case, dashes or underscores. Only string
 * values are removed this way: a client's `refresh_token` settings object stays, a metadata `refresh_token`
 * string goes.
 */
const SECRET_NAME = [
  "secret",
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "credential",
  "privatekey",
  "apikey",
  "apitoken",
  "accesstoken",
  "refreshtoken",
  "idtoken",
  "authtoken",
  "sessiontoken",
  "authorization",
  "bearer",
  "cookie",
  "signingkey",
  "encryptionkey",
  "accesskey",
  "connectionstring",
];

/**
 * Identifiers and names the audit, import and the rules need (a grant names its client by name in deploy-cli exports),
 * and a credential's type (public_key, x509_cert: the kind of key, not the key):
 * never secrets by their key's name, and secrets by their shape only when unmistakable. A long single-token name
 * (Salesforce-Integration-Production-EU-West1) has the shape of a long key, and removing it would unlink the client.
 */
const IDENTIFIER_KEY = new Set(["client_id", "id", "tenant", "audience", "identifier", "resource_server_id", "organization_id", "name", "display_name", "credential_type"]);

/** What gives a value away as a secret, whatever its key. */
const URL_WITH_PASSWORD = "a URL with a password";
/** A URL's user and password (scheme://user:password@), the password not an expression. */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:(?!\$\{)[^/\s@]+@/i;

/**
 * A URL's query or fragment parameter, its name and value (the value not an expression): `?api_key=...`,
 * `#access_token=...`, an Azure SAS `sig=...`.
 */
const URL_PARAMETER = /[?#&;]([A-Za-z0-9_.-]+)=(?!\$\{)([^&#;\s]+)/g;
const URL_WITH_SECRET_PARAMETER = "a URL with a secret parameter";

/** Does a URL parameter of this name carry a secret? As a key's name does, and the short names of keys and signatures. */
function isSecretParameter(name: string): boolean {
  return secretByName(name) === SECRET_BY_NAME || /^(sig|signature|.*key)$/.test(name.toLowerCase().replace(/[^a-z0-9]/g, ""));
}

function hasSecretParameter(s: string): boolean {
  for (const m of s.matchAll(URL_PARAMETER)) if (isSecretParameter(m[1])) return true;
  return false;
}

const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----/;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;
const BEARER_TOKEN = /\bbearer\s+[A-Za-z0-9._~+/-]{16,}/i;
// 40 or more key characters with upper case, lower case and digits: longer than Auth0's IDs (32)
const LONG_KEY = /^[A-Za-z0-9+/_-]{40,}={0,2}$/;

/**
 * The shape that gives a string away as a secret, if any, in this order: a PEM private key, a PEM block, a JWT, a URL
 * with a password, a URL with a secret parameter, a bearer token, a long base64 or hex key. Unmistakable shapes only: all but PEM blocks and long
 * keys. One function, not a list of tests: the audit asks it of every string of tenants with tens of thousands of
 * clients, and each test's cheap precondition (the shortest text it matches, a telltale substring) comes first.
 */
function secretShape(s: string, unmistakableOnly: boolean): string | undefined {
  const n = s.length;
  if (n < 8) return undefined; // shorter than the shortest shape (a://u:p@)
  if (n >= 17 && s.includes("-----BEGIN ")) {
    if (n >= 27 && PEM_PRIVATE_KEY.test(s)) return "a PEM private key";
    // a certificate or a public key is public (a SAML addon's signing_cert): dropped from a snapshot, not refused in a file
    if (!unmistakableOnly && PEM_BLOCK.test(s)) return "a PEM block";
  }
  if (n >= 24 && s.includes("eyJ") && JWT.test(s)) return "a JWT";
  // a password that is a Terraform expression (${var.pw}) is no secret in the text
  if (s.includes("@") && URL_PASSWORD.test(s)) return URL_WITH_PASSWORD;
  if (s.includes("=") && s.includes("://") && hasSecretParameter(s)) return URL_WITH_SECRET_PARAMETER;
  if (n >= 23 && BEARER_TOKEN.test(s)) return "a bearer token";
  if (!unmistakableOnly && n >= 40 && LONG_KEY.test(s) && /[0-9]/.test(s) && /[A-Z]/.test(s) && /[a-z]/.test(s)) return "a long base64 or hex key";
  return undefined;
}

/** A Redaction's reason for a value removed for its key's name (the others name the shape). */
export const SECRET_BY_NAME = "its name";

/** One value removed: where, and why (never what). */
export interface Redaction {
  /** the key path, such as clients[2].client_metadata.pwd */
  readonly path: string;
  /** "its name" or the shape, such as "a JWT" */
  readonly reason: string;
}

/**
 * Keys that match SECRET_KEY but name a setting about a secret, not the secret: jwt_configuration.secret_encoded (a
 * flag), client_authentication_methods.private_key_jwt (the client's public keys; what is under it is still judged by
 * its own keys and shapes, so a private key there goes).
 */
const SECRET_SETTINGS: ReadonlySet<string> = new Set(["secret_encoded", "private_key_jwt"]);

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !SECRET_SETTINGS.has(key);
}

/**
 * The shape that gives a value away as a secret under any key, if any: a PEM private key, a JWT, a URL with a password
 * or a secret parameter, a bearer token. Such a value is never synthesized from configuration, and the audit removes it even from an
 * identifier. (Names such as password_policy and long keys such as a long path also match settings a team writes,
 * which the audit may drop but a file must be able to set.)
 */
export function unmistakableSecret(value: string): string | undefined {
  return secretShape(value, true);
}

/** Why a secret does not belong in client_metadata, and what to do. */
export const METADATA_SECRET_FIX = "client_metadata is readable by anyone with read:clients and lands in Terraform's plan and state; keep the secret out of it";

/** Why a secret does not belong in any other value of an environment file, and what to do. */
export const CONFIGURED_SECRET_FIX = "it would be written into the synthesized Terraform JSON, the plan and the state; keep the secret out of the configuration";

/** A secret's reason in words: "its name", or "its shape (a JWT)". */
export function secretReasonText(reason: string): string {
  return reason === SECRET_BY_NAME ? SECRET_BY_NAME : `its shape (${reason})`;
}

/** Whether a string stored under `key` is a secret by its name or its shape; the reason, if so. */
export function secretReason(key: string | undefined, value: string, byName = key === undefined ? false : secretByName(key)): string | undefined {
  if (byName !== false) return byName;
  return secretShape(value, false);
}

/** "its name" when a string under `key` is a secret by its name, undefined when the key is an identifier or a name, else false. */
function secretByName(key: string): typeof SECRET_BY_NAME | undefined | false {
  if (IDENTIFIER_KEY.has(key)) return undefined;
  const name = key.toLowerCase().replace(/[^a-z0-9]/g, "");
  // sfdc_token, slack_webhook_token: a token of any service (Auth0's own text settings under such names are none)
  return name.endsWith("token") || SECRET_NAME.some((n) => name.includes(n)) ? SECRET_BY_NAME : false;
}

/**
 * A copy of `value` without secrets, and what was removed. The function `tpa import` (through the snapshot),
 * `tpa audit --save` and every snapshot reader call. A deep copy by default; "where-changed" copies only the
 * objects and lists on the way to a removed secret and shares the rest, for data that nobody else holds (a
 * file just parsed, a response just read), where copying tens of thousands of clients would only cost time.
 */
export function redactSecrets<T>(value: T, at = "", copy: "deep" | "where-changed" = "deep"): { value: T; redacted: Redaction[] } {
  return redactUpTo(value, at, copy, Infinity);
}

/**
 * redactSecrets of a value nested at most maxDepth levels (its own properties are level 1), checked in the same
 * walk; undefined when it nests deeper (the walk stops there, so deep input cannot overflow the stack).
 */
export function redactSecretsWithin<T>(value: T, maxDepth: number, copy: "deep" | "where-changed" = "deep"): { value: T; redacted: Redaction[] } | undefined {
  try {
    return redactUpTo(value, "", copy, maxDepth);
  } catch (e) {
    if (e instanceof NestedTooDeep) return undefined;
    throw e;
  }
}

class NestedTooDeep extends Error {}

function redactUpTo<T>(value: T, at: string, copy: "deep" | "where-changed", maxDepth: number): { value: T; redacted: Redaction[] } {
  const redacted: Redaction[] = [];
  const state: Scrubbing = { at: at ? [at] : [], redacted, deep: copy === "deep", keys: new Map(), maxDepth: at ? maxDepth + 1 : maxDepth };
  return { value: scrub(value, state, undefined, NO_KEY) as T, redacted };
}

/** A deep copy of `value` without secret-like keys or secret-shaped values. */
export function scrubSecrets<T>(value: T): T {
  return redactSecrets(value).value;
}

/**
 * The values removed for their shape from the items of a snapshot's lists, by list and item ("clients|3"): values the
 * rules would have judged (a callback with a password and a wildcard) and never saw. A secret by its name
 * (client_secret) is nothing the rules read.
 */
export function unjudgedRedactions(redacted: readonly Redaction[]): Map<string, Redaction[]> {
  const out = new Map<string, Redaction[]>();
  for (const r of redacted) {
    const item = /^(\w+)\[(\d+)\]/.exec(r.path);
    if (!item || r.reason === SECRET_BY_NAME) continue;
    const key = `${item[1]}|${item[2]}`;
    const list = out.get(key);
    if (list) list.push(r);
    else out.set(key, [r]);
  }
  return out;
}

/** What a report says of such a value: where it was, and why it went (never what it was). */
export function unjudgedText(r: Redaction): string {
  return `${r.path} was removed as a secret by ${secretReasonText(r.reason)}, so the strict rules did not judge it`;
}

/** The removed values as one line each, for a warning (a key path is the tenant's text: the writer makes it plain text). */
export function describeRedactions(redacted: readonly Redaction[]): string[] {
  return redacted.map((r) => `${r.path}: removed, a secret by ${secretReasonText(r.reason)}; the value is neither printed nor saved`);
}

const DROP = Symbol("drop");

/**
 * The key path to the value being scrubbed, as its keys and list indexes, formatted only for a redaction: large
 * snapshots have millions of values and few secrets.
 */
type PathStack = (string | number)[];

interface Scrubbing {
  readonly at: PathStack;
  readonly redacted: Redaction[];
  /** a deep copy, or (for data nobody else holds) a copy only of the objects and lists that held a secret */
  readonly deep: boolean;
  /** what each key met says of the values under it (a snapshot has millions of values under a few hundred keys) */
  readonly keys: Map<string, KeyVerdict>;
  /** the longest key path allowed (its length is the depth of the value it leads to) */
  readonly maxDepth: number;
}

/** What a key says of the values under it: removed whatever they are, or (strings) secretByName's answer. */
interface KeyVerdict {
  readonly secretKey: boolean;
  readonly byName: ReturnType<typeof secretByName>;
}

/** A value under no key (the top, or a list at the top): its strings are judged by their shape alone. */
const NO_KEY: KeyVerdict = { secretKey: false, byName: false };

function verdictOf(state: Scrubbing, key: string): KeyVerdict {
  let verdict = state.keys.get(key);
  if (!verdict) state.keys.set(key, (verdict = { secretKey: isSecretKey(key), byName: secretByName(key) }));
  return verdict;
}

/** `under` is the verdict of the key the value is under (a list's items are under the list's key). */
function scrub(value: unknown, state: Scrubbing, key: string | undefined, under: KeyVerdict): unknown {
  const { at, redacted } = state;
  if (at.length > state.maxDepth) throw new NestedTooDeep();
  if (typeof value === "string") return scrubbedString(value, state, key, under);
  if (Array.isArray(value)) {
    // copied when deep, else only once an element changes
    let out: unknown[] | undefined = state.deep ? [] : undefined;
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      // a leaf within the depth bound is settled here, without a call per value (snapshots have millions)
      const v = value[i];
      const scrubbed = at.length > state.maxDepth || (typeof v === "object" && v !== null) ? scrub(v, state, key, under) : typeof v === "string" ? scrubbedString(v, state, key, under) : v;
      at.pop();
      if (!out && scrubbed !== value[i]) out = value.slice(0, i);
      if (out && scrubbed !== DROP) out.push(scrubbed);
    }
    return out ?? value;
  }
  if (value === null || typeof value !== "object") return value;
  let out: Record<string, unknown> | undefined = state.deep ? {} : undefined;
  // for-in over the own keys, not Object.keys: no list of keys per object (snapshots have millions of objects)
  let i = -1;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    i++;
    const v = (value as Record<string, unknown>)[k];
    at.push(k);
    const verdict = verdictOf(state, k);
    let scrubbed: unknown = DROP;
    if (!verdict.secretKey) {
      // a leaf within the depth bound is settled here, as in a list
      scrubbed = at.length > state.maxDepth || (typeof v === "object" && v !== null) ? scrub(v, state, k, verdict) : typeof v === "string" ? scrubbedString(v, state, k, verdict) : v;
    } else {
      // dropped unread, but within the depth bound all the same
      if (state.maxDepth !== Infinity && nestsDeeperThan(v, state.maxDepth - at.length)) throw new NestedTooDeep();
      if (v !== undefined && v !== null && v !== "") redacted.push({ path: pathOf(at), reason: SECRET_BY_NAME });
    }
    at.pop();
    if (!out && scrubbed !== v) out = copyOf(value as Record<string, unknown>, Object.keys(value), i);
    if (!out || scrubbed === DROP) continue;
    if (k === "__proto__") Object.defineProperty(out, k, { value: scrubbed, enumerable: true, writable: true, configurable: true });
    else out[k] = scrubbed;
  }
  return out ?? value;
}

/** A string as scrubbed: itself, or DROP (recorded) when it is a secret under its key. `at` is its path. */
function scrubbedString(value: string, state: Scrubbing, key: string | undefined, under: KeyVerdict): string | typeof DROP {
  const byName = under.byName;
  // undefined: an identifier or a name, a secret only by an unmistakable shape (passed on, secretReason's default would ask the name again)
  const reason = byName === undefined ? unmistakableSecret(value) : secretReason(key, value, byName);
  if (!reason) return value;
  // removed whole: a URL with its password masked would be written into an environment file and deployed
  state.redacted.push({ path: pathOf(state.at), reason });
  return DROP;
}

/** A plain object with the first `count` of value's keys. */
function copyOf(value: Record<string, unknown>, keys: readonly string[], count: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const k = keys[i];
    if (k === "__proto__") Object.defineProperty(out, k, { value: value[k], enumerable: true, writable: true, configurable: true });
    else out[k] = value[k];
  }
  return out;
}

/** clients[2].client_metadata.pwd */
function pathOf(at: PathStack): string {
  return at.map((segment, i) => (typeof segment === "number" ? `[${segment}]` : i > 0 ? `.${segment}` : segment)).join("");
}

/** Replaces the given secret values (credentials from the environment) wherever they occur in a message. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  return secrets
    .filter((s): s is string => typeof s === "string" && s.length >= 4)
    .reduce((t, s) => t.split(s).join("[redacted]"), text);
}
