// `tpa check` on Terraform configurations of our own (test/fixtures/check/): the HCL read directly, and
// plans made from it by real Terraform (1.11, on PATH) with the offline schema-serving provider.
//
// The offline provider cannot apply, so the deployed state of a lifecycle plan is written as apply would
// leave it: the first plan's planned values, with IDs where they were "known after apply".
import "@microsoft/jest-sarif";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { resourcesFromPlan } from "../check/plan";
import { isUnresolved, referencedAddress } from "../policy";
import { loadSettings } from "../check/settings";
import { copyStack, OfflineTerraform, PlanJson, setupOfflineTerraform, terraform } from "../tools/offline-terraform";
import { ROOT } from "./support/cli";
import { tmpDir, writeFiles } from "./support/tmp";
import { CheckReport as Report, checkJson as json } from "./support/check-cli";

const FIXTURES = path.join(ROOT, "test", "fixtures", "check");
const PARTNERS = path.join(FIXTURES, "partners");
const LIFECYCLE = path.join(FIXTURES, "lifecycle");

/** What both forms must agree on: rule, resource, severity and suppression, in a stable order. */
const essence = (r: Report) => r.findings.map((f) => `${f.ruleId} ${f.severity} ${f.address ?? "-"}${f.suppressed ? " suppressed" : ""}`).sort();

let tf: OfflineTerraform | undefined;
afterAll(() => tf?.dispose());

/**
 * `terraform plan` of a copy of a fixture folder (its .tf files changed by `edit`), from the given state, and
 * `terraform show -json` of it, written next to the copy as plan.json.
 */
