// Bad input, as a careless or hostile user gives it: every case exits 2 with the file and line (or the
// file, for what is not a readable file) and a fix, never a crash (70) or a hang, and nothing is written:
// no output folder, no staging folder, no lock file. Each case reaches the output writer where it can (the
// construct refusals do), so "nothing written" is a claim about the writer, not only about config loading.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { auditCommand } from "../cli/audit-command";
import { mergeDocuments } from "../config/merge";
import { holdsMoreValuesThan } from "../audit/nesting";
import { importCommand } from "../cli/import-command";
import { runCommand } from "./support/capture";
import { ROOT, spawn, tpa } from "./support/cli";
import { check } from "./support/check-cli";
import { tmpDir, writeFiles } from "./support/tmp";
import { withToday } from "./support/today";

const TENANT = "tenant:\n  domain: acme-dev.eu.auth0.com\n";
const strictApp = (extra = "") => `${TENANT}apps:\n  - id: portal\n    mode: strict\n${extra}`;
const permissiveApp = (extra: string) =>
  `${TENANT}  permissiveEligible: true\napps:\n  - id: legacy\n    mode: permissive\n    reviewBy: 2027-06-30\n${extra}`;
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** Runs tpa synth on a folder; checks exit 2, the message, and that nothing at all was written beside --out. */
function expectBadInput(configDir: string, message: RegExp): string {
  const parent = tmpDir();
  const out = path.join(parent, "cdktf.out");
  const result = tpa("synth", "--config", configDir, "--out", out);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(fs.readdirSync(parent)).toEqual([]);
  return result.stderr;
}

describe("environment files that are not files", () => {
  test("--config naming an environment file instead of its folder: the fix names the folder", () => {
    const dir = writeFiles({ "dev.yaml": strictApp() });
    expectBadInput(path.join(dir, "dev.yaml"), /dev\.yaml:0:0: is a file, not a folder: pass --config \S+, the folder of the environment files \(its dev\.yaml included\)/);
  });

  test("a folder named dev.yaml", () => {
    const dir = writeFiles({ "base.yaml": TENANT });
    fs.mkdirSync(path.join(dir, "dev.yaml"));
    expectBadInput(dir, /dev\.yaml:0:0: is a folder, not a file/);
  });

  test("a FIFO: refused at once, no hang", () => {
    const dir = writeFiles({});
    execFileSync("mkfifo", [path.join(dir, "dev.yaml")]);
    expectBadInput(dir, /dev\.yaml:0:0: is not a regular file/);
  });

  test("a symbolic link loop, and a dangling base.yaml link", () => {
    const loop = writeFiles({});
    fs.symlinkSync("dev.yaml", path.join(loop, "dev.yaml"));
    expectBadInput(loop, /dev\.yaml:0:0: is a symbolic link loop/);
    const dangling = writeFiles({ "dev.yaml": TENANT });
    fs.symlinkSync("nowhere.yaml", path.join(dangling, "base.yaml"));
    expectBadInput(dangling, /base\.yaml:0:0: no such file/);
  });

  (isRoot ? test.skip : test)("an unreadable file (skipped as root, who reads every file)", () => {
    const dir = writeFiles({ "dev.yaml": TENANT });
    fs.chmodSync(path.join(dir, "dev.yaml"), 0o000);
    expectBadInput(dir, /dev\.yaml:0:0: cannot be read \(permission denied\)/);
  });

  test.each([
    ["Prod.yaml", { "Prod.yaml": TENANT }, /Prod\.yaml:0:0: not a usable environment file name/],
    ["prod.YAML", { "prod.YAML": TENANT }, /prod\.YAML:0:0: not a usable environment file name/],
    ["a space", { "my prod.yaml": TENANT }, /my prod\.yaml:0:0: not a usable/],
    ["non-ASCII", { "prød.yaml": TENANT }, /prød\.yaml:0:0: not a usable/],
    ["prod.yml beside prod.yaml", { "prod.yaml": TENANT, "prod.yml": TENANT }, /prod\.yml:0:0: prod\.yaml is the same environment/],
  ])("an environment file named with %s is an error, never skipped", (_what, files, message) => {
    expectBadInput(writeFiles({ "dev.yaml": TENANT, ...files }), message);
  });
});

