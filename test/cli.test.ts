import * as fs from "node:fs";
import * as path from "node:path";
import { EXAMPLE, ROOT, spawn, tpa } from "./support/cli";
import { listTree, tmpDir, writeFiles } from "./support/tmp";

const GOOD = "tenant:\n  domain: acme-dev.eu.auth0.com\napps:\n  - { id: portal, mode: strict, name: Portal }\n";

describe("tpa synth", () => {
  test("synthesizes the embedded example into one stack per environment", () => {
    const out = path.join(tmpDir(), "cdktf.out");
    const result = tpa("synth", "--config", EXAMPLE, "--out", out);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/Synthesized 3 environment\(s\)/);
    expect(listTree(out)).toEqual([
      "manifest.json",
      "policy-report.json",
      "policy-report.sarif",
      "stacks/dev/cdk.tf.json",
      "stacks/prod/cdk.tf.json",
      "stacks/staging/cdk.tf.json",
    ]);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).sort()).toEqual(["dev", "prod", "staging"]);
  });

  test("--format json reports the stacks", () => {
    const out = path.join(tmpDir(), "out");
    const result = tpa("synth", "--config", writeFiles({ "dev.yaml": GOOD }), "--out", out, "--format", "json");
    expect(JSON.parse(result.stdout).stacks).toEqual([
      { name: "dev", file: path.join(out, "stacks", "dev", "cdk.tf.json"), resources: 1 },
    ]);
  });

  test.each([
    ["malformed YAML", "tenant:\n  domain: [\n", /dev\.yaml:3:\d+: malformed YAML/],
    ["an unknown key", `${GOOD}  - id: other\n    mode: strict\n    colour: blue\n`, /dev\.yaml:7:5: apps\[1\]\.colour: unknown key "colour"/],
    ["a wrong type", "tenant:\n  domain: acme.auth0.com\n  permissiveEligible: 3\n", /dev\.yaml:3:3: tenant\.permissiveEligible: .*expected boolean/],
    ["a missing domain", "tenant: {}\n", /dev\.yaml:1:1: tenant\.domain: required/],
  ])("%s: exit 2, file and line in the message, nothing written", (_what, yaml, message) => {
    const out = path.join(tmpDir(), "cdktf.out");
    const result = tpa("synth", "--config", writeFiles({ "dev.yaml": yaml }), "--out", out);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(path.dirname(out))).toEqual([]); // no temporary folder left behind either
  });

  test("a bad file leaves an earlier synth untouched", () => {
    const out = path.join(tmpDir(), "cdktf.out");
    expect(tpa("synth", "--config", writeFiles({ "dev.yaml": GOOD }), "--out", out).code).toBe(0);
    const before = fs.readFileSync(path.join(out, "stacks", "dev", "cdk.tf.json"), "utf8");
    expect(tpa("synth", "--config", writeFiles({ "dev.yaml": "tenant: {}\n" }), "--out", out).code).toBe(2);
    expect(fs.readFileSync(path.join(out, "stacks", "dev", "cdk.tf.json"), "utf8")).toBe(before);
  });

  test("an environment that disappeared loses its stack; Terraform's own files stay", () => {
    const out = path.join(tmpDir(), "cdktf.out");
    tpa("synth", "--config", writeFiles({ "dev.yaml": GOOD, "old.yaml": GOOD.replace("acme-dev", "acme-old") }), "--out", out);
    fs.mkdirSync(path.join(out, "stacks", "dev", ".terraform"));
    expect(tpa("synth", "--config", writeFiles({ "dev.yaml": GOOD }), "--out", out).code).toBe(0);
    expect(listTree(out)).toEqual(["manifest.json", "policy-report.json", "policy-report.sarif", "stacks/dev/cdk.tf.json"]);
    expect(fs.existsSync(path.join(out, "stacks", "dev", ".terraform"))).toBe(true);
  });

  test("usage errors exit 2", () => {
    expect(tpa("synth", "--bogus").code).toBe(2);
    expect(tpa("synth", "--format", "xml").stderr).toMatch(/--format takes text or json/);
    expect(tpa("frobnicate").code).toBe(2);
    expect(tpa("--help").code).toBe(0);
  });

  test("no secret reaches the synthesized output, even when the provider credentials are in the environment", () => {
    const out = path.join(tmpDir(), "cdktf.out");
    const secret = "s3cr3t-value-that-must-not-leak";
    const saved = { ...process.env };
    Object.assign(process.env, { AUTH0_CLIENT_SECRET: secret, AUTH0_API_TOKEN: secret, AUTH0_CLIENT_ID: secret });
    try {
      expect(tpa("synth", "--config", EXAMPLE, "--out", out).code).toBe(0);
    } finally {
      for (const k of ["AUTH0_CLIENT_SECRET", "AUTH0_API_TOKEN", "AUTH0_CLIENT_ID"]) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
    for (const file of listTree(out)) {
      const text = fs.readFileSync(path.join(out, file), "utf8");
      expect(text).not.toContain(secret);
      expect(text).not.toMatch(/client_secret"\s*:/);
      expect(text).not.toMatch(/api_token/);
    }
  });
});

describe("the built command line, as a user runs it", () => {
  test("bin/tpa.js synth and `cdktf synth` write the same stacks", () => {
    const viaTpa = path.join(tmpDir(), "tpa.out");
    const viaCdktf = path.join(tmpDir(), "cdktf.out");
    const a = spawn(process.execPath, ["bin/tpa.js", "synth", "--out", viaTpa]);
    expect(a).toMatchObject({ code: 0 });
    const b = spawn(process.execPath, [path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf"), "synth", "--output", viaCdktf]);
    expect(b.code).toBe(0);
    for (const env of ["dev", "staging", "prod"]) {
      const read = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "stacks", env, "cdk.tf.json"), "utf8"));
      expect(read(viaCdktf)).toEqual(read(viaTpa));
    }
  });

  test("cdktf synth on a bad environment folder fails with the file and line", () => {
    const dir = writeFiles({ "dev.yaml": "tenant:\n  domain: acme.auth0.com\n  colour: blue\n" });
    const result = spawn(process.execPath, [path.join(ROOT, "dist", "main.js")], {
      TPA_CONFIG_DIR: dir,
      CDKTF_OUTDIR: path.join(tmpDir(), "out"),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/dev\.yaml:3:3: tenant\.colour: unknown key/);
  });
});
