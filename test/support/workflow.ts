import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { ROOT } from "./cli";
import { tmpDir } from "./tmp";

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
}

export interface StepResult {
  readonly name: string;
  /** "skipped" when an earlier step failed and this one does not run `if: always()` */
  readonly outcome: "success" | "failure" | "skipped";
  readonly output: string;
}

/**
 * The closest honest substitute for a GitHub runner: a job's `run:` steps executed by bash in a git checkout,
 * in order, with GitHub's default `if: success()` (a failed step skips the rest, except `if: always()`),
 * GITHUB_ENV carried between steps, and `${{ github.base_ref }}` filled in. `uses:` steps are not run (they
 * are GitHub's actions); `npm ci` is a no-op and `npx tpa` / `npm run validate` run this project's build.
 */
export function runWorkflowJob(workflowFile: string, job: string, workspace: string, baseRef: string): StepResult[] {
  const workflow = parse(fs.readFileSync(workflowFile, "utf8")) as { env?: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
  const runnerTemp = tmpDir("tpa-runner-");
  const envFile = path.join(runnerTemp, "github-env");
  fs.writeFileSync(envFile, "");
  const shims = shimFolder();
  const results: StepResult[] = [];
  let failed = false;
  for (const step of workflow.jobs[job].steps) {
    const name = step.name ?? step.run ?? step.uses ?? "";
    if (!step.run) continue;
    if (failed && step.if !== "always()") {
      results.push({ name, outcome: "skipped", output: "" });
      continue;
    }
    const script = step.run.replace(/\$\{\{\s*github\.base_ref\s*\}\}/g, baseRef);
    if (/\$\{\{/.test(script)) throw new Error(`step "${name}" uses an expression this runner does not fill in`);
    const result = spawnSync("bash", ["-e", "-c", script], {
      cwd: workspace,
      encoding: "utf8",
      timeout: 300_000,
      env: {
        ...process.env,
        ...workflow.env,
        ...readEnvFile(envFile),
        PATH: `${shims}${path.delimiter}${process.env.PATH}`,
        TPA_ROOT: ROOT,
        RUNNER_TEMP: runnerTemp,
        GITHUB_WORKSPACE: workspace,
        GITHUB_ENV: envFile,
      },
    });
    const outcome = result.status === 0 ? "success" : "failure";
    failed ||= outcome === "failure";
    results.push({ name, outcome, output: `${result.stdout}${result.stderr}` });
  }
  return results;
}

function readEnvFile(file: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

function shimFolder(): string {
  const dir = tmpDir("tpa-shims-");
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text, { mode: 0o755 });
  write(
    "npx",
    '#!/bin/sh\nif [ "$1" = tpa ]; then shift; exec node "$TPA_ROOT/bin/tpa.js" "$@"; fi\necho "npx $*: not available in this runner" >&2; exit 127\n',
  );
  write(
    "npm",
    [
      "#!/bin/sh",
      'if [ "$1" = ci ]; then exit 0; fi',
      'if [ "$1" = run ] && [ "$2" = validate ]; then shift 2; [ "$1" = -- ] && shift; exec node "$TPA_ROOT/dist/tools/validate.js" "$@"; fi',
      'echo "npm $*: not available in this runner" >&2; exit 127',
      "",
    ].join("\n"),
  );
  return dir;
}

/** A git repository whose `origin/<base>` holds `base` (file → text) and whose work tree holds `head`. */
export function gitCheckout(base: Record<string, string>, head: Record<string, string>, baseRef = "main"): string {
  const dir = tmpDir("tpa-checkout-");
  const git = (...args: string[]) => {
    const r = spawnSync("git", args, { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  };
  const writeTree = (files: Record<string, string>) => {
    for (const entry of fs.readdirSync(dir)) if (entry !== ".git") fs.rmSync(path.join(dir, entry), { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
  };
  git("init", "-q", "-b", baseRef);
  git("config", "user.email", "ci@example.com");
  git("config", "user.name", "ci");
  writeTree(base);
  git("add", "-A");
  git("commit", "-qm", "base");
  git("update-ref", `refs/remotes/origin/${baseRef}`, "HEAD");
  git("checkout", "-qb", "change");
  writeTree(head);
  git("add", "-A");
  git("commit", "-qm", "head");
  return dir;
}
