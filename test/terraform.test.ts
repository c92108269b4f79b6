// Real Terraform (1.11, on PATH) over every synthesized stack of the example, offline: the auth0
// provider is the schema-serving one under tools/provider/, installed from a filesystem mirror by a
// generated CLI configuration (tools/offline-terraform.ts). Everything runs in temporary folders.
//
// The dev plan is kept as test/fixtures/plan/dev.plan.json (for the pull-request report); refresh it with
//   UPDATE_PLAN_FIXTURE=1 npx jest test/terraform.test.ts
import { spawn, spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import {
  CommandResult,
  copyStack,
  initAndValidate,
  mapLimit,
  OfflineTerraform,
  PlanJson,
  planFromEmptyState,
  plannedCreates,
  run,
  setupOfflineTerraform,
  StackCheck,
  StackPlan,
} from "../tools/offline-terraform";
import { pinnedSchemaFile, protoDir, providerMainFile } from "../tools/paths";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, selfSignedCertificate } from "../tools/provider/server";
import { decodeValue, encodeValue, isUnknown, UNKNOWN } from "../tools/provider/values";
import { tpa } from "./support/cli";
import { auth0Config, errorsOf, ROOT, runningProviders } from "./support/terraform";

const ENVIRONMENTS = ["dev", "prod", "staging"];
const FIXTURE = path.join(ROOT, "test", "fixtures", "plan", "dev.plan.json");
// two cores: a few Terraform runs at a time keep each one quick
const CONCURRENCY = Math.max(2, Math.min(4, os.cpus().length * 2));

