import * as fs from "node:fs";
import { auditTenant } from "../audit/classify";
import { Credentials, readTenant, READ_SCOPES, ReadProgress } from "../audit/client";
import { AuditFormat, formatAudit } from "../audit/format";
import { TenantReadError } from "../audit/retry";
import { describeRedactions, redact } from "../audit/secrets";
import { terminalLines, terminalText } from "../policy";
import { loadSnapshotFrom, saveSnapshot, SnapshotError, TenantSnapshot } from "../audit/snapshot";
import { fileSystemFailure, reasonOf } from "../config/read-file";
import { isTenantDomain } from "./domain";
import { todayFrom } from "./today";
import { checkProfileOption } from "./options";
import { AUDIT } from "./commands";
import { commandUsage, parseCommandArgs } from "./usage";
import { isUsageError, UsageError } from "./usage-error";

/** What the command reads from its surroundings; tests replace them. */
export interface AuditDependencies {
  readonly env?: NodeJS.ProcessEnv;
  /** the SDK's fetch (tests point it at the Management API emulator) */
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** entries per page @default 100 */
  readonly perPage?: number;
}

interface AuditArgs {
  readonly domain?: string;
  readonly from?: string;
  readonly format: AuditFormat;
  readonly save?: string;
  readonly profile?: string;
  readonly keywords?: string;
}

/** `tpa audit`: returns the exit code. Client secrets are never printed or saved. */
export async function auditCommand(
  args: readonly string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  deps: AuditDependencies = {},
): Promise<number> {
  const env = deps.env ?? process.env;
  const secrets = [env.AUTH0_CLIENT_SECRET, env.AUTH0_API_TOKEN];
  try {
    const options = parseAuditArgs(args, env, isTty(out));
    const snapshot = options.from ? loadSnapshotFrom(options.from, options.keywords) : await readLive(options.domain!, env, err, deps);
    if (options.save) save(options.save, snapshot, err);
    const now = deps.now ?? Date.now;
    const today = todayFrom(env, now);
    const report = auditTenant(snapshot, { profile: options.profile, today });
    // piece by piece, not one string: an audit of 50,000 clients is tens of MB of JSON
    for (const piece of formatAudit(report, options.format)) out.write(piece);
    out.write("\n");
    return 0;
  } catch (e) {
    return reportFailure(e, err, secrets);
  }
}

function parseAuditArgs(args: readonly string[], env: NodeJS.ProcessEnv, tty: boolean): AuditArgs {
  const { values } = parseCommandArgs(AUDIT, args);
  if (values.domain && values.from) throw new UsageError("give --domain or --from, not both");
  const domain = values.from ? undefined : (values.domain ?? env.AUTH0_DOMAIN);
  if (!values.from && !domain) throw new UsageError("give --domain DOMAIN (or set AUTH0_DOMAIN), or --from FILE");
  if (domain && !isTenantDomain(domain)) {
    throw new UsageError(`--domain takes the tenant's domain, such as acme.eu.auth0.com (no scheme, no path), not "${domain}"`);
  }
  const format = values.format ?? (tty ? "table" : "json");
  checkProfileOption(values.profile);
  if (values.keywords !== undefined && !values.from) throw new UsageError("--keywords goes with --from (a deploy-cli export)");
  if (values.save && values.from && sameFile(values.save, values.from)) {
    throw new UsageError(`--save ${values.save} is the --from file: the snapshot would replace what it was read from; save it under another name`);
  }
  return { domain, from: values.from, format, save: values.save, profile: values.profile, keywords: values.keywords };
}

/** Whether two paths name one file (through links too); a path that does not exist yet names none. */
function sameFile(a: string, b: string): boolean {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

function credentialsFrom(env: NodeJS.ProcessEnv): Credentials {
  if (env.AUTH0_API_TOKEN) return { token: env.AUTH0_API_TOKEN };
  if (env.AUTH0_CLIENT_ID && env.AUTH0_CLIENT_SECRET) return { clientId: env.AUTH0_CLIENT_ID, clientSecret: env.AUTH0_CLIENT_SECRET };
  throw new UsageError(
    `set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (an M2M application), or AUTH0_API_TOKEN, with the read-only scopes ${READ_SCOPES.join(", ")}`,
  );
}

async function readLive(domain: string, env: NodeJS.ProcessEnv, err: NodeJS.WritableStream, deps: AuditDependencies): Promise<TenantSnapshot> {
  const progress = isTty(err) ? progressLine(err) : undefined;
  try {
    return await readTenant({
      domain,
      credentials: credentialsFrom(env),
      fetch: deps.fetch,
      perPage: deps.perPage,
      retry: { ...(deps.sleep && { sleep: deps.sleep }), ...(deps.now && { now: deps.now }) },
      onProgress: progress?.update,
    });
  } finally {
    progress?.done();
  }
}

/** One self-overwriting progress line on a terminal. */
function progressLine(err: NodeJS.WritableStream): { update: (p: ReadProgress) => void; done: () => void } {
  let shown = false;
  return {
    update: (p) => {
      const count = p.total === undefined ? `${p.loaded}` : `${p.loaded}/${p.total}`;
      const retry = p.retryInMs === undefined ? "" : ` (rate-limited or failing: retrying in ${Math.ceil(p.retryInMs / 1000)} s)`;
      err.write(`\r\x1b[Kreading ${p.what}: ${count}${retry}`);
      shown = true;
    },
    done: () => {
      if (shown) err.write("\r\x1b[K");
    },
  };
}

function save(file: string, snapshot: TenantSnapshot, err: NodeJS.WritableStream): void {
  try {
    if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new SnapshotError(file, "is a folder: --save takes a file name, such as tenant-snapshot.json");
    saveSnapshot(file, snapshot);
  } catch (e) {
    if (e instanceof SnapshotError) throw e;
    throw new SnapshotError(file, `cannot write: ${reasonOf(e)}`);
  }
  err.write(`Saved the snapshot (secrets removed) to ${file}\n`);
  // key paths are the tenant's text: no control sequence reaches the terminal
  for (const line of describeRedactions(snapshot.redacted ?? [])) err.write(`tpa audit: ${terminalText(line)}\n`);
}

function reportFailure(e: unknown, err: NodeJS.WritableStream, secrets: readonly (string | undefined)[]): number {
  // Messages quote Auth0's responses and the --from file: no control sequence reaches the terminal.
  const say = (text: string) => err.write(`${redact(terminalLines(text), secrets)}\n`);
  if (isUsageError(e)) {
    say(`tpa audit: ${(e as Error).message}\n\n${commandUsage(AUDIT)}`);
    return 2;
  }
  if (e instanceof SnapshotError) {
    say(`tpa audit: ${e.message}`);
    return 2;
  }
  if (e instanceof TenantReadError) {
    const hint =
      e.status === 401 || e.status === 403
        ? `\nCheck the credentials and that they carry the read-only scopes ${READ_SCOPES.join(", ")}.`
        : "";
    say(`tpa audit: the tenant could not be read completely, so nothing is reported: ${e.message}${hint}`);
    return 1;
  }
  const failure = fileSystemFailure(e);
  if (failure) {
    say(`tpa audit: ${failure}`);
    return 2;
  }
  say(`tpa audit: internal error: ${(e as Error).stack ?? String(e)}`);
  return 70;
}

function isTty(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}
