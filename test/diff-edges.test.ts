/**
 * The diff at its edges (issue 16: the surviving mutants of diff/): the comparison's every branch (ForceNew paths of
 * one type, replacements passed on through references in any order, a plan's pairs with missing values, what a
 * stable value tells apart), the app, grant and setting summaries beside resources that only look alike, the
 * Markdown comment line by line from hand-made diffs, and the inputs' every refusal. All in-process; one case
 * synthesizes a configuration in memory, as `tpa diff --head-config` does.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { appChanges, changesFromPlan, compareSides, countChanges, forcesReplacement, grantChanges, ResourceChange, settingChanges } from "../diff/compare";
import type { EnvironmentDiff } from "../diff/environment-diff";
import { DiffInputError, PlanResourceChange, readOutDir, readPlan, sidesFromPlan, StackSide, stackFromJson } from "../diff/inputs";
import { renderMarkdown } from "../diff/markdown";
import { diffPlan, diffSides, diffSources, hasPolicyErrors, readSide } from "../diff/run";
import type { Finding, PolicyResource, ResourceNotes } from "../policy";
import { tmpDir, writeFiles } from "./support/tmp";

const res = (type: string, name: string, attributes: Record<string, unknown>, annotation: ResourceNotes = {}): PolicyResource => ({
  type,
  name,
  address: `${type}.${name}`,
  attributes,
  annotation,
});
const side = (resources: PolicyResource[], extra: Partial<StackSide> = {}): StackSide => ({ name: "prod", resources, suppressions: [], ...extra });
const summary = (changes: readonly ResourceChange[]) => changes.map((c) => [c.address, c.action, c.changed]);
/** A plan's resource change of `type.name`. */
const planned = (address: string, actions: string[], before: Record<string, unknown> | null, after: Record<string, unknown> | null): PlanResourceChange => {
  const [type, name] = address.split(".");
  return { address, type, name, change: { actions, before, after } };
};
const change = (c: Partial<ResourceChange> & Pick<ResourceChange, "address" | "type" | "action">): ResourceChange => ({ changed: [], ...c });

const ORDERS = "https://api.acme.test/orders";

// The ForceNew paths are the pinned provider's (provider-schema/optional-computed.json, from the Go schema of
// auth0/auth0 internal/auth0/*); a grant's four are also fields PATCH /client-grants does not accept (Management
// API schema UpdateClientGrantRequestContent).
describe("ForceNew facts of the pinned provider", () => {
  test("every ForceNew path of a type forces a replacement, the first and the last of a type with several", () => {
    const credentials = (pem: string, name = "a") => ({ client_id: "x", tls_client_auth: [{ credentials: [{ pem, credential_type: "x509_cert", subject_dn: "CN=a" }] }], signed_request_object: [{ credentials: [{ name }] }] });
    expect(forcesReplacement("auth0_client_credentials", credentials("A"), credentials("B"))).toBe(true);
    expect(forcesReplacement("auth0_client_credentials", credentials("A"), credentials("A", "b"))).toBe(true);
    expect(forcesReplacement("auth0_client_credentials", { client_id: "x" }, { client_id: "y" })).toBe(true);
    expect(forcesReplacement("auth0_client_credentials", credentials("A"), { ...credentials("A"), authentication_method: "none" })).toBe(false);
  });

  test("each of a grant's four ForceNew attributes forces a replacement; its scopes do not", () => {
    const grant = { audience: ORDERS, client_id: "c", default_for: null, subject_type: "user", scopes: ["a"] };
    for (const [key, value] of [["audience", "https://other"], ["client_id", "d"], ["default_for", "third_party_clients"], ["subject_type", "client"]]) {
      expect([key, forcesReplacement("auth0_client_grant", grant, { ...grant, [key]: value })]).toEqual([key, true]);
    }
    expect(forcesReplacement("auth0_client_grant", grant, { ...grant, scopes: ["a", "b"] })).toBe(false);
  });

  test("a type without ForceNew facts is never replaced for its attributes", () => {
    expect(forcesReplacement("auth0_tenant", { friendly_name: "A" }, { friendly_name: "B" })).toBe(false);
  });
});

describe("compareSides", () => {
  test("a created resource lists no changed attributes; a deleted one neither", () => {
    const changes = compareSides(side([res("auth0_client", "old", { name: "Old" })]), side([res("auth0_client", "new", { name: "New" })]));
    expect(summary(changes)).toEqual([
      ["auth0_client.new", "create", []],
      ["auth0_client.old", "delete", []],
    ]);
  });

  test("a replacement passes on through references listed before what they refer to, and the changed list stays sorted", () => {
    const client = (secretEncoded: boolean) => res("auth0_client", "portal", { name: "Portal", jwt_configuration: [{ secret_encoded: secretEncoded }] });
    const grant = (scopes: string[]) => res("auth0_client_grant", "portal_orders", { client_id: "${auth0_client.portal.client_id}", audience: ORDERS, subject_type: "user", scopes });
    const orgGrant = res("auth0_organization_client_grant", "acme_portal", { organization_id: "org_1", grant_id: "${auth0_client_grant.portal_orders.id}" });
    // the head lists the organization's grant first, then the grant, then the client that is replaced
    const changes = compareSides(side([client(false), grant(["read"]), orgGrant]), side([orgGrant, grant(["read", "write"]), client(true)]));
    expect(summary(changes)).toEqual([
      ["auth0_client_grant.portal_orders", "replace", ["client_id", "scopes"]],
      ["auth0_client.portal", "replace", ["jwt_configuration"]],
      ["auth0_organization_client_grant.acme_portal", "replace", ["grant_id"]],
    ]);
  });

  test("a reference to a replaced resource's attribute that keeps its value (an API identifier written out) does not pass the replacement on", () => {
    const api = (name: string) => res("auth0_resource_server", "orders", { identifier: ORDERS, name, jwt_configuration: undefined });
    const scopes = res("auth0_resource_server_scopes", "orders", { resource_server_identifier: "${auth0_resource_server.orders.identifier}", scopes: [] });
    // the API is not replaced (its name is no ForceNew attribute): nothing passes on
    expect(summary(compareSides(side([api("A"), scopes]), side([scopes, api("B")])))).toEqual([["auth0_resource_server.orders", "update", ["name"]]]);
  });

  test("an unchanged resource is no change; an update lists exactly what differs", () => {
    const before = res("auth0_client", "c", { name: "C", callbacks: ["a"] });
    expect(compareSides(side([before]), side([before]))).toEqual([]);
    const after = res("auth0_client", "c", { name: "C", callbacks: ["b"], logo_uri: "https://l" });
    expect(compareSides(side([before]), side([after]))).toEqual([{ address: "auth0_client.c", type: "auth0_client", action: "update", before, after, replaces: undefined, changed: ["callbacks", "logo_uri"] }]);
  });
});

