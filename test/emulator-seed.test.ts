import * as path from "node:path";
import { loadEnvironment } from "../config/load";
import { EmulatorRefusal, ManagementApiEmulator } from "../emulator/management-api";
import { deployResources } from "../emulator/seed";
import { environmentResources } from "../verify/environment";
import { ROOT } from "./support/child";
import { writeFiles } from "./support/tmp";

// tpa emulator's default seed: an environment deployed through the emulator's own routes and checks.

let emulator: ManagementApiEmulator;
beforeEach(async () => (emulator = await ManagementApiEmulator.start()));
afterEach(() => emulator.close());

test("the example's prod environment, as if deployed: APIs with scopes, default and per-app grants, DCR, organization, apps", () => {
  const summary = deployResources(emulator, environmentResources(loadEnvironment(path.join(ROOT, "environments"), "prod").config));
  expect(summary).toEqual({ clients: 3, apis: 3, defaultGrants: 2, dcr: "on (strict)" });
  const apis = [...emulator.resourceServers.values()].filter((r) => !r.is_system);
  expect(apis.find((a) => a.identifier === "https://api.acme.test/orders")?.scopes).toEqual([
    { value: "read:orders", description: "Read orders" },
    { value: "write:orders", description: "Create and update orders" },
  ]);
  expect([...emulator.organizations.values()]).toEqual([expect.objectContaining({ name: "acme-partners", third_party_client_access: "allow" })]);
  const clients = [...emulator.clients.values()];
  expect(clients.every((c) => String(c.client_id).startsWith("tpc_") && c.third_party_security_mode === "strict")).toBe(true);
  const portal = clients.find((c) => c.name === "Partner Portal")!;
  expect([...emulator.grants.values()].filter((g) => g.client_id === portal.client_id)).toEqual([
    expect.objectContaining({ audience: "https://api.acme.test/orders", subject_type: "user", scope: ["read:orders", "write:orders"] }),
  ]);
  expect(emulator.tenantSettings).toMatchObject({ flags: { enable_dynamic_client_registration: true }, dynamic_client_registration_security_mode: "strict" });
});

test("a resource the emulator refuses stops the seed with the request and Auth0-style message", () => {
  const dir = writeFiles({ "lab.yaml": "tenant: { domain: acme-lab.eu.auth0.com }\napps:\n  - { id: bad, name: Bad, mode: strict, appType: regular_web, grantTypes: [implicit] }\n" });
  expect(() => deployResources(emulator, environmentResources(loadEnvironment(dir, "lab").config))).toThrow(
    new EmulatorRefusal(400, "POST /api/v2/clients: 400 Invalid grant types: implicit"),
  );
});

test("deleting a client deletes its grants", () => {
  deployResources(emulator, environmentResources(loadEnvironment(path.join(ROOT, "environments"), "prod").config));
  const portal = [...emulator.clients.values()].find((c) => c.name === "Partner Portal")!;
  emulator.call("DELETE", `/api/v2/clients/${String(portal.client_id)}`);
  expect([...emulator.grants.values()].some((g) => g.client_id === portal.client_id)).toBe(false);
});

test("rate limit policies (Early Access) are deployed with app selectors resolved to the created client, and checked like the provider", () => {
  const dir = writeFiles({
    "lab.yaml": [
      "tenant: { domain: acme-lab.eu.auth0.com }",
      "apps:",
      "  - { id: portal, name: Portal, mode: strict, appType: regular_web, grantTypes: [authorization_code], callbacks: [https://p.example/cb] }",
      "rateLimits:",
      "  - { id: third-party, group: third_party_clients, action: block, limit: 100 }",
      "  - { id: portal, app: portal, action: redirect, limit: 5, redirectUri: https://acme.test/busy }",
      "",
    ].join("\n"),
  });
  deployResources(emulator, environmentResources(loadEnvironment(dir, "lab").config));
  const portal = [...emulator.clients.values()].find((c) => c.name === "Portal")!;
  expect([...emulator.rateLimitPolicies.values()].map(({ consumer_selector, configuration }) => ({ consumer_selector, configuration }))).toEqual([
    { consumer_selector: "third_party_clients", configuration: { action: "block", limit: 100 } },
    { consumer_selector: `client_id:${String(portal.client_id)}`, configuration: { action: "redirect", limit: 5, redirect_uri: "https://acme.test/busy" } },
  ]);
  const [first] = emulator.rateLimitPolicies.keys();
  expect(String(first)).toMatch(/^rlp_/);
  expect(() => emulator.call("POST", "/api/v2/rate-limit-policies", { resource: "oauth_authentication_api", consumer: "client", consumer_selector: "default", configuration: { action: "log" } })).toThrow(
    "configuration.limit must be an integer from 0 to 10000 for action log",
  );
  expect(() => emulator.call("PATCH", `/api/v2/rate-limit-policies/${String(first)}`, { consumer_selector: "default" })).toThrow("only configuration can change");
  expect(emulator.call("PATCH", `/api/v2/rate-limit-policies/${String(first)}`, { configuration: { action: "allow" } }).configuration).toEqual({ action: "allow" });
});
