// Acceptance of `tpa check` on broken and hostile input: whatever the files hold, exit 0, 1 or 2 with a
// message that names the file (and line), never an internal error or a stack trace.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { check, checkJson } from "./support/check-cli";
import { ROOT } from "./support/cli";
import { tmpDir, writeFiles } from "./support/tmp";

const CLIENT = `resource "auth0_client" "portal" {
  name                      = "Portal"
  app_type                  = "regular_web"
  is_first_party            = false
  third_party_security_mode = "strict"
  callbacks                 = ["https://*.portal.example/callback"]
}
`;

/** Exit 2 with a one-line message that starts with the file (and line), and no stack trace. */
function expectBadInput(r: { code: number; stdout: string; stderr: string }, where: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(new RegExp(`^tpa check: (\\S*/)?${where.source}`));
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe("nesting deeper than a configuration has", () => {
  test("a value nested thousands of levels deep is exit 2 at its line, not a stack overflow", async () => {
    const dir = writeFiles({
      "main.tf": `${CLIENT}\nresource "auth0_client" "deep" {\n  name = "Deep"\n  is_first_party = false\n  callbacks = ${"[".repeat(3000)}"x"${"]".repeat(3000)}\n}\n`,
    });
    expectBadInput(await check(dir), /main\.tf:12: nested deeper than tpa check reads/);
  });

  test("so are blocks in blocks, objects in locals, and a -var value", async () => {
    const blocks = writeFiles({ "main.tf": `resource "auth0_client" "a" {\n${"  a {\n".repeat(2000)}${"}\n".repeat(2000)}}\n` });
    expectBadInput(await check(blocks), /main\.tf:\d+: nested deeper/);
    const objects = writeFiles({ "locals.tf": `locals {\n  x = ${"{a=".repeat(2000)}1${"}".repeat(2000)}\n}\n`, "main.tf": CLIENT });
    expectBadInput(await check(objects), /locals\.tf:2: nested deeper/);
    const variable = writeFiles({ "main.tf": `variable "v" {\n  type = list(any)\n}\n${CLIENT.replace(/callbacks .*/, "callbacks = var.v")}` });
    expectBadInput(await check(variable, "--var", `v=${"[".repeat(2000)}${"]".repeat(2000)}`), /--var v: the value is nested deeper/);
  });

  test("a plan with values nested thousands of levels deep is exit 2 naming the file", async () => {
    const deep = `${"[".repeat(20000)}${"]".repeat(20000)}`;
    const file = path.join(tmpDir(), "plan.json");
    fs.writeFileSync(
      file,
      `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"auth0_client.a","mode":"managed","type":"auth0_client","name":"a","values":{"callbacks":${deep}}}]}}}`,
    );
    expectBadInput(await check("--plan", file), /.*plan\.json: values nested deeper than tpa check reads/);
  });

  test("real nesting (objects of lists in blocks of blocks) is read", async () => {
    const dir = writeFiles({
      "main.tf": `locals {\n  m = { a = { b = { c = [[["https://*.x.example/cb"]]] } } }\n}\n${CLIENT.replace(/callbacks .*/, "callbacks = flatten(local.m.a.b.c)")}`,
    });
    const { code, report } = await checkJson(dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.message}`)).toEqual(["TPA109 error callbacks has wildcard https://*.x.example/cb"]);
  });
});

describe("bytes that are not HCL", () => {
  test("a binary .tf file is exit 2 at line 1, quoted without control characters", async () => {
    const dir = tmpDir();
    const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256));
    fs.writeFileSync(path.join(dir, "main.tf"), bytes);
    const r = await check(dir);
    expectBadInput(r, /.*main\.tf:\d+(:\d+)?: (not valid HCL|is not valid UTF-8 here)/);
    // eslint-disable-next-line no-control-regex
    expect(r.stderr.trimEnd()).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/);
  });
});

describe("encodings and line ends editors write", () => {
  test("a UTF-8 byte order mark and CRLF line ends: the same findings at the same lines", async () => {
    const plain = await checkJson(writeFiles({ "main.tf": `# portal\n${CLIENT}` }));
    const windows = await checkJson(writeFiles({ "main.tf": `\uFEFF# portal\r\n${CLIENT.replace(/\n/g, "\r\n")}` }));
    expect(windows.report.findings.map((f) => [f.ruleId, f.location?.line])).toEqual(plain.report.findings.map((f) => [f.ruleId, f.location?.line]));
    expect(plain.report.findings.map((f) => [f.ruleId, f.location?.line])).toEqual([["TPA109", 7]]);
  });

  test("a plan JSON written with a byte order mark is read", async () => {
    const plan = fs.readFileSync(path.join(ROOT, "test", "fixtures", "plan", "dev.plan.json"), "utf8");
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "plain.json"), plan);
    fs.writeFileSync(path.join(dir, "bom.json"), `\uFEFF${plan}`);
    const plain = await check("--plan", path.join(dir, "plain.json"), "--format", "json");
    const bom = await check("--plan", path.join(dir, "bom.json"), "--format", "json");
    expect(bom.code).toBe(plain.code);
    expect([0, 1]).toContain(bom.code);
    expect(JSON.parse(bom.stdout).findings).toEqual(JSON.parse(plain.stdout).findings);
  });
});

