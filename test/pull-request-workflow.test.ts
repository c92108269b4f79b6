// The example pull-request workflow's shell steps, run in order in a real git checkout (test/support/workflow.ts:
// the closest substitute for a GitHub runner that runs here), on a change the policy blocks and on one it allows.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { EXAMPLE, ROOT } from "./support/cli";
import { gitCheckout, runWorkflowJob, StepResult } from "./support/workflow";

const WORKFLOW = path.join(ROOT, ".github", "workflows", "pull-request.yml");
const example = (): Record<string, string> =>
  Object.fromEntries(fs.readdirSync(EXAMPLE).map((f) => [`environments/${f}`, fs.readFileSync(path.join(EXAMPLE, f), "utf8")]));
const edited = (edits: Record<string, (text: string) => string>) => {
  const files = example();
  for (const [file, edit] of Object.entries(edits)) files[`environments/${file}`] = edit(files[`environments/${file}`]);
  return files;
};
const outcomes = (steps: StepResult[]) => Object.fromEntries(steps.map((s) => [s.name, s.outcome]));

// prod's fulfilment app switches to permissive (a replacement in a protected environment that forbids
// permissive apps), and staging drops its legacy app (a destroy in a protected environment)
const BLOCKED = {
  "prod.yaml": (t: string) =>
    t.replace("apps:\n", "apps:\n  - id: fulfilment-sync\n    mode: permissive\n    justification: back office\n    reviewBy: 2027-03-31\n"),
  "staging.yaml": (t: string) => t.slice(0, t.indexOf("  - id: legacy-reporting")),
};

describe("the pull-request workflow", () => {
  test("runs for every source folder of the tool, not only the environment files", () => {
    const paths = (parse(fs.readFileSync(WORKFLOW, "utf8")) as { on: { pull_request: { paths: string[] } } }).on.pull_request.paths;
    // what git tracks (build output such as dist/ and dist-cdktn/ is ignored), minus the tests and the prose
    const listed = spawnSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" });
    expect(listed.status).toBe(0);
    const tracked = listed.stdout.split("\n").filter(Boolean);
    const sourceFolders = [...new Set(tracked.filter((f) => f.includes("/")).map((f) => f.slice(0, f.indexOf("/"))))]
      .filter((name) => !["test", "docs", "bench"].includes(name) && !name.startsWith("."))
      .filter((name) => tracked.some((f) => f.startsWith(`${name}/`) && /\.(ts|js|json|ya?ml)$/.test(f)))
      .map((name) => `${name}/**`);
    const rootSources = tracked.filter((f) => !f.includes("/") && /\.ts$/.test(f));
    expect(sourceFolders).toEqual(expect.arrayContaining(["cli/**", "diff/**", "audit/**", "tools/**", "policy/**", "environments/**", "check/**"]));
    expect(rootSources).toEqual(expect.arrayContaining(["main.ts", "index.ts"]));
    expect(paths).toEqual(expect.arrayContaining([...sourceFolders, ...rootSources, "tsconfig.json", "package-lock.json"]));
  });

  test("a blocked change: the job fails, no stack is written, and the comment has the full report", () => {
    const workspace = gitCheckout(example(), edited(BLOCKED));
    const steps = runWorkflowJob(WORKFLOW, "policy", workspace, "main");
    expect(outcomes(steps)).toEqual({
      "npm ci": "success",
      "The target branch (the baseline of the lifecycle rules)": "success",
      "Synthesize and check the policy (a blocked change writes no stack)": "failure",
      "Validate every stack with Terraform (pinned provider schema, offline)": "skipped",
      "What this change does (also when the policy blocks it)": "success",
    });
    expect(steps[2].output).toMatch(/ERROR TPA401/);
    expect(steps[2].output).toMatch(/ERROR TPA403 destroys auth0_client\.apps_legacy-reporting_permissive in a protected environment/);
    expect(fs.existsSync(path.join(workspace, "cdktf.out", "stacks"))).toBe(false);
    expect(fs.existsSync(path.join(workspace, "cdktf.out", "policy-report.sarif"))).toBe(true);
    const comment = fs.readFileSync(path.join(workspace, "tpa-diff.md"), "utf8");
    expect(comment).toMatch(/^<!-- tpa-diff -->\n/);
    expect(comment).toMatch(/## `prod`: 0 to add, 0 to change, 0 to destroy, 3 to replace/);
    expect(comment).toMatch(/replaces `auth0_client\.apps_fulfilment-sync_strict` with `auth0_client\.apps_fulfilment-sync_permissive`: \*\*new client ID\*\*/);
    expect(comment).toMatch(/## `staging`: 0 to add, 0 to change, 3 to destroy, 0 to replace/);
    expect(comment).toMatch(/❌ error \| TPA404 /);
  });

  test("an allowed change: synthesized, validated by Terraform, and reported", () => {
    const widened = edited({ "base.yaml": (t) => t.replace("scopes: [tools:read] }", "scopes: [tools:read, tools:call] }") });
    const workspace = gitCheckout(example(), widened);
    const steps = runWorkflowJob(WORKFLOW, "policy", workspace, "main");
    expect(steps.map((s) => [s.name, s.outcome])).toEqual(steps.map((s) => [s.name, "success"]));
    expect(steps.find((s) => s.name.startsWith("Validate"))!.output).toMatch(/^prod: OK$/m);
    expect(fs.readdirSync(path.join(workspace, "cdktf.out", "stacks")).sort()).toEqual(["dev", "prod", "staging"]);
    const comment = fs.readFileSync(path.join(workspace, "tpa-diff.md"), "utf8");
    expect(comment).toMatch(/\| default \(all third-party apps\) \| https:\/\/mcp\.acme\.test\/ \| user \| widened \| \+tools:call \|/);
    expect(comment).toMatch(/## `prod`: 0 to add, 1 to change, 0 to destroy, 0 to replace/);
  });

  test("a target branch that does not synthesize on its own: its environment files are the baseline", () => {
    // the target branch has a policy error of its own (a permissive app in prod), so its synth writes no stack
    const brokenBase = edited({
      "prod.yaml": (t) =>
        t.replace("  - id: mcp-desktop\n", "  - id: mcp-desktop\n    mode: permissive\n    justification: kept for an old desktop build\n    reviewBy: 2027-03-31\n"),
    });
    const workspace = gitCheckout(brokenBase, example());
    const steps = runWorkflowJob(WORKFLOW, "policy", workspace, "main");
    expect(steps[1].output).toMatch(/::warning::the target branch does not synthesize on its own/);
    expect(outcomes(steps)["Synthesize and check the policy (a blocked change writes no stack)"]).toBe("failure");
    const comment = fs.readFileSync(path.join(workspace, "tpa-diff.md"), "utf8");
    // the fix puts the app back to strict: a replacement of a protected app (TPA401, TPA403), reported
    expect(comment).toMatch(/replaces `auth0_client\.apps_mcp-desktop_permissive` with `auth0_client\.apps_mcp-desktop_strict`/);
  });
});
