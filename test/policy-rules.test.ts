import { withToday as withTodayAt } from "./support/today";
import * as fs from "node:fs";
import * as path from "node:path";
import { App, Aspects, Fn, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { stringify } from "yaml";
import { Auth0Provider } from "../.gen/providers/auth0/provider";
import { Client, ClientConfig } from "../.gen/providers/auth0/client";
import { ClientGrant } from "../.gen/providers/auth0/client-grant";
import { Hook } from "../.gen/providers/auth0/hook";
import { Prompt } from "../.gen/providers/auth0/prompt";
import { ResourceServer } from "../.gen/providers/auth0/resource-server";
import { Rule } from "../.gen/providers/auth0/rule";
import { Tenant } from "../.gen/providers/auth0/tenant";
import { DcrSecurityPolicy, ProtectedApi, StrictThirdPartyApp, StrictThirdPartyAppProps } from "../constructs";
import { evaluateStackPolicy, Finding, PolicySuppressions, Severity, STRICT_MODE_RULES, TenantFacts, TenantPolicy } from "../policy";
import type { PolicyReport } from "../policy/report/json";
import { synthesizeStacks } from "../stacks/synthesize";
import { tpa } from "./support/cli";
import { listTree, tmpDir, writeFiles } from "./support/tmp";


const TODAY = "2026-12-01";
/** the day before Rules' and Hooks' end of life, and the day itself (policy/timeline.json) */
const BEFORE_EOL = "2026-11-17";
const EOL = "2026-11-18";
const withToday = <T>(fn: () => T): T => withTodayAt(TODAY, fn);

type Env = Record<string, unknown>;

const ORDERS = { id: "orders", identifier: "https://api.acme.test/orders", scopes: ["read:orders", "write:orders"] };
const MANAGEMENT_API = { id: "management", identifier: "https://acme-dev.eu.auth0.com/api/v2/", scopes: ["read:users"] };
const ELIGIBLE = { permissiveEligible: true };

function strictApp(extra: Env = {}): Env {
  return { id: "portal", name: "Partner Portal", mode: "strict", callbacks: ["https://portal.example.com/callback"], ...extra };
}

function permissiveApp(extra: Env = {}): Env {
  return {
    id: "legacy",
    name: "Legacy Reporting",
    mode: "permissive",
    justification: "needs ID tokens until strict apps get OIDC",
    reviewBy: "2027-03-31",
    ...extra,
  };
}

function machineApp(tokenEndpointAuthMethod: string, extra: Env = {}): Env {
  return strictApp({ appType: "non_interactive", grantTypes: ["client_credentials"], tokenEndpointAuthMethod, callbacks: undefined, ...extra });
}

function environmentFile(env: Env): string {
  const { tenant, ...rest } = env as { tenant?: Env };
  return stringify({ tenant: { domain: "acme-dev.eu.auth0.com", ...tenant }, ...rest });
}


/** Runs `tpa synth` on one environment file (dev.yaml) and reads what it wrote. */
function findingsFor(env: Env, ...extraArgs: string[]): { code: number; report: PolicyReport; stacks: string[] } {
  const dir = writeFiles({ "dev.yaml": environmentFile(env) });
  const out = path.join(tmpDir(), "cdktf.out");
  const { code, stderr } = withToday(() => tpa("synth", "--config", dir, "--out", out, ...extraArgs));
  if (code !== 0 && code !== 1) throw new Error(`tpa synth exited ${code}: ${stderr}`);
  const report = JSON.parse(fs.readFileSync(path.join(out, "policy-report.json"), "utf8")) as PolicyReport;
  const stacks = listTree(out).filter((f) => /^stacks\/[^/]+\/cdk\.tf\.json$/.test(f));
  return { code, report, stacks };
}

const openRuleIds = (findings: readonly Finding[]) => [...new Set(findings.filter((f) => !f.suppressed).map((f) => f.ruleId))].sort();

interface RuleCase {
  readonly rule: string;
  readonly severity?: Severity;
  readonly what: string;
  readonly env: Env;
  readonly args?: string[];
}

const FIRES: RuleCase[] = [
  { rule: "TPA101", severity: "error", what: "implicit under the default profile", env: { apps: [strictApp({ grantTypes: ["authorization_code", "implicit"] })] } },
  { rule: "TPA101", severity: "error", what: "password", env: { apps: [strictApp({ grantTypes: ["password"] })] } },
  {
    rule: "TPA101",
    severity: "error",
    what: "the device code grant",
    env: { apps: [strictApp({ appType: "native", grantTypes: ["urn:ietf:params:oauth:grant-type:device_code"] })] },
  },
  { rule: "TPA101", severity: "error", what: "client_credentials under --profile strict-2026-04", env: { apps: [machineApp("private_key_jwt")] }, args: ["--profile", "strict-2026-04"] },
  { rule: "TPA101", severity: "error", what: "client_credentials under tenant.profile strict-2026-04", env: { tenant: { profile: "strict-2026-04" }, apps: [machineApp("private_key_jwt")] } },
  { rule: "TPA102", severity: "error", what: "client_credentials with tokenEndpointAuthMethod none", env: { apps: [machineApp("none")] } },
  {
    rule: "TPA102",
    severity: "error",
    what: "client_credentials on a spa without an auth method (Auth0's default for spa is none)",
    env: { apps: [strictApp({ appType: "spa", grantTypes: ["authorization_code", "client_credentials"] })] },
  },
  { rule: "TPA103", severity: "error", what: "requestedScopes with openid and profile", env: { apps: [strictApp({ requestedScopes: ["openid", "profile", "offline_access"] })] } },
  { rule: "TPA104", severity: "error", what: "tenant.universalLogin classic with a strict app", env: { tenant: { universalLogin: "classic" }, apps: [strictApp()] } },
  { rule: "TPA107", severity: "error", what: "jwtAlg HS256", env: { apps: [strictApp({ jwtAlg: "HS256" })] } },
  { rule: "TPA108", severity: "error", what: "non-expiring refresh tokens", env: { apps: [strictApp({ refreshToken: { expirationType: "non-expiring" } })] } },
  { rule: "TPA108", severity: "error", what: "an infinite idle lifetime", env: { apps: [strictApp({ refreshToken: { infiniteIdleTokenLifetime: true } })] } },
  { rule: "TPA109", severity: "error", what: "a wildcard subdomain in callbacks", env: { apps: [strictApp({ callbacks: ["https://*.partner.example.com/callback"] })] } },
  { rule: "TPA109", severity: "error", what: "a wildcard in allowedOrigins", env: { apps: [strictApp({ allowedOrigins: ["https://*.partner.example.com"] })] } },
  { rule: "TPA109", severity: "error", what: "a wildcard in webOrigins", env: { apps: [strictApp({ webOrigins: ["https://*.partner.example.com"] })] } },
  { rule: "TPA110", severity: "error", what: "appType sso_integration", env: { apps: [strictApp({ appType: "sso_integration" })] } },
  { rule: "TPA112", severity: "warning", what: "redirectionPolicy allow_always on a strict app", env: { apps: [strictApp({ redirectionPolicy: "allow_always" })] } },
  {
    rule: "TPA112",
    severity: "warning",
    what: "redirectionPolicy on a permissive app, where it has no effect",
    env: { tenant: ELIGIBLE, apps: [permissiveApp({ redirectionPolicy: "open_redirect_protection" })] },
  },
  { rule: "TPA120", severity: "error", what: "a permissive app on a tenant not eligible for permissive", env: { apps: [permissiveApp()] } },
  { rule: "TPA120", severity: "error", what: "permissive DCR on a tenant not eligible for permissive", env: { dcr: { enabled: true, securityMode: "permissive" } } },
  { rule: "TPA121", severity: "error", what: "a permissive app whose reviewBy was yesterday", env: { tenant: ELIGIBLE, apps: [permissiveApp({ reviewBy: "2026-11-30" })] } },
  {
    rule: "TPA122",
    severity: "warning",
    what: "a permissive app and an API with user policy allow_all",
    env: { tenant: ELIGIBLE, apis: [{ ...ORDERS, accessPolicy: { user: "allow_all" } }], apps: [permissiveApp()] },
  },
  { rule: "TPA201", severity: "error", what: "a strict app calling an API without any grant", env: { apis: [ORDERS], apps: [strictApp({ apis: ["orders"] })] } },
  {
    rule: "TPA201",
    severity: "error",
    what: "client_credentials with only a user grant (needs a client grant)",
    env: {
      apis: [ORDERS],
      defaultPermissions: [{ api: "orders", subjectType: "user", scopes: ["read:orders"] }],
      apps: [machineApp("client_secret_post", { apis: ["orders"] })],
    },
  },
  {
    rule: "TPA202",
    severity: "error",
    what: "a per-app grant of a scope the API does not define",
    env: { apis: [ORDERS], apps: [strictApp({ apis: ["orders"], permissions: [{ api: "orders", subjectType: "user", scopes: ["delete:orders"] }] })] },
  },
  {
    rule: "TPA202",
    severity: "error",
    what: "a default grant of a scope the API does not define",
    env: { apis: [ORDERS], defaultPermissions: [{ api: "orders", subjectType: "user", scopes: ["read:orders", "admin:orders"] }] },
  },
  {
    rule: "TPA203",
    severity: "error",
    what: "default permissions on the Management API",
    env: { apis: [MANAGEMENT_API], defaultPermissions: [{ api: "management", subjectType: "client", scopes: ["read:users"] }] },
  },
  {
    rule: "TPA203",
    severity: "error",
    what: "a strict app's grant on the Management API",
    env: { apis: [MANAGEMENT_API], apps: [strictApp({ permissions: [{ api: "management", subjectType: "user", scopes: ["read:users"] }] })] },
  },
  {
    rule: "TPA207",
    severity: "warning",
    what: "a requested scope that the API the app calls does not define",
    env: { apis: [ORDERS], apps: [strictApp({ apis: ["orders"], permissions: [{ api: "orders", subjectType: "user", scopes: ["read:orders"] }], requestedScopes: ["read:invoices"] })] },
  },
  {
    rule: "TPA301",
    severity: "error",
    what: "strict DCR enabled with default permissions for clients only (DCR clients need user defaults)",
    env: { apis: [ORDERS], defaultPermissions: [{ api: "orders", subjectType: "client", scopes: ["read:orders"] }], dcr: { enabled: true, securityMode: "strict" } },
  },
  {
    rule: "TPA305",
    severity: "error",
    what: "a strict app in user flows with an organization that sets thirdPartyClientAccess block",
    env: { organizations: [{ id: "acme-partners", name: "acme-partners", thirdPartyClientAccess: "block" }], apps: [strictApp({ organizations: ["acme-partners"] })] },
  },
  { rule: "TPA301", severity: "error", what: "strict DCR enabled without default permissions", env: { apis: [ORDERS], dcr: { enabled: true, securityMode: "strict" } } },
  {
    rule: "TPA305",
    severity: "error",
    what: "a strict app with an organization that leaves thirdPartyClientAccess at block",
    env: { organizations: [{ id: "acme-partners", name: "acme-partners" }], apps: [strictApp({ organizations: ["acme-partners"] })] },
  },
  {
    rule: "TPA305",
    severity: "error",
    what: "a permissive app with an organization, even one that allows third-party clients",
    env: {
      tenant: ELIGIBLE,
      organizations: [{ id: "acme-partners", name: "acme-partners", thirdPartyClientAccess: "allow" }],
      apps: [permissiveApp({ organizations: ["acme-partners"] })],
    },
  },
];

const DOES_NOT_FIRE: RuleCase[] = [
  { rule: "TPA101", what: "authorization_code and refresh_token under --profile strict-2026-04", env: { apps: [strictApp({ grantTypes: ["authorization_code", "refresh_token"] })] }, args: ["--profile", "strict-2026-04"] },
  { rule: "TPA101", what: "client_credentials under --profile strict-2026-05", env: { apps: [machineApp("private_key_jwt")] }, args: ["--profile", "strict-2026-05"] },
  { rule: "TPA101", what: "implicit on a permissive app", env: { tenant: ELIGIBLE, apps: [permissiveApp({ grantTypes: ["authorization_code", "implicit"] })] } },
  { rule: "TPA102", what: "client_credentials with private_key_jwt", env: { apps: [machineApp("private_key_jwt")] } },
  { rule: "TPA102", what: "client_credentials on a non_interactive app without an auth method (Auth0's default is client_secret_post)", env: { apps: [machineApp("client_secret_post", { tokenEndpointAuthMethod: undefined })] } },
  { rule: "TPA102", what: "a public spa without client_credentials", env: { apps: [strictApp({ appType: "spa", tokenEndpointAuthMethod: "none" })] } },
  {
    rule: "TPA103",
    what: "API scopes and offline_access only",
    env: {
      apis: [ORDERS],
      apps: [strictApp({ apis: ["orders"], permissions: [{ api: "orders", subjectType: "user", scopes: ["read:orders"] }], requestedScopes: ["read:orders", "offline_access"] })],
    },
  },
  { rule: "TPA103", what: "openid and profile on a permissive app", env: { tenant: ELIGIBLE, apps: [permissiveApp({ requestedScopes: ["openid", "profile"] })] } },
  { rule: "TPA104", what: "tenant.universalLogin new with a strict app", env: { tenant: { universalLogin: "new" }, apps: [strictApp()] } },
  { rule: "TPA104", what: "tenant.universalLogin classic with permissive apps only", env: { tenant: { ...ELIGIBLE, universalLogin: "classic" }, apps: [permissiveApp()] } },
  { rule: "TPA107", what: "jwtAlg RS256", env: { apps: [strictApp({ jwtAlg: "RS256" })] } },
  {
    rule: "TPA108",
    what: "expiring refresh tokens with an infinite absolute but finite idle lifetime",
    env: { apps: [strictApp({ refreshToken: { expirationType: "expiring", infiniteTokenLifetime: true, idleTokenLifetime: 1296000 } })] },
  },
  {
    rule: "TPA109",
    what: "exact URLs in callbacks, allowedOrigins and webOrigins",
    env: { apps: [strictApp({ allowedOrigins: ["https://portal.example.com"], webOrigins: ["https://portal.example.com"] })] },
  },
  { rule: "TPA110", what: "appType non_interactive", env: { apps: [strictApp({ appType: "non_interactive" })] } },
  { rule: "TPA112", what: "redirectionPolicy open_redirect_protection on a strict app", env: { apps: [strictApp({ redirectionPolicy: "open_redirect_protection" })] } },
  { rule: "TPA112", what: "a permissive app without redirectionPolicy", env: { tenant: ELIGIBLE, apps: [permissiveApp()] } },
  { rule: "TPA120", what: "a permissive app on an eligible tenant", env: { tenant: ELIGIBLE, apps: [permissiveApp()] } },
  { rule: "TPA120", what: "permissive DCR mode with DCR disabled", env: { dcr: { enabled: false, securityMode: "permissive" } } },
  { rule: "TPA121", what: "a permissive app whose reviewBy is today", env: { tenant: ELIGIBLE, apps: [permissiveApp({ reviewBy: TODAY })] } },
  {
    rule: "TPA122",
    what: "a permissive app and an API with user policy require_client_grant",
    env: { tenant: ELIGIBLE, apis: [{ ...ORDERS, accessPolicy: { user: "require_client_grant" } }], apps: [permissiveApp()] },
  },
  {
    rule: "TPA122",
    what: "an API with user policy allow_all and strict apps only",
    env: { apis: [{ ...ORDERS, accessPolicy: { user: "allow_all" } }], apps: [strictApp()] },
  },
  {
    rule: "TPA201",
    what: "a strict app with a per-app user grant",
    env: { apis: [ORDERS], apps: [strictApp({ apis: ["orders"], permissions: [{ api: "orders", subjectType: "user", scopes: ["read:orders"] }] })] },
  },
  {
    rule: "TPA201",
    what: "a strict app covered by default user permissions",
    env: { apis: [ORDERS], defaultPermissions: [{ api: "orders", subjectType: "user", scopes: ["read:orders"] }], apps: [strictApp({ apis: ["orders"] })] },
  },
  {
    rule: "TPA201",
    what: "client_credentials covered by default client permissions",
    env: {
      apis: [ORDERS],
      defaultPermissions: [{ api: "orders", subjectType: "client", scopes: ["read:orders"] }],
      apps: [machineApp("client_secret_post", { apis: ["orders"] })],
    },
  },
  {
    rule: "TPA202",
    what: "grants of scopes the API defines",
    env: {
      apis: [ORDERS],
      defaultPermissions: [{ api: "orders", subjectType: "user", scopes: ["read:orders"] }],
      apps: [strictApp({ apis: ["orders"], permissions: [{ api: "orders", subjectType: "user", scopes: ["read:orders", "write:orders"] }] })],
    },
  },
  { rule: "TPA203", what: "default permissions on the tenant's own API", env: { apis: [ORDERS], defaultPermissions: [{ api: "orders", subjectType: "client", scopes: ["read:orders"] }] } },
  {
    rule: "TPA207",
    what: "requested scopes the API the app calls defines, with OIDC-free protocol scopes",
    env: { apis: [ORDERS], apps: [strictApp({ apis: ["orders"], permissions: [{ api: "orders", subjectType: "user", scopes: ["read:orders"] }], requestedScopes: ["read:orders", "offline_access"] })] },
  },
  {
    rule: "TPA305",
    what: "a strict machine-to-machine app with an organization that blocks third-party clients (not evaluated for client_credentials)",
    env: { organizations: [{ id: "acme-partners", name: "acme-partners", thirdPartyClientAccess: "block" }], apps: [machineApp("private_key_jwt", { organizations: ["acme-partners"] })] },
  },
  {
    rule: "TPA301",
    what: "strict DCR with default permissions",
    env: { apis: [ORDERS], defaultPermissions: [{ api: "orders", subjectType: "user", scopes: ["read:orders"] }], dcr: { enabled: true, securityMode: "strict" } },
  },
  { rule: "TPA301", what: "strict DCR mode with DCR disabled", env: { dcr: { enabled: false, securityMode: "strict" } } },
  {
    rule: "TPA305",
    what: "a strict app with an organization that allows third-party clients",
    env: { organizations: [{ id: "acme-partners", name: "acme-partners", thirdPartyClientAccess: "allow" }], apps: [strictApp({ organizations: ["acme-partners"] })] },
  },
];

describe("every rule through tpa synth: an environment file that triggers it", () => {
  test.each(FIRES)("$rule ($severity): $what", ({ rule, severity, env, args = [] }) => {
    const { code, report, stacks } = findingsFor(env, ...args);
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: rule, severity, stack: "dev", suppressed: false }));
    expect(openRuleIds(report.findings)).toEqual([rule]);
    if (severity === "error") {
      expect(code).toBe(1);
      expect(stacks).toEqual([]);
    } else {
      expect(code).toBe(0);
      expect(stacks).toEqual(["stacks/dev/cdk.tf.json"]);
    }
  });
});

