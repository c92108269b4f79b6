/**
 * The rule pack on plain policy resources (what synth, plan JSON and the audit all feed it): one fixture per rule
 * of the catalogue, the central reader's guarantee (a value only known at apply never passes silently), and the
 * verdicts corrected against Auth0's recorded behaviour (docs/auth0-facts.md).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ALL_RULES, evaluate, Finding, NEWEST_PROFILE_ID, PolicyResource, profileById, PROFILES, STRICT_MODE_RULES, TenantFacts } from "../policy";
import { TIMELINE } from "../policy/timeline";
import { tpa } from "./support/cli";
import { auditTenant } from "../audit/classify";
import { SNAPSHOT_KIND, TenantSnapshot } from "../audit/tenant-snapshot";
import { API, api, client, defaultGrant, perApp, permissive, res, scopes, strict, tenantResource } from "./support/policy-fixtures";

const TODAY = "2026-12-01";
const BEFORE_EOL = "2026-11-17";

interface Fixture {
  readonly resources: PolicyResource[];
  readonly baseline?: PolicyResource[];
  readonly tenant?: Partial<TenantFacts>;
  readonly today?: string;
}

function run(f: Fixture, ruleIds?: readonly string[]): Finding[] {
  return evaluate({
    stack: "t",
    resources: f.resources,
    baseline: f.baseline,
    tenant: { environment: "t", permissiveEligible: false, domain: "acme.eu.auth0.com", ...f.tenant },
    profile: profileById(NEWEST_PROFILE_ID),
    today: f.today ?? TODAY,
    rules: ruleIds ? STRICT_MODE_RULES.filter((r) => ruleIds.includes(r.id)) : undefined,
  });
}

const of = (findings: Finding[], id: string) => findings.filter((f) => f.ruleId === id);
const summary = (findings: Finding[]) => findings.map((f) => [f.ruleId, f.severity, f.address]);

/** For every rule of the catalogue: resources on which it fires. */
const FIXTURES: Record<string, Fixture> = {
  TPA101: { resources: [strict("c", { grant_types: ["implicit"] })] },
  TPA102: { resources: [strict("c", { app_type: "spa", grant_types: ["client_credentials"] })] },
  TPA103: { resources: [strict("c", {}, { requestedScopes: ["openid"] })] },
  TPA104: { resources: [strict("c", { custom_login_page: "<html>classic</html>" })] },
  TPA105: { resources: [strict("c", { oidc_conformant: false })] },
  TPA106: { resources: [strict("c", { sso: true })] },
  TPA107: { resources: [strict("c", { jwt_configuration: [{ alg: "HS256" }] })] },
  TPA108: { resources: [strict("c", { refresh_token: [{ expiration_type: "non-expiring" }] })] },
  TPA109: { resources: [strict("c", { callbacks: ["https://*.partner.test/cb"] })] },
  TPA110: { resources: [strict("c", { app_type: "sso_integration" })] },
  TPA111: { resources: [client("c", { is_first_party: false })] },
  TPA112: { resources: [strict("c", { redirection_policy: "allow_always" })] },
  TPA113: { resources: [client("c", { third_party_security_mode: "strict" })] },
  TPA120: { resources: [permissive("c")] },
  TPA121: { resources: [permissive("c")], tenant: { permissiveEligible: true } },
  TPA122: { resources: [permissive("c"), api()], tenant: { permissiveEligible: true } },
  TPA201: { resources: [strict("c", {}, { calls: [API] }), api()] },
  TPA202: { resources: [api(), scopes("orders", "read:orders"), defaultGrant("g", "user", { audience: "${auth0_resource_server.orders.identifier}", scopes: ["admin"] })] },
  TPA203: { resources: [defaultGrant("g", "user", { audience: "https://acme.eu.auth0.com/api/v2/" })] },
  TPA204: { resources: [defaultGrant("a", "user"), defaultGrant("b", "user")] },
  TPA205: { resources: [strict("c"), defaultGrant("g", "user", { client_id: "${auth0_client.c.client_id}" })] },
  TPA206: { resources: [strict("c"), perApp("g", "c", "client", { allow_any_organization: true })] },
  TPA207: { resources: [strict("c", {}, { requestedScopes: ["read:orders"], calls: [API] }), api(), scopes("orders", "write:orders")] },
  TPA301: { resources: [tenantResource({ dynamic_client_registration_security_mode: "strict", flags: [{ enable_dynamic_client_registration: true }] })] },
  TPA302: { resources: [tenantResource({ client_id_metadata_document_supported: true })] },
  TPA303: { resources: [strict("c"), res("auth0_rule", "r", { name: "add-claims", enabled: true })], today: BEFORE_EOL },
  TPA304: {
    resources: [
      strict("c", { app_type: "non_interactive", grant_types: ["client_credentials"] }),
      res("auth0_hook", "h", { name: "h", trigger_id: "credentials-exchange", enabled: true }),
    ],
    today: BEFORE_EOL,
  },
  TPA305: { resources: [strict("c", {}, { organizations: ["partners"] }), res("auth0_organization", "o", { name: "partners" })] },
  TPA401: { resources: [strict("c")], baseline: [permissive("c")], tenant: { permissiveEligible: true } },
  TPA402: { resources: [client("c", { is_first_party: true })], baseline: [client("c", { is_first_party: false, third_party_security_mode: "strict" })] },
  TPA403: { resources: [], baseline: [strict("c")], tenant: { gates: { protectFromDestroy: true } } },
  TPA404: { resources: [permissive("c", { client_metadata: { tpa_justification: "legacy partner", tpa_review_by: "2027-01-01" } })], tenant: { permissiveEligible: true, gates: { forbidPermissive: true } } },
};

