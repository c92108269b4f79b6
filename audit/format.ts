import { markdownTableCode, markdownText, terminalText } from "../policy";
import type { AppAudit, AuditReport, TenantAudit } from "./classify";

export const AUDIT_FORMATS = ["table", "markdown", "json"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** The report as text, in pieces to write one after the other (their concatenation is the whole text). */
export function formatAudit(report: AuditReport, format: AuditFormat): Iterable<string> {
  switch (format) {
    case "json":
      return auditJson(report);
    case "markdown":
      return [formatMarkdown(report)];
    case "table":
      return [formatTable(report)];
  }
}

/** The top-level key of the apps as JSON.stringify(report, null, 2) writes it: a raw newline occurs in no string's JSON. */
const APPS_KEY = '\n  "apps": ';
/** What JSON.stringify({ apps }, null, 2) writes around the apps, which it indents as the report does. */
const AROUND_APPS = { before: '{\n  "apps": [\n'.length, after: "\n  ]\n}".length };
const APPS_PER_PIECE = 500;

/**
 * JSON.stringify(report, null, 2), the apps a few hundred at a time: no string of tens of MB (an audit of 50,000
 * apps), and none that outlives its write.
 */
export function* auditJson(report: AuditReport): Generator<string> {
  const { apps } = report;
  const outline = JSON.stringify({ ...report, apps: [] }, null, 2);
  if (apps.length === 0) {
    yield outline;
    return;
  }
  const at = outline.indexOf(`${APPS_KEY}[]`) + APPS_KEY.length;
  yield `${outline.slice(0, at)}[\n`;
  for (let i = 0; i < apps.length; i += APPS_PER_PIECE) {
    if (i > 0) yield ",\n";
    const piece = JSON.stringify({ apps: apps.slice(i, i + APPS_PER_PIECE) }, null, 2);
    yield piece.slice(AROUND_APPS.before, piece.length - AROUND_APPS.after);
  }
  yield `\n  ]${outline.slice(at + "[]".length)}`;
}

const COLUMNS = ["CLIENT ID", "NAME", "MODE", "STRICT-READY", "SCENARIO", "RECOMMENDATION", "BLOCKERS"];

function appRow(app: AppAudit): string[] {
  return [
    app.clientId ?? "(unknown)",
    app.name,
    app.mode ?? `none (${app.effectiveMode})`,
    app.strictReady ? "yes" : "no",
    app.scenario === null ? "-" : String(app.scenario),
    app.recommendation,
    app.blockers.length === 0 ? "-" : [...new Set(app.blockers.map((b) => b.ruleId))].join(" "),
  ];
}

function formatTable(report: AuditReport): string {
  // Names and messages come from the tenant: no control sequence reaches the terminal.
  const rows = [COLUMNS, ...report.apps.map((a) => appRow(a).map(terminalText))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
  return [
    ...tenantLines(report),
    "",
    ...(report.apps.length === 0 ? ["No third-party applications."] : rows.map(line)),
    ...detailLines(report, "  ").map(terminalText),
    "",
    summaryLine(report),
  ]
    .map((l, i) => (i < 4 ? terminalText(l) : l))
    .join("\n");
}

function formatMarkdown(report: AuditReport): string {
  const cell = markdownText;
  const table = [
    `| ${COLUMNS.map((c) => c.toLowerCase()).join(" | ")} |`,
    `|${COLUMNS.map(() => "---").join("|")}|`,
    ...report.apps.map((a) => `| ${appRow(a).map((c, i) => (i === 0 && c !== "(unknown)" ? markdownTableCode(c) : cell(c))).join(" | ")} |`),
  ];
  return [
    `## Third-party applications of ${cell(report.tenant.domain ?? "the tenant")}`,
    "",
    ...tenantLines(report).map((l) => `- ${cell(l)}`),
    "",
    ...(report.apps.length === 0 ? ["No third-party applications."] : table),
    ...detailLines(report, "- ").map(cell),
    "",
    `**${summaryLine(report)}**`,
  ].join("\n");
}

function tenantLines(report: AuditReport): string[] {
  const t = report.tenant;
  return [
    `Tenant ${t.domain ?? "(domain unknown)"} (${sourceText(report)}), capability profile ${report.profile}`,
    `DCR: ${dcrText(t)}; Universal Login: ${t.universalLogin ?? "unknown"}; active Rules: ${t.activeRules}; active credentials-exchange Hooks: ${t.activeCredentialsExchangeHooks}`,
    `Default permissions: ${t.defaultPermissions.length === 0 ? "none" : t.defaultPermissions.map((d) => `${d.audience} (${d.subjectType}): ${d.allowAllScopes ? "all scopes" : d.scopes.join(" ") || "no scopes"}`).join("; ")}`,
    `Without a mode: ${t.absentMode}`,
  ];
}

function dcrText(t: TenantAudit): string {
  if (t.dcr.enabled === null) return "unknown";
  return `${t.dcr.enabled ? "on" : "off"}, security mode ${t.dcr.securityMode ?? "not reported"}`;
}

function sourceText(report: AuditReport): string {
  const s = report.source;
  if (s.type === "management-api") return `read ${s.readAt ?? ""}`.trim();
  return `${s.type === "deploy-cli-yaml" ? "deploy-cli YAML export" : "deploy-cli directory export"} ${s.file ?? ""}`.trim();
}

function detailLines(report: AuditReport, indent: string): string[] {
  const out: string[] = [];
  for (const app of report.apps) {
    const lines = [
      ...(app.scenarioReason ? [`scenario ${app.scenario}: ${app.scenarioReason}`] : []),
      ...app.blockers.map((b) => `${b.ruleId}: ${b.message}`),
      ...app.notes,
    ];
    if (lines.length > 0) out.push("", `${app.name} (${app.clientId ?? "client ID unknown"}):`, ...lines.map((l) => `${indent}${l}`));
  }
  if (report.tenant.findings.length > 0) {
    out.push("", "Tenant findings:", ...report.tenant.findings.map((f) => `${indent}${f.ruleId} ${f.severity}${f.subject ? ` (${f.subject})` : ""}: ${f.message}`));
  }
  if (report.tenant.dcr.note) out.push("", `DCR: ${report.tenant.dcr.note}`);
  return out;
}

function summaryLine(report: AuditReport): string {
  const s = report.summary;
  return (
    `${s.thirdPartyApps} third-party app(s): ${s.strict} strict, ${s.permissive} permissive, ${s.withoutMode} without a mode; ` +
    `${s.strictReady} strict-ready. Recommendations: keep-strict ${s.keepStrict}, migrate-to-strict ${s.migrateToStrict}, keep-permissive ${s.keepPermissive}.`
  );
}