describe("values the constructs or Auth0 would refuse, reported with file and line before anything is built", () => {
  test.each([
    ["duplicate grant types", strictApp("    grantTypes: [authorization_code, authorization_code]\n"), /dev\.yaml:6:\d+: apps\[0\]\.grantTypes\[1\]: grant type "authorization_code" is listed twice/],
    ["duplicate callbacks", strictApp("    callbacks: [https://a.example.com/cb, https://a.example.com/cb]\n"), /apps\[0\]\.callbacks\[1\]: callback .* twice/],
    [
      "duplicate API scopes",
      `${TENANT}apis:\n  - id: orders\n    identifier: https://api.example.com\n    scopes: [read:orders, read:orders]\n`,
      /dev\.yaml:6:\d+: apis\[0\]\.scopes\[1\]: scope "read:orders" is listed twice/,
    ],
    [
      "duplicate default grants (issue 10 item 15)",
      `${TENANT}apis:\n  - { id: orders, identifier: https://api.example.com, scopes: [read:orders] }\ndefaultPermissions:\n  - { api: orders, subjectType: user, scopes: [read:orders] }\n  - { api: orders, subjectType: user, scopes: [read:orders] }\n`,
      /dev\.yaml:7:\d+: defaultPermissions\[1\]: duplicate grant on API "orders" for subject type "user"/,
    ],
    [
      "duplicate per-app grants",
      `${TENANT}apis:\n  - { id: orders, identifier: https://api.example.com, scopes: [read:orders] }\napps:\n  - id: portal\n    mode: strict\n    permissions:\n      - { api: orders, subjectType: user, scopes: [read:orders] }\n      - { api: orders, subjectType: user, scopes: [read:orders] }\n`,
      /dev\.yaml:10:\d+: apps\[0\]\.permissions\[1\]: duplicate grant/,
    ],
    [
      "11 metadata keys",
      strictApp(`    clientMetadata: { ${Array.from({ length: 11 }, (_, i) => `k${i}: v`).join(", ")} }\n`),
      /apps\[0\]\.clientMetadata: Auth0 allows at most 10 metadata keys/,
    ],
    ["a 256-character metadata key", strictApp(`    clientMetadata: { ${"k".repeat(256)}: v }\n`), /a metadata key has at most 255 characters/],
    ["a tpa_ metadata key", strictApp("    clientMetadata: { tpa_owner: me }\n"), /keys starting with tpa_ are reserved/],
    ["a numeric metadata value", strictApp("    clientMetadata: { port: 8080 }\n"), /a metadata value is a string/],
    [
      "9 metadata keys on a permissive app (2 go to the justification and review date)",
      permissiveApp(`    justification: needs ID tokens for now\n    clientMetadata: { ${Array.from({ length: 9 }, (_, i) => `k${i}: v`).join(", ")} }\n`),
      /apps\[0\]\.clientMetadata: a permissive app keeps its justification and review date in 2 metadata keys/,
    ],
    ["a 300-character justification", permissiveApp(`    justification: ${"x".repeat(300)}\n`), /dev\.yaml:8:\d+: apps\[0\]\.justification: .*at most 255 characters/],
    ["a blank justification", permissiveApp("    justification: '            '\n"), /at least 10 characters/],
    ["an API identifier with a space", `${TENANT}apis:\n  - { id: orders, identifier: https://api.example.com/a b }\n`, /dev\.yaml:4:\d+: apis\[0\]\.identifier: an API identifier is an audience without white space/],
    ["a blank app name", strictApp("    name: '   '\n"), /dev\.yaml:6:\d+: apps\[0\]\.name: is blank/],
    ["a blank API name", `${TENANT}apis:\n  - { id: orders, identifier: https://api.example.com, name: ' ' }\n`, /apis\[0\]\.name: is blank/],
    ["an impossible date", permissiveApp("    justification: needs ID tokens for now\n").replace("2027-06-30", "2027-02-30"), /apps\[0\]\.reviewBy: not a day of the calendar/],
    ["an impossible expiry", `${TENANT}suppressions:\n  - { rule: TPA101, target: apps/x, reason: a reason long enough, expires: 2027-13-01 }\n`, /suppressions\[0\]\.expires: not a day of the calendar/],
    ["a bad domain", "tenant:\n  domain: -..-.com\n", /dev\.yaml:2:\d+: tenant\.domain: use the tenant's domain/],
    [
      "two organizations with one name",
      `${TENANT}organizations:\n  - { id: a, name: partner }\n  - { id: b, name: partner }\n`,
      /dev\.yaml:5:\d+: organizations\[1\]\.name: organizations\[0\] has the name "partner" already/,
    ],
    ["scopes: [1, 2]", `${TENANT}apis:\n  - { id: orders, identifier: https://api.example.com, scopes: [1, 2] }\n`, /apis\[0\]\.scopes\[0\]: a scope is a name such as read:orders/],
    [
      "a duplicate app id (not a missing mode)",
      `${TENANT}apps:\n  - { id: portal, mode: strict }\n  - { id: portal }\n`,
      /dev\.yaml:5:\d+: apps\[1\]\.id: duplicate id "portal"/,
    ],
    ["a __proto__ key", `${TENANT}__proto__:\n  backend: { type: s3, bucket: b, key: k, region: r }\n`, /dev\.yaml:3:1: __proto__: unknown key "__proto__"/],
    ["a nested __proto__ key", strictApp("    clientMetadata:\n      __proto__: { polluted: 'yes' }\n"), /apps\[0\]\.clientMetadata\.__proto__: unknown key "__proto__"/],
    ["text that looks like a cdktf token", strictApp("    name: 'x ${TfToken[TOKEN.1]}'\n"), /dev\.yaml:6:\d+: apps\[0\]\.name: contains "TfToken\["/],
  ])("%s", (_what, yaml, message) => {
    expectBadInput(writeFiles({ "dev.yaml": yaml }), message);
  });

  test("a __proto__ key never reaches an object's prototype", () => {
    expectBadInput(writeFiles({ "base.yaml": "__proto__: { backend: { type: s3 } }\n", "dev.yaml": TENANT }), /base\.yaml:1:1: __proto__: unknown key/);
    expect(({} as Record<string, unknown>).backend).toBeUndefined();
    // and the merge itself keeps such a key as data, should one ever get past the loader
    const merged = mergeDocuments([{ tenant: {} }, JSON.parse('{"tenant": {}, "__proto__": {"backend": {"type": "s3"}}}')]).value as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(merged.backend).toBeUndefined();
    expect(Object.keys(merged)).toEqual(["tenant", "__proto__"]);
  });

  test("key paths name the file's own entries: apps[1] of prod.yaml, not an index into the merged list", () => {
    const dir = writeFiles({
      "base.yaml": `apps:\n  - { id: a, mode: strict }\n  - { id: b, mode: strict }\n  - { id: c, mode: strict }\n`,
      "prod.yaml": `${TENANT}apps:\n  - { id: d, mode: strict }\n  - { id: e, mode: strict, colour: blue }\n`,
    });
    const stderr = expectBadInput(dir, /prod\.yaml:5:\d+: apps\[1\]\.colour: unknown key "colour"/);
    expect(stderr).not.toMatch(/apps\[4\]/);
  });
});

describe("bounded: YAML aliases, huge strings, deep nesting", () => {
  test("an alias bomb is refused, not expanded", () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      lines.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    const yaml = `${TENANT}${lines.map((l) => `x${l}`).join("\n")}\n`.replace(/^x/gm, "");
    const started = Date.now();
    expectBadInput(writeFiles({ "dev.yaml": yaml }), /expands to more than 2000000 values/);
    expect(Date.now() - started).toBeLessThan(10_000); // a hang guard; the bomb took 52 s and 4.8 GB before
  });

  test("a huge string", () => {
    expectBadInput(writeFiles({ "dev.yaml": `${TENANT}apps:\n  - { id: a, mode: strict, name: ${"x".repeat(200_000)} }\n` }), /apps\[0\]\.name: a value of 200000 characters/);
  });

  test("a file larger than 8 MiB is not read", () => {
    expectBadInput(writeFiles({ "dev.yaml": `${TENANT}# ${"x".repeat(9 * 1024 * 1024)}\n` }), /dev\.yaml:0:0: is \d+ bytes; at most 8388608/);
  });

  test("deep nesting", () => {
    expectBadInput(writeFiles({ "dev.yaml": `${TENANT}x: ${"[".repeat(5000)}${"]".repeat(5000)}\n` }), /nested too deeply|malformed YAML/);
    expectBadInput(writeFiles({ "dev.yaml": `${TENANT}x: ${"[".repeat(70)}${"]".repeat(70)}\n` }), /x(\[0\])+: nested too deeply \(at most 64 levels\)/);
  });
});

