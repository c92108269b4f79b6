// A reader that goes away before the output ends (`tpa audit | head`) stops tpa quietly, with the status of a Unix
// command stopped by SIGPIPE: no stack trace of an unhandled EPIPE.
import * as path from "node:path";
import { writeLargeSnapshot } from "../bench/snapshot";
import { tpaChild } from "./support/child";
import { tmpDir } from "./support/tmp";

test("tpa audit whose reader closes the pipe after the first bytes: exit 141, nothing on stderr", async () => {
  const snapshot = path.join(tmpDir(), "snapshot.json");
  writeLargeSnapshot(snapshot, 3000); // megabytes of report: more than a pipe holds
  const { child, done } = tpaChild(["audit", "--from", snapshot, "--format", "json"]);
  child.stdout!.once("data", () => child.stdout!.destroy());
  const { code, stderr } = await done;
  expect(stderr).toBe("");
  expect(code).toBe(141);
});
