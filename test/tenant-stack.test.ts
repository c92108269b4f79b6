import * as path from "node:path";
import { App } from "cdktf";
import { loadEnvironment, loadEnvironments } from "../config";
import { buildApp } from "../stacks/build-app";
import { TerraformJson, resourcesOf, synthApp } from "./support/synth";
import { tmpDir, writeFiles } from "./support/tmp";

const EXAMPLE = path.join(__dirname, "..", "environments");

function synthFolder(dir: string): Record<string, TerraformJson> {
  const { app } = buildApp(loadEnvironments(dir), { outdir: tmpDir() });
  return synthApp(app as App);
}

describe("TenantStack on the embedded example", () => {
  const stacks = synthFolder(EXAMPLE);

  test("one stack per environment, each pointing at its own tenant, with no credentials", () => {
    expect(Object.keys(stacks).sort()).toEqual(["dev", "prod", "staging"]);
    expect(stacks.prod.provider).toEqual({ auth0: [{ domain: "acme-prod.eu.auth0.com" }] });
    expect(stacks.dev.provider).toEqual({ auth0: [{ domain: "acme-dev.eu.auth0.com" }] });
    expect(stacks.prod.terraform).toMatchObject({
      required_providers: { auth0: { source: "auth0/auth0", version: "1.55.0" } },
      backend: { s3: { bucket: "acme-terraform-state", key: "auth0/prod/third-party-apps.tfstate", use_lockfile: true } },
    });
    // local state beside the project, by a relative path: no path of the synthesizing machine
    expect(stacks.dev.terraform?.backend).toEqual({ local: { path: expect.stringMatching(/^(\.\.\/)+.*terraform\.dev\.tfstate$/) } });
  });

  test("the permissive app exists in dev and staging only, as a permissive client", () => {
    expect(Object.keys(resourcesOf(stacks.dev, "auth0_client"))).toContain("apps_legacy-reporting_permissive");
    expect(Object.keys(resourcesOf(stacks.staging, "auth0_client"))).toContain("apps_legacy-reporting_permissive");
    const prodModes = Object.values(resourcesOf(stacks.prod, "auth0_client")).map((c) => c.third_party_security_mode);
    expect(prodModes).toEqual(["strict", "strict", "strict"]);
  });

  test("per-environment values come from the environment file, shared ones from base.yaml", () => {
    const portal = (env: string) => resourcesOf(stacks[env], "auth0_client")["apps_partner-portal_strict"];
    expect(portal("prod").callbacks).toEqual(["https://partner.acme.test/callback"]);
    expect(portal("dev").callbacks).toEqual(["https://partner.dev.acme.test/callback", "http://localhost:3000/callback"]);
    expect(portal("prod").grant_types).toEqual(portal("dev").grant_types);
  });

  test("the MCP/DCR setup: strict DCR with default permissions", () => {
    for (const env of ["dev", "staging", "prod"]) {
      expect(resourcesOf(stacks[env], "auth0_tenant").dcr).toMatchObject({
        flags: { enable_dynamic_client_registration: true },
        dynamic_client_registration_security_mode: "strict",
      });
      const defaults = Object.values(resourcesOf(stacks[env], "auth0_client_grant")).filter((g) => g.default_for);
      expect(defaults.map((g) => [g.audience, g.subject_type, g.scopes])).toEqual([
        ["https://api.acme.test/catalog", "user", ["read:catalog"]],
        ["https://mcp.acme.test/", "user", ["tools:read"]],
      ]);
    }
  });

  test("every resource carries the environment-file address it comes from", () => {
    const targets = Object.values(stacks.dev.resource ?? {}).flatMap((byName) =>
      Object.values(byName).map((r) => (r["//"] as { tpa?: { target?: string } }).tpa?.target),
    );
    expect(targets.every((t) => typeof t === "string")).toBe(true);
    expect(targets).toEqual(expect.arrayContaining(["apps/partner-portal", "apis/orders", "defaultPermissions/0", "dcr", "tenant"]));
  });
});

describe("TenantStack options", () => {
  test("local and HCP Terraform backends", () => {
    const dir = writeFiles({
      "a.yaml": "tenant: { domain: a.auth0.com }\nbackend: { type: local, path: state/a.tfstate }\n",
      "b.yaml": "tenant: { domain: b.auth0.com }\nbackend: { type: cloud, organization: acme, workspace: auth0-b }\n",
    });
    const stacks = synthFolder(dir);
    expect(stacks.a.terraform?.backend).toEqual({ local: { path: expect.stringMatching(/^(\.\.\/)+.*state\/a\.tfstate$/) } });
    expect(stacks.b.terraform?.cloud).toMatchObject({ organization: "acme", workspaces: { name: "auth0-b" } });
  });

  test("no auth0_prompt or auth0_tenant unless the file asks for them", () => {
    const dir = writeFiles({ "dev.yaml": "tenant: { domain: a.auth0.com }\n" });
    const json = synthFolder(dir).dev;
    expect(resourcesOf(json, "auth0_prompt")).toEqual({});
    expect(resourcesOf(json, "auth0_tenant")).toEqual({});
    expect(loadEnvironment(dir, "dev").config.dcr).toBeUndefined();
  });
});
