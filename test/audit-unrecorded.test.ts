// What the Management API does not record: the APIs an app calls and the organizations it logs in with. TPA201 and
// TPA305 decide on exactly those (environment files declare them), so in an audit they cannot fire: a tenant where
// they would is audited without them, and the same resources with the declarations do fire.
import { auditTenant } from "../audit/classify";
import { makeSnapshot } from "../audit/tenant-snapshot";
import { clientResources, Names, tenantResources } from "../audit/to-policy";
import { evaluate, NEWEST_PROFILE_ID, profileById, STRICT_MODE_RULES } from "../policy";

const API = "https://api.acme.test/orders";
const snapshot = makeSnapshot({
  source: { type: "management-api" },
  domain: "acme.eu.auth0.com",
  tenantSettings: {},
  prompts: { universal_login_experience: "new" },
  clients: [{ client_id: "tpc_portal", name: "Portal", is_first_party: false, third_party_security_mode: "strict", app_type: "regular_web", grant_types: ["authorization_code"] }],
  clientGrants: [], // no grant for the API it would call
  resourceServers: [{ id: "rs_1", identifier: API, name: "Orders", subject_type_authorization: { user: { policy: "require_client_grant" } } }],
  rules: [],
  hooks: [],
  organizations: [{ id: "org_1", name: "partner", display_name: "Partner", third_party_client_access: "block" }],
});
const TODAY = "2026-12-01";

test("an audit reports neither TPA201 nor TPA305: what they decide on is not in the tenant's data", () => {
  const report = auditTenant(snapshot, { today: TODAY });
  expect(report.apps).toHaveLength(1);
  const ruleIds = [...report.apps.flatMap((a) => a.blockers.map((b) => b.ruleId)), ...report.tenant.findings.map((f) => f.ruleId)];
  expect(ruleIds.filter((id) => id === "TPA201" || id === "TPA305")).toEqual([]);
});

test("the same resources with the calls and organizations an environment file declares: both fire", () => {
  const names = new Names(snapshot);
  const [client, ...rest] = clientResources(snapshot.clients[0], names);
  const declared = { ...client, annotation: { ...client.annotation, calls: [API], organizations: ["partner"] } };
  const findings = evaluate({
    stack: "audit",
    resources: [...tenantResources(snapshot, names), declared, ...rest],
    tenant: { environment: "audit", permissiveEligible: false },
    profile: profileById(NEWEST_PROFILE_ID),
    today: TODAY,
    rules: STRICT_MODE_RULES.filter((r) => r.id === "TPA201" || r.id === "TPA305"),
  });
  expect(findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([
    `TPA201: calls ${API} but has no user grant for it, per-app or default`,
    "TPA305: organization partner has third_party_client_access block",
  ]);
});
