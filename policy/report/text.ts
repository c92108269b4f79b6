import type { Finding } from "../model";
import { terminalText as t } from "./escape";
import type { PolicyReport } from "./json";

const MARK = { error: "ERROR", warning: "WARN ", info: "INFO " } as const;

/** The console report: grouped by stack and resource, each finding with its fix. */
export function formatPolicyText(report: PolicyReport, locate?: (f: Finding) => string | undefined): string {
  const lines: string[] = [];
  for (const { name, profile } of report.stacks) {
    const findings = report.findings.filter((f) => f.stack === name);
    const open = findings.filter((f) => !f.suppressed);
    lines.push(`${name} (profile ${profile}): ${open.length === 0 ? "no findings" : `${open.length} finding(s)`}${findings.length > open.length ? `, ${findings.length - open.length} suppressed` : ""}`);
    const byResource = new Map<string, Finding[]>();
    for (const f of findings) byResource.set(f.address ?? f.path, [...(byResource.get(f.address ?? f.path) ?? []), f]);
    for (const [resource, list] of byResource) {
      const where = locate?.(list[0]);
      const construct = list[0].address && list[0].path !== list[0].address ? ` (${list[0].path})` : "";
      // Messages quote configuration and tenant data: no control sequence reaches the terminal.
      lines.push(t(`  ${resource}${construct}${list[0].target ? `  [${list[0].target}]` : ""}${where ? `  ${where}` : ""}`));
      for (const f of list) {
        // a finding elsewhere than its resource's first one (an attribute's line, a suppression comment's) says where
        const own = locate?.(f);
        const at = own && own !== where ? t(`  (${own})`) : "";
        if (f.suppressed) {
          lines.push(`    suppressed ${f.ruleId} ${t(f.message)}${at}`);
          lines.push(`               reason: ${t(`${f.suppression?.reason} (expires ${f.suppression?.expires})`)}`);
        } else {
          lines.push(`    ${MARK[f.severity]} ${f.ruleId} ${t(f.message)}${at}`);
          lines.push(`          fix: ${t(f.fix)}`);
        }
      }
    }
  }
  const s = report.summary;
  lines.push(`Policy: ${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info, ${s.suppressed} suppressed.`);
  return lines.join("\n");
}
