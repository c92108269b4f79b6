// `tpa diff --plan` on a plan whose resource change Terraform would not write: exit 2 naming the entry, never an
// internal error (the reader's every case is in diff-edges.test.ts; this is the command a user runs).
import * as path from "node:path";
import { tpa } from "./support/cli";
import { writeFiles } from "./support/tmp";
import { withToday } from "./support/today";

test("a resource change without actions: exit 2, the file and the entry named, nothing written to stdout", () => {
  const file = path.join(
    writeFiles({ "plan.json": JSON.stringify({ format_version: "1.2", resource_changes: [{ address: "auth0_client.a", type: "auth0_client", name: "a", change: {} }] }) }),
    "plan.json",
  );
  const result = withToday("2026-12-01", () => tpa("diff", "--plan", file, "--environment", "prod", "--synth", path.dirname(file)));
  expect(result).toEqual({
    code: 2,
    stdout: "",
    stderr: expect.stringContaining(`${file}: resource_changes[0].change is not as \`terraform show -json\` writes it: make the file again from the plan`),
  });
  expect(result.stderr).not.toMatch(/internal error/);
});
