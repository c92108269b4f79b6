import { isCalendarDate, utcToday } from "../constructs/dates";
import { UsageError } from "./usage-error";

/** The day review dates and suppression expiries are judged against: TPA_TODAY when set (checked), else today (UTC). */
export function todayFrom(env: NodeJS.ProcessEnv, now: () => number = Date.now): string {
  const value = env.TPA_TODAY;
  if (value === undefined || value === "") return utcToday(now());
  if (!isCalendarDate(value)) throw new UsageError(`TPA_TODAY takes a date as YYYY-MM-DD, such as 2027-03-31, not "${value}"`);
  return value;
}
