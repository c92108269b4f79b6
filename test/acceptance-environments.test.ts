// Acceptance: environment files as other teams write them (layouts, YAML features, awkward ids), through
// `tpa synth` and `tpa diff` in-process. Each case states what a user sees: the exit code, the file:line
// message with its fix, and what is (not) written.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseAppAddress } from "../policy/conventions";
import { copyStack, formatDiagnostic, initAndValidate, planFromEmptyState, setupOfflineTerraform } from "../tools/offline-terraform";
import { ROOT, tpa } from "./support/cli";
import { tmpDir, writeFiles } from "./support/tmp";
import { withToday } from "./support/today";

const TODAY = "2026-12-01";
const run = (...args: string[]) => withToday(TODAY, () => tpa(...args));

/** Synthesizes a folder into a fresh --out; returns the result and the folder's entries afterwards. */
function synth(config: string, ...args: string[]) {
  const parent = tmpDir();
  const out = path.join(parent, "cdktf.out");
  const result = run("synth", "--config", config, "--out", out, ...args);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  return { ...result, out, written: fs.readdirSync(parent) };
}

describe("app ids that are mode words", () => {
  // An app whose id is `strict` has the address apps_strict_<mode>; one whose id is `permissive`,
  // apps_permissive_<mode>. Switching the first one's mode must pair it with itself, not with the other app.
  const env = (strictAppMode: "strict" | "permissive") =>
    [
      "tenant: { domain: acme-prod.eu.auth0.com, permissiveEligible: true }",
      "apis:",
      "  - { id: strict, identifier: https://api.example.com/strict, scopes: [read:x] }",
      "apps:",
      "  - id: strict",
      `    mode: ${strictAppMode}`,
      ...(strictAppMode === "permissive" ? ["    justification: needs ID tokens until strict apps get OIDC", "    reviewBy: 2027-03-31"] : []),
      "    callbacks: [https://p.example.com/cb]",
      "    apis: [strict]",
      "    permissions: [{ api: strict, subjectType: user, scopes: [read:x] }]",
      "  - id: permissive",
      "    mode: strict",
      "    callbacks: [https://q.example.com/cb]",
      "    apis: [strict]",
      "    permissions: [{ api: strict, subjectType: user, scopes: [read:x] }]",
      "",
    ].join("\n");

  test("the address names the right app: the last mode segment an app suffix follows", () => {
    expect(parseAppAddress("auth0_client.apps_strict_permissive")).toEqual({ app: "auth0_client.apps_strict", mode: "permissive", rest: "" });
    expect(parseAppAddress("apps_permissive_strict_grant_strict_user")).toEqual({ app: "apps_permissive", mode: "strict", rest: "_grant_strict_user" });
    expect(parseAppAddress("apps_strict_strict_credentials")).toEqual({ app: "apps_strict", mode: "strict", rest: "_credentials" });
    // hand-written names keep their first mode segment
    expect(parseAppAddress("acme_strict_client")).toEqual({ app: "acme", mode: "strict", rest: "_client" });
  });

  test("tpa diff: switching app `strict` to strict replaces app `strict` (TPA401), and leaves app `permissive` alone", () => {
    const base = writeFiles({ "prod.yaml": env("permissive") });
    const head = writeFiles({ "prod.yaml": env("strict") });
    const result = run("diff", "--base-config", base, "--head-config", head, "--format", "json");
    const [prod] = JSON.parse(result.stdout).environments;
    expect(prod.apps).toEqual([
      expect.objectContaining({ target: "apps/strict", change: "replaced", modeBefore: "permissive", modeAfter: "strict", newClientId: true }),
    ]);
    expect(prod.findings.map((f: { ruleId: string; target: string }) => `${f.ruleId} ${f.target}`)).toEqual(["TPA401 apps/strict"]);
    expect(result.code).toBe(1);
  });
});

