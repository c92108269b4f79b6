// Real Terraform, offline: installs the schema-serving auth0 provider (tools/provider/) through a
// filesystem mirror and a generated CLI configuration, all in one temporary folder, and runs
// `terraform init/validate/plan` on copies of synthesized stacks. Used by `npm run validate` and the
// tests (test/terraform.test.ts).
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pinnedSchemaFile, providerMainFile } from "./paths";
import { loadProviderSchema } from "./provider/schema";

export interface OfflineTerraform {
  /** the temporary folder that holds everything below */
  readonly dir: string;
  /** the filesystem mirror: <mirror>/registry.terraform.io/auth0/auth0/1.55.0/<os>_<arch>/... */
  readonly mirror: string;
  /** the generated CLI configuration (TF_CLI_CONFIG_FILE) */
  readonly cliConfigFile: string;
  /** e.g. registry.terraform.io/auth0/auth0 */
  readonly providerAddress: string;
  readonly providerVersion: string;
  /** the environment for terraform (and cdktf) processes */
  readonly env: NodeJS.ProcessEnv;
  /** removes the temporary folder */
  dispose(): void;
}

export interface OfflineTerraformOptions {
  /** the schema to serve @default the pinned provider-schema/ file */
  readonly schemaFile?: string;
  /** the compiled provider entry point @default dist/tools/provider/main.js */
  readonly providerMain?: string;
  /** the environment to start from @default process.env */
  readonly baseEnv?: NodeJS.ProcessEnv;
}

/** Terraform's platform name of this machine (linux_amd64, darwin_arm64, ...). */
export function terraformPlatform(): string {
  const osName = process.platform === "win32" ? "windows" : process.platform;
  const arch = { x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm" }[process.arch as string] ?? process.arch;
  return `${osName}_${arch}`;
}

/** Writes the mirror with the launcher script of the offline provider, and the CLI configuration. */
export function setupOfflineTerraform(options: OfflineTerraformOptions = {}): OfflineTerraform {
  if (process.platform === "win32") {
    throw new Error("the offline provider's launcher is a shell script: run it on Linux or macOS (or WSL)");
  }
  const schemaFile = path.resolve(options.schemaFile ?? pinnedSchemaFile());
  const providerMain = path.resolve(options.providerMain ?? providerMainFile());
  if (!fs.existsSync(providerMain)) {
    throw new Error(`${providerMain} is missing: build the project first (npm run build, or npx tsc -p .)`);
  }
  const schema = loadProviderSchema(schemaFile);
  const version = schema.version;
  if (!version) throw new Error(`${schemaFile}: no provider_versions entry for ${schema.address}`);
  const [hostname, namespace, type] = schema.address.split("/");
  if (!hostname || !namespace || !type) throw new Error(`${schemaFile}: unexpected provider address ${schema.address}`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tpa-offline-tf-"));
  const mirror = path.join(dir, "mirror");
  // The unpacked layout: Terraform links this folder and records its h1: hash in .terraform.lock.hcl.
  const packageDir = path.join(mirror, hostname, namespace, type, version, terraformPlatform());
  fs.mkdirSync(packageDir, { recursive: true });
  const launcher = path.join(packageDir, `terraform-provider-${type}_v${version}`);
  fs.writeFileSync(
    launcher,
    `#!/bin/sh\n# The offline ${schema.address} ${version} provider (schema only), see README.\n` +
      `TPA_PROVIDER_SCHEMA=${shellQuote(schemaFile)}\nTPA_OFFLINE_TF_DIR=${shellQuote(dir)}\n` +
      `export TPA_PROVIDER_SCHEMA TPA_OFFLINE_TF_DIR\n` +
      `exec ${shellQuote(process.execPath)} ${shellQuote(providerMain)} "$@"\n`,
    { mode: 0o755 },
  );

  const cliConfigFile = path.join(dir, "terraform.rc");
  const address = JSON.stringify(`${hostname}/${namespace}/${type}`);
  fs.writeFileSync(
    cliConfigFile,
    [
      "# Generated for offline validation: the auth0 provider comes from the mirror, everything else from its registry.",
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(mirror)}`,
      `    include = [${address}]`,
      "  }",
      "  direct {",
      `    exclude = [${address}]`,
      "  }",
      "}",
      "",
    ].join("\n"),
  );

  const env: NodeJS.ProcessEnv = { ...(options.baseEnv ?? process.env) };
  // Settings of the user's that would write outside our folder or change what the commands do.
  for (const name of Object.keys(env)) {
    if (name === "TF_DATA_DIR" || name === "TF_PLUGIN_CACHE_DIR" || name === "TF_WORKSPACE" || name.startsWith("TF_CLI_ARGS")) {
      delete env[name];
    }
  }
  Object.assign(env, {
    TF_CLI_CONFIG_FILE: cliConfigFile,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
  });

  return {
    dir,
    mirror,
    cliConfigFile,
    providerAddress: schema.address,
    providerVersion: version,
    env,
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs terraform (no standard input, no colour) and collects its output. */
export function terraform(
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number; binary?: string },
): Promise<CommandResult> {
  return run(options.binary ?? "terraform", args, options);
}

/** Runs a command without standard input; kills it (and fails) after timeoutMs. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} did not finish within ${options.timeoutMs} ms`));
    }, options.timeoutMs ?? 120_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject((e as NodeJS.ErrnoException).code === "ENOENT" ? new Error(`${command} is not on PATH`) : e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

/** Copies a synthesized stack folder, leaving out Terraform's working files (.terraform, lock, state, plans). */
export function copyStack(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const name = entry.name;
    if (name === ".terraform" || name === ".terraform.lock.hcl" || /\.tfstate(\..*)?$/.test(name) || /\.tfplan$/.test(name)) continue;
    const src = path.join(from, name);
    const dest = path.join(to, name);
    if (entry.isDirectory()) copyStack(src, dest);
    else if (entry.isFile()) fs.copyFileSync(src, dest);
  }
}

/** A diagnostic of `terraform validate -json` (and of `-json` machine-readable UI output). */
export interface TerraformDiagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly range?: { filename: string; start: { line: number; column: number } };
  readonly snippet?: { context?: string | null; code?: string };
}

