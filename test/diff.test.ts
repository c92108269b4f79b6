import { withToday as withTodayAt } from "./support/today";
import "@microsoft/jest-sarif";
import * as fs from "node:fs";
import * as path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { EXAMPLE, ROOT, spawn, tpa } from "./support/cli";
import { listTree, tmpDir, writeFiles } from "./support/tmp";

const withToday = <T>(fn: () => T): T => withTodayAt("2026-12-01", fn);

const TENANT = (extra = "") => `tenant: { domain: acme-prod.eu.auth0.com, permissiveEligible: true }\n${extra}`;
const API = [
  "apis:",
  "  - { id: orders, identifier: https://api.acme.test/orders, scopes: [read:orders, write:orders] }",
].join("\n");
const DEFAULTS = "defaultPermissions:\n  - { api: orders, subjectType: user, scopes: [read:orders] }";
const PORTAL = "  - { id: portal, name: Portal, mode: strict, callbacks: [https://p.example.com/cb], apis: [orders] }";
const LEGACY = (mode: string) =>
  mode === "strict"
    ? "  - { id: legacy, name: Legacy, mode: strict, callbacks: [https://l.example.com/cb] }"
    : "  - { id: legacy, name: Legacy, mode: permissive, justification: needs ID tokens for now, reviewBy: 2027-06-30, callbacks: [https://l.example.com/cb] }";

function synthOf(files: Record<string, string>, ...args: string[]): string {
  const out = path.join(tmpDir(), "cdktf.out");
  const result = withToday(() => tpa("synth", "--config", writeFiles(files), "--out", out, ...args));
  if (result.code !== 0) throw new Error(`synth failed: ${result.stderr}`);
  return out;
}


function diff(...args: string[]) {
  const md = withToday(() => tpa("diff", ...args));
  const json = withToday(() => tpa("diff", ...args, "--format", "json"));
  return { code: md.code, markdown: md.stdout, stderr: md.stderr, json: JSON.parse(json.stdout || "{}") };
}

const env = (files: string[]) => ({ "prod.yaml": [TENANT(), API, ...files].join("\n") + "\n" });