describe("what a stable value tells apart", () => {
  const updates = (before: unknown, after: unknown) => summary(compareSides(side([res("auth0_client", "c", { x: before })]), side([res("auth0_client", "c", { x: after })])));

  test("a list holding null is not an empty list", () => {
    expect(updates([null], [])).toEqual([["auth0_client.c", "update", ["x"]]]);
    expect(updates([], [null])).toEqual([["auth0_client.c", "update", ["x"]]]);
  });

  test("a list is not an object keyed by its indexes", () => {
    expect(updates(["a"], { 0: "a" })).toEqual([["auth0_client.c", "update", ["x"]]]);
  });

  test("the elements of a list stay apart: [1, 2] is not [12]", () => {
    expect(updates([1, 2], [12])).toEqual([["auth0_client.c", "update", ["x"]]]);
  });

  test("an object's entries stay apart, and the same entries in another order are the same", () => {
    expect(updates({ a: 1, b: 2 }, { a: 12 })).toEqual([["auth0_client.c", "update", ["x"]]]);
    expect(updates({ a: 1, b: 2 }, { b: 2, a: 1 })).toEqual([]);
  });
});

describe("changesFromPlan", () => {
  test("each action of a plan, in either order of a replacement's pair; no-op and read are no change", () => {
    const changes = changesFromPlan([
      planned("auth0_client.a", ["delete", "create"], { name: "A" }, { name: "A2" }),
      planned("auth0_client.b", ["create", "delete"], { name: "B" }, { name: "B" }),
      planned("auth0_client.c", ["no-op"], { name: "C" }, { name: "C" }),
      planned("auth0_client.d", ["read"], null, { name: "D" }),
      planned("auth0_client.e", ["update"], { name: "E" }, { name: "E2" }),
      planned("auth0_client.f", ["delete"], { name: "F" }, null),
      planned("auth0_client.g", ["create"], null, { name: "G" }),
    ]);
    expect(changes.map((c) => [c.address, c.action])).toEqual([
      ["auth0_client.a", "replace"],
      ["auth0_client.b", "replace"],
      ["auth0_client.e", "update"],
      ["auth0_client.f", "delete"],
      ["auth0_client.g", "create"],
    ]);
    expect(countChanges(changes)).toEqual({ add: 1, change: 1, destroy: 1, replace: 2 });
  });

  test("a mode switch's pair with a side missing (null values) is still one replacement, its attributes from the side there is", () => {
    const noAfter = changesFromPlan([
      planned("auth0_client.apps_x_permissive", ["delete"], { name: "X", third_party_security_mode: "permissive" }, null),
      planned("auth0_client.apps_x_strict", ["create"], null, null),
    ]);
    expect(noAfter.map((c) => [c.address, c.action, c.replaces, c.changed])).toEqual([
      ["auth0_client.apps_x_strict", "replace", "auth0_client.apps_x_permissive", ["name", "third_party_security_mode"]],
    ]);
    const noBefore = changesFromPlan([
      planned("auth0_client.apps_x_permissive", ["delete"], null, null),
      planned("auth0_client.apps_x_strict", ["create"], null, { name: "X", third_party_security_mode: "strict" }),
    ]);
    expect(noBefore.map((c) => [c.address, c.action, c.replaces, c.changed])).toEqual([
      ["auth0_client.apps_x_strict", "replace", "auth0_client.apps_x_permissive", ["name", "third_party_security_mode"]],
    ]);
  });

  test("a create is paired only with the delete of the same app in the other mode, not with another app's delete", () => {
    const changes = changesFromPlan([
      planned("auth0_client.apps_y_permissive", ["delete"], { name: "Y" }, null),
      planned("auth0_client.apps_x_strict", ["create"], null, { name: "X" }),
      planned("auth0_client.plain", ["delete"], { name: "P" }, null),
    ]);
    expect(changes.map((c) => [c.address, c.action, c.replaces])).toEqual([
      ["auth0_client.apps_x_strict", "create", undefined],
      ["auth0_client.apps_y_permissive", "delete", undefined],
      ["auth0_client.plain", "delete", undefined],
    ]);
  });
});

describe("app changes", () => {
  test("only auth0_client resources are apps: another resource with is_first_party false is not one", () => {
    const lookalike = change({ address: "auth0_client_grant.g", type: "auth0_client_grant", action: "create", after: res("auth0_client_grant", "g", { is_first_party: false }) });
    const app = change({ address: "auth0_client.a", type: "auth0_client", action: "create", after: res("auth0_client", "a", { is_first_party: false }) });
    expect(appChanges([lookalike, app]).map((a) => a.address)).toEqual(["auth0_client.a"]);
  });

  test("a client third-party on one side only is an app; its name falls back to the Terraform name; an added app lists no attributes", () => {
    const was = res("auth0_client", "legacy", { is_first_party: false, third_party_security_mode: "permissive" }, { target: "apps/legacy" });
    const now = res("auth0_client", "legacy", { is_first_party: true });
    const [a] = appChanges([change({ address: was.address, type: "auth0_client", action: "update", before: was, after: now, changed: ["is_first_party", "third_party_security_mode"] })]);
    expect(a).toEqual({ address: "auth0_client.legacy", name: "legacy", target: undefined, change: "changed", modeBefore: "permissive", modeAfter: "absent", newClientId: false, changed: ["is_first_party", "third_party_security_mode"] });
    const added = compareSides(side([]), side([res("auth0_client", "n", { name: "N", is_first_party: false }, { target: "apps/n" })]));
    expect(appChanges(added)).toEqual([{ address: "auth0_client.n", name: "N", target: "apps/n", change: "added", modeBefore: undefined, modeAfter: "absent", newClientId: false, changed: [] }]);
  });
});