const RULE_IDS = STRICT_MODE_RULES.map((r) => r.id);

describe("the catalogue", () => {
  test("is every tpaNNN file of policy/rules, in ID order, with the new rules of this round", () => {
    expect(RULE_IDS).toEqual([...RULE_IDS].sort());
    expect(RULE_IDS).toEqual(expect.arrayContaining(["TPA113", "TPA206", "TPA207", "TPA302"]));
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
  });

  test("every rule of the catalogue has a fixture here, and no fixture names a rule that does not exist", () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(RULE_IDS);
  });

  test.each(RULE_IDS)("%s fires on its fixture, with its own severity", (id) => {
    const rule = STRICT_MODE_RULES.find((r) => r.id === id)!;
    expect(of(run(FIXTURES[id], [id]), id)).toContainEqual(expect.objectContaining({ severity: rule.severity, suppressed: false }));
  });
});

describe("a value only known at apply never passes silently (one reader for every rule)", () => {
  const UNKNOWN = "${var.unknown}";

  /** Every fixture with one attribute of one resource (or baseline resource) replaced by an expression. */
  function variants(f: Fixture): { what: string; fixture: Fixture }[] {
    const swap = (list: PolicyResource[], i: number, key: string) =>
      list.map((r, j) => (j === i ? { ...r, attributes: { ...r.attributes, [key]: UNKNOWN } } : r));
    return [
      ...f.resources.flatMap((r, i) => Object.keys(r.attributes).map((key) => ({ what: `${r.address}.${key}`, fixture: { ...f, resources: swap(f.resources, i, key) } }))),
      ...(f.baseline ?? []).flatMap((r, i) =>
        Object.keys(r.attributes).map((key) => ({ what: `baseline ${r.address}.${key}`, fixture: { ...f, baseline: swap(f.baseline!, i, key) } })),
      ),
    ];
  }

  test.each(RULE_IDS)("%s: any attribute of its fixture made unknown leaves a finding under its ID, and some give its unresolved warning", (id) => {
    const silent: string[] = [];
    let warned = 0;
    for (const { what, fixture } of variants(FIXTURES[id])) {
      const findings = of(run(fixture, [id]), id);
      if (findings.length === 0) silent.push(what);
      if (findings.some((f) => f.severity === "warning" && f.message.startsWith("cannot check at synth time"))) warned++;
    }
    expect(silent).toEqual([]);
    expect(warned).toBeGreaterThan(0);
  });

  test("what the engine computes once per stack for all rules (strict clients, APIs by identifier) still gives every rule its own unresolved warnings", () => {
    const resources = [
      strict("a", { grant_types: ["implicit"] }),
      client("b", { is_first_party: UNKNOWN, third_party_security_mode: "strict" }),
      client("c", { is_first_party: false, third_party_security_mode: UNKNOWN }),
      client("d", { is_first_party: false }),
      api("orders"),
      api("unknown", { identifier: UNKNOWN }),
      scopes("orders", "read:orders"),
      defaultGrant("g", "user", { scopes: ["admin"] }),
      perApp("p", "a", "client", { allow_any_organization: true }),
      tenantResource({ dynamic_client_registration_security_mode: "strict", flags: [{ enable_dynamic_client_registration: true }] }),
    ];
    const key = (f: Finding) => `${f.ruleId}|${f.severity}|${f.address}|${f.attribute}|${f.message}`;
    const together = run({ resources }).map(key).sort();
    const alone = RULE_IDS.flatMap((id) => run({ resources }, [id])).map(key).sort();
    expect(together).toEqual(alone);
    // the shared values were read by several rules, and each recorded the unknown ones
    const warned = (attribute: string) => new Set(run({ resources }).filter((f) => f.severity === "warning" && f.attribute === attribute).map((f) => f.ruleId));
    expect(warned("is_first_party").size).toBeGreaterThan(5);
    expect(warned("third_party_security_mode").size).toBeGreaterThan(5);
    expect(warned("identifier").size).toBeGreaterThan(1);
  });

  test("the warning names the attribute and the resource, once per rule", () => {
    const findings = run({ resources: [strict("c", { callbacks: UNKNOWN })] }, ["TPA109"]);
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: "TPA109", severity: "warning", address: "auth0_client.c", attribute: "callbacks", message: "cannot check at synth time: callbacks is only known at apply" }),
    ]);
  });

  test("TPA107: an algorithm only known at apply is a warning, not an error about the expression", () => {
    const findings = run({ resources: [strict("c", { jwt_configuration: [{ alg: UNKNOWN }] })] }, ["TPA107"]);
    expect(summary(findings)).toEqual([["TPA107", "warning", "auth0_client.c"]]);
    expect(findings[0].attribute).toBe("jwt_configuration.alg");
  });

  test("one unknown value stops the decision about its resource only: the other resources are still judged", () => {
    const findings = run({ resources: [strict("a", { grant_types: UNKNOWN }), strict("b", { grant_types: ["implicit"] })] }, ["TPA101"]);
    expect(summary(findings)).toEqual([
      ["TPA101", "error", "auth0_client.b"],
      ["TPA101", "warning", "auth0_client.a"],
    ]);
  });
});

