// What tpa audit and import remove from a tenant as a secret is not synthesized from configuration either: a
// client_metadata entry that is a secret by its name or its shape is exit 2 at its line in an environment file,
// and refused by the construct, the value never printed.
import * as fs from "node:fs";
import * as path from "node:path";
import { StrictThirdPartyApp } from "../constructs";
import { tpa } from "./support/cli";
import { testStack } from "./support/synth";
import { tmpDir, writeFiles } from "./support/tmp";

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl";
const app = (metadata: string) =>
  "tenant:\n  domain: acme-dev.eu.auth0.com\napps:\n  - id: portal\n    mode: strict\n    appType: regular_web\n" +
  `    grantTypes: [authorization_code]\n    callbacks: ["https://p.example.com/cb"]\n    clientMetadata:\n      team: partners\n${metadata}`;

test.each([
  ["by its name", "      api_key: not-telling-anyone\n", /dev\.yaml:11:7: apps\[0\]\.clientMetadata\.api_key: a secret by its name: client_metadata is readable/],
  ["by its shape", `      note: "${JWT}"\n`, /dev\.yaml:11:7: apps\[0\]\.clientMetadata\.note: a secret by its shape \(a JWT\)/],
])("an environment file's client_metadata secret %s: exit 2 at its line, nothing written, the value not printed", (_what, metadata, message) => {
  const out = path.join(tmpDir(), "cdktf.out");
  const result = tpa("synth", "--config", writeFiles({ "dev.yaml": app(metadata) }), "--out", out);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/not-telling-anyone|eyJhbGci/);
  expect(result.code).toBe(2);
  expect(fs.existsSync(out)).toBe(false);
});

test("ordinary metadata synthesizes", () => {
  expect(tpa("synth", "--config", writeFiles({ "dev.yaml": app("      ticket: PART-123\n") }), "--out", path.join(tmpDir(), "out")).code).toBe(0);
});

test("the construct refuses the same", () => {
  const { stack } = testStack();
  const make = (clientMetadata: Record<string, string>) => () =>
    new StrictThirdPartyApp(stack, `p${Object.keys(clientMetadata).join("")}`, { name: "P", appType: "regular_web", grantTypes: ["authorization_code"], callbacks: ["https://p.example/cb"], clientMetadata });
  expect(make({ password: "hunter22" })).toThrow(/clientMetadata "password" is a secret by its name/);
  expect(make({ note: JWT })).toThrow(/clientMetadata "note" is a secret by its shape \(a JWT\)/);
  expect(make({ team: "partners" })).not.toThrow();
});
