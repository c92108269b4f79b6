import * as path from "node:path";
import { ConfigError, loadEnvironment } from "../config";
import { AuthenticationRateLimit, AuthenticationRateLimitProps, PermissiveThirdPartyApp, StrictThirdPartyApp } from "../constructs";
import { copyStack, initAndValidate, setupOfflineTerraform } from "../tools/offline-terraform";
import { tpa } from "./support/cli";
import { errorsOf } from "./support/terraform";
import { resourcesOf, testStack } from "./support/synth";
import { writeFiles } from "./support/tmp";

// auth0_rate_limit_policy (provider ≥ 1.52, Early Access; docs/auth0-facts.md, "Rate limits") as a construct and
// as the environment file's rateLimits section.

const policies = (props: AuthenticationRateLimitProps) => {
  const { stack, synth } = testStack();
  new AuthenticationRateLimit(stack, "third-party", props);
  return Object.fromEntries(Object.entries(resourcesOf(synth(), "auth0_rate_limit_policy")).map(([name, { "//": _meta, ...attributes }]) => [name, attributes]));
};

describe("AuthenticationRateLimit", () => {
  test("a group policy: the Authentication API, consumer client, the selector, only the action's fields", () => {
    expect(policies({ group: "third_party_clients", action: "block", limit: 100 })).toEqual({
      "third-party": {
        resource: "oauth_authentication_api",
        consumer: "client",
        consumer_selector: "third_party_clients",
        configuration: { action: "block", limit: 100 },
      },
    });
    expect(policies({ group: "cimd_clients", action: "allow" })["third-party"].configuration).toEqual({ action: "allow" });
    expect(policies({ group: "default", action: "redirect", limit: 0, redirectUri: "https://acme.test/slow-down" })["third-party"].configuration).toEqual({
      action: "redirect",
      limit: 0,
      redirect_uri: "https://acme.test/slow-down",
    });
  });

  test("an app's policy selects it by client ID, a reference resolved at apply", () => {
    const { stack, synth } = testStack();
    const app = new StrictThirdPartyApp(stack, "portal", { name: "Portal", appType: "regular_web", grantTypes: ["authorization_code"], callbacks: ["https://p.example/cb"] });
    new AuthenticationRateLimit(stack, "portal-limit", { app, action: "log", limit: 500 });
    const [policy] = Object.values(resourcesOf(synth(), "auth0_rate_limit_policy"));
    expect(policy.consumer_selector).toMatch(/^client_id:\$\{auth0_client\.portal_strict\.client_id\}$/);
  });

  test("a permissive app may have its own policy: the sources disagree on whether only strict apps may (docs/auth0-facts.md)", () => {
    const { stack, synth } = testStack();
    const app = new PermissiveThirdPartyApp(stack, "legacy", {
      name: "Legacy",
      appType: "regular_web",
      grantTypes: ["authorization_code"],
      callbacks: ["https://l.example/cb"],
      justification: "Needs ID tokens until the partner moves (ticket PART-1)",
      reviewBy: "2027-03-31",
    });
    new AuthenticationRateLimit(stack, "legacy-limit", { app, action: "log", limit: 500 });
    const [policy] = Object.values(resourcesOf(synth(), "auth0_rate_limit_policy"));
    expect(policy.consumer_selector).toMatch(/^client_id:\$\{auth0_client\.legacy_permissive\.client_id\}$/);
  });

  test.each<[AuthenticationRateLimitProps, string]>([
    [{ action: "block", limit: 1 }, "set exactly one of group"],
    [{ group: "third_party_clients", action: "block" }, "action block needs a limit"],
    [{ group: "third_party_clients", action: "log", limit: 10001 }, "limit 10001 must be a whole number from 0 to 10000"],
    [{ group: "third_party_clients", action: "block", limit: 1.5 }, "must be a whole number"],
    [{ group: "third_party_clients", action: "redirect", limit: 5 }, "action redirect needs a redirectUri"],
    [{ group: "third_party_clients", action: "block", limit: 5, redirectUri: "https://a.test/" }, "redirectUri is only valid with action redirect"],
    [{ group: "third_party_clients", action: "redirect", limit: 5, redirectUri: "http://a.test/" }, "must be an https URL"],
    [{ group: "everyone" as never, action: "allow" }, 'group "everyone" is not one of'],
  ])("%j is refused with a message that says what to do", (props, message) => {
    const { stack } = testStack();
    expect(() => new AuthenticationRateLimit(stack, "x", props)).toThrow(message);
  });
});

describe("rateLimits in the environment file", () => {
  const env = (rateLimits: string) =>
    writeFiles({
      "lab.yaml": [
        "tenant: { domain: acme-lab.eu.auth0.com }",
        "apps:",
        "  - { id: portal, name: Portal, mode: strict, appType: regular_web, grantTypes: [authorization_code], callbacks: [https://p.example/cb] }",
        "rateLimits:",
        rateLimits,
        "",
      ].join("\n"),
    });

  test("synthesizes one auth0_rate_limit_policy per entry, addressed like the file, and Terraform validates them", async () => {
    const dir = env(["  - { id: third-party, group: third_party_clients, action: block, limit: 100 }", "  - { id: portal, app: portal, action: redirect, limit: 50, redirectUri: https://acme.test/busy }"].join("\n"));
    const out = path.join(dir, "out");
    const synth = tpa("synth", "--config", dir, "--out", out);
    expect(synth.code).toBe(0);
    const stack = require(path.join(out, "stacks", "lab", "cdk.tf.json"));
    expect(Object.keys(stack.resource.auth0_rate_limit_policy).sort()).toEqual(["rate-limits_portal", "rate-limits_third-party"]);
    expect(stack.resource.auth0_rate_limit_policy["rate-limits_portal"]).toMatchObject({
      consumer_selector: "client_id:${auth0_client.apps_portal_strict.client_id}",
      configuration: { action: "redirect", limit: 50, redirect_uri: "https://acme.test/busy" },
    });

    const tf = setupOfflineTerraform();
    try {
      const work = path.join(tf.dir, "lab");
      copyStack(path.join(out, "stacks", "lab"), work);
      expect(errorsOf(await initAndValidate(work, tf.env))).toEqual([]);
    } finally {
      tf.dispose();
    }
  });

  test.each([
    ["  - { id: x, group: third_party_clients, action: block }", "rateLimits[0].limit", "action block needs a limit"],
    ["  - { id: x, app: nope, action: allow }", "rateLimits[0].app", 'no app with id "nope"'],
    ["  - { id: x, group: default, app: portal, action: allow }", "rateLimits[0].group", "set exactly one of group"],
    ["  - { id: x, group: default, action: log, limit: 20000 }", "rateLimits[0].limit", "at most 10000"],
    ['  - { id: x, group: default, action: redirect, limit: 1, redirectUri: "https://a.test/${path.module}" }', "rateLimits[0].redirectUri", "read by Terraform as an expression"],
  ])("%s: a file:line error at %s", (entry, keyPath, message) => {
    const dir = env(entry);
    let problems: ConfigError["problems"] = [];
    try {
      loadEnvironment(dir, "lab");
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems = e.problems;
    }
    expect(problems).toEqual([expect.objectContaining({ keyPath, message: expect.stringContaining(message), location: expect.objectContaining({ line: 5 }) })]);
  });
});
