import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { auditClients } from "../audit/classify";
import { environmentFragment, Fragment } from "../audit/environment-fragment";
import { loadSnapshot, SnapshotError } from "../audit/snapshot";
import { ConfigError, loadEnvironment } from "../config";
import { PROFILE_IDS } from "../policy/profiles";
import { describeRedactions } from "../audit/secrets";
import { terminalText } from "../policy/report/escape";
import { todayFrom } from "./today";
import { UsageError } from "./usage-error";

export const IMPORT_USAGE = `Usage: tpa import --from FILE --environment NAME [--out DIR] [--force] [--domain DOMAIN]

  Writes DIR/NAME.yaml (DIR defaults to environments/): the tenant's third-party apps, APIs, default grants and
  per-app grants as an environment file, with importClientId / importId so that the first plan adopts them
  (Terraform import blocks) instead of creating duplicates.
  --from FILE       a snapshot saved by \`tpa audit --save\`, an auth0-deploy-cli tenant.yaml, or a deploy-cli directory
  --environment     the environment's name (the file's name), such as prod
  --force           overwrite an existing DIR/NAME.yaml
  --domain DOMAIN   the tenant's domain, when the source does not record it (deploy-cli exports)
  Exit 0: written. 2: bad usage or input (nothing written). 1: the generated file does not load (nothing written).
`;

/** What the command reads from its surroundings; tests replace them. */
export interface ImportDependencies {
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => number;
}

interface ImportArgs {
  readonly from: string;
  readonly environment: string;
  readonly outDir: string;
  readonly force: boolean;
  readonly domain?: string;
  readonly profile?: string;
}

/** Generated configuration that does not load: a bug of ours, reported with the problems. */
class GeneratedConfigError extends Error {}

/** `tpa import`: returns the exit code. */
export async function importCommand(
  args: readonly string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  deps: ImportDependencies = {},
): Promise<number> {
  const env = deps.env ?? process.env;
  try {
    const options = parseImportArgs(args);
    const dest = path.join(options.outDir, `${options.environment}.yaml`);
    refuseToOverwrite(options, dest);
    const snapshot = loadSnapshot(options.from);
    const domain = options.domain ?? snapshot.domain;
    if (!domain) throw new UsageError(`${options.from} does not record the tenant's domain: pass --domain DOMAIN`);
    const today = todayFrom(env, deps.now);
    const audited = auditClients(snapshot, { profile: options.profile, today });
    const fragment = environmentFragment(snapshot, audited, { environment: options.environment, domain, today, source: options.from });
    checkLoads(fragment.text, options.environment);
    writeNew(dest, fragment.text, options.force);
    out.write(`${summary(dest, fragment)}\n`);
    const redacted = describeRedactions(snapshot.redacted ?? []).map((r) => `${r} (a managed client_metadata loses the key at apply: keep secrets out of metadata)`);
    // Warnings quote the tenant's names: no control sequence reaches the terminal.
    for (const w of [...redacted, ...fragment.warnings, ...mergedProblems(options)]) err.write(`tpa import: warning: ${terminalText(w)}\n`);
    return 0;
  } catch (e) {
    return reportFailure(e, err);
  }
}