describe("every rule through tpa synth: a closely related environment file that passes", () => {
  test.each(DOES_NOT_FIRE)("$rule does not fire: $what", ({ env, args = [] }) => {
    const { code, report, stacks } = findingsFor(env, ...args);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
    expect(stacks).toEqual(["stacks/dev/cdk.tf.json"]);
  });
});

/** Rules an environment file cannot trigger, and where they are tested instead. */
const NOT_FROM_THE_FILE: Record<string, string> = {
  TPA105: "construct code below (the file has no legacy features)",
  TPA106: "construct code below (the file has no property outside the curated set)",
  TPA111: "construct code below (the file always sets a mode)",
  TPA113: "test/policy-fidelity.test.ts (the file's apps are always third-party)",
  TPA204: "construct code below (the file's schema allows one default grant per API and subject type)",
  TPA205: "construct code below (the file's default grants name no client)",
  TPA206: "test/policy-fidelity.test.ts (the file has no allow_any_organization)",
  TPA302: "test/policy-fidelity.test.ts (the file has no CIMD setting)",
  TPA303: "construct code below (the file has no Rules)",
  TPA304: "construct code below (the file has no Hooks)",
  TPA401: "test/diff.test.ts and test/policy-fidelity.test.ts (needs a baseline)",
  TPA402: "test/policy-fidelity.test.ts (needs a baseline)",
  TPA403: "test/diff.test.ts and test/policy-fidelity.test.ts (needs a baseline)",
  TPA404: "test/diff.test.ts and test/policy-fidelity.test.ts",
};