describe("grant changes", () => {
  const portal = res("auth0_client", "portal", { name: "Portal", client_id: "tpc_1", is_first_party: false });
  const grant = (attributes: Record<string, unknown>) => res("auth0_client_grant", "g", { audience: ORDERS, client_id: "tpc_1", subject_type: "user", ...attributes });

  test("a grant that gets scopes where it had none is widened, not narrowed", () => {
    const [g] = grantChanges(compareSides(side([grant({})]), side([grant({ scopes: ["read"] })])), side([portal]), side([portal]));
    expect([g.change, g.addedScopes, g.removedScopes]).toEqual(["widened", ["read"], []]);
  });

  test("an added grant lists no removed scopes and a removed one no added scopes, whatever the other side holds", () => {
    const [b, a] = [grant({ scopes: ["old"] }), grant({ scopes: ["new"] })];
    const [added, removed] = grantChanges(
      [change({ address: b.address, type: b.type, action: "create", before: b, after: a }), change({ address: b.address, type: b.type, action: "delete", before: b, after: a })],
      side([portal]),
      side([portal]),
    );
    expect([added.change, added.addedScopes, added.removedScopes]).toEqual(["added", ["new"], []]);
    expect([removed.change, removed.addedScopes, removed.removedScopes]).toEqual(["removed", [], ["old"]]);
  });

  test("a literal client ID names the client with that ID, not another resource that carries it; a removed grant names its client from the base", () => {
    const g = grant({ scopes: ["read"] });
    const head = side([g, portal]);
    expect(grantChanges([change({ address: g.address, type: g.type, action: "create", after: g })], head, side([])).map((x) => x.app)).toEqual(["Portal"]);
    expect(grantChanges([change({ address: g.address, type: g.type, action: "delete", before: g })], side([]), side([g, portal])).map((x) => x.app)).toEqual(["Portal"]);
    const unnamed = res("auth0_client", "svc", { client_id: "tpc_1" });
    expect(grantChanges([change({ address: g.address, type: g.type, action: "create", after: g })], side([unnamed]), side([])).map((x) => x.app)).toEqual(["svc"]);
  });

  test("a replaced grant without a scope change is replaced; a default grant names no app and its subject type defaults to client", () => {
    const d = (audience: string) => res("auth0_client_grant", "d", { audience, default_for: "third_party_clients", scopes: ["read"] });
    const [g] = grantChanges(compareSides(side([d(ORDERS)]), side([d("https://other")])), side([]), side([]));
    expect(g).toEqual({ address: "auth0_client_grant.d", kind: "default", app: undefined, audience: "https://other", subjectType: "client", change: "replaced", addedScopes: [], removedScopes: [] });
  });
});

describe("DCR and API policy changes", () => {
  const tenant = (attributes: Record<string, unknown>) => res("auth0_tenant", "t", attributes);

  test("a setting that goes from null to unset is no change; from null to a value it was unset", () => {
    const nullToUnset = settingChanges(compareSides(side([tenant({ dynamic_client_registration_security_mode: null, friendly_name: "A" })]), side([tenant({ friendly_name: "B" })])));
    expect(nullToUnset.dcr).toEqual([]);
    const nullToStrict = settingChanges(compareSides(side([tenant({ dynamic_client_registration_security_mode: null })]), side([tenant({ dynamic_client_registration_security_mode: "strict" })])));
    expect(nullToStrict.dcr).toEqual([{ subject: "auth0_tenant.t", setting: "dynamic_client_registration_security_mode", before: undefined, after: "strict" }]);
  });

  test("only the tenant's attributes are DCR settings and only an API's are access policies, however alike the attributes of others", () => {
    const dcrLike = (mode: string) => ({ dynamic_client_registration_security_mode: mode, flags: [{ enable_dynamic_client_registration: mode === "strict" }] });
    const policyLike = (policy: string) => ({ identifier: ORDERS, subject_type_authorization: [{ user: [{ policy }], client: [{ policy }] }] });
    const base = side([res("auth0_client", "c", { ...dcrLike("permissive"), ...policyLike("allow_all") })]);
    const head = side([res("auth0_client", "c", { ...dcrLike("strict"), ...policyLike("require_client_grant") })]);
    expect(settingChanges(compareSides(base, head))).toEqual({ dcr: [], apiPolicies: [] });
    const api = (attributes: Record<string, unknown>) => res("auth0_resource_server", "orders", attributes);
    const both = settingChanges(compareSides(side([tenant(dcrLike("permissive")), api(dcrLike("permissive"))]), side([tenant(dcrLike("strict")), api(dcrLike("strict"))])));
    expect(both.dcr.map((s) => s.subject)).toEqual(["auth0_tenant.t", "auth0_tenant.t"]);
    expect(both.apiPolicies).toEqual([]);
    const policies = settingChanges(compareSides(side([tenant(policyLike("allow_all")), api(policyLike("allow_all"))]), side([tenant(policyLike("require_client_grant")), api(policyLike("require_client_grant"))])));
    expect(policies.dcr).toEqual([]);
    expect(policies.apiPolicies.map((s) => [s.subject, s.setting])).toEqual([
      [ORDERS, "user policy"],
      [ORDERS, "client policy"],
    ]);
  });

  test("a removed API's policies are named by its identifier and said removed", () => {
    const api = res("auth0_resource_server", "orders", { identifier: ORDERS, subject_type_authorization: [{ user: [{ policy: "allow_all" }] }] });
    expect(settingChanges(compareSides(side([api]), side([]))).apiPolicies).toEqual([{ subject: ORDERS, setting: "user policy", before: "allow_all", after: undefined }]);
  });
});

