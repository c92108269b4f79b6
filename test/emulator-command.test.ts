import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { Finished, runTpa, tpaChild, until } from "./support/child";
import { tmpDir } from "./support/tmp";

// `tpa emulator` as a user runs it: a separate process, reached over HTTPS by other tpa processes with
// AUTH0_DOMAIN=127.0.0.1:PORT and NODE_EXTRA_CA_CERTS, stopped with a signal.

interface Ready {
  domain: string;
  clientId: string;
  clientSecret: string;
  caFile: string | null;
}

async function startEmulator(...args: string[]) {
  let out = "";
  const { child, done } = tpaChild(["emulator", ...args]);
  child.stdout!.on("data", (d) => (out += String(d)));
  let finished: Finished | undefined;
  void done.then((f) => (finished = f));
  await until(() => out.includes("\n") || finished !== undefined);
  if (finished) throw new Error(`tpa emulator exited ${finished.code}: ${finished.stderr}`);
  return { child, done, line: out.split("\n")[0] };
}

const envFor = (ready: Ready) => ({
  AUTH0_DOMAIN: ready.domain,
  AUTH0_CLIENT_ID: ready.clientId,
  AUTH0_CLIENT_SECRET: ready.clientSecret,
  NODE_EXTRA_CA_CERTS: ready.caFile ?? "",
});

test("--https --format json: one ready object; audit and verify reach it; SIGTERM stops it cleanly and removes the CA file", async () => {
  const emulator = await startEmulator("--https", "--format", "json");
  const ready = JSON.parse(emulator.line) as Ready;
  try {
    expect(Object.keys(ready)).toEqual(["domain", "clientId", "clientSecret", "caFile"]);
    expect(ready.domain).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(fs.readFileSync(ready.caFile!, "utf8")).toContain("-----BEGIN CERTIFICATE-----");

    // seeded with the example's prod environment as deployed
    const snapshot = path.join(tmpDir(), "tenant.json");
    const audit = await runTpa(["audit", "--format", "json", "--save", snapshot], envFor(ready));
    expect(audit.code).toBe(0);
    const report = JSON.parse(audit.stdout);
    expect(report.tenant.dcr).toEqual({ enabled: true, securityMode: "strict" });
    expect(report.tenant.defaultPermissions).toHaveLength(2);
    expect(report.apps.map((a: { name: string }) => a.name).sort()).toEqual(["Acme MCP desktop connector", "Fulfilment Sync (partner back office)", "Partner Portal"]);
    expect(report.apps.every((a: { mode: string; clientId: string }) => a.mode === "strict" && a.clientId.startsWith("tpc_"))).toBe(true);

    // import from what was read: the environment file needs a real domain, which the emulator is not
    const envDir = path.join(tmpDir(), "environments");
    const noDomain = await runTpa(["import", "--from", snapshot, "--environment", "rehearsal", "--out", envDir]);
    expect(noDomain.code).toBe(2);
    expect(noDomain.stderr).toContain(`was read from tpa emulator (${ready.domain}): pass --domain`);
    const imported = await runTpa(["import", "--from", snapshot, "--environment", "rehearsal", "--out", envDir, "--domain", "acme-rehearsal.eu.auth0.com"]);
    expect(imported.code).toBe(0);
    expect(fs.readFileSync(path.join(envDir, "rehearsal.yaml"), "utf8")).toContain("importClientId: tpc_");

    const rehearsal = await runTpa(["verify", "--environment", "prod", "--dcr", "--yes", "--format", "json"], envFor(ready));
    expect(rehearsal.code).toBe(0);
    expect(JSON.parse(rehearsal.stdout).leftovers).toEqual([]);

    // --seed: a second emulator starts from the tenant the first one served
    const second = await startEmulator("--https", "--format", "json", "--seed", snapshot);
    const secondReady = JSON.parse(second.line) as Ready;
    const again = await runTpa(["audit", "--format", "json"], envFor(secondReady));
    second.child.kill("SIGTERM");
    expect((await second.done).code).toBe(0);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).apps.map((a: { clientId: string }) => a.clientId).sort()).toEqual(report.apps.map((a: { clientId: string }) => a.clientId).sort());
  } finally {
    emulator.child.kill("SIGTERM");
  }
  const stopped = await emulator.done;
  expect(stopped.code).toBe(0);
  expect(fs.existsSync(ready.caFile!)).toBe(false);
});

test("the text ready line is one line to copy into a shell; SIGINT stops it", async () => {
  const emulator = await startEmulator("--https");
  emulator.child.kill("SIGINT");
  const { code, stdout, stderr } = await emulator.done;
  expect(code).toBe(0);
  expect(stdout.trim().split("\n")).toHaveLength(1);
  expect(emulator.line).toMatch(/^tpa emulator ready: AUTH0_DOMAIN=127\.0\.0\.1:\d+ AUTH0_CLIENT_ID=\S+ AUTH0_CLIENT_SECRET=\S+ NODE_EXTRA_CA_CERTS=\S+ca\.pem$/);
  expect(stderr).toContain("Seeded from the example's prod environment: 3 clients, 3 APIs, 2 default grants, DCR on (strict)");
});

test("a taken port, a bad port or a missing seed: exit 2 with a message", async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const port = String((blocker.address() as net.AddressInfo).port);
  try {
    const taken = await runTpa(["emulator", "--port", port]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain(`--port ${port}: the port is taken`);
  } finally {
    blocker.close();
  }
  const bad = await runTpa(["emulator", "--port", "http"]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--port takes a port number from 1 to 65535, not "http"');
  const missing = await runTpa(["emulator", "--seed", "no-such-snapshot.json"]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain("--seed no-such-snapshot.json: no such file or folder");
});

test("--seed a deploy-cli export: plain, with its markers and --keywords, and without them (exit 2, naming the fix)", async () => {
  const fixtures = path.join(__dirname, "fixtures", "deploy-cli");
  const plain = path.join(tmpDir(), "tenant.yaml");
  fs.writeFileSync(plain, "clients:\n  - name: Partner Portal\n    client_id: tpc_AAAAAAAAAAAAAAAAAAAAAA\n    is_first_party: false\n    third_party_security_mode: strict\n    app_type: regular_web\n");
  for (const args of [["--seed", plain], ["--seed", path.join(fixtures, "yaml", "tenant.yaml"), "--keywords", path.join(fixtures, "config.json")]]) {
    const emulator = await startEmulator(...args);
    emulator.child.kill("SIGTERM");
    const { code, stderr } = await emulator.done;
    expect(stderr).toMatch(/^Seeded from \S+tenant\.yaml: \d+ clients/m);
    expect(code).toBe(0);
  }
  const unmapped = await runTpa(["emulator", "--seed", path.join(fixtures, "yaml", "tenant.yaml")]);
  expect(unmapped.stderr).toMatch(/--keywords FILE/);
  expect(unmapped.code).toBe(2);
  const alone = await runTpa(["emulator", "--keywords", path.join(fixtures, "config.json")]);
  expect(alone.stderr).toContain("--keywords goes with --seed (a deploy-cli export)");
  expect(alone.code).toBe(2);
});
