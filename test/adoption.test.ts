// Adoption that changes nothing (issue 13): what the environment file can say about an existing app, which
// defaults apply to whom, and tpa import next to a base.yaml (issue 16 item 2).
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError, loadEnvironment, loadEnvironments } from "../config";
import { adoptionDiff, formatAdoptionDiff } from "../audit/adoption-diff";
import { loadResourceSchemas } from "../audit/provider-state";
import { importCommand } from "../cli/import-command";
import { PermissiveThirdPartyApp, StrictThirdPartyApp } from "../constructs";
import type { Finding } from "../policy";
import { buildApp } from "../stacks/build-app";
import { synthesizeTenantStacks } from "../stacks/synthesize";
import { runCommand } from "./support/capture";
import { resourcesOf, synthApp, TerraformJson, testStack } from "./support/synth";
import { savedSnapshot } from "./support/snapshot";
import { tmpDir, writeFiles } from "./support/tmp";

const TODAY = "2026-12-01";
const TENANT = "tenant: { domain: acme-prod.eu.auth0.com, permissiveEligible: true }\n";
const PERMISSIVE = "mode: permissive, justification: needs Classic Login until 2027, reviewBy: 2027-03-31";

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.keyPath}: ${p.message}`);
    throw e;
  }
  throw new Error("expected a ConfigError");
}

/** Loads and synthesizes a folder as `tpa synth` does; the stack and the policy's findings. */
function synthesize(files: Record<string, string>): { stack: TerraformJson; findings: Finding[] } {
  const dir = writeFiles(files);
  const { stacks } = buildApp(loadEnvironments(dir), { outdir: tmpDir("tpa-adoption-synth-"), policy: { aspect: false, today: TODAY } });
  const [{ terraform, policy }] = synthesizeTenantStacks(stacks);
  return { stack: terraform as TerraformJson, findings: [...policy.findings] };
}

describe("the environment file says everything an existing app has", () => {
  test("typed fields reach auth0_client as the provider names them", () => {
    const { stack, findings } = synthesize({
      "prod.yaml": [
        TENANT,
        "apps:",
        `  - { id: widget, name: Old Widget, ${PERMISSIVE}, importClientId: abc123,`,
        "      customLoginPageOn: true, customLoginPage: { file: pages/login.html }, crossOriginAuth: true,",
        "      crossOriginLoc: https://widget.example.com/co, sso: true, ssoDisabled: false, oidcConformant: false,",
        "      allowedLogoutUrls: [https://widget.example.com/bye], initiateLoginUri: https://widget.example.com/login,",
        "      clientAliases: [urn:widget], allowedClients: [other], jwtAlg: HS256,",
        "      refreshToken: { expirationType: non-expiring, rotationType: non-rotating },",
        "      addons: { wsfed: {} }, providerAttributes: { require_proof_of_possession: true, form_template: '<form/>' } }",
        "",
      ].join("\n"),
      "pages/login.html": "<html>Classic Login</html>\n",
    });
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(resourcesOf(stack, "auth0_client")["apps_widget_permissive"]).toMatchObject({
      custom_login_page_on: true,
      custom_login_page: "<html>Classic Login</html>\n",
      cross_origin_auth: true,
      cross_origin_loc: "https://widget.example.com/co",
      sso: true,
      sso_disabled: false,
      oidc_conformant: false,
      allowed_logout_urls: ["https://widget.example.com/bye"],
      initiate_login_uri: "https://widget.example.com/login",
      client_aliases: ["urn:widget"],
      allowed_clients: ["other"],
      jwt_configuration: { alg: "HS256" },
      refresh_token: { expiration_type: "non-expiring", rotation_type: "non-rotating" },
      addons: { wsfed: {} },
      require_proof_of_possession: true,
      form_template: "<form/>",
    });
  });

  test("a login page's ${...} and %{...} are data: written as Terraform's escapes, sent back as they were", () => {
    const { stack } = synthesize({
      "prod.yaml": `${TENANT}apps:\n  - { id: widget, ${PERMISSIVE}, customLoginPage: { file: page.html }, providerAttributes: { form_template: "\${x}" } }\n`,
      "page.html": "<script>const who = `${user}`; %{ if x }</script>\n",
    });
    expect(resourcesOf(stack, "auth0_client")["apps_widget_permissive"]).toMatchObject({
      custom_login_page: "<script>const who = `$${user}`; %%{ if x }</script>\n",
      form_template: "$${x}",
    });
  });

  test.each([
    ["an unknown attribute", "{ callback_urls: [x] }", /providerAttributes\.callback_urls: auth0_client has no attribute callback_urls/],
    ["a wrong type", "{ require_proof_of_possession: yes please }", /providerAttributes\.require_proof_of_possession: .*boolean/],
    ["an attribute with its own field", "{ custom_login_page: x }", /providerAttributes\.custom_login_page: custom_login_page has its own field: use customLoginPage/],
    ["a read-only attribute", "{ client_id: x }", /providerAttributes\.client_id: client_id is set by Auth0/],
    ["a secret", "{ signing_keys: [] }", /providerAttributes\.signing_keys: signing_keys is secret/],
    ["a nested key the block lacks", "{ oidc_logout: { backchannel_logout_urls: [x], nope: 1 } }", /providerAttributes\.oidc_logout/],
  ])("providerAttributes is checked against the pinned schema: %s", (_name, value, message) => {
    const dir = writeFiles({ "prod.yaml": `${TENANT}apps:\n  - { id: widget, ${PERMISSIVE}, providerAttributes: ${value} }\n` });
    expect(problemsOf(() => loadEnvironment(dir, "prod")).join("\n")).toMatch(message);
  });

  test("a refresh-token block of an adopted or permissive app without both types is refused where it is written", () => {
    const dir = writeFiles({ "prod.yaml": `${TENANT}apps:\n  - { id: widget, ${PERMISSIVE}, refreshToken: { expirationType: non-expiring } }\n` });
    expect(problemsOf(() => loadEnvironment(dir, "prod")).join("\n")).toMatch(/apps\[0\]\.refreshToken\.rotationType: give expirationType and rotationType/);
  });

  test("an addons block the provider does not have is refused", () => {
    const dir = writeFiles({ "prod.yaml": `${TENANT}apps:\n  - { id: widget, ${PERMISSIVE}, addons: { myspace: {} } }\n` });
    expect(problemsOf(() => loadEnvironment(dir, "prod")).join("\n")).toMatch(/apps\[0\]\.addons/);
  });

  test("a login page file that does not exist is bad input with its place, not a crash", () => {
    const dir = writeFiles({ "prod.yaml": `${TENANT}apps:\n  - { id: widget, ${PERMISSIVE}, customLoginPage: { file: missing.html } }\n` });
    const problems = problemsOf(() => buildApp(loadEnvironments(dir), { outdir: tmpDir() }));
    expect(problems.join("\n")).toMatch(/apps\[0\]\.customLoginPage\.file: cannot read missing\.html \(no such file\)/);
  });

  test("a login page file outside the environment files' folder (a path out of it, an absolute one, a link out) is refused unread", () => {
    const outside = path.join(tmpDir(), "secret.html");
    fs.writeFileSync(outside, "AWS_SECRET=not-for-terraform");
    for (const [page, extra] of [
      ["../secret.html", {}],
      [outside, {}],
      ["link.html", { link: outside }],
    ] as const) {
      const dir = writeFiles({ "prod.yaml": `${TENANT}apps:\n  - { id: widget, ${PERMISSIVE}, customLoginPage: { file: "${page}" } }\n` });
      if ("link" in extra) fs.symlinkSync(extra.link, path.join(dir, "link.html"));
      if (page === "../secret.html") fs.copyFileSync(outside, path.join(path.dirname(dir), "secret.html"));
      const problems = problemsOf(() => buildApp(loadEnvironments(dir), { outdir: tmpDir() })).join("\n");
      expect(problems).toMatch(/apps\[0\]\.customLoginPage\.file: .* is outside the folder of the environment files/);
      expect(problems).not.toContain("not-for-terraform");
    }
  });

  test.each([
    ["sso as a field", "sso: true", "TPA106", "sso"],
    ["sso through providerAttributes", "providerAttributes: { require_pushed_authorization_requests: true }", "TPA106", "require_pushed_authorization_requests"],
    ["logout URLs", "allowedLogoutUrls: [https://p.example.com/bye]", "TPA106", "allowed_logout_urls"],
    ["a Classic Login page", "customLoginPage: '<html/>'", "TPA104", "custom_login_page"],
    ["mobile through providerAttributes", "providerAttributes: { mobile: { ios: { team_id: T1 } } }", "TPA106", "mobile"],
  ])("strict rules reject what strict forbids wherever it is written: %s", (_name, field, rule, attribute) => {
    const { findings } = synthesize({ "prod.yaml": `${TENANT}apps:\n  - { id: portal, mode: strict, importClientId: tpc_x, ${field} }\n` });
    expect(findings.filter((f) => f.severity === "error").map((f) => [f.ruleId, f.attribute])).toContainEqual([rule, attribute]);
  });
});

describe("an adopted client that predates third_party_security_mode keeps none (keepModeUnset)", () => {
  test("no mode is written, no TPA111, and the policy checks the client in its declared mode", () => {
    const { stack, findings } = synthesize({
      "prod.yaml": `${TENANT}apps:\n  - { id: widget, ${PERMISSIVE}, importClientId: abc123, keepModeUnset: true, sso: true }\n`,
    });
    const client = resourcesOf(stack, "auth0_client")["apps_widget_permissive"] as Record<string, unknown>;
    expect(client).not.toHaveProperty("third_party_security_mode");
    expect(findings.map((f) => f.ruleId)).not.toContain("TPA111");
    // judged permissive, as declared: sso is a strict-only refusal (TPA106), not raised here
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  test("declared strict, it is checked as strict", () => {
    const { findings } = synthesize({ "prod.yaml": `${TENANT}apps:\n  - { id: portal, mode: strict, importClientId: tpc_x, keepModeUnset: true, sso: true }\n` });
    expect(findings.filter((f) => f.severity === "error").map((f) => [f.ruleId, f.attribute])).toContainEqual(["TPA106", "sso"]);
  });

  test("on a new app it is refused where it is written", () => {
    const dir = writeFiles({ "prod.yaml": `${TENANT}apps:\n  - { id: widget, ${PERMISSIVE}, keepModeUnset: true }\n` });
    expect(problemsOf(() => loadEnvironment(dir, "prod")).join("\n")).toMatch(/apps\[0\]\.keepModeUnset: keepModeUnset is for an adopted app \(importClientId\)/);
    expect(() => {
      const { stack } = testStack();
      new PermissiveThirdPartyApp(stack, "w", { name: "W", justification: "needs Classic Login until 2027", reviewBy: "2027-03-31", keepModeUnset: true });
    }).toThrow(/keepModeUnset is for an adopted client \(importClientId\)/);
  });
});

describe("defaults belong to new strict apps", () => {
  const synthClient = (make: (stack: ReturnType<typeof testStack>["stack"]) => unknown, name: string) => {
    const { stack, synth } = testStack();
    make(stack);
    return resourcesOf(synth(), "auth0_client")[name];
  };

  test("a new strict app gets the strict-safe defaults", () => {
    const client = synthClient((s) => new StrictThirdPartyApp(s, "portal", { name: "Portal", appType: "spa" }), "portal_strict");
    expect(client).toMatchObject({
      oidc_conformant: true,
      redirection_policy: "open_redirect_protection",
      jwt_configuration: { alg: "RS256" },
      refresh_token: { expiration_type: "expiring", rotation_type: "rotating" },
      grant_types: ["authorization_code", "refresh_token"],
    });
  });

  test("an adopted strict app gets exactly its props: no default is written", () => {
    const client = synthClient((s) => new StrictThirdPartyApp(s, "portal", { name: "Portal", importClientId: "tpc_abc" }), "portal_strict");
    const { "//": _meta, ...attributes } = client;
    expect(attributes).toEqual({ name: "Portal", is_first_party: false, third_party_security_mode: "strict" });
  });

  test("a permissive app never gets its tokens tightened: no refresh-token, algorithm or redirection default", () => {
    for (const importClientId of [undefined, "abc"]) {
      const client = synthClient(
        (s) => new PermissiveThirdPartyApp(s, "legacy", { name: "Legacy", justification: "needs ID tokens for now", reviewBy: "2027-03-31", importClientId }),
        "legacy_permissive",
      );
      expect(client.refresh_token).toBeUndefined();
      expect(client.jwt_configuration).toBeUndefined();
      expect(client.redirection_policy).toBeUndefined();
    }
  });

  test("an adopted permissive app keeps its metadata as it is unless asked to record the reason", () => {
    const props = { name: "Legacy", justification: "needs ID tokens for now", reviewBy: "2027-03-31", importClientId: "abc", clientMetadata: { team: "b2b" } };
    const adopted = synthClient((s) => new PermissiveThirdPartyApp(s, "legacy", props), "legacy_permissive");
    expect(adopted.client_metadata).toEqual({ team: "b2b" });
    const recorded = synthClient((s) => new PermissiveThirdPartyApp(s, "legacy", { ...props, recordReasonInMetadata: true }), "legacy_permissive");
    expect(recorded.client_metadata).toEqual({ team: "b2b", tpa_justification: "needs ID tokens for now", tpa_review_by: "2027-03-31" });
  });

  test("a refresh-token block outside new strict apps needs both types (Terraform requires them; no default guesses them)", () => {
    const { stack } = testStack();
    expect(
      () =>
        new PermissiveThirdPartyApp(stack, "legacy", {
          name: "Legacy",
          justification: "needs ID tokens for now",
          reviewBy: "2027-03-31",
          refreshToken: { tokenLifetime: 3600 },
        }),
    ).toThrow(/refreshToken needs expirationType and rotationType here/);
  });
});

describe("tpa import next to a base.yaml, and of the tenant itself", () => {
  const snapshotFile = () => {
    const client = { client_id: "abc123", name: "Old Widget", is_first_party: false, third_party_security_mode: "permissive", app_type: "spa" } as const;
    return savedSnapshot(tmpDir(), [client], { domain: "acme-prod.eu.auth0.com", tenantSettings: { flags: { enable_dynamic_client_registration: false } }, prompts: null });
  };
  const importInto = (out: string) =>
    runCommand(importCommand, ["--from", snapshotFile(), "--environment", "prod", "--out", out], { env: { TPA_TODAY: TODAY } });

  test.each([
    ["declares an organization", "organizations:\n  - { id: partners, name: partners }\n", /  - creates auth0_organization\.\S+\n/],
    ["changes an imported app", "apps:\n  - { id: old-widget, callbacks: [https://base.example/cb] }\n", /  - changes auth0_client\.apps_old-widget_permissive\n/],
    ["makes the first synth fail", "gates: { forbidPermissive: true }\n", /  - fails the policy: TPA404 apps\/old-widget: permissive app/],
  ])("a base.yaml that %s is refused: exit 2, nothing written, and where to write instead", async (_name, base, problem) => {
    const out = writeFiles({ "base.yaml": base });
    const result = await importInto(out);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/base\.yaml is merged into every environment of .*; merged into prod, the first plan:\n/);
    expect(result.stderr).toMatch(problem);
    expect(result.stderr).toMatch(/Write the import to a folder of its own \(--out environments-prod\)/);
    expect(fs.readdirSync(out)).toEqual(["base.yaml"]);
  });

  test("a base.yaml the merged file does not load with is refused too", async () => {
    const out = writeFiles({ "base.yaml": "gates: { forbidPermissive: maybe }\n" });
    const result = await importInto(out);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/merged over .*base\.yaml, prod does not load:\n/);
    expect(result.stderr).toContain(`${path.join(out, "base.yaml")}:1:`);
    expect(fs.readdirSync(out)).toEqual(["base.yaml"]);
  });

  test("a base.yaml with shared settings only: written, and the summary says what merges into it", async () => {
    const out = writeFiles({ "base.yaml": "gates: { protectFromDestroy: true }\n" });
    const result = await importInto(out);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Wrote .*prod\.yaml \(tpa synth merges .*base\.yaml into it\)/);
    expect(loadEnvironment(out, "prod").config.gates.protectFromDestroy).toBe(true);
  });

  test("the tenant's own policy errors are written, and said: tpa synth will stop on them", async () => {
    const file = path.join(tmpDir(), "snapshot.json");
    const strict = { client_id: "tpc_aBcDeFgHiJkLmNoPqRsTuV", name: "Portal", is_first_party: false, third_party_security_mode: "strict", app_type: "regular_web", custom_login_page: "<html/>" };
    const doc = { kind: "tpa-tenant-snapshot", version: 1, source: { type: "management-api" }, domain: "acme-prod.eu.auth0.com", tenantSettings: null, prompts: null, clients: [strict], clientGrants: [], resourceServers: [], rules: [], hooks: [], organizations: [] };
    fs.writeFileSync(file, JSON.stringify(doc));
    const out = tmpDir();
    const result = await runCommand(importCommand, ["--from", file, "--environment", "prod", "--out", out], { env: { TPA_TODAY: TODAY } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: tpa synth will stop on 1 policy error\(s\) until they are fixed or suppressed:\n  TPA104 apps\/portal: uses a custom \(Classic\) login page/);
    expect(loadEnvironment(out, "prod").config.apps[0].customLoginPage).toBe("<html/>");
  });

  test("the tenant is adopted: auth0_tenant gets an import block, so it is not shown as created", async () => {
    const out = tmpDir();
    expect((await importInto(out)).code).toBe(0);
    const env = loadEnvironment(out, "prod");
    expect(env.config.tenant.adopt).toBe(true);
    const withDcr = { ...env.config, dcr: { enabled: false, securityMode: "strict" as const } };
    const { app } = buildApp([{ ...env, config: withDcr }], { outdir: tmpDir() });
    const stack = Object.values(synthApp(app))[0];
    const tenantImports = (stack.import ?? []).filter((i) => i.to.startsWith("auth0_tenant."));
    expect(tenantImports).toEqual([{ to: expect.any(String), id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) }]);
    // and the login experience, once the file manages it
    const withPrompt = { ...env.config, tenant: { ...env.config.tenant, universalLogin: "new" as const } };
    const prompt = Object.values(synthApp(buildApp([{ ...env, config: withPrompt }], { outdir: tmpDir() }).app))[0];
    expect((prompt.import ?? []).filter((i) => i.to.startsWith("auth0_prompt."))).toEqual([{ to: "auth0_prompt.universal-login", id: expect.any(String) }]);
  });

  test("without adopt the tenant's settings are declared as new: no import block", () => {
    const dir = writeFiles({ "prod.yaml": `${TENANT}dcr: { enabled: false, securityMode: strict }\n` });
    const stack = Object.values(synthApp(buildApp(loadEnvironments(dir), { outdir: tmpDir() }).app))[0];
    expect(stack.import ?? []).toEqual([]);
  });
});

describe("the adoption diff", () => {
  const emptyTenant = { tenantSettings: null, prompts: null, clients: [], clientGrants: [], resourceServers: [] };
  const stackOf = (yaml: string) => buildApp(loadEnvironments(writeFiles({ "prod.yaml": `${TENANT}${yaml}` })), { outdir: tmpDir() }).stacks[0];

  test("one table per app, a row per changed attribute, from the synthesized attributes against the tenant's", () => {
    const stack = stackOf(`apps:\n  - { id: widget, ${PERMISSIVE}, importClientId: abc, appType: spa, tokenEndpointAuthMethod: none }\n`);
    const tenant = { ...emptyTenant, clients: [{ client_id: "abc", name: "widget", app_type: "spa", is_first_party: false, third_party_security_mode: "permissive", sso: true, token_endpoint_auth_method: "none" }] };
    const text = formatAdoptionDiff(adoptionDiff(stack, tenant, loadResourceSchemas()));
    expect(text).toBe(
      [
        "The first plan imports 2 object(s) and changes 1 of them.",
        "",
        "apps/widget",
        "| resource | attribute | tenant | after apply |",
        "|---|---|---|---|",
        "| auth0_client.apps_widget_permissive | sso | true | (unset) |",
      ].join("\n"),
    );
  });

  test("an import ID the source does not have is named, not taken as no change", () => {
    const stack = stackOf(`apps:\n  - { id: widget, ${PERMISSIVE}, importClientId: gone }\n`);
    expect(formatAdoptionDiff(adoptionDiff(stack, emptyTenant, loadResourceSchemas()))).toMatch(
      /changes 1 of them[\s\S]*\| auth0_client\.apps_widget_permissive \| \(not in the source: import gone fails or finds another object\)/,
    );
  });
});

test("a base.yaml that changes an app the import itself must change is refused as well", async () => {
  const file = path.join(tmpDir(), "snapshot.json");
  // refresh_token.policies has no place in the file: the first plan unsets it whatever the base says
  const client = {
    client_id: "abc123",
    name: "Old Widget",
    is_first_party: false,
    third_party_security_mode: "permissive",
    app_type: "spa",
    refresh_token: { expiration_type: "expiring", rotation_type: "rotating", policies: [{ audience: "https://x", scope: ["a"] }] },
  };
  const snapshot = { kind: "tpa-tenant-snapshot", version: 1, source: { type: "management-api" }, domain: "acme-prod.eu.auth0.com", tenantSettings: null, prompts: null, clients: [client], clientGrants: [], resourceServers: [], rules: [], hooks: [], organizations: [] };
  fs.writeFileSync(file, JSON.stringify(snapshot));
  const alone = await runCommand(importCommand, ["--from", file, "--environment", "prod", "--out", tmpDir()], { env: { TPA_TODAY: TODAY } });
  expect(alone.stdout).toMatch(/changes 1 of them/);
  const out = writeFiles({ "base.yaml": "apps:\n  - { id: old-widget, logoUri: https://evil.example/logo.png }\n" });
  const result = await runCommand(importCommand, ["--from", file, "--environment", "prod", "--out", out], { env: { TPA_TODAY: TODAY } });
  expect([result.code, result.stderr]).toEqual([2, expect.stringMatching(/  - changes auth0_client\.apps_old-widget_permissive\n/)]);
  expect(fs.readdirSync(out)).toEqual(["base.yaml"]);
});

test("a SAML addon's settings, camelCase in the Management API, are adopted under the provider's names", async () => {
  const file = path.join(tmpDir(), "snapshot.json");
  const samlp = { audience: "urn:partner", signatureAlgorithm: "rsa-sha256", digestAlgorithm: "sha256", nameIdentifierFormat: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", signResponse: true };
  const client = { client_id: "abc123", name: "Saml Partner", is_first_party: false, third_party_security_mode: "permissive", app_type: "regular_web", addons: { samlp } };
  const snapshot = { kind: "tpa-tenant-snapshot", version: 1, source: { type: "management-api" }, domain: "acme-prod.eu.auth0.com", tenantSettings: null, prompts: null, clients: [client], clientGrants: [], resourceServers: [], rules: [], hooks: [], organizations: [] };
  fs.writeFileSync(file, JSON.stringify(snapshot));
  const out = tmpDir();
  const result = await runCommand(importCommand, ["--from", file, "--environment", "prod", "--out", out], { env: { TPA_TODAY: TODAY } });
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/changes 0 of them/);
  const written = fs.readFileSync(path.join(out, "prod.yaml"), "utf8");
  for (const line of ["signature_algorithm: rsa-sha256", "digest_algorithm: sha256", "sign_response: true", "name_identifier_format: urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"]) {
    expect(written).toContain(line);
  }
});