describe("false negatives fixed (Auth0 rejects, or the app breaks)", () => {
  test("1. TPA102: a strict spa or native app with client_credentials fails whatever method its credentials declare", () => {
    for (const appType of ["spa", "native"]) {
      const findings = run({
        resources: [
          strict("c", { app_type: appType, grant_types: ["authorization_code", "client_credentials"] }),
          res("auth0_client_credentials", "creds", { client_id: "${auth0_client.c.client_id}", authentication_method: "client_secret_post" }),
        ],
      }, ["TPA102"]);
      expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA102", severity: "error", attribute: "app_type", message: expect.stringMatching(/HTTP 400/) })]);
    }
    const regularWeb = run({
      resources: [
        strict("c", { app_type: "regular_web", grant_types: ["client_credentials"] }),
        res("auth0_client_credentials", "creds", { client_id: "${auth0_client.c.client_id}", authentication_method: "client_secret_post" }),
      ],
    }, ["TPA102"]);
    expect(regularWeb).toEqual([]);
  });

  test("2. TPA201: a grant on an API whose policy for the subject type is deny_all is no grant", () => {
    const denyAll = api("orders", { subject_type_authorization: [{ user: [{ policy: "deny_all" }], client: [{ policy: "require_client_grant" }] }] });
    const findings = run({ resources: [strict("c", {}, { calls: [API] }), denyAll, defaultGrant("d", "user")] }, ["TPA201"]);
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA201", severity: "error", message: expect.stringMatching(/user access policy is deny_all/) })]);
    const requireGrant = api("orders", { subject_type_authorization: [{ user: [{ policy: "require_client_grant" }] }] });
    expect(run({ resources: [strict("c", {}, { calls: [API] }), requireGrant, defaultGrant("d", "user")] }, ["TPA201"])).toEqual([]);
  });

  const strictDcr = tenantResource({ dynamic_client_registration_security_mode: "strict", flags: [{ enable_dynamic_client_registration: true }] });

  test("3. TPA301: default grants with subject type client alone leave DCR clients locked out; a user default serves them", () => {
    expect(summary(run({ resources: [strictDcr, api(), defaultGrant("d", "client")] }, ["TPA301"]))).toEqual([["TPA301", "error", "auth0_tenant.tenant"]]);
    expect(run({ resources: [strictDcr, api(), defaultGrant("d", "user")] }, ["TPA301"])).toEqual([]);
  });

  test("4. TPA122: permissive DCR and an allow_all user policy, with no permissive app, is the same hardening gap", () => {
    const permissiveDcr = tenantResource({ dynamic_client_registration_security_mode: "permissive", flags: [{ enable_dynamic_client_registration: true }] });
    const findings = run({ resources: [permissiveDcr, api()], tenant: { permissiveEligible: true } }, ["TPA122"]);
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA122", severity: "warning", message: expect.stringMatching(/permissive DCR/) })]);
    const disabled = tenantResource({ dynamic_client_registration_security_mode: "permissive", flags: [{ enable_dynamic_client_registration: false }] });
    expect(run({ resources: [disabled, api()], tenant: { permissiveEligible: true } }, ["TPA122"])).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["authentication_method tls_client_auth", { authentication_method: "tls_client_auth" }, "authentication_method"],
    ["authentication_method self_signed_tls_client_auth", { authentication_method: "self_signed_tls_client_auth" }, "authentication_method"],
    ["a tls_client_auth block", { tls_client_auth: [{ credentials: [{ subject_dn: "CN=partner" }] }] }, "tls_client_auth"],
    ["a signed request object (JAR)", { authentication_method: "private_key_jwt", signed_request_object: [{ required: true }] }, "signed_request_object"],
  ])("5. TPA106: mTLS and JAR live on auth0_client_credentials: %s on a strict app", (_what, credentials, attribute) => {
    const resources = [strict("c"), res("auth0_client_credentials", "creds", { client_id: "${auth0_client.c.client_id}", ...credentials })];
    expect(run({ resources }, ["TPA106"])).toEqual([
      expect.objectContaining({ ruleId: "TPA106", severity: "error", address: "auth0_client_credentials.creds", attribute }),
    ]);
    const firstParty = [client("c"), res("auth0_client_credentials", "creds", { client_id: "${auth0_client.c.client_id}", ...credentials })];
    expect(run({ resources: firstParty }, ["TPA106"])).toEqual([]);
  });

  test("5. TPA106: private_key_jwt credentials on a strict app pass", () => {
    const resources = [strict("c"), res("auth0_client_credentials", "creds", { client_id: "${auth0_client.c.client_id}", authentication_method: "private_key_jwt" })];
    expect(run({ resources }, ["TPA106"])).toEqual([]);
  });

  test("6. a third-party client without a mode is judged as strict once Auth0 creates such clients strict (2026-10-23)", () => {
    const modeless = client("c", { is_first_party: false, grant_types: ["implicit"] });
    expect(TIMELINE.modelessClientsStrictFrom.date).toBe("2026-10-23");
    expect(summary(run({ resources: [modeless], tenant: { permissiveEligible: true } }))).toEqual([
      ["TPA101", "error", "auth0_client.c"],
      ["TPA111", "error", "auth0_client.c"],
    ]);
    // before the switch, on an eligible tenant, the (invisible) migration toggle decides: only TPA111
    expect(summary(run({ resources: [modeless], tenant: { permissiveEligible: true }, today: "2026-10-22" }))).toEqual([["TPA111", "error", "auth0_client.c"]]);
    // a tenant that is not eligible never gets permissive clients
    expect(summary(run({ resources: [modeless], today: "2026-10-22" })).map((f) => f[0])).toEqual(["TPA101", "TPA111"]);
  });

  test.each<[string, Record<string, unknown>, boolean]>([
    ["is_first_party unset (Auth0's default: true)", {}, true],
    ["is_first_party true", { is_first_party: true }, true],
    ["is_first_party false", { is_first_party: false }, false],
  ])("6. TPA113: third_party_security_mode strict with %s", (_what, extra, fires) => {
    const findings = run({ resources: [client("c", { third_party_security_mode: "strict", ...extra })] }, ["TPA113"]);
    expect(summary(findings)).toEqual(fires ? [["TPA113", "error", "auth0_client.c"]] : []);
  });

  test("7. TPA206: allow_any_organization on a grant of a third-party app, or on a default grant; not on a first-party app's", () => {
    const resources = [
      strict("partner"),
      client("backoffice", { app_type: "non_interactive" }),
      perApp("partner_grant", "partner", "client", { allow_any_organization: true }),
      perApp("backoffice_grant", "backoffice", "client", { allow_any_organization: true }),
      defaultGrant("default", "client", { allow_any_organization: true }),
    ];
    expect(summary(run({ resources }, ["TPA206"]))).toEqual([
      ["TPA206", "error", "auth0_client_grant.default"],
      ["TPA206", "error", "auth0_client_grant.partner_grant"],
    ]);
  });

  test("8. TPA207: a requested scope that no called API defines is a warning; OIDC scopes, offline_access and defined scopes are not", () => {
    const app = (requestedScopes: string[], calls = [API]) => strict("c", {}, { requestedScopes, calls });
    const findings = run({ resources: [app(["openid", "offline_access", "read:orders", "mcp:tools"]), api(), scopes("orders", "read:orders")] }, ["TPA207"]);
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA207", severity: "warning", message: expect.stringMatching(/^requests mcp:tools, which no API it calls defines/) })]);
    expect(run({ resources: [app(["openid", "read:orders"]), api(), scopes("orders", "read:orders")] }, ["TPA207"])).toEqual([]);
    // an API the stack does not manage may define it: say so instead of guessing
    expect(run({ resources: [app(["read:invoices"], ["https://api.elsewhere.test"])] }, ["TPA207"])).toEqual([
      expect.objectContaining({ severity: "warning", message: expect.stringMatching(/^cannot check at synth time: .*not manage/) }),
    ]);
  });

  test("9. subject_type anonymous_user is read, never a crash, and serves neither users nor clients", () => {
    const resources = [
      strict("c", { grant_types: ["authorization_code", "client_credentials"], app_type: "non_interactive" }, { calls: [API] }),
      api(),
      defaultGrant("anon", "anonymous_user"),
      defaultGrant("user", "user"),
    ];
    const findings = run({ resources });
    expect(summary(findings)).toEqual([["TPA201", "error", "auth0_client.c"]]);
    expect(findings[0].message).toMatch(/no client grant/);
  });
});