describe("environments of base and head (diffSides)", () => {
  const TODAY = "2026-12-01";
  const client = res("auth0_client", "a", { name: "A", is_first_party: true });

  test("an environment only in the head is all created, one only in the base all destroyed", () => {
    const diffs = diffSides(new Map([["old", side([client])]]), new Map([["new", side([client])]]), { today: TODAY });
    expect(diffs.map((d) => [d.name, summary(d.resources)])).toEqual([
      ["new", [["auth0_client.a", "create", []]]],
      ["old", [["auth0_client.a", "delete", []]]],
    ]);
  });

  test("--compare naming an environment that is not there lists the head's environments, comma-separated", () => {
    const sides = new Map([
      ["prod", side([])],
      ["staging", side([])],
    ]);
    expect(() => diffSides(sides, sides, { compare: "prod:qa", today: TODAY })).toThrow("--compare TARGET:SOURCE names two environments, such as prod:staging (have: prod, staging)");
    expect(() => diffSides(sides, sides, { compare: "prod", today: TODAY })).toThrow("(have: prod, staging)");
  });

  test("policy errors in any one environment count; none, or only warnings, do not", () => {
    const finding = (severity: "error" | "warning", suppressed = false) => ({ ruleId: "TPA1", severity, stack: "s", path: "p", message: "m", fix: "f", suppressed });
    const diff = (findings: ReturnType<typeof finding>[]) => ({ name: "e", counts: { add: 0, change: 0, destroy: 0, replace: 0 }, apps: [], grants: [], dcr: [], apiPolicies: [], findings, resources: [] });
    expect(hasPolicyErrors([diff([]), diff([finding("error")])])).toBe(true);
    expect(hasPolicyErrors([diff([finding("warning"), finding("error")])])).toBe(true);
    expect(hasPolicyErrors([diff([finding("warning")]), diff([finding("error", true)])])).toBe(false);
    expect(hasPolicyErrors([])).toBe(false);
  });
});


