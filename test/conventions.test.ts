// The conventions several commands and layers share, each from one module: dates (constructs/dates.ts),
// usage errors and --profile (cli/usage-error.ts, cli/options.ts), TPA_TODAY (cli/today.ts), and what our
// constructs tell the policy, roles and the `<app>_<mode>` address (policy/conventions.ts).
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import * as path from "node:path";
import { checkProfileOption } from "../cli/options";
import { todayFrom } from "../cli/today";
import { isUsageError, UsageError } from "../cli/usage-error";
import { addDays, DATE_PATTERN, isCalendarDate, isoDay, utcToday } from "../constructs/dates";
import { counterpartIn } from "../policy/auth0";
import { appAddress, isRole, modeStem, parseAppAddress, PolicyResource, resourcesFromTerraformJson, ROLES } from "../policy";
import { PROFILE_IDS } from "../policy/profiles";
import { tpaCheck } from "./support/check-cli";
import { EXAMPLE, ROOT, tpa } from "./support/cli";
import { tmpDir } from "./support/tmp";

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

describe("construct conventions", () => {
  const out = path.join(tmpDir(), "cdktf.out");
  const stacks = () => {
    if (!fs.existsSync(out)) expect(tpa("synth", "--config", EXAMPLE, "--out", out).code).toBe(0);
    return ["dev", "staging", "prod"].map((env) => resourcesFromTerraformJson(JSON.parse(fs.readFileSync(path.join(out, "stacks", env, "cdk.tf.json"), "utf8"))));
  };

  test("appAddress and its inverse: the app, the mode and what follows", () => {
    expect(appAddress("apps_portal", "strict")).toBe("apps_portal_strict");
    expect(parseAppAddress("auth0_client.apps_portal_strict")).toEqual({ app: "auth0_client.apps_portal", mode: "strict", rest: "" });
    expect(parseAppAddress("apps_portal_permissive_grant_orders_user")).toEqual({ app: "apps_portal", mode: "permissive", rest: "_grant_orders_user" });
    for (const address of ["apps_portal_strict", "apps_portal_permissive_credentials"]) {
      const { app, mode, rest } = parseAppAddress(address)!;
      expect(appAddress(app, mode) + rest).toBe(address);
    }
    // a mode inside a word is no mode segment: plain Terraform names anyhow
    expect(["apps_strictly", "apps_portal", "permissive", "auth0_client.strict-app"].map(parseAppAddress)).toEqual([undefined, undefined, undefined, undefined]);
    expect(modeStem("auth0_client.apps_portal_permissive_credentials")).toBe("auth0_client.apps_portal_<mode>_credentials");
  });

  test("every resource our constructs synthesize notes a known role; an app's resources carry its mode in their address", () => {
    const resources = stacks().flat();
    expect(resources.length).toBeGreaterThan(10);
    for (const r of resources) expect({ address: r.address, role: isRole(r.annotation.role) }).toEqual({ address: r.address, role: true });
    const apps = resources.filter((r) => r.annotation.role === "third-party-app");
    expect(apps.map((a) => a.attributes.third_party_security_mode).sort()).toEqual(expect.arrayContaining(["permissive", "strict"]));
    for (const app of apps) {
      const parsed = parseAppAddress(app.name);
      expect({ address: app.address, hasMode: parsed !== undefined }).toEqual({ address: app.address, hasMode: true });
      // an adopted client may leave the mode unset (the tenant reports none); its address still has it
      const mode = app.attributes.third_party_security_mode ?? parsed?.mode;
      expect({ address: app.address, mode: parsed?.mode, rest: parsed?.rest }).toEqual({ address: app.address, mode, rest: "" });
      const own = resources.filter((r) => r.annotation.role === "app-grant" || r.annotation.role === "third-party-app-credentials");
      for (const r of own.filter((o) => o.name.startsWith(`${app.name}_`))) expect(parseAppAddress(r.name)).toMatchObject({ app: parsed!.app, mode: parsed!.mode });
    }
    const roles = new Set(resources.map((r) => r.annotation.role));
    expect([...roles].every((role) => (ROLES as readonly unknown[]).includes(role))).toBe(true);
  });

  test("a role our constructs do not write is dropped when Terraform JSON is read", () => {
    const json = { resource: { auth0_client: { c: { name: "c", "//": { tpa: { role: "made-up", target: "apps/c" } } } } } };
    const [r] = resourcesFromTerraformJson(JSON.parse(JSON.stringify(json)));
    expect(r.annotation).toEqual({ target: "apps/c" });
  });

  test("plain Terraform (no notes): a counterpart is the same address, or the same address but for the mode", () => {
    const client = (name: string, mode: string): PolicyResource => ({
      type: "auth0_client",
      name,
      address: `auth0_client.${name}`,
      attributes: { name, third_party_security_mode: mode },
      annotation: {},
    });
    const baseline = [client("portal", "permissive"), client("shop_permissive", "permissive")];
    expect(counterpartIn(baseline, client("portal", "strict"))).toBe(baseline[0]);
    expect(counterpartIn(baseline, client("shop_strict", "strict"))).toBe(baseline[1]);
    expect(counterpartIn(baseline, client("billing", "strict"))).toBeUndefined();
  });

  test("the address convention is written and parsed in policy/conventions.ts only", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(rel);
        else if (rel.endsWith(".ts") && rel !== path.join("policy", "conventions.ts")) {
          const text = fs.readFileSync(path.join(ROOT, rel), "utf8");
          // a mode-segment pattern, or an address built from a mode
          if (/_\(strict\|permissive\)|addressBelowStack\([^)]*\bmode\b/.test(text)) offenders.push(rel);
        }
      }
    };
    for (const dir of ["policy", "constructs", "stacks", "diff", "audit", "check", "cli", "verify", "emulator", "config"]) walk(dir);
    expect(offenders).toEqual([]);
  });
});
