import { InputFileError, isWithinFolder, readRegularFile } from "../config/read-file";
import * as path from "node:path";
import { App } from "cdktf";
import { ConfigError, LoadedEnvironment } from "../config/load";
import type { EnvironmentConfig } from "../config/schema";
import { RefusedInputError, TenantStack, TenantStackPolicyOptions } from "./tenant-stack";

export interface BuildOptions {
  /** where App.synth() writes @default CDKTF_OUTDIR, else cdktf.out */
  readonly outdir?: string;
  /** where the stacks finally land, when App.synth() writes to a staging folder first @default outdir */
  readonly finalOutdir?: string;
  /** the project folder, against which local state paths are resolved @default the working directory */
  readonly projectDir?: string;
  /** how the policy runs (the suppressions' locations are filled in here) @default annotations */
  readonly policy?: Omit<TenantStackPolicyOptions, "suppressionLocation" | "baseline">;
  /** each environment's stack as on the target branch or deployed, for the lifecycle rules @default none */
  readonly baselineFor?: (environment: string) => TenantStackPolicyOptions["baseline"];
}

/** One TenantStack per loaded environment, in one cdktf App. */
export function buildApp(environments: readonly LoadedEnvironment[], options: BuildOptions = {}): {
  app: App;
  stacks: TenantStack[];
} {
  // No stack traces in the synthesized metadata: they name paths of the machine that ran synth.
  const app = new App({ outdir: options.outdir, stackTraces: false });
  const finalOutdir = path.resolve(options.finalOutdir ?? app.outdir);
  const projectDir = path.resolve(options.projectDir ?? process.cwd());
  const stacks = environments.map((env) => {
    const stackDir = path.join(finalOutdir, "stacks", env.name);
    const projectDirFromStack = path.relative(stackDir, projectDir).split(path.sep).join("/") || ".";
    const suppressionLocation = (i: number) => ({ ...env.locate(["suppressions", i]), keyPath: ["suppressions", i] });
    const baseline = options.baselineFor?.(env.name);
    try {
      return new TenantStack(app, withLoginPageFiles(env), { projectDirFromStack, policy: { ...options.policy, suppressionLocation, baseline } });
    } catch (e) {
      if (!(e instanceof RefusedInputError)) throw e;
      const [section, id] = e.target.split("/");
      const list = (env.config as unknown as Record<string, unknown>)[section];
      const index = Array.isArray(list) ? list.findIndex((item, i) => (item as { id?: string }).id === id || String(i) === id) : -1;
      const at: (string | number)[] = index >= 0 ? [section, index] : [section];
      throw new ConfigError([{ location: env.locate(at), keyPath: e.target, message: e.message }]);
    }
  });
  return { app, stacks };
}

/** `customLoginPage: { file: PATH }` read, relative to the environment file that says it. */
function withLoginPageFiles(env: LoadedEnvironment): EnvironmentConfig {
  if (!env.config.apps.some((a) => typeof a.customLoginPage === "object")) return env.config;
  const apps = env.config.apps.map((app, i) => {
    const page = app.customLoginPage;
    if (typeof page !== "object") return app;
    const at = env.locate(["apps", i, "customLoginPage", "file"]);
    const folder = path.dirname(at.file);
    const file = path.resolve(folder, page.file);
    // only a file of the environment files' own folder: a pull request must not put a runner's files (/etc/passwd,
    // a credentials file, through a link too) into the synthesized Terraform JSON
    if (!isWithinFolder(folder, file)) {
      throw new ConfigError([
        {
          location: at,
          keyPath: `apps[${i}].customLoginPage.file`,
          message: `${page.file} is outside the folder of the environment files (through a link too): keep the page in that folder, and give its path relative to this file`,
        },
      ]);
    }
    try {
      return { ...app, customLoginPage: readRegularFile(file) };
    } catch (e) {
      throw new ConfigError([
        {
          location: at,
          keyPath: `apps[${i}].customLoginPage.file`,
          message: `cannot read ${page.file} (${e instanceof InputFileError ? e.reason : (e as Error).message}): give a path relative to this file, or the page's HTML itself`,
        },
      ]);
    }
  });
  return { ...env.config, apps };
}
