import * as fs from "node:fs";
import * as path from "node:path";
import { StackCheck, TerraformDiagnostic } from "../../tools/offline-terraform";

export { ROOT } from "./cli";

/** A Terraform JSON configuration with the auth0 provider as the stacks declare it. */
export function auth0Config(resource: Record<string, Record<string, Record<string, unknown>>>): string {
  return `${JSON.stringify(
    {
      terraform: { required_providers: { auth0: { source: "auth0/auth0", version: "1.55.0" } } },
      provider: { auth0: [{ domain: "acme-test.eu.auth0.com" }] },
      resource,
    },
    null,
    2,
  )}\n`;
}

/** The error diagnostics of a check (init output when init failed). */
export function errorsOf(check: StackCheck): TerraformDiagnostic[] {
  if (!check.initialized) throw new Error(`terraform init failed:\n${check.init.stdout}\n${check.init.stderr}`);
  if (!check.validate) throw new Error(`terraform validate printed no JSON:\n${check.validateResult?.stdout}\n${check.validateResult?.stderr}`);
  return check.validate.diagnostics.filter((d) => d.severity === "error");
}

/** Process ids of offline providers started for the setup in dir that are still running (Linux /proc). */
export function runningProviders(dir: string): number[] {
  if (!fs.existsSync("/proc")) return [];
  const marker = `TPA_OFFLINE_TF_DIR=${dir}\0`;
  return fs
    .readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return `${fs.readFileSync(path.join("/proc", p, "environ"), "latin1")}\0`.includes(marker);
      } catch {
        return false; // gone, or not ours to read
      }
    })
    .map(Number);
}
