// What Terraform replaces is reported as a replacement, never as an update: a change of a ForceNew attribute
// (the provider's Go schema, provider-schema/optional-computed.json) and a plan's delete+create of one address.
import * as fs from "node:fs";
import * as path from "node:path";
import { changesFromPlan, compareSides, forcesReplacement, readForceNewFacts } from "../diff/compare";
import type { PlanResourceChange, StackSide } from "../diff/inputs";
import { tpa } from "./support/cli";
import { writeFiles } from "./support/tmp";
import { withToday } from "./support/today";

const side = (...resources: [type: string, name: string, attributes: Record<string, unknown>][]): StackSide => ({
  name: "prod",
  resources: resources.map(([type, name, attributes]) => ({ type, name, address: `${type}.${name}`, attributes, annotation: {} })),
  suppressions: [],
});
const actions = (base: StackSide, head: StackSide) =>
  compareSides(base, head)
    .map((c) => [c.address, c.action, c.changed] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));

const GRANT = { client_id: "${auth0_client.portal.client_id}", audience: "https://api.acme.test/orders", subject_type: "user", scopes: ["read:orders"] };

describe("ForceNew attributes (auth0/auth0 1.55.0 Go schema)", () => {
  test("the facts are the provider's: grants, APIs, credentials", () => {
    expect(readForceNewFacts()).toEqual(
      expect.arrayContaining([
        "auth0_client_grant.audience",
        "auth0_client_grant.client_id",
        "auth0_client_grant.default_for",
        "auth0_client_grant.subject_type",
        "auth0_resource_server.identifier",
        "auth0_resource_server_scopes.resource_server_identifier",
        "auth0_client_credentials.client_id",
        "auth0_client.jwt_configuration.secret_encoded",
      ]),
    );
    // a mode change is not ForceNew in the provider: it plans in place (and Auth0 rejects it), hence TPA401
    expect(readForceNewFacts()).not.toContain("auth0_client.third_party_security_mode");
  });

  test.each([
    ["audience", { audience: "https://api.acme.test/billing" }],
    ["subject_type", { subject_type: "client" }],
    ["client_id", { client_id: "${auth0_client.other.client_id}" }],
  ])("a grant whose %s changes is replaced", (attribute, change) => {
    const base = side(["auth0_client_grant", "g", GRANT]);
    const head = side(["auth0_client_grant", "g", { ...GRANT, ...change }]);
    expect(actions(base, head)).toEqual([["auth0_client_grant.g", "replace", [attribute]]]);
  });

  test("a grant whose scopes change is updated in place", () => {
    const base = side(["auth0_client_grant", "g", GRANT]);
    const head = side(["auth0_client_grant", "g", { ...GRANT, scopes: ["read:orders", "write:orders"] }]);
    expect(actions(base, head)).toEqual([["auth0_client_grant.g", "update", ["scopes"]]]);
  });

  test("a ForceNew attribute inside a block: jwt_configuration.secret_encoded replaces the client, alg does not", () => {
    const client = (jwt: Record<string, unknown>) => side(["auth0_client", "c", { name: "C", jwt_configuration: [jwt] }]);
    expect(actions(client({ alg: "RS256" }), client({ alg: "RS256", secret_encoded: true }))).toEqual([
      ["auth0_client.c", "replace", ["jwt_configuration"]],
    ]);
    expect(actions(client({ alg: "RS256" }), client({ alg: "HS256" }))).toEqual([["auth0_client.c", "update", ["jwt_configuration"]]]);
    expect(forcesReplacement("auth0_client", { jwt_configuration: { secret_encoded: false } }, { jwt_configuration: { secret_encoded: true } })).toBe(true);
    expect(forcesReplacement("auth0_client", { name: "a" }, { name: "b" })).toBe(false);
    expect(forcesReplacement("auth0_unknown_type", { identifier: "a" }, { identifier: "b" })).toBe(false);
  });

  test("what refers to a replaced resource through a ForceNew attribute is replaced with it, transitively", () => {
    const client = (secretEncoded: boolean): [string, string, Record<string, unknown>] => [
      "auth0_client",
      "c",
      { name: "C", jwt_configuration: [{ alg: "HS256", secret_encoded: secretEncoded }] },
    ];
    const grant = (ref: string): [string, string, Record<string, unknown>] => ["auth0_client_grant", "g", { ...GRANT, client_id: ref }];
    const credentials: [string, string, Record<string, unknown>] = ["auth0_client_credentials", "k", { client_id: "${auth0_client.c.client_id}" }];
    // client_id is computed: a new client has a new one, so the grant and the credentials are re-created
    expect(actions(side(client(false), grant("${auth0_client.c.client_id}"), credentials), side(client(true), grant("${auth0_client.c.client_id}"), credentials))).toEqual([
      ["auth0_client.c", "replace", ["jwt_configuration"]],
      ["auth0_client_credentials.k", "replace", ["client_id"]],
      ["auth0_client_grant.g", "replace", ["client_id"]],
    ]);
    // a configured value that the replacement keeps does not change: no replacement
    expect(actions(side(client(false), grant("${auth0_client.c.name}")), side(client(true), grant("${auth0_client.c.name}")))).toEqual([
      ["auth0_client.c", "replace", ["jwt_configuration"]],
    ]);
    // an updated (not replaced) client keeps its client_id
    const renamed: [string, string, Record<string, unknown>] = ["auth0_client", "c", { name: "D", jwt_configuration: [{ alg: "HS256", secret_encoded: false }] }];
    expect(actions(side(client(false), credentials), side(renamed, credentials))).toEqual([["auth0_client.c", "update", ["name"]]]);
    // two hops: API identifier → scopes resource (by identifier) → a hypothetical resource referring to the scopes' id
    const api = (id: string): [string, string, Record<string, unknown>] => ["auth0_resource_server", "a", { identifier: id }];
    const scopes: [string, string, Record<string, unknown>] = ["auth0_resource_server_scopes", "s", { resource_server_identifier: "${auth0_resource_server.a.identifier}" }];
    const hop: [string, string, Record<string, unknown>] = ["auth0_client_grant", "h", { ...GRANT, audience: "${auth0_resource_server_scopes.s.id}" }];
    expect(actions(side(api("x"), scopes, hop), side(api("y"), scopes, hop))).toEqual([
      ["auth0_client_grant.h", "replace", ["audience"]],
      ["auth0_resource_server.a", "replace", ["identifier"]],
      ["auth0_resource_server_scopes.s", "replace", ["resource_server_identifier"]],
    ]);
  });

  test("an API's identifier changed in the environment file: the API and its grants are replaced (tpa diff)", () => {
    const env = (identifier: string) => ({
      "prod.yaml": [
        "tenant: { domain: acme-prod.eu.auth0.com }",
        `apis:\n  - { id: orders, identifier: ${identifier}, scopes: [read:orders] }`,
        "defaultPermissions:\n  - { api: orders, subjectType: user, scopes: [read:orders] }",
        "apps:\n  - { id: portal, name: Portal, mode: strict, callbacks: [https://p.example.com/cb], apis: [orders] }",
        "",
      ].join("\n"),
    });
    const result = withToday("2026-12-01", () =>
      tpa("diff", "--base-config", writeFiles(env("https://api.acme.test/orders")), "--head-config", writeFiles(env("https://orders.acme.test/")), "--format", "json"),
    );
    const [prod] = JSON.parse(result.stdout).environments;
    const byAddress = Object.fromEntries(prod.resources.map((r: { address: string; action: string }) => [r.address, r.action]));
    expect(byAddress).toEqual({
      "auth0_resource_server.apis_orders": "replace",
      "auth0_client_grant.apis_orders_default-user": "replace",
      // the scopes resource names the API by identifier (ForceNew too)
      "auth0_resource_server_scopes.apis_orders_scopes": "replace",
    });
    expect(prod.counts).toEqual({ add: 0, change: 0, destroy: 0, replace: 3 });
  });
});

