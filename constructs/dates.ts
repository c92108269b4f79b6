/**
 * The one date convention: a day as YYYY-MM-DD in UTC, as environment files, suppressions, review dates and
 * TPA_TODAY write it.
 */

/** YYYY-MM-DD (the shape only; isCalendarDate also checks that the day exists). */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD naming a day of the calendar (2027-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return isoDay(date) === text;
}

/** The UTC day of a moment, as YYYY-MM-DD. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Today in UTC, as YYYY-MM-DD. */
export function utcToday(now: number = Date.now()): string {
  return isoDay(new Date(now));
}

/** The day `days` after `date` (both YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDay(d);
}
