/** Runs `fn` with TPA_TODAY set (review dates and suppression expiry are judged against it), then restores it. */
export function withToday<T>(today: string, fn: () => T): T {
  const restore = setToday(today);
  try {
    return fn();
  } finally {
    restore();
  }
}

/** withToday for a command that runs asynchronously: TPA_TODAY stays set until it has finished. */
export async function withTodayAsync<T>(today: string, fn: () => Promise<T>): Promise<T> {
  const restore = setToday(today);
  try {
    return await fn();
  } finally {
    restore();
  }
}

function setToday(today: string): () => void {
  const saved = process.env.TPA_TODAY;
  process.env.TPA_TODAY = today;
  return () => {
    if (saved === undefined) delete process.env.TPA_TODAY;
    else process.env.TPA_TODAY = saved;
  };
}