describe("a plan's delete+create of one address", () => {
  const change = (address: string, acts: string[], before: Record<string, unknown> | null, after: Record<string, unknown> | null): PlanResourceChange => {
    const [type, name] = address.split(".");
    return { address, type, name, mode: "managed", change: { actions: acts, before, after } };
  };

  test.each([
    ["delete, then create (Terraform's default)", ["delete", "create"]],
    ["create, then delete (create_before_destroy)", ["create", "delete"]],
  ])("%s is a replacement", (_what, acts) => {
    const changes = changesFromPlan([change("auth0_client_grant.g", acts, GRANT, { ...GRANT, audience: "https://orders.acme.test/" })]);
    expect(changes.map((c) => [c.address, c.action, c.changed, c.replaces])).toEqual([["auth0_client_grant.g", "replace", ["audience"], undefined]]);
  });

  test("update, create, delete and no-op keep their meaning", () => {
    const changes = changesFromPlan([
      change("auth0_client_grant.u", ["update"], GRANT, { ...GRANT, scopes: [] }),
      change("auth0_client_grant.c", ["create"], null, GRANT),
      change("auth0_client_grant.d", ["delete"], GRANT, null),
      change("auth0_client_grant.n", ["no-op"], GRANT, GRANT),
      change("auth0_client_grant.r", ["read"], GRANT, GRANT),
    ]);
    expect(changes.map((c) => [c.address, c.action])).toEqual([
      ["auth0_client_grant.c", "create"],
      ["auth0_client_grant.d", "delete"],
      ["auth0_client_grant.u", "update"],
    ]);
  });

  test("tpa diff --plan: the replacement is counted, bannered and listed as such", () => {
    const plan = {
      format_version: "1.2",
      terraform_version: "1.11.4",
      resource_changes: [
        change("auth0_client_grant.apis_orders_default-user", ["delete", "create"], { ...GRANT, client_id: null, default_for: "third_party_clients" }, {
          ...GRANT,
          client_id: null,
          default_for: "third_party_clients",
          audience: "https://orders.acme.test/",
        }),
        change("auth0_resource_server.apis_orders", ["update"], { identifier: "x", name: "Orders" }, { identifier: "x", name: "Orders API" }),
      ],
    };
    const file = path.join(writeFiles({ "plan.json": JSON.stringify(plan) }), "plan.json");
    expect(fs.existsSync(file)).toBe(true);
    const run = (...args: string[]) => withToday("2026-12-01", () => tpa("diff", "--plan", file, "--environment", "prod", "--synth", path.dirname(file), ...args));
    const [prod] = JSON.parse(run("--format", "json").stdout).environments;
    expect(prod.counts).toEqual({ add: 0, change: 1, destroy: 0, replace: 1 });
    const markdown = run().stdout;
    expect(markdown).toMatch(/> - replaces `auth0_client_grant\.apis_orders_default-user`\n/);
    expect(markdown).toMatch(/\| replace \| `auth0_client_grant\.apis_orders_default-user` \| audience \|/);
    expect(markdown).toMatch(/\| default \(all third-party apps\) \| https:\/\/orders\.acme\.test\/ \| user \| replaced \|/);
  });
});

