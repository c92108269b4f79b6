/**
 * The policy reports at their edges (issue 16: the surviving mutants of policy/report/): policy-report.json's
 * profile and summary, the SARIF log's catalogue, locations, fingerprints and suppressions, the console report's
 * grouping, counts and marks, and the escaping of what reports quote (terminal and Markdown), called in-process so
 * that a mutant of these files meets these cases. The CLI's reports (test/reports.test.ts) run through a child.
 */
import "@microsoft/jest-sarif";
import type { StackPolicyResult } from "../policy/aspect";
import { ALL_RULES } from "../policy/evaluate";
import type { Finding } from "../policy/model";
import { NEWEST_PROFILE_ID, profileById } from "../policy/profiles";
import { markdownCode, markdownText, terminalLines, terminalText } from "../policy/report/escape";
import { buildPolicyReport, hasErrors, PolicyReport } from "../policy/report/json";
import { buildSarif } from "../policy/report/sarif";
import { formatPolicyText } from "../policy/report/text";

const NEWEST = profileById(NEWEST_PROFILE_ID);
const OLDER = profileById("strict-2026-04");

const finding = (f: Partial<Finding>): Finding => ({
  ruleId: "TPA101",
  severity: "error",
  stack: "dev",
  path: "dev/apps/portal/client",
  address: "auth0_client.apps_portal_strict",
  target: "apps/portal",
  message: "grant type implicit not allowed",
  fix: "Remove the grant type.",
  suppressed: false,
  ...f,
});
const result = (stack: string, findings: Finding[], profile = NEWEST): StackPolicyResult => ({ stack, profile, findings, resources: findings.length });
const suppression = { reason: "partner moves off it in Q1", expires: "2027-01-31" };

describe("policy-report.json", () => {
  test("the profile: the one all stacks use, mixed when they differ, none without stacks", () => {
    expect(buildPolicyReport([result("dev", []), result("prod", [])]).profile).toBe(NEWEST.id);
    expect(buildPolicyReport([result("dev", [], OLDER)]).profile).toBe("strict-2026-04");
    expect(buildPolicyReport([result("dev", []), result("prod", [], OLDER)]).profile).toBe("mixed");
    expect(buildPolicyReport([]).profile).toBe("none");
  });

  test("stacks with their profiles, every finding in stack order, and a summary of the open ones by severity beside the suppressed", () => {
    const dev = [finding({ severity: "error" }), finding({ severity: "error", suppressed: true, suppression }), finding({ severity: "warning" })];
    const prod = [finding({ stack: "prod", severity: "info" }), finding({ stack: "prod", severity: "warning" }), finding({ stack: "prod", severity: "warning" }), finding({ stack: "prod", severity: "info", suppressed: true, suppression })];
    const report = buildPolicyReport([result("dev", dev), result("prod", prod, OLDER)]);
    expect(report).toEqual({
      version: 1,
      profile: "mixed",
      stacks: [
        { name: "dev", profile: NEWEST.id },
        { name: "prod", profile: "strict-2026-04" },
      ],
      findings: [...dev, ...prod],
      summary: { errors: 1, warnings: 3, infos: 1, suppressed: 2 },
    });
    expect(hasErrors(report)).toBe(true);
  });

  test("hasErrors: only an open error blocks; suppressed errors and open warnings do not", () => {
    expect(hasErrors(buildPolicyReport([result("dev", [finding({ suppressed: true, suppression }), finding({ severity: "warning" }), finding({ severity: "info" })])]))).toBe(false);
    expect(hasErrors(buildPolicyReport([result("dev", [finding({})])]))).toBe(true);
    expect(hasErrors(buildPolicyReport([]))).toBe(false);
  });
});

