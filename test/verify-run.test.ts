import { ManagementApiEmulator } from "../emulator/management-api";
import { verified, verifyTenant } from "../verify/run";

// verifyTenant in-process, for what the emulator never does on its own: a tenant that accepts a strict
// client but answers without the tpc_ prefix or the strict mode (migration step 1 expects both).

let emulator: ManagementApiEmulator;
beforeEach(async () => (emulator = await ManagementApiEmulator.start()));
afterEach(() => emulator.close());

const app = { id: "portal", body: { name: "Portal", is_first_party: false, third_party_security_mode: "strict" as const, app_type: "regular_web" as const, grant_types: ["authorization_code"] } };

/** The emulator's answers, with created clients rewritten by `rewrite`. */
const rewriting = (rewrite: (client: Record<string, unknown>) => Record<string, unknown>): typeof fetch => async (input, init) => {
  const response = await emulator.fetch(input, init);
  if (init?.method !== "POST" || !String(input).endsWith("/api/v2/clients") || response.status !== 201) return response;
  return new Response(JSON.stringify(rewrite((await response.json()) as Record<string, unknown>)), { status: 201, headers: { "content-type": "application/json" } });
};

const run = (fetchFn: typeof fetch) =>
  verifyTenant({ domain: emulator.domain, credentials: emulator.credentials, apps: [app], suffix: "[tpa verify test]", fetch: fetchFn });

test("an accepted strict client with a tpc_ ID and mode strict verifies", async () => {
  const report = await run(emulator.fetch);
  expect(report.apps[0]).toMatchObject({ accepted: true, mode: "strict", problems: [] });
  expect(verified(report)).toBe(true);
});

test("accepted without the tpc_ prefix or as permissive: problems, not verified", async () => {
  const report = await run(rewriting((c) => ({ ...c, client_id: "FSAHVFwCcW9nSs8O97U3eCEeXOUOC0cV", third_party_security_mode: "permissive" })));
  expect(report.apps[0].problems).toEqual(["the client ID FSAHVFwCcW9nSs8O97U3eCEeXOUOC0cV has no tpc_ prefix", "the stored mode is permissive, not strict"]);
  expect(verified(report)).toBe(false);
  // the rewritten ID does not exist, so deleting it fails with 404 (already gone); the real one is left for the test to remove
  expect(report.leftovers).toEqual([]);
  emulator.clients.clear();
});
