// Report injection: names and values from configuration and tenants cannot add Markdown structure to the PR
// comment (lines, headings, links, HTML) or control sequences to a terminal (ANSI colours, OSC 8 links, title
// changes, clearing the screen). JSON and SARIF are JSON-escaped already.
import * as fs from "node:fs";
import * as path from "node:path";
import { auditCommand } from "../cli/audit-command";
import { markdownCode, markdownText, terminalText } from "../policy/report/escape";
import { runCommand } from "./support/capture";
import { tpa } from "./support/cli";
import { tmpDir, writeFiles } from "./support/tmp";
import { check } from "./support/check-cli";

const HOSTILE_MARKDOWN = "Portal\n# Approved by security\n[click here](https://evil.example.com) <img src=x onerror=alert(1)> **bold** `code` | cell";
const HOSTILE_TERMINAL = "Portal\u001b]8;;https://evil.example.com\u0007click\u001b]8;;\u0007\u001b[2J\u001b[31mred\r\u0008\u202ereversed";

describe("escaping per format", () => {
  test("Markdown text stays one line of literal text", () => {
    const md = markdownText(HOSTILE_MARKDOWN);
    expect(md).not.toMatch(/[\n\r]/);
    expect(md).not.toMatch(/<img|(^|[^\\])\[click|(^|[^\\])\*\*|(^|[^\\])`|(^|[^\\])\|/);
    expect(md).toContain("&lt;img");
    expect(markdownCode("a`b\nc")).toBe("`a'b c`");
    // a mention would notify a user or team from a pull-request comment; a separator would break the line
    expect(markdownText("ask @octocat\u2028now")).toBe("ask &#64;octocat\\\\u{2028}now");
  });

  test("terminal text has no control character left", () => {
    const shown = terminalText(HOSTILE_TERMINAL);
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(shown).toContain("\\u{1b}]8;;https://evil.example.com");
  });

  test("tpa diff's PR comment: a client name cannot add headings, links or HTML", () => {
    const tenant = "tenant:\n  domain: acme-dev.eu.auth0.com\n";
    const base = path.join(tmpDir(), "base");
    const head = path.join(tmpDir(), "head");
    expect(tpa("synth", "--config", writeFiles({ "dev.yaml": tenant }), "--out", base).code).toBe(0);
    const app = `apps:\n  - id: portal\n    mode: strict\n    name: ${JSON.stringify(HOSTILE_MARKDOWN)}\n`;
    expect(tpa("synth", "--config", writeFiles({ "dev.yaml": tenant + app }), "--out", head).code).toBe(0);
    const diff = tpa("diff", "--base", base, "--head", head);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain("Portal \\# Approved by security");
    for (const line of diff.stdout.split("\n")) expect(line).not.toMatch(/^#+ Approved/);
    expect(diff.stdout).not.toMatch(/<img|[^\\]\[click here\]\(/);
  });

  test("tpa synth's console report: configuration values cannot send control sequences", () => {
    const yaml = `tenant:\n  domain: acme-dev.eu.auth0.com\napps:\n  - id: portal\n    mode: strict\n    grantTypes: [${JSON.stringify(HOSTILE_TERMINAL)}]\n`;
    const result = tpa("synth", "--config", writeFiles({ "dev.yaml": yaml }), "--out", path.join(tmpDir(), "out"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("TPA101");
    expect(result.stderr).toContain("\\u{1b}[2J");
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  });

  test("tpa audit's table and Markdown: tenant data cannot send control sequences or Markdown", async () => {
    const file = path.join(tmpDir(), "snapshot.json");
    const client = { client_id: "abc123", name: `${HOSTILE_TERMINAL} ${HOSTILE_MARKDOWN}`, is_first_party: false, third_party_security_mode: "strict", app_type: "regular_web", grant_types: ["authorization_code"] };
    fs.writeFileSync(file, JSON.stringify({ kind: "tpa-tenant-snapshot", version: 1, source: { type: "management-api" }, domain: "acme.eu.auth0.com", tenantSettings: null, prompts: null, clients: [client], clientGrants: [], resourceServers: [], rules: [], hooks: [], organizations: [] }));
    const table = await runCommand(auditCommand, ["--from", file, "--format", "table"], { env: {} });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("Portal\\u{1b}]8;;");
    expect(table.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    const md = await runCommand(auditCommand, ["--from", file, "--format", "markdown"], { env: {} });
    expect(md.code).toBe(0);
    for (const line of md.stdout.split("\n")) expect(line).not.toMatch(/^#+ Approved/);
    expect(md.stdout).not.toMatch(/<img|[^\\]\[click here\]\(/);
  });

  test("tpa check's error messages that quote a file's name stay plain text", async () => {
    const dir = writeFiles({ "export/clients/\u001b[2Jevil.json": "{ not json" });
    const r = await check("--deploy-cli", path.join(dir, "export"));
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining("clients/\\u{1b}[2Jevil.json")]);
    expect(r.stderr).not.toMatch(/\u001b/);
  });

  test("error messages that quote a file's keys or Auth0's answers stay plain text", async () => {
    const yaml = `tenant:\n  domain: acme-dev.eu.auth0.com\n  ${JSON.stringify("\u001b[2Jcolour")}: blue\n`;
    const result = tpa("synth", "--config", writeFiles({ "dev.yaml": yaml }), "--out", path.join(tmpDir(), "out"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("\\u{1b}[2Jcolour");
    expect(result.stderr).not.toMatch(/\u001b/);
    const file = path.join(tmpDir(), "bad.json");
    fs.writeFileSync(file, JSON.stringify({ kind: "tpa-tenant-snapshot", version: 7, note: "x" }).replace("7", JSON.stringify("\u001b]0;title\u0007")));
    const audit = await runCommand(auditCommand, ["--from", file], { env: {} });
    expect(audit.code).toBe(2);
    expect(audit.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});
