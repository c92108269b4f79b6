import { markdownCode, markdownText, type Finding } from "../policy";
import type { EnvironmentDiff } from "./environment-diff";

/** A marker that lets a pipeline find and update its earlier comment instead of adding a new one. */
export const COMMENT_MARKER = "<!-- tpa-diff -->";

// Names, audiences, scopes and messages come from configuration and tenants: data, never Markdown.
const esc = markdownText;
const code = markdownCode;

export function renderMarkdown(diffs: readonly EnvironmentDiff[]): string {
  const lines = [COMMENT_MARKER, "# Auth0 third-party apps: what this change does", ""];
  const quiet = diffs.every((d) => d.resources.length === 0 && d.findings.every((f) => f.suppressed));
  if (quiet) return [...lines, "No changes to third-party apps, grants, DCR or API policies, and no open policy findings.", ""].join("\n");
  for (const d of diffs) lines.push(...renderEnvironment(d), "");
  return lines.join("\n");
}

function renderEnvironment(d: EnvironmentDiff): string[] {
  const c = d.counts;
  const out = [`## ${code(d.name)}: ${c.add} to add, ${c.change} to change, ${c.destroy} to destroy, ${c.replace} to replace`, ""];
  const loud = d.resources.filter((r) => r.action === "delete" || r.action === "replace");
  if (loud.length > 0) {
    out.push("> [!CAUTION]", `> This change **destroys or replaces** ${loud.length} resource(s) in ${code(d.name)}:`);
    for (const r of loud) {
      const newId = r.type === "auth0_client" && r.action === "replace" ? ": **new client ID**, partners must switch" : "";
      out.push(
        r.action === "delete"
          ? `> - destroys ${code(r.address)}`
          : `> - replaces ${code(r.replaces ?? r.address)}${r.replaces ? ` with ${code(r.address)}` : ""}${newId}`,
      );
    }
    out.push("");
  }
  if (d.resources.length === 0) out.push("No resource changes.", "");

  if (d.apps.length > 0) {
    out.push("### Third-party apps", "", "| app | mode | change |", "|---|---|---|");
    for (const a of d.apps) {
      const mode = a.modeBefore && a.modeAfter && a.modeBefore !== a.modeAfter ? `${a.modeBefore} → ${a.modeAfter}` : (a.modeAfter ?? a.modeBefore ?? "");
      const change = a.change === "replaced" ? "**replaced: new client ID**" : a.change === "changed" ? `changed: ${a.changed.join(", ")}` : a.change;
      out.push(`| ${esc(a.name)}${a.target ? ` (${code(a.target)})` : ""} | ${esc(mode)} | ${a.change === "changed" ? esc(change) : change} |`);
    }
    out.push("");
  }
  if (d.grants.length > 0) {
    out.push("### Grants", "", "| grant | API | subject | change | scopes |", "|---|---|---|---|---|");
    for (const g of d.grants) {
      const scopes = [...g.addedScopes.map((s) => `+${s}`), ...g.removedScopes.map((s) => `−${s}`)].join(" ");
      out.push(`| ${g.kind === "default" ? "default (all third-party apps)" : esc(g.app ?? "")} | ${esc(g.audience)} | ${g.subjectType} | ${g.change} | ${esc(scopes)} |`);
    }
    out.push("");
  }
  if (d.dcr.length > 0) {
    out.push("### Dynamic Client Registration", "", "| setting | before | after |", "|---|---|---|");
    for (const s of d.dcr) out.push(`| ${esc(s.setting)} | ${esc(s.before ?? "(unset)")} | ${esc(s.after ?? "(unset)")} |`);
    out.push("");
  }
  if (d.apiPolicies.length > 0) {
    out.push("### API access policies", "", "| API | policy | before | after |", "|---|---|---|---|");
    for (const s of d.apiPolicies) out.push(`| ${esc(s.subject)} | ${esc(s.setting)} | ${esc(s.before ?? "(none)")} | ${esc(s.after ?? "(removed)")} |`);
    out.push("");
  }
  out.push(...renderFindings(d.findings));
  if (d.resources.length > 0) {
    out.push("<details><summary>All resource changes (" + d.resources.length + ")</summary>", "", "| action | address | attributes |", "|---|---|---|");
    for (const r of d.resources) {
      const attrs = r.action === "update" || r.action === "replace" ? r.changed.join(", ") : "";
      out.push(`| ${r.action} | ${code(r.address)}${r.replaces ? ` (was ${code(r.replaces)})` : ""} | ${esc(attrs)} |`);
    }
    out.push("", "</details>", "");
  }
  return out;
}

function renderFindings(findings: readonly Finding[]): string[] {
  const open = findings.filter((f) => !f.suppressed);
  const count = (s: string) => open.filter((f) => f.severity === s).length;
  const out = [
    "### Policy",
    "",
    `**${count("error")} error(s), ${count("warning")} warning(s), ${findings.length - open.length} suppressed.**`,
    "",
  ];
  if (findings.length === 0) return out;
  out.push("| | rule | resource | finding | fix or reason |", "|---|---|---|---|---|");
  for (const f of findings) {
    const mark = f.suppressed ? "suppressed" : f.severity === "error" ? "❌ error" : f.severity === "warning" ? "⚠️ warning" : "ℹ️ info";
    const why = f.suppressed ? `reason: ${f.suppression?.reason} (expires ${f.suppression?.expires})` : f.fix;
    out.push(`| ${mark} | ${f.ruleId} | ${code(f.address ?? f.path)}${f.target ? ` ${code(f.target)}` : ""} | ${esc(f.message)} | ${esc(why)} |`);
  }
  out.push("");
  return out;
}
