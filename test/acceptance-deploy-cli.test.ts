// Acceptance: auth0-deploy-cli v8 exports as `a0deploy export` writes them (src/context/yaml and
// src/context/directory of auth0/auth0-deploy-cli 8.x): identifiers stripped (the default), keyword markers
// kept (AUTH0_PRESERVE_KEYWORDS), every asset type a real tenant has (connections, actions, email provider and
// templates, pages, custom domains), fields the audit does not know, nulls, unicode, a very long name, two
// names that collide once slugged, template sequences in tenant-controlled strings, and secrets wherever
// deploy-cli or an admin puts them. The fixture (test/fixtures/acceptance/deploy-cli-v8/) is ours, written
// in deploy-cli's formats; its secrets are fake. Through `tpa audit --from`, `tpa import --from` and
// `tpa check --deploy-cli`, in-process.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { auditCommand } from "../cli/audit-command";
import { importCommand } from "../cli/import-command";
import { runCommand } from "./support/capture";
import { ROOT, tpa } from "./support/cli";
import { check } from "./support/check-cli";
import { tmpDir } from "./support/tmp";
import { withToday } from "./support/today";

const TODAY = "2026-12-01";
const FIXTURE = path.join(ROOT, "test", "fixtures", "acceptance", "deploy-cli-v8");
const CONFIG = path.join(FIXTURE, "config.json");
const EXPORTS = [
  ["YAML", path.join(FIXTURE, "yaml", "tenant.yaml")],
  ["directory", path.join(FIXTURE, "directory")],
] as const;

/** Every secret value the fixture holds (client secret, signing keys, passwords, API keys, scripts, ...). */
const SECRETS = [
  "Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0", // a client_secret (which deploy-cli strips; a hand-edited export has it)
  "BEGIN CERTIFICATE", // signing_keys
  "hunter2-hunter2", // client_metadata.db_password
  "sEcReTsIgNiNgVaLuE", // a resource server's signing_secret
  "BEGIN PUBLIC KEY", // token_encryption.encryption_key
  "sk_live_1234567890", // inside a Rule's script
  "GOCSPX-secretvalue", // a connection's options.client_secret
  "p@ss", // a database connection's options.configuration
  "actionsecret123", // an action's secrets
  "SG.abcdefghijklmnop", // the email provider's credentials.api_key
  "deployclisecretvalue", // deploy-cli's own AUTH0_CLIENT_SECRET in config.json
];

