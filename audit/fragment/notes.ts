/** The comments `tpa import` writes into the environment file for people to review: header and per-app notes. */
import type { Management } from "auth0";
import type { AppAudit, AuditReport } from "../classify";

export function header(report: AuditReport, environment: string, today: string, source: string): string {
  const s = report.summary;
  return [
    ` Environment "${environment}": imported by \`tpa import\` on ${today} from ${source}.`,
    ` ${s.thirdPartyApps} third-party app(s) audited: ${s.strict} strict, ${s.permissive} permissive, ${s.withoutMode} without a mode.`,
    " importClientId / importId make the first plan ADOPT the existing clients, APIs and grants (Terraform import",
    " blocks) instead of creating duplicates. Review before committing:",
    " - every permissive app's justification (a placeholder starting with REVIEW) and reviewBy date;",
    " - apps[].apis: the APIs each app calls (the Management API does not record them);",
    " - the first `cdktf plan`: it should import, and change nothing (tpa import printed what it would change).",
  ].join("\n");
}

export function appComment(client: Management.Client, audit: AppAudit): string {
  const lines: string[] = [];
  if (audit.mode === null) {
    lines.push(
      audit.effectiveMode === "strict"
        ? "Auth0 reports no third_party_security_mode, but the tpc_ client ID marks a strict client: declared strict."
        : "Auth0 reports no third_party_security_mode: the client predates the field (created before April 2026) and behaves",
      ...(audit.effectiveMode === "strict"
        ? []
        : ["as permissive, so it is declared permissive."]),
      "keepModeUnset: Terraform leaves the mode as it is (Auth0 documents no PATCH of the mode on a mode-less client).",
    );
  }
  const blockers = [...new Set(audit.blockers.map((b) => b.ruleId))].join(", ");
  lines.push(
    `audit: ${audit.strictReady ? "strict-ready" : `not strict-ready (${blockers})`}; scenario ${audit.scenario ?? "none"}; ${audit.recommendation}`,
  );
  if (audit.recommendation === "migrate-to-strict") lines.push("migrating means a new strict app (a new tpc_ client ID), not a mode change");
  if (!client.client_id) lines.push("no client_id in the source: this app would be created, not adopted");
  return lines.map((l) => ` ${l}`).join("\n");
}

/** The note under the file when DCR is on without a security mode, else undefined. */
export function dcrNote(report: AuditReport): string | undefined {
  const { dcr } = report.tenant;
  return dcr.enabled && !dcr.securityMode ? `DCR is on, but the tenant reports no security mode: ${dcr.note ?? ""}` : undefined;
}
