/**
 * The audit's policy runs, combined: tpa audit answers each app's blockers and the tenant's findings with as few
 * rule runs as it can (audit/classify.ts). These tests pin that the answer is the one of the plain definition,
 * written out here in full: every rule over the tenant without its apps (the tenant's own findings), every rule
 * over the tenant with every app as a strict client (minus those), and the tenant rules over the apps as they are.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Management } from "auth0";
import { auditTenant } from "../audit/classify";
import { effectiveMode, oidcEvidence } from "../audit/inference";
import { loadSnapshot } from "../audit/snapshot";
import { makeSnapshot, SNAPSHOT_KIND, SnapshotParts, TenantSnapshot } from "../audit/tenant-snapshot";
import { clientResources, Names, tenantResources } from "../audit/to-policy";
import { writeLargeSnapshot } from "../bench/snapshot";
import { evaluate, Finding, isUnresolved, NEWEST_PROFILE_ID, PolicyResource, profileById, referencedAddress, STRICT_MODE_RULES } from "../policy";

const TODAY = "2026-12-01";
const TENANT_RULES = ["TPA301", "TPA302", "TPA303", "TPA304", "TPA122"];

/** The plain definition: three runs of every rule (the tenant rules in the third), as tpa audit was first written. */
function definition(snapshot: TenantSnapshot): { blockers: Map<string, string[]>; tenant: string[] } {
  const names = new Names(snapshot);
  const base = tenantResources(snapshot, names);
  const thirdParty = snapshot.clients.filter((c) => c.is_first_party === false && c.global !== true);
  const ul = snapshot.prompts?.universal_login_experience;
  const tenant = {
    environment: "audit",
    domain: snapshot.domain,
    permissiveEligible:
      thirdParty.some((c) => effectiveMode(c) === "permissive") || snapshot.tenantSettings?.dynamic_client_registration_security_mode === "permissive",
    universalLogin: ul === "new" || ul === "classic" ? ul : undefined,
  };
  const run = (resources: PolicyResource[], rules = STRICT_MODE_RULES) =>
    evaluate({ stack: "audit", resources, tenant, profile: profileById(NEWEST_PROFILE_ID), today: TODAY, rules });
  const errors = (fs: Finding[]) => fs.filter((f) => f.severity === "error" && !f.suppressed);
  const key = (f: Finding) => `${f.ruleId}|${f.address ?? ""}|${f.message}`;

  const views = thirdParty.map((client) => ({
    client,
    resources: clientResources(client, names, { mode: "strict", requestedScopes: oidcEvidence(client).length > 0 ? ["openid"] : undefined }),
  }));
  const owner = new Map(views.flatMap(({ client, resources }) => resources.map((r) => [r.address, client] as const)));
  const byAddress = new Map(base.map((r) => [r.address, r]));
  const byId = new Map(thirdParty.flatMap((c) => (c.client_id ? [[c.client_id, c] as const] : [])));
  const ownerOf = (f: Finding): Management.Client | undefined => {
    if (!f.address) return undefined;
    if (owner.has(f.address)) return owner.get(f.address);
    const ref = byAddress.get(f.address)?.attributes.client_id;
    if (typeof ref !== "string") return undefined;
    const address = referencedAddress(ref);
    return address ? owner.get(address) : byId.get(ref);
  };
  const tenantOnly = new Set(errors(run(base)).map(key));
  const found = errors(run([...base, ...views.flatMap((v) => v.resources)])).filter((f) => !tenantOnly.has(key(f)));
  const blockers = new Map(
    thirdParty.map((client) => [
      String(client.client_id),
      found.filter((f) => ownerOf(f) === client || ownerOf(f) === undefined).map((f) => `${f.ruleId}: ${asBlocker(f.message)}`).sort(),
    ]),
  );

  const asTheyAre = [
    ...base,
    ...thirdParty.flatMap((client) => clientResources(client, names, { mode: effectiveMode(client) })),
  ];
  const tenantFindings = run(asTheyAre, STRICT_MODE_RULES.filter((r) => TENANT_RULES.includes(r.id)));
  return { blockers, tenant: tenantFindings.map((f) => `${f.ruleId} ${f.severity}: ${f.message}`).sort() };
}