describe("bad command-line input", () => {
  test("--out on a file", () => {
    const parent = tmpDir();
    const out = path.join(parent, "out.txt");
    fs.writeFileSync(out, "keep me");
    const result = tpa("synth", "--config", writeFiles({ "dev.yaml": TENANT }), "--out", out);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/--out .*out\.txt is not a folder/) });
    expect(fs.readFileSync(out, "utf8")).toBe("keep me");
    expect(fs.readdirSync(parent)).toEqual(["out.txt"]);
  });

  test("--out below a file", () => {
    const parent = tmpDir();
    fs.writeFileSync(path.join(parent, "file"), "");
    const result = tpa("synth", "--config", writeFiles({ "dev.yaml": TENANT }), "--out", path.join(parent, "file", "out"));
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot create .* \(a part of the path is a file\)/) });
  });

  (isRoot ? test.skip : test)("--out in a folder that is not writable (skipped as root, who writes everywhere)", () => {
    const parent = tmpDir();
    fs.chmodSync(parent, 0o555);
    try {
      const result = tpa("synth", "--config", writeFiles({ "dev.yaml": TENANT }), "--out", path.join(parent, "out"));
      expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/permission denied/) });
    } finally {
      fs.chmodSync(parent, 0o755);
    }
  });

  test.each(["2027-02-30", "tomorrow", "2027-1-1"])("TPA_TODAY=%s", (value) => {
    const result = withToday(value, () => tpa("synth", "--config", writeFiles({ "dev.yaml": TENANT }), "--out", path.join(tmpDir(), "out")));
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/TPA_TODAY takes a date as YYYY-MM-DD/) });
  });

  test.each([
    ["resource: null entries", { auth0_client: null }],
    ["a null resource body", { auth0_client: { x: null } }],
  ])("a baseline with %s: synth and diff exit 2 naming the file", (_what, resource) => {
    const baseline = tmpDir();
    fs.mkdirSync(path.join(baseline, "stacks", "dev"), { recursive: true });
    fs.writeFileSync(path.join(baseline, "stacks", "dev", "cdk.tf.json"), JSON.stringify({ resource }));
    const synth = tpa("synth", "--config", writeFiles({ "dev.yaml": TENANT }), "--out", path.join(tmpDir(), "out"), "--baseline", baseline);
    expect(synth).toMatchObject({ code: 2, stderr: expect.stringMatching(/cdk\.tf\.json: resource\.auth0_client.* is not an object/) });
    const diff = tpa("diff", "--base", baseline, "--head", baseline);
    expect(diff).toMatchObject({ code: 2, stderr: expect.stringMatching(/is not an object/) });
  });
});