test("the environment-file tables trigger and pass every rule of the catalogue the file can express; the others are named with where they are tested", () => {
  const catalogue = STRICT_MODE_RULES.map((r) => r.id);
  expect(Object.keys(NOT_FROM_THE_FILE).filter((id) => !catalogue.includes(id))).toEqual([]);
  const viaFile = catalogue.filter((id) => !(id in NOT_FROM_THE_FILE));
  expect([...new Set(FIRES.map((c) => c.rule))].sort()).toEqual(viaFile);
  expect([...new Set(DOES_NOT_FIRE.map((c) => c.rule))].sort()).toEqual(viaFile);
});

describe("suppressions in the environment file", () => {
  const implicitApp = strictApp({ grantTypes: ["authorization_code", "implicit"] });
  const suppression = (extra: Env = {}) => ({ rule: "TPA101", target: "apps/portal", reason: "partner migrates off implicit in Q1", expires: "2027-01-31", ...extra });

  test("a suppression with a reason silences the finding, which stays in the report, and synth passes", () => {
    const { code, report, stacks } = findingsFor({ apps: [implicitApp], suppressions: [suppression()] });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: "TPA101",
        severity: "error",
        target: "apps/portal",
        suppressed: true,
        suppression: expect.objectContaining({ reason: "partner migrates off implicit in Q1", expires: "2027-01-31" }),
      }),
    ]);
    expect(report.summary).toEqual({ errors: 0, warnings: 0, infos: 0, suppressed: 1 });
    expect(code).toBe(0);
    expect(stacks).toEqual(["stacks/dev/cdk.tf.json"]);
  });

  test("TPA001 does not fire for a suppression that expires today", () => {
    const { code, report } = findingsFor({ apps: [implicitApp], suppressions: [suppression({ expires: TODAY })] });
    expect(report.findings.map((f) => [f.ruleId, f.suppressed])).toEqual([["TPA101", true]]);
    expect(code).toBe(0);
  });

  test("TPA001 (error): an expired suppression does not silence, and fails synth by itself", () => {
    const { code, report, stacks } = findingsFor({
      apps: [strictApp({ redirectionPolicy: "allow_always" })],
      suppressions: [suppression({ rule: "TPA112", expires: "2026-11-30" })],
    });
    expect(report.findings).toEqual([
      expect.objectContaining({ ruleId: "TPA001", severity: "error", target: "apps/portal", suppressed: false }),
      expect.objectContaining({ ruleId: "TPA112", severity: "warning", suppressed: false }),
    ]);
    expect(report.findings[0].message).toMatch(/expired on 2026-11-30/);
    expect(report.findings[0].origin).toMatch(/dev\.yaml:\d+$/);
    expect(code).toBe(1);
    expect(stacks).toEqual([]);
  });

  test("TPA002 (warning): a suppression that matches no finding; synth still passes", () => {
    const { code, report, stacks } = findingsFor({ apps: [strictApp()], suppressions: [suppression()] });
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: "TPA002", severity: "warning", target: "apps/portal", suppressed: false })]);
    expect(code).toBe(0);
    expect(stacks).toEqual(["stacks/dev/cdk.tf.json"]);
  });

  test("TPA002: a target that is only a prefix of the app's id matches nothing and silences nothing", () => {
    const { code, report } = findingsFor({ apps: [implicitApp], suppressions: [suppression({ target: "apps/port" })] });
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.suppressed])).toEqual([
      ["TPA101", "error", false],
      ["TPA002", "warning", false],
    ]);
    expect(code).toBe(1);
  });

  test("a suppression silences its own rule only: a TPA112 suppression leaves TPA101 open and is reported as TPA002", () => {
    const { report } = findingsFor({ apps: [implicitApp], suppressions: [suppression({ rule: "TPA112" })] });
    expect(openRuleIds(report.findings)).toEqual(["TPA002", "TPA101"]);
  });
});