function expectNoSecret(...texts: string[]): void {
  for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

const audit = (...args: string[]) => runCommand(auditCommand, args, { env: { TPA_TODAY: TODAY } });
const importFrom = (...args: string[]) => runCommand(importCommand, args, { env: { TPA_TODAY: TODAY } });

/** A copy of the directory export, changed by `edit` (which gets the copy's folder). */
function editedDirectory(edit: (dir: string) => void): string {
  const dir = path.join(tmpDir(), "export");
  fs.cpSync(path.join(FIXTURE, "directory"), dir, { recursive: true });
  edit(dir);
  return dir;
}
const LOGIN_PAGE = path.join("clients", "Partner Portal_custom_login_page.html");

describe.each(EXPORTS)("a deploy-cli v8 %s export", (_format, from) => {
  test("tpa audit reads it in every format: the third-party apps, their blockers, no secret", async () => {
    const runs = await Promise.all(["json", "table", "markdown"].map((format) => audit("--from", from, "--keywords", CONFIG, "--format", format)));
    for (const r of runs) {
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/internal error|\n\s+at /) });
      expectNoSecret(r.stdout, r.stderr);
    }
    const report = JSON.parse(runs[0].stdout);
    // first-party clients (Deploy CLI) are not third-party apps; the unicode, slash and long names are kept whole
    expect(report.apps.map((a: { name: string; mode: string | null; blockers: { ruleId: string }[] }) => [a.name, a.mode, a.blockers.map((b) => b.ruleId)])).toEqual([
      ["Café Connect ✓ 日本", "permissive", ["TPA101", "TPA106", "TPA109"]],
      ["Partner Portal", "strict", ["TPA104"]],
      ["Partner/Portal", null, ["TPA101", "TPA103"]],
      [`${"Very Long Partner Name ".repeat(9)}End`, null, []],
    ]);
    expect(report.tenant).toMatchObject({ dcr: { enabled: true, securityMode: "strict" }, universalLogin: "new", activeRules: 1 });
    expect(report.tenant.defaultPermissions).toEqual([expect.objectContaining({ audience: "https://api.acme.test/orders", subjectType: "user", scopes: ["read:orders"] })]);
  });

  test("tpa import writes an environment file that synthesizes: colliding names get distinct ids, ${ } and %{ } stay data, no secret", async () => {
    const out = path.join(tmpDir(), "environments");
    const imported = await importFrom("--from", from, "--keywords", CONFIG, "--environment", "prod", "--out", out, "--domain", "acme-prod.eu.auth0.com");
    expect(imported.code).toBe(0);
    const file = fs.readFileSync(path.join(out, "prod.yaml"), "utf8");
    expectNoSecret(imported.stdout, imported.stderr, file);
    // removed secrets are named by key path; only the one in client_metadata (which the file manages) is lost at apply
    expect(imported.stderr).toMatch(/client_metadata\.db_password: removed, a secret by its name; the value is neither printed nor saved \(a managed client_metadata loses the key at apply/);
    expect(imported.stderr).toMatch(/\.client_secret: removed, a secret by its name; the value is neither printed nor saved\n/);
    expect(file.match(/^ {2}- id: .*$/gm)).toEqual(["  - id: orders-api", "  - id: cafe-connect", "  - id: partner-portal", "  - id: partner-portal-2", "  - id: very-long-partner-name-very-long-partner-name-very"]);
    // the Classic Login page (its keyword resolved) blocks synth until the tenant decides: suppress it here
    fs.appendFileSync(path.join(out, "prod.yaml"), "suppressions:\n  - { rule: TPA104, target: apps/partner-portal, reason: acceptance test of the import, expires: 2027-06-30 }\n");
    const synthOut = path.join(tmpDir(), "cdktf.out");
    const synth = withToday(TODAY, () => tpa("synth", "--config", out, "--out", synthOut));
    expect({ code: synth.code, stderr: synth.stderr }).toEqual({ code: 0, stderr: "" });
    const stack = fs.readFileSync(path.join(synthOut, "stacks", "prod", "cdk.tf.json"), "utf8");
    expectNoSecret(stack);
    // Terraform reads $${ and %%{ as the literal text ${ and %{
    expect(stack).toContain("Partner portal $${var.x} %%{ if true }x%%{ endif }");
    expect(stack).toContain("Login for partner.example $${jndi} %%{x}");
    expect(stack).toContain('"description": "Read orders $${x}"');
  });

  test("tpa check --deploy-cli resolves the login page's keywords and finds its Classic Login (TPA104)", async () => {
    const result = await check("--deploy-cli", from, "--config", CONFIG, "--format", "json");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    expectNoSecret(result.stdout);
    const findings = JSON.parse(result.stdout).findings.map((f: { ruleId: string; address: string }) => `${f.ruleId} ${f.address}`);
    expect(findings).toContain("TPA104 auth0_client.partner-portal");
    for (const format of ["text", "sarif", "markdown"]) {
      const other = await check("--deploy-cli", from, "--config", CONFIG, "--format", format);
      expect(other.code).toBe(1);
      expectNoSecret(other.stdout, other.stderr);
    }
  });
});

