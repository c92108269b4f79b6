// `npm run validate [-- --out DIR] [--real-provider]`: `terraform init -backend=false` + `terraform
// validate` on every stack of a synthesized cdktf.out.
//
// By default with the offline auth0 provider (tools/provider/: the pinned schema, from a filesystem
// mirror in a temporary folder; each stack is validated in a temporary copy, so cdktf.out is not
// touched). With --real-provider, Terraform runs in the stack folders themselves with the user's own
// Terraform configuration, which installs the real provider from its registry (or the user's mirror).
//
// Exit 0: every stack is valid. 1: a stack has errors, or Terraform could not run. 2: bad usage or no stacks.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import {
  CommandResult,
  copyStack,
  formatDiagnostic,
  initAndValidate,
  mapLimit,
  OfflineTerraform,
  setupOfflineTerraform,
  StackCheck,
  terraform,
} from "./offline-terraform";

const USAGE = `Usage: npm run validate -- [--out DIR] [--real-provider]

Runs terraform init -backend=false and terraform validate on every stack in DIR/stacks (default cdktf.out).
  (default)         the offline auth0 provider: the pinned schema (provider-schema/), no network, no credentials
  --real-provider   your own Terraform configuration and the real auth0/auth0 provider from its registry
Exit 0: all stacks valid; 1: errors; 2: bad usage or no stacks.
`;

export async function validateCommand(
  argv: readonly string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  let values: { out?: string; "real-provider"?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        out: { type: "string", default: "cdktf.out" },
        "real-provider": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    err.write(`validate: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out.write(USAGE);
    return 0;
  }
  const outDir = values.out!;
  const stacksDir = path.join(outDir, "stacks");
  const stacks = fs.existsSync(stacksDir)
    ? fs
        .readdirSync(stacksDir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && fs.existsSync(path.join(stacksDir, e.name, "cdk.tf.json")))
        .map((e) => e.name)
        .sort()
    : [];
  if (stacks.length === 0) {
    err.write(`validate: no synthesized stack in ${stacksDir}: run \`npx tpa synth\` (or \`npx cdktf synth\`) first\n`);
    return 2;
  }

  const version = await terraform(["version"], { cwd: process.cwd(), env: { ...process.env, CHECKPOINT_DISABLE: "1" } }).catch(
    (e: Error) => e,
  );
  if (version instanceof Error || version.code !== 0) {
    err.write(
      `validate: cannot run terraform (${version instanceof Error ? version.message : version.stderr.trim()}).\n` +
        "Install Terraform 1.11 (https://developer.hashicorp.com/terraform/install) and put it on PATH.\n",
    );
    return 1;
  }

  const realProvider = values["real-provider"]!;
  let offline: OfflineTerraform | undefined;
  const cleanUp = () => offline?.dispose();
  const onSignal = (signal: NodeJS.Signals) => {
    cleanUp();
    process.kill(process.pid, signal);
  };
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  try {
    let env: NodeJS.ProcessEnv;
    if (realProvider) {
      env = { CHECKPOINT_DISABLE: "1", ...process.env, TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
      out.write(`Validating ${stacks.length} stack(s) in ${stacksDir} with the real provider (your Terraform configuration)\n`);
    } else {
      offline = setupOfflineTerraform();
      env = offline.env;
      out.write(
        `Validating ${stacks.length} stack(s) in ${stacksDir} with the offline ${offline.providerAddress} ` +
          `${offline.providerVersion} provider (pinned schema)\n`,
      );
    }
    const checks = await mapLimit(stacks, Math.max(1, Math.min(4, os.cpus().length)), async (name) => {
      const source = path.join(stacksDir, name);
      let dir = source;
      if (offline) {
        dir = path.join(offline.dir, "stacks", name);
        copyStack(source, dir);
      }
      return initAndValidate(dir, env);
    });
    let failed = 0;
    stacks.forEach((name, i) => {
      const report = formatCheck(name, path.join(stacksDir, name), checks[i]);
      out.write(`${report}\n`);
      if (!checks[i].ok) failed++;
    });
    out.write(failed === 0 ? `All ${stacks.length} stack(s) valid.\n` : `${failed} of ${stacks.length} stack(s) invalid.\n`);
    return failed === 0 ? 0 : 1;
  } finally {
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
    cleanUp();
  }
}

/** "dev: OK" or the stack's diagnostics, with file names as the user sees them. */
export function formatCheck(name: string, stackDir: string, check: StackCheck): string {
  const indent = (text: string) => text.replace(/^/gm, "    ");
  if (!check.initialized) return `${name}: terraform init failed\n${indent(commandOutput(check.init))}`;
  if (!check.validate) {
    return `${name}: terraform validate failed\n${indent(check.validateResult ? commandOutput(check.validateResult) : "")}`;
  }
  const diagnostics = check.validate.diagnostics.map((d) =>
    d.range ? { ...d, range: { ...d.range, filename: path.join(stackDir, d.range.filename) } } : d,
  );
  const { error_count: errors, warning_count: warnings } = check.validate;
  const head = check.ok
    ? `${name}: OK${warnings ? ` (${warnings} warning(s))` : ""}`
    : `${name}: ${errors} error(s)${warnings ? `, ${warnings} warning(s)` : ""}`;
  return [head, ...diagnostics.map((d) => indent(formatDiagnostic(d)))].join("\n");
}

function commandOutput(r: CommandResult): string {
  return `${r.stdout}\n${r.stderr}`.trim();
}

if (require.main === module) {
  validateCommand(process.argv.slice(2), process.stdout, process.stderr).then(
    (code) => {
      process.exitCode = code;
    },
    (e: Error) => {
      process.stderr.write(`validate: ${e.message}\n`);
      process.exitCode = 1;
    },
  );
}