describe("false positives fixed (Auth0 accepts)", () => {
  const org = (access?: string) => res("auth0_organization", "o", { name: "partners", ...(access ? { third_party_client_access: access } : {}) });

  test("10. TPA305: an app that uses only client_credentials is not judged by third_party_client_access", () => {
    const m2m = strict("c", { app_type: "non_interactive", grant_types: ["client_credentials"] }, { organizations: ["partners"] });
    expect(run({ resources: [m2m, org("block")] }, ["TPA305"])).toEqual([]);
  });

  test("TPA305: an organization that leaves third_party_client_access unset blocks (Auth0's default), one that allows passes", () => {
    const app = strict("c", {}, { organizations: ["partners"] });
    expect(summary(run({ resources: [app, org()] }, ["TPA305"]))).toEqual([["TPA305", "error", "auth0_client.c"]]);
    expect(run({ resources: [app, org("allow")] }, ["TPA305"])).toEqual([]);
  });

  test("11. TPA304: no strict app can use client_credentials, so the credentials-exchange hook never meets one", () => {
    const hook = res("auth0_hook", "h", { name: "h", trigger_id: "credentials-exchange", enabled: true });
    expect(run({ resources: [strict("c"), hook], today: BEFORE_EOL }, ["TPA304"])).toEqual([]);
  });
});