/** Synthesizes a stack built by `build` and returns the policy's findings on it. */
function policyFindings(build: (stack: TerraformStack) => void, tenant: Partial<TenantFacts> = {}, today = TODAY): Finding[] {
  const app = new App({ outdir: tmpDir("tpa-policy-"), stackTraces: false });
  const stack = new TerraformStack(app, "test");
  new Auth0Provider(stack, "auth0", { domain: "acme-test.eu.auth0.com" });
  build(stack);
  const [{ terraform }] = synthesizeStacks([stack]);
  return [...evaluateStackPolicy(stack, terraform, { tenant: { environment: "test", permissiveEligible: false, ...tenant }, today }).findings];
}

function strictClient(scope: Construct, id: string, extra: Partial<ClientConfig> = {}): Client {
  return new Client(scope, id, { name: id, isFirstParty: false, thirdPartySecurityMode: "strict", ...extra });
}

function portal(scope: Construct, props: Partial<StrictThirdPartyAppProps> = {}): StrictThirdPartyApp {
  return new StrictThirdPartyApp(scope, "portal", { name: "Partner Portal", callbacks: ["https://portal.example.com/callback"], ...props });
}

const only = (findings: Finding[], rule: string) => findings.filter((f) => f.ruleId === rule);

describe("rules the environment file cannot express, through construct code", () => {
  test.each<[string, Partial<ClientConfig>]>([
    ["a custom login page", { customLoginPage: "<html>our classic page</html>" }],
    ["a custom login page with customLoginPageOn true", { customLoginPage: "<html>our classic page</html>", customLoginPageOn: true }],
  ])("TPA104 (error): a strict client with %s", (_what, extra) => {
    const findings = policyFindings((stack) => strictClient(stack, "portal", extra));
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA104", severity: "error", path: "test/portal" })]);
  });

  test.each<[string, Partial<ClientConfig>]>([
    ["customLoginPageOn true and no page (what Auth0 returns for every strict client)", { customLoginPageOn: true }],
    ["a custom login page turned off", { customLoginPage: "<html>our classic page</html>", customLoginPageOn: false }],
  ])("TPA104 does not fire: a strict client with %s", (_what, extra) => {
    expect(policyFindings((stack) => strictClient(stack, "portal", extra))).toEqual([]);
  });

  test("TPA104 (error): an auth0_prompt with the classic experience while a strict app exists", () => {
    const findings = policyFindings((stack) => {
      new Prompt(stack, "prompt", { universalLoginExperience: "classic" });
      portal(stack);
    });
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA104", severity: "error", path: "test/prompt", attribute: "universal_login_experience" })]);
  });

  test("TPA112 (warning): redirection_policy on a first-party client, where it has no effect", () => {
    const findings = policyFindings((stack) => new Client(stack, "dashboard", { name: "Dashboard", redirectionPolicy: "open_redirect_protection" }));
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA112", severity: "warning", message: expect.stringMatching(/no effect on a first-party client/) })]);
  });

  test("TPA104 does not fire: a classic auth0_prompt with first-party clients only", () => {
    const findings = policyFindings((stack) => {
      new Prompt(stack, "prompt", { universalLoginExperience: "classic" });
      new Client(stack, "dashboard", { name: "Dashboard", appType: "regular_web" });
    });
    expect(findings).toEqual([]);
  });

  test.each<[string, Partial<ClientConfig>, string]>([
    ["oidc_conformant false", { oidcConformant: false }, "oidc_conformant"],
    ["cross-origin authentication", { crossOriginAuth: true }, "cross_origin_auth"],
    ["a SAML addon", { addons: { samlp: { audience: "urn:partner" } } }, "addons"],
    ["a WS-Fed addon", { addons: { wsfed: {} } }, "addons"],
  ])("TPA105 (error): a strict client with %s", (_what, extra, attribute) => {
    const findings = policyFindings((stack) => strictClient(stack, "portal", extra));
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA105", severity: "error", attribute })]);
  });

  test("TPA105 does not fire: a strict client that is OIDC-conformant without cross-origin auth or addons", () => {
    expect(policyFindings((stack) => strictClient(stack, "portal", { oidcConformant: true, crossOriginAuth: false }))).toEqual([]);
  });

  test("TPA105 does not fire: cross-origin authentication and a SAML addon on a first-party client", () => {
    const findings = policyFindings((stack) => {
      new Client(stack, "intranet", { name: "Intranet", crossOriginAuth: true, addons: { samlp: { audience: "urn:intranet" } } });
    });
    expect(findings).toEqual([]);
  });

  test.each<[string, Partial<ClientConfig>, string]>([
    ["sso", { sso: true }, "sso"],
    ["sso false (the API rejects the field itself)", { sso: false }, "sso"],
    ["pushed authorization requests", { requirePushedAuthorizationRequests: true }, "require_pushed_authorization_requests"],
    ["jwt_configuration.scopes", { jwtConfiguration: { alg: "RS256", scopes: { "read:orders": "orders" } } }, "jwt_configuration.scopes"],
    ["mobile", { mobile: { android: { appPackageName: "com.partner.app" } } }, "mobile"],
    ["logout URLs", { allowedLogoutUrls: ["https://portal.example.com/bye"] }, "allowed_logout_urls"],
    ["back-channel logout", { oidcLogout: { backchannelLogoutUrls: ["https://portal.example.com/bc"] } }, "oidc_logout"],
  ])("TPA106 (error): a strict client that sets %s", (_what, extra, attribute) => {
    const findings = policyFindings((stack) => strictClient(stack, "portal", extra));
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA106", severity: "error", attribute })]);
  });

  test("TPA106 does not fire: curated properties only (jwt alg and lifetime, empty logout URL list)", () => {
    const findings = policyFindings((stack) =>
      strictClient(stack, "portal", { jwtConfiguration: { alg: "RS256", lifetimeInSeconds: 3600 }, allowedLogoutUrls: [], description: "Partner portal" }),
    );
    expect(findings).toEqual([]);
  });

  test("TPA106 does not fire: an oidc_logout block without back-channel URLs, as Auth0 reports it on clients that never used it", () => {
    const findings = policyFindings((stack) => strictClient(stack, "portal", { oidcLogout: { backchannelLogoutUrls: [] } }));
    expect(findings).toEqual([]);
  });

  test("TPA106 does not fire: sso and mobile on a first-party client", () => {
    const findings = policyFindings((stack) => new Client(stack, "mobile", { name: "Mobile", sso: true, mobile: { android: { appPackageName: "com.acme" } } }));
    expect(findings).toEqual([]);
  });

  test("TPA111 (error): a third-party client without third_party_security_mode", () => {
    const findings = policyFindings((stack) => new Client(stack, "partner", { name: "Partner", isFirstParty: false }));
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: "TPA111", severity: "error", path: "test/partner", attribute: "third_party_security_mode" }),
    ]);
  });

  test.each<[string, Partial<ClientConfig>]>([
    ["a first-party client without a mode", { isFirstParty: true }],
    ["a client that leaves is_first_party at Auth0's default (first-party)", {}],
    ["a third-party client with an explicit mode", { isFirstParty: false, thirdPartySecurityMode: "strict" }],
  ])("TPA111 does not fire: %s", (_what, extra) => {
    expect(policyFindings((stack) => new Client(stack, "partner", { name: "Partner", ...extra }))).toEqual([]);
  });

  test.each<[string, Partial<ClientConfig>]>([
    ["a third-party client set Strict", { isFirstParty: false, thirdPartySecurityMode: "Strict", grantTypes: ["implicit"] }],
    ["a first-party client set PERMISSIVE", { isFirstParty: true, thirdPartySecurityMode: "PERMISSIVE" }],
    ["a third-party client set strict with a trailing space", { isFirstParty: false, thirdPartySecurityMode: "strict " }],
  ])("TPA111 (error): a mode Auth0 does not have, on %s, and no rule of either mode checks the client", (_what, extra) => {
    const findings = policyFindings((stack) => new Client(stack, "partner", { name: "Partner", redirectionPolicy: "allow_always", ...extra }), { permissiveEligible: false });
    // neither strict (TPA101 on implicit, TPA112) nor permissive (TPA120 on a tenant not eligible, TPA121): the provider refuses the plan
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: "TPA111",
        severity: "error",
        attribute: "third_party_security_mode",
        message: expect.stringMatching(/^third_party_security_mode is neither strict nor permissive .*the provider refuses the plan/),
      }),
    ]);
    expect(findings[0].message).not.toMatch(/Strict|PERMISSIVE/); // the user's text is not quoted
  });

  test("TPA111 (warning): a mode from a variable cannot be checked at synth time", () => {
    const findings = policyFindings((stack) => {
      const mode = new TerraformVariable(stack, "mode", { type: "string" });
      new Client(stack, "partner", { name: "Partner", isFirstParty: false, thirdPartySecurityMode: mode.stringValue });
    });
    expect(only(findings, "TPA111")).toEqual([expect.objectContaining({ severity: "warning", message: expect.stringMatching(/^cannot check at synth time/) })]);
  });

  test("TPA121 (error): a permissive L1 client without justification and review date", () => {
    const findings = policyFindings(
      (stack) => new Client(stack, "legacy", { name: "Legacy", isFirstParty: false, thirdPartySecurityMode: "permissive" }),
      { permissiveEligible: true },
    );
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA121", severity: "error", message: "permissive without a justification and a review date" })]);
  });

  test("TPA121 does not fire: a permissive L1 client with both in its client metadata", () => {
    const findings = policyFindings(
      (stack) =>
        new Client(stack, "legacy", {
          name: "Legacy",
          isFirstParty: false,
          thirdPartySecurityMode: "permissive",
          clientMetadata: { tpa_justification: "needs ID tokens until strict apps get OIDC", tpa_review_by: "2027-03-31" },
        }),
      { permissiveEligible: true },
    );
    expect(findings).toEqual([]);
  });

  test("TPA203 (error): an L1 grant on the Management API to a strict app", () => {
    const findings = policyFindings((stack) => {
      const app = portal(stack);
      new ClientGrant(stack, "management", { clientId: app.clientId, audience: "https://acme-test.eu.auth0.com/api/v2/", scopes: ["read:users"] });
    });
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA203", severity: "error", path: "test/management", attribute: "audience" })]);
  });

  test("TPA203 does not fire: an L1 grant on the Management API to a first-party client", () => {
    const findings = policyFindings((stack) => {
      const backOffice = new Client(stack, "back-office", { name: "Back office", appType: "non_interactive", grantTypes: ["client_credentials"] });
      new ClientGrant(stack, "management", { clientId: backOffice.clientId, audience: "https://acme-test.eu.auth0.com/api/v2/", scopes: ["read:users"] });
    });
    expect(findings).toEqual([]);
  });

  test("TPA201 does not fire: an L1 per-app grant whose audience references the API", () => {
    const findings = policyFindings((stack) => {
      const api = new ProtectedApi(stack, "orders", { identifier: "https://api.acme.test/orders", scopes: ["read:orders"] });
      const app = portal(stack, { apis: [api] });
      new ClientGrant(stack, "grant", { clientId: app.clientId, audience: api.resourceServer.identifier, subjectType: "user", scopes: ["read:orders"] });
    });
    expect(findings).toEqual([]);
  });

  function twoDefaultGrants(first: string | undefined, second: string | undefined, secondAudience?: (api: ResourceServer) => string) {
    return policyFindings((stack) => {
      const api = new ResourceServer(stack, "orders", { identifier: "https://api.acme.test/orders" });
      for (const [id, subjectType] of [["first", first], ["second", second]]) {
        const audience = id === "second" && secondAudience ? secondAudience(api) : "https://api.acme.test/orders";
        new ClientGrant(stack, id!, { defaultFor: "third_party_clients", audience, subjectType, scopes: [], dependsOn: [api] });
      }
    });
  }

  test.each<[string, string | undefined, string | undefined, ((api: ResourceServer) => string) | undefined]>([
    ["both user", "user", "user", undefined],
    ["one without subject_type (Auth0's default: client) and one client", undefined, "client", undefined],
    ["one naming the identifier, one referencing the API", "user", "user", (api) => api.identifier],
  ])("TPA204 (error): two default grants for the same audience and subject type: %s", (_what, first, second, secondAudience) => {
    expect(only(twoDefaultGrants(first, second, secondAudience), "TPA204")).toEqual([expect.objectContaining({ severity: "error", path: "test/second" })]);
  });

  test("TPA204 does not fire: one user and one client default grant for the same audience", () => {
    expect(only(twoDefaultGrants("user", "client"), "TPA204")).toEqual([]);
  });

  test("TPA205 (error): a default grant that also names a client", () => {
    const findings = policyFindings((stack) => {
      const app = portal(stack);
      new ClientGrant(stack, "default", { defaultFor: "third_party_clients", clientId: app.clientId, audience: "https://api.acme.test/orders", subjectType: "user", scopes: [] });
    });
    expect(only(findings, "TPA205")).toEqual([expect.objectContaining({ severity: "error", path: "test/default", attribute: "client_id" })]);
  });

  test("TPA205 does not fire: a default grant without a client, and a per-app grant without default_for", () => {
    const findings = policyFindings((stack) => {
      const app = portal(stack);
      new ClientGrant(stack, "default", { defaultFor: "third_party_clients", audience: "https://api.acme.test/orders", subjectType: "user", scopes: [] });
      new ClientGrant(stack, "per-app", { clientId: app.clientId, audience: "https://api.acme.test/orders", subjectType: "user", scopes: [] });
    });
    expect(findings).toEqual([]);
  });

  const legacyRule = (stack: Construct, enabled?: boolean) =>
    new Rule(stack, "legacy-rule", { name: "add-claims", script: "function (user, context, cb) { cb(null, user, context); }", enabled });

  test.each<[string, boolean | undefined]>([
    ["left at Auth0's default (enabled)", undefined],
    ["enabled", true],
  ])("TPA303 (error) before Rules' end of life: a Rule %s while a strict app exists", (_what, enabled) => {
    const findings = policyFindings((stack) => {
      portal(stack);
      legacyRule(stack, enabled);
    }, {}, BEFORE_EOL);
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA303", severity: "error", path: "test/legacy-rule" })]);
  });

  test("TPA111 (error): a DCR security mode Auth0 does not have, from a JavaScript caller of DcrSecurityPolicy", () => {
    const findings = policyFindings((stack) => {
      new DcrSecurityPolicy(stack, "dcr", { enabled: true, securityMode: "Strict" as never });
    });
    expect(only(findings, "TPA111")).toEqual([expect.objectContaining({ severity: "error", attribute: "dynamic_client_registration_security_mode" })]);
  });

  test("TPA303 (error) before the end of life: an enabled Rule with strict DCR and no strict app", () => {
    const findings = policyFindings((stack) => {
      const api = new ProtectedApi(stack, "orders", { identifier: "https://api.acme.test/orders", scopes: ["read:orders"] });
      api.grantDefault({ subjectType: "user", scopes: ["read:orders"] });
      new DcrSecurityPolicy(stack, "dcr", { enabled: true, securityMode: "strict" });
      legacyRule(stack);
    }, {}, BEFORE_EOL);
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA303", severity: "error", message: expect.stringMatching(/strict DCR/) })]);
  });

  test("TPA303 (error) before the end of life: strict DCR counts when its flag is left unset (the tenant may have DCR on)", () => {
    const findings = policyFindings((stack) => {
      new Tenant(stack, "tenant", { dynamicClientRegistrationSecurityMode: "strict" });
      legacyRule(stack);
    }, {}, BEFORE_EOL);
    expect(only(findings, "TPA303")).toEqual([expect.objectContaining({ severity: "error", message: expect.stringMatching(/strict DCR/) })]);
  });

  test("TPA303 (error) before the end of life: an enabled Rule with CIMD on (CIMD clients are always strict)", () => {
    const findings = policyFindings((stack) => {
      new Tenant(stack, "tenant", { clientIdMetadataDocumentSupported: true });
      legacyRule(stack);
    }, {}, BEFORE_EOL);
    expect(only(findings, "TPA303")).toEqual([expect.objectContaining({ severity: "error", message: expect.stringMatching(/CIMD/) })]);
  });

  test.each<[string, (stack: TerraformStack) => void]>([
    ["with a strict app", (stack) => portal(stack)],
    ["with first-party clients only", (stack) => new Client(stack, "dashboard", { name: "Dashboard" })],
  ])("TPA303 (warning) from Rules' end of life (2026-11-18): an enabled Rule %s no longer runs", (_what, build) => {
    const findings = policyFindings((stack) => {
      build(stack);
      legacyRule(stack);
    }, {}, EOL);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: "TPA303",
        severity: "warning",
        attribute: "enabled",
        message: "rule add-claims is enabled but Rules are no longer executed since 2026-11-18 (end of life): its logic silently stopped running",
      }),
    ]);
  });

  test.each<[string, boolean, (stack: TerraformStack) => void]>([
    ["a disabled Rule with a strict app", false, (stack) => portal(stack)],
    ["an enabled Rule with first-party clients only", true, (stack) => new Client(stack, "dashboard", { name: "Dashboard" })],
  ])("TPA303 does not fire before the end of life: %s", (_what, enabled, build) => {
    const findings = policyFindings((stack) => {
      build(stack);
      legacyRule(stack, enabled);
    }, {}, BEFORE_EOL);
    expect(findings).toEqual([]);
  });

  const machine = (stack: Construct) =>
    new StrictThirdPartyApp(stack, "machine", { name: "Machine", appType: "non_interactive", grantTypes: ["client_credentials"], tokenEndpointAuthMethod: "private_key_jwt" });

  function hookWith(app: (stack: Construct) => void, triggerId: string, enabled: boolean, today = BEFORE_EOL) {
    return policyFindings((stack) => {
      app(stack);
      new Hook(stack, "hook", { name: "add-claims", script: "module.exports = (c, s, a, ctx, cb) => cb(null, {});", triggerId, enabled });
    }, {}, today);
  }

  test("TPA304 (error) before Hooks' end of life: an enabled credentials-exchange Hook while a strict app uses client_credentials", () => {
    expect(hookWith(machine, "credentials-exchange", true)).toEqual([expect.objectContaining({ ruleId: "TPA304", severity: "error", path: "test/hook" })]);
  });

  test("TPA304 does not fire: a credentials-exchange Hook when no strict app can use client_credentials (the hook runs on that grant alone)", () => {
    expect(hookWith((stack) => portal(stack), "credentials-exchange", true)).toEqual([]);
  });

  test("TPA304 (warning) from the end of life: an enabled credentials-exchange Hook no longer runs", () => {
    expect(hookWith(machine, "credentials-exchange", true, EOL)).toEqual([
      expect.objectContaining({
        ruleId: "TPA304",
        severity: "warning",
        attribute: "enabled",
        message: "credentials-exchange hook add-claims is enabled but Hooks are no longer executed since 2026-11-18 (end of life): its logic silently stopped running",
      }),
    ]);
  });

  test.each<[string, string, boolean]>([
    ["a disabled credentials-exchange Hook", "credentials-exchange", false],
    ["an enabled Hook on another trigger", "post-user-registration", true],
  ])("TPA304 does not fire: %s", (_what, triggerId, enabled) => {
    expect(hookWith(machine, triggerId, enabled)).toEqual([]);
  });

  test("TPA305 (warning): an organization this stack does not manage cannot be checked at synth time", () => {
    const findings = policyFindings((stack) => portal(stack, { organizations: ["managed-elsewhere"] }));
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: "TPA305", severity: "warning", message: expect.stringMatching(/^cannot check at synth time: organization managed-elsewhere/) }),
    ]);
  });
});

