/**
 * cdktf records a full stack trace for every token it creates (dozens per auth0_client, for attributes nobody
 * reads), only to name where a token came from in an error about it. At thousands of apps that is a third of
 * synth time and most of its memory, and it grows with call depth. While `fn` runs, stack traces captured
 * into plain objects (cdktf's way) come back empty; real Errors keep their stack.
 */
export function withLightTokenTraces<T>(fn: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) => {
    if (!(error instanceof Error)) return "";
    if (previous) return previous(error, frames);
    return `${error.name}: ${error.message}${frames.map((f) => `\n    at ${String(f)}`).join("")}`;
  };
  try {
    return fn();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
