import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import type { EnvironmentConfig } from "../config/schema";
import { PolicyResource, resourcesFromTerraformJson } from "../policy";
import { TenantStack } from "../stacks/tenant-stack";

/**
 * The auth0_* resources `tpa synth` would write for one environment, built in memory (nothing is written):
 * what `tpa verify` sends to the tenant and what `tpa emulator` deploys into its default seed.
 */
export function environmentResources(config: EnvironmentConfig): PolicyResource[] {
  // cdktf's App creates its outdir; App.synth() is never called, so a temporary one that is removed will do.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "tpa-resources-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    const stack = new TenantStack(app, config, { policy: { annotate: false } });
    return resourcesFromTerraformJson(stack.toTerraform() as Parameters<typeof resourcesFromTerraformJson>[0]);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