describe("raw L1 resources and tokens", () => {
  test("a raw L1 strict client with implicit is caught exactly like a StrictThirdPartyApp", () => {
    const raw = policyFindings((stack) => strictClient(stack, "portal", { grantTypes: ["implicit"] }));
    const construct = policyFindings((stack) => portal(stack, { grantTypes: ["implicit"] }));
    expect(raw).toEqual([expect.objectContaining({ ruleId: "TPA101", severity: "error", path: "test/portal", attribute: "grant_types" })]);
    expect(construct).toEqual([expect.objectContaining({ ruleId: "TPA101", severity: "error", path: "test/portal/client", attribute: "grant_types" })]);
    expect(raw[0].message).toBe(construct[0].message);
  });

  test.each<[string, (stack: TerraformStack) => string[]]>([
    ["Fn.tolist of a variable", (stack) => Fn.tolist(new TerraformVariable(stack, "grant_types", { type: "list(string)" }).listValue)],
    ["a variable's listValue", (stack) => new TerraformVariable(stack, "grant_types", { type: "list(string)" }).listValue],
  ])("TPA101 (warning): grant_types from %s cannot be checked at synth time", (_what, grantTypes) => {
    const findings = policyFindings((stack) => strictClient(stack, "portal", { grantTypes: grantTypes(stack) }));
    expect(only(findings, "TPA101")).toEqual([
      expect.objectContaining({ severity: "warning", attribute: "grant_types", message: expect.stringMatching(/^cannot check at synth time/) }),
    ]);
    // every other rule that needs the grant types says so under its own ID, and none guesses an error
    expect(findings.map((f) => [f.ruleId, f.severity, f.attribute])).toEqual(
      ["TPA101", "TPA102"].map((id) => [id, "warning", "grant_types"]),
    );
  });
});