describe("folders as editors and file systems leave them", () => {
  test("a module that calls itself back is exit 2 at the module call", async () => {
    const dir = writeFiles({
      "main.tf": `module "apps" {\n  source = "./apps"\n}\n`,
      "apps/main.tf": `${CLIENT}\nmodule "again" {\n  source = "../apps"\n}\n`,
    });
    expectBadInput(await check(dir), /apps\/main\.tf:9: module "again" \(\.\.\/apps\) is a module that calls this one/);
  });

  test("symbolic links to .tf files and module folders are read; editors' lock and backup files and folders named *.tf are skipped, as Terraform does", async () => {
    const dir = writeFiles({ "shared/client.tf": CLIENT, "root/main.tf": `module "shared" {\n  source = "./shared"\n}\n` });
    const root = path.join(dir, "root");
    fs.symlinkSync(path.join("..", "shared", "client.tf"), path.join(root, "client.tf"));
    fs.symlinkSync(path.join("..", "shared"), path.join(root, "shared"));
    fs.symlinkSync(path.join(dir, "nowhere"), path.join(root, ".#main.tf")); // emacs's lock of a file being edited
    fs.writeFileSync(path.join(root, "main.tf~"), "not { valid");
    fs.writeFileSync(path.join(root, "#main.tf#"), "not { valid");
    fs.mkdirSync(path.join(root, "old.tf"));
    const { code, report } = await checkJson(root);
    expect(code).toBe(1);
    expect(report.findings.map((f) => `${f.ruleId} ${f.address} ${path.basename(f.location!.file)}`).sort()).toEqual([
      "TPA109 auth0_client.portal client.tf",
      "TPA109 module.shared.auth0_client.portal client.tf",
    ]);
  });

  test("a .tf file that is a dangling or looping link is exit 2 naming it (Terraform cannot read it either)", async () => {
    const dir = writeFiles({ "main.tf": CLIENT });
    fs.symlinkSync("loop.tf", path.join(dir, "loop.tf"));
    expectBadInput(await check(dir), /.*loop\.tf: is a symbolic link loop/);
    fs.rmSync(path.join(dir, "loop.tf"));
    fs.symlinkSync(path.join(dir, "gone.tf"), path.join(dir, "dangling.tf"));
    expectBadInput(await check(dir), /.*dangling\.tf: no such file/);
  });
});