describe("what is and is not a change", () => {
  test("cdktf's metadata, key order and null versus unset are not changes; a nested value or a list order is", () => {
    const base = side(["auth0_client", "c", { name: "C", "//": { metadata: 1 }, jwt_configuration: [{ alg: "RS256", lifetime_in_seconds: 36000 }], logo_uri: null }]);
    const same = side(["auth0_client", "c", { jwt_configuration: [{ lifetime_in_seconds: 36000, alg: "RS256" }], name: "C", "//": { metadata: 2 } }]);
    expect(actions(base, same)).toEqual([]);
    const nested = side(["auth0_client", "c", { name: "C", jwt_configuration: [{ alg: "RS256", lifetime_in_seconds: 600 }] }]);
    expect(actions(base, nested)).toEqual([["auth0_client.c", "update", ["jwt_configuration"]]]);
    const list = (callbacks: string[]) => side(["auth0_client", "c", { name: "C", callbacks }]);
    expect(actions(list(["a", "b"]), list(["b", "a"]))).toEqual([["auth0_client.c", "update", ["callbacks"]]]);
    expect(actions(list(["a"]), list(["a"]))).toEqual([]);
    // a string is not the list that holds it, nor a number its text
    expect(actions(side(["auth0_client", "c", { callbacks: "a" }]), list(["a"]))).toEqual([["auth0_client.c", "update", ["callbacks", "name"]]]);
    expect(actions(side(["auth0_client", "c", { x: 1 }]), side(["auth0_client", "c", { x: "1" }]))).toEqual([["auth0_client.c", "update", ["x"]]]);
  });

  test("meta-arguments (depends_on, lifecycle, ...) are no change, as in Terraform's plan; with an attribute they are not listed", () => {
    const tenant = (extra: Record<string, unknown>) => side(["auth0_tenant", "dcr", { flags: [{ enable_dynamic_client_registration: true }], ...extra }]);
    const dependsOn = (...grants: string[]) => ({ depends_on: grants.map((g) => `auth0_client_grant.${g}`) });
    expect(actions(tenant(dependsOn("a")), tenant(dependsOn("a", "b")))).toEqual([]);
    expect(actions(tenant({}), tenant({ lifecycle: { prevent_destroy: true } }))).toEqual([]);
    expect(actions(tenant(dependsOn("a")), tenant({ ...dependsOn("a", "b"), friendly_name: "Acme" }))).toEqual([["auth0_tenant.dcr", "update", ["friendly_name"]]]);
  });

  test("a plan's resource without before or after values has none; its changed attributes come from both", () => {
    const changes = changesFromPlan([
      { address: "auth0_client.c", type: "auth0_client", name: "c", change: { actions: ["create"], before: null, after: { name: "C" } } },
      { address: "auth0_client.d", type: "auth0_client", name: "d", change: { actions: ["update"], before: { name: "D", x: 1 }, after: { name: "D2", x: 1 } } },
    ]);
    expect(changes.map((c) => [c.address, c.action, c.before?.attributes, c.after?.attributes, c.changed])).toEqual([
      ["auth0_client.c", "create", undefined, { name: "C" }, ["name"]],
      ["auth0_client.d", "update", { name: "D", x: 1 }, { name: "D2", x: 1 }, ["name"]],
    ]);
  });
});
