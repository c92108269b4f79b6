/**
 * cdktf records a full stack trace for every token it creates (dozens per auth0_client, for attributes nobody
 * reads), only to name where a token came from in an error about it. At thousands of apps that is most of
 * synth time and memory, growing with call depth. While `fn` runs, stack traces captured into plain objects
 * (cdktf's way) are skipped and come back empty; real Errors keep their stack.
 */
export function withLightTokenTraces<T>(fn: () => T): T {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (target: object, constructorOpt?: Function) => {
    if (target instanceof Error) capture(target, constructorOpt);
    else (target as { stack?: string }).stack = "";
  };
  try {
    return fn();
  } finally {
    Error.captureStackTrace = capture;
  }
}