describe("plan files as shells and pipelines write them", () => {
  const plan = () => fs.readFileSync(path.join(ROOT, "test", "fixtures", "plan", "dev.plan.json"), "utf8");
  const dir = tmpDir(); // one folder: the report's stack is named after it
  let n = 0;
  const findingsOf = async (bytes: Buffer) => {
    const file = path.join(dir, `plan-${n++}.json`);
    fs.writeFileSync(file, bytes);
    const r = await check("--plan", file, "--format", "json");
    return { ...r, findings: r.code === 2 ? undefined : (JSON.parse(r.stdout) as { findings: unknown[] }).findings };
  };

  test("UTF-16 with a byte order mark (Windows PowerShell's >) reads like UTF-8", async () => {
    const utf8 = await findingsOf(Buffer.from(plan()));
    const le = await findingsOf(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plan(), "utf16le")]));
    const be = await findingsOf(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(plan(), "utf16le").swap16()]));
    expect(utf8.findings?.length).toBeGreaterThan(0);
    expect(le.findings).toEqual(utf8.findings);
    expect(be.findings).toEqual(utf8.findings);
    expectBadInput(await check("--plan", (() => { const f = path.join(tmpDir(), "odd.json"); fs.writeFileSync(f, Buffer.from([0xfe, 0xff, 0x00])); return f; })()), /.*odd\.json:1:1: not valid JSON/);
  });

  test("the binary plan itself is exit 2 that says how to make its JSON; garbage is quoted without control characters", async () => {
    const zip = path.join(tmpDir(), "tfplan");
    fs.writeFileSync(zip, Buffer.concat([Buffer.from("PK\x03\x04\x14\x00\x08\x00", "latin1"), Buffer.alloc(64, 7)]));
    const r = await check("--plan", zip);
    expectBadInput(r, /.*tfplan: a binary plan file, not its JSON: make that with `terraform show -json/);
    const garbage = path.join(tmpDir(), "garbage.json");
    fs.writeFileSync(garbage, Buffer.from([0x7b, 0x01, 0x02, 0x1b, 0x5b, 0x33, 0x31, 0x6d]));
    const g = await check("--plan", garbage);
    expectBadInput(g, /.*garbage\.json:1:2: not valid JSON: a property name in double quotes is expected here/);
    // eslint-disable-next-line no-control-regex
    expect(g.stderr.trimEnd()).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});

describe("names that are JavaScript's", () => {
  test("an attribute or key named constructor, toString or __proto__ is no value of the configuration's", async () => {
    const dir = writeFiles({
      "main.tf": `locals {
  m = { a = "https://a.example/cb" }
}
${CLIENT.replace(/callbacks .*/, 'callbacks = [local.m.constructor, local.m["toString"], local.m.__proto__]')}`,
    });
    const { code, report } = await checkJson(dir);
    expect(code).toBe(0);
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.message}`)).toEqual(["TPA109 warning cannot check at this point: callbacks is only known at apply"]);
  });
});

describe("values that would be Markdown, HTML or terminal control in a report", () => {
  test("the markdown comment shows a grant type, an address and a reason as literal text: no image, link, mention, HTML or control character", async () => {
    const hostile = "implicit ![t](https://evil.example/p.png) [x](https://evil.example) @octocat **b** <img src=x> \\u001b[2J | cell";
    const dir = writeFiles({ "main.tf": CLIENT.replace(/callbacks .*/, `grant_types = ["${hostile}"]`) });
    const r = await check(dir, "--format", "markdown");
    expect(r.code).toBe(1);
    const row = r.stdout.split("\n").find((l) => l.includes("TPA101"))!;
    expect(row).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(row).toContain("\\!\\[t\\](https://evil.example/p.png) \\[x\\](https://evil.example) &#64;octocat \\*\\*b\\*\\* &lt;img src=x&gt; \\\\u{1b}\\[2J \\| cell");
    // the cells of the row are the table's six, whatever the value holds
    expect(row.split(/(?<!\\)\|/).length).toBe(8);
  });
});

describe("keys that are JavaScript's", () => {
  test('an object key "__proto__" is a key, in objects, merge() and for expressions', async () => {
    const dir = writeFiles({
      "main.tf": `locals {
  a = { "__proto__" = { callback = "https://*.a.example/cb" } }
  b = merge({ x = 1 }, local.a)
  c = { for k, v in local.b : k => v }
}
${CLIENT.replace(/callbacks .*/, 'callbacks = [local.c["__proto__"].callback]')}`,
    });
    const { report } = await checkJson(dir);
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.message}`)).toEqual(["TPA109 error callbacks has wildcard https://*.a.example/cb"]);
  });
});

describe("files that are not files", () => {
  test("a FIFO named *.tf (or given as --var-file) is exit 2 naming it, not a read that never ends", async () => {
    const dir = writeFiles({ "main.tf": CLIENT });
    const fifo = path.join(dir, "pipe.tf");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    expectBadInput(await check(dir), /.*pipe\.tf: not a regular file/);
    fs.rmSync(fifo);
    expect(spawnSync("mkfifo", [path.join(dir, "pipe.tfvars")]).status).toBe(0);
    expectBadInput(await check(dir, "--var-file", path.join(dir, "pipe.tfvars")), /.*pipe\.tfvars: not a regular file/);
  });
});
