// `tpa verify` against a tenant that does not answer: exit 2 as soon as its retries are spent. The SDK keeps a
// 60-second timer per request when fetch throws; verify gives it the audit's fetch, which never throws, so the
// process ends with the run instead of a minute later.
import { spawnSync } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";

const TPA = path.resolve(__dirname, "..", "bin", "tpa.js");

/** A local port nothing listens on: one the system gave out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test("an unreachable tenant: exit 2 naming the cause, long before the SDK's 60-second timer", async () => {
  const port = await closedPort();
  const r = spawnSync(process.execPath, [TPA, "verify", "--domain", `127.0.0.1:${port}`, "--dcr"], {
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", AUTH0_API_TOKEN: "not-a-token" },
    timeout: 45_000, // a hang guard: the retries take seconds, the SDK's leftover timer a minute
  });
  expect(r.signal).toBeNull();
  expect(r.stderr).toMatch(/tpa verify: reading the tenant settings failed after \d+ attempts, the last with no response \(ECONNREFUSED\)/);
  expect(r.status).toBe(2);
}, 60_000);