describe("the Markdown comment", () => {
  // the marker a pipeline finds its earlier comment by; the workflow's fallback comment writes the same text
  const HEADER = ["<!-- tpa-diff -->", "# Auth0 third-party apps: what this change does", ""];
  const QUIET = [...HEADER, "No changes to third-party apps, grants, DCR or API policies, and no open policy findings.", ""].join("\n");
  const NONE = { add: 0, change: 0, destroy: 0, replace: 0 };
  const diff = (extra: Partial<EnvironmentDiff> = {}): EnvironmentDiff => ({ name: "prod", counts: NONE, apps: [], grants: [], dcr: [], apiPolicies: [], findings: [], resources: [], ...extra });
  const finding = (extra: Partial<Finding> = {}): Finding => ({ ruleId: "TPA120", severity: "error", stack: "prod", path: "prod/apps/x", message: "m", fix: "f", suppressed: false, ...extra });
  const suppressed = finding({ suppressed: true, suppression: { reason: "r", expires: "2027-01-31" } });
  const lines = (d: EnvironmentDiff) => renderMarkdown([d]).split("\n");

  test("quiet when no environment has a change or an open finding: none at all, or suppressed findings only", () => {
    expect(renderMarkdown([])).toBe(QUIET);
    expect(renderMarkdown([diff(), diff({ name: "dev", findings: [suppressed] })])).toBe(QUIET);
  });

  test("one environment with a change or an open finding is enough for the full comment, every environment in it", () => {
    const created = change({ address: "auth0_client.a", type: "auth0_client", action: "create" });
    const withChange = renderMarkdown([diff({ name: "dev" }), diff({ resources: [created], counts: { ...NONE, add: 1 } })]);
    expect(withChange).toContain("## `dev`: 0 to add, 0 to change, 0 to destroy, 0 to replace\n\nNo resource changes.\n");
    expect(withChange).toContain("## `prod`: 1 to add, 0 to change, 0 to destroy, 0 to replace\n");
    const withFinding = renderMarkdown([diff({ findings: [finding()] })]);
    expect(withFinding).not.toBe(QUIET);
    expect(withFinding).toContain("**1 error(s), 0 warning(s), 0 suppressed.**");
  });

  test("a whole environment, line by line: banner, apps, grants, DCR, API policies, findings and all resource changes, text from configuration escaped", () => {
    const resources: ResourceChange[] = [
      change({ address: "auth0_client.apps_x_strict", type: "auth0_client", action: "replace", replaces: "auth0_client.apps_x_permissive", changed: ["third_party_security_mode"] }),
      change({ address: "auth0_client.apps_y", type: "auth0_client", action: "replace", changed: ["jwt_configuration"] }),
      change({ address: "auth0_client_grant.g", type: "auth0_client_grant", action: "replace", changed: ["audience"] }),
      change({ address: "auth0_client.gone", type: "auth0_client", action: "delete", changed: ["name"] }),
      change({ address: "auth0_client.apps_z", type: "auth0_client", action: "update", changed: ["callbacks", "logo_uri"] }),
      change({ address: "auth0_client.new", type: "auth0_client", action: "create", changed: ["name"] }),
    ];
    const d = diff({
      name: "prod",
      counts: { add: 1, change: 1, destroy: 1, replace: 3 },
      apps: [
        { address: "a1", name: "X", target: "apps/x", change: "replaced", modeBefore: "permissive", modeAfter: "strict", newClientId: true, changed: [] },
        { address: "a2", name: "Z*", change: "changed", modeBefore: "strict", modeAfter: "strict", newClientId: false, changed: ["callbacks", "logo_uri", "x|y"] },
        { address: "a3", name: "New", change: "added", modeAfter: "absent", newClientId: false, changed: [] },
        { address: "a4", name: "Gone", change: "removed", modeBefore: "permissive", newClientId: false, changed: [] },
        { address: "a5", name: "Bare", change: "changed", newClientId: false, changed: ["name"] },
      ],
      grants: [
        { address: "g1", kind: "default", audience: ORDERS, subjectType: "user", change: "widened and narrowed", addedScopes: ["a", "b"], removedScopes: ["c"] },
        { address: "g2", kind: "per-app", app: "X", audience: ORDERS, subjectType: "client", change: "added", addedScopes: [], removedScopes: [] },
        { address: "g3", kind: "per-app", audience: ORDERS, subjectType: "client", change: "removed", addedScopes: [], removedScopes: [] },
      ],
      dcr: [
        { subject: "auth0_tenant.t", setting: "enable_dynamic_client_registration", before: "false", after: "true" },
        { subject: "auth0_tenant.t", setting: "dynamic_client_registration_security_mode", after: "strict" },
        { subject: "auth0_tenant.t", setting: "x", before: "permissive" },
      ],
      apiPolicies: [
        { subject: ORDERS, setting: "user policy", before: "allow_all", after: "require_client_grant" },
        { subject: ORDERS, setting: "client policy", after: "require_client_grant" },
        { subject: ORDERS, setting: "user policy", before: "allow_all" },
      ],
      findings: [
        finding({ address: "auth0_client.apps_x_strict", target: "apps/x", message: "a *bold* claim", fix: "do | this" }),
        finding({ severity: "warning", ruleId: "TPA122", path: "prod/apis/orders" }),
        finding({ severity: "info", ruleId: "TPA130", path: "prod/apis/orders" }),
        { ...suppressed, ruleId: "TPA112", address: "auth0_client.apps_z" },
      ],
      resources,
    });
    expect(lines(d)).toEqual([
      ...HEADER,
      "## `prod`: 1 to add, 1 to change, 1 to destroy, 3 to replace",
      "",
      "> [!CAUTION]",
      "> This change **destroys or replaces** 4 resource(s) in `prod`:",
      "> - replaces `auth0_client.apps_x_permissive` with `auth0_client.apps_x_strict`: **new client ID**, partners must switch",
      "> - replaces `auth0_client.apps_y`: **new client ID**, partners must switch",
      "> - replaces `auth0_client_grant.g`",
      "> - destroys `auth0_client.gone`",
      "",
      "### Third-party apps",
      "",
      "| app | mode | change |",
      "|---|---|---|",
      "| X (`apps/x`) | permissive → strict | **replaced: new client ID** |",
      "| Z\\* | strict | changed: callbacks, logo_uri, x\\|y |",
      "| New | absent | added |",
      "| Gone | permissive | removed |",
      "| Bare |  | changed: name |",
      "",
      "### Grants",
      "",
      "| grant | API | subject | change | scopes |",
      "|---|---|---|---|---|",
      `| default (all third-party apps) | ${ORDERS} | user | widened and narrowed | +a +b −c |`,
      `| X | ${ORDERS} | client | added |  |`,
      `|  | ${ORDERS} | client | removed |  |`,
      "",
      "### Dynamic Client Registration",
      "",
      "| setting | before | after |",
      "|---|---|---|",
      "| enable_dynamic_client_registration | false | true |",
      "| dynamic_client_registration_security_mode | (unset) | strict |",
      "| x | permissive | (unset) |",
      "",
      "### API access policies",
      "",
      "| API | policy | before | after |",
      "|---|---|---|---|",
      `| ${ORDERS} | user policy | allow_all | require_client_grant |`,
      `| ${ORDERS} | client policy | (none) | require_client_grant |`,
      `| ${ORDERS} | user policy | allow_all | (removed) |`,
      "",
      "### Policy",
      "",
      "**1 error(s), 1 warning(s), 1 suppressed.**",
      "",
      "| | rule | resource | finding | fix or reason |",
      "|---|---|---|---|---|",
      "| ❌ error | TPA120 | `auth0_client.apps_x_strict` `apps/x` | a \\*bold\\* claim | do \\| this |",
      "| ⚠️ warning | TPA122 | `prod/apis/orders` | m | f |",
      "| ℹ️ info | TPA130 | `prod/apis/orders` | m | f |",
      "| suppressed | TPA112 | `auth0_client.apps_z` | m | reason: r (expires 2027-01-31) |",
      "",
      "<details><summary>All resource changes (6)</summary>",
      "",
      "| action | address | attributes |",
      "|---|---|---|",
      "| replace | `auth0_client.apps_x_strict` (was `auth0_client.apps_x_permissive`) | third_party_security_mode |",
      "| replace | `auth0_client.apps_y` | jwt_configuration |",
      "| replace | `auth0_client_grant.g` | audience |",
      "| delete | `auth0_client.gone` |  |",
      "| update | `auth0_client.apps_z` | callbacks, logo_uri |",
      "| create | `auth0_client.new` |  |",
      "",
      "</details>",
      "",
      "",
    ]);
  });

  test("no banner for creates and updates only; no tables for what did not change; findings without a table when there are none", () => {
    const d = diff({ counts: { ...NONE, change: 1 }, resources: [change({ address: "auth0_client.a", type: "auth0_client", action: "update", changed: ["name"] })] });
    expect(lines(d)).toEqual([
      ...HEADER,
      "## `prod`: 0 to add, 1 to change, 0 to destroy, 0 to replace",
      "",
      "### Policy",
      "",
      "**0 error(s), 0 warning(s), 0 suppressed.**",
      "",
      "<details><summary>All resource changes (1)</summary>",
      "",
      "| action | address | attributes |",
      "|---|---|---|",
      "| update | `auth0_client.a` | name |",
      "",
      "</details>",
      "",
      "",
    ]);
  });

  test("an environment without resource changes but with an open finding: said so, and no list of changes", () => {
    expect(lines(diff({ findings: [finding({ severity: "warning" }), suppressed] }))).toEqual([
      ...HEADER,
      "## `prod`: 0 to add, 0 to change, 0 to destroy, 0 to replace",
      "",
      "No resource changes.",
      "",
      "### Policy",
      "",
      "**0 error(s), 1 warning(s), 1 suppressed.**",
      "",
      "| | rule | resource | finding | fix or reason |",
      "|---|---|---|---|---|",
      "| ⚠️ warning | TPA120 | `prod/apps/x` | m | f |",
      "| suppressed | TPA120 | `prod/apps/x` | m | reason: r (expires 2027-01-31) |",
      "",
      "",
    ]);
  });

  test("a replaced resource other than a client is not said to get a new client ID, nor a deleted client", () => {
    const md = renderMarkdown([
      diff({
        resources: [
          change({ address: "auth0_client.c", type: "auth0_client", action: "delete" }),
          change({ address: "auth0_client_credentials.c", type: "auth0_client_credentials", action: "replace", replaces: "auth0_client_credentials.b" }),
        ],
      }),
    ]);
    expect(md).toContain("> - destroys `auth0_client.c`\n> - replaces `auth0_client_credentials.b` with `auth0_client_credentials.c`\n\n");
    expect(md).not.toContain("new client ID");
  });
});

