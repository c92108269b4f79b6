// The README runs: every ```sh (bash, shell) and ```yaml (yml) block of README.md is extracted and run, so that a sample cannot
// drift from the tool. A block that cannot run here says so right above it, with its reason:
//   <!-- readme-test: skip (needs a tenant) -->
// The rest runs, in a temporary copy of the project (node_modules, .gen and dist linked), TPA_TODAY=2026-12-01:
// - ```sh: each command in turn, in one bash session; each must exit 0, or what its comment announces
//   ("# ... (exit 1: ...)").
// - ```yaml with a top-level `tenant:`: a whole environment file, which `tpa synth` must synthesize (exit 0).
// - ```yaml whose first line is `# environments/<name>.yaml`: a fragment; its top-level keys replace that file's
//   in a copy of the example environments, which must synthesize.
// - ```yaml that is a list of steps (`- run:` / `- uses:`): valid GitHub Actions steps, whose `run:` commands
//   run like a sh block.
// Blocks without a language are output samples, and ```ts blocks fragments of an app: neither is run.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { parse, parseDocument } from "yaml";
import { COMMANDS } from "../cli/commands";
import { commandReference } from "../cli/usage";
import { EXAMPLE, ROOT } from "./support/cli";
import { CodeBlock, codeBlocks, shellCommands } from "./support/readme";
import { tmpDir } from "./support/tmp";

const README = path.join(ROOT, "README.md");
const TODAY = "2026-12-01";
const LINKED = ["node_modules", ".gen", "dist"];
const NOT_COPIED = [...LINKED, ".git", "cdktf.out", "coverage", "reports", ".stryker-tmp"];

type Kind = "sh" | "environment file" | "environment fragment" | "workflow steps";

const SHELL = ["sh", "bash", "shell"];
const YAML = ["yaml", "yml"];

function kindOf(block: CodeBlock): Kind | undefined {
  if (SHELL.includes(block.lang)) return "sh";
  if (!YAML.includes(block.lang)) return undefined;
  const value = parse(block.text) as unknown;
  if (Array.isArray(value) && value.every((s) => s && typeof s === "object" && ("run" in s || "uses" in s))) return "workflow steps";
  if (value && typeof value === "object" && "tenant" in value) return "environment file";
  if (/^# environments\/[\w-]+\.yaml\s*$/m.test(block.text.split("\n")[0])) return "environment fragment";
  throw new Error(
    `README.md:${block.line}: a yaml block that is neither an environment file, a fragment starting with ` +
      "`# environments/<name>.yaml`, nor workflow steps: make it one, or mark it `<!-- readme-test: skip (why) -->`",
  );
}

/** A copy of the project to run commands in: sources copied, the installed and built folders linked. */
function projectCopy(): string {
  const dir = path.join(tmpDir("tpa-readme-"), "project");
  fs.mkdirSync(dir);
  for (const entry of fs.readdirSync(ROOT)) {
    if (LINKED.includes(entry)) fs.symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
    else if (!NOT_COPIED.includes(entry)) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}

/** Runs a shell block's commands in one bash session; returns, per command, its exit code and output. */
function runShell(text: string, cwd: string) {
  const commands = shellCommands(text);
  for (const c of commands) {
    // these would replace the linked node_modules of the real project
    if (/\bnpm (ci|install|i)\b/.test(c.command)) {
      throw new Error(`"${c.command}" cannot run in a copy of the project: mark the block <!-- readme-test: skip (why) -->`);
    }
  }
  const statusFile = path.join(cwd, "..", "status");
  const script = commands
    .map((c, i) => `${c.command}\n__s=$?; echo "${i} $__s" >> "${statusFile}"; echo "--- end of command ${i} (exit $__s)"`)
    .join("\n");
  const result = spawnSync("bash", ["-c", script], {
    cwd,
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TPA_TODAY: TODAY, npm_config_update_notifier: "false" },
  });
  const statuses = new Map(
    (fs.existsSync(statusFile) ? fs.readFileSync(statusFile, "utf8") : "")
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(" ").map(Number) as [number, number]),
  );
  const output = `${result.stdout}\n${result.stderr}`;
  return commands.map((c, i) => ({ command: c.command, expected: c.expectedExit, exit: statuses.get(i), output }));
}

