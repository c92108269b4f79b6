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
