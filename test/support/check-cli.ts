import { main } from "../../cli/tpa";
import { collect } from "./cli";
import { withTodayAsync } from "./today";

/** Runs `tpa check` in-process (it is asynchronous: the HCL parser loads as WebAssembly) with TPA_TODAY set. */
export async function tpaCheck(today: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [out, err] = [collect(), collect()];
  const code = await withTodayAsync(today, () => main(["check", ...args], out.stream, err.stream));
  return { code, stdout: out.text(), stderr: err.text() };
}
