// The audit under faults: complete or failed, never silently partial. Each case runs the real SDK against the
// Management API emulator through a fault-injecting fetch of this test's own (responses rewritten, the tenant
// changed mid-read, connections reset); a failed read exits 1 with a message, reports nothing and saves nothing.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { AuditDependencies, auditCommand } from "../cli/audit-command";
import { runCommand } from "./support/capture";
import { ROOT } from "./support/cli";
import { ManagementApiEmulator } from "../emulator/management-api";
import { seedTenant } from "./support/seed-tenant";
import { tmpDir } from "./support/tmp";

type Rewrite = (request: { path: string; query: URLSearchParams; count: number }, response: Response) => Promise<Response | "reset"> | Response | "reset";

describe("tpa audit under faults", () => {
  let emulator: ManagementApiEmulator;
  let sleeps: number[];

  beforeEach(async () => {
    emulator = await ManagementApiEmulator.start();
    await seedTenant(emulator);
    sleeps = [];
  });
  afterEach(() => emulator.close());

  /** The emulator's fetch, with `rewrite` applied to each response (count: the how-many-th request to that path). */
  function faultyFetch(rewrite: Rewrite): typeof fetch {
    const counts = new Map<string, number>();
    return async (input, init) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      const count = (counts.get(url.pathname) ?? 0) + 1;
      counts.set(url.pathname, count);
      const response = await emulator.fetch(input, init);
      const out = await rewrite({ path: url.pathname, query: url.searchParams, count }, response);
      if (out === "reset") throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
      return out;
    };
  }

  const json = async (response: Response, edit: (body: Record<string, unknown>) => unknown) =>
    new Response(JSON.stringify(edit((await response.json()) as Record<string, unknown>)), { status: response.status, headers: { "content-type": "application/json" } });

  async function audit(rewrite: Rewrite, extra: AuditDependencies = {}) {
    const saved = path.join(tmpDir(), "snapshot.json");
    const deps: AuditDependencies = {
      env: { AUTH0_DOMAIN: emulator.domain, AUTH0_API_TOKEN: emulator.issueToken(), TPA_TODAY: "2026-12-01" },
      fetch: faultyFetch(rewrite),
      perPage: 3,
      sleep: async (ms) => void sleeps.push(ms),
      ...extra,
    };
    const result = await runCommand(auditCommand, ["--format", "json", "--save", saved], deps);
    return { ...result, saved: fs.existsSync(saved) };
  }

  const expectFailed = (result: { code: number; stdout: string; stderr: string; saved: boolean }, message: RegExp) => {
    expect(result).toMatchObject({ code: 1, stdout: "", saved: false });
    expect(result.stderr).toMatch(/the tenant could not be read completely, so nothing is reported/);
    expect(result.stderr).toMatch(message);
  };

  test("the control: no fault, exit 0 and a saved snapshot", async () => {
    const result = await audit((_r, response) => response);
    expect(result).toMatchObject({ code: 0, saved: true });
  });

  test("a client deleted between two pages (offset pages shift)", async () => {
    const victim = [...emulator.clients.keys()][0];
    const result = await audit((r, response) => {
      if (r.path === "/api/v2/clients" && r.query.get("page") === "0" && r.count === 1) emulator.clients.delete(victim);
      return response;
    });
    expectFailed(result, /reading clients: .*(two reads found different clients|on two pages|reported \d+ but the pages held)/);
  });

  test("a client added between two pages", async () => {
    const result = await audit(async (r, response) => {
      // during the second read (the first one took 5 pages of 3)
      if (r.path === "/api/v2/clients" && r.count === 7) {
        emulator.clients.set("zzz-added", { client_id: "zzz-added", name: "Added", is_first_party: false, app_type: "spa" });
      }
      return response;
    });
    expectFailed(result, /reading clients: /);
  });

  test("a total smaller than the real count", async () => {
    const result = await audit((r, response) =>
      r.path === "/api/v2/clients" ? json(response, (b) => ({ ...b, total: (b.total as number) - 1 })) : response,
    );
    expectFailed(result, /reading clients: Auth0 reported \d+ but the pages held \d+/);
  });

  test("a 200 page of client grants with half its JSON", async () => {
    const result = await audit(async (r, response) => {
      if (r.path !== "/api/v2/client-grants" || r.count !== 1) return response;
      const text = await response.text();
      return new Response(text.slice(0, Math.floor(text.length / 2)), { status: 200, headers: { "content-type": "application/json" } });
    });
    expectFailed(result, /reading client grants/);
  });

  test("a full grants page without `next`", async () => {
    const result = await audit((r, response) => (r.path === "/api/v2/client-grants" ? json(response, (b) => ({ ...b, next: undefined })) : response));
    expectFailed(result, /reading client grants: a full page came without `next`/);
  });

  test("a full last page without `next` once, a complete second read: exit 0", async () => {
    const clean = await audit((_r, response) => response);
    const result = await audit((r, response) => (r.path === "/api/v2/client-grants" && r.count === 1 ? json(response, (b) => ({ ...b, next: undefined })) : response), {
      perPage: 100,
    });
    expect(result).toMatchObject({ code: 0, saved: true });
    expect(JSON.parse(result.stdout).tenant.defaultPermissions).toEqual(JSON.parse(clean.stdout).tenant.defaultPermissions);
  });

  test("an entry that is not an object", async () => {
    const result = await audit((r, response) =>
      r.path === "/api/v2/clients" && r.count === 1 ? json(response, (b) => ({ ...b, clients: [null, ...(b.clients as unknown[])] })) : response,
    );
    expectFailed(result, /reading clients \(page 0\): entry 0 is not one of the clients/);
  });

  test.each([
    ["an HTML page", "<html><body>Service Unavailable</body></html>", "text/html"],
    ["an empty body", "", "application/json"],
  ])("tenant settings as %s (not 'DCR off')", async (_what, body, type) => {
    const result = await audit((r, response) => (r.path === "/api/v2/tenants/settings" ? new Response(body, { status: 200, headers: { "content-type": type } }) : response));
    expectFailed(result, /reading tenant settings/);
  });

  test("a connection reset is retried; the report is the same", async () => {
    const clean = await audit((_r, response) => response);
    const result = await audit((r, response) => (r.path === "/api/v2/clients" && r.count === 2 ? "reset" : response));
    expect(result).toMatchObject({ code: 0, saved: true });
    expect(sleeps).toEqual([1000]);
    expect(JSON.parse(result.stdout).apps).toEqual(JSON.parse(clean.stdout).apps);
  });

  test("connection resets until the attempts run out: exit 1 naming the cause", async () => {
    const result = await audit((r, response) => (r.path === "/api/v2/rules" ? "reset" : response));
    expectFailed(result, /reading rules \(page 0\) failed after 5 attempts, the last with no response \(ECONNRESET\)/);
  });

  test.each(["-5", "Wed, 01 Dec 2021 10:00:00 GMT", "soon"])("Retry-After: %s is no answer: backs off", async (retryAfter) => {
    emulator.fail({ status: 429, retryAfter, path: "/api/v2/hooks" });
    const result = await audit((_r, response) => response);
    expect(result.code).toBe(0);
    expect(sleeps).toEqual([1000]);
  });
});

describe("the process exits promptly after a failed read", () => {
  test("no SDK timer keeps it alive (it lingered 60 s)", async () => {
    // No such host: not retried; the built CLI must exit at once after printing the error.
    const started = Date.now();
    const result = await new Promise<{ code: number | null; stderr: string; afterError: number }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, "bin", "tpa.js"), "audit", "--format", "json"], {
        env: { ...process.env, AUTH0_DOMAIN: "tenant.invalid", AUTH0_API_TOKEN: "not-a-token", CHECKPOINT_DISABLE: "1" },
      });
      let stderr = "";
      let errorAt = 0;
      child.stderr.on("data", (d) => {
        stderr += String(d);
        if (!errorAt && stderr.includes("could not be read")) errorAt = Date.now();
      });
      child.on("exit", (code) => resolve({ code, stderr, afterError: Date.now() - (errorAt || started) }));
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no response \(ENOTFOUND: no such host; is the domain right\?\)|no response \(EAI_AGAIN/);
    expect(result.afterError).toBeLessThan(5_000);
  }, 90_000);
});