describe("values only known at apply and clients without a mode, through construct code", () => {
  test("18. TPA109 (warning): callbacks from a variable are reported, not passed silently", () => {
    const findings = policyFindings((stack) => {
      const callbacks = new TerraformVariable(stack, "callbacks", { type: "list(string)" });
      strictClient(stack, "portal", { callbacks: callbacks.listValue });
    });
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: "TPA109", severity: "warning", attribute: "callbacks", message: "cannot check at synth time: callbacks is only known at apply" }),
    ]);
  });

  test("6. a raw L1 third-party Client without a mode is checked as strict (TPA101) beside TPA111", () => {
    const findings = policyFindings((stack) => new Client(stack, "partner", { name: "Partner", isFirstParty: false, grantTypes: ["implicit"] }), { permissiveEligible: true });
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["TPA101", "error"],
      ["TPA111", "error"],
    ]);
  });

  test("6. TPA113 (error): a raw L1 Client that sets strict but leaves is_first_party at Auth0's default", () => {
    const findings = policyFindings((stack) => new Client(stack, "partner", { name: "Partner", thirdPartySecurityMode: "strict" }));
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA113", severity: "error", attribute: "is_first_party" })]);
  });

  test("7. TPA206 (error): an L1 grant with allow_any_organization for a strict app", () => {
    const findings = policyFindings((stack) => {
      const api = new ProtectedApi(stack, "orders", { identifier: "https://api.acme.test/orders", scopes: ["read:orders"] });
      const app = portal(stack, { apis: [api] });
      new ClientGrant(stack, "grant", { clientId: app.clientId, audience: api.identifier, subjectType: "user", scopes: ["read:orders"], allowAnyOrganization: true });
    });
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA206", severity: "error", path: "test/grant", attribute: "allow_any_organization" })]);
  });
});

