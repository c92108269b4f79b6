import { Writable } from "node:stream";

/** A writable stream that keeps what is written; `tty` makes it look like a terminal. */
export function captureStream(tty = false): { stream: NodeJS.WritableStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  if (tty) Object.assign(stream, { isTTY: true });
  return { stream, text: () => chunks.join("") };
}

export type Command<D> = (args: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, deps?: D) => Promise<number>;

/** Runs an async command function in-process and returns its exit code and output. */
export async function runCommand<D>(
  command: Command<D>,
  args: readonly string[],
  deps?: D,
  tty: { out?: boolean; err?: boolean } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = captureStream(tty.out);
  const err = captureStream(tty.err);
  const code = await command(args, out.stream, err.stream, deps);
  return { code, stdout: out.text(), stderr: err.text() };
}