describe("audit and import --from: exit 2 naming the file", () => {
  const snapshot = (clients: string) =>
    `{"kind":"tpa-tenant-snapshot","version":1,"source":{"type":"management-api"},"tenantSettings":null,"prompts":null,"clients":${clients},"clientGrants":[],"resourceServers":[],"rules":[],"hooks":[],"organizations":[]}`;
  const deep = `${'{"nested":'.repeat(10_000)}{}${"}".repeat(10_000)}`;

  test.each([
    ["clients: [null]", snapshot("[null]"), /clients\[0\] is null, not an object/],
    ["a numeric name", snapshot('[{"client_id":"abc","name":42}]'), /clients\[0\]\.name is number, not a string/],
    ["very deep nesting", snapshot(`[{"client_id":"abc","name":"x","client_metadata":${deep}}]`), /clients\[0\] nests deeper than 32 levels/],
    ["a deploy-cli export with clients: [null]", "clients:\n  - null\n", /clients(\[0\] is null|: expected a list of objects)/],
    // Auth0 has two modes, in lower case: "Strict" is neither (read as permissive, it would have passed as one)
    ["a capitalised mode", snapshot('[{"client_id":"abc","name":"x","is_first_party":false,"third_party_security_mode":"Strict"}]'), /clients\[0\]\.third_party_security_mode is neither strict nor permissive/],
    ["a deploy-cli export with a mode in capitals", "clients:\n  - name: Partner\n    is_first_party: false\n    third_party_security_mode: PERMISSIVE\n", /clients\[0\]\.third_party_security_mode is neither strict nor permissive/],
    // the tenant's DCR mode takes the same two values
    [
      "a DCR mode in capitals",
      snapshot("[]").replace('"tenantSettings":null', '"tenantSettings":{"dynamic_client_registration_security_mode":"Strict"}'),
      /tenantSettings\.dynamic_client_registration_security_mode is neither strict nor permissive/,
    ],
    ["a deploy-cli export of two YAML documents", "clients: []\n---\nclients: []\n", /:2: not valid JSON or YAML: it holds more than one YAML document \(a second ---\); deploy-cli reads one/],
    // an alias without its anchor is said at its line, as tpa check --deploy-cli says it
    ["a deploy-cli export with an alias without its anchor", "clients:\n  - name: A\n    is_first_party: false\n    callbacks: *urls\n", /snapshot\.json:4: not valid JSON or YAML: unidentified alias "urls" \(no anchor &urls before it\)/],
    // read as deploy-cli exports (tenant: is one of their keys), they would be tenants without apps: an empty environment
    ["an environment file of tpa", "tenant:\n  domain: acme-dev.eu.auth0.com\napps:\n  - id: portal\n    mode: strict\n", /snapshot\.json: is an environment file of tpa \(apps:\), not what a tenant holds/],
    ["a snapshot of another kind", '{"kind":"tpa-tenant-snapshot-v2","version":1,"clients":[]}', /kind "tpa-tenant-snapshot-v2" is not a snapshot of tpa audit --save/],
    ["a deploy-cli export with a numeric DCR mode", "tenant:\n  dynamic_client_registration_security_mode: 1\nclients: []\n", /dynamic_client_registration_security_mode is number, not a string/],
  ])("%s", async (_what, text, message) => {
    const file = path.join(tmpDir(), "snapshot.json");
    fs.writeFileSync(file, text);
    const audit = await runCommand(auditCommand, ["--from", file, "--format", "json"], { env: {} });
    expect(audit).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
    const out = tmpDir();
    const imported = await runCommand(importCommand, ["--from", file, "--environment", "dev", "--out", out, "--domain", "acme.eu.auth0.com"], { env: {} });
    expect(imported).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test("a YAML export's folder (tenant.yaml beside clients/ of login pages) is exit 2 pointing at its tenant.yaml, not an empty tenant", async () => {
    const dir = writeFiles({
      "tenant.yaml": "clients:\n  - name: Partner\n    is_first_party: false\n    grant_types: [implicit]\n",
      "clients/Partner_custom_login_page.html": "<html></html>",
    });
    const message = new RegExp(`holds tenant\\.yaml, a deploy-cli export in the YAML form.*: pass ${path.join(dir, "tenant.yaml").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
    const audit = await runCommand(auditCommand, ["--from", dir, "--format", "json"], { env: {} });
    expect([audit.code, audit.stderr]).toEqual([2, expect.stringMatching(message)]);
    const checked = await check("--deploy-cli", dir);
    expect([checked.code, checked.stderr]).toEqual([2, expect.stringMatching(message)]);
  });

  test("a FIFO, a folder without an export, a symlink loop: no hang, exit 2", async () => {
    const dir = tmpDir();
    const fifo = path.join(dir, "fifo.json");
    execFileSync("mkfifo", [fifo]);
    const loop = path.join(dir, "loop.json");
    fs.symlinkSync("loop.json", loop);
    for (const [file, message] of [
      [fifo, /is not a regular file/],
      [loop, /symbolic link loop/],
    ] as const) {
      const result = await runCommand(auditCommand, ["--from", file, "--format", "json"], { env: {} });
      expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
    }
    // a deploy-cli folder export with a FIFO for a client file
    const exported = tmpDir();
    fs.mkdirSync(path.join(exported, "clients"));
    execFileSync("mkfifo", [path.join(exported, "clients", "portal.json")]);
    const result = await runCommand(auditCommand, ["--from", exported, "--format", "json"], { env: {} });
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/portal\.json: is not a regular file/) });
  });
});

describe("a folder of an export that cannot be read", () => {
  // root reads every folder: the commands run as an unprivileged user then, where the system has setpriv and that
  // user can read the project (a clone in a private temporary folder cannot be)
  const NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];
  const runAs = (args: string[]) => (isRoot ? spawn(NOBODY[0], [...NOBODY.slice(1), process.execPath, path.join(ROOT, "bin", "tpa.js"), ...args]) : spawn(process.execPath, [path.join(ROOT, "bin", "tpa.js"), ...args]));
  const possible = !isRoot || runAs(["rules"]).code === 0;

  (possible ? test : test.skip)("tpa audit --from and tpa check --deploy-cli: exit 2 naming the folder, not an internal error", () => {
    const parent = tmpDir();
    fs.chmodSync(parent, 0o755);
    const exported = path.join(parent, "export");
    fs.mkdirSync(path.join(exported, "clients"), { recursive: true });
    fs.mkdirSync(path.join(exported, "grants"));
    fs.writeFileSync(path.join(exported, "clients", "Partner.json"), '{"name":"Partner","is_first_party":false,"third_party_security_mode":"strict"}');
    fs.writeFileSync(path.join(exported, "grants", "g.json"), '{"client_id":"Partner","audience":"https://api.acme.test/","scope":[]}');
    for (const dir of [parent, exported, path.join(exported, "clients")]) fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(exported, "clients", "Partner.json"), 0o644);
    fs.chmodSync(path.join(exported, "grants"), 0o000);
    try {
      for (const args of [["audit", "--from", exported, "--format", "json"], ["check", "--deploy-cli", exported]]) {
        const result = runAs(args);
        expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 2, stderr: `tpa ${args[0]}: ${path.join(exported, "grants")}: cannot be read (permission denied)\n` });
      }
    } finally {
      fs.chmodSync(path.join(exported, "grants"), 0o755);
    }
  });
});

describe("environment files Terraform would make wrong", () => {
  const ENV = "tenant:\n  domain: acme-prod.eu.auth0.com\napps:\n";
  test("two apps adopting one client are exit 2 at the second importClientId", () => {
    const dir = writeFiles({ "prod.yaml": `${ENV}  - id: a\n    name: A\n    mode: strict\n    importClientId: tpc_x\n  - id: b\n    name: B\n    mode: strict\n    importClientId: tpc_x\n` });
    const r = tpa("synth", "--config", dir, "--out", path.join(dir, "out"));
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/prod\.yaml:11:5: apps\[1\]\.importClientId: apps\[0\] adopts client tpc_x already/)]);
  });

  test("two environments on one tenant that both manage its settings, an API or an adopted client are exit 2 at the second's domain; apps alone may share it", () => {
    const strictOn = (domain: string, environment: string, extra = "") =>
      `tenant:\n  domain: ${domain}\n  environment: ${environment}\n${extra}apps:\n  - id: ${environment}-portal\n    mode: strict\n    callbacks: ["https://${environment}.example.com/cb"]\n`;
    const dcr = "dcr:\n  enabled: false\n  securityMode: strict\n";
    const shared = writeFiles({ "dev.yaml": strictOn("acme-dev.eu.auth0.com", "dev", dcr), "qa.yaml": strictOn("ACME-dev.eu.auth0.com", "qa", dcr) });
    const r = tpa("synth", "--config", shared, "--out", path.join(tmpDir(), "out"));
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/qa\.yaml:2:3: tenant\.domain: environment "dev" \(\S*dev\.yaml\) is on tenant ACME-dev\.eu\.auth0\.com too, and both manage its settings \(dcr\)/)]);
    const api = "apis:\n  - id: orders\n    identifier: https://api.acme.test/orders\n";
    const apis = writeFiles({ "dev.yaml": strictOn("acme-dev.eu.auth0.com", "dev", api), "qa.yaml": strictOn("acme-dev.eu.auth0.com", "qa", api) });
    expect(tpa("synth", "--config", apis, "--out", path.join(tmpDir(), "out")).stderr).toMatch(/both manage the API https:\/\/api\.acme\.test\/orders/);
    const appsOnly = writeFiles({ "dev.yaml": strictOn("acme-dev.eu.auth0.com", "dev"), "qa.yaml": strictOn("acme-dev.eu.auth0.com", "qa") });
    expect(tpa("synth", "--config", appsOnly, "--out", path.join(tmpDir(), "out")).code).not.toBe(2);
  });

  test("a permissive app adopting a tpc_ client (a strict one, whose mode never changes) is exit 2 at its mode", () => {
    const dir = writeFiles({ "prod.yaml": `${ENV}  - id: a\n    name: A\n    mode: permissive\n    justification: the partner has not moved to PKCE yet\n    reviewBy: 2027-06-30\n    importClientId: tpc_aBcDeFgHiJkLmNoPqRsTuV\n` });
    const r = tpa("synth", "--config", dir, "--out", path.join(dir, "out"));
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/prod\.yaml:6:5: apps\[0\]\.mode: the adopted client tpc_aBcDeFgHiJkLmNoPqRsTuV is strict \(a tpc_ ID\)/)]);
  });

  test("bytes that are no UTF-8 are exit 2 at their line and column, never synthesized as U+FFFD", () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "prod.yaml"), Buffer.concat([Buffer.from(`${ENV}  - id: a\n    name: "A `), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"\n    mode: strict\n')]));
    const r = tpa("synth", "--config", dir, "--out", path.join(dir, "out"));
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/prod\.yaml:5:14: is not valid UTF-8 here: save the file as UTF-8/)]);
    expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
  });
});

