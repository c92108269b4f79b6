// The pull-request report, piece by piece, from hand-made stacks (no synth): what each kind of change becomes in
// the JSON and in the Markdown. The end-to-end cases (real synths, the CLI) are in diff.test.ts.
import * as path from "node:path";
import { compareSides } from "../diff/compare";
import { environmentDiff } from "../diff/environment-diff";
import type { StackSide } from "../diff/inputs";
import { COMMENT_MARKER, renderMarkdown } from "../diff/markdown";
import { diffPlan, diffSides, hasPolicyErrors } from "../diff/run";
import type { PolicyResource } from "../policy";
import { writeFiles } from "./support/tmp";

const TODAY = "2026-12-01";
type R = [type: string, name: string, attributes: Record<string, unknown>, annotation?: PolicyResource["annotation"]];
const resource = ([type, name, attributes, annotation]: R): PolicyResource => ({ type, name, address: `${type}.${name}`, attributes, annotation: annotation ?? {} });
const side = (resources: R[], extra: Partial<StackSide> = {}): StackSide => ({
  name: "prod",
  resources: resources.map(resource),
  tenant: { environment: "prod", permissiveEligible: true },
  suppressions: [],
  ...extra,
});
const report = (base: StackSide, head: StackSide) => environmentDiff("prod", base, head, compareSides(base, head), TODAY);

const ORDERS = "https://api.acme.test/orders";
const client = (name: string, extra: Record<string, unknown> = {}): R => [
  "auth0_client",
  name,
  {
    name: `App ${name}`,
    app_type: "regular_web",
    is_first_party: false,
    third_party_security_mode: "strict",
    grant_types: ["authorization_code", "refresh_token"],
    callbacks: ["https://app.example.com/cb"],
    oidc_conformant: true,
    jwt_configuration: [{ alg: "RS256" }],
    refresh_token: [{ expiration_type: "expiring", rotation_type: "rotating", token_lifetime: 2592000, idle_token_lifetime: 1296000, infinite_idle_token_lifetime: false, infinite_token_lifetime: false }],
    ...extra,
  },
  { target: `apps/${name}` },
];
const api = (policy = "require_client_grant"): R => [
  "auth0_resource_server",
  "orders",
  { identifier: ORDERS, name: "Orders", subject_type_authorization: [{ user: [{ policy }], client: [{ policy: "require_client_grant" }] }] },
];
const grant = (name: string, scopes: string[], extra: Record<string, unknown> = {}): R => [
  "auth0_client_grant",
  name,
  { client_id: "${auth0_client.portal.client_id}", audience: ORDERS, subject_type: "user", scopes, ...extra },
];
const tenant = (mode: string, enabled = true): R => [
  "auth0_tenant",
  "dcr",
  { flags: [{ enable_dynamic_client_registration: enabled }], dynamic_client_registration_security_mode: mode },
];

