import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { Writable } from "node:stream";
import { run } from "../../cli/tpa";

export const ROOT = path.resolve(__dirname, "..", "..");
export const EXAMPLE = path.join(ROOT, "environments");

/** A stream that keeps what is written to it. */
export function collect(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join("") };
}

/** Runs `tpa` in-process and returns its exit code and output. */
export function tpa(...argv: string[]): { code: number; stdout: string; stderr: string } {
  const out = collect();
  const err = collect();
  const code = run(argv, out.stream, err.stream);
  return { code, stdout: out.text(), stderr: err.text() };
}

/** Runs a command of the built project as a user would (requires `npm run build`). */
export function spawn(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
