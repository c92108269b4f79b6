// The conventions several commands and layers share, each from one module: dates (constructs/dates.ts),
// usage errors and --profile (cli/usage-error.ts, cli/options.ts), TPA_TODAY (cli/today.ts).
import { parseArgs } from "node:util";
import * as path from "node:path";
import { checkProfileOption } from "../cli/options";
import { todayFrom } from "../cli/today";
import { isUsageError, UsageError } from "../cli/usage-error";
import { addDays, DATE_PATTERN, isCalendarDate, isoDay, utcToday } from "../constructs/dates";
import { PROFILE_IDS } from "../policy/profiles";
import { tpaCheck } from "./support/check-cli";

describe("dates", () => {
  test("a calendar date is YYYY-MM-DD naming a day that exists", () => {
    expect(["2027-03-31", "2028-02-29"].filter(isCalendarDate)).toEqual(["2027-03-31", "2028-02-29"]);
    expect(["2027-02-29", "2027-02-30", "2027-1-1", "tomorrow", ""].filter(isCalendarDate)).toEqual([]);
    expect(DATE_PATTERN.test("2027-02-30")).toBe(true); // the shape only
  });

  test("today is the UTC day; days are added across months and leap years", () => {
    expect(utcToday(Date.UTC(2026, 11, 1, 23, 59))).toBe("2026-12-01");
    expect(isoDay(new Date(Date.UTC(2027, 0, 2)))).toBe("2027-01-02");
    expect(addDays("2026-12-01", 90)).toBe("2027-03-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });

  test("TPA_TODAY when set and valid, else today", () => {
    expect(todayFrom({ TPA_TODAY: "2027-03-31" })).toBe("2027-03-31");
    expect(todayFrom({}, () => Date.UTC(2026, 11, 1))).toBe("2026-12-01");
    expect(() => todayFrom({ TPA_TODAY: "2027-02-30" })).toThrow(/TPA_TODAY takes a date as YYYY-MM-DD/);
  });
});

describe("usage", () => {
  test("parseArgs's errors and ours are usage errors; others are not", () => {
    let parseError: unknown;
    try {
      parseArgs({ args: ["--nope"], options: {}, strict: true });
    } catch (e) {
      parseError = e;
    }
    expect(isUsageError(parseError)).toBe(true);
    expect(isUsageError(new UsageError("x"))).toBe(true);
    expect([new Error("x"), null, undefined, "ERR_PARSE_ARGS"].some(isUsageError)).toBe(false);
  });

  test("--profile takes a capability profile's id", () => {
    expect(() => checkProfileOption(undefined)).not.toThrow();
    expect(() => checkProfileOption(PROFILE_IDS[0])).not.toThrow();
    expect(() => checkProfileOption("strict-2099-01")).toThrow(new UsageError(`--profile takes one of ${PROFILE_IDS.join(", ")}, not "strict-2099-01"`));
  });

  test("tpa check refuses a TPA_TODAY that is not a date, as the other commands do (exit 2)", async () => {
    const result = await tpaCheck("2027-02-30", path.join(__dirname, "fixtures", "check"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/TPA_TODAY takes a date as YYYY-MM-DD, such as 2027-03-31, not "2027-02-30"/);
  });
});
