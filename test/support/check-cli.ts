import { main } from "../../cli/tpa";
import { collect } from "./cli";
import { withTodayAsync } from "./today";

/** Runs `tpa check` in-process (it is asynchronous: the HCL parser loads as WebAssembly) with TPA_TODAY set. */
export async function tpaCheck(today: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [out, err] = [collect(), collect()];
  const code = await withTodayAsync(today, () => main(["check", ...args], out.stream, err.stream));
  return { code, stdout: out.text(), stderr: err.text() };
}

/** The day the check tests judge review dates and expiries against. */
export const CHECK_TODAY = "2026-12-01";

/** `tpa check` on CHECK_TODAY. */
export const check = (...args: string[]) => tpaCheck(CHECK_TODAY, ...args);

/** A finding of `tpa check --format json`, as the tests read it. */
export interface CheckFinding {
  ruleId: string;
  severity: string;
  path: string;
  address?: string;
  attribute?: string;
  message: string;
  fix: string;
  suppressed: boolean;
  suppression?: { reason: string; expires: string };
  location?: { file: string; line: number };
}

export interface CheckReport {
  findings: CheckFinding[];
  summary: { errors: number; warnings: number; suppressed: number };
}

/** `tpa check ARGS --format json`: the exit code and the report; a run that is not 0 or 1 throws its stderr. */
export async function checkJson(...args: string[]): Promise<{ code: number; report: CheckReport; stderr: string }> {
  const r = await check(...args, "--format", "json");
  if (r.code !== 0 && r.code !== 1) throw new Error(r.stderr);
  return { code: r.code, report: JSON.parse(r.stdout) as CheckReport, stderr: r.stderr };
}
