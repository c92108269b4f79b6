import { App } from "cdktf";
import type { LoadedEnvironment } from "../config/load";
import { TenantStack } from "./tenant-stack";

export interface BuildOptions {
  /** where App.synth() writes @default CDKTF_OUTDIR, else cdktf.out */
  readonly outdir?: string;
}

/** One TenantStack per loaded environment, in one cdktf App. */
export function buildApp(environments: readonly LoadedEnvironment[], options: BuildOptions = {}): {
  app: App;
  stacks: TenantStack[];
} {
  // No stack traces in the synthesized metadata: they name paths of the machine that ran synth.
  const app = new App({ outdir: options.outdir, stackTraces: false });
  const stacks = environments.map((env) => new TenantStack(app, env.config));
  return { app, stacks };
}
