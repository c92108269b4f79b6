/** Runs `fn` with TPA_TODAY set (review dates and suppression expiry are judged against it), then restores it. */
export function withToday<T>(today: string, fn: () => T): T {
  const saved = process.env.TPA_TODAY;
  process.env.TPA_TODAY = today;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.TPA_TODAY;
    else process.env.TPA_TODAY = saved;
  }
}
