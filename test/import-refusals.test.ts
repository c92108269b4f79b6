// What no tenant holds, because Auth0 refuses it, can only come from a hand-edited export: tpa import says which
// entry and why (exit 2, nothing written), instead of writing an environment file that does not load.
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../cli/tpa";
import { makeSnapshot, saveSnapshot, SnapshotParts } from "../audit/snapshot";
import { collect } from "./support/cli";
import { tmpDir } from "./support/tmp";
import { withTodayAsync } from "./support/today";

const API = "https://api.acme.test/orders";
const base: SnapshotParts = {
  source: { type: "management-api" },
  domain: "acme.eu.auth0.com",
  tenantSettings: {},
  prompts: { universal_login_experience: "new" },
  clients: [{ client_id: "tpc_AAAAAAAAAAAAAAAAAAAAAA", name: "Portal", is_first_party: false, third_party_security_mode: "strict", app_type: "regular_web" }],
  clientGrants: [],
  resourceServers: [{ id: "rs_1", identifier: API, name: "Orders" }],
  rules: [],
  hooks: [],
  organizations: [],
};

async function importOf(parts: Partial<SnapshotParts>) {
  const work = tmpDir();
  const from = path.join(work, "snapshot.json");
  saveSnapshot(from, makeSnapshot({ ...base, ...parts }));
  const out = collect();
  const err = collect();
  const environments = path.join(work, "environments");
  const code = await withTodayAsync("2026-12-01", () => main(["import", "--from", from, "--environment", "prod", "--out", environments], out.stream, err.stream));
  return { code, stderr: err.text(), written: fs.existsSync(environments) };
}

test("two default grants for one API and subject type: exit 2 naming the second", async () => {
  const grant = { audience: API, scope: ["read:orders"], subject_type: "user", default_for: "third_party_clients" };
  const r = await importOf({ clientGrants: [{ id: "cgr_1", ...grant }, { id: "cgr_2", ...grant }] as SnapshotParts["clientGrants"] });
  expect(r.stderr).toMatch(/snapshot\.json: clientGrants\[1\] is a second default grant for https:\/\/api\.acme\.test\/orders \(subject type user\): Auth0 allows one per API and subject type/);
  expect(r.stderr).not.toMatch(/please report/);
  expect(r.code).toBe(2);
  expect(r.written).toBe(false);
});

test("two APIs with one identifier: exit 2 naming the second", async () => {
  const r = await importOf({ resourceServers: [{ id: "rs_1", identifier: API, name: "Orders" }, { id: "rs_2", identifier: API, name: "Orders again" }] });
  expect(r.stderr).toMatch(/resourceServers\[1\] has the identifier https:\/\/api\.acme\.test\/orders of an earlier API/);
  expect(r.code).toBe(2);
  expect(r.written).toBe(false);
});

test("one of each imports", async () => {
  const r = await importOf({ clientGrants: [{ id: "cgr_1", audience: API, scope: ["read:orders"], subject_type: "user", default_for: "third_party_clients" }] as SnapshotParts["clientGrants"] });
  expect(r.code).toBe(0);
  expect(r.written).toBe(true);
});
