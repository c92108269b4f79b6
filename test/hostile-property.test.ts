// Property tests, bounded in count and time: random bytes and random YAML-shaped documents to `tpa synth`,
// random page bodies to the audit's Management API reader. Every run ends in exit 0, 1 or 2 with a message,
// never a crash (70) or a hang, and never a partial output: the output folder is absent (exit 2), holds the
// reports only (exit 1) or everything (exit 0), and nothing else is left beside it.
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { AuditDependencies, auditCommand } from "../cli/audit-command";
import { runCommand } from "./support/capture";
import { tpa } from "./support/cli";
import { ManagementApiEmulator } from "../emulator/management-api";
import { seedTenant } from "./support/seed-tenant";
import { listTree, tmpDir } from "./support/tmp";

const REPORTS = ["policy-report.json", "policy-report.sarif"];

function synthOf(files: Record<string, string | Uint8Array>): void {
  const config = tmpDir();
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(config, name), content);
  const parent = tmpDir();
  const out = path.join(parent, "out");
  const result = tpa("synth", "--config", config, "--out", out);
  expect([0, 1, 2]).toContain(result.code);
  expect(result.stderr).not.toMatch(/internal error/);
  if (result.code === 2) {
    expect(result.stderr.trim()).not.toBe("");
    expect(fs.readdirSync(parent)).toEqual([]);
    return;
  }
  expect(fs.readdirSync(parent)).toEqual(["out"]);
  const tree = listTree(out);
  if (result.code === 1) {
    expect(tree).toEqual(REPORTS);
  } else {
    expect(tree).toEqual(expect.arrayContaining([...REPORTS, "manifest.json"]));
    expect(tree.filter((f) => f.startsWith("stacks/"))).toEqual(["stacks/dev/cdk.tf.json"]);
  }
}

/** Values as they appear in environment files, and hostile ones. */
const scalar = fc.oneof(
  fc.string(),
  fc.constantFrom("strict", "permissive", "user", "client", "orders", "https://api.example.com", "2027-02-30", "2027-06-30", "${x}", "%{ if }", "__proto__", "tpa_x", " ", ""),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(fc.constantFrom("id", "name", "mode", "scopes", "api", "subjectType", "identifier", "clientMetadata", "x", "__proto__"), tie("node"), { maxKeys: 4 })),
})).node;
const KEYS = {
  app: ["id", "name", "mode", "justification", "reviewBy", "grantTypes", "callbacks", "clientMetadata", "permissions", "apis", "organizations", "jwtAlg", "description"],
  api: ["id", "identifier", "name", "scopes", "accessPolicy"],
};
const record = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 6 });
const environmentDocument = fc.record(
  {
    tenant: fc.oneof(fc.record({ domain: fc.constantFrom("acme-dev.eu.auth0.com", "-..-.com", "x") }), value),
    apps: fc.array(fc.oneof(record(KEYS.app), fc.constant({ id: "portal", mode: "strict" })), { maxLength: 3 }),
    apis: fc.array(record(KEYS.api), { maxLength: 2 }),
    defaultPermissions: fc.array(record(["api", "subjectType", "scopes"]), { maxLength: 2 }),
    organizations: fc.array(record(["id", "name", "thirdPartyClientAccess"]), { maxLength: 2 }),
  },
  { requiredKeys: ["tenant"] },
);