describe("policy-report.sarif", () => {
  const report = (findings: Finding[]): PolicyReport => buildPolicyReport([result("dev", findings)]);

  test("the catalogue: every rule with a PascalCase name from its title, its fact, fix, source, level and tags", () => {
    const log = buildSarif(report([]), { toolVersion: "1.2.3" });
    expect(log).toBeValidSarifLog();
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    const [run] = log.runs;
    expect(run.columnKind).toBe("unicodeCodePoints");
    expect(run.results).toEqual([]);
    expect(run.tool.driver).toMatchObject({ name: "tpa", version: "1.2.3", semanticVersion: "1.2.3" });
    const rules = run.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(ALL_RULES.map((r) => r.id));
    const named = Object.fromEntries(rules.map((r) => [r.id, r.name]));
    expect(named.TPA001).toBe("ExpiredSuppression");
    expect(named.TPA102).toBe("clientCredentialsOnAStrictAppNeedsAConfidentialClient");
    expect(named.TPA108).toBe("StrictAppSRefreshTokensDoNotExpire");
    expect(named.TPA112).toBe("redirectionPolicyAllowsOpenRedirectsOrIsSetWhereItHasNoEffect");
    for (const r of rules) expect(r.name).toMatch(/^[A-Za-z0-9]+$/);
    const tpa002 = ALL_RULES[1];
    expect(rules[1]).toEqual({
      id: "TPA002",
      name: "SuppressionThatMatchesNoFinding",
      shortDescription: { text: tpa002.title },
      fullDescription: { text: tpa002.fact },
      help: {
        text: `${tpa002.fix}\nSource: ${tpa002.source}\nDetails: docs/rules.md#tpa002`,
        markdown: `**Fix:** ${tpa002.fix}\n\n**Source:** [${tpa002.source}](${tpa002.source})\n\n[TPA002 in the rule catalogue](docs/rules.md#tpa002)`,
      },
      defaultConfiguration: { level: "warning" },
      properties: { source: tpa002.source, tags: ["auth0", "third-party-apps", "security"] },
    });
    expect(rules[0].defaultConfiguration).toEqual({ level: "error" });
    const levels = new Set(rules.map((r) => r.defaultConfiguration?.level));
    const info = ALL_RULES.find((r) => r.severity === "info");
    if (info) expect(rules.find((r) => r.id === info.id)?.defaultConfiguration).toEqual({ level: "note" });
    expect([...levels].every((l) => l === "error" || l === "warning" || l === "note")).toBe(true);
  });

  test("a result: rule index, level (info is note), message with the fix, the file location when known, the resource, fingerprint and properties", () => {
    const findings = [
      finding({ attribute: "grant_types" }),
      finding({ ruleId: "TPA002", severity: "warning", address: undefined, target: undefined, path: "dev", message: "suppression of TPA101 for x matches no finding", fix: "Remove it." }),
      finding({ ruleId: "TPA105", severity: "info", path: "dev/apps/portal/client", message: "noted" }),
    ];
    const log = buildSarif(report(findings), {
      toolVersion: "0.0.1",
      locate: (f) => (f.ruleId === "TPA101" ? { uri: "environments/dev.yaml", line: 6, column: 5 } : f.ruleId === "TPA002" ? { uri: "environments/dev.yaml", line: 0 } : undefined),
    });
    expect(log).toBeValidSarifLog();
    const [first, second, third] = log.runs[0].results!;
    expect(first).toEqual({
      ruleId: "TPA101",
      ruleIndex: ALL_RULES.findIndex((r) => r.id === "TPA101"),
      level: "error",
      message: { text: "grant type implicit not allowed. Fix: Remove the grant type." },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: "environments/dev.yaml" }, region: { startLine: 6, startColumn: 5 } },
          logicalLocations: [{ fullyQualifiedName: "dev/apps/portal/client", kind: "resource", decoratedName: "auth0_client.apps_portal_strict" }],
        },
      ],
      partialFingerprints: { "tpaFinding/v1": "TPA101|dev|dev/apps/portal/client|grant_types" },
      properties: { stack: "dev", target: "apps/portal", address: "auth0_client.apps_portal_strict" },
    });
    expect(second).toEqual({
      ruleId: "TPA002",
      ruleIndex: 1,
      level: "warning",
      message: { text: "suppression of TPA101 for x matches no finding. Fix: Remove it." },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: "environments/dev.yaml" }, region: { startLine: 1 } }, // SARIF lines start at 1
          logicalLocations: [{ fullyQualifiedName: "dev", kind: "resource" }],
        },
      ],
      partialFingerprints: { "tpaFinding/v1": "TPA002|dev|dev|" },
      properties: { stack: "dev" },
    });
    expect(third.level).toBe("note");
    expect(third.locations).toEqual([{ logicalLocations: [{ fullyQualifiedName: "dev/apps/portal/client", kind: "resource", decoratedName: "auth0_client.apps_portal_strict" }] }]);
    expect(third.suppressions).toBeUndefined();
  });

  test("without a locator, only logical locations; a rule outside the catalogue has no index", () => {
    const log = buildSarif(report([finding({ ruleId: "TPA999" })]), { toolVersion: "1" });
    const [r] = log.runs[0].results!;
    expect(r.ruleIndex).toBeUndefined();
    expect(r.locations).toEqual([{ logicalLocations: [expect.objectContaining({ fullyQualifiedName: "dev/apps/portal/client" })] }]);
  });

  test("a suppressed finding carries an accepted external suppression with its reason and expiry", () => {
    const log = buildSarif(report([finding({ suppressed: true, suppression }), finding({ suppressed: true })]), { toolVersion: "1" });
    expect(log).toBeValidSarifLog();
    const [withReason, without] = log.runs[0].results!;
    expect(withReason.suppressions).toEqual([{ kind: "external", status: "accepted", justification: "partner moves off it in Q1 (expires 2027-01-31)" }]);
    expect(without.suppressions).toBeUndefined();
  });
});