async function planOf(
  fixture: string,
  options: { edit?: (text: string) => string; state?: object; args?: string[] } = {},
): Promise<{ dir: string; planFile: string; plan: PlanJson }> {
  tf ??= setupOfflineTerraform();
  const dir = path.join(tmpDir("tpa-check-plan-"), path.basename(fixture));
  copyStack(fixture, dir);
  if (options.edit) {
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".tf"))) {
      fs.writeFileSync(path.join(dir, f), options.edit(fs.readFileSync(path.join(dir, f), "utf8")));
    }
  }
  if (options.state) fs.writeFileSync(path.join(dir, "terraform.tfstate"), JSON.stringify(options.state));
  const env = tf.env;
  const step = async (args: string[]) => {
    const r = await terraform(args, { cwd: dir, env, timeoutMs: 180_000 });
    if (r.code !== 0) throw new Error(`terraform ${args[0]} failed:\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  await step(["init", "-input=false", "-no-color"]);
  await step(["plan", "-input=false", "-no-color", "-lock=false", "-out=check.tfplan", ...(options.args ?? [])]);
  const show = await step(["show", "-json", "-no-color", "check.tfplan"]);
  const planFile = path.join(dir, "plan.json");
  fs.writeFileSync(planFile, show.stdout);
  return { dir, planFile, plan: JSON.parse(show.stdout) as PlanJson };
}

/** The state apply would leave after a plan from empty state: planned values, made-up IDs for the unknown ones. */
function appliedState(plan: PlanJson): object {
  const changes = plan.resource_changes ?? [];
  return {
    version: 4,
    terraform_version: plan.terraform_version,
    serial: 1,
    lineage: "6f1d3c2a-0000-4000-8000-00000000c0de",
    outputs: {},
    resources: changes.map((c) => {
      const unknown = (c.change.after_unknown ?? {}) as Record<string, unknown>;
      const attributes = Object.fromEntries(
        Object.entries({ ...c.change.after, ...Object.fromEntries(Object.keys(unknown).map((k) => [k, null])) }).map(([k, v]) => [
          k,
          k === "id" || k === "client_id" ? `${c.type === "auth0_client" ? "tpc_" : "id_"}${c.name}` : v,
        ]),
      );
      return {
        mode: "managed",
        type: c.type,
        name: c.name,
        provider: 'provider["registry.terraform.io/auth0/auth0"]',
        instances: [{ schema_version: 0, attributes, sensitive_attributes: [] }],
      };
    }),
    check_results: null,
  };
}

describe("tpa check --plan: plans of our HCL fixtures, made by Terraform", () => {
  let partners: Awaited<ReturnType<typeof planOf>>;
  beforeAll(async () => {
    partners = await planOf(PARTNERS);
  }, 240_000);

  test("a third-party client created without a mode is TPA111, in a module and at the root", async () => {
    const { code, report } = await json("--plan", partners.planFile, PARTNERS);
    expect(code).toBe(1);
    const tpa111 = report.findings.filter((f) => f.ruleId === "TPA111" && !f.suppressed);
    expect(tpa111.map((f) => f.address).sort()).toEqual(["auth0_client.legacy", "module.warehouse.auth0_client.this[0]"]);
    expect(tpa111.map((f) => f.location)).toEqual(
      expect.arrayContaining([
        { file: path.relative(process.cwd(), path.join(PARTNERS, "main.tf")), line: 60 },
        { file: path.relative(process.cwd(), path.join(PARTNERS, "modules", "partner-app", "main.tf")), line: 22 },
      ]),
    );
  });

  test("a grant is tied to its client through the configuration when the client ID is known only after apply", async () => {
    // every client of this plan is created: no grant has a client_id in planned_values
    const grant = partners.plan.resource_changes!.find((c) => c.address === "auth0_client_grant.legacy_management")!;
    expect(grant.change.after?.client_id).toBeUndefined();
    const { report } = await json("--plan", partners.planFile, PARTNERS);
    expect(report.findings.filter((f) => f.ruleId === "TPA203").map((f) => [f.address, f.message])).toEqual([
      ["auth0_client_grant.legacy_management", "grant to third-party legacy on system API https://acme-dev.eu.auth0.com/api/v2/"],
      // through the module call's argument: var.client_id = auth0_client.legacy.client_id
      ["module.legacy_users.auth0_client_grant.this", "grant to third-party legacy on system API https://acme-dev.eu.auth0.com/api/v2/"],
    ]);
  });

  test("references through for_each, count.index and module variables name the instance", async () => {
    const { resources } = resourcesFromPlan(partners.plan as Parameters<typeof resourcesFromPlan>[0]);
    const clientIdOf = (address: string) => resources.find((r) => r.address === address)?.attributes.client_id;
    expect(clientIdOf('auth0_client_grant.partner_orders["portal"]')).toBe('${auth0_client.partner["portal"].client_id}');
    expect(clientIdOf("module.warehouse.auth0_client_grant.this[0]")).toBe("${module.warehouse.auth0_client.this[0].client_id}");
    expect(clientIdOf("module.legacy_users.auth0_client_grant.this")).toBe("${auth0_client.legacy.client_id}");
    // known values stay values: the module's audience came in as the API's identifier
    expect(resources.find((r) => r.address === "module.warehouse.auth0_client_grant.this[0]")?.attributes.audience).toBe("https://api.acme.test/orders");
  });

  test("the HCL and its plan give the same findings", async () => {
    const hcl = await json(PARTNERS);
    const plan = await json("--plan", partners.planFile, PARTNERS);
    expect(hcl.code).toBe(plan.code);
    expect(essence(hcl.report)).toEqual(essence(plan.report));
    expect(essence(hcl.report).length).toBeGreaterThan(2);
  });

  test("without a folder, the plan's own folder locates findings and gives the inline suppressions", async () => {
    const { report } = await json("--plan", partners.planFile);
    const at = report.findings.find((f) => f.ruleId === "TPA002")?.location;
    expect(at && [path.resolve(at.file), at.line]).toEqual([path.join(partners.dir, "main.tf"), 59]);
  });
});

describe("the example for HCL repositories (examples/terraform-hcl/)", () => {
  const workflowFile = path.join(ROOT, "examples", "terraform-hcl", "auth0-strict-mode.yml");
  const text = fs.readFileSync(workflowFile, "utf8");
  const steps = (parse(text) as { jobs: Record<string, { steps: { name?: string; run?: string; uses?: string }[] }> }).jobs["strict-mode"].steps;
  const script = (name: string) => steps.find((s) => s.name === name)?.run ?? "";

  test("is a valid GitHub Actions workflow: plan, tpa check --plan, SARIF upload, PR comment", async () => {
    // the validator says on the console that it does not check `paths:` globs; that is not a finding
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      expect(validateWorkflow(text).errors).toEqual([]);
      expect(validateWorkflow(text.replace(/runs-on:/, "runs-onn:")).errors.length).toBeGreaterThan(0);
    } finally {
      warn.mockRestore();
    }
    expect(script("Plan")).toMatch(/terraform show -json tfplan > plan\.json/);
    expect(steps.map((s) => s.uses ?? "")).toEqual(
      expect.arrayContaining(["github/codeql-action/upload-sarif@v3", "marocchino/sticky-pull-request-comment@v2"]),
    );
  });

  test("its check steps run as written on a plan Terraform made: SARIF, a markdown comment, and a failing job on errors", async () => {
    const { dir } = await planOf(PARTNERS);
    const env = { ...process.env, TPA: `${process.execPath} ${path.join(ROOT, "bin", "tpa.js")}`, TPA_TODAY: "2026-12-01" };
    const runStep = (name: string) => spawnSync("bash", ["-e", "-c", script(name)], { cwd: dir, env, encoding: "utf8" });
    const hclStep = runStep("Check the HCL (no provider, no credentials)");
    expect([hclStep.status, hclStep.stdout]).toEqual([1, expect.stringMatching(/ERROR TPA111/)]);
    const planStep = runStep("Check the plan");
    expect(planStep.status).toBe(1);
    expect(planStep.stdout).toMatch(/ERROR TPA111/);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, "tpa-check.sarif"), "utf8"));
    expect(sarif).toBeValidSarifLog();
    expect(sarif.runs[0].results.map((r: { locations: { physicalLocation?: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation?.artifactLocation.uri)).toContain("main.tf");
    expect(fs.readFileSync(path.join(dir, "tpa-check.md"), "utf8")).toMatch(/^<!-- tpa-check -->\n# Auth0 strict-mode check/);
  }, 240_000);

  test("its tpa.yaml is a valid settings file", async () => {
    const { settings } = loadSettings(path.join(ROOT, "examples", "terraform-hcl", "tpa.yaml"));
    expect(settings.gates?.protectFromDestroy).toBe(true);
    expect(settings.suppressions).toHaveLength(1);
  });
});

describe("tpa check --plan: lifecycle rules against the plan's prior state", () => {
  let deployed: object;
  const protectedEnv = () => writeFiles({ "tpa.yaml": "gates:\n  protectFromDestroy: true\n" });
  beforeAll(async () => {
    const first = await planOf(LIFECYCLE);
    deployed = appliedState(first.plan);
  }, 240_000);

  test("an in-place change of third_party_security_mode is TPA401, of is_first_party TPA402", async () => {
    const { planFile, plan } = await planOf(LIFECYCLE, {
      state: deployed,
      edit: (t) =>
        t
          .replace(/(resource "auth0_client" "portal" \{[^}]*third_party_security_mode = )"strict"/, '$1"permissive"')
          .replace(/(resource "auth0_client" "kiosk" \{[^}]*is_first_party\s+= )false/, "$1true"),
    });
    const actions = Object.fromEntries(plan.resource_changes!.map((c) => [c.address, c.change.actions.join(",")]));
    expect(actions).toMatchObject({ "auth0_client.portal": "update", "auth0_client.kiosk": "update" });
    const { code, report } = await json("--plan", planFile, "--permissive-eligible");
    expect(code).toBe(1);
    const lifecycle = report.findings.filter((f) => /^TPA40/.test(f.ruleId)).map((f) => [f.ruleId, f.address]);
    expect(lifecycle).toEqual([
      ["TPA401", "auth0_client.portal"],
      ["TPA402", "auth0_client.kiosk"],
    ]);
  }, 240_000);

  test("a delete or replace of a third-party app or default grant is TPA403 where the environment is protected", async () => {
    const { planFile, plan } = await planOf(LIFECYCLE, {
      state: deployed,
      edit: (t) => t.replace(/resource "auth0_client" "reports" \{[^}]*\}\n/, ""),
      args: ["-replace=auth0_client_grant.orders_default", "-replace=auth0_client.portal"],
    });
    const actions = Object.fromEntries(plan.resource_changes!.map((c) => [c.address, [...c.change.actions].sort().join(",")]));
    expect(actions).toMatchObject({
      "auth0_client.reports": "delete",
      "auth0_client.portal": "create,delete",
      "auth0_client_grant.orders_default": "create,delete",
    });
    const blocked = await json("--plan", planFile, "--settings", path.join(protectedEnv(), "tpa.yaml"));
    expect(blocked.code).toBe(1);
    expect(blocked.report.findings.filter((f) => f.ruleId === "TPA403").map((f) => f.address).sort()).toEqual([
      "auth0_client.portal",
      "auth0_client.reports",
      "auth0_client_grant.orders_default",
    ]);
    // not protected: the same plan passes
    const open = await json("--plan", planFile);
    expect(open.report.findings.filter((f) => f.ruleId === "TPA403")).toEqual([]);
    expect(open.code).toBe(0);
  }, 240_000);
});

describe("override files (override.tf, *_override.tf.json), merged as Terraform merges them", () => {
  const OVERRIDES = path.join(FIXTURES, "overrides");

  test("the HCL and its plan give the same findings: the overridden values, located where they are written", async () => {
    const { planFile, plan } = await planOf(OVERRIDES);
    // what Terraform made of the overrides: the local, the argument and the nested block are the override's
    const planned = plan.planned_values as { root_module?: { resources?: { address: string; values: Record<string, unknown> }[] } } | undefined;
    const portal = planned?.root_module?.resources?.find((r) => r.address === "auth0_client.portal")?.values ?? {};
    expect(portal).toMatchObject({ third_party_security_mode: "strict", grant_types: ["authorization_code", "refresh_token"] });
    expect(portal.refresh_token).toEqual([expect.objectContaining({ expiration_type: "expiring" })]);

    const hcl = await json(OVERRIDES);
    const fromPlan = await json("--plan", planFile, OVERRIDES);
    expect(essence(hcl.report)).toEqual(["TPA106 error auth0_client.billing", "TPA109 error auth0_client.portal"]);
    expect(essence(fromPlan.report)).toEqual(essence(hcl.report));
    // sso comes from the JSON override file: the finding points there, not at the primary block
    const sso = hcl.report.findings.find((f) => f.ruleId === "TPA106");
    expect(sso?.location).toEqual({ file: expect.stringMatching(/ci_override\.tf\.json$/), line: 5 });
  }, 240_000);
});

describe("typed variables (optional attributes' defaults, nullable = false, primitive conversion), try() and can()", () => {
  const TYPED = path.join(FIXTURES, "typed-variables");

  test("the HCL gives the plan's findings: the defaults Terraform fills in are checked, not warned about", async () => {
    const { planFile, plan } = await planOf(TYPED);
    const planned = plan.planned_values as { root_module?: { resources?: { address: string; values: Record<string, unknown> }[] } } | undefined;
    const portal = planned?.root_module?.resources?.find((r) => r.address === 'auth0_client.partner["portal"]')?.values ?? {};
    // what Terraform made of the omitted attributes, the string "false" and the null callback host
    expect(portal).toMatchObject({
      third_party_security_mode: "strict",
      is_first_party: false,
      grant_types: ["authorization_code", "refresh_token"],
      callbacks: ["https://partners.example.com/portal/callback"],
    });

    const hcl = await json(TYPED);
    const fromPlan = await json("--plan", planFile, TYPED);
    expect(essence(hcl.report)).toEqual([
      'TPA101 error auth0_client.partner["legacy"]',
      'TPA101 error auth0_client.vendor["zeta"]',
      'TPA107 error auth0_client.partner["signer"]',
      "TPA111 error module.billing.auth0_client.this",
    ]);
    expect(essence(fromPlan.report)).toEqual(essence(hcl.report));
  }, 240_000);
});

describe("a value the plan leaves to the provider", () => {
  /** A plan creating one client whose mode Terraform plans as unknown, configured by `references`. */
  const planWith = (references: string[], module?: { argument?: { references?: string[]; constant_value?: unknown } }) => {
    const client = {
      address: module ? "module.partner.auth0_client.this" : "auth0_client.this",
      mode: "managed",
      type: "auth0_client",
      name: "this",
      values: { name: "Partner", is_first_party: false, app_type: "regular_web" },
    };
    const resource = { address: "auth0_client.this", mode: "managed", type: "auth0_client", name: "this", expressions: { third_party_security_mode: { references } } };
    const rootModule = module
      ? { module_calls: { partner: { source: "./partner", expressions: module.argument ? { mode: module.argument } : {}, module: { resources: [resource] } } } }
      : { resources: [resource] };
    return {
      format_version: "1.2",
      planned_values: { root_module: module ? { child_modules: [{ address: "module.partner", resources: [client] }] } : { resources: [client] } },
      resource_changes: [{ address: client.address, ...(module && { module_address: "module.partner" }), mode: "managed", type: "auth0_client", name: "this", change: { actions: ["create"], after: client.values, after_unknown: { third_party_security_mode: true } } }],
      configuration: { root_module: rootModule },
    } as unknown as Parameters<typeof resourcesFromPlan>[0];
  };
  const modeOf = (plan: Parameters<typeof resourcesFromPlan>[0]) => resourcesFromPlan(plan).resources[0].attributes.third_party_security_mode;

  test("configured from what is known at plan (variables, each.key), it is null in the configuration: not set", () => {
    expect(modeOf(planWith(["var.mode"]))).toBeUndefined();
    expect(modeOf(planWith(["var.settings.mode", "var.settings"]))).toBeUndefined();
    expect(modeOf(planWith(["var.mode"], {}))).toBeUndefined(); // the module's default
    expect(modeOf(planWith(["var.mode"], { argument: { constant_value: null } }))).toBeUndefined();
    expect(modeOf(planWith(["var.mode"], { argument: { references: ["var.partner_mode"] } }))).toBeUndefined();
  });

  test("configured from a resource, a local or a module's argument from one, it is only known at apply", () => {
    for (const plan of [planWith(["auth0_tenant.t.id", "auth0_tenant.t"]), planWith(["local.mode"]), planWith(["var.mode"], { argument: { references: ["auth0_tenant.t.id", "auth0_tenant.t"] } })]) {
      expect(isUnresolved(modeOf(plan))).toBe(true);
    }
    expect(modeOf(planWith(["local.mode"]))).toBe("${local.mode}");
  });
});

describe("a grant whose client the plan cannot name", () => {
  test("x[each.value.app].client_id, or a resource outside the plan's auth0 resources, is only known at apply: never a client outside the stack", () => {
    const grant = (references: string[]) =>
      ({
        format_version: "1.2",
        planned_values: {
          root_module: {
            resources: [
              { address: 'auth0_client.partner["acme"]', mode: "managed", type: "auth0_client", name: "partner", index: "acme", values: { name: "acme", is_first_party: false } },
              { address: 'auth0_client_grant.mgmt["acme"]', mode: "managed", type: "auth0_client_grant", name: "mgmt", index: "acme", values: { audience: "https://x/api/v2/" } },
            ],
          },
        },
        resource_changes: [
          { address: 'auth0_client_grant.mgmt["acme"]', mode: "managed", type: "auth0_client_grant", name: "mgmt", index: "acme", change: { actions: ["create"], after: { audience: "https://x/api/v2/" }, after_unknown: { client_id: true } } },
        ],
        configuration: { root_module: { resources: [{ address: "auth0_client_grant.mgmt", mode: "managed", type: "auth0_client_grant", name: "mgmt", expressions: { client_id: { references } } }] } },
      }) as unknown as Parameters<typeof resourcesFromPlan>[0];
    const clientId = (references: string[]) => resourcesFromPlan(grant(references)).resources.find((r) => r.type === "auth0_client_grant")?.attributes.client_id;
    for (const refs of [["auth0_client.partner", "each.value.app", "each.value"], ["random_string.id.result", "random_string.id"]]) {
      const value = clientId(refs);
      expect(isUnresolved(value)).toBe(true);
      expect(referencedAddress(value)).toBeUndefined();
    }
    expect(referencedAddress(clientId(["auth0_client.partner", "each.key"]))).toBe('auth0_client.partner["acme"]');
  });
});

describe("references through a key the plan does not record: x[each.value.app]", () => {
  test("with the configuration's folder, the plan's grants and credentials are tied to their instance, as in the HCL", async () => {
    const COMPUTED = path.join(FIXTURES, "computed-keys");
    const { planFile } = await planOf(COMPUTED);
    const hcl = await json(COMPUTED);
    const expected = [
      'TPA102 error auth0_client.partner["acme"]',
      'TPA102 error auth0_client.partner["initech"]',
      'TPA203 error auth0_client_grant.mgmt["acme_users"]',
      'TPA203 error auth0_client_grant.mgmt["initech_users"]',
    ];
    expect(essence(hcl.report)).toEqual(expected);
    expect(essence((await json("--plan", planFile, COMPUTED)).report)).toEqual(expected);
  }, 240_000);
});

describe("the plan's own variable values, and nulls it cannot see", () => {
  test("the folder's HCL is read with the values the plan was made with: the grant names the plan's client, a null mode is unset", async () => {
    const FOLDER = path.join(FIXTURES, "plan-variables");
    const { planFile } = await planOf(FOLDER, { args: ["-var", "mgmt_app=partner"] });
    expect(essence((await json("--plan", planFile, FOLDER)).report)).toEqual(["TPA203 error auth0_client_grant.mgmt"]);
    // the HCL alone has the default: the grant is the first-party app's, no finding
    expect(essence((await json(FOLDER)).report)).toEqual([]);
    expect(essence((await json(FOLDER, "--var", "mgmt_app=partner")).report)).toEqual(["TPA203 error auth0_client_grant.mgmt"]);
  }, 240_000);
});

describe("values read from files: file(), yamldecode(), jsondecode(), path.module", () => {
  test("apps listed in a YAML file and a module's own JSON file give the plan's findings", async () => {
    const FROM_FILES = path.join(FIXTURES, "from-files");
    const { planFile } = await planOf(FROM_FILES);
    const expected = [
      'TPA101 error auth0_client.app["portal"]',
      'TPA109 error auth0_client.app["billing"]',
      "TPA120 error module.partner.auth0_client.this",
      "TPA121 error module.partner.auth0_client.this",
    ];
    expect(essence((await json(FROM_FILES)).report)).toEqual(expected);
    expect(essence((await json("--plan", planFile, FROM_FILES)).report)).toEqual(expected);
  }, 240_000);
});