describe("annotations (the default)", () => {
  function synthWithAnnotations(props: Partial<StrictThirdPartyAppProps>): App {
    const app = new App({ outdir: tmpDir("tpa-annotate-"), stackTraces: false });
    const stack = new TerraformStack(app, "test");
    new Auth0Provider(stack, "auth0", { domain: "acme-test.eu.auth0.com" });
    portal(stack, props);
    Aspects.of(stack).add(new TenantPolicy({ tenant: { environment: "test", permissiveEligible: false }, today: TODAY }));
    return app;
  }

  const saved = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  beforeAll(() => delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS);
  afterAll(() => {
    if (saved !== undefined) process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = saved;
  });

  test("an unsuppressed error makes app.synth() throw", () => {
    const app = synthWithAnnotations({ grantTypes: ["implicit"] });
    expect(() => app.synth()).toThrow(/TPA101: grant type implicit not allowed/);
  });

  test("a warning does not, and the stack is written", () => {
    const app = synthWithAnnotations({ redirectionPolicy: "allow_always" });
    expect(() => app.synth()).not.toThrow();
    expect(fs.existsSync(path.join(app.outdir, "stacks", "test", "cdk.tf.json"))).toBe(true);
  });
});

describe("suppressions in code (PolicySuppressions.add)", () => {
  const accepted = { rule: "TPA101", reason: "partner migrates off implicit in Q1", expires: "2027-01-31" };

  function threeImplicitApps(suppress: (apps: { partners: Construct; portal: StrictThirdPartyApp }) => void): Finding[] {
    return policyFindings((stack) => {
      const partners = new Construct(stack, "partners");
      const app = portal(partners, { grantTypes: ["implicit"], tokenEndpointAuthMethod: "client_secret_post" });
      new StrictThirdPartyApp(partners, "portal-two", { name: "Portal Two", grantTypes: ["implicit"] });
      new StrictThirdPartyApp(stack, "outside", { name: "Outside", grantTypes: ["implicit"] });
      suppress({ partners, portal: app });
    });
  }

  const suppressedPaths = (findings: Finding[]) => only(findings, "TPA101").map((f) => [f.path, f.suppressed]);

  test("on an app: silences that app's findings only, not a sibling whose id starts the same", () => {
    const findings = threeImplicitApps(({ portal: app }) => PolicySuppressions.add(app, accepted));
    expect(suppressedPaths(findings)).toEqual([
      ["test/outside/client", false],
      ["test/partners/portal-two/client", false],
      ["test/partners/portal/client", true],
    ]);
    expect(only(findings, "TPA101").find((f) => f.suppressed)?.suppression).toMatchObject({ reason: accepted.reason, expires: accepted.expires });
  });

  test("on a parent construct: silences every finding below it, nothing outside it", () => {
    const findings = threeImplicitApps(({ partners }) => PolicySuppressions.add(partners, accepted));
    expect(suppressedPaths(findings)).toEqual([
      ["test/outside/client", false],
      ["test/partners/portal-two/client", true],
      ["test/partners/portal/client", true],
    ]);
  });

  test("on a child construct: does not reach up to its parent's findings, and is reported as TPA002", () => {
    const findings = threeImplicitApps(({ portal: app }) => PolicySuppressions.add(app.credentials!, accepted));
    expect(only(findings, "TPA101").every((f) => !f.suppressed)).toBe(true);
    expect(only(findings, "TPA002")).toEqual([expect.objectContaining({ severity: "warning", path: "test/partners/portal/credentials" })]);
  });

  test("an expired code suppression gives TPA001 and silences nothing", () => {
    const findings = threeImplicitApps(({ portal: app }) => PolicySuppressions.add(app, { ...accepted, expires: "2026-11-30" }));
    expect(only(findings, "TPA101").every((f) => !f.suppressed)).toBe(true);
    expect(only(findings, "TPA001")).toEqual([expect.objectContaining({ severity: "error", path: "test/partners/portal" })]);
  });
});