describe("wrong for today's date, and CIMD", () => {
  const enabledRule = res("auth0_rule", "r", { name: "add-claims" });

  test("12. Rules and Hooks end of life is data (policy/timeline.json): before it an error with strict apps, from it a warning on any tenant", () => {
    expect(TIMELINE.rulesAndHooksEndOfLife.date).toBe("2026-11-18");
    expect(summary(run({ resources: [strict("c"), enabledRule], today: "2026-11-17" }, ["TPA303"]))).toEqual([["TPA303", "error", "auth0_rule.r"]]);
    expect(summary(run({ resources: [strict("c"), enabledRule], today: "2026-11-18" }, ["TPA303"]))).toEqual([["TPA303", "warning", "auth0_rule.r"]]);
    expect(summary(run({ resources: [client("first"), enabledRule], today: "2026-11-18" }, ["TPA303"]))).toEqual([["TPA303", "warning", "auth0_rule.r"]]);
    expect(run({ resources: [client("first"), enabledRule], today: "2026-11-17" }, ["TPA303"])).toEqual([]);
  });

  test("13. TPA302: CIMD on needs a default user grant; client defaults do not serve CIMD clients", () => {
    const cimd = tenantResource({ client_id_metadata_document_supported: true });
    expect(summary(run({ resources: [cimd, api(), defaultGrant("d", "client")] }, ["TPA302"]))).toEqual([["TPA302", "error", "auth0_tenant.tenant"]]);
    expect(run({ resources: [cimd, api(), defaultGrant("d", "user")] }, ["TPA302"])).toEqual([]);
    expect(run({ resources: [tenantResource({ client_id_metadata_document_supported: false })] }, ["TPA302"])).toEqual([]);
  });
});

