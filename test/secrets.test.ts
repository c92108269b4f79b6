// No secret is printed, saved or written into an environment file: values that a secret's name or shape
// gives away are removed from what the audit reads (tpa audit --save, tpa import), and the tools say what was
// removed by its key path, never by its value.
import * as fs from "node:fs";
import * as path from "node:path";
import { redactSecrets } from "../audit/secrets";
import { auditCommand } from "../cli/audit-command";
import { importCommand } from "../cli/import-command";
import { runCommand } from "./support/capture";
import { tmpDir } from "./support/tmp";

const JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7V1\n-----END RSA PRIVATE KEY-----";
const BASE64_KEY = "dGhpc0lzQVNlY3JldEtleVRoYXRJc0xvbmdFbm91Z2gxMjM0NTY3ODkw";
const DB_URL = "postgres://app:Sup3rS3cret@db.internal:5432/app";

/** Secret values under secret names, and secret-shaped values under innocent names. */
const PLANTED: Record<string, string> = {
  pwd: "hunter2-pwd-value",
  passphrase: "correct horse battery staple",
  credentials: "user:pass-credentials-value",
  "private-key": "private-key-value-1",
  "api-key": "api-key-value-1",
  authorization: "Basic dXNlcjpwYXNz-value",
  refresh_token: "refresh-token-value-1",
  apiToken: "api-token-value-1",
  bearer: "bearer-value-1",
  sfdc_token: "sfdc-token-value-1",
  slackWebhookToken: "slack-token-value-1",
  note: JWT,
  cert: PEM,
  blob: BASE64_KEY,
  database: DB_URL,
};
const SAFE = { owner: "team-payments", ticket: "SEC-1234" };
const SECRET_VALUES = Object.values(PLANTED);

function client(extra: Record<string, unknown> = {}) {
  return {
    client_id: "AbCdEfGhIjKlMnOpQrStUvWxYz012345", // 32 characters, as Auth0's: not a secret
    name: "Partner Portal",
    is_first_party: false,
    third_party_security_mode: "strict",
    app_type: "regular_web",
    grant_types: ["authorization_code", "refresh_token"],
    callbacks: ["https://partner.example.com/callback"],
    refresh_token: { rotation_type: "rotating", expiration_type: "expiring" },
    client_metadata: { ...PLANTED, ...SAFE },
    ...extra,
  };
}

function snapshotFile(): string {
  const file = path.join(tmpDir(), "tenant.json");
  const organization = { id: "org_1", name: "partner", metadata: { apiToken: "org-api-token-value", region: "eu" } };
  fs.writeFileSync(
    file,
    JSON.stringify({
      kind: "tpa-tenant-snapshot",
      version: 1,
      source: { type: "management-api" },
      domain: "acme.eu.auth0.com",
      tenantSettings: null,
      prompts: null,
      clients: [client()],
      clientGrants: [],
      resourceServers: [],
      rules: [],
      hooks: [],
      organizations: [organization],
    }),
  );
  return file;
}

const ALL_SECRETS = [...SECRET_VALUES, "org-api-token-value", "Sup3rS3cret"];