/** A valid environment (one strict app, one permissive app with a policy error when `implicit` stays). */
const VALID = {
  tenant: { domain: "acme-dev.eu.auth0.com", permissiveEligible: true },
  apis: [{ id: "orders", identifier: "https://api.example.com/orders", scopes: ["read:orders", "write:orders"] }],
  defaultPermissions: [{ api: "orders", subjectType: "user", scopes: ["read:orders"] }],
  organizations: [{ id: "partner", name: "partner", thirdPartyClientAccess: "allow" }],
  apps: [
    { id: "portal", mode: "strict", callbacks: ["https://p.example.com/cb"], organizations: ["partner"], permissions: [{ api: "orders", subjectType: "user", scopes: ["read:orders"] }] },
    { id: "legacy", mode: "permissive", justification: "needs ID tokens for now", reviewBy: "2027-06-30", grantTypes: ["authorization_code"] },
  ],
};
const PATHS: (string | number)[][] = [
  ["tenant", "domain"], ["apis", 0, "identifier"], ["apis", 0, "scopes"], ["apis", 0, "scopes", 1], ["apis", 0, "name"],
  ["defaultPermissions", 0, "scopes"], ["defaultPermissions", 1], ["organizations", 0, "name"], ["organizations", 1],
  ["apps", 0, "name"], ["apps", 0, "grantTypes"], ["apps", 0, "callbacks", 1], ["apps", 0, "clientMetadata"], ["apps", 0, "jwtAlg"],
  ["apps", 0, "description"], ["apps", 0, "permissions", 1], ["apps", 0, "permissions", 0, "scopes"], ["apps", 0, "mode"],
  ["apps", 1, "justification"], ["apps", 1, "reviewBy"], ["apps", 1, "grantTypes", 0], ["apps", 1, "clientMetadata"], ["apps", 2],
];
const mutation = fc.record({
  path: fc.constantFrom(...PATHS),
  to: fc.oneof(
    { arbitrary: value, weight: 1 },
    {
      arbitrary: fc.constantFrom(undefined, "implicit", ["implicit"], "HS256", "RS256", ["read:orders"], "read:orders", "orders", "partner", "Partner Portal", "https://p.example.com/cb2", { k: "v" }, ["a", "a"], "x".repeat(300), '${file("x")}', "strict", "permissive", { api: "orders", subjectType: "client", scopes: ["write:orders"] }, { id: "other", mode: "strict" }, { id: "p2", name: "partner" }),
      weight: 3,
    },
  ),
});
function mutate(doc: unknown, { path: at, to }: { path: (string | number)[]; to: unknown }): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of at.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== "object") node[key] = typeof key === "number" ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[at[at.length - 1]] = to;
  return copy;
}

describe("tpa synth on random input", () => {
  test("a valid environment with one to three values replaced by random or hostile ones", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        synthOf({ "dev.yaml": stringify(mutations.reduce(mutate, VALID)) });
      }),
      { numRuns: 80, seed: 14 },
    );
  }, 180_000);

  test("random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => synthOf({ "dev.yaml": bytes })),
      { numRuns: 60, seed: 14 },
    );
  }, 120_000);

  test("random YAML-shaped environment documents", () => {
    fc.assert(
      fc.property(environmentDocument, fc.boolean(), (doc, withBase) => {
        synthOf(withBase ? { "base.yaml": stringify({ apps: doc.apps ?? [] }), "dev.yaml": stringify({ ...doc, apps: [] }) } : { "dev.yaml": stringify(doc) });
      }),
      { numRuns: 80, seed: 14 },
    );
  }, 180_000);
});

describe("the audit reader on random pages", () => {
  let emulator: ManagementApiEmulator;
  beforeAll(async () => {
    emulator = await ManagementApiEmulator.start();
    await seedTenant(emulator, 2);
  });
  afterAll(() => emulator.close());

  const ENDPOINTS = ["/api/v2/clients", "/api/v2/client-grants", "/api/v2/tenants/settings", "/api/v2/resource-servers", "/api/v2/organizations"];
  const body = fc.oneof(fc.json(), fc.string(), fc.jsonValue().map((v) => JSON.stringify({ clients: [v], total: 1, client_grants: [v], resource_servers: [v], organizations: [v] })));

  test("every run: a complete report (0) or a failed read (1) with a message; nothing saved on failure", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), body, fc.constantFrom(200, 404, 500), async (endpoint, text, status) => {
        const saved = path.join(tmpDir(), "snapshot.json");
        const deps: AuditDependencies = {
          env: { AUTH0_DOMAIN: emulator.domain, AUTH0_API_TOKEN: emulator.issueToken(), TPA_TODAY: "2026-12-01" },
          fetch: async (input, init) => {
            const url = new URL(String(input instanceof Request ? input.url : input));
            if (url.pathname === endpoint) return new Response(text, { status, headers: { "content-type": "application/json" } });
            return emulator.fetch(input, init);
          },
          perPage: 50,
          sleep: async () => undefined,
        };
        const result = await runCommand(auditCommand, ["--format", "json", "--save", saved], deps);
        expect([0, 1]).toContain(result.code);
        if (result.code === 1) {
          expect(result.stderr).toMatch(/tpa audit: the tenant could not be read completely/);
          expect(fs.existsSync(saved)).toBe(false);
          expect(result.stdout).toBe("");
        } else {
          expect(JSON.parse(result.stdout).summary).toBeDefined();
        }
      }),
      { numRuns: 60, seed: 14 },
    );
  }, 180_000);
});
