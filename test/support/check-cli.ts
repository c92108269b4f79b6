import { Writable } from "node:stream";
import { main } from "../../cli/tpa";

/** Runs `tpa check` in-process (it is asynchronous: the HCL parser loads as WebAssembly) with TPA_TODAY set. */
export async function tpaCheck(today: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const collect = () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    return { stream, text: () => chunks.join("") };
  };
  const [out, err] = [collect(), collect()];
  const saved = process.env.TPA_TODAY;
  process.env.TPA_TODAY = today;
  try {
    const code = await main(["check", ...args], out.stream, err.stream);
    return { code, stdout: out.text(), stderr: err.text() };
  } finally {
    if (saved === undefined) delete process.env.TPA_TODAY;
    else process.env.TPA_TODAY = saved;
  }
}