export interface ValidateOutput {
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: TerraformDiagnostic[];
}

export interface StackCheck {
  /** false when init failed (then validate did not run) */
  readonly initialized: boolean;
  readonly init: CommandResult;
  readonly validate?: ValidateOutput;
  readonly validateResult?: CommandResult;
  /** no error diagnostics and both commands succeeded */
  readonly ok: boolean;
}

/** `terraform init -backend=false` then `terraform validate -json` in dir. */
export async function initAndValidate(dir: string, env: NodeJS.ProcessEnv, binary?: string): Promise<StackCheck> {
  const init = await terraform(["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir, env, binary });
  if (init.code !== 0) return { initialized: false, init, ok: false };
  const validateResult = await terraform(["validate", "-json", "-no-color"], { cwd: dir, env, binary });
  let validate: ValidateOutput | undefined;
  try {
    validate = JSON.parse(validateResult.stdout) as ValidateOutput;
  } catch {
    validate = undefined;
  }
  const ok = validateResult.code === 0 && !!validate && validate.valid && validate.error_count === 0;
  return { initialized: true, init, validate, validateResult, ok };
}

/** The backend override that keeps a plan's (empty) state inside the stack copy. */
export const LOCAL_BACKEND_OVERRIDE = "zz_offline_backend_override.tf.json";

export interface StackPlan {
  readonly init: CommandResult;
  readonly plan?: CommandResult;
  readonly show?: CommandResult;
  /** `terraform show -json` of the saved plan */
  readonly json?: PlanJson;
}

export interface PlanJson {
  readonly format_version: string;
  readonly terraform_version: string;
  readonly resource_changes?: {
    address: string;
    type: string;
    name: string;
    change: { actions: string[]; before?: unknown; after?: Record<string, unknown>; after_unknown?: Record<string, unknown> };
  }[];
  readonly [key: string]: unknown;
}

/**
 * `terraform plan` from an empty state in dir (a copy of a stack): the stack's backend is replaced by a
 * local one inside dir (an override file), so nothing outside dir is read or written.
 */
export async function planFromEmptyState(dir: string, env: NodeJS.ProcessEnv): Promise<StackPlan> {
  fs.writeFileSync(
    path.join(dir, LOCAL_BACKEND_OVERRIDE),
    `${JSON.stringify({ terraform: { backend: { local: { path: "terraform.tfstate" } } } }, null, 2)}\n`,
  );
  const init = await terraform(["init", "-input=false", "-no-color"], { cwd: dir, env });
  if (init.code !== 0) return { init };
  const plan = await terraform(["plan", "-input=false", "-no-color", "-lock=false", "-out=offline.tfplan"], { cwd: dir, env });
  if (plan.code !== 0) return { init, plan };
  const show = await terraform(["show", "-json", "-no-color", "offline.tfplan"], { cwd: dir, env });
  if (show.code !== 0) return { init, plan, show };
  return { init, plan, show, json: JSON.parse(show.stdout) as PlanJson };
}

/** The addresses that a plan creates, sorted. */
export function plannedCreates(plan: PlanJson): string[] {
  return (plan.resource_changes ?? [])
    .filter((c) => c.change.actions.length === 1 && c.change.actions[0] === "create")
    .map((c) => c.address)
    .sort();
}

/** A diagnostic as Terraform prints it, in short. */
export function formatDiagnostic(d: TerraformDiagnostic): string {
  const where = d.range ? ` (${d.range.filename} line ${d.range.start.line})` : "";
  const lines = [`${d.severity === "warning" ? "Warning" : "Error"}: ${d.summary}${where}`];
  if (d.snippet?.context) lines.push(`  in ${d.snippet.context}`);
  if (d.detail) lines.push(...d.detail.split("\n").map((l) => `  ${l}`));
  return lines.join("\n");
}

/** Runs fn over items with at most `concurrency` at a time; results in the order of items. */
export async function mapLimit<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}
