import { buildSarif, formatPolicyText, markdownTableCode, markdownText } from "../policy";
import type { CheckReport, LocatedFinding } from "./run";
import type { CheckFormat } from "./vocabulary";

/** The report in one of the formats; every format lists every finding, suppressed ones and their reasons included. */
export function formatCheckReport(report: CheckReport, format: CheckFormat, toolVersion: string): string {
  const at = (f: LocatedFinding) => f.location;
  switch (format) {
    case "json":
      return JSON.stringify(report, null, 2);
    case "sarif":
      return JSON.stringify(
        buildSarif({ ...report, findings: [...report.findings] }, {
          toolVersion,
          locate: (f) => {
            const location = at(f as LocatedFinding);
            return location && { uri: location.file, line: location.line };
          },
        }),
        null,
        2,
      );
    case "markdown":
      return markdown(report);
    case "text":
      return formatPolicyText({ ...report, findings: [...report.findings] }, (f) => {
        const location = at(f as LocatedFinding);
        return location && `${location.file}:${location.line}`;
      });
  }
}

const ICON = { error: "❌", warning: "⚠️", info: "ℹ️" } as const;

/** A pull-request comment: one row per finding, where it is and what to do. */
function markdown(report: CheckReport): string {
  const s = report.summary;
  const lines = [
    "<!-- tpa-check -->",
    "# Auth0 strict-mode check",
    "",
    `${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info, ${s.suppressed} suppressed (profile ${report.profile}).`,
  ];
  if (report.findings.length > 0) {
    lines.push("", "| | Rule | Resource | Where | Finding | Fix |", "|---|---|---|---|---|---|");
    for (const f of report.findings) {
      const where = f.location ? markdownTableCode(`${f.location.file}:${f.location.line}`) : "";
      const status = f.suppressed ? `suppressed: ${f.suppression?.reason} (expires ${f.suppression?.expires})` : f.fix;
      // names, values and reasons come from the configuration: literal text in the comment, never Markdown or HTML
      lines.push(`| ${f.suppressed ? "🔕" : ICON[f.severity]} | ${f.ruleId} | ${markdownTableCode(f.address ?? f.path)} | ${where} | ${markdownText(f.message)} | ${markdownText(status)} |`);
    }
  }
  return lines.join("\n");
}
