// The folders whose insides are closed: from outside, a file imports only the folder's public entries. The
// policy's, the diff's and the check's surface is their index.ts; the constructs' is index.ts, the small vocabulary
// modules the environment-file schema and the policy share and the stack checks (importing constructs/index would
// load the provider bindings). Tests may reach inside; the package's root index.ts is held to the same rule.
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, spawn } from "./support/cli";

const CLOSED: Record<string, readonly string[]> = {
  policy: ["index.ts"],
  diff: ["index.ts"],
  // deploy-cli.ts loads the audit's readers: tpa check requires it only for a deploy-cli configuration;
  // vocabulary.ts holds the words the CLI's usage prints, without the HCL parser
  check: ["index.ts", "deploy-cli.ts", "vocabulary.ts"],
  // checks.ts: the stack checks, which the policy's aspect adds to every stack it covers (L1 resources alone too)
  constructs: ["index.ts", "dates.ts", "security-mode.ts", "limits.ts", "vocabulary.ts", "checks.ts"],
};

const NOT_SOURCES = new Set(["node_modules", "dist", "dist-cdktn", ".gen", ".git", "test", "cdktf.out", "coverage", "reports", ".stryker-tmp"]);

function sources(dir = ""): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return NOT_SOURCES.has(e.name) ? [] : sources(rel);
    return rel.endsWith(".ts") && !rel.endsWith(".d.ts") ? [rel] : [];
  });
}

/** The project file a relative specifier names (.ts, or a folder's index.ts), relative to the root. */
function resolve(from: string, specifier: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return [`${base}.ts`, `${base}/index.ts`, base].find((f) => fs.existsSync(path.join(ROOT, f)) && fs.statSync(path.join(ROOT, f)).isFile());
}

/** Every relative import in a file's text: `from "..."`, `require("...")` and `import("...")`. */
function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*)"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1]);
}

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

function violations(files: readonly string[], text: (file: string) => string = read): string[] {
  const out: string[] = [];
  for (const file of files) {
    const folder = file.split("/")[0];
    for (const specifier of importsOf(text(file))) {
      const target = resolve(file, specifier);
      if (!target) continue;
      const [targetFolder, ...inside] = target.split("/");
      const publicEntries = CLOSED[targetFolder];
      if (!publicEntries || targetFolder === folder) continue;
      if (!publicEntries.includes(inside.join("/"))) out.push(`${file} imports ${target}`);
    }
  }
  return out;
}

describe("folder boundaries", () => {
  const files = sources();

  test("the sources are found, imports resolved", () => {
    expect(files).toEqual(expect.arrayContaining(["cli/tpa.ts", "diff/compare.ts", "audit/classify.ts", "policy/index.ts"]));
    expect(importsOf(read("cli/tpa.ts")).map((s) => resolve("cli/tpa.ts", s))).toContain("policy/index.ts");
  });

  test("outside policy/, diff/, check/ and constructs/, no file imports their internals", () => {
    expect(violations(files)).toEqual([]);
  });

  test("a file that reaches inside is reported", () => {
    const probe = 'import { modeOf } from "../policy/auth0";\nimport { x } from "../diff/compare";\nimport { y } from "../policy";\nrequire("../constructs/third-party-app");\n';
    expect(violations(["cli/probe.ts"], () => probe)).toEqual([
      "cli/probe.ts imports policy/auth0.ts",
      "cli/probe.ts imports diff/compare.ts",
      "cli/probe.ts imports constructs/third-party-app.ts",
    ]);
    // inside its own folder a file imports what it likes
    expect(violations(["policy/probe.ts"], () => 'import { modeOf } from "./auth0";\n')).toEqual([]);
  });
});

describe("the package's root entry", () => {
  test("exports every construct of constructs/ (a library user cannot reach inside: package.json exports)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const constructs = require("../constructs") as Record<string, unknown>;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const root = require("../index") as Record<string, unknown>;
    const classes = Object.keys(constructs).filter((k) => typeof constructs[k] === "function" && /^[A-Z]/.test(k) && String(constructs[k]).startsWith("class"));
    expect(classes).toEqual(expect.arrayContaining(["StrictThirdPartyApp", "AuthenticationRateLimit"]));
    expect(classes.filter((k) => root[k] !== constructs[k])).toEqual([]);
  });
});

describe("what a command loads", () => {
  // the built CLI in a process of its own: which of its modules are loaded once the command has run
  const loaded = (args: string[]): number => {
    const cli = JSON.stringify(path.join(ROOT, "dist", "cli", "tpa.js"));
    const script = `const sink = { write: () => true };
require(${cli}).main(${JSON.stringify(args)}, sink, sink).then(() => {
  console.log(Object.keys(require.cache).filter((k) => /web-tree-sitter|[\\\\/]check[\\\\/]hcl/.test(k)).length);
});`;
    const result = spawn(process.execPath, ["-e", script]);
    expect(result.stderr).toBe("");
    return Number(result.stdout.trim());
  };

  test("tpa audit, tpa synth and the help do not load the HCL parser; tpa check on HCL does", () => {
    expect(loaded(["--help"])).toBe(0);
    expect(loaded(["audit", "--help"])).toBe(0);
    expect(loaded(["audit", "--from", path.join(ROOT, "no-such-snapshot.json")])).toBe(0);
    expect(loaded(["synth", "--help"])).toBe(0);
    expect(loaded(["check", path.join(ROOT, "test", "fixtures", "check", "partners")])).toBeGreaterThan(0);
  });
});