describe("what each change becomes", () => {
  test("grants: widened, narrowed, both, and changed without a scope change; named by their client", () => {
    const base = side([client("portal"), grant("w", ["a"]), grant("n", ["a", "b"]), grant("b", ["a"]), grant("c", ["a"], { allow_any_organization: false })]);
    const head = side([client("portal"), grant("w", ["a", "b"]), grant("n", ["a"]), grant("b", ["b"]), grant("c", ["a"], { allow_any_organization: true })]);
    const d = report(base, head);
    expect(d.grants.map((g) => [g.address, g.kind, g.app, g.change, g.addedScopes, g.removedScopes])).toEqual([
      ["auth0_client_grant.b", "per-app", "App portal", "widened and narrowed", ["b"], ["a"]],
      ["auth0_client_grant.c", "per-app", "App portal", "changed", [], []],
      ["auth0_client_grant.n", "per-app", "App portal", "narrowed", [], ["b"]],
      ["auth0_client_grant.w", "per-app", "App portal", "widened", ["b"], []],
    ]);
    const md = renderMarkdown([d]);
    expect(md).toContain(`| App portal | ${ORDERS} | user | widened and narrowed | +b −a |`);
    expect(md).toContain(`| App portal | ${ORDERS} | user | narrowed | −a |`.replace("−a", "−b"));
    expect(md).toContain(`| App portal | ${ORDERS} | user | changed |  |`);
    expect(d.counts).toEqual({ add: 0, change: 4, destroy: 0, replace: 0 });
  });

  test("grants added and removed list only their own scopes; a grant of an unknown client names its client_id", () => {
    const base = side([grant("gone", ["a", "b"], { client_id: "tpc_literal" })]);
    const head = side([grant("new", ["c"], { client_id: "${auth0_client.missing.client_id}" })]);
    const d = report(base, head);
    expect(d.grants.map((g) => [g.address, g.app, g.change, g.addedScopes, g.removedScopes])).toEqual([
      ["auth0_client_grant.gone", "tpc_literal", "removed", [], ["a", "b"]],
      ["auth0_client_grant.new", "${auth0_client.missing.client_id}", "added", ["c"], []],
    ]);
    expect(d.counts).toEqual({ add: 1, change: 0, destroy: 1, replace: 0 });
  });

  test("a client is found by its client_id too (a plan's literal IDs)", () => {
    const c: R = ["auth0_client", "portal", { name: "Portal", client_id: "tpc_abc", is_first_party: false }];
    const d = report(side([c, grant("g", ["a"], { client_id: "tpc_abc" })]), side([c, grant("g", ["a", "b"], { client_id: "tpc_abc" })]));
    expect(d.grants[0].app).toBe("Portal");
  });

  test("apps: changed attributes, removed with their mode; first-party clients are not third-party apps", () => {
    const base = side([client("portal"), client("old", { third_party_security_mode: "permissive" }), ["auth0_client", "spa", { name: "Own SPA", is_first_party: true }]]);
    const head = side([client("portal", { callbacks: ["https://app.example.com/cb2"] }), ["auth0_client", "spa", { name: "Own SPA 2", is_first_party: true }]]);
    const d = report(base, head);
    expect(d.apps.map((a) => [a.name, a.target, a.change, a.modeBefore, a.modeAfter, a.newClientId, a.changed])).toEqual([
      ["App old", "apps/old", "removed", "permissive", undefined, false, []],
      ["App portal", "apps/portal", "changed", "strict", "strict", false, ["callbacks"]],
    ]);
    const md = renderMarkdown([d]);
    expect(md).toContain("| App portal (`apps/portal`) | strict | changed: callbacks |");
    expect(md).toContain("| App old (`apps/old`) | permissive | removed |");
    expect(md).toContain("> - destroys `auth0_client.old`");
    expect(md).toContain("| update | `auth0_client.portal` | callbacks |");
    expect(md).toContain("| delete | `auth0_client.old` |  |");
    expect(md).toMatch(/## `prod`: 0 to add, 2 to change, 1 to destroy, 0 to replace/);
  });

  test("DCR and API access policies, before and after", () => {
    const d = report(side([tenant("permissive", false), api("require_client_grant")]), side([tenant("strict", true), api("allow_all")]));
    expect(d.dcr).toEqual([
      { subject: "auth0_tenant.dcr", setting: "enable_dynamic_client_registration", before: "false", after: "true" },
      { subject: "auth0_tenant.dcr", setting: "dynamic_client_registration_security_mode", before: "permissive", after: "strict" },
    ]);
    expect(d.apiPolicies).toEqual([{ subject: ORDERS, setting: "user policy", before: "require_client_grant", after: "allow_all" }]);
    const md = renderMarkdown([d]);
    expect(md).toContain("### Dynamic Client Registration\n\n| setting | before | after |\n|---|---|---|\n| enable_dynamic_client_registration | false | true |");
    expect(md).toContain(`### API access policies\n\n| API | policy | before | after |\n|---|---|---|---|\n| ${ORDERS} | user policy | require_client_grant | allow_all |`);
  });

  test("a new DCR setting and a removed API: unset and removed are said so", () => {
    const d = report(side([api()]), side([tenant("strict")]));
    expect(d.dcr).toEqual([
      { subject: "auth0_tenant.dcr", setting: "enable_dynamic_client_registration", before: undefined, after: "true" },
      { subject: "auth0_tenant.dcr", setting: "dynamic_client_registration_security_mode", before: undefined, after: "strict" },
    ]);
    const md = renderMarkdown([d]);
    expect(md).toContain("| enable_dynamic_client_registration | (unset) | true |");
    expect(md).toContain(`| ${ORDERS} | user policy | require_client_grant | (removed) |`);
    expect(md).toContain(`| ${ORDERS} | client policy | require_client_grant | (removed) |`);
  });
});

describe("findings in the report", () => {
  test("errors, warnings and suppressions, with fix or reason; exit 1 only for an open error", () => {
    const permissive = client("legacy", { third_party_security_mode: "permissive", client_metadata: {} });
    const head = side([permissive, api("allow_all"), client("portal", { redirection_policy: "allow_always" })], {
      suppressions: [{ rule: "TPA112", target: "apps/portal", reason: "our own hosts | only", expires: "2027-01-31" }],
    });
    const d = report(side([]), head);
    const rules = d.findings.map((f) => [f.ruleId, f.severity, f.suppressed]);
    expect(rules).toEqual(expect.arrayContaining([["TPA121", "error", false], ["TPA122", "warning", false], ["TPA112", "warning", true]]));
    const md = renderMarkdown([d]);
    expect(md).toMatch(/\*\*\d+ error\(s\), \d+ warning\(s\), 1 suppressed\.\*\*/);
    expect(md).toMatch(/\| ❌ error \| TPA121 \| `auth0_client\.legacy` `apps\/legacy` \| /);
    expect(md).toMatch(/\| ⚠️ warning \| TPA122 \| /);
    // the reason is data: a pipe in it cannot break the table
    expect(md).toContain("| suppressed | TPA112 | `auth0_client.portal` `apps/portal` | ");
    expect(md).toContain("reason: our own hosts \\| only (expires 2027-01-31) |");
    expect(hasPolicyErrors([d])).toBe(true);
    const onlyWarnings = report(side([]), side([api("allow_all"), client("p2", { third_party_security_mode: "permissive", client_metadata: { tpa_justification: "needs ID tokens for now", tpa_review_by: "2027-06-30" } })]));
    expect(onlyWarnings.findings.filter((f) => f.severity === "error" && !f.suppressed).map((f) => f.ruleId + f.message)).toEqual([]);
    expect(hasPolicyErrors([onlyWarnings])).toBe(false);
  });

  test("a head without tenant facts is judged as not eligible for permissive, with the newest profile", () => {
    const head = side([client("legacy", { third_party_security_mode: "permissive" })], { tenant: undefined });
    const d = report(side([]), head);
    expect(d.findings.map((f) => f.ruleId)).toContain("TPA120");
    const eligible = report(side([]), side([client("legacy", { third_party_security_mode: "permissive" })]));
    expect(eligible.findings.map((f) => f.ruleId)).not.toContain("TPA120");
    const old = report(side([]), side([client("cc", { grant_types: ["client_credentials"], token_endpoint_auth_method: "client_secret_post", app_type: "non_interactive" })], { profile: "strict-2026-04" }));
    expect(old.findings.map((f) => f.ruleId)).toContain("TPA101");
    const newest = report(side([]), side([client("cc", { grant_types: ["client_credentials"], token_endpoint_auth_method: "client_secret_post", app_type: "non_interactive" })]));
    expect(newest.findings.map((f) => f.ruleId)).not.toContain("TPA101");
  });
});

describe("the comment", () => {
  test("no change and no open finding: one quiet line; open findings without changes are still listed", () => {
    const same = side([api()]);
    expect(renderMarkdown([report(same, same)])).toBe(
      `${COMMENT_MARKER}\n# Auth0 third-party apps: what this change does\n\nNo changes to third-party apps, grants, DCR or API policies, and no open policy findings.\n`,
    );
    const open = side([client("legacy", { third_party_security_mode: "permissive" })], { tenant: undefined });
    const md = renderMarkdown([report(open, open)]);
    expect(md).toContain("No resource changes.");
    expect(md).toContain("TPA120");
    expect(md).not.toContain("<details>");
  });

  test("a replacement at the same address is bannered without a 'with'; only a client's says new client ID", () => {
    const d = report(side([grant("g", ["a"])]), side([grant("g", ["a"], { audience: "https://api.acme.test/billing" })]));
    const md = renderMarkdown([d]);
    expect(md).toContain("> This change **destroys or replaces** 1 resource(s) in `prod`:\n> - replaces `auth0_client_grant.g`\n");
    expect(md).not.toContain("new client ID");
    expect(md).toContain("| replace | `auth0_client_grant.g` | audience |");
  });

  test("names in tables are data: pipes and newlines are escaped, backticks cannot close code", () => {
    const d = report(side([]), side([client("x", { name: "A | B\nC" }), ["auth0_client_grant", "g`x", { client_id: "${auth0_client.x.client_id}", audience: ORDERS, subject_type: "user", scopes: ["a|b"] }]]));
    const md = renderMarkdown([d]);
    expect(md).toContain("| A \\| B C (`apps/x`) | strict | added |");
    expect(md).toContain("| A \\| B C | https://api.acme.test/orders | user | added | +a\\|b |");
    expect(md).toContain("`auth0_client_grant.g'x`");
  });
});

describe("environments of base and head", () => {
  test("an environment only in the base is destroyed; one only in the head is created", () => {
    const diffs = diffSides(new Map([["old", side([api()], { name: "old" })]]), new Map([["new", side([api()], { name: "new" })]]), { today: TODAY });
    expect(diffs.map((d) => [d.name, d.counts])).toEqual([
      ["new", { add: 1, change: 0, destroy: 0, replace: 0 }],
      ["old", { add: 0, change: 0, destroy: 1, replace: 0 }],
    ]);
  });

  test("--compare TARGET:SOURCE judges the source's resources by the target's tenant and suppressions", () => {
    const staging = side([client("legacy", { third_party_security_mode: "permissive", client_metadata: { tpa_justification: "needs ID tokens for now", tpa_review_by: "2027-06-30" } })], {
      name: "staging",
      tenant: { environment: "staging", permissiveEligible: true },
    });
    const prod = side([], { tenant: { environment: "prod", permissiveEligible: true, gates: { forbidPermissive: true, requireStrictDcr: false, protectFromDestroy: false } } });
    const [d] = diffSides(new Map([["prod", prod]]), new Map([["staging", staging]]), { compare: "prod:staging", today: TODAY });
    expect(d.name).toBe("prod ← staging");
    expect(d.findings.map((f) => f.ruleId)).toContain("TPA404");
    for (const bad of ["prod", "prod:", "prod:nowhere", "nowhere:staging"]) {
      expect(() => diffSides(new Map([["prod", prod]]), new Map([["staging", staging]]), { compare: bad, today: TODAY })).toThrow(
        /--compare TARGET:SOURCE names two environments, such as prod:staging \(have: staging\)/,
      );
    }
  });
});

describe("lookups the report depends on", () => {
  test("a grant with a literal client ID names the client that has that ID, not the first client", () => {
    const a: R = ["auth0_client", "a", { name: "First", client_id: "tpc_a", is_first_party: false }];
    const b: R = ["auth0_client", "b", { name: "Second", client_id: "tpc_b", is_first_party: false }];
    const d = report(side([a, b, grant("g", ["x"], { client_id: "tpc_b" })]), side([a, b, grant("g", ["x", "y"], { client_id: "tpc_b" })]));
    expect(d.grants.map((g) => g.app)).toEqual(["Second"]);
    const byRef = report(side([a, b, grant("g", ["x"], { client_id: "${auth0_client.b.client_id}" })]), side([a, b, grant("g", ["y"], { client_id: "${auth0_client.b.client_id}" })]));
    expect(byRef.grants.map((g) => g.app)).toEqual(["Second"]);
  });

  test("ForceNew values that are null or unset are the same; a nested block that disappears is a change", () => {
    const g = (extra: Record<string, unknown>) => side([["auth0_client_grant", "g", { ...extra, scopes: [] }]]);
    expect(compareSides(g({ default_for: null }), g({})).map((c) => c.action)).toEqual([]);
    expect(compareSides(g({ default_for: "third_party_clients" }), g({ default_for: null })).map((c) => c.action)).toEqual(["replace"]);
    const c = (jwt: unknown) => side([["auth0_client", "c", { name: "C", jwt_configuration: jwt }]]);
    expect(compareSides(c([{ secret_encoded: true }]), c(null)).map((x) => x.action)).toEqual(["replace"]);
    expect(compareSides(c([{ secret_encoded: true }]), c("x")).map((x) => x.action)).toEqual(["replace"]);
    expect(compareSides(c([{ alg: "RS256" }]), c(null)).map((x) => x.action)).toEqual(["update"]);
  });
});

describe("plans", () => {
  const plan = (changes: { address: string; actions: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[]) => {
    const file = path.join(writeFiles({ "plan.json": JSON.stringify({
      format_version: "1.2",
      resource_changes: changes.map((c) => ({ address: c.address, type: c.address.split(".")[0], name: c.address.split(".")[1], change: { actions: c.actions, before: c.before, after: c.after } })),
    }) }), "plan.json");
    return file;
  };

  test("a mode switch in a plan pairs the delete and the create of the same type and app, attributes from both", () => {
    const file = plan([
      { address: "auth0_client.apps_x_permissive", actions: ["delete"], before: { name: "X", is_first_party: false, third_party_security_mode: "permissive" }, after: null },
      { address: "auth0_client_credentials.apps_x_permissive_credentials", actions: ["delete"], before: { authentication_method: "client_secret_post" }, after: null },
      { address: "auth0_client.apps_y_permissive", actions: ["delete"], before: { name: "Y", is_first_party: false, third_party_security_mode: "permissive" }, after: null },
      { address: "auth0_client.apps_x_strict", actions: ["create"], after: { name: "X", is_first_party: false, third_party_security_mode: "strict" }, before: null },
      { address: "auth0_client_credentials.apps_x_strict_credentials", actions: ["create"], after: { authentication_method: "client_secret_post" }, before: null },
    ]);
    const [d] = diffPlan(file, { environment: "prod", today: TODAY });
    expect(d.resources.map((r) => [r.address, r.action, r.replaces, r.changed])).toEqual([
      ["auth0_client_credentials.apps_x_strict_credentials", "replace", "auth0_client_credentials.apps_x_permissive_credentials", []],
      ["auth0_client.apps_x_strict", "replace", "auth0_client.apps_x_permissive", ["third_party_security_mode"]],
      // a plan's delete lists what it had
      ["auth0_client.apps_y_permissive", "delete", undefined, ["is_first_party", "name", "third_party_security_mode"]],
    ]);
    // no synthesized stack: not eligible for permissive, no annotations
    expect(d.apps.map((a) => [a.name, a.change, a.target])).toEqual([["X", "replaced", undefined], ["Y", "removed", undefined]]);
  });

  test("with the synthesized stack, a plan's resources get their environment-file targets and the tenant's facts", () => {
    const file = plan([{ address: "auth0_client.apps_x_permissive", actions: ["create"], before: null, after: { name: "X", is_first_party: false, third_party_security_mode: "permissive" } }]);
    const stack = side([["auth0_client", "apps_x_permissive", { name: "X" }, { target: "apps/x" }]], {
      tenant: { environment: "prod", permissiveEligible: false },
      suppressions: [{ rule: "TPA120", target: "apps/x", reason: "tested in review (CHG-1)", expires: "2027-01-31" }],
    });
    const [d] = diffPlan(file, { environment: "prod", stack, today: TODAY });
    expect(d.apps.map((a) => a.target)).toEqual(["apps/x"]);
    expect(d.findings.filter((f) => f.ruleId === "TPA120").map((f) => [f.target, f.suppressed])).toEqual([["apps/x", true]]);
    const [without] = diffPlan(file, { environment: "prod", today: TODAY });
    expect(without.findings.filter((f) => f.ruleId === "TPA120").map((f) => f.suppressed)).toEqual([false]);
  });
});
