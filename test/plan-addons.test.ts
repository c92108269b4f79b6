// Real Terraform (1.11, offline, with the schema-serving provider of tools/provider/) plans two strict clients, one
// with a SAML addon and one with an empty addons block: a plan lists every addon of the provider's schema, each one
// not configured as an empty list, and TPA105 (legacy features) counts only the addons that are set.
import * as fs from "node:fs";
import * as path from "node:path";
import { resourcesFromPlan, asPlanJson } from "../check/plan";
import { evaluate, NEWEST_PROFILE_ID, profileById, STRICT_MODE_RULES } from "../policy";
import { OfflineTerraform, planFromEmptyState, setupOfflineTerraform, StackPlan } from "../tools/offline-terraform";
import { auth0Config } from "./support/terraform";

process.env.CHECKPOINT_DISABLE = "1";

const strict = { is_first_party: false, third_party_security_mode: "strict" };
let tf: OfflineTerraform;
let planned: StackPlan;

beforeAll(async () => {
  tf = setupOfflineTerraform();
  const dir = path.join(tf.dir, "stack");
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, "main.tf.json"),
    auth0Config({
      auth0_client: {
        with_saml: { name: "with-saml", ...strict, addons: [{ samlp: [{ audience: "urn:partner" }] }] },
        empty_addons: { name: "empty-addons", ...strict, addons: [{}] },
      },
    }),
  );
  planned = await planFromEmptyState(dir, tf.env);
});

afterAll(() => tf?.dispose());

test("the plan lists every addon, the unconfigured ones as empty lists; TPA105 names the one that is set", () => {
  if (!planned.json) throw new Error(`terraform plan failed:\n${planned.plan?.stderr ?? planned.init.stderr}`);
  const { resources } = resourcesFromPlan(asPlanJson(planned.json, "plan.json"));
  const addons = (name: string) => (resources.find((r) => r.name === name)!.attributes.addons as Record<string, unknown>[])[0];
  expect(Object.keys(addons("with_saml")).length).toBeGreaterThan(20);
  expect(addons("with_saml").wsfed).toEqual([]);
  expect(Object.values(addons("empty_addons")).every((v) => Array.isArray(v) && v.length === 0)).toBe(true);

  const findings = evaluate({
    stack: "t",
    resources,
    tenant: { environment: "t", permissiveEligible: false },
    profile: profileById(NEWEST_PROFILE_ID),
    today: "2026-12-01",
    rules: STRICT_MODE_RULES.filter((r) => r.id === "TPA105"),
  });
  expect(findings.map((f) => [f.address, f.message])).toEqual([["auth0_client.with_saml", "addons samlp (SAML / WS-Fed and SSO integrations)"]]);
});
