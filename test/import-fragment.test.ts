// The parts of `tpa import`'s environment file (audit/fragment/), each on small inputs: grants and the reasons
// they are left out, API entries, ids, the YAML layout. test/import.test.ts covers the whole command.
import type { Management } from "auth0";
import type { EnvironmentInput } from "../config/schema";
import { apiEntry, grantMapper, mapGrants } from "../audit/fragment/apis-and-grants";
import { Ids } from "../audit/fragment/ids";
import { render } from "../audit/fragment/yaml-layout";
import type { TenantSnapshot } from "../audit/tenant-snapshot";

const API: Management.ResourceServer = { id: "rs_1", identifier: "https://api.example.com", name: "Orders", scopes: [{ value: "read:orders" }, { value: "write:orders" }] };
const snapshot = { resourceServers: [API] } as unknown as TenantSnapshot;

describe("grants", () => {
  const map = grantMapper(snapshot, new Map([["https://api.example.com", "orders"]]));

  test("a grant on a listed API becomes an entry with its import id", () => {
    expect(map({ id: "cgr_1", audience: "https://api.example.com", scope: ["read:orders"], subject_type: "user" }, "portal")).toEqual({
      grants: [{ api: "orders", subjectType: "user", scopes: ["read:orders"], importId: "cgr_1" }],
      warnings: [],
    });
  });

  test("what is left out, or rewritten, comes back as warnings, in order", () => {
    const result = mapGrants(
      [
        { id: "cgr_2", audience: "https://elsewhere.example.com", scope: [] },
        { id: "cgr_3", audience: "https://api.example.com", allow_all_scopes: true },
      ],
      "portal",
      map,
    );
    expect(result.grants).toEqual([{ api: "orders", subjectType: "client", scopes: ["read:orders", "write:orders"], importId: "cgr_3" }]);
    expect(result.warnings).toEqual([
      "portal: grant on https://elsewhere.example.com left out (a system API, or an API the source does not list)",
      "portal: the grant on https://api.example.com allows all scopes; written as today's scope list",
    ]);
  });
});

describe("APIs and ids", () => {
  test("an API keeps the hardened client policy as the file's default and its import id", () => {
    expect(apiEntry(API, new Ids())).toEqual({
      id: "orders",
      identifier: "https://api.example.com",
      name: "Orders",
      scopes: ["read:orders", "write:orders"],
      accessPolicy: { user: "allow_all", client: "require_client_grant" },
      importId: "rs_1",
    });
  });

  test("ids are unique per kind and start with a letter", () => {
    const ids = new Ids();
    expect([ids.next("app", "Portal"), ids.next("app", "portal"), ids.next("api", "portal"), ids.next("app", "42 Things")]).toEqual(["portal", "portal-2", "portal", "app-42-things"]);
  });
});

describe("YAML layout", () => {
  test("comments where people review; short lists on one line", () => {
    const environment = { tenant: { domain: "acme.eu.auth0.com", adopt: true }, apis: [], defaultPermissions: [], apps: [{ id: "portal", mode: "strict", grantTypes: ["authorization_code"] }] } as unknown as EnvironmentInput;
    const text = render(environment, { header: " imported", universalLogin: "new", appComments: [" audit: strict-ready"], skipped: ["bot (c1): self-registered"] });
    expect(text).toContain("# imported\n");
    expect(text).toContain("# universalLogin: new");
    expect(text).toContain("# not imported: bot (c1): self-registered\napps:");
    expect(text).toMatch(/# audit: strict-ready\n\s+- id: portal/);
    expect(text).toContain("grantTypes: [ authorization_code ]");
  });
});