describe("tpa diff on two synths", () => {
  test("an added strict app", () => {
    const base = synthOf(env(["defaultPermissions:", "  - { api: orders, subjectType: user, scopes: [read:orders] }", "apps: []"]));
    const head = synthOf(env(["defaultPermissions:", "  - { api: orders, subjectType: user, scopes: [read:orders] }", "apps:", PORTAL]));
    const { code, markdown, json } = diff("--base", base, "--head", head);
    expect(code).toBe(0);
    const [prod] = json.environments;
    expect(prod.counts).toEqual({ add: 1, change: 0, destroy: 0, replace: 0 });
    expect(prod.apps).toEqual([expect.objectContaining({ name: "Portal", target: "apps/portal", change: "added", modeAfter: "strict", newClientId: false })]);
    expect(markdown).toMatch(/## `prod`: 1 to add, 0 to change, 0 to destroy, 0 to replace/);
    expect(markdown).toMatch(/\| Portal \(`apps\/portal`\) \| strict \| added \|/);
    expect(markdown).not.toMatch(/CAUTION/);
  });

  test("widened default scopes", () => {
    const base = synthOf(env(["defaultPermissions:", "  - { api: orders, subjectType: user, scopes: [read:orders] }"]));
    const head = synthOf(env(["defaultPermissions:", "  - { api: orders, subjectType: user, scopes: [read:orders, write:orders] }"]));
    const { json, markdown } = diff("--base", base, "--head", head);
    expect(json.environments[0].grants).toEqual([
      expect.objectContaining({ kind: "default", audience: "https://api.acme.test/orders", subjectType: "user", change: "widened", addedScopes: ["write:orders"], removedScopes: [] }),
    ]);
    expect(markdown).toMatch(/\| default \(all third-party apps\) \| https:\/\/api\.acme\.test\/orders \| user \| widened \| \+write:orders \|/);
  });

  test("a permissive → strict switch is a replacement with TPA401", () => {
    const base = synthOf(env(["apps:", LEGACY("permissive")]));
    const head = synthOf(env(["apps:", LEGACY("strict")]));
    const { code, json, markdown } = diff("--base", base, "--head", head);
    expect(code).toBe(1);
    const [prod] = json.environments;
    expect(prod.counts).toEqual({ add: 0, change: 0, destroy: 0, replace: 1 });
    expect(prod.apps).toEqual([expect.objectContaining({ change: "replaced", modeBefore: "permissive", modeAfter: "strict", newClientId: true })]);
    expect(prod.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(["TPA401"]);
    expect(markdown).toMatch(/> \[!CAUTION\]/);
    expect(markdown).toMatch(/replaces `auth0_client\.apps_legacy_permissive` with `auth0_client\.apps_legacy_strict`: \*\*new client ID\*\*/);
    expect(markdown).toMatch(/❌ error \| TPA401 .*mode changes from permissive to strict/);
  });

  test("a destroy in a protected environment is blocked by TPA403, at synth and in the diff", () => {
    const files = (apps: string[], gates = "gates: { protectFromDestroy: true }") => ({
      "prod.yaml": [TENANT(gates), API, "defaultPermissions:", "  - { api: orders, subjectType: user, scopes: [read:orders] }", "apps:", ...apps].join("\n") + "\n",
    });
    const base = synthOf(files([PORTAL, LEGACY("strict")]));
    const headConfig = writeFiles(files([PORTAL]));
    const out = path.join(tmpDir(), "out");
    const synth = withToday(() => tpa("synth", "--config", headConfig, "--out", out, "--baseline", base));
    expect(synth.code).toBe(1);
    expect(synth.stderr).toMatch(/ERROR TPA403 destroys auth0_client\.apps_legacy_strict in a protected environment/);
    expect(fs.existsSync(path.join(out, "stacks", "prod", "cdk.tf.json"))).toBe(false);

    const head = synthOf(files([PORTAL], "gates: { protectFromDestroy: false }"));
    expect(diff("--base", base, "--head", head).json.environments[0].findings).toEqual([]);
    const protectedHead = path.join(tmpDir(), "head.out");
    // with the gate, the diff shows the destroy and the blocking finding
    fs.cpSync(head, protectedHead, { recursive: true });
    const stackFile = path.join(protectedHead, "stacks", "prod", "cdk.tf.json");
    const json = JSON.parse(fs.readFileSync(stackFile, "utf8"));
    json["//"].tpa.tenant.gates.protectFromDestroy = true;
    fs.writeFileSync(stackFile, JSON.stringify(json));
    const blocked = diff("--base", base, "--head", protectedHead);
    expect(blocked.code).toBe(1);
    expect(blocked.json.environments[0].counts.destroy).toBe(1);
    expect(blocked.markdown).toMatch(/destroys `auth0_client\.apps_legacy_strict`/);
    expect(blocked.json.environments[0].findings.map((f: { ruleId: string }) => f.ruleId)).toContain("TPA403");
  });

  test("protected environments put prevent_destroy on third-party apps and default grants; a TPA403 suppression lifts it for its target", () => {
    const files = (suppress: boolean) => ({
      "prod.yaml": [
        TENANT("gates: { protectFromDestroy: true }"),
        API,
        "defaultPermissions:",
        "  - { api: orders, subjectType: user, scopes: [read:orders] }",
        "apps:",
        PORTAL,
        LEGACY("strict"),
        ...(suppress ? ["suppressions:", "  - { rule: TPA403, target: apps/legacy, reason: retiring the legacy app (CHG-1234), expires: 2026-12-31 }"] : []),
      ].join("\n") + "\n",
    });
    const read = (out: string) => JSON.parse(fs.readFileSync(path.join(out, "stacks", "prod", "cdk.tf.json"), "utf8"));
    const protectedStack = read(synthOf(files(false)));
    expect(protectedStack.resource.auth0_client["apps_portal_strict"].lifecycle).toEqual({ prevent_destroy: true });
    expect(protectedStack.resource.auth0_client["apps_legacy_strict"].lifecycle).toEqual({ prevent_destroy: true });
    expect(protectedStack.resource.auth0_client_grant["apis_orders_default-user"].lifecycle).toEqual({ prevent_destroy: true });
    const allowed = read(synthOf(files(true)));
    expect(allowed.resource.auth0_client["apps_legacy_strict"].lifecycle).toBeUndefined();
    expect(allowed.resource.auth0_client["apps_portal_strict"].lifecycle).toEqual({ prevent_destroy: true });
  });

  test("promotion: what prod would get from staging's definitions", () => {
    const out = synthOf({
      "staging.yaml": [TENANT().replace("prod", "staging"), API, DEFAULTS, "apps:", PORTAL, LEGACY("permissive")].join("\n") + "\n",
      "prod.yaml": [TENANT("gates: { forbidPermissive: true }"), API, DEFAULTS, "apps:", PORTAL].join("\n") + "\n",
    });
    const { code, json } = diff("--base", out, "--head", out, "--compare", "prod:staging");
    expect(code).toBe(1);
    const [d] = json.environments;
    expect(d.name).toBe("prod ← staging");
    expect(d.apps).toEqual([expect.objectContaining({ name: "Legacy", change: "added", modeAfter: "permissive" })]);
    expect(d.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(["TPA404"]);
  });

  test("no change: a short, quiet comment", () => {
    const out = synthOf(env(["apps:", PORTAL, "defaultPermissions:", "  - { api: orders, subjectType: user, scopes: [read:orders] }"]));
    const { code, markdown } = diff("--base", out, "--head", out);
    expect(code).toBe(0);
    expect(markdown).toMatch(/^<!-- tpa-diff -->\n# Auth0 third-party apps: what this change does\n\nNo changes/);
  });
});

/** The example's environment folder, copied, with `edit` applied to each file's text. */
function exampleWith(edits: Record<string, (text: string) => string>): string {
  const dir = path.join(tmpDir(), "environments");
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const before = fs.readFileSync(path.join(dir, file), "utf8");
    const after = edit(before);
    if (after === before) throw new Error(`the edit of ${file} changed nothing`);
    fs.writeFileSync(path.join(dir, file), after);
  }
  return dir;
}

/** Runs the built `tpa` with its temporary folder (os.tmpdir()) in a fresh folder; returns what it left there. */
function spawnLeavingTmp(...args: string[]) {
  const scratch = tmpDir();
  const result = spawn("node", [path.join(ROOT, "bin", "tpa.js"), ...args], { TMPDIR: scratch, TPA_TODAY: "2026-12-01" });
  return { ...result, left: fs.readdirSync(scratch) };
}

describe("tpa diff on two configurations (synthesized in memory)", () => {
  // A change the policy blocks: prod's fulfilment app switches to permissive (a replacement in a protected
  // environment, and a gate forbids permissive there), and staging drops its legacy app (a destroy).
  const FULFILMENT_PERMISSIVE = [
    "  - id: fulfilment-sync",
    "    mode: permissive",
    "    justification: partner back office needs it for now",
    "    reviewBy: 2027-03-31",
    "",
  ].join("\n");
  const blockedHead = () =>
    exampleWith({
      "prod.yaml": (t) => t.replace("apps:\n", `apps:\n${FULFILMENT_PERMISSIVE}`),
      "staging.yaml": (t) => t.slice(0, t.indexOf("  - id: legacy-reporting")),
    });

  test("a blocked change gets the full report, exit 1, and nothing is written", () => {
    const head = blockedHead();
    const before = listTree(path.dirname(head));
    const cwd = listTree(process.cwd());
    const spawned = spawnLeavingTmp("diff", "--base-config", EXAMPLE, "--head-config", head, "--format", "json");
    expect(spawned).toMatchObject({ code: 1, stderr: "", left: [] });
    expect(listTree(path.dirname(head))).toEqual(before);
    expect(listTree(process.cwd())).toEqual(cwd);
    const result = diff("--base-config", EXAMPLE, "--head-config", head);
    expect(result.json).toEqual(JSON.parse(spawned.stdout));

    const byName = Object.fromEntries(result.json.environments.map((e: { name: string }) => [e.name, e]));
    expect(Object.keys(byName)).toEqual(["dev", "prod", "staging"]);
    expect(byName.dev.resources).toEqual([]);
    expect(byName.dev.findings.filter((f: { suppressed: boolean }) => !f.suppressed)).toEqual([]);

    const prod = byName.prod;
    expect(prod.counts).toEqual({ add: 0, change: 0, destroy: 0, replace: 3 });
    expect(prod.apps).toEqual([
      expect.objectContaining({ target: "apps/fulfilment-sync", change: "replaced", modeBefore: "strict", modeAfter: "permissive", newClientId: true }),
    ]);
    const rules = (env: { findings: { ruleId: string; suppressed: boolean; severity: string }[] }) =>
      [...new Set(env.findings.filter((f) => !f.suppressed && f.severity === "error").map((f) => f.ruleId))].sort();
    expect(rules(prod)).toEqual(["TPA401", "TPA403", "TPA404"]);

    const staging = byName.staging;
    expect(staging.counts).toEqual({ add: 0, change: 0, destroy: 3, replace: 0 });
    expect(staging.apps).toEqual([expect.objectContaining({ target: "apps/legacy-reporting", change: "removed", modeBefore: "permissive" })]);
    expect(rules(staging)).toEqual(["TPA403"]);

    const md = result.markdown;
    expect(md).toMatch(/## `prod`: 0 to add, 0 to change, 0 to destroy, 3 to replace/);
    expect(md).toMatch(
      /replaces `auth0_client\.apps_fulfilment-sync_strict` with `auth0_client\.apps_fulfilment-sync_permissive`: \*\*new client ID\*\*/,
    );
    expect(md).toMatch(/## `staging`: 0 to add, 0 to change, 3 to destroy, 0 to replace/);
    expect(md).toMatch(/destroys `auth0_client\.apps_legacy-reporting_permissive`/);
    expect(md).toMatch(/❌ error \| TPA404 /);
    expect(md).toMatch(/❌ error \| TPA403 .*destroys auth0_client\.apps_legacy-reporting_permissive in a protected environment/);
  });

  test("the same head is blocked at synth against the same baseline: no plannable stack is written", () => {
    const out = path.join(tmpDir(), "cdktf.out");
    const synth = withToday(() => tpa("synth", "--config", blockedHead(), "--out", out, "--baseline-config", EXAMPLE));
    expect(synth.code).toBe(1);
    expect(synth.stderr).toMatch(/ERROR TPA401/);
    expect(synth.stderr).toMatch(/ERROR TPA403 destroys auth0_client\.apps_legacy-reporting_permissive in a protected environment/);
    expect(listTree(out)).toEqual(["policy-report.json", "policy-report.sarif"]);
  });

  test("a configuration and a synth folder give the same report as two synth folders", () => {
    const head = blockedHead();
    const baseOut = synthOf(Object.fromEntries(fs.readdirSync(EXAMPLE).map((f) => [f, fs.readFileSync(path.join(EXAMPLE, f), "utf8")])));
    const fromConfigs = diff("--base-config", EXAMPLE, "--head-config", head);
    const mixed = diff("--base", baseOut, "--head-config", head);
    expect(mixed.json).toEqual(fromConfigs.json);
    expect(diff("--base-config", EXAMPLE, "--head-config", EXAMPLE).markdown).toMatch(/No changes/);
  });

  test("bad input: exit 2 naming the file and line, or the usage", () => {
    const typo = exampleWith({ "prod.yaml": (t) => t.replace("forbidPermissive: true", "forbidPermisive: true") });
    const bad = diff("--base-config", EXAMPLE, "--head-config", typo);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/prod\.yaml:13:3: gates\.forbidPermisive: unknown key/);
    const usage = (...args: string[]) => withToday(() => tpa("diff", ...args));
    expect(usage("--base", tmpDir(), "--base-config", EXAMPLE, "--head-config", EXAMPLE)).toMatchObject({ code: 2, stderr: expect.stringMatching(/not both/) });
    expect(usage("--base-config", EXAMPLE)).toMatchObject({ code: 2, stderr: expect.stringMatching(/give the head: --head-config DIR/) });
    expect(usage("--plan", "x.json", "--environment", "prod", "--head-config", EXAMPLE).code).toBe(2);
    expect(usage("--base-config", path.join(tmpDir(), "missing"), "--head-config", EXAMPLE).code).toBe(2);
  });
});

describe("tpa diff on a plan", () => {
  const plan = path.join(__dirname, "fixtures", "plan", "mode-switch.plan.json");

  test("reads Terraform's plan JSON: replacements, an in-place mode change, widened grants, DCR", () => {
    const { code, json, markdown } = diff("--plan", plan, "--environment", "prod", "--synth", tmpDir());
    expect(code).toBe(1);
    const [prod] = json.environments;
    expect(prod.counts).toEqual({ add: 0, change: 3, destroy: 0, replace: 1 });
    expect(prod.apps.map((a: { name: string; change: string }) => [a.name, a.change])).toEqual([
      ["Legacy Reporting", "replaced"],
      ["Hand written", "changed"],
    ]);
    expect(prod.grants[0]).toMatchObject({ kind: "default", change: "widened", addedScopes: ["write:orders"] });
    expect(prod.dcr).toEqual([{ subject: "auth0_tenant.dcr", setting: "dynamic_client_registration_security_mode", before: "permissive", after: "strict" }]);
    const tpa401 = prod.findings.filter((f: { ruleId: string }) => f.ruleId === "TPA401").map((f: { message: string }) => f.message);
    expect(tpa401).toEqual([
      expect.stringMatching(/^mode changes from permissive to strict: auth0_client\.apps_legacy-reporting_permissive is replaced/),
      expect.stringMatching(/^in-place change of third_party_security_mode from permissive to strict: Auth0 rejects it at apply/),
    ]);
    expect(markdown).toMatch(/## `prod`: 0 to add, 3 to change, 0 to destroy, 1 to replace/);
  });

  test("ties each grant to its client through the plan's references when client IDs are unknown (issue 10 item 17)", () => {
    // every app of the example's dev plan is created: no client_id is known before apply
    const devPlan = path.join(__dirname, "fixtures", "plan", "dev.plan.json");
    const synth = path.join(tmpDir(), "cdktf.out");
    expect(withToday(() => tpa("synth", "--config", EXAMPLE, "--out", synth)).code).toBe(0);
    const { code, json } = diff("--plan", devPlan, "--environment", "dev", "--synth", synth);
    const [dev] = json.environments;
    expect(dev.findings.filter((f: { ruleId: string }) => f.ruleId === "TPA201")).toEqual([]);
    expect(code).toBe(0);
    const grants = dev.grants.filter((g: { kind: string }) => g.kind === "per-app");
    expect(grants.length).toBeGreaterThan(1);
    const appsOfGrants = new Set(grants.map((g: { app?: string }) => g.app));
    expect(appsOfGrants.size).toBe(grants.length);
  });

  test("bad input is exit 2 with the file named", () => {
    const notPlan = path.join(writeFiles({ "x.json": "{}" }), "x.json");
    expect(tpa("diff", "--plan", notPlan, "--environment", "prod").stderr).toMatch(/x\.json: not a plan in Terraform's JSON format/);
    expect(tpa("diff", "--plan", plan).code).toBe(2);
    expect(tpa("diff", "--base", tmpDir(), "--head", tmpDir()).stderr).toMatch(/no stacks\/ folder/);
  });
});

describe("example pipelines", () => {
  const dir = path.join(ROOT, ".github", "workflows");
  // The validator says on the console that it does not check `paths:` globs; that is not a finding.
  beforeAll(() => {
    const warn = console.warn;
    jest.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).includes("Glob validation is not yet supported")) warn(...args);
    });
  });
  afterAll(() => jest.restoreAllMocks());
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];

  test("exist for pull requests and for deploys", () => {
    expect(files.sort()).toEqual(["deploy.yml", "pull-request.yml"]);
  });

  test.each(files)("%s is a valid GitHub Actions workflow", (file) => {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    expect(validateWorkflow(text).errors).toEqual([]);
    expect(validateWorkflow(text.replace(/runs-on:/, "runs-onn:")).errors.length).toBeGreaterThan(0);
    const workflow = parse(text);
    const commands = Object.values(workflow.jobs as Record<string, { steps: { run?: string }[] }>)
      .flatMap((j) => j.steps.map((s) => s.run ?? ""))
      .join("\n");
    expect(commands).toMatch(/tpa synth/);
  });

  test("deploy runs the environments in order, prod last behind an approval", () => {
    const workflow = parse(fs.readFileSync(path.join(dir, "deploy.yml"), "utf8"));
    expect(workflow.jobs.staging.needs).toContain("dev");
    expect(workflow.jobs.prod.needs).toContain("staging");
    expect(workflow.jobs.prod.environment).toBeDefined();
  });
});