/** TPA104's tenant-wide words as an app's blocker: with every app strict, the count and names of strict apps would be all apps. */
const asBlocker = (message: string) =>
  message.replace(/^the tenant uses the Classic Login experience while \d+ strict app\(s\) exist \(.*\)$/, "the tenant uses the Classic Login experience, which strict apps do not support");

function audited(snapshot: TenantSnapshot): { blockers: Map<string, string[]>; tenant: string[] } {
  const report = auditTenant(snapshot, { today: TODAY });
  // TPA103's message says what the OIDC need was inferred from: the definition's message is its start
  const blockers = new Map(report.apps.map((a) => [String(a.clientId), a.blockers.map((b) => `${b.ruleId}: ${b.message.replace(/ \(inferred from .*\)$/, "")}`).sort()]));
  return { blockers, tenant: report.tenant.findings.map((f) => `${f.ruleId} ${f.severity}: ${f.message}`).sort() };
}

const API = "https://api.acme.test/orders";
const MANAGEMENT = "https://acme.eu.auth0.com/api/v2/";

const strictApp = (id: string, more: Record<string, unknown> = {}) => ({
  client_id: `tpc_${id.padStart(22, "0")}`,
  name: `Strict ${id}`,
  app_type: "regular_web",
  is_first_party: false,
  third_party_security_mode: "strict",
  grant_types: ["authorization_code", "refresh_token"],
  callbacks: [`https://${id}.example.com/cb`],
  ...more,
});
const permissiveApp = (id: string, more: Record<string, unknown> = {}) => ({
  client_id: `c${id.padStart(31, "0")}`,
  name: `Permissive ${id}`,
  app_type: "spa",
  is_first_party: false,
  third_party_security_mode: "permissive",
  grant_types: ["authorization_code", "implicit"],
  callbacks: [`https://${id}.example.com/cb`],
  ...more,
});

/** A tenant with findings of every kind: on apps, on their grants, on the tenant alone, and on every app at once. */
function variedTenant(overrides: Partial<TenantSnapshot> = {}): TenantSnapshot {
  const clients = [
    strictApp("1"),
    strictApp("2", { grant_types: ["authorization_code", "password"], sso: true }),
    strictApp("3", { allowed_logout_urls: ["https://3.example.com/out"] }),
    permissiveApp("4"),
    permissiveApp("5", { grant_types: ["authorization_code"], token_endpoint_auth_method: "client_secret_post", app_type: "regular_web" }),
    { client_id: `c${"6".padStart(31, "0")}`, name: "Mode-less 6", is_first_party: false, grant_types: ["authorization_code"], app_type: "native" },
    { client_id: "first_party_7", name: "First party 7", is_first_party: true, grant_types: ["password"] },
  ];
  const grants = [
    { id: "cgr_default_user", audience: API, scope: ["read:orders"], subject_type: "user", default_for: "third_party_clients" },
    // the tenant's own: a default grant on the Management API, and a grant of a scope the API does not define
    { id: "cgr_default_system", audience: MANAGEMENT, scope: ["read:users"], subject_type: "client", default_for: "third_party_clients" },
    { id: "cgr_undefined_scope", client_id: clients[0].client_id, audience: API, scope: ["read:orders", "delete:everything"], subject_type: "user" },
    // a finding only once the app is there: a third-party app's grant on a system API
    { id: "cgr_system", client_id: clients[3].client_id, audience: MANAGEMENT, scope: ["read:users"], subject_type: "client" },
    { id: "cgr_plain", client_id: clients[1].client_id, audience: API, scope: ["read:orders"], subject_type: "user" },
  ];
  return {
    kind: SNAPSHOT_KIND,
    version: 1,
    source: { type: "management-api" },
    domain: "acme.eu.auth0.com",
    tenantSettings: { dynamic_client_registration_security_mode: "strict", flags: { enable_dynamic_client_registration: true } },
    // Classic Login beside strict apps: a finding on the tenant's prompts that blocks every app
    prompts: { universal_login_experience: "classic" },
    clients: clients as unknown as Management.Client[],
    clientGrants: grants as unknown as TenantSnapshot["clientGrants"],
    resourceServers: [
      {
        id: "rs_1",
        name: "Orders",
        identifier: API,
        scopes: [{ value: "read:orders" }],
        subject_type_authorization: { user: { policy: "allow_all" }, client: { policy: "require_client_grant" } },
      },
    ] as unknown as TenantSnapshot["resourceServers"],
    rules: [{ id: "rul_1", name: "legacy-rule", enabled: true, order: 1 }] as unknown as TenantSnapshot["rules"],
    hooks: [],
    organizations: [],
    ...overrides,
  };
}