describe("YAML as GitOps repositories write it", () => {
  const TENANT = "tenant: { domain: acme-dev.eu.auth0.com }\n";

  test("merge keys (<<: *defaults) and x- keys that hold the anchors: the apps get the shared settings", () => {
    const dir = writeFiles({
      "dev.yaml": [
        TENANT.trimEnd(),
        "x-strict-app: &strict-app",
        "  mode: strict",
        "  appType: regular_web",
        "  grantTypes: [authorization_code, refresh_token]",
        "apps:",
        "  - <<: *strict-app",
        "    id: portal",
        "    callbacks: [https://p.example.com/cb]",
        "  - <<: [*strict-app]",
        "    id: partner",
        "    appType: spa",
        "    callbacks: [https://q.example.com/cb]",
        "",
      ].join("\n"),
    });
    const result = synth(dir);
    expect(result.code).toBe(0);
    const stack = JSON.parse(fs.readFileSync(path.join(result.out, "stacks", "dev", "cdk.tf.json"), "utf8"));
    const clients = stack.resource.auth0_client;
    expect(Object.keys(clients).sort()).toEqual(["apps_partner_strict", "apps_portal_strict"]);
    expect(clients.apps_portal_strict).toMatchObject({ app_type: "regular_web", grant_types: ["authorization_code", "refresh_token"], third_party_security_mode: "strict" });
    expect(clients.apps_partner_strict).toMatchObject({ app_type: "spa", grant_types: ["authorization_code", "refresh_token"] });
  });

  test("an error in a merged value points at the anchor's line, where the value is written", () => {
    const dir = writeFiles({
      "dev.yaml": [TENANT.trimEnd(), "x-defaults: &app", "  mode: strict", "  appType: web", "apps:", "  - <<: *app", "    id: portal", ""].join("\n"),
    });
    const result = synth(dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/[/\\]dev\.yaml:4:3: apps\[0\]\.appType: Invalid option/m);
    expect(result.written).toEqual([]);
  });

  test("a second YAML document (---) is named at its line, with the fix", () => {
    const dir = writeFiles({ "dev.yaml": `---\n${TENANT}---\napps: []\n` });
    const result = synth(dir);
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 2,
      stderr: expect.stringMatching(/dev\.yaml:3:1: a second YAML document starts here \(---\): an environment file is one document/),
    });
    expect(result.written).toEqual([]);
  });

  test("a byte-order mark and CRLF line ends: read, and lines still counted right", () => {
    const dir = writeFiles({ "dev.yaml": "\ufefftenant:\r\n  domain: acme-dev.eu.auth0.com\r\napps:\r\n  - id: portal\r\n    mode: strict\r\n    grantTyps: []\r\n" });
    const result = synth(dir);
    expect(result.stderr).toMatch(/[/\\]dev\.yaml:6:5: apps\[0\]\.grantTyps: unknown key "grantTyps"/m);
    fs.writeFileSync(path.join(dir, "dev.yaml"), "\ufefftenant:\r\n  domain: acme-dev.eu.auth0.com\r\napps:\r\n  - id: portal\r\n    mode: strict\r\n");
    expect(synth(dir).code).toBe(0);
  });

  test("a duplicate key is named at its line", () => {
    const dir = writeFiles({ "dev.yaml": `${TENANT}apps: []\napps: []\n` });
    expect(synth(dir).stderr).toMatch(/[/\\]dev\.yaml:3:1: malformed YAML: duplicated mapping key/m);
  });
});

describe("other layouts than environments/", () => {
  test("--config on any folder: base.yaml and overlays, each overlay its own stack, base values overridden by id", () => {
    const dir = writeFiles({
      "deploy/auth0/base.yaml": [
        "tenant: { domain: acme.eu.auth0.com }",
        "apis:",
        "  - { id: orders, identifier: https://api.acme.test/orders, scopes: [read:orders] }",
        "apps:",
        "  - { id: portal, mode: strict, callbacks: [https://p.example.com/cb], apis: [orders], permissions: [{ api: orders, subjectType: user, scopes: [read:orders] }] }",
        "",
      ].join("\n"),
      "deploy/auth0/eu-prod.yaml": "tenant: { domain: acme-eu-prod.eu.auth0.com }\napps:\n  - { id: portal, callbacks: [https://eu.p.example.com/cb] }\n",
      "deploy/auth0/us-prod.yml": "tenant: { domain: acme-us-prod.us.auth0.com, environment: us-production }\n",
    });
    const result = synth(path.join(dir, "deploy", "auth0"));
    expect(result.code).toBe(0);
    expect(fs.readdirSync(path.join(result.out, "stacks")).sort()).toEqual(["eu-prod", "us-production"]);
    const eu = JSON.parse(fs.readFileSync(path.join(result.out, "stacks", "eu-prod", "cdk.tf.json"), "utf8"));
    expect(eu.resource.auth0_client.apps_portal_strict.callbacks).toEqual(["https://eu.p.example.com/cb"]);
    expect(eu.provider.auth0[0].domain).toBe("acme-eu-prod.eu.auth0.com");
  });

  test("two files that name the same environment: exit 2 naming both, nothing written", () => {
    const dir = writeFiles({
      "a.yaml": "tenant: { domain: acme-a.eu.auth0.com, environment: prod }\n",
      "b.yaml": "tenant: { domain: acme-b.eu.auth0.com, environment: prod }\n",
    });
    const result = synth(dir);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/b\.yaml:1:\d+: tenant\.environment: environment "prod" is also declared by .*a\.yaml/) });
    expect(result.written).toEqual([]);
  });
});

