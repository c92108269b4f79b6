import * as path from "node:path";
import { ConfigError, loadEnvironment, loadEnvironments } from "../config";
import { writeFiles } from "./support/tmp";

const MINIMAL = "tenant:\n  domain: acme-dev.eu.auth0.com\n";

function problemsOf(fn: () => unknown): ConfigError["problems"] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("environment files", () => {
  test("a minimal file gets the documented defaults", () => {
    const dir = writeFiles({ "dev.yaml": MINIMAL });
    const env = loadEnvironment(dir, "dev");
    expect(env.name).toBe("dev");
    expect(env.config.tenant).toEqual({
      domain: "acme-dev.eu.auth0.com",
      environment: "dev",
      permissiveEligible: false,
      profile: "strict-2026-05",
    });
    expect(env.config.gates).toEqual({ forbidPermissive: false, requireStrictDcr: false, protectFromDestroy: false });
    expect(env.config.apps).toEqual([]);
  });

  test("tenant.environment overrides the file name", () => {
    const dir = writeFiles({ "dev.yaml": `${MINIMAL}  environment: development\n` });
    expect(loadEnvironment(dir, "dev").name).toBe("development");
  });

  test("environment files merge over base.yaml: records by id, grants by api and subject type, scalars override", () => {
    const dir = writeFiles({
      "base.yaml": [
        "gates: { requireStrictDcr: true }",
        "apis:",
        "  - { id: orders, identifier: https://api/orders, scopes: [read:orders, write:orders] }",
        "defaultPermissions:",
        "  - { api: orders, subjectType: user, scopes: [read:orders] }",
        "apps:",
        "  - id: portal",
        "    mode: strict",
        "    callbacks: [https://base/cb]",
        "    grantTypes: [authorization_code, refresh_token]",
        "    permissions:",
        "      - { api: orders, subjectType: user, scopes: [read:orders] }",
        "  - { id: other, mode: strict }",
      ].join("\n"),
      "prod.yaml": [
        MINIMAL,
        "gates: { forbidPermissive: true }",
        "defaultPermissions:",
        "  - { api: orders, subjectType: user, scopes: [read:orders, write:orders] }",
        "  - { api: orders, subjectType: client, scopes: [read:orders] }",
        "apps:",
        "  - id: portal",
        "    callbacks: [https://prod/cb]",
        "  - { id: extra, mode: strict, name: Extra }",
      ].join("\n"),
    });
    const env = loadEnvironment(dir, "prod");
    expect(env.config.gates).toEqual({ forbidPermissive: true, requireStrictDcr: true, protectFromDestroy: false });
    expect(env.config.apps.map((a) => a.id)).toEqual(["portal", "other", "extra"]);
    const portal = env.config.apps[0];
    expect(portal.callbacks).toEqual(["https://prod/cb"]);
    expect(portal.grantTypes).toEqual(["authorization_code", "refresh_token"]);
    expect(portal.permissions).toEqual([{ api: "orders", subjectType: "user", scopes: ["read:orders"] }]);
    expect(env.config.defaultPermissions).toEqual([
      { api: "orders", subjectType: "user", scopes: ["read:orders", "write:orders"] },
      { api: "orders", subjectType: "client", scopes: ["read:orders"] },
    ]);
    // provenance: what came from base points into base.yaml, what was overridden into prod.yaml
    expect(env.locate(["apps", 0, "grantTypes"])).toMatchObject({ file: expect.stringMatching(/base\.yaml$/), line: 10 });
    expect(env.locate(["apps", 0, "callbacks"])).toMatchObject({ file: expect.stringMatching(/prod\.yaml$/), line: 10 });
    expect(env.locate(["apps", 2])).toMatchObject({ file: expect.stringMatching(/prod\.yaml$/), line: 11 });
  });

  test("loadEnvironments reads every environment file but base.yaml, sorted", () => {
    const dir = writeFiles({ "base.yaml": "", "prod.yaml": MINIMAL, "dev.yaml": MINIMAL, "notes.txt": "x" });
    expect(loadEnvironments(dir).map((e) => e.name)).toEqual(["dev", "prod"]);
  });

  test("the embedded example loads", () => {
    const envs = loadEnvironments(path.join(__dirname, "..", "environments"));
    expect(envs.map((e) => e.name)).toEqual(["dev", "prod", "staging"]);
    expect(envs.find((e) => e.name === "prod")!.config.apps.some((a) => a.mode === "permissive")).toBe(false);
    expect(envs.find((e) => e.name === "dev")!.config.apps.some((a) => a.mode === "permissive")).toBe(true);
  });
});