function synth(configDir: string) {
  const out = path.join(path.dirname(configDir), "cdktf.out");
  const result = spawnSync("node", [path.join(ROOT, "bin", "tpa.js"), "synth", "--config", configDir, "--out", out], {
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TPA_TODAY: TODAY },
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

function environmentFile(block: CodeBlock): string {
  const doc = parse(block.text) as { tenant: { environment?: string } };
  const dir = path.join(tmpDir("tpa-readme-"), "environments");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, `${doc.tenant.environment ?? "readme"}.yaml`), block.text);
  return dir;
}

function environmentFragment(block: CodeBlock): string {
  const file = /^# environments\/([\w-]+\.yaml)/.exec(block.text)![1];
  const dir = path.join(tmpDir("tpa-readme-"), "environments");
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  const target = parseDocument(fs.readFileSync(path.join(dir, file), "utf8"));
  const fragment = parse(block.text) as Record<string, unknown>;
  for (const [key, value] of Object.entries(fragment)) target.set(key, value);
  fs.writeFileSync(path.join(dir, file), target.toString());
  return dir;
}

const blocks = codeBlocks(README).filter((b) => SHELL.includes(b.lang) || YAML.includes(b.lang));
const skipped = blocks.filter((b) => b.marker?.startsWith("skip"));
const runnable = blocks.filter((b) => !b.marker?.startsWith("skip")).map((b) => ({ ...b, kind: kindOf(b)! }));
const name = (b: { line: number; kind: string; text: string }) => `README.md:${b.line} (${b.kind}): ${b.text.split("\n")[0].slice(0, 60)}`;

describe("the README runs", () => {
  test("it has shell and YAML samples, and each skipped one says why", () => {
    expect(runnable.length).toBeGreaterThanOrEqual(6);
    for (const b of skipped) expect(`README.md:${b.line} ${b.marker}`).toMatch(/^README\.md:\d+ skip \(.{8,}\)$/);
    for (const b of blocks) if (b.marker) expect(`README.md:${b.line} ${b.marker}`).toMatch(/^README\.md:\d+ skip \(/);
  });

  test.each(runnable.filter((b) => b.kind === "sh" || b.kind === "workflow steps").map((b) => [name(b), b] as const))("%s", (_name, block) => {
    let text = block.text;
    if (block.kind === "workflow steps") {
      const steps = parse(block.text) as { run?: string }[];
      const workflow = { name: "readme", on: "push", jobs: { job: { "runs-on": "ubuntu-latest", steps } } };
      expect(validateWorkflow(JSON.stringify(workflow)).errors).toEqual([]);
      text = steps.flatMap((s) => (s.run ? [s.run] : [])).join("\n") + "\n";
    }
    const results = runShell(text, projectCopy());
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      if (r.exit !== r.expected) throw new Error(`"${r.command}" exited ${r.exit}, expected ${r.expected}:\n${r.output}`);
    }
  });

  test.each(runnable.filter((b) => b.kind === "environment file" || b.kind === "environment fragment").map((b) => [name(b), b] as const))(
    "%s synthesizes",
    (_name, block) => {
      const dir = block.kind === "environment file" ? environmentFile(block) : environmentFragment(block);
      const result = synth(dir);
      if (result.code !== 0) throw new Error(`tpa synth exited ${result.code}:\n${result.output}`);
    },
  );
});

