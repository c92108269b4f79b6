// The package as a platform team gets it: `npm pack` (which builds it), then the tarball installed into new
// apps written here, a cdktf 0.21 one and a CDK Terrain 0.24 one, with nothing of ours but the tarball.
// Each app's TypeScript compiles against the shipped declarations, its own CLI synthesizes it (the policy
// fails a bad app), and `npx tpa synth` runs from the installed package on the app's environments/.
// npm's cache makes the installs fast after the first run; the registry is the only network used.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { listTree, tmpDir } from "./support/tmp";

const ROOT = path.resolve(__dirname, "..");
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  name: string;
  devDependencies: Record<string, string>;
};
/** The Node LTS that CI also runs the suite on (.ci/run); cdktn-cli needs Node >= 22.19. */
const LTS_NODE = fs.readFileSync(path.join(ROOT, ".ci", "lts-node-version"), "utf8").trim();
const CDKTN = "0.24.0";
const CDKTN_CONSTRUCTS = "10.6.0"; // cdktn 0.24 wants constructs >= 10.6 (its peer dependency)
const INSTALL_TIMEOUT = 600_000;

interface Result {
  status: number | null;
  stdout: string;
  /** stdout and stderr */
  output: string;
}

/** The environment of a user's shell: none of `npm test`'s npm_* variables, no cdktf/cdktn telemetry. */
function userEnv(extraPath?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.toLowerCase().startsWith("npm_")) env[k] = v;
  env.CHECKPOINT_DISABLE = "1";
  // A TF_CLI_CONFIG_FILE naming a missing file makes the CLIs' terraform calls print errors.
  if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
  if (extraPath) env.PATH = `${extraPath}${path.delimiter}${env.PATH ?? ""}`;
  return env;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = userEnv()): Result {
  const r = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: INSTALL_TIMEOUT, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout ?? "", output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

/** stdout of a command that must succeed */
function ok(r: Result, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.output}`);
  return r.stdout;
}

/** A Node binary that cdktn-cli accepts: this one if it is >= 22.19, else the LTS from the registry's `node` package. */
function nodeForCdktn(): string {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major > 22 || (major === 22 && minor >= 19)) return process.execPath;
  const out = ok(run("npx", ["-y", "-p", `node@${LTS_NODE}`, "-c", "node -p process.execPath"], ROOT), `npx -p node@${LTS_NODE}`);
  return out.trim().split("\n").pop()!.trim();
}

/** The core an app imports: cdktf, or cdktn (CDK Terrain), whose build of the library is the "./cdktn" entry. */
type Core = "cdktf" | "cdktn";
const entryFor = (core: Core) => (core === "cdktf" ? PKG.name : `${PKG.name}/cdktn`);

/** The app's own code: a stack of its own with our constructs, a raw L1 client from the bindings subpath and
 * the policy aspect, plus a TenantStack from a config object. BAD_APP=1 adds a strict client with `password`. */
function appSource(core: Core): string {
  const lib = entryFor(core);
  return `import { App, Aspects, TerraformStack } from "${core}";
import { Construct } from "constructs";
import {
  Auth0Provider, ProtectedApi, StrictThirdPartyApp, TenantPolicy, TenantStack, environmentSchema, STRICT_MODE_RULES,
} from "${lib}";
import { Client } from "${lib}/auth0/client";

class Partners extends TerraformStack {
  constructor(scope: Construct, id: string, bad: boolean) {
    super(scope, id);
    new Auth0Provider(this, "auth0", { domain: "acme-dev.eu.auth0.com" });
    const orders = new ProtectedApi(this, "orders", { identifier: "https://api.acme.test/orders", scopes: ["read:orders"] });
    const portal = new StrictThirdPartyApp(this, "portal", {
      name: "Partner Portal",
      callbacks: ["https://partner.example.com/callback"],
      tokenEndpointAuthMethod: "client_secret_post",
    });
    orders.grantTo(portal, { subjectType: "user", scopes: ["read:orders"] });
    if (bad) {
      new Client(this, "legacy", { name: "Legacy", isFirstParty: false, thirdPartySecurityMode: "strict", grantTypes: ["password"] });
    }
    Aspects.of(this).add(new TenantPolicy({ tenant: { environment: id, permissiveEligible: false }, rules: STRICT_MODE_RULES }));
  }
}

const app = new App();
new Partners(app, "partners", process.env.BAD_APP === "1");
new TenantStack(app, environmentSchema.parse({ tenant: { domain: "acme-staging.eu.auth0.com", environment: "staging" } }));
app.synth();
`;
}

/** A type error against the declarations: proves they are real types, not \`any\`. */
function typeErrorSource(core: Core): string {
  const lib = entryFor(core);
  return `import { App } from "${core}";
import { StrictThirdPartyApp } from "${lib}";
new StrictThirdPartyApp(new App(), "x", { name: 42 });
`;
}

/** The README's example for a cdktf app ("Use it as a construct library"), as written there. */
function readmeExample(): string {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Use it as a construct library"));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md: no ts block under "Use it as a construct library"');
  return block[1];
}

const ENVIRONMENT = `tenant: { domain: acme-dev.eu.auth0.com }
apis:
  - { id: orders, identifier: https://api.acme.test/orders, scopes: [read:orders] }
apps:
  - id: portal
    name: Partner Portal
    mode: strict
    appType: regular_web
    callbacks: [https://partner.example.com/callback]
    grantTypes: [authorization_code, refresh_token]
    tokenEndpointAuthMethod: client_secret_post
    apis: [orders]
    permissions:
      - { api: orders, subjectType: user, scopes: [read:orders] }
`;

/** Writes a new app (package.json, cdktf.json, the template's tsconfig, main.ts) and installs the tarball into it. */
function newApp(name: string, core: Core, tarball: string, deps: readonly string[]): string {
  const dir = tmpDir(`tpa-consumer-${name}-`);
  // The tsconfig of `cdktf init` / `cdktn init --template typescript`, as the CLI ships it.
  fs.copyFileSync(path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "templates", "typescript", "tsconfig.json"), path.join(dir, "tsconfig.json"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: `consumer-${name}`, version: "1.0.0", private: true }, null, 2));
  fs.writeFileSync(
    path.join(dir, "cdktf.json"),
    JSON.stringify({ language: "typescript", app: "node main.js", projectId: `consumer-${name}`, sendCrashReports: "false", terraformProviders: [], context: {} }),
  );
  fs.writeFileSync(path.join(dir, "main.ts"), appSource(core));
  fs.mkdirSync(path.join(dir, "environments"));
  fs.writeFileSync(path.join(dir, "environments", "dev.yaml"), ENVIRONMENT);
  ok(run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, ...deps], dir), `npm install in the ${name} app`);
  return dir;
}

let tarball: string;
let packed: string[];

beforeAll(() => {
  const out = tmpDir("tpa-pack-");
  const stdout = ok(run("npm", ["pack", "--json", "--pack-destination", out], ROOT), "npm pack");
  // `npm pack` runs `prepare` (the build), whose log precedes the JSON on stdout.
  const json = JSON.parse(stdout.slice(stdout.search(/^\[/m))) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(out, json[0].filename);
  packed = json[0].files.map((f) => f.path);
}, INSTALL_TIMEOUT);

/** The resource types the README says the bindings cover, in the pinned schema's order. */
const README_BINDINGS = [
  "action",
  "client",
  "client-cimd",
  "client-credentials",
  "client-grant",
  "hook",
  "organization",
  "organization-client-grant",
  "prompt",
  "rate-limit-policy",
  "resource-server",
  "resource-server-scopes",
  "rule",
  "tenant",
  "trigger-actions",
];

describe("npm pack", () => {
  test("the tarball holds compiled code with declarations, prebuilt bindings for cdktf and cdktn, profiles, the pinned schema, the rule docs and the license", () => {
    for (const file of [
      "bin/tpa.js",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/.gen/providers/auth0/client/index.js",
      "dist/.gen/providers/auth0/client/index.d.ts",
      "dist/.gen/providers/auth0/index.d.ts",
      "dist/policy/profiles/strict-2026-05.json",
      "dist/cli/tpa.js",
      "dist-cdktn/index.js",
      "dist-cdktn/index.d.ts",
      "dist-cdktn/.gen/providers/auth0/client/index.d.ts",
      "provider-schema/auth0@~%3E%201.55.json",
      // what tpa rules' sources and the SARIF help point at, and the license the manifest names
      "docs/rules.md",
      "docs/auth0-facts.md",
      "LICENSE",
    ]) {
      expect(packed).toContain(file);
    }
  });

  test("the bindings are one per resource type of the pinned schema, for cdktf and for cdktn (the README lists them)", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "provider-schema", "auth0@~%3E%201.55.json"), "utf8")) as {
      provider_schemas: Record<string, { resource_schemas: Record<string, unknown> }>;
    };
    const types = Object.keys(Object.values(schema.provider_schemas)[0].resource_schemas).map((t) => t.replace(/^auth0_/, "").replace(/_/g, "-"));
    expect(types).toEqual(README_BINDINGS);
    for (const flavour of ["dist", "dist-cdktn"]) {
      const bound = new Set(packed.filter((f) => f.startsWith(`${flavour}/.gen/providers/auth0/`) && f.endsWith("/index.d.ts")).map((f) => f.split("/")[4]));
      bound.delete("index.d.ts");
      bound.delete("provider");
      expect([...bound].sort()).toEqual([...types].sort());
    }
  });

  test("no tests, no TypeScript sources, no build scripts, no .gen/ sources", () => {
    const unwanted = packed.filter(
      (f) => /(^|\/)test\//.test(f) || /^dist\/bench\//.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")) || /^(scripts|\.gen)\//.test(f) || f.includes("tsbuildinfo"),
    );
    expect(unwanted).toEqual([]);
  });

  test("the cdktn build imports cdktn, never cdktf", () => {
    const dir = tmpDir("tpa-unpack-");
    ok(run("tar", ["xzf", tarball, "-C", dir], dir), "tar");
    const client = fs.readFileSync(path.join(dir, "package", "dist-cdktn", ".gen", "providers", "auth0", "client", "index.js"), "utf8");
    expect(client).toContain('require("cdktn")');
    const offenders = packed
      .filter((f) => f.startsWith("dist-cdktn/") && (f.endsWith(".js") || f.endsWith(".d.ts")))
      .filter((f) => /(require\(|from |import\()["']cdktf["'/]/.test(fs.readFileSync(path.join(dir, "package", f), "utf8")));
    expect(offenders).toEqual([]);
  });
});

describe.each([
  {
    name: "cdktf",
    core: "cdktf" as const,
    cli: "cdktf",
    deps: () => [`cdktf@${PKG.devDependencies.cdktf}`, `cdktf-cli@${PKG.devDependencies["cdktf-cli"]}`, `constructs@${PKG.devDependencies.constructs}`],
    node: () => process.execPath,
    version: PKG.devDependencies.cdktf,
  },
  {
    name: "cdktn",
    core: "cdktn" as const,
    cli: "cdktn",
    deps: () => [`cdktn@${CDKTN}`, `cdktn-cli@${CDKTN}`, `constructs@${CDKTN_CONSTRUCTS}`],
    node: nodeForCdktn,
    version: CDKTN,
  },
  {
    // A cdktf app moved to CDK Terrain by aliasing the package, its imports unchanged.
    name: "cdktf-aliased-to-cdktn",
    core: "cdktf" as const,
    cli: "cdktn",
    deps: () => [`cdktf@npm:cdktn@${CDKTN}`, `cdktn-cli@${CDKTN}`, `constructs@${CDKTN_CONSTRUCTS}`],
    node: nodeForCdktn,
    version: CDKTN,
  },
])("a new $name app with the tarball installed", ({ name, core, cli, deps, node, version }) => {
  let app: string;
  let nodeBin: string;
  const cliBin = () => path.join(app, "node_modules", `${cli}-cli`, "bundle", "bin", cli);
  const synth = (extra: NodeJS.ProcessEnv = {}) =>
    run(nodeBin, [cliBin(), "synth"], app, { ...userEnv(path.dirname(nodeBin)), ...extra });

  beforeAll(() => {
    nodeBin = node();
    app = newApp(name, core, tarball, [...deps(), `typescript@${PKG.devDependencies.typescript}`, `@types/node@${PKG.devDependencies["@types/node"]}`]);
  }, INSTALL_TIMEOUT);

  test("one copy of the core: cdktf/cdktn and constructs are the app's, not nested under the package", () => {
    const nested = path.join(app, "node_modules", PKG.name, "node_modules");
    for (const dep of ["cdktf", "cdktn", "constructs"]) expect(fs.existsSync(path.join(nested, dep))).toBe(false);
    // The other core, an optional peer, is not pulled in (in the aliased app cdktn-cli brings its own cdktn).
    if (cli === core) expect(fs.existsSync(path.join(app, "node_modules", core === "cdktf" ? "cdktn" : "cdktf"))).toBe(false);
  });

  // The aliased app has the cdktf app's code and declarations: its own checks are the synths.
  const full = name !== "cdktf-aliased-to-cdktn";

  if (full) {
    test("its TypeScript compiles against the declarations, and a type error in them is caught", () => {
      ok(run(process.execPath, [path.join(app, "node_modules", "typescript", "bin", "tsc"), "-p", "."], app), "tsc");
      // the shipped declarations also compile where libraries are type-checked (every type they import is installed)
      ok(run(process.execPath, [path.join(app, "node_modules", "typescript", "bin", "tsc"), "-p", ".", "--noEmit", "--skipLibCheck", "false", "--esModuleInterop"], app), "tsc without skipLibCheck");
      fs.writeFileSync(path.join(app, "wrong.ts"), typeErrorSource(core));
      const wrong = run(process.execPath, [path.join(app, "node_modules", "typescript", "bin", "tsc"), "-p", "."], app);
      fs.rmSync(path.join(app, "wrong.ts"));
      expect(wrong.status).not.toBe(0);
      expect(wrong.output).toMatch(/wrong\.ts\(3,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
    });
  }

  test(`a clean app synthesizes with \`${cli} synth\`; the bad one fails on the policy`, () => {
    ok(run(process.execPath, [path.join(app, "node_modules", "typescript", "bin", "tsc"), "-p", "."], app), "tsc");
    const clean = synth();
    expect(clean.output).not.toMatch(/TPA\d{3}/);
    expect(clean.status).toBe(0);
    const stack = JSON.parse(fs.readFileSync(path.join(app, "cdktf.out", "stacks", "partners", "cdk.tf.json"), "utf8"));
    expect(Object.keys(stack.resource.auth0_client)).toEqual(["portal_strict"]);
    expect(stack["//"].metadata.version).toBe(version);
    expect(fs.existsSync(path.join(app, "cdktf.out", "stacks", "staging", "cdk.tf.json"))).toBe(true);

    // the CLI lets error annotations through (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS): the policy's validation stops it
    fs.rmSync(path.join(app, "cdktf.out"), { recursive: true, force: true });
    const bad = synth({ BAD_APP: "1" });
    expect(bad.status).not.toBe(0);
    expect(fs.existsSync(path.join(app, "cdktf.out", "stacks", "partners", "cdk.tf.json"))).toBe(false);
    expect(bad.output).toMatch(/\[partners\/legacy\]:? TPA101: grant type password not allowed for strict apps/);
  });

  if (name === "cdktf") {
    test("`tpa` where neither cdktf nor cdktn can be found says what to install (exit 2)", () => {
      const alone = path.join(tmpDir("tpa-alone-"), "package");
      fs.cpSync(path.join(app, "node_modules", PKG.name), alone, { recursive: true });
      const r = run(process.execPath, [path.join(alone, "bin", "tpa.js"), "synth"], alone);
      expect(r.status).toBe(2);
      expect(r.output).toContain("tpa: neither cdktf nor cdktn is installed, and tpa synth needs one: add one to your app");
    });

    test("the README's example compiles and fails on the policy as it says", () => {
      const dir = path.join(app, "readme");
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "main.ts"), readmeExample());
      ok(run(process.execPath, [path.join(app, "node_modules", "typescript", "bin", "tsc"), "-p", "."], app), "tsc");
      const r = run(process.execPath, [path.join(dir, "main.js")], dir);
      expect(r.status).not.toBe(0);
      expect(r.output).toContain("[partners/legacy] TPA101: grant type password not allowed for strict apps");
    });
  }

  if (name === "cdktf-aliased-to-cdktn") {
    test("why one copy matters: the policy added through a second copy's Aspects never runs", () => {
      // This app has two copies of CDK Terrain: node_modules/cdktf (the alias) and cdktn-cli's node_modules/cdktn.
      expect(fs.existsSync(path.join(app, "node_modules", "cdktn", "package.json"))).toBe(true);
      fs.writeFileSync(
        path.join(app, "two-copies.js"),
        `const { App, TerraformStack } = require("cdktf");
const { Aspects } = require("cdktn");
const { Auth0Provider, TenantPolicy } = require("${PKG.name}");
const { Client } = require("${PKG.name}/auth0/client");
const app = new App();
const stack = new TerraformStack(app, "two");
new Auth0Provider(stack, "auth0", { domain: "acme-dev.eu.auth0.com" });
new Client(stack, "legacy", { name: "Legacy", isFirstParty: false, thirdPartySecurityMode: "strict", grantTypes: ["password"] });
Aspects.of(stack).add(new TenantPolicy({ tenant: { environment: "two", permissiveEligible: false } }));
app.synth();
`,
      );
      const r = run(process.execPath, ["two-copies.js"], app);
      expect(r.output).not.toContain("TPA101");
      expect(r.status).toBe(0);
      expect(fs.existsSync(path.join(app, "cdktf.out", "stacks", "two", "cdk.tf.json"))).toBe(true);
    });
  }

  if (name === "cdktn") {
    test("`cdktn get` from the pinned schema declares the API of our cdktn bindings (so building them by renaming the import is sound)", () => {
      // cdktn-cli's schema cache key carries the Terraform version (README, "Use it as a construct library").
      const tf = JSON.parse(ok(run("terraform", ["version", "-json"], app), "terraform version")) as { terraform_version: string };
      const cache = path.join(app, "schema-cache");
      fs.mkdirSync(cache);
      const key = `auth0@~%3E%201.55@terraform-${tf.terraform_version.split(".").slice(0, 2).join(".")}.json`;
      fs.copyFileSync(path.join(ROOT, "provider-schema", "auth0@~%3E%201.55.json"), path.join(cache, key));
      const config = path.join(app, "cdktf.json");
      const appConfig = fs.readFileSync(config, "utf8");
      fs.writeFileSync(config, JSON.stringify({ ...JSON.parse(appConfig), terraformProviders: ["auth0/auth0@~> 1.55"], codeMakerOutput: ".gen" }));
      try {
        ok(
          run(nodeBin, [cliBin(), "get", "--force", "--language", "typescript", "--experimental-provider-schema-cache-path", cache], app, {
            ...userEnv(path.dirname(nodeBin)),
            CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
          }),
          "cdktn get",
        );
      } finally {
        fs.writeFileSync(config, appConfig);
      }
      // The API each binding declares: exported names, members and attribute types, one per line. (The bodies
      // differ a little: cdktn's generator also marks write-only attributes for its Terraform version check.)
      const api = (file: string, rename: boolean) => {
        const text = fs.readFileSync(file, "utf8");
        return (rename ? text.replace(/\bcdktf\b/g, "cdktn") : text)
          .replace(/'\.\/([\w-]+)\/index'/g, "'./$1'")
          .split("\n")
          .map((line) => line.trim())
          .filter((line) => /^(export|public|protected|readonly) /.test(line));
      };
      const theirs = path.join(app, ".gen", "providers", "auth0");
      const ours = path.join(ROOT, ".gen", "providers", "auth0");
      const files = listTree(ours).filter((f) => f.endsWith(".ts"));
      expect(listTree(theirs).filter((f) => f.endsWith(".ts"))).toEqual(files);
      const differing = files.filter((f) => api(path.join(theirs, f), false).join("\n") !== api(path.join(ours, f), true).join("\n"));
      expect(differing).toEqual([]);
      expect(api(path.join(ours, "client", "index.ts"), true).length).toBeGreaterThan(100);
      fs.rmSync(theirs, { recursive: true }); // not the app's: later steps compile **/*.ts
    });
  }

  if (full) {
    test("the internals are not exported", () => {
      const r = run(process.execPath, ["-e", `require(${JSON.stringify(`${PKG.name}/dist/cli/tpa.js`)})`], app);
      expect(r.status).not.toBe(0);
      expect(r.output).toContain("ERR_PACKAGE_PATH_NOT_EXPORTED");
    });
  }

  test("`npx tpa synth` runs from the installed package on the app's environments/", () => {
    fs.rmSync(path.join(app, "cdktf.out"), { recursive: true, force: true });
    const r = run("npx", ["--no-install", "tpa", "synth"], app);
    expect(r.output).toContain("dev (profile strict-2026-05): no findings");
    expect(r.status).toBe(0);
    const stack = JSON.parse(fs.readFileSync(path.join(app, "cdktf.out", "stacks", "dev", "cdk.tf.json"), "utf8"));
    expect(stack["//"].metadata.version).toBe(version);
    expect(Object.keys(stack.resource.auth0_client)).toEqual(["apps_portal_strict"]);
  });
});