/** The message of the DiffInputError fn throws (the test fails when it throws nothing, or something else). */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DiffInputError);
    return (e as Error).message;
  }
  throw new Error("not refused");
}

describe("inputs: a synth folder", () => {
  const stack = (json: unknown) => JSON.stringify(json);

  test("a folder without stacks/ is refused with what to pass", () => {
    const dir = tmpDir();
    expect(refusal(() => readOutDir(dir))).toBe(`${dir}: no stacks/ folder; pass the folder \`tpa synth --out\` wrote`);
  });

  test("every stack by environment name, in name order; a folder without cdk.tf.json is no environment", () => {
    const names = ["staging", "dev", "prod", "qa", "b", "a"];
    const dir = writeFiles({
      ...Object.fromEntries(names.map((n) => [`stacks/${n}/cdk.tf.json`, stack({ resource: { auth0_client: { [n]: { name: n } } } })])),
      "stacks/empty/readme.txt": "not a stack",
    });
    const sides = readOutDir(dir);
    expect([...sides.keys()]).toEqual(["a", "b", "dev", "prod", "qa", "staging"]);
    expect(sides.get("prod")).toEqual({ name: "prod", resources: [expect.objectContaining({ address: "auth0_client.prod", attributes: { name: "prod" } })], tenant: undefined, profile: undefined, suppressions: [] });
  });

  test("stacks in the order of their names' UTF-16 code units, which is not the byte order a folder lists them in", () => {
    // U+FF41 sorts before U+1F600 by bytes (UTF-8) and after it by UTF-16 code units (U+1F600 is D83D DE00)
    const dir = writeFiles({ "stacks/\uff41/cdk.tf.json": stack({}), "stacks/\u{1F600}/cdk.tf.json": stack({}) });
    expect([...readOutDir(dir).keys()]).toEqual(["\u{1F600}", "\uff41"]);
  });

  test("the tenant facts, profile and suppressions a synth records beside its resources", () => {
    const tpa = { tenant: { environment: "prod", permissiveEligible: true }, profile: "strict-2026-04", suppressions: [{ rule: "TPA120", target: "apps/x", reason: "r", expires: "2027-01-31" }] };
    const side = stackFromJson("prod", { "//": { tpa } });
    expect(side).toEqual({ name: "prod", resources: [], ...tpa });
    expect(stackFromJson("prod", { "//": { metadata: {} } })).toEqual({ name: "prod", resources: [], tenant: undefined, profile: undefined, suppressions: [] });
  });

  test.each([
    ["a JSON list", [], "not a stack `tpa synth` wrote (not a JSON object)"],
    ["null", null, "not a stack `tpa synth` wrote (not a JSON object)"],
    ["a resource list", { resource: [] }, "resource is not an object: not a stack `tpa synth` wrote; synthesize it again"],
    ["a resource string", { resource: "x" }, "resource is not an object: not a stack `tpa synth` wrote; synthesize it again"],
    ["a type's list", { resource: { auth0_client: [] } }, "resource.auth0_client is not an object: not a stack `tpa synth` wrote; synthesize it again"],
    ["a type's null", { resource: { auth0_client: null } }, "resource.auth0_client is not an object: not a stack `tpa synth` wrote; synthesize it again"],
    ["a resource's string", { resource: { auth0_client: { a: {}, b: "x" } } }, "resource.auth0_client.b is not an object: not a stack `tpa synth` wrote; synthesize it again"],
    ["a resource's list", { resource: { auth0_client: { a: [] } } }, "resource.auth0_client.a is not an object: not a stack `tpa synth` wrote; synthesize it again"],
  ])("a stack whose shape is not a synth's is refused where it is wrong: %s", (_what, json, message) => {
    const dir = writeFiles({ "stacks/prod/cdk.tf.json": stack(json) });
    expect(refusal(() => readOutDir(dir))).toBe(`${path.join(dir, "stacks", "prod", "cdk.tf.json")}: ${message}`);
  });

  test("a stack without resources is an environment without resources", () => {
    const dir = writeFiles({ "stacks/prod/cdk.tf.json": stack({ terraform: {} }) });
    expect(readOutDir(dir).get("prod")?.resources).toEqual([]);
  });

  test("a stack that is not JSON, or a folder in its place, is refused naming the file", () => {
    const dir = writeFiles({ "stacks/prod/cdk.tf.json": "{ not json" });
    const file = path.join(dir, "stacks", "prod", "cdk.tf.json");
    expect(refusal(() => readOutDir(dir))).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: not valid JSON: .+$`));
    const folder = writeFiles({ "stacks/prod/cdk.tf.json/inside": "x" });
    expect(refusal(() => readOutDir(folder))).toBe(`${path.join(folder, "stacks", "prod", "cdk.tf.json")}: is a folder, not a file`);
  });
});

describe("inputs: a plan", () => {
  const planFile = (json: unknown) => path.join(writeFiles({ "plan.json": JSON.stringify(json) }), "plan.json");
  const entry = (address: string, extra: Record<string, unknown> = {}) => {
    const [type, name] = address.split(".");
    return { address, type, name, change: { actions: ["create"], before: null, after: { name } }, ...extra };
  };

  test("only managed auth0_* changes count: other providers and data sources do not; a change without a mode is managed", () => {
    const { changes } = readPlan(planFile({ format_version: "1.2", resource_changes: [entry("auth0_client.a"), entry("random_id.r"), entry("auth0_client.d", { mode: "data" }), entry("auth0_client.m", { mode: "managed" })] }));
    expect(changes.map((c) => c.address)).toEqual(["auth0_client.a", "auth0_client.m"]);
  });

  test.each([
    ["no change", { change: undefined }],
    ["a null change", { change: null }],
    ["a change without actions", { change: {} }],
    ["actions that are not a list", { change: { actions: "create", before: null, after: {} } }],
    ["an action that is not text", { change: { actions: ["create", 1], before: null, after: {} } }],
    ["values before that are a list", { change: { actions: ["create"], before: [], after: {} } }],
    ["values after that are text", { change: { actions: ["create"], before: null, after: "x" } }],
  ])("an auth0 resource change Terraform would not write is refused where it is, not read: %s", (_what, extra) => {
    const file = planFile({ format_version: "1.2", resource_changes: [entry("random_id.r", { change: null }), entry("auth0_client.a", extra)] });
    expect(refusal(() => readPlan(file))).toBe(`${file}: resource_changes[1].change is not as \`terraform show -json\` writes it: make the file again from the plan`);
  });

  test("a change without values before and after is read, as one without values", () => {
    const { changes } = readPlan(planFile({ format_version: "1.2", resource_changes: [entry("auth0_client.a", { change: { actions: ["no-op"] } })] }));
    expect(changes.map((c) => c.change)).toEqual([{ actions: ["no-op"] }]);
  });

  test("a plan without resource changes has none", () => {
    expect(readPlan(planFile({ format_version: "1.2", planned_values: {} })).changes).toEqual([]);
  });

  test("what is not a plan, or not JSON, is refused as the diff's input error, naming the file", () => {
    const notPlan = planFile({ hello: 1 });
    expect(refusal(() => readPlan(notPlan))).toBe(`${notPlan}: not a plan in Terraform's JSON format 1.x (make it with \`terraform show -json PLAN > ${notPlan}\`)`);
    const notJson = path.join(writeFiles({ "plan.json": "{" }), "plan.json");
    expect(refusal(() => readPlan(notJson))).toMatch(/:\d+:\d+: not valid JSON: /);
    const missing = path.join(tmpDir(), "none.json");
    expect(refusal(() => readPlan(missing))).toBe(`${missing}: no such file`);
  });

  test("a plan's sides have no resource-block targets (a diff's target is an environment-file address) and keep what else the reader noted", () => {
    const json = readPlan(
      planFile({
        format_version: "1.2",
        resource_changes: [entry("auth0_client.a", { change: { actions: ["delete", "create"], before: { name: "A" }, after: { name: "A2" } } })],
      }),
    ).json;
    const { base, head } = sidesFromPlan("prod", json);
    expect(base).toEqual({ name: "prod", resources: [expect.objectContaining({ address: "auth0_client.a", attributes: { name: "A" }, annotation: { target: undefined } })], suppressions: [] });
    expect(head).toEqual({ name: "prod", resources: [expect.objectContaining({ address: "auth0_client.a", attributes: { name: "A2" }, annotation: { target: undefined, replaced: true } })], suppressions: [] });
  });
});