describe("the console report", () => {
  test("a stack without findings, and the summary line", () => {
    expect(formatPolicyText(buildPolicyReport([result("dev", [])]))).toBe(["dev (profile strict-2026-05): no findings", "Policy: 0 error(s), 0 warning(s), 0 info, 0 suppressed."].join("\n"));
    expect(formatPolicyText(buildPolicyReport([]))).toBe("Policy: 0 error(s), 0 warning(s), 0 info, 0 suppressed.");
  });

  test("findings grouped by resource under their stack, each with its mark and fix; suppressed ones with their reason; counts per stack", () => {
    const dev = [
      finding({ attribute: "grant_types" }),
      finding({ ruleId: "TPA110", severity: "warning", message: "app type odd", fix: "Use regular_web." }),
      finding({ ruleId: "TPA105", severity: "info", address: "auth0_client_grant.g", path: "auth0_client_grant.g", target: undefined, message: "just so", fix: "Nothing." }),
      finding({ ruleId: "TPA112", suppressed: true, suppression, message: "open redirect", fix: "Set a policy." }),
      finding({ ruleId: "TPA104", address: undefined, path: "dev", target: "tenant", message: "classic login", fix: "Use New Universal Login." }),
    ];
    const prod = [finding({ stack: "prod", ruleId: "TPA112", suppressed: true, suppression, message: "open redirect" })];
    const text = formatPolicyText(buildPolicyReport([result("dev", dev), result("prod", prod, OLDER), result("staging", [])]));
    expect(text.split("\n")).toEqual([
      "dev (profile strict-2026-05): 4 finding(s), 1 suppressed",
      "  auth0_client.apps_portal_strict (dev/apps/portal/client)  [apps/portal]",
      "    ERROR TPA101 grant type implicit not allowed",
      "          fix: Remove the grant type.",
      "    WARN  TPA110 app type odd",
      "          fix: Use regular_web.",
      "    suppressed TPA112 open redirect",
      "               reason: partner moves off it in Q1 (expires 2027-01-31)",
      "  auth0_client_grant.g",
      "    INFO  TPA105 just so",
      "          fix: Nothing.",
      "  dev  [tenant]",
      "    ERROR TPA104 classic login",
      "          fix: Use New Universal Login.",
      "prod (profile strict-2026-04): no findings, 1 suppressed",
      "  auth0_client.apps_portal_strict (dev/apps/portal/client)  [apps/portal]",
      "    suppressed TPA112 open redirect",
      "               reason: partner moves off it in Q1 (expires 2027-01-31)",
      "staging (profile strict-2026-05): no findings",
      "Policy: 2 error(s), 1 warning(s), 1 info, 2 suppressed.",
    ]);
  });

  test("the locator's answer for a resource's first finding follows its heading; a finding located elsewhere says where; a resource without one has none", () => {
    const findings = [
      finding({}),
      finding({ ruleId: "TPA110", message: "second" }),
      finding({ ruleId: "TPA002", severity: "warning", message: "third" }),
      finding({ address: "auth0_client.other", path: "dev/apps/other/client", target: undefined }),
    ];
    const text = formatPolicyText(buildPolicyReport([result("dev", findings)]), (f) => {
      if (f.address !== "auth0_client.apps_portal_strict") return undefined;
      return f.ruleId === "TPA002" ? "environments/dev.yaml:3" : "environments/dev.yaml:6";
    });
    expect(text.split("\n").filter((l) => l.startsWith("  ") && !l.startsWith("    "))).toEqual([
      "  auth0_client.apps_portal_strict (dev/apps/portal/client)  [apps/portal]  environments/dev.yaml:6",
      "  auth0_client.other (dev/apps/other/client)",
    ]);
    const marked = text.split("\n").filter((l) => /^    (ERROR|WARN)/.test(l));
    expect(marked).toEqual([
      "    ERROR TPA101 grant type implicit not allowed",
      "    ERROR TPA110 second",
      "    WARN  TPA002 third  (environments/dev.yaml:3)",
      "    ERROR TPA101 grant type implicit not allowed",
    ]);
  });

  test("a suppressed finding without its suppression (a report built by hand) is still listed as suppressed", () => {
    const text = formatPolicyText(buildPolicyReport([result("dev", [finding({ suppressed: true })])]));
    expect(text.split("\n")[2]).toBe("    suppressed TPA101 grant type implicit not allowed");
  });

  test("what the report quotes reaches the terminal without control sequences", () => {
    const hostile = finding({
      address: "auth0_client.x",
      path: "dev/\u001b]8;;https://evil\u0007x",
      target: "apps/\u001b[2J",
      message: "name \u001b[31mred\u001b[0m\nsecond line",
      fix: "fix \r over",
      suppressed: false,
    });
    const quoted = finding({ ruleId: "TPA112", suppressed: true, suppression: { reason: "why\u001b[1A", expires: "2027-01-31" }, message: "m\u0008" });
    const text = formatPolicyText(buildPolicyReport([result("dev", [hostile, quoted])]), () => "file\u001b.yaml:1");
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(text).toContain("  auth0_client.x (dev/\\u{1b}]8;;https://evil\\u{7}x)  [apps/\\u{1b}[2J]  file\\u{1b}.yaml:1");
    expect(text).toContain("    ERROR TPA101 name \\u{1b}[31mred\\u{1b}[0m\\nsecond line");
    expect(text).toContain("          fix: fix \\r over");
    expect(text).toContain("    suppressed TPA112 m\\u{8}");
    expect(text).toContain("               reason: why\\u{1b}[1A (expires 2027-01-31)");
  });
});