describe("lifecycle rules (surviving mutants of issue 16)", () => {
  test("TPA402 fires when a client turns from third-party to first-party at the same address", () => {
    const findings = run(FIXTURES.TPA402, ["TPA402"]);
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TPA402", severity: "error", message: "changes from third-party to first-party, which Auth0 does not allow" })]);
    expect(run({ resources: [client("c", { is_first_party: true })], baseline: [client("c", { is_first_party: true })] }, ["TPA402"])).toEqual([]);
  });

  test("TPA403 blocks a replacement (same app, new address), not only a destroy, in a protected environment", () => {
    const notes = { target: "apps/portal", role: "third-party-app" } as const;
    const before = res("auth0_client", "apps_portal_v1", { name: "p", is_first_party: false, third_party_security_mode: "strict" }, notes);
    const after = res("auth0_client", "apps_portal_v2", { name: "p", is_first_party: false, third_party_security_mode: "strict" }, notes);
    const findings = run({ resources: [after], baseline: [before], tenant: { gates: { protectFromDestroy: true } } }, ["TPA403"]);
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: "TPA403", severity: "error", message: "replaces auth0_client.apps_portal_v1 with auth0_client.apps_portal_v2 in a protected environment" }),
    ]);
    expect(run({ resources: [after], baseline: [before], tenant: { gates: {} } }, ["TPA403"])).toEqual([]);
  });
});