describe("promotion and plans (run)", () => {
  const TODAY = "2026-12-01";
  const legacy = res("auth0_client", "legacy", { name: "Legacy", is_first_party: false, third_party_security_mode: "permissive" }, { target: "apps/legacy" });
  const suppression = (reason: string) => ({ rule: "TPA120", target: "apps/legacy", reason, expires: "2027-01-31" });
  const tpa120 = (d: EnvironmentDiff) => d.findings.filter((f) => f.ruleId === "TPA120").map((f) => [f.suppressed, f.suppression?.reason]);

  test("a promotion keeps the target's tenant facts and suppressions, not the source's", () => {
    const staging = side([legacy], { name: "staging", tenant: { environment: "staging", permissiveEligible: true }, suppressions: [suppression("staging's own")] });
    const prod = side([], { tenant: { environment: "prod", permissiveEligible: false }, suppressions: [suppression("reviewed for prod (CHG-9)")] });
    const [d] = diffSides(new Map([["prod", prod]]), new Map([["staging", staging]]), { compare: "prod:staging", today: TODAY });
    expect(d.name).toBe("prod ← staging");
    // prod is not eligible for permissive: TPA120, suppressed by prod's suppression
    expect(tpa120(d)).toEqual([[true, "reviewed for prod (CHG-9)"]]);
    const [unsuppressed] = diffSides(new Map([["prod", { ...prod, suppressions: [] }]]), new Map([["staging", staging]]), { compare: "prod:staging", today: TODAY });
    expect(tpa120(unsuppressed)).toEqual([[false, undefined]]);
  });

  test("a promotion into a target without tenant facts judges by the source's", () => {
    const staging = side([legacy], { name: "staging", tenant: { environment: "staging", permissiveEligible: true } });
    const [d] = diffSides(new Map([["prod", side([])]]), new Map([["staging", staging]]), { compare: "prod:staging", today: TODAY });
    // staging is eligible for permissive: no TPA120 (without any tenant facts it would be one)
    expect(tpa120(d)).toEqual([]);
  });

  test("two synth folders are read and compared environment by environment", () => {
    const folder = (resources: Record<string, unknown>) => writeFiles({ "stacks/prod/cdk.tf.json": JSON.stringify({ resource: { auth0_client: resources } }) });
    const diffs = diffSources({ out: folder({ a: { name: "A" } }) }, { out: folder({ a: { name: "B" } }) }, { today: TODAY });
    expect(diffs.map((d) => [d.name, summary(d.resources)])).toEqual([["prod", [["auth0_client.a", "update", ["name"]]]]]);
  });

  const planFile = (json: Record<string, unknown>) => path.join(writeFiles({ "plan.json": JSON.stringify({ format_version: "1.2", ...json }) }), "plan.json");
  const PERMISSIVE = { is_first_party: false, third_party_security_mode: "permissive" };
  const legacyUpdate = { address: "auth0_client.legacy", type: "auth0_client", name: "legacy", change: { actions: ["update"], before: { name: "Old", ...PERMISSIVE }, after: { name: "Legacy", ...PERMISSIVE } } };
  const portalCreate = { address: "auth0_client.portal", type: "auth0_client", name: "portal", change: { actions: ["create"], before: null, after: { name: "Portal", is_first_party: false, third_party_security_mode: "strict" } } };

  test("a plan without a synthesized stack: no suppressions, no tenant facts; each change's sides are the plan's before and after", () => {
    const [d] = diffPlan(planFile({ resource_changes: [legacyUpdate, portalCreate] }), { environment: "prod", today: TODAY });
    expect(d.findings.filter((f) => f.suppressed)).toEqual([]);
    expect(tpa120(d)).toEqual([[false, undefined]]);
    expect(d.apps.map((a) => [a.name, a.change, a.modeBefore, a.modeAfter, a.changed, a.target])).toEqual([
      ["Legacy", "changed", "permissive", "permissive", ["name"], undefined],
      // a plan's create lists what it sets
      ["Portal", "added", undefined, "strict", ["is_first_party", "name", "third_party_security_mode"], undefined],
    ]);
  });

  test("a plan with its synthesized stack: the stack's suppressions and tenant facts judge it, its targets name the apps", () => {
    const stack = side([legacy], { suppressions: [suppression("known (CHG-2)")], tenant: { environment: "prod", permissiveEligible: false } });
    const [d] = diffPlan(planFile({ resource_changes: [legacyUpdate] }), { environment: "prod", today: TODAY, stack });
    expect(tpa120(d)).toEqual([[true, "known (CHG-2)"]]);
    expect(d.apps.map((a) => a.target)).toEqual(["apps/legacy"]);
  });

  test("a change's before is the plan's prior state, as the policy's baseline: not in the prior state, no before", () => {
    const planned = { root_module: { resources: [{ address: "auth0_client.legacy", mode: "managed", type: "auth0_client", name: "legacy", values: legacyUpdate.change.after }] } };
    const [d] = diffPlan(planFile({ resource_changes: [legacyUpdate], planned_values: planned, prior_state: { values: { root_module: { resources: [] } } } }), { environment: "prod", today: TODAY });
    expect(d.apps.map((a) => [a.name, a.modeBefore, a.modeAfter])).toEqual([["Legacy", undefined, "permissive"]]);
  });
});

