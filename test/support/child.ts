import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built `tpa` in a child process without blocking this one, so an emulator served by the test
 * process can answer it (spawnSync would deadlock). Requires `npm run build`.
 */
export function tpaChild(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(process.execPath, [path.join(ROOT, "bin", "tpa.js"), ...args], {
    cwd: ROOT,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += String(d)));
  child.stderr!.on("data", (d) => (stderr += String(d)));
  const done = new Promise<Finished>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

export function runTpa(args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return tpaChild(args, env).done;
}

/** Resolves once `condition` holds, polling. */
export async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}