describe("a directory export's Classic Login page that is not a readable file", () => {
  const refused = async (dir: string, message: RegExp) => {
    const parent = tmpDir();
    const out = path.join(parent, "environments");
    const runs = [await audit("--from", dir, "--keywords", CONFIG), await importFrom("--from", dir, "--keywords", CONFIG, "--environment", "prod", "--out", out)];
    for (const r of runs) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
    expect(fs.readdirSync(parent)).toEqual([]);
  };

  test("a folder in its place", async () => {
    const dir = editedDirectory((d) => {
      fs.rmSync(path.join(d, LOGIN_PAGE));
      fs.mkdirSync(path.join(d, LOGIN_PAGE));
    });
    await refused(dir, /Partner Portal_custom_login_page\.html: Partner Portal: custom_login_page names .*, which is a folder, not a file\n$/);
  });

  test("a FIFO: refused at once, no hang", async () => {
    const dir = editedDirectory((d) => {
      fs.rmSync(path.join(d, LOGIN_PAGE));
      execFileSync("mkfifo", [path.join(d, LOGIN_PAGE)]);
    });
    await refused(dir, /which is not a regular file/);
  });

  test("a 1 GiB (sparse) file: not read", async () => {
    const dir = editedDirectory((d) => {
      fs.rmSync(path.join(d, LOGIN_PAGE));
      fs.closeSync(fs.openSync(path.join(d, LOGIN_PAGE), "w"));
      fs.truncateSync(path.join(d, LOGIN_PAGE), 1024 ** 3);
    });
    await refused(dir, /which is 1073741824 bytes; at most \d+ are read/);
  });

  test("a path out of the export's clients/ folder", async () => {
    const dir = editedDirectory((d) => {
      const file = path.join(d, "clients", "Partner Portal.json");
      const client = JSON.parse(fs.readFileSync(file, "utf8"));
      fs.writeFileSync(file, JSON.stringify({ ...client, custom_login_page: "../../outside.html" }));
      fs.writeFileSync(path.join(d, "..", "outside.html"), "<html>not part of the export</html>");
    });
    await refused(dir, /custom_login_page names \.\.\/\.\.\/outside\.html, outside the export's clients\/ folder/);
  });
});

describe("hostile exports", () => {
  const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

  test.each([
    ["a YAML export", "tenant.yaml", `clients:\n  - name: x\n    is_first_party: false\n    client_metadata: ${deep(100_000)}\n`, /nested too deeply to read/],
    ["a JSON tenant.yaml", "tenant.json", `{"clients":[${deep(100_000)}]}`, /clients\[0\] nests deeper than 32 levels/],
  ])("JSON nesting 100,000 deep in %s: exit 2, no stack overflow", async (_what, name, text, message) => {
    const file = path.join(tmpDir(), name);
    fs.writeFileSync(file, text);
    const r = await audit("--from", file);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
  });

  test("YAML nesting 5,000 deep: tpa check --deploy-cli says so as the audit does, not the parser's stack overflow", async () => {
    const file = path.join(tmpDir(), "tenant.yaml");
    fs.writeFileSync(file, `clients:\n  - name: x\n    client_metadata: ${deep(5000)}\n`);
    const r = await check("--deploy-cli", file);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/tenant\.yaml: nested too deeply to read/) });
    expect(r.stderr).not.toMatch(/Maximum call stack/);
  });

  test("a client file 100,000 deep in a directory export names the file", async () => {
    const dir = editedDirectory((d) => fs.writeFileSync(path.join(d, "clients", "deep.json"), `{"name":"deep","jwt_configuration":${"{\"a\":".repeat(100_000)}1${"}".repeat(100_000)}}`));
    const r = await audit("--from", dir, "--keywords", CONFIG);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/clients[/\\]deep\.json: nests deeper than 32 levels/) });
  });

  test("clients as a file where deploy-cli writes a folder", async () => {
    const dir = editedDirectory((d) => {
      fs.rmSync(path.join(d, "clients"), { recursive: true });
      fs.writeFileSync(path.join(d, "clients"), "not a folder");
    });
    const r = await audit("--from", dir, "--keywords", CONFIG);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/clients: is not a folder: deploy-cli writes clients\/ as a folder of JSON files/) });
  });

});

describe("template sequences in every string a tenant controls", () => {
  // IDs, names, URLs, scopes, metadata keys and values with ${...} and %{...}, as a tenant may hold them
  const FROM = path.join(ROOT, "test", "fixtures", "acceptance", "template-sequences.json");

  test("tpa import adopts the objects by their literal IDs, and the synthesized stack holds only literals", async () => {
    const out = path.join(tmpDir(), "environments");
    const imported = await importFrom("--from", FROM, "--environment", "prod", "--out", out, "--domain", "acme-prod.eu.auth0.com");
    expect(imported.code).toBe(0);
    // every import finds its object: the escaped import ID is compared as the literal Terraform sends
    expect(imported.stdout).toMatch(/The first plan imports 6 object\(s\)/);
    expect(imported.stdout).not.toMatch(/not in the source/);
    const synthOut = path.join(tmpDir(), "cdktf.out");
    const synth = withToday(TODAY, () => tpa("synth", "--config", out, "--out", synthOut));
    expect(synth.code).toBe(0);
    const stack = JSON.parse(fs.readFileSync(path.join(synthOut, "stacks", "prod", "cdk.tf.json"), "utf8"));
    const [client] = Object.values(stack.resource.auth0_client) as Record<string, unknown>[];
    expect(client.client_metadata).toEqual({ "$${key}": "$${value}", "k%%{x}": "%%{v}" });
    expect(client.description).toBe('$${file("/etc/passwd")}');
    expect(stack.import.map((i: { id: string }) => i.id)).toContain("abc$${x}def");
  });
});