describe("a configuration folder as a side (synthesized in memory)", () => {
  const files = {
    "prod.yaml": [
      "tenant: { domain: acme-prod.eu.auth0.com, permissiveEligible: false }",
      "gates: { protectFromDestroy: true }",
      "apps:",
      "  - { id: portal, name: Portal, mode: strict, callbacks: [https://p.example.com/cb] }",
      // permissive in a tenant not eligible: TPA120, an error the in-memory synth must not stop at
      "  - { id: legacy, name: Legacy, mode: permissive, justification: needs ID tokens for now, reviewBy: 2031-06-30, callbacks: [https://l.example.com/cb] }",
      "suppressions:",
      "  - { rule: TPA403, target: apps/legacy, reason: retiring the legacy app (CHG-1234), expires: 2030-01-01 }",
      "",
    ].join("\n"),
  };
  const lifecycleOf = (sides: Map<string, StackSide>, name: string) => sides.get("prod")?.resources.find((r) => r.name === name)?.attributes.lifecycle;

  test("judged on the day given: a TPA403 suppression lifts prevent_destroy until it expires; a head the policy blocks is still read; nothing is left behind", () => {
    const config = writeFiles(files);
    // the scratch folder cdktf's App needs goes to a folder of this test's own, to see that none is left
    const scratch = tmpDir();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tmpdir = jest.spyOn(require("node:os") as typeof import("node:os"), "tmpdir").mockReturnValue(scratch);
    let before: Map<string, StackSide>, after: Map<string, StackSide>, scratchAsked: number;
    try {
      before = readSide({ config }, "2029-12-31");
      after = readSide({ config }, "2030-01-02");
    } finally {
      scratchAsked = tmpdir.mock.calls.length;
      tmpdir.mockRestore();
    }
    expect(scratchAsked).toBeGreaterThan(0);
    expect(fs.readdirSync(scratch)).toEqual([]);
    expect([...before.keys()]).toEqual(["prod"]);
    expect(lifecycleOf(before, "apps_legacy_permissive")).toBeUndefined();
    expect(lifecycleOf(after, "apps_legacy_permissive")).toEqual({ prevent_destroy: true });
    expect(lifecycleOf(before, "apps_portal_strict")).toEqual({ prevent_destroy: true });
    expect(before.get("prod")?.tenant).toEqual(expect.objectContaining({ permissiveEligible: false }));
  });
});