describe("the README's claims", () => {
  const readme = fs.readFileSync(README, "utf8");
  const tpa = (...args: string[]) =>
    spawnSync("node", [path.join(ROOT, "bin", "tpa.js"), ...args], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", TPA_TODAY: TODAY } });

  test("the pull-request report sample is what tpa diff prints for the change it describes", () => {
    const head = path.join(tmpDir("tpa-readme-"), "environments");
    fs.cpSync(EXAMPLE, head, { recursive: true });
    const staging = path.join(head, "staging.yaml");
    const text = fs.readFileSync(staging, "utf8");
    const edited = text
      .replace(/    mode: permissive\n    justification: .*\n    reviewBy: .*\n/, "    mode: strict\n")
      .replace("requestedScopes: [openid, profile, email, read:orders]", "requestedScopes: [read:orders]");
    expect(edited).not.toBe(text);
    fs.writeFileSync(staging, `${edited}\ndefaultPermissions:\n  - { api: orders, subjectType: user, scopes: [read:orders] }\n`);
    const result = tpa("diff", "--base-config", EXAMPLE, "--head-config", head);
    // on a failure, say what tpa printed
    expect({ status: result.status, signal: result.signal, stderr: result.stderr.slice(0, 4000) }).toMatchObject({ status: 1 });
    // the README nests the report two heading levels deeper
    const section = result.stdout.slice(result.stdout.indexOf("## `staging`")).trim().replace(/^(#+) /gm, "##$1 ");
    // the sample runs from its heading to the README's next section
    const sampleIn = (text: string) => {
      const start = text.indexOf("#### `staging`");
      expect(start).toBeGreaterThan(0);
      return { start, end: text.indexOf("\n## ", start) };
    };
    if (process.env.UPDATE_README_SAMPLE) {
      // refresh it with UPDATE_README_SAMPLE=1 npx jest test/readme.test.ts -t "pull-request report sample"
      const { start, end } = sampleIn(readme);
      fs.writeFileSync(README, `${readme.slice(0, start)}${section}\n${readme.slice(end)}`);
    }
    const now = fs.readFileSync(README, "utf8");
    const { start, end } = sampleIn(now);
    expect(now.slice(start, end).trim()).toBe(section);
  });

  test("the command reference is the commands' definitions, and the folder table names every command", () => {
    const begin = "<!-- command reference: generated from cli/commands.ts";
    const end = "<!-- end of the command reference -->";
    const listIn = (text: string) => {
      const start = text.indexOf("\n", text.indexOf(begin)) + 1;
      expect(text.indexOf(begin)).toBeGreaterThan(0);
      return { start, stop: text.indexOf(end, start) };
    };
    const expected = `${commandReference(COMMANDS)}\n`;
    if (process.env.UPDATE_README_COMMANDS) {
      const { start, stop } = listIn(readme);
      fs.writeFileSync(README, `${readme.slice(0, start)}${expected}${readme.slice(stop)}`);
    }
    const now = fs.readFileSync(README, "utf8");
    const { start, stop } = listIn(now);
    expect(now.slice(start, stop)).toBe(expected);
    const cliRow = now.split("\n").find((l) => l.startsWith("| `cli/`"))!;
    for (const c of COMMANDS) expect(cliRow).toMatch(new RegExp(`\\b${c.name}\\b`));
  });

  test("the provider: cdktf.json asks for ~> 1.55, every stack pins 1.55.0", () => {
    expect(readme).toMatch(/pinned to\n\*\*1\.55\.0\*\*: `cdktf\.json` asks for `~> 1\.55`/);
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).terraformProviders).toEqual(["auth0/auth0@~> 1.55"]);
    const out = path.join(tmpDir("tpa-readme-"), "cdktf.out");
    expect(tpa("synth", "--config", EXAMPLE, "--out", out).status).toBe(0);
    for (const env of ["dev", "staging", "prod"]) {
      const stack = JSON.parse(fs.readFileSync(path.join(out, "stacks", env, "cdk.tf.json"), "utf8"));
      expect(stack.terraform.required_providers.auth0).toEqual({ source: "auth0/auth0", version: "1.55.0" });
    }
  });

  test("without a backend, state is terraform.<environment>.tfstate in the folder tpa synth runs in", () => {
    expect(readme).toMatch(/local state goes to `terraform\.<environment>\.tfstate` in the project folder\n\(the folder `tpa synth` runs in\)/);
    const project = tmpDir("tpa-readme-");
    const config = path.join(project, "environments");
    fs.mkdirSync(config);
    fs.writeFileSync(path.join(config, "dev.yaml"), "tenant: { domain: acme-dev.eu.auth0.com }\n");
    const result = spawnSync("node", [path.join(ROOT, "bin", "tpa.js"), "synth"], { cwd: project, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    expect(result.status).toBe(0);
    const stackDir = path.join(project, "cdktf.out", "stacks", "dev");
    const statePath = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")).terraform.backend.local.path;
    expect(path.resolve(stackDir, statePath)).toBe(path.join(project, "terraform.dev.tfstate"));
  });
});