/** `${type}.${name}` of every resource of a synthesized stack, sorted. */
function addressesOf(file: string): string[] {
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as { resource?: Record<string, Record<string, unknown>> };
  return Object.entries(json.resource ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

/** Hand-written (or mutated) configurations that Terraform must reject, plus a control that it accepts. */
function negativeCases(devStack: string): Record<string, { file: string; text: string }> {
  const dev = JSON.parse(fs.readFileSync(devStack, "utf8"));
  const twoJwtBlocks = structuredClone(dev);
  twoJwtBlocks.resource.auth0_client["apps_partner-portal_strict"].jwt_configuration = [{ alg: "RS256" }, { alg: "RS256" }];
  const dangling = structuredClone(dev);
  dangling.resource.auth0_client_grant["apps_partner-portal_strict_grant_orders_user"].client_id =
    "${auth0_client.apps_partner-portal_permissive.client_id}";
  const client = { name: "Partner Portal", app_type: "regular_web", callbacks: ["https://partner.example.com/callback"] };
  const json = (text: string) => ({ file: "main.tf.json", text });
  return {
    control: json(auth0Config({ auth0_client: { portal: client } })),
    unknownAttribute: json(auth0Config({ auth0_client: { portal: { ...client, callback_urls: ["https://partner.example.com/cb"] } } })),
    // the same mistake in Terraform's native syntax
    unknownAttributeHcl: {
      file: "main.tf",
      text: [
        'terraform {\n  required_providers {\n    auth0 = { source = "auth0/auth0", version = "1.55.0" }\n  }\n}',
        'resource "auth0_client" "portal" {\n  name          = "Partner Portal"\n  callback_urls = ["https://partner.example.com/cb"]\n}',
        "",
      ].join("\n"),
    },
    wrongType: json(
      auth0Config({ auth0_client: { portal: { ...client, callbacks: "https://partner.example.com/callback", is_first_party: "maybe" } } }),
    ),
    missingRequired: json(auth0Config({ auth0_client: { portal: { app_type: "regular_web" } } })),
    tooManyBlocks: json(`${JSON.stringify(twoJwtBlocks, null, 2)}\n`),
    danglingReference: json(`${JSON.stringify(dangling, null, 2)}\n`),
  };
}

/** Promises started once, awaited by the tests (marked handled so that a failure shows in its own test). */
function started<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

interface Runs {
  readonly tf: OfflineTerraform;
  /** the synthesized example (tpa synth --out) */
  readonly out: string;
  readonly validations: Promise<Record<string, StackCheck>>;
  readonly plans: Promise<Record<string, StackPlan>>;
  readonly negatives: Promise<Record<string, StackCheck>>;
  readonly cdktfDiff: Promise<CommandResult>;
  /** `npm run validate -- --out DIR` over a copy of the example whose dev stack has an error */
  readonly validateCommand: Promise<CommandResult & { out: string }>;
  /** settles when every job has finished */
  readonly done: Promise<unknown>;
}

let current: Runs | Error | undefined;

/**
 * Synthesizes the example and starts all Terraform work of this file at once, on first use (so that
 * `jest -t` on other tests starts none): the tests await their part.
 */
function runs(): Runs {
  if (!current) {
    const tf = setupOfflineTerraform();
    try {
      current = startRuns(tf);
    } catch (e) {
      tf.dispose();
      current = e as Error;
    }
  }
  if (current instanceof Error) throw current;
  return current;
}

function startRuns(tf: OfflineTerraform): Runs {
  const out = path.join(tf.dir, "synth");
  const synth = tpa("synth", "--out", out);
  if (synth.code !== 0) throw new Error(`tpa synth failed (${synth.code}):\n${synth.stderr}${synth.stdout}`);
  const { env, dir } = tf;
  const stackFile = (name: string) => path.join(out, "stacks", name, "cdk.tf.json");
  const work = (kind: string, name: string) => path.join(dir, kind, name);

  // One queue for all Terraform work, so that the machine is busy but not swamped.
  const jobs: (() => Promise<unknown>)[] = [];
  const enqueue = <T>(job: () => Promise<T>): Promise<T> => {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const p = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    jobs.push(() => job().then(resolve, reject));
    return started(p);
  };
  const byName = async <T>(entries: [string, Promise<T>][]) =>
    Object.fromEntries(await Promise.all(entries.map(async ([k, p]) => [k, await p] as const)));

  // cdktf diff first: it is the longest single job.
  const cdktfDiff = enqueue(() => runCdktfDiff(env, dir));
  const validations = started(
    byName(
      ENVIRONMENTS.map((name) => [
        name,
        enqueue(() => {
          copyStack(path.dirname(stackFile(name)), work("validate", name));
          return initAndValidate(work("validate", name), env);
        }),
      ]),
    ),
  );
  const plans = started(
    byName(
      ENVIRONMENTS.map((name) => [
        name,
        enqueue(() => {
          copyStack(path.dirname(stackFile(name)), work("plan", name));
          return planFromEmptyState(work("plan", name), env);
        }),
      ]),
    ),
  );
  const negatives = started(
    byName(
      Object.entries(negativeCases(stackFile("dev"))).map(([name, { file, text }]) => [
        name,
        enqueue(() => {
          fs.mkdirSync(work("negative", name), { recursive: true });
          fs.writeFileSync(path.join(work("negative", name), file), text);
          return initAndValidate(work("negative", name), env);
        }),
      ]),
    ),
  );
  const validateCommand = enqueue(async () => {
    const broken = path.join(dir, "validate-command");
    for (const name of ENVIRONMENTS) copyStack(path.dirname(stackFile(name)), path.join(broken, "stacks", name));
    const dev = JSON.parse(fs.readFileSync(path.join(broken, "stacks", "dev", "cdk.tf.json"), "utf8"));
    delete dev.resource.auth0_client["apps_partner-portal_strict"].name;
    fs.writeFileSync(path.join(broken, "stacks", "dev", "cdk.tf.json"), JSON.stringify(dev, null, 2));
    const result = await run(process.execPath, [path.join(ROOT, "dist", "tools", "validate.js"), "--out", broken], {
      cwd: ROOT,
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
    return { ...result, out: broken };
  });
  const done = started(mapLimit(jobs, CONCURRENCY, (job) => job()));
  return { tf, out, validations, plans, negatives, cdktfDiff, validateCommand, done };
}

afterAll(async () => {
  if (!current || current instanceof Error) return;
  await current.done.catch(() => undefined);
  current.tf.dispose();
});

/** `cdktf diff dev` as a user runs it, in a temporary project folder (its own cdktf.json and HOME). */
async function runCdktfDiff(env: NodeJS.ProcessEnv, dir: string): Promise<CommandResult> {
  const project = path.join(dir, "cdktf-project");
  const home = path.join(project, "home");
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(
    path.join(project, "cdktf.json"),
    JSON.stringify({
      language: "typescript",
      app: `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, "dist", "main.js"))}`,
      output: "cdktf.out",
      projectId: "tpa-offline-diff",
      sendCrashReports: "false",
      terraformProviders: [],
      terraformModules: [],
      context: {},
    }),
  );
  return run(
    process.execPath,
    [
      path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf"),
      "diff",
      "dev",
      "--no-color",
      // cdktf runs `terraform providers lock -platform=...` when a stack has no lock file, and that
      // command always asks the provider's origin registry (it ignores provider_installation).
      "--skip-provider-lock",
      "--disable-plugin-cache-env",
    ],
    {
      cwd: project,
      // HOME: cdktf creates ~/.terraform.d/plugin-cache (and may keep ~/.cdktf) even when told not to use it.
      env: { ...env, HOME: home, TPA_CONFIG_DIR: path.join(ROOT, "environments"), CI: "true" },
      timeoutMs: 110_000,
    },
  );
}

describe("terraform validate over every synthesized stack (offline provider)", () => {
  test.each(ENVIRONMENTS)("%s: init and validate succeed with no diagnostics", async (name) => {
    const check = (await runs().validations)[name];
    expect(errorsOf(check)).toEqual([]);
    expect(check.init.stdout).toContain("Installed auth0/auth0 v1.55.0");
    expect(check.validate).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
    expect(check.ok).toBe(true);
    // init recorded the mirror's package hash itself
    const lock = fs.readFileSync(path.join(runs().tf.dir, "validate", name, ".terraform.lock.hcl"), "utf8");
    expect(lock).toMatch(/provider "registry\.terraform\.io\/auth0\/auth0" \{\s+version\s+= "1\.55\.0"[\s\S]*"h1:[A-Za-z0-9+/=]+"/);
  });
});

describe("terraform validate catches what the pinned schema forbids", () => {
  const summaries = async (name: string) => errorsOf((await runs().negatives)[name]).map((d) => [d.summary, d.detail]);

  test("the control configuration is valid (the cases below fail for their own reason only)", async () => {
    expect(await summaries("control")).toEqual([]);
  });

  test("an unknown attribute", async () => {
    // JSON configuration calls it an extraneous property (HCL: "Unsupported argument")
    expect(await summaries("unknownAttribute")).toEqual([
      ["Extraneous JSON object property", 'No argument or block type is named "callback_urls".'],
    ]);
  });

  test("an unknown attribute, in native syntax", async () => {
    expect(await summaries("unknownAttributeHcl")).toEqual([
      ["Unsupported argument", 'An argument named "callback_urls" is not expected here.'],
    ]);
  });

  test("a wrong type", async () => {
    const errors = await summaries("wrongType");
    expect(errors).toHaveLength(2);
    expect(errors).toEqual(
      expect.arrayContaining([
        ["Incorrect attribute value type", 'Inappropriate value for attribute "callbacks": list of string required.'],
        ["Incorrect attribute value type", 'Inappropriate value for attribute "is_first_party": a bool is required.'],
      ]),
    );
  });

  test("a missing required argument (auth0_client without name)", async () => {
    expect(await summaries("missingRequired")).toEqual([
      ["Missing required argument", 'The argument "name" is required, but no definition was found.'],
    ]);
  });

  test("too many nested blocks (two jwt_configuration blocks, max 1)", async () => {
    expect(await summaries("tooManyBlocks")).toEqual([
      ["Too many jwt_configuration blocks", 'No more than 1 "jwt_configuration" blocks are allowed'],
    ]);
  });

  test("a dangling reference", async () => {
    expect(await summaries("danglingReference")).toEqual([
      [
        "Reference to undeclared resource",
        'A managed resource "auth0_client" "apps_partner-portal_permissive" has not been declared in the root module.',
      ],
    ]);
  });
});

describe("terraform plan from an empty state (offline provider)", () => {
  test.each(ENVIRONMENTS)("%s: plans to create every resource of the stack, and nothing else", async (name) => {
    const plan = (await runs().plans)[name];
    if (!plan.json) {
      throw new Error(`plan failed:\n${[plan.init, plan.plan, plan.show].map((r) => r && `${r.stdout}\n${r.stderr}`).join("\n")}`);
    }
    const expected = addressesOf(path.join(runs().out, "stacks", name, "cdk.tf.json"));
    expect(expected.length).toBeGreaterThan(10);
    expect(plannedCreates(plan.json)).toEqual(expected);
    expect(plan.json.resource_changes).toHaveLength(expected.length);
    expect(plannedCreates(plan.json)).toContain("auth0_client.apps_partner-portal_strict");
    expect(plan.plan!.stdout).toContain(`Plan: ${expected.length} to add, 0 to change, 0 to destroy.`);
  });

  test("computed attributes the configuration leaves unset are unknown until apply; set ones are planned as configured", async () => {
    const { json } = (await runs().plans).dev;
    const client = json!.resource_changes!.find((c) => c.address === "auth0_client.apps_partner-portal_strict")!.change;
    expect(client.after_unknown).toMatchObject({ client_id: true, id: true, signing_keys: true });
    expect(client.after).toMatchObject({ name: "Partner Portal", third_party_security_mode: "strict", is_first_party: false });
    // references to unknown values stay unknown: the grant's client_id comes from the client
    const grant = json!.resource_changes!.find((c) => c.address === "auth0_client_grant.apps_partner-portal_strict_grant_orders_user")!;
    expect(grant.change.after_unknown).toMatchObject({ client_id: true });
  });

  test("the dev plan fixture is today's real plan of the dev stack, and names no path of this machine", async () => {
    const plan = (await runs().plans).dev.json!;
    if (process.env.UPDATE_PLAN_FIXTURE) {
      fs.mkdirSync(path.dirname(FIXTURE), { recursive: true });
      fs.writeFileSync(FIXTURE, `${JSON.stringify(plan, null, 2)}\n`);
    }
    const text = fs.readFileSync(FIXTURE, "utf8");
    for (const p of ["/tmp", "/work", os.tmpdir(), os.homedir(), ROOT, runs().tf.dir]) expect(text).not.toContain(p);
    const fixture = JSON.parse(text) as PlanJson;
    expect(fixture.format_version).toMatch(/^1\./);
    expect(fixture.terraform_version).toMatch(/^1\.11\./);
    expect(plannedCreates(fixture)).toContain("auth0_client.apps_partner-portal_strict");
    expect(plannedCreates(fixture).length).toBe(fixture.resource_changes!.length);
    // What the report reads from it must be what Terraform plans for the dev stack now: a change to the
    // example or the constructs fails here until the fixture is refreshed (UPDATE_PLAN_FIXTURE=1, see above).
    expect(planContent(fixture)).toEqual(planContent(plan));
  });
});

/** What a plan says, without what changes from run to run (timestamp, Terraform's patch version). */
function planContent(plan: PlanJson) {
  return {
    format_version: plan.format_version,
    resource_changes: [...(plan.resource_changes ?? [])]
      .map((c) => ({ address: c.address, type: c.type, name: c.name, actions: c.change.actions, before: c.change.before, after: c.change.after, after_unknown: c.change.after_unknown }))
      .sort((a, b) => (a.address < b.address ? -1 : 1)),
  };
}

describe("cdktf diff, offline", () => {
  test("cdktf diff dev plans the creates of the dev stack", async () => {
    const result = await runs().cdktfDiff;
    const output = `${result.stdout}\n${result.stderr}`;
    if (result.code !== 0) throw new Error(`cdktf diff dev failed (${result.code}):\n${output}`);
    const expected = addressesOf(path.join(runs().tf.dir, "cdktf-project", "cdktf.out", "stacks", "dev", "cdk.tf.json"));
    expect(expected).toEqual(addressesOf(path.join(runs().out, "stacks", "dev", "cdk.tf.json")));
    for (const address of expected) {
      // cdktf adds the construct path: "# auth0_client.x (apps/x/client) will be created"
      expect(output).toMatch(new RegExp(`# ${address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} (\\([^)]*\\) )?will be created`));
    }
    expect(output).toContain(`Plan: ${expected.length} to add, 0 to change, 0 to destroy.`);
  });
});

describe("npm run validate", () => {
  test("prints OK per valid stack and Terraform's diagnostics for the others, and exits 1", async () => {
    const result = await runs().validateCommand;
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    const devFile = path.join(result.out, "stacks", "dev", "cdk.tf.json");
    expect(result.stdout).toContain("with the offline registry.terraform.io/auth0/auth0 1.55.0 provider (pinned schema)");
    expect(result.stdout).toContain(`\ndev: 1 error(s)\n    Error: Missing required argument (${devFile} line `);
    expect(result.stdout).toContain('The argument "name" is required, but no definition was found.');
    expect(result.stdout).toMatch(/^prod: OK$/m);
    expect(result.stdout).toMatch(/^staging: OK$/m);
    expect(result.stdout).toContain("1 of 3 stack(s) invalid.");
    // the stacks were checked in temporary copies: nothing was written beside them
    expect(fs.readdirSync(path.dirname(devFile))).toEqual(["cdk.tf.json"]);
  });
});

describe("clean-up", () => {
  test("no offline provider is left running once Terraform is done", async () => {
    await runs().done;
    expect(runningProviders(runs().tf.dir)).toEqual([]);
  });
});

describe("the offline provider speaks go-plugin and plugin protocol 6", () => {
  /** Starts the compiled provider as Terraform does (auto-mTLS) and connects to it. */
  async function startProvider() {
    const client = selfSignedCertificate();
    const child = spawn(process.execPath, [providerMainFile()], {
      env: {
        ...process.env,
        [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
        PLUGIN_PROTOCOL_VERSIONS: "5,6",
        PLUGIN_CLIENT_CERT: client.certPem,
        TPA_PROVIDER_SCHEMA: pinnedSchemaFile(),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const line = await new Promise<string>((resolve, reject) => {
      let buffered = "";
      child.stdout.on("data", (b: Buffer) => {
        buffered += b.toString();
        if (buffered.includes("\n")) resolve(buffered.split("\n")[0]);
      });
      child.on("exit", (code) => reject(new Error(`provider exited (${code}) before the handshake`)));
    });
    const [core, app, network, address, protocol, cert] = line.split("|");
    const serverPem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(cert, "base64").toString("base64").replace(/.{1,64}/g, "$&\n")}-----END CERTIFICATE-----\n`;
    const loaded = protoLoader.loadSync(
      ["tfplugin6.proto", "go-plugin.proto"].map((f) => path.join(protoDir(), f)),
      { keepCase: true, longs: Number, enums: Number, defaults: true, oneofs: true },
    );
    const pkg = grpc.loadPackageDefinition(loaded) as unknown as {
      tfplugin6: { Provider: grpc.ServiceClientConstructor };
      plugin: { GRPCController: grpc.ServiceClientConstructor };
    };
    const credentials = grpc.credentials.createSsl(Buffer.from(serverPem), Buffer.from(client.keyPem), Buffer.from(client.certPem));
    const options = { "grpc.ssl_target_name_override": "localhost" };
    const provider = new pkg.tfplugin6.Provider(address, credentials, options);
    const controller = new pkg.plugin.GRPCController(address, credentials, options);
    const call = (c: grpc.Client, method: string, request: object) =>
      new Promise<Record<string, unknown>>((resolve, reject) =>
        (c as unknown as Record<string, (r: object, cb: (e: Error | null, v: Record<string, unknown>) => void) => void>)[method](
          request,
          (e, v) => (e ? reject(e) : resolve(v)),
        ),
      );
    return { child, exited, line: { core, app, network, address, protocol, cert }, provider, controller, call };
  }

  test("handshake line, mTLS, schema, plan, and exit on Shutdown", async () => {
    const p = await startProvider();
    try {
      expect(p.line).toMatchObject({ core: "1", app: "6", network: "tcp", protocol: "grpc" });
      expect(p.line.address).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(p.line.cert).toMatch(/^[A-Za-z0-9+/]+$/); // base64 without padding (go-plugin: RawStdEncoding)
      expect(new crypto.X509Certificate(Buffer.from(p.line.cert, "base64")).subjectAltName).toContain("DNS:localhost");

      const schema = await p.call(p.provider, "GetProviderSchema", {});
      const resources = schema.resource_schemas as Record<string, { version: number; block: { attributes: { name: string; type: Buffer; required: boolean; computed: boolean }[]; block_types: { type_name: string; nesting: number; max_items: number }[] } }>;
      expect(Object.keys(resources)).toEqual(expect.arrayContaining(["auth0_client", "auth0_client_grant", "auth0_tenant"]));
      const client = resources.auth0_client.block;
      const attr = (name: string) => client.attributes.find((a) => a.name === name)!;
      expect(attr("name")).toMatchObject({ required: true });
      expect(JSON.parse(attr("callbacks").type.toString())).toEqual(["list", "string"]);
      expect(client.block_types.find((b) => b.type_name === "jwt_configuration")).toMatchObject({ nesting: 2, max_items: 1 });
      expect(resources.auth0_client_credentials.version).toBe(1);

      // A create: the computed attributes left null become unknown, the rest is the proposal.
      const proposed = Object.fromEntries(
        [...client.attributes.map((a) => a.name), ...client.block_types.map((b) => b.type_name)].map((n) => [n, null]),
      ) as Record<string, unknown>;
      Object.assign(proposed, { name: "Partner Portal", callbacks: ["https://partner.example.com/callback"], app_type: UNKNOWN });
      const planned = await p.call(p.provider, "PlanResourceChange", {
        type_name: "auth0_client",
        prior_state: { msgpack: encodeValue(null) },
        proposed_new_state: { msgpack: encodeValue(proposed as never) },
        config: { msgpack: encodeValue(proposed as never) },
      });
      expect(planned.diagnostics).toEqual([]);
      const state = decodeValue((planned.planned_state as { msgpack: Buffer }).msgpack) as Record<string, unknown>;
      expect(state).toMatchObject({ name: "Partner Portal", callbacks: ["https://partner.example.com/callback"] });
      expect(isUnknown(state.app_type as never)).toBe(true); // unknown in the proposal stays unknown
      expect(isUnknown(state.client_id as never)).toBe(true); // computed, null in the configuration
      expect(state.description).toBeNull(); // optional, not computed
      expect(Buffer.from((planned.planned_state as { msgpack: Buffer }).msgpack).includes(Buffer.from([0xd4, 0, 0]))).toBe(true);

      await p.call(p.controller, "Shutdown", {});
      expect(await p.exited).toBe(0);
    } finally {
      p.provider.close();
      p.controller.close();
      p.child.kill();
    }
  });

  test("refuses to run when not started by Terraform (no magic cookie)", () => {
    const result = spawnSync(process.execPath, [providerMainFile()], {
      encoding: "utf8",
      env: { ...process.env, [MAGIC_COOKIE_KEY]: "" },
      timeout: 10_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("This binary is a plugin");
    expect(result.stdout).toBe("");
  });

  test("exits on its own when the process that started it is gone", async () => {
    // an intermediate process starts the provider, reports its pid, and exits without stopping it
    const starter = spawnSync(
      process.execPath,
      [
        "-e",
        `const c = require("child_process").spawn(process.execPath, [${JSON.stringify(providerMainFile())}], { stdio: ["ignore", "pipe", "ignore"], detached: true });
         c.stdout.once("data", () => { process.stdout.write(String(c.pid)); process.exit(0); });`,
      ],
      { encoding: "utf8", env: { ...process.env, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE }, timeout: 10_000 },
    );
    const pid = Number(starter.stdout);
    expect(pid).toBeGreaterThan(0);
    const alive = () => {
      try {
        process.kill(pid, 0);
      } catch {
        return false;
      }
      // an exited process waits as a zombie until its new parent (init) collects it
      const status = fs.existsSync(`/proc/${pid}/status`) ? fs.readFileSync(`/proc/${pid}/status`, "utf8") : "";
      return !/^State:\s+Z/m.test(status);
    };
    const deadline = Date.now() + 5_000;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const stillAlive = alive();
    if (stillAlive) process.kill(pid, "SIGKILL");
    expect(stillAlive).toBe(false);
  });
});