test("an --out or --save below a folder that refuses new entries (/proc/self) is exit 2, not a hang", async () => {
  if (process.platform !== "linux") return;
  const exported = writeFiles({ "tenant.yaml": "clients:\n  - name: Partner\n    app_type: regular_web\n    is_first_party: false\n    third_party_security_mode: strict\n" });
  const snapshot = path.join(exported, "snap.json");
  expect((await runCommand(auditCommand, ["--from", path.join(exported, "tenant.yaml"), "--save", snapshot], { env: {} })).code).toBe(0);
  const saved = await runCommand(auditCommand, ["--from", snapshot, "--save", "/proc/self/x/snap.json"], { env: {} });
  expect([saved.code, saved.stderr]).toEqual([2, expect.stringMatching(/\/proc\/self\/x\/snap\.json: cannot write/)]);
  const imported = await runCommand(importCommand, ["--from", snapshot, "--environment", "prod", "--out", "/proc/self/x", "--domain", "acme-prod.eu.auth0.com"], { env: {} });
  expect([imported.code, imported.stderr]).toEqual([2, expect.stringMatching(/cannot write \/proc\/self\/x/)]);
});

describe("a quoted string never closed: named where it opens, in every YAML the commands read", () => {
  // the parser itself reports the end of the file, or a bad indentation below, for the rest of the file is the string
  const unclosed = /:4(:\d+)?: (malformed YAML|not valid (JSON or )?YAML[^:]*): a quoted string starts here and is never closed: add its closing "/;

  test("an environment file", () => {
    const dir = writeFiles({ "dev.yaml": `${TENANT}apps:\n  - id: "portal\n    mode: strict\n  - id: other\n` });
    expect(expectBadInput(dir, unclosed)).toMatch(/dev\.yaml:4:9:/);
  });

  test("a deploy-cli tenant.yaml (tpa check) and an export read by tpa audit", async () => {
    const dir = writeFiles({ "tenant.yaml": `clients:\n  - name: Portal\n    app_type: spa\n    description: "the portal\n    is_first_party: false\n` });
    const checked = await check("--deploy-cli", path.join(dir, "tenant.yaml"));
    const audited = await runCommand(auditCommand, ["--from", path.join(dir, "tenant.yaml")]);
    for (const r of [checked, audited]) expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(unclosed)]);
  });

  test("a tpa.yaml; escaped quotes inside a string close nothing, and a string that is closed is not named", async () => {
    const dir = writeFiles({ "main.tf": "", "tpa.yaml": `tenant:\n  domain: acme.eu.auth0.com\n  note: 'it''s \\"fine\\"'\n  other: "a \\" b\n` });
    const r = await check(dir);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(unclosed)]);
  });
});

