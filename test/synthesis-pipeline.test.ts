/** The synthesis pipeline: constructs → each stack's Terraform JSON once → the policy on it → files, by return values. */
import * as fs from "node:fs";
import * as path from "node:path";
import { App, Aspects, TerraformStack } from "cdktf";
import { stringify } from "yaml";
import { loadEnvironments } from "../config";
import { TenantPolicy } from "../policy";
import { buildApp } from "../stacks/build-app";
import { synthesizeTenantStacks, writeSynthesizedStacks } from "../stacks/synthesize";
import { TenantStack } from "../stacks/tenant-stack";
import { listTree, tmpDir, writeFiles } from "./support/tmp";

const EXAMPLE = path.join(__dirname, "..", "environments");
const TODAY = "2026-12-01";
const IMPLICIT = stringify({
  tenant: { domain: "acme-dev.eu.auth0.com", environment: "dev" },
  apps: [{ id: "portal", name: "Portal", mode: "strict", grantTypes: ["authorization_code", "implicit"], callbacks: ["https://portal.example.com/cb"] }],
});

const readTree = (dir: string) => Object.fromEntries(listTree(dir).map((rel) => [rel, fs.readFileSync(path.join(dir, rel), "utf8")]));

describe("tpa synth's pipeline", () => {
  test("resolves each stack once, and the policy's findings come back as a value", () => {
    const { stacks } = buildApp(loadEnvironments(EXAMPLE), { outdir: tmpDir(), policy: { aspect: false, today: TODAY } });
    const resolve = jest.spyOn(TerraformStack.prototype, "toTerraform");
    try {
      const evaluated = synthesizeTenantStacks(stacks);
      expect(resolve).toHaveBeenCalledTimes(stacks.length);
      expect(evaluated.map((s) => [s.stack.environment, s.policy.stack])).toEqual(stacks.map((s) => [s.environment, s.environment]));
      for (const s of evaluated) expect(s.policy.resources).toBe(Object.values((s.terraform.resource ?? {}) as Record<string, object>).flatMap(Object.keys).length);
    } finally {
      resolve.mockRestore();
    }
  });

  test("writes the files App.synth() writes, byte for byte", () => {
    const viaCdktf = tmpDir();
    const cdktf = buildApp(loadEnvironments(EXAMPLE), { outdir: viaCdktf, policy: { annotate: false, today: TODAY } });
    cdktf.app.synth();
    const ours = tmpDir();
    const built = buildApp(loadEnvironments(EXAMPLE), { outdir: ours, policy: { aspect: false, today: TODAY } });
    writeSynthesizedStacks(built.app, synthesizeTenantStacks(built.stacks));
    expect(readTree(ours)).toEqual(readTree(viaCdktf));
  });

  test("a stack built without the aspect is not checked by app.synth(): the pipeline evaluates stack.policy", () => {
    const { app, stacks } = buildApp(loadEnvironments(writeFiles({ "dev.yaml": IMPLICIT })), { outdir: tmpDir(), policy: { aspect: false, today: TODAY } });
    expect(() => app.synth()).not.toThrow();
    const [{ policy }] = synthesizeTenantStacks(stacks);
    expect(policy.findings.filter((f) => f.severity === "error").map((f) => f.ruleId)).toContain("TPA101");
  });
});

describe("the TenantPolicy aspect for library users", () => {
  test("a TenantStack in the user's own app: cdktf's synth fails on a policy error", () => {
    const app = new App({ outdir: tmpDir(), stackTraces: false });
    const [env] = loadEnvironments(writeFiles({ "dev.yaml": IMPLICIT }));
    new TenantStack(app, env.config, { policy: { today: TODAY } });
    expect(() => app.synth()).toThrow(/TPA101/);
  });

  test("the aspect on a stack of the user's own: cdktf's synth fails on a policy error, and passes without one", () => {
    const synthWith = (grantTypes: string[]) => {
      const app = new App({ outdir: tmpDir(), stackTraces: false });
      const [env] = loadEnvironments(writeFiles({ "dev.yaml": IMPLICIT.replace("- implicit", grantTypes.map((g) => `- ${g}`).join("\n      ")) }));
      const stack = new TenantStack(app, env.config, { policy: { aspect: false } });
      Aspects.of(stack).add(new TenantPolicy({ ...stack.policy, today: TODAY }));
      return () => app.synth();
    };
    expect(synthWith(["implicit"])).toThrow(/TPA101/);
    expect(synthWith(["refresh_token"])).not.toThrow();
  });
});
