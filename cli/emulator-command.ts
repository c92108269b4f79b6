import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileSystemFailure } from "../config/read-file";
import { terminalLines } from "../policy";
import { ConfigError, loadEnvironment } from "../config/load";
import { loadSnapshotFrom, SnapshotError } from "../audit/snapshot";
import { selfSignedCertificate } from "../tools/loopback-certificate";
import { EmulatorRefusal, ManagementApiEmulator } from "../emulator/management-api";
import { deployResources, SeedSummary, seedSnapshot } from "../emulator/seed";
import { environmentResources } from "../verify/environment";
import { EMULATOR } from "./commands";
import { commandUsage, parseCommandArgs } from "./usage";
import { isUsageError, UsageError } from "./usage-error";

/** What the command reads from its surroundings; tests replace them. */
export interface EmulatorDependencies {
  /** stops the server when aborted @default SIGINT or SIGTERM */
  readonly stop?: AbortSignal;
}

/** `tpa emulator`: serves until stopped; resolves with the exit code. */
export async function emulatorCommand(
  args: readonly string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  deps: EmulatorDependencies = {},
): Promise<number> {
  let caDir: string | undefined;
  try {
    const options = parseEmulatorArgs(args);
    const seed = options.seed ? loadSnapshotFrom(options.seed, options.keywords) : undefined;
    const example = seed ? undefined : loadEnvironment(packageFile("environments"), "prod");
    let tls: { key: string; cert: string } | undefined;
    let caFile: string | undefined;
    if (options.https) {
      tls = selfSignedCertificate();
      caDir = fs.mkdtempSync(path.join(os.tmpdir(), "tpa-emulator-"));
      caFile = path.join(caDir, "ca.pem");
      fs.writeFileSync(caFile, tls.cert);
    }
    const emulator = await ManagementApiEmulator.start({
      port: options.port,
      tls,
      addressAsDomain: true,
      permissiveEligible: example ? example.config.tenant.permissiveEligible : true,
    }).catch((e: NodeJS.ErrnoException) => {
      throw e.code === "EADDRINUSE" || e.code === "EACCES" ? new UsageError(`--port ${options.port}: ${e.code === "EADDRINUSE" ? "the port is taken" : "not allowed"}; pick another or leave --port out`) : e;
    });
    const summary: SeedSummary = seed ? seedSnapshot(emulator, seed) : deployResources(emulator, environmentResources(example!.config));
    // listen for the signal before saying ready: a SIGINT right after the ready line must stop, not kill, the process
    const stop = stopped(deps.stop);
    const ready = { domain: emulator.domain, clientId: emulator.credentials.clientId, clientSecret: emulator.credentials.clientSecret, caFile: caFile ?? null };
    if (options.format === "json") {
      out.write(`${JSON.stringify(ready)}\n`);
    } else {
      const ca = caFile ? ` NODE_EXTRA_CA_CERTS=${caFile}` : "";
      out.write(`tpa emulator ready: AUTH0_DOMAIN=${ready.domain} AUTH0_CLIENT_ID=${ready.clientId} AUTH0_CLIENT_SECRET=${ready.clientSecret}${ca}\n`);
    }
    const from = options.seed ?? "the example's prod environment";
    err.write(`Seeded from ${from}: ${summary.clients} clients, ${summary.apis} APIs, ${summary.defaultGrants} default grants, DCR ${summary.dcr}. ${emulator.url}${options.https ? "" : " (plain HTTP: tpa commands need --https)"}; stop with Ctrl-C.\n`);
    await stop;
    await emulator.close();
    return 0;
  } catch (e) {
    if (isUsageError(e)) {
      err.write(`tpa emulator: ${(e as Error).message}\n\n${commandUsage(EMULATOR)}`);
      return 2;
    }
    if (e instanceof SnapshotError || e instanceof ConfigError) {
      err.write(`tpa emulator: ${e.message}\n`);
      return 2;
    }
    if (e instanceof EmulatorRefusal) {
      err.write(`tpa emulator: the seed could not be deployed: ${e.message}\n`);
      return 2;
    }
    const failure = fileSystemFailure(e);
    if (failure) {
      err.write(`tpa emulator: ${terminalLines(failure)}\n`);
      return 2;
    }
    err.write(`tpa emulator: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 70;
  } finally {
    if (caDir) fs.rmSync(caDir, { recursive: true, force: true });
  }
}

interface EmulatorArgs {
  readonly port?: number;
  readonly seed?: string;
  /** deploy-cli's keyword mappings for a seed exported with AUTH0_PRESERVE_KEYWORDS */
  readonly keywords?: string;
  readonly https: boolean;
  readonly format: "text" | "json";
}

function parseEmulatorArgs(args: readonly string[]): EmulatorArgs {
  const { values } = parseCommandArgs(EMULATOR, args);
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port < 1 || port > 65535) throw new UsageError(`--port takes a port number from 1 to 65535, not "${values.port}"`);
  }
  if (values.seed !== undefined && !fs.existsSync(values.seed)) throw new UsageError(`--seed ${values.seed}: no such file or folder`);
  if (values.keywords !== undefined && values.seed === undefined) throw new UsageError("--keywords goes with --seed (a deploy-cli export)");
  return { port, seed: values.seed, keywords: values.keywords, https: values.https === true, format: values.format };
}

function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal) {
      if (signal.aborted) resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
      return;
    }
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/** A file of this package (the embedded example), from cli/ in the sources or dist/cli/ once built. */
function packageFile(name: string): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
    if (path.dirname(dir) === dir) throw new Error(`internal: the package's ${name} folder is missing`);
  }
}
