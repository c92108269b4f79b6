// A client_metadata value shaped like a secret whatever its key (a PEM private key, a JWT, a URL with a password, a bearer
// token) is not synthesized from configuration: exit 2 at its line in an environment file, refused by the construct,
// the value never printed. Names and long keys are not refused: they also match settings teams write.
import * as fs from "node:fs";
import * as path from "node:path";
import { StrictThirdPartyApp } from "../constructs";
import { tpa } from "./support/cli";
import { testStack } from "./support/synth";
import { tmpDir, writeFiles } from "./support/tmp";

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl";
/** An environment file with one strict app, `extra` appended to the app. */
const file = (extra: string) =>
  "tenant:\n  domain: acme-dev.eu.auth0.com\napps:\n  - id: portal\n    mode: strict\n    appType: regular_web\n" +
  `    grantTypes: [authorization_code]\n${extra}`;
const app = (metadata: string) => file(`    callbacks: ["https://p.example.com/cb"]\n    clientMetadata:\n      team: partners\n${metadata}`);

/** tpa synth of dev.yaml: exit 2 with the message, nothing written, the secret's value not printed. */
function expectRefused(yaml: string, message: RegExp): void {
  const out = path.join(tmpDir(), "cdktf.out");
  const result = tpa("synth", "--config", writeFiles({ "dev.yaml": yaml }), "--out", out);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/not-telling-anyone|eyJhbGci|abcdefghijklmnop/);
  expect(result.code).toBe(2);
  expect(fs.existsSync(out)).toBe(false);
}

test.each([
  ["a JWT", `      note: "${JWT}"\n`, /dev\.yaml:11:7: apps\[0\]\.clientMetadata\.note: a secret by its shape \(a JWT\): client_metadata is readable/],
  ["a URL with a password", '      db: "postgres://app:not-telling-anyone@db.example.com/app"\n', /dev\.yaml:11:7: apps\[0\]\.clientMetadata\.db: a secret by its shape \(a URL with a password\)/],
])("an environment file's client_metadata holding %s: exit 2 at its line, nothing written, the value not printed", (_what, metadata, message) => {
  expectRefused(app(metadata), message);
});

test("ordinary metadata synthesizes, setting names and long paths included", () => {
  const metadata = '      ticket: PART-123\n      password_policy: strong\n      secret_rotation_days: "90"\n      docs_path: PartnerDocs/Onboarding/Guide2024/Version3/Index\n';
  const result = tpa("synth", "--config", writeFiles({ "dev.yaml": app(metadata) }), "--out", path.join(tmpDir(), "out"));
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
});

test("a credential under a secret's name (api_key, password) is refused, its value not printed; a setting under such a name is not", () => {
  for (const [metadata, key] of [
    ["      api_key: sk_live_51HxAbCdEf\n", "api_key"],
    ["      password: hunter2-Sup3rS3cret\n", "password"],
  ] as const) {
    const result = tpa("synth", "--config", writeFiles({ "dev.yaml": app(metadata) }), "--out", path.join(tmpDir(), "out"));
    expect([result.code, result.stderr]).toEqual([2, expect.stringMatching(new RegExp(`apps\\[0\\]\\.clientMetadata\\.${key}: a secret by its name: client_metadata is readable by anyone`))]);
    expect(result.stderr).not.toMatch(/sk_live|hunter2/);
  }
});

test("the construct refuses the same", () => {
  const { stack } = testStack();
  const make = (clientMetadata: Record<string, string>) => () =>
    new StrictThirdPartyApp(stack, `p${Object.keys(clientMetadata).join("")}`, { name: "P", appType: "regular_web", grantTypes: ["authorization_code"], callbacks: ["https://p.example/cb"], clientMetadata });
  expect(make({ note: JWT })).toThrow(/clientMetadata "note" is a secret by its shape \(a JWT\)/);
  expect(make({ key: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----" })).toThrow(/clientMetadata "key" is a secret by its shape \(a PEM private key\)/);
  expect(make({ team: "partners" })).not.toThrow();
});

describe("the other values of an environment file", () => {
  test.each([
    ["a callback URL with a password", '    callbacks:\n      - "https://p.example.com/cb"\n      - "https://partner:not-telling-anyone@p.example.com/cb"\n', /dev\.yaml:10:9: apps\[0\]\.callbacks\[1\]: a secret by its shape \(a URL with a password\): it would be written into the synthesized Terraform JSON/],
    ["a callback URL with a secret parameter", '    callbacks:\n      - "https://p.example.com/cb?api_key=AKIAABCDEFGH12345678"\n', /dev\.yaml:9:9: apps\[0\]\.callbacks\[0\]: a secret by its shape \(a URL with a secret parameter\): it would be written into the synthesized Terraform JSON/],
    ["a description holding a JWT", `    callbacks: ["https://p.example.com/cb"]\n    description: "token ${JWT}"\n`, /dev\.yaml:9:5: apps\[0\]\.description: a secret by its shape \(a JWT\)/],
    // an identifier is a secret by an unmistakable shape too (the audit removes those under any key)
    ["an API identifier with a password", '    callbacks: ["https://p.example.com/cb"]\napis:\n  - id: orders\n    name: Orders\n    identifier: "https://svc:not-telling-anyone@api.example.com/"\n', /dev\.yaml:12:5: apis\[0\]\.identifier: a secret by its shape \(a URL with a password\)/],
    ["a provider attribute holding a bearer token", `    callbacks: ["https://p.example.com/cb"]\n    providerAttributes:\n      initiate_login_uri: "https://p.example.com/login?h=Bearer%20x Bearer abcdefghijklmnopqrstuvwx"\n`, /apps\[0\]\.providerAttributes\.initiate_login_uri: a secret by its shape \(a bearer token\)/],
  ])("%s: exit 2 at its line, nothing written, the value not printed", (_what, extra, message) => {
    expectRefused(file(extra), message);
  });

  test("the backend's settings too", () => {
    const backend = 'backend:\n  type: cloud\n  organization: acme\n  workspace: dev\n  hostname: "https://ops:not-telling-anyone@tfe.example.com"\n';
    expectRefused(`${backend}${file('    callbacks: ["https://p.example.com/cb"]\n')}`, /dev\.yaml:5:3: backend\.hostname: a secret by its shape \(a URL with a password\)/);
  });

  test("ordinary URLs and texts synthesize: an e-mail address in a URL is no password", () => {
    const extra = '    callbacks: ["https://p.example.com/cb?user=ops@example.com"]\n    description: "Partner portal, contact ops@example.com"\n';
    const result = tpa("synth", "--config", writeFiles({ "dev.yaml": file(extra) }), "--out", path.join(tmpDir(), "out"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});

test("the construct refuses a secret in its other texts, naming the prop, not the value", () => {
  const { stack } = testStack();
  let n = 0;
  const make = (props: { callbacks?: string[]; description?: string }) => () =>
    new StrictThirdPartyApp(stack, `q${n++}`, { name: "P", appType: "regular_web", grantTypes: ["authorization_code"], callbacks: ["https://p.example/cb"], ...props });
  expect(make({ callbacks: ["https://p.example/cb", "https://u:not-telling-anyone@p.example/cb"] })).toThrow(/callbacks\[1\] holds a secret by its shape \(a URL with a password\): it would be written/);
  expect(make({ description: JWT })).toThrow(/description holds a secret by its shape \(a JWT\)/);
  expect(make({ callbacks: ["https://p.example/cb"], description: "Partner portal" })).not.toThrow();
  try {
    make({ description: JWT })();
  } catch (e) {
    expect((e as Error).message).not.toContain("eyJhbGci");
  }
});