describe("tpa audit's combined policy runs give the verdicts of three full runs", () => {
  test("a varied tenant: app, grant, tenant-only and every-app findings", () => {
    const snapshot = variedTenant();
    const expected = definition(snapshot);
    expect(audited(snapshot)).toEqual(expected);
    // the tenant has findings of each kind, so each part of the combination is exercised
    const all = [...expected.blockers.values()].flat();
    expect(all.some((b) => b.startsWith("TPA101"))).toBe(true); // on an app
    expect(all.some((b) => b.startsWith("TPA203"))).toBe(true); // on an app's grant, only with the app
    expect(expected.blockers.get(`c${"4".padStart(31, "0")}`)).toEqual(expect.arrayContaining([expect.stringMatching(/^TPA203/)]));
    expect(all.some((b) => b.includes("delete:everything"))).toBe(false); // the tenant's own finding on an app's grant
    expect([...expected.blockers.values()].every((b) => b.some((x) => x.startsWith("TPA104")))).toBe(true); // on every app
    expect(expected.tenant.length).toBeGreaterThan(0);
  });

  test("the same tenant on Universal Login, without the Rule, with every app strict, with permissive DCR", () => {
    const strictOnly = variedTenant().clients.filter((c) => c.third_party_security_mode === "strict");
    for (const snapshot of [
      variedTenant({ prompts: { universal_login_experience: "new" } }),
      variedTenant({ rules: [] }),
      variedTenant({ clients: strictOnly }),
      variedTenant({ clients: strictOnly, prompts: null }),
      variedTenant({ tenantSettings: { dynamic_client_registration_security_mode: "permissive" }, clientGrants: [] }),
    ]) {
      expect(audited(snapshot)).toEqual(definition(snapshot));
    }
  });

  test("the benchmark's generated tenant", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tpa-audit-engine-")), "snapshot.json");
    try {
      writeLargeSnapshot(file, 300, 7);
      const snapshot = loadSnapshot(file);
      const expected = definition(snapshot);
      expect([...expected.blockers.values()].flat().length).toBeGreaterThan(0);
      expect(audited(snapshot)).toEqual(expected);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

describe("the audit's resources are literal data: reads skip the check for values only known at apply", () => {
  // every resource the audit makes of a tenant, strict views and clients as they are
  const resourcesOf = (snapshot: TenantSnapshot): PolicyResource[] => {
    const names = new Names(snapshot);
    return [
      ...tenantResources(snapshot, names),
      ...snapshot.clients.flatMap((client) => [...clientResources(client, names, { mode: "strict" }), ...clientResources(client, names)]),
    ];
  };
  // tenant text that Terraform would read as expressions, were it not escaped
  const templated = variedTenant({
    clients: variedTenant().clients.map((c) => ({
      ...c,
      name: `\${file("/etc/passwd")} ${c.name}`,
      callbacks: ["https://app.example.com/%{ if true }cb%{ endif }"],
      client_metadata: { note: "\${var.secret}" },
    })) as Management.Client[],
  });

  test.each<[string, TenantSnapshot]>([
    ["a varied tenant", variedTenant()],
    ["a tenant whose text holds template sequences", templated],
  ])("%s: every resource is literal, and holds no value only known at apply", (_what, snapshot) => {
    const resources = resourcesOf(snapshot);
    expect(resources.length).toBeGreaterThan(10);
    for (const r of resources) {
      expect(r.literal).toBe(true);
      expect(isUnresolved(r.attributes)).toBe(false);
    }
  });

  test("the grants and credentials of an export without identifiers point at their clients by reference: not literal, and still linked", () => {
    const tenant = variedTenant();
    const byName = new Map(tenant.clients.map((c) => [c.client_id, c.name]));
    const snapshot = variedTenant({
      clients: tenant.clients.map(({ client_id: _id, ...c }) => c) as Management.Client[],
      clientGrants: tenant.clientGrants.map((g) => (g.client_id ? { ...g, client_id: byName.get(g.client_id) } : g)) as TenantSnapshot["clientGrants"],
    });
    const resources = resourcesOf(snapshot);
    const linked = resources.filter((r) => r.literal !== true);
    expect(linked.length).toBeGreaterThan(0);
    for (const r of linked) {
      expect(["auth0_client_grant", "auth0_client_credentials"]).toContain(r.type);
      expect(referencedAddress(r.attributes.client_id)).toMatch(/^auth0_client\./);
    }
    // the same verdicts as the tenant with identifiers: the references resolve
    const verdicts = (s: TenantSnapshot) => auditTenant(s, { today: TODAY }).apps.map((a) => [a.name, a.blockers.map((b) => b.ruleId)]);
    expect(verdicts(snapshot)).toEqual(verdicts(tenant));
  });

  test("the audit of the templated tenant reads its text as text: nothing it cannot check", () => {
    const report = auditTenant(templated, { today: TODAY });
    expect(report.apps.flatMap((a) => a.blockers).filter((b) => /cannot check/.test(b.message))).toEqual([]);
    expect(report.apps.map((a) => a.blockers.map((b) => b.ruleId))).toEqual(auditTenant(variedTenant(), { today: TODAY }).apps.map((a) => a.blockers.map((b) => b.ruleId)));
  });
});

describe("credentials in the policy's view: only a method other than the app type's default makes them", () => {
  const APP_TYPES = [undefined, "spa", "native", "regular_web", "non_interactive"];
  const METHODS = ["none", "client_secret_post", "client_secret_basic", "private_key_jwt", "tls_client_auth"];
  const clients = APP_TYPES.flatMap((app_type, i) =>
    METHODS.map((method, j) => ({
      client_id: `c${i}${j}`,
      name: `App ${i} ${j}`,
      ...(app_type && { app_type }),
      is_first_party: false,
      grant_types: ["authorization_code", "client_credentials"],
      token_endpoint_auth_method: method,
    })),
  ) as Management.Client[];
  const snapshot = variedTenant({ clients });
  const names = new Names(snapshot);
  const tenant = { environment: "audit", permissiveEligible: true };
  const findings = (resources: PolicyResource[]) =>
    evaluate({ stack: "audit", resources, tenant, profile: profileById(NEWEST_PROFILE_ID), today: TODAY }).map((f) => [f.ruleId, f.severity, f.message]);

  test.each(clients.map((c) => [c.app_type ?? "(none)", c.token_endpoint_auth_method, c] as const))("%s with %s: the verdicts of the client with its credentials written out", (appType, method, client) => {
    const view = clientResources(client, names, { mode: "strict" });
    const isDefault = method === (appType === "spa" || appType === "native" ? "none" : "client_secret_post");
    expect(view.map((r) => r.type)).toEqual(isDefault ? ["auth0_client"] : ["auth0_client", "auth0_client_credentials"]);
    // the client with an auth0_client_credentials of its method, as a Terraform user would declare it
    const credentials: PolicyResource = {
      type: "auth0_client_credentials",
      name: `${view[0].name}_credentials`,
      address: `auth0_client_credentials.${view[0].name}_credentials`,
      attributes: { client_id: client.client_id, authentication_method: method },
      annotation: {},
      literal: true,
    };
    expect(findings(view)).toEqual(findings([view[0], credentials]));
  });
});

describe("Terraform names for a snapshot's objects", () => {
  const named = (...names: string[]) =>
    ({ ...variedTenant(), clients: names.map((name, i) => ({ client_id: `c${i}`, name, is_first_party: false })) }) as TenantSnapshot;

  test("many apps of one name take the next free suffix, around names that have it already", () => {
    const snapshot = named("App 2", "App", "App", "App 4", "App", "App", "App-2");
    const names = new Names(snapshot);
    expect(snapshot.clients.map((c) => names.client(c))).toEqual(["app-2", "app", "app-3", "app-4", "app-5", "app-6", "app-2-2"]);
    expect(names.unique("app")).toBe("app-7");
  });

  test("10,000 apps of one name get 10,000 names, the last with suffix 10000", () => {
    const snapshot = named(...Array.from({ length: 10_000 }, () => "Partner"));
    const names = new Names(snapshot);
    expect(new Set(snapshot.clients.map((c) => names.client(c))).size).toBe(10_000);
    expect(names.client(snapshot.clients[9_999])).toBe("partner-10000");
  });
});

describe("reading a snapshot: the depth bound is checked in the walk that removes secrets", () => {
  const parts = (clients: unknown[]) => ({ ...variedTenant(), clients, tenantSettings: null, prompts: null }) as unknown as SnapshotParts;
  /** a value `levels` levels deep: {"n": {"n": ... {} }} */
  // built in a loop: a recursive builder overflows the stack at 10,000 levels on Node 22
  const nested = (levels: number): unknown => {
    let value: unknown = "leaf";
    for (let i = 0; i < levels; i++) value = { n: value };
    return value;
  };
  const problem = (clients: unknown[]) => {
    try {
      makeSnapshot(parts(clients));
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  };

  test("32 levels inside a client are read, 33 are refused, under any key", () => {
    // client_metadata is level 1 of the client: its value 31 levels deeper is level 32
    expect(problem([{ client_id: "a", client_metadata: nested(31) }])).toBeUndefined();
    expect(problem([{ client_id: "a", client_metadata: nested(32) }])).toBe("clients[0] nests deeper than 32 levels");
    // under a secret's name, whose value is removed unread
    expect(problem([{ client_id: "a", client_secret: nested(31) }])).toBeUndefined();
    expect(problem([{ client_id: "a", client_secret: nested(32) }])).toBe("clients[0] nests deeper than 32 levels");
    expect(problem([{ client_id: "a", addons: { firebase: { private_key: nested(30) } } }])).toBe("clients[0] nests deeper than 32 levels");
  });

  test("the first problem in list order is named, whichever kind it is", () => {
    expect(problem([{ client_id: "a", client_metadata: nested(40) }, { client_id: "b", name: 42 }])).toBe("clients[0] nests deeper than 32 levels");
    expect(problem([{ client_id: "a", name: 42 }, { client_id: "b", client_metadata: nested(40) }])).toBe("clients[0].name is number, not a string");
    expect(problem([{ client_id: "a" }, { client_id: "b", client_metadata: nested(10_000) }])).toBe("clients[1] nests deeper than 32 levels");
  });

  test("what is read is what the full check and a separate scrub give", () => {
    const clients = [{ client_id: "a", client_secret: "s3cr3t", client_metadata: { pwd: "hunter2", note: "keep" }, callbacks: ["https://u:p@x.test/"] }];
    const snapshot = makeSnapshot(parts(clients));
    expect(snapshot.clients).toEqual([{ client_id: "a", client_metadata: { note: "keep" }, callbacks: [] }]);
    expect(snapshot.redacted?.map((r) => r.path)).toEqual(["clients[0].client_secret", "clients[0].client_metadata.pwd", "clients[0].callbacks[0]"]);
  });
});