describe("YAML aliases in deploy-cli exports and tpa.yaml: any number, as deploy-cli reads them; what they expand to is bounded", () => {
  const clients = (n: number) =>
    `x-mode: &mode strict\nx-defaults: &defaults\n  app_type: regular_web\n  is_first_party: false\nclients:\n${Array.from(
      { length: n },
      (_, i) => `  - <<: *defaults\n    name: P${i}\n    third_party_security_mode: *mode\n    grant_types: [authorization_code]\n`,
    ).join("")}`;
  const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ..."bcdefghi".split("").map((k, i) => `${k}: &${k} [${Array(10).fill(`*${"abcdefghi"[i]}`).join(", ")}]`), "clients: [*i]"].join("\n");

  test("only what aliases repeat counts: a document of millions of values written out once is no bomb", () => {
    const large = { clients: Array.from({ length: 300_000 }, (_, i) => ({ name: `P${i}`, callbacks: [`https://p${i}.example/cb`, "https://x.example/cb"], is_first_party: false })) };
    expect(holdsMoreValuesThan(large, 2_000_000)).toBe(false);
    const shared = { a: 1 };
    // nine repeats of { a: 1 }, each repeating one value
    expect(holdsMoreValuesThan({ list: Array(10).fill(shared) }, 8)).toBe(true);
    expect(holdsMoreValuesThan({ list: Array(10).fill(shared) }, 9)).toBe(false);
  });

  test("300 clients merging one anchor are read by tpa check and tpa audit", async () => {
    const dir = writeFiles({ "tenant.yaml": clients(300) });
    const checked = await check("--deploy-cli", path.join(dir, "tenant.yaml"), "--format", "json");
    expect(checked.code).toBe(0);
    const audited = await runCommand(auditCommand, ["--from", path.join(dir, "tenant.yaml"), "--format", "json"]);
    expect([audited.code, JSON.parse(audited.stdout).summary.thirdPartyApps]).toEqual([0, 300]);
  });

  test("a billion values from a few lines of aliases are exit 2 naming the file, never a crash", async () => {
    const dir = writeFiles({ "tenant.yaml": bomb, "main.tf": "", "tpa.yaml": bomb.replace("clients: [*i]", "suppressions: [*i]") });
    const checked = await check("--deploy-cli", path.join(dir, "tenant.yaml"));
    const audited = await runCommand(auditCommand, ["--from", path.join(dir, "tenant.yaml")]);
    const settings = await check(dir);
    for (const [r, file] of [[checked, "tenant.yaml"], [audited, "tenant.yaml"], [settings, "tpa.yaml"]] as const) {
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(new RegExp(`${file.replace(".", "\\.")}: expands to more than 2000000 values`))]);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });
});

