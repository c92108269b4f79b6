import { fileSystemFailure, InputFileError, readRegularFile, writeInFolders } from "../config/read-file";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { adoptionDiff, AdoptedResource, formatAdoptionDiff } from "../audit/adoption-diff";
import { auditClients } from "../audit/classify";
import { environmentFragment, Fragment } from "../audit/environment-fragment";
import { loadResourceSchemas } from "../audit/provider-state";
import { loadSnapshotFrom, SnapshotError } from "../audit/snapshot";
import type { TenantSnapshot } from "../audit/tenant-snapshot";
import { buildApp } from "../stacks/build-app";
import { synthesizeTenantStacks } from "../stacks/synthesize";
import { withLightTokenTraces } from "../stacks/token-traces";
import { ConfigError, loadEnvironment, LoadedEnvironment } from "../config";
import { isLoopbackDomain } from "./domain";
import { describeRedactions } from "../audit/secrets";
import { terminalLines, type Finding } from "../policy";
import { todayFrom } from "./today";
import { checkProfileOption } from "./options";
import { IMPORT } from "./commands";
import { commandUsage, parseCommandArgs } from "./usage";
import { isUsageError, UsageError } from "./usage-error";

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
  readonly keywords?: string;
}

/** The file made from the source would not load: a value of the source no environment file can hold (bad input). */
class GeneratedConfigError extends Error {
  constructor(source: string, problems: string) {
    super(
      `${source}: the environment file made from it would not load, so nothing was written:\n${problems}\n` +
        "Each problem is a value of the source that Auth0 refuses too (fix it there), or one this tool reads wrongly (report it).",
    );
  }
}

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
    const snapshot = loadSnapshotFrom(options.from, options.keywords);
    const domain = options.domain ?? snapshot.domain;
    if (!domain) throw new UsageError(`${options.from} does not record the tenant's domain: pass --domain DOMAIN`);
    if (isLoopbackDomain(domain)) {
      throw new UsageError(`${options.from} was read from tpa emulator (${domain}): pass --domain with the domain the environment file should name`);
    }
    refuseWhatAuth0Refuses(options.from, snapshot);
    const today = todayFrom(env, deps.now);
    const audited = auditClients(snapshot, { profile: options.profile, today });
    const fragment = environmentFragment(snapshot, audited, { environment: options.environment, domain, today, source: options.from });
    const { alone, merged } = firstPlans(fragment.text, options, snapshot, today);
    if (merged) refuseBaseThatChanges(options, alone, merged);
    writeNew(dest, fragment.text, options.force);
    out.write(`${summary(dest, fragment, options)}\n\n${formatAdoptionDiff(alone.adopted)}\n`);
    const redactions = snapshot.redacted ?? [];
    // a secret in what the file manages (client_metadata, addons) is lost at apply; other secrets stay where they are
    const redacted = describeRedactions(redactions).map((r, i) => {
      if (/^clients\[\d+\]\.client_metadata\./.test(redactions[i].path)) return `${r} (a managed client_metadata loses the key at apply: keep secrets out of metadata)`;
      if (/^clients\[\d+\]\.addons\./.test(redactions[i].path)) return `${r} (the file manages the app's addons without it: the first apply removes it from the addon, which the first-plan preview cannot show; set it again after the apply)`;
      return r;
    });
    // Warnings quote the tenant's names: no control sequence reaches the terminal.
    for (const w of [...redacted, ...fragment.warnings, ...policyWarnings(alone)]) err.write(`tpa import: warning: ${terminalLines(w)}\n`);
    return 0;
  } catch (e) {
    return reportFailure(e, err);
  }
}

function parseImportArgs(args: readonly string[]): ImportArgs {
  const { values } = parseCommandArgs(IMPORT, args);
  if (!values.from) throw new UsageError("--from FILE is required");
  if (!values.environment) throw new UsageError("--environment NAME is required");
  if (!/^[a-z][a-z0-9-]*$/.test(values.environment) || values.environment === "base") {
    throw new UsageError(`--environment takes a name of lower-case letters, digits and dashes (not "base"), not "${values.environment}"`);
  }
  if (values.domain !== undefined && !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(values.domain)) {
    throw new UsageError(`--domain takes the tenant's domain, such as acme.eu.auth0.com, not "${values.domain}"`);
  }
  checkProfileOption(values.profile);
  return {
    from: values.from,
    environment: values.environment,
    outDir: values.out,
    force: values.force === true,
    domain: values.domain,
    profile: values.profile,
    keywords: values.keywords,
  };
}