describe("bad environment files name the file, the line and the key", () => {
  test("malformed YAML", () => {
    const dir = writeFiles({ "dev.yaml": "tenant:\n  domain: x.auth0.com\napps: [\n  - id: a\n" });
    const [p] = problemsOf(() => loadEnvironment(dir, "dev"));
    expect(p.location.file).toMatch(/dev\.yaml$/);
    expect(p.location.line).toBeGreaterThanOrEqual(3);
    expect(p.message).toMatch(/^malformed YAML/);
  });

  test("an unknown key, with its line", () => {
    const dir = writeFiles({ "dev.yaml": `${MINIMAL}apps:\n  - id: a\n    mode: strict\n    grantTyps: [implicit]\n` });
    const problems = problemsOf(() => loadEnvironment(dir, "dev"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ keyPath: "apps[0].grantTyps", location: { line: 6, column: 5 } });
    expect(problems[0].message).toMatch(/unknown key "grantTyps"/);
  });

  test("a wrong type", () => {
    const dir = writeFiles({ "dev.yaml": `${MINIMAL}  permissiveEligible: "yes"\n` });
    const [p] = problemsOf(() => loadEnvironment(dir, "dev"));
    expect(p).toMatchObject({ keyPath: "tenant.permissiveEligible", location: { line: 3 } });
    expect(p.message).toMatch(/expected boolean/);
  });

  test("a missing domain points at tenant:", () => {
    const dir = writeFiles({ "dev.yaml": "# comment\ntenant:\n  permissiveEligible: true\n" });
    const [p] = problemsOf(() => loadEnvironment(dir, "dev"));
    expect(p).toMatchObject({ keyPath: "tenant.domain", location: { line: 2 } });
    expect(p.message).toMatch(/required/);
  });

  test("an app without an explicit mode", () => {
    const dir = writeFiles({ "dev.yaml": `${MINIMAL}apps:\n  - id: a\n` });
    const [p] = problemsOf(() => loadEnvironment(dir, "dev"));
    expect(p.keyPath).toBe("apps[0].mode");
    expect(p.message).toMatch(/strict or permissive/);
  });

  test("a permissive app without justification and review date", () => {
    const dir = writeFiles({ "dev.yaml": `${MINIMAL}apps:\n  - id: a\n    mode: permissive\n` });
    const [p] = problemsOf(() => loadEnvironment(dir, "dev"));
    expect(p.keyPath).toBe("apps[0].justification");
    expect(p.location.line).toBe(4);
  });

  test("references to undeclared APIs and organizations, and duplicate ids", () => {
    const dir = writeFiles({
      "dev.yaml": `${MINIMAL}apps:\n  - { id: a, mode: strict, apis: [nope], organizations: [org] }\n  - { id: a, mode: strict }\n`,
    });
    const problems = problemsOf(() => loadEnvironment(dir, "dev"));
    expect(problems.map((p) => p.keyPath).sort()).toEqual(["apps[0].apis[0]", "apps[0].organizations[0]", "apps[1].id"]);
  });

  test("an error in base.yaml is reported in base.yaml", () => {
    const dir = writeFiles({ "base.yaml": "apps:\n  - { id: a, mode: strick }\n", "dev.yaml": MINIMAL });
    const [p] = problemsOf(() => loadEnvironment(dir, "dev"));
    expect(p.location.file).toMatch(/base\.yaml$/);
    expect(p).toMatchObject({ keyPath: "apps[0].mode", location: { line: 2 } });
  });

  test("a file that is not a mapping", () => {
    const dir = writeFiles({ "dev.yaml": "- just\n- a list\n" });
    const [p] = problemsOf(() => loadEnvironment(dir, "dev"));
    expect(p.message).toMatch(/mapping/);
  });
});