describe("secrets are removed by name and by shape, and reported by key path", () => {
  test("redactSecrets: every planted secret goes, IDs, URLs and settings objects stay", () => {
    const { value, redacted } = redactSecrets(client(), "clients[0]");
    expect(value.client_metadata).toEqual(SAFE);
    expect(value.client_id).toBe(client().client_id);
    expect(value.callbacks).toEqual(client().callbacks);
    expect(value.refresh_token).toEqual(client().refresh_token);
    expect(redacted.map((r) => r.path).sort()).toEqual(Object.keys(PLANTED).map((k) => `clients[0].client_metadata.${k}`).sort());
    expect(redacted.find((r) => r.path.endsWith(".note"))?.reason).toBe("a JWT");
    expect(redacted.find((r) => r.path.endsWith(".database"))?.reason).toBe("a URL with a password");
    expect(JSON.stringify(redacted)).not.toMatch(new RegExp(ALL_SECRETS.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")));
  });

  test("jwt_configuration.secret_encoded is a setting about the secret, not a secret: kept, not reported", () => {
    const { value, redacted } = redactSecrets({ jwt_configuration: { alg: "RS256", secret_encoded: false }, client_secret: "s3cr3t-value-of-the-client" }, "clients[0]");
    expect(value).toEqual({ jwt_configuration: { alg: "RS256", secret_encoded: false } });
    expect(redacted.map((r) => r.path)).toEqual(["clients[0].client_secret"]);
  });

  test("client_authentication_methods.private_key_jwt names an authentication method and holds public keys: kept; a private key in it still goes", () => {
    const methods = { private_key_jwt: { credentials: [{ id: "cred_1", credential_type: "public_key", kid: "partner-key-1", name: "partner" }] } };
    const kept = redactSecrets({ client_authentication_methods: methods }, "clients[0]");
    expect(kept).toEqual({ value: { client_authentication_methods: methods }, redacted: [] });
    const pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    const leaked = redactSecrets({ client_authentication_methods: { private_key_jwt: { credentials: [{ kid: "k", pem }] } } }, "clients[0]");
    expect(leaked.redacted).toEqual([{ path: "clients[0].client_authentication_methods.private_key_jwt.credentials[0].pem", reason: "a PEM private key" }]);
  });

  test('redactSecrets "where-changed" (snapshot readers): the same result and report, the input untouched, what held no secret shared', () => {
    const input = { clients: [client(), client({ client_metadata: SAFE })], tenant: { flags: { a: true } } };
    const before = JSON.stringify(input);
    const deep = redactSecrets(input, "snapshot");
    const shared = redactSecrets(input, "snapshot", "where-changed");
    expect(shared.value).toEqual(deep.value);
    expect(shared.redacted).toEqual(deep.redacted);
    expect(JSON.stringify(input)).toBe(before);
    // the path to the secrets is copied; the rest is the input's own
    expect(shared.value).not.toBe(input);
    expect(shared.value.clients[0]).not.toBe(input.clients[0]);
    expect(shared.value.clients[0].callbacks).toBe(input.clients[0].callbacks);
    expect(shared.value.clients[1]).toBe(input.clients[1]);
    expect(shared.value.tenant).toBe(input.tenant);
    // the default stays a deep copy
    expect(deep.value.clients[1]).not.toBe(input.clients[1]);
    expect(deep.value.tenant.flags).not.toBe(input.tenant.flags);
  });

  test("tpa audit --save: the saved snapshot and the output hold no secret; stderr names what was removed", async () => {
    const saved = path.join(tmpDir(), "saved.json");
    const result = await runCommand(auditCommand, ["--from", snapshotFile(), "--save", saved, "--format", "json"], { env: {} });
    expect(result.code).toBe(0);
    const everything = `${fs.readFileSync(saved, "utf8")}${result.stdout}${result.stderr}`;
    for (const secret of ALL_SECRETS) expect(everything).not.toContain(secret);
    expect(result.stderr).toContain("clients[0].client_metadata.pwd: removed, a secret by its name");
    expect(result.stderr).toContain("clients[0].client_metadata.note: removed, a secret by its shape (a JWT)");
    expect(result.stderr).toContain("organizations[0].metadata.apiToken: removed");
  });

  test("tpa audit --save: a removed key's path that holds control characters is named in plain text", async () => {
    const dir = tmpDir();
    const from = path.join(dir, "tenant.yaml");
    fs.writeFileSync(from, 'clients:\n  - name: A\n    is_first_party: false\n    client_metadata:\n      "\\e[2J\\e]0;owned\\aapi_key": s3cr3t-value\n');
    const result = await runCommand(auditCommand, ["--from", from, "--save", path.join(dir, "saved.json"), "--format", "json"], { env: {} });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("clients[0].client_metadata.\\u{1b}[2J\\u{1b}]0;owned\\u{7}api_key: removed, a secret by its name");
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  test("tpa import: the environment file holds no secret; warnings name what was removed", async () => {
    const out = tmpDir();
    const result = await runCommand(importCommand, ["--from", snapshotFile(), "--environment", "dev", "--out", out], { env: { TPA_TODAY: "2026-12-01" } });
    expect(result.code).toBe(0);
    const written = fs.readFileSync(path.join(out, "dev.yaml"), "utf8");
    for (const secret of ALL_SECRETS) {
      expect(written).not.toContain(secret);
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
    expect(written).toContain("team-payments");
    expect(result.stderr).toMatch(/warning: clients\[0\]\.client_metadata\.database: removed, a secret by its shape \(a URL with a password\)/);
  });
});

describe("what is removed leaves the rules their input", () => {
  // deploy-cli's default export names a grant's client by name: a name removed as "a long key" would unlink them
  const longName = "Salesforce-Integration-Production-EU-West1";
  const tenantYaml = `clients:
  - name: ${longName}
    app_type: non_interactive
    is_first_party: false
    third_party_security_mode: strict
    grant_types: [client_credentials]
  - name: Partner
    app_type: regular_web
    is_first_party: false
    third_party_security_mode: strict
    callbacks: ["https://svc:not-telling-anyone@*.partner.example/cb"]
clientGrants:
  - client_id: ${longName}
    audience: https://acme.eu.auth0.com/api/v2/
    scope: [read:users]
`;

  test("a long single-token name stays, with its grant; a callback with a password is removed whole, never written in part", async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "tenant.yaml"), tenantYaml);
    const r = await runCommand(auditCommand, ["--from", path.join(dir, "tenant.yaml"), "--format", "json"]);
    expect(r.stdout).not.toContain("not-telling-anyone");
    const apps = JSON.parse(r.stdout).apps as { name: string; blockers: { ruleId: string }[] }[];
    const blockers = Object.fromEntries(apps.map((a) => [a.name, a.blockers.map((b) => b.ruleId)]));
    expect(blockers[longName]).toContain("TPA203");
  });

  test("a name that is a JWT is still removed: unmistakable shapes go under any key", () => {
    // a password holding an @ too: nothing of it is kept
    const { value, redacted } = redactSecrets({ clients: [{ name: JWT, client_id: "abc", callbacks: ["https://admin:hunter2@xyz@host.example/cb", "https://ok.example/cb"] }] });
    expect(value.clients[0]).toEqual({ client_id: "abc", callbacks: ["https://ok.example/cb"] });
    expect(redacted).toEqual([
      { path: "clients[0].name", reason: "a JWT" },
      { path: "clients[0].callbacks[0]", reason: "a URL with a password" },
    ]);
  });

  test("a URL with a secret in its query or fragment (?api_key=, #access_token=, sig=, ?password=) is removed whole; other parameters stay", () => {
    const callbacks = [
      "https://a.example/cb?api_key=AKIAABCDEFGH12345678",
      "https://b.example/cb#access_token=opaque-value-1234",
      "https://c.example/blob?sv=2024-01-01&sig=abcDEF123%3D",
      "https://d.example/cb?x=1&password=Hunter2Hunter2",
      "https://e.example/cb?state=abc&returnTo=https%3A%2F%2Fe.example",
      "https://f.example/cb?token=${var.token}",
    ];
    const { value, redacted } = redactSecrets({ clients: [{ client_id: "abc", callbacks }] });
    expect(value.clients[0].callbacks).toEqual(callbacks.slice(4));
    expect(redacted).toEqual([0, 1, 2, 3].map((i) => ({ path: `clients[0].callbacks[${i}]`, reason: "a URL with a secret parameter" })));
  });
});