describe("escaping what reports quote", () => {
  test("terminalText: control characters, DEL, C1, the line and paragraph separators and bidirectional overrides as visible escapes; the characters beside those ranges kept", () => {
    expect(terminalText("a\nb\rc\td")).toBe("a\\nb\\rc\\td");
    expect(terminalText("\u0000\u0007\u001b\u001f")).toBe("\\u{0}\\u{7}\\u{1b}\\u{1f}");
    expect(terminalText("\u007f\u0080\u009f")).toBe("\\u{7f}\\u{80}\\u{9f}");
    expect(terminalText("\u202a\u202e\u2066\u2069")).toBe("\\u{202a}\\u{202e}\\u{2066}\\u{2069}");
    expect(terminalText("\u2028\u2029")).toBe("\\u{2028}\\u{2029}");
    const beside = " ~\u00a0\u2027\u202f\u2065\u206a é 日本";
    expect(terminalText(beside)).toBe(beside);
    expect(terminalText("")).toBe("");
  });

  test("terminalLines keeps the line breaks and escapes the rest of each line", () => {
    expect(terminalLines("one\u001b[2J\ntwo\rthree\n\tfour")).toBe("one\\u{1b}[2J\ntwo\\rthree\n\\tfour");
    expect(terminalLines("plain\ntext")).toBe("plain\ntext");
  });

  test("markdownText: one line; HTML and Markdown syntax escaped", () => {
    expect(markdownText("x\n# Approved\r\n[click](https://evil)\rend")).toBe("x \\# Approved \\[click\\](https://evil) end");
    expect(markdownText("a\r\nb")).toBe("a b");
    expect(markdownText("<img src=x onerror=alert(1)> & &lt;")).toBe("&lt;img src=x onerror=alert(1)&gt; &amp; &amp;lt;");
    expect(markdownText("\\ ` * [ ] # ! | ~")).toBe("\\\\ \\` \\* \\[ \\] \\# \\! \\| \\~");
    expect(markdownText("a\u001b[31mb\tc")).toBe("a\\\\u{1b}\\[31mb\\\\tc");
    expect(markdownText("(plain) text: 1+2=3, {ok} \"q\" 'q' - . >")).toBe("(plain) text: 1+2=3, {ok} \"q\" 'q' - . &gt;");
  });

  test("markdownText: underscores that could open or close emphasis are escaped, those inside a word are not", () => {
    expect(markdownText("client_credentials")).toBe("client_credentials");
    expect(markdownText("_lead")).toBe("\\_lead");
    expect(markdownText("trail_")).toBe("trail\\_");
    expect(markdownText("a _b_ c")).toBe("a \\_b\\_ c");
    expect(markdownText("__init__")).toBe("\\_\\_init\\_\\_");
    expect(markdownText("x (_y) z_.")).toBe("x (\\_y) z\\_.");
  });

  test("markdownCode: inline code on one line, control characters visible, no backtick to end it", () => {
    expect(markdownCode("auth0_client.x")).toBe("`auth0_client.x`");
    expect(markdownCode("a`b``c")).toBe("`a'b''c`");
    expect(markdownCode("one\ntwo\r\nthree\rfour")).toBe("`one two three four`");
    expect(markdownCode("x\u001by\tz")).toBe("`x\\u{1b}y\\tz`");
    expect(markdownCode("<b>*not*</b>")).toBe("`<b>*not*</b>`");
    expect(markdownCode("")).toBe("``");
  });
});