describe("secrets in what the environment file manages", () => {
  test("an addon's private key is removed, and the warning says the first apply removes it from the addon", async () => {
    const from = path.join(tmpDir(), "tenant.json");
    const firebase = { secret: "fbsecretvalue123", private_key: "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----", client_email: "x@y.iam.gserviceaccount.com", lifetime_in_seconds: 3600 };
    const client = { name: "Fire", client_id: "AbCdEfGhIjKlMnOpQrStUvWxYz012345", app_type: "regular_web", is_first_party: false, third_party_security_mode: "strict", callbacks: ["https://f.example.com/cb"], grant_types: ["authorization_code"], addons: { firebase } };
    fs.writeFileSync(from, JSON.stringify({ clients: [client] }));
    const out = path.join(tmpDir(), "environments");
    const r = await importFrom("--from", from, "--environment", "prod", "--out", out, "--domain", "acme-prod.eu.auth0.com");
    expect(r.code).toBe(0);
    const file = fs.readFileSync(path.join(out, "prod.yaml"), "utf8");
    for (const text of [r.stdout, r.stderr, file]) expect(text).not.toMatch(/fbsecretvalue123|BEGIN PRIVATE KEY/);
    expect(file).toMatch(/firebase:\n\s+- \{ client_email: x@y\.iam\.gserviceaccount\.com, lifetime_in_seconds: 3600 \}/);
    expect(r.stderr).toMatch(/clients\[0\]\.addons\.firebase\.private_key: removed, .* \(the file manages the app's addons without it: the first apply removes it from the addon/);
  });
});

describe("tpa check --deploy-cli on what is not a readable file", () => {
  const fifo = () => {
    const file = path.join(tmpDir(), "tenant.yaml");
    execFileSync("mkfifo", [file]);
    return file;
  };
  const sparse = () => {
    const file = path.join(tmpDir(), "tenant.yaml");
    fs.closeSync(fs.openSync(file, "w"));
    fs.truncateSync(file, 1024 ** 3);
    return file;
  };

  test.each([
    ["a FIFO as tenant.yaml", () => ["--deploy-cli", fifo()], /tenant\.yaml: is not a regular file/],
    ["a 1 GiB (sparse) tenant.yaml", () => ["--deploy-cli", sparse()], /tenant\.yaml: is 1073741824 bytes; at most \d+ are read/],
    ["a FIFO as --config", () => ["--deploy-cli", EXPORTS[1][1], "--config", fifo()], /tenant\.yaml: is not a regular file/],
    ["a 1 GiB (sparse) --config", () => ["--deploy-cli", EXPORTS[1][1], "--config", sparse()], /tenant\.yaml: is 1073741824 bytes/],
  ])("%s: exit 2 at once, no hang or crash", async (_what, args, message) => {
    const r = await check(...args());
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});

describe("bare @@KEY@@ markers, as deploy-cli's docs write them (the file parses only once they are replaced)", () => {
  const keywords = (mappings: Record<string, unknown>) => {
    const file = path.join(tmpDir(), "config.json");
    fs.writeFileSync(file, JSON.stringify({ AUTH0_KEYWORD_REPLACE_MAPPINGS: mappings }));
    return file;
  };
  const directory = () =>
    editedDirectory((d) => {
      const file = path.join(d, "clients", "Partner Portal.json");
      const text = fs.readFileSync(file, "utf8").replace(/"lifetime_in_seconds": 36000/, '"lifetime_in_seconds": @@JWT_TIMEOUT@@').replace(/"grant_types": \[[^\]]*\]/, '"grant_types": @@GRANTS@@');
      fs.writeFileSync(file, text);
    });
  const yamlExport = () => {
    const file = path.join(tmpDir(), "tenant.yaml");
    fs.writeFileSync(file, "clients:\n  - name: Portal\n    is_first_party: false\n    third_party_security_mode: strict\n    callbacks: [https://p.example.com/cb]\n    grant_types: @@GRANTS@@\n");
    return file;
  };
  const mappings = { JWT_TIMEOUT: 3600, GRANTS: ["authorization_code", "implicit"] };

  test.each([
    ["a directory export", directory],
    ["a YAML export", yamlExport],
  ])("in %s: replaced by the mapping's JSON before parsing, as deploy-cli does", async (_what, from) => {
    const r = await audit("--from", from(), "--keywords", keywords({ ...mappings, PARTNER_HOST: "partner.example", TENANT_FRIENDLY: "Acme" }), "--format", "json");
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    const portal = JSON.parse(r.stdout).apps.find((a: { name: string }) => a.name === "Partner Portal" || a.name === "Portal");
    expect(portal.blockers.map((b: { message: string }) => b.message)).toContainEqual(expect.stringMatching(/grant type implicit/));
  });

  test.each([
    ["a directory export", directory, /Partner Portal\.json:\d+: the keyword marker @@GRANTS@@ stands unquoted, .* \(AUTH0_KEYWORD_REPLACE_MAPPINGS\.GRANTS\)/],
    ["a YAML export", yamlExport, /tenant\.yaml:6: the keyword marker @@GRANTS@@ stands unquoted, .* --keywords FILE \(AUTH0_KEYWORD_REPLACE_MAPPINGS\.GRANTS\)/],
  ])("in %s without a mapping: exit 2 naming the file, the line and the fix", async (_what, from, message) => {
    const r = await audit("--from", from());
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
  });

  test("a marker inside a string is left to the string's own resolution (not replaced as JSON)", async () => {
    const from = editedDirectory((d) => {
      const file = path.join(d, "clients", "Partner Portal.json");
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('"description": "Partner portal', '"description": "Partner portal @@JWT_TIMEOUT@@'));
    });
    const r = await audit("--from", from, "--keywords", keywords({ ...mappings, PARTNER_HOST: "partner.example", TENANT_FRIENDLY: "Acme" }));
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
  });
});

describe("two clients with one name (deploy-cli names grants by client name)", () => {
  const exportWith = (ids: boolean) => {
    const file = path.join(tmpDir(), "tenant.yaml");
    const client = (n: number, cb: string) =>
      [`  - name: Same`, ...(ids ? [`    client_id: Cl${n}AbCdEfGhIjKlMnOpQrStUvWxYz0123`] : []), "    is_first_party: false", "    third_party_security_mode: strict", `    callbacks: [${cb}]`, "    grant_types: [authorization_code]"].join("\n");
    fs.writeFileSync(
      file,
      [
        "clients:",
        client(1, "https://a.example.com/cb"),
        client(2, "https://b.example.com/cb"),
        "clientGrants:",
        "  - { client_id: Same, audience: https://api.example.com, scope: [read:x], subject_type: user }",
        "resourceServers:",
        "  - { name: API, identifier: https://api.example.com, scopes: [{ value: read:x }] }",
        "",
      ].join("\n"),
    );
    return file;
  };
  const granted = (file: string) =>
    (fs.readFileSync(file, "utf8").match(/^ {2}- id: same.*$|^ {4}permissions:$/gm) ?? []).join(" ");

  test("without identifiers: the grant goes to the first client of the name (as deploy-cli's import resolves it), once, with a warning", async () => {
    const out = path.join(tmpDir(), "environments");
    const r = await importFrom("--from", exportWith(false), "--environment", "prod", "--out", out, "--domain", "acme-prod.eu.auth0.com");
    expect(r.code).toBe(0);
    expect(granted(path.join(out, "prod.yaml"))).toBe("  - id: same     permissions:   - id: same-2");
    expect(r.stderr).toMatch(/the grant on https:\/\/api\.example\.com \(user\) names its client "Same", which 2 clients are called: .* gives it to the first one without a client_id/);
  });

  test("with identifiers: the grant cannot be placed; the warning says so", async () => {
    const out = path.join(tmpDir(), "environments");
    const r = await importFrom("--from", exportWith(true), "--environment", "prod", "--out", out, "--domain", "acme-prod.eu.auth0.com");
    expect(r.code).toBe(0);
    expect(granted(path.join(out, "prod.yaml"))).toBe("  - id: same   - id: same-2");
    expect(r.stderr).toMatch(/names its client "Same", which 2 clients are called: .* the file gives it to none of them/);
  });
});