describe("every source points to a file of this repository", () => {
  const ROOT = path.join(__dirname, "..");
  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  const anchors = (file: string) =>
    new Set(
      fs
        .readFileSync(path.join(ROOT, file), "utf8")
        .split("\n")
        .filter((l) => /^#{1,6} /.test(l))
        .map((l) => l.replace(/^#+ /, "").trim().toLowerCase().replace(/[^a-z0-9 _-]/g, "").replace(/ /g, "-")),
    );
  const sources = [
    ...ALL_RULES.map((r) => [r.id, r.source]),
    ...PROFILES.map((p) => [p.id, p.source]),
    ...Object.entries(TIMELINE).map(([k, v]) => [k, v.source]),
  ];

  test.each(sources)("%s: %s", (_id, source) => {
    const m = /^([\w./-]+\.md)#([a-z0-9-]+)$/.exec(source);
    expect(m).not.toBeNull();
    expect(fs.existsSync(path.join(ROOT, m![1]))).toBe(true);
    expect([...anchors(m![1])]).toContain(m![2]);
  });
});

test("tpa rules shows the corrected facts, the new rules and the dates", () => {
  const { code, stdout } = tpa("rules");
  expect(code).toBe(0);
  for (const id of ["TPA113", "TPA206", "TPA207", "TPA302"]) expect(stdout).toMatch(new RegExp(`^${id} `, "m"));
  expect(stdout).toMatch(/deny_all admits no app/);
  expect(stdout).toMatch(/spa and native clients with method none/);
  expect(stdout).toMatch(/end of life \(2026-11-18\)/);
  expect(stdout).toMatch(/strict since 2026-10-23/);
});

describe("profiles and rules are discovered from their folders (README: add a profile file)", () => {
  const dir = (...parts: string[]) => path.join(__dirname, "..", "policy", ...parts);

  test("every policy/profiles/*.json is a profile, ordered by effectiveFrom, the newest the default", () => {
    const files = fs.readdirSync(dir("profiles")).filter((f) => f.endsWith(".json")).sort();
    expect(PROFILES.map((p) => `${p.id}.json`).sort()).toEqual(files);
    const dates = PROFILES.map((p) => p.effectiveFrom);
    expect(dates).toEqual([...dates].sort());
    expect(NEWEST_PROFILE_ID).toBe(PROFILES[PROFILES.length - 1].id);
  });

  test("every policy/rules/tpaNNN.ts is a rule of the pack", () => {
    const files = fs.readdirSync(dir("rules")).filter((f) => /^tpa\d{3}\.ts$/.test(f));
    expect(STRICT_MODE_RULES.map((r) => `${r.id.toLowerCase()}.ts`)).toEqual(files.sort());
  });
});

test("13. tpa audit reports a tenant with CIMD on and no default user grant (TPA302)", () => {
  const snapshot = (cimd: boolean, grants: Record<string, unknown>[] = []): TenantSnapshot => ({
    kind: SNAPSHOT_KIND,
    version: 1,
    source: { type: "management-api" },
    domain: "acme.eu.auth0.com",
    tenantSettings: { client_id_metadata_document_supported: cimd },
    prompts: null,
    clients: [],
    clientGrants: grants as unknown as TenantSnapshot["clientGrants"],
    resourceServers: [{ id: "rs_1", name: "Orders", identifier: API } as TenantSnapshot["resourceServers"][number]],
    rules: [],
    hooks: [],
    organizations: [],
  });
  const ids = (s: TenantSnapshot) => auditTenant(s, { today: TODAY }).tenant.findings.map((f) => f.ruleId);
  expect(ids(snapshot(true))).toContain("TPA302");
  expect(ids(snapshot(false))).not.toContain("TPA302");
  expect(ids(snapshot(true, [{ id: "cgr_1", audience: API, scope: ["read:orders"], default_for: "third_party_clients", subject_type: "user" }]))).not.toContain("TPA302");
});

test("a nested block that is itself an expression (a list from a variable) is unresolved, not unset", () => {
  for (const jwt of ["${var.jwt}", ["${var.jwt}"]]) {
    const findings = run({ resources: [strict("c", { jwt_configuration: jwt })] }, ["TPA107"]);
    expect(findings).toEqual([expect.objectContaining({ severity: "warning", attribute: "jwt_configuration.alg" })]);
  }
});

test("3. TPA301: a default user grant on an API that denies all user access serves no DCR client", () => {
  const strictDcr = tenantResource({ dynamic_client_registration_security_mode: "strict", flags: [{ enable_dynamic_client_registration: true }] });
  const denyUsers = api("orders", { subject_type_authorization: [{ user: [{ policy: "deny_all" }] }] });
  expect(summary(run({ resources: [strictDcr, denyUsers, defaultGrant("d", "user", { audience: "${auth0_resource_server.orders.identifier}" })] }, ["TPA301"]))).toEqual([
    ["TPA301", "error", "auth0_tenant.tenant"],
  ]);
});

describe("what every rule says (the golden findings)", () => {
  // Every finding of the whole pack on each rule's fixture, with its message, attribute and severity: a rule's
  // words are its interface to the reader. A deliberate change of wording regenerates the file:
  //   UPDATE_POLICY_GOLDEN=1 npx jest test/policy-fidelity.test.ts -t golden
  const GOLDEN = path.join(__dirname, "fixtures", "policy-golden.json");
  const findingsOf = (id: string) =>
    run(FIXTURES[id]).map((f) => ({ rule: f.ruleId, severity: f.severity, address: f.address ?? null, attribute: f.attribute ?? null, message: f.message, suppressed: f.suppressed }));

  test("golden: each fixture's findings are the committed ones", () => {
    const actual = Object.fromEntries(RULE_IDS.map((id) => [id, findingsOf(id)]));
    if (process.env.UPDATE_POLICY_GOLDEN) fs.writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(fs.readFileSync(GOLDEN, "utf8")));
  });
});