describe("template sequences in what a user or tenant controls stay data", () => {
  test("a client_metadata key with ${...} or %{...}: Terraform plans the literal key (property names are templates too)", async () => {
    const dir = writeFiles({
      "dev.yaml": [
        "tenant: { domain: acme-dev.eu.auth0.com }",
        "apps:",
        "  - id: portal",
        "    mode: strict",
        "    callbacks: [https://p.example.com/cb]",
        `    clientMetadata: { '\${file("/etc/hostname")}': a, '%{ if true }k%{ endif }': b }`,
        "",
      ].join("\n"),
    });
    const result = synth(dir);
    expect(result.code).toBe(0);
    const stack = JSON.parse(fs.readFileSync(path.join(result.out, "stacks", "dev", "cdk.tf.json"), "utf8"));
    expect(stack.resource.auth0_client.apps_portal_strict.client_metadata).toEqual({ '$${file("/etc/hostname")}': "a", "%%{ if true }k%%{ endif }": "b" });
    const tf = setupOfflineTerraform();
    try {
      const work = path.join(tf.dir, "plan");
      copyStack(path.join(result.out, "stacks", "dev"), work);
      const plan = await planFromEmptyState(work, tf.env);
      expect(plan.plan?.stderr ?? plan.init.stderr).toBe("");
      const change = plan.json!.resource_changes!.find((c) => c.address === "auth0_client.apps_portal_strict")!;
      expect((change.change.after as { client_metadata: unknown }).client_metadata).toEqual({ '${file("/etc/hostname")}': "a", "%{ if true }k%{ endif }": "b" });
    } finally {
      tf.dispose();
    }
  }, 120_000);
});

describe("what collides in a tenant though the ids differ", () => {
  test("two APIs with one identifier (the audience): exit 2 at the second, nothing written", () => {
    const dir = writeFiles({
      "dev.yaml": [
        "tenant: { domain: acme-dev.eu.auth0.com }",
        "apis:",
        "  - { id: orders, identifier: https://api.example.com/orders }",
        "  - { id: orders-v2, identifier: https://api.example.com/orders }",
        "",
      ].join("\n"),
    });
    const result = synth(dir);
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 2,
      stderr: expect.stringMatching(/dev\.yaml:4:\d+: apis\[1\]\.identifier: apis\[0\] has the identifier "https:\/\/api\.example\.com\/orders" already: .* keep one API\n$/),
    });
    expect(result.written).toEqual([]);
  });
});

describe("every optional field", () => {
  test("a file with every optional field synthesizes, and terraform validate accepts the stack", async () => {
    const result = synth(path.join(ROOT, "test", "fixtures", "acceptance", "every-field"), "--format", "json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).policy.summary).toMatchObject({ errors: 0 });
    const tf = setupOfflineTerraform();
    try {
      const work = path.join(tf.dir, "production");
      copyStack(path.join(result.out, "stacks", "production"), work);
      const check = await initAndValidate(work, tf.env);
      expect({ ok: check.ok, diagnostics: (check.validate?.diagnostics ?? []).map(formatDiagnostic), init: check.initialized ? "" : check.init.stderr }).toEqual({ ok: true, diagnostics: [], init: "" });
    } finally {
      tf.dispose();
    }
  }, 120_000);
});
