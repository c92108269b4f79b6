// tpa audit --format json writes the report piece by piece: the pieces are JSON.stringify(report, null, 2) exactly.
import { auditTenant } from "../audit/classify";
import { auditJson, formatAudit } from "../audit/format";
import { makeSnapshot } from "../audit/snapshot";

function reportOf(apps: number, name: (i: number) => string) {
  return auditTenant(
    makeSnapshot({
      source: { type: "management-api" },
      // tenant text that looks like the outline's own apps key
      domain: 'acme.eu.auth0.com\n  "apps": []',
      tenantSettings: {},
      prompts: { universal_login_experience: "new" },
      clients: Array.from({ length: apps }, (_, i) => ({
        client_id: `tpc_${String(i).padStart(24, "0")}`,
        name: name(i),
        is_first_party: false,
        third_party_security_mode: i % 3 === 0 ? "permissive" : "strict",
        grant_types: i % 2 === 0 ? ["authorization_code", "implicit"] : ["authorization_code"],
        callbacks: [`https://app-${i}.example.com/callback`],
      })),
      clientGrants: [],
      resourceServers: [],
      rules: [],
      hooks: [],
      organizations: [],
    }),
    { today: "2026-12-01" },
  );
}

test.each([0, 1, 499, 500, 501, 1234])("%i apps: the pieces join to JSON.stringify(report, null, 2)", (apps) => {
  const report = reportOf(apps, (i) => (i % 7 === 0 ? `App ${i}\n  "apps": [], \u2028 ${"\u{1F600}"}` : `App ${i}`));
  const pieces = [...auditJson(report)];
  expect(pieces.join("")).toBe(JSON.stringify(report, null, 2));
  expect(JSON.parse(pieces.join("")).apps).toHaveLength(apps);
  // no piece holds more than a few hundred apps
  expect(Math.max(...pieces.map((p) => (p.match(/"clientId"/g) ?? []).length))).toBeLessThanOrEqual(500);
});

test("the table and markdown formats are one piece each", () => {
  const report = reportOf(3, (i) => `App ${i}`);
  expect([...formatAudit(report, "table")]).toHaveLength(1);
  expect([...formatAudit(report, "markdown")]).toHaveLength(1);
});