test("a YAML key that is a list is read as the parser reads it, and no Node warning reaches stderr (audit --from, check --deploy-cli)", async () => {
  const file = path.join(writeFiles({ "tenant.yaml": "clients:\n  - name: A\n    ? [a, b]\n    : x\n    is_first_party: false\n" }), "tenant.yaml");
  const audit = spawn(process.execPath, [path.join(ROOT, "bin", "tpa.js"), "audit", "--from", file, "--format", "json"]);
  const checked = spawn(process.execPath, [path.join(ROOT, "bin", "tpa.js"), "check", "--deploy-cli", file]);
  for (const r of [audit, checked]) {
    expect(r.code === 0 || r.code === 1).toBe(true);
    expect(r.stderr).not.toMatch(/Warning|trace-warnings/);
  }
});

describe("deploy-cli keyword mappings are input too", () => {
  // K0 is two K1, K1 two K2, ...: forty doublings
  const bombConfig = JSON.stringify({ AUTH0_KEYWORD_REPLACE_MAPPINGS: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`K${i}`, `##K${i + 1}####K${i + 1}##`])) });

  test("mappings that grow a file without bound are exit 2 naming the file and the keyword, never a crash of Node", async () => {
    const dir = writeFiles({
      "tenant.yaml": 'clients:\n  - name: "##K0##"\n    is_first_party: false\n',
      "export/clients/App.json": '{ "name": "##K0##", "is_first_party": false }',
      "config.json": bombConfig,
    });
    const config = path.join(dir, "config.json");
    const yaml = await check("--deploy-cli", path.join(dir, "tenant.yaml"), "--config", config);
    const folder = await check("--deploy-cli", path.join(dir, "export"), "--config", config);
    const audited = await runCommand(auditCommand, ["--from", path.join(dir, "tenant.yaml"), "--keywords", config]);
    for (const [r, file] of [[yaml, "tenant.yaml"], [folder, "App.json"], [audited, "tenant.yaml"]] as const) {
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(new RegExp(`${file.replace(".", "\\.")}: replacing the keyword K\\d+ grows the text past \\d+ characters`))]);
    }
  });

  test("a directory export's replaced secrets are written nowhere: the keywords are replaced in memory", async () => {
    const dir = writeFiles({
      "export/clients/App.json": '{ "name": "App", "is_first_party": false, "third_party_security_mode": "strict" }',
      "export/connections/google.json": '{ "name": "google", "options": { "client_secret": "##GOOGLE_SECRET##" } }',
      "config.json": JSON.stringify({ AUTH0_KEYWORD_REPLACE_MAPPINGS: { GOOGLE_SECRET: "GOCSPX-NotWrittenAnywhere123" } }),
    });
    // the temporary folder is a file: anything written there would fail the run
    const notAFolder = path.join(dir, "tmp");
    fs.writeFileSync(notAFolder, "");
    const r = spawn(process.execPath, [path.join(ROOT, "bin", "tpa.js"), "check", "--deploy-cli", path.join(dir, "export"), "--config", path.join(dir, "config.json")], { TMPDIR: notAFolder });
    expect([r.code, r.stderr]).toEqual([0, ""]);
  });

  test("a config file with a byte order mark, or with null mappings, is read as deploy-cli reads it (nconf): by audit --keywords and check --config alike", async () => {
    const dir = writeFiles({
      "tenant.yaml": 'clients:\n  - name: Partner\n    is_first_party: false\n    third_party_security_mode: strict\n    grant_types: ["##GRANT##"]\n',
      "bom.json": `\uFEFF${JSON.stringify({ AUTH0_KEYWORD_REPLACE_MAPPINGS: { GRANT: "implicit" } })}`,
      "null.json": JSON.stringify({ AUTH0_KEYWORD_REPLACE_MAPPINGS: null }),
    });
    const tenant = path.join(dir, "tenant.yaml");
    const audit = (config: string) => runCommand(auditCommand, ["--from", tenant, "--keywords", path.join(dir, config), "--format", "json"]);
    const withBom = await audit("bom.json");
    expect([withBom.code, withBom.stderr]).toEqual([0, ""]);
    expect((JSON.parse(withBom.stdout) as { apps: { blockers: { ruleId: string }[] }[] }).apps[0].blockers.map((b) => b.ruleId)).toContain("TPA101");
    expect((await check("--deploy-cli", tenant, "--config", path.join(dir, "bom.json"))).code).toBe(1);
    // no mappings: the export's marker has none, which the audit of an export says (check reads it as known at import)
    const withNull = await audit("null.json");
    expect([withNull.code, withNull.stderr]).toEqual([2, expect.stringMatching(/keyword marker ##GRANT## has no mapping/)]);
    const unmapped = await check("--deploy-cli", tenant, "--config", path.join(dir, "null.json"), "--format", "json");
    expect(unmapped.code).toBe(0);
    expect(unmapped.stdout).toMatch(/a keyword without a mapping in \S*null\.json's AUTH0_KEYWORD_REPLACE_MAPPINGS, known only at import: map it there/);
  });
});

test("a login page in clients/ that links out of it is refused unread by import, audit and check, as a path out of it is", async () => {
  const dir = writeFiles({
    "credentials": "[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    "export/clients/Partner.json": JSON.stringify({ name: "Partner", app_type: "regular_web", is_first_party: false, third_party_security_mode: "permissive", custom_login_page_on: true, custom_login_page: "./Partner_custom_login_page.html" }),
  });
  fs.symlinkSync(path.join(dir, "credentials"), path.join(dir, "export", "clients", "Partner_custom_login_page.html"));
  const out = path.join(dir, "out");
  const imported = await runCommand(importCommand, ["--from", path.join(dir, "export"), "--environment", "prod", "--domain", "acme.eu.auth0.com", "--out", out]);
  const audited = await runCommand(auditCommand, ["--from", path.join(dir, "export"), "--save", path.join(dir, "snapshot.json")]);
  const checked = await check("--deploy-cli", path.join(dir, "export"));
  for (const r of [imported, audited, checked]) {
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/Partner_custom_login_page\.html: Partner: custom_login_page names \.\/Partner_custom_login_page\.html, outside the export's clients\/ folder/)]);
    expect(r.stdout + r.stderr).not.toContain("wJalrXUtnFEMI");
  }
  expect(fs.existsSync(out) || fs.existsSync(path.join(dir, "snapshot.json"))).toBe(false);
});

describe("a failed write leaves no folder it made", () => {
  const longName = "x".repeat(240);

  test("tpa import --out and tpa audit --save below new folders, with a name too long for the file system", async () => {
    const dir = writeFiles({ "tenant.yaml": "clients:\n  - name: Partner\n    app_type: regular_web\n    is_first_party: false\n    third_party_security_mode: strict\n" });
    const imported = await runCommand(importCommand, ["--from", path.join(dir, "tenant.yaml"), "--environment", `p${longName}`, "--domain", "acme.eu.auth0.com", "--out", path.join(dir, "new", "envs")], { env: {} });
    const audited = await runCommand(auditCommand, ["--from", path.join(dir, "tenant.yaml"), "--save", path.join(dir, "saved", "q", `${longName}.json`)]);
    for (const r of [imported, audited]) expect(r.code).toBe(2);
    expect(fs.readdirSync(dir)).toEqual(["tenant.yaml"]);
  });

  test("tpa synth --out below new folders, with a configuration it refuses", () => {
    const dir = writeFiles({ "dev.yaml": "tenant:\n  domain: not a domain\n" });
    const parent = tmpDir();
    const r = tpa("synth", "--config", dir, "--out", path.join(parent, "a", "b", "cdktf.out"));
    expect(r.code).toBe(2);
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});