function parseImportArgs(args: readonly string[]): ImportArgs {
  const { values } = parseArgs({
    args: [...args],
    options: {
      from: { type: "string" },
      environment: { type: "string" },
      out: { type: "string", default: "environments" },
      force: { type: "boolean", default: false },
      domain: { type: "string" },
      profile: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.from) throw new UsageError("--from FILE is required");
  if (!values.environment) throw new UsageError("--environment NAME is required");
  if (!/^[a-z][a-z0-9-]*$/.test(values.environment) || values.environment === "base") {
    throw new UsageError(`--environment takes a name of lower-case letters, digits and dashes (not "base"), not "${values.environment}"`);
  }
  if (values.domain !== undefined && !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(values.domain)) {
    throw new UsageError(`--domain takes the tenant's domain, such as acme.eu.auth0.com, not "${values.domain}"`);
  }
  if (values.profile !== undefined && !PROFILE_IDS.includes(values.profile)) {
    throw new UsageError(`--profile takes one of ${PROFILE_IDS.join(", ")}, not "${values.profile}"`);
  }
  return { from: values.from, environment: values.environment, outDir: values.out!, force: values.force!, domain: values.domain, profile: values.profile };
}

function refuseToOverwrite(options: ImportArgs, dest: string): void {
  const existing = [dest, dest.replace(/\.yaml$/, ".yml")].find((f) => fs.existsSync(f));
  if (existing && !(options.force && existing === dest)) {
    throw new UsageError(`${existing} already exists: pass --force to overwrite it${existing === dest ? "" : " (remove the .yml file first)"}`);
  }
}

/** The file must load as an environment file on its own, exactly as `tpa synth` would load it. */
function checkLoads(text: string, environment: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tpa-import-"));
  try {
    fs.writeFileSync(path.join(dir, `${environment}.yaml`), text);
    loadEnvironment(dir, environment);
  } catch (e) {
    if (e instanceof ConfigError) throw new GeneratedConfigError(`the generated environment file does not load:\n${e.message}`);
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes through a temporary file; without --force, linking it into place fails if the file appeared meanwhile. */
function writeNew(dest: string, text: string, force: boolean): void {
  fs.mkdirSync(path.dirname(path.resolve(dest)), { recursive: true });
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.tmp-${process.pid}-${Date.now()}`);
  fs.writeFileSync(tmp, text);
  try {
    if (force) fs.renameSync(tmp, dest);
    else linkOrRename(tmp, dest);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new UsageError(`${dest} already exists: pass --force to overwrite it`);
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** A hard link fails if `dest` exists; file systems without hard links fall back to a checked rename. */
function linkOrRename(tmp: string, dest: string): void {
  try {
    fs.linkSync(tmp, dest);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || fs.existsSync(dest)) throw e;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV") throw e;
    fs.renameSync(tmp, dest);
  }
}

/** Problems of the new file merged over the folder's base.yaml, which `tpa synth` will load. */
function mergedProblems(options: ImportArgs): string[] {
  if (!fs.existsSync(path.join(options.outDir, "base.yaml"))) return [];
  try {
    loadEnvironment(options.outDir, options.environment);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return [`merged over ${path.join(options.outDir, "base.yaml")}, the environment does not load yet:\n${e.message}`];
  }
}

function summary(dest: string, f: Fragment): string {
  return [
    `Wrote ${dest}: ${f.apps.strict + f.apps.permissive} third-party app(s) (${f.apps.strict} strict, ${f.apps.permissive} permissive), ` +
      `${f.apis} API(s), ${f.defaultPermissions} default grant(s), ${f.appGrants} per-app grant(s).`,
    `${f.apps.adopted} app(s) carry importClientId: the next synth writes Terraform import blocks, so the first plan adopts them.`,
    "Review the file (REVIEW placeholders, apps[].apis), then run `npx tpa synth` and `cdktf plan`.",
  ].join("\n");
}

function reportFailure(e: unknown, err: NodeJS.WritableStream): number {
  if (e instanceof UsageError || isParseArgsError(e)) {
    err.write(`tpa import: ${(e as Error).message}\n\n${IMPORT_USAGE}`);
    return 2;
  }
  if (e instanceof SnapshotError) {
    err.write(`tpa import: ${e.message}\n`);
    return 2;
  }
  const fsError = e as NodeJS.ErrnoException;
  if (typeof fsError.code === "string" && typeof fsError.path === "string") {
    err.write(`tpa import: cannot write ${fsError.path}: ${fsError.code}\n`);
    return 2;
  }
  if (e instanceof GeneratedConfigError) {
    err.write(`tpa import: ${e.message}\nNothing was written; please report this.\n`);
    return 1;
  }
  err.write(`tpa import: internal error: ${(e as Error).stack ?? String(e)}\n`);
  return 70;
}

function isParseArgsError(e: unknown): boolean {
  return typeof e === "object" && e !== null && String((e as { code?: string }).code).startsWith("ERR_PARSE_ARGS");
}