function refuseToOverwrite(options: ImportArgs, dest: string): void {
  if (fs.statSync(dest, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${dest} is a folder: remove it, or pass another --out`);
  const existing = [dest, dest.replace(/\.yaml$/, ".yml")].find((f) => fs.existsSync(f));
  if (existing && !(options.force && existing === dest)) {
    throw new UsageError(`${existing} already exists: pass --force to overwrite it${existing === dest ? "" : " (remove the .yml file first)"}`);
  }
}

/**
 * What no tenant can hold, because Auth0 refuses it (a second default grant for an API and subject type is a 409;
 * an API identifier is unique): a hand-edited export, exit 2 naming it, not an environment file that cannot load.
 */
function refuseWhatAuth0Refuses(from: string, snapshot: TenantSnapshot): void {
  const defaults = new Set<string>();
  snapshot.clientGrants.forEach((g, i) => {
    if (g.default_for !== "third_party_clients") return;
    const key = `${g.audience ?? ""} (subject type ${g.subject_type ?? "client"})`;
    if (defaults.has(key)) {
      throw new SnapshotError(from, `clientGrants[${i}] is a second default grant for ${key}: Auth0 allows one per API and subject type (it refuses another with 409), so no tenant exports this; remove one`);
    }
    defaults.add(key);
  });
  const identifiers = new Set<string>();
  snapshot.resourceServers.forEach((api, i) => {
    if (api.identifier === undefined) return;
    if (identifiers.has(api.identifier)) {
      throw new SnapshotError(from, `resourceServers[${i}] has the identifier ${api.identifier} of an earlier API: Auth0 keeps identifiers unique, so no tenant exports this; remove one`);
    }
    identifiers.add(api.identifier);
  });
}

/** What the first synth and plan of an environment would do: the adoption diff, the creates, the policy errors. */
interface FirstPlan {
  readonly adopted: readonly AdoptedResource[];
  /** Terraform addresses without an import block: objects the first apply creates */
  readonly creates: readonly string[];
  readonly policyErrors: readonly Finding[];
}

/**
 * The file must load as an environment file on its own, exactly as `tpa synth` would load it; returns its first
 * plan, and (beside a base.yaml, which `tpa synth` merges into it) the merged environment's.
 */
function firstPlans(text: string, options: ImportArgs, snapshot: TenantSnapshot, today: string): { alone: FirstPlan; merged?: FirstPlan } {
  const plan = (files: Record<string, string>, generated: boolean) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tpa-import-"));
    try {
      for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), body);
      let env: LoadedEnvironment;
      try {
        env = loadEnvironment(dir, options.environment);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        // the problems name the copies in the scratch folder: name the files they stand for
        const message = e.message.split(`${dir}${path.sep}`).join(`${options.outDir}${path.sep}`);
        if (generated) throw new GeneratedConfigError(options.from, message);
        throw new UsageError(`merged over ${baseFile(options)}, ${options.environment} does not load:\n${message}\n${OWN_FOLDER(options)}`);
      }
      return firstPlan(env, snapshot, dir, today);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  const file = `${options.environment}.yaml`;
  const alone = plan({ [file]: text }, true);
  const base = baseFile(options);
  if (!fs.existsSync(base)) return { alone };
  let baseText: string;
  try {
    baseText = readRegularFile(base);
  } catch (e) {
    if (e instanceof InputFileError) throw new UsageError(`${base}: ${e.reason}`);
    throw e;
  }
  return { alone, merged: plan({ [file]: text, "base.yaml": baseText }, false) };
}

function firstPlan(env: LoadedEnvironment, snapshot: TenantSnapshot, dir: string, today: string): FirstPlan {
  // as tpa synth builds: without a stack trace per token (at thousands of apps, most of the time and memory)
  const { stacks } = withLightTokenTraces(() => buildApp([env], { outdir: path.join(dir, "out"), projectDir: dir, policy: { aspect: false, today } }));
  const [{ terraform, policy }] = withLightTokenTraces(() => synthesizeTenantStacks(stacks));
  const tf = terraform as { import?: { to: string }[]; resource?: Record<string, Record<string, unknown>> };
  const imported = new Set((tf.import ?? []).map((i) => i.to));
  const creates = Object.entries(tf.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`)).filter((a) => !imported.has(a));
  return {
    adopted: adoptionDiff(stacks[0], snapshot, loadResourceSchemas()),
    creates,
    policyErrors: policy.findings.filter((f) => f.severity === "error" && !f.suppressed),
  };
}

