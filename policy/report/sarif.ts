import type { Log, ReportingDescriptor, Result } from "sarif";
import { ALL_RULES } from "../evaluate";
import type { Finding } from "../model";
import type { PolicyReport } from "./json";

/** Where a finding stands in a file, when known. */
export interface FileLocation {
  /** relative to the working directory, with forward slashes */
  readonly uri: string;
  readonly line: number;
  readonly column?: number;
}

/** The generated rule catalogue, relative to the repository root (SARIF's helpUri must be absolute, so the link is in help). */
const RULES_DOC = "docs/rules.md";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

/** policy-report.sarif: SARIF 2.1.0, with the rule catalogue and environment-file locations. */
export function buildSarif(
  report: PolicyReport,
  options: { readonly toolVersion: string; readonly locate?: (f: Finding) => FileLocation | undefined },
): Log {
  const rules: ReportingDescriptor[] = ALL_RULES.map((r) => ({
    id: r.id,
    name: r.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : "")),
    shortDescription: { text: r.title },
    fullDescription: { text: r.fact },
    help: {
      text: `${r.fix}\nSource: ${r.source}\nDetails: ${RULES_DOC}#${r.id.toLowerCase()}`,
      markdown: `**Fix:** ${r.fix}\n\n**Source:** [${r.source}](${r.source})\n\n[${r.id} in the rule catalogue](${RULES_DOC}#${r.id.toLowerCase()})`,
    },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { source: r.source, tags: ["auth0", "third-party-apps", "security"] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = report.findings.map((f) => {
    const at = options.locate?.(f);
    const result: Result = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: LEVEL[f.severity],
      message: { text: `${f.message}. Fix: ${f.fix}` },
      locations: [
        {
          ...(at && {
            physicalLocation: {
              artifactLocation: { uri: at.uri },
              region: { startLine: Math.max(1, at.line), ...(at.column ? { startColumn: at.column } : {}) },
            },
          }),
          logicalLocations: [{ fullyQualifiedName: f.path, kind: "resource", ...(f.address && { decoratedName: f.address }) }],
        },
      ],
      partialFingerprints: { "tpaFinding/v1": `${f.ruleId}|${f.stack}|${f.path}|${f.attribute ?? ""}` },
      properties: { stack: f.stack, ...(f.target && { target: f.target }), ...(f.address && { address: f.address }) },
    };
    if (f.suppressed && f.suppression) {
      result.suppressions = [
        { kind: "external", status: "accepted", justification: `${f.suppression.reason} (expires ${f.suppression.expires})` },
      ];
    }
    return result;
  });
  return {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [
      {
        tool: { driver: { name: "tpa", version: options.toolVersion, semanticVersion: options.toolVersion, rules } },
        results,
        columnKind: "unicodeCodePoints",
      },
    ],
  };
}