const baseFile = (options: ImportArgs) => path.join(options.outDir, "base.yaml");
const OWN_FOLDER = (options: ImportArgs) =>
  `Write the import to a folder of its own (--out environments-${options.environment}), or change ${baseFile(options)}.`;

/**
 * `tpa synth` merges DIR/base.yaml into every environment of DIR. A base that makes the first plan create or
 * change anything, or the first synth fail, is refused: nothing is written, and the message says what and where.
 */
function refuseBaseThatChanges(options: ImportArgs, alone: FirstPlan, merged: FirstPlan): void {
  // what the first plan does to each adopted object: the base may change one the import already changes, too
  const changesOf = (p: FirstPlan) =>
    new Map(p.adopted.map((r) => [r.address, r.changes === undefined ? "(not in the tenant)" : JSON.stringify([...r.changes].map((c) => [c.attribute, c.to]).sort())]));
  const key = (f: Finding) => `${f.ruleId} ${f.target ?? f.path}`;
  const aloneErrors = new Set(alone.policyErrors.map(key));
  const aloneChanges = changesOf(alone);
  const problems = [
    ...merged.creates.filter((a) => !alone.creates.includes(a)).map((a) => `creates ${a}`),
    ...[...changesOf(merged)].filter(([address, changes]) => changes !== aloneChanges.get(address)).map(([address]) => `changes ${address}`),
    ...merged.policyErrors.filter((f) => !aloneErrors.has(key(f))).map((f) => `fails the policy: ${key(f)}: ${f.message}`),
  ];
  if (problems.length === 0) return;
  const shown = problems.slice(0, 8).map((p) => `  - ${p}`);
  if (problems.length > 8) shown.push(`  - ... (${problems.length} in all)`);
  throw new UsageError(
    `${baseFile(options)} is merged into every environment of ${options.outDir}; merged into ${options.environment}, the first plan:\n${shown.join("\n")}\n${OWN_FOLDER(options)}`,
  );
}

/** Writes through a temporary file; without --force, linking it into place fails if the file appeared meanwhile. */
function writeNew(dest: string, text: string, force: boolean): void {
  writeInFolders(path.dirname(path.resolve(dest)), () => {
    const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.tmp-${process.pid}-${Date.now()}`);
    try {
      fs.writeFileSync(tmp, text);
      if (force) fs.renameSync(tmp, dest);
      else linkOrRename(tmp, dest);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new UsageError(`${dest} already exists: pass --force to overwrite it`);
      throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  });
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

/** The policy errors `tpa synth` will stop on: the tenant's own findings (the audit's, in the file's comments). */
function policyWarnings(plan: FirstPlan): string[] {
  if (plan.policyErrors.length === 0) return [];
  const lines = plan.policyErrors.slice(0, 10).map((f) => `  ${f.ruleId} ${f.target ?? f.path}: ${f.message}`);
  return [`tpa synth will stop on ${plan.policyErrors.length} policy error(s) until they are fixed or suppressed:\n${lines.join("\n")}`];
}

function summary(dest: string, f: Fragment, options: ImportArgs): string {
  const base = path.join(options.outDir, "base.yaml");
  return [
    `Wrote ${dest}${fs.existsSync(base) ? ` (tpa synth merges ${base} into it)` : ""}: ${f.apps.strict + f.apps.permissive} third-party app(s) (${f.apps.strict} strict, ${f.apps.permissive} permissive), ` +
      `${f.apis} API(s), ${f.defaultPermissions} default grant(s), ${f.appGrants} per-app grant(s).`,
    `${f.apps.adopted} app(s) carry importClientId: the next synth writes Terraform import blocks, so the first plan adopts them.`,
    "Review the file (REVIEW placeholders, apps[].apis), then run `npx tpa synth` and `cdktf plan`.",
  ].join("\n");
}

function reportFailure(e: unknown, err: NodeJS.WritableStream): number {
  if (isUsageError(e)) {
    err.write(`tpa import: ${(e as Error).message}\n\n${commandUsage(IMPORT)}`);
    return 2;
  }
  if (e instanceof SnapshotError) {
    err.write(`tpa import: ${e.message}\n`);
    return 2;
  }
  const failure = fileSystemFailure(e);
  if (failure) {
    err.write(`tpa import: cannot write ${failure}\n`);
    return 2;
  }
  if (e instanceof GeneratedConfigError) {
    err.write(`tpa import: ${e.message}\n`);
    return 2;
  }
  err.write(`tpa import: internal error: ${(e as Error).stack ?? String(e)}\n`);
  return 70;
}
