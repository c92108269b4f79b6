import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { Auth0Provider } from "../../.gen/providers/auth0/provider";
import { tmpDir } from "./tmp";

/** The synthesized Terraform JSON of a stack. */
export type TerraformJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, unknown[]>;
  terraform?: Record<string, unknown>;
  import?: { id: string; to: string }[];
};

/** A stack with the auth0 provider in a fresh App, and a function that synthesizes it. */
export function testStack(name = "test"): { app: App; stack: TerraformStack; synth: () => TerraformJson } {
  const app = new App({ outdir: tmpDir("tpa-synth-"), stackTraces: false });
  const stack = new TerraformStack(app, name);
  new Auth0Provider(stack, "auth0", { domain: "acme-test.eu.auth0.com" });
  return { app, stack, synth: () => synthApp(app)[name] };
}

/** Synthesizes through App.synth(), validations and aspects included, as `cdktf synth` does. */
export function synthApp(app: App): Record<string, TerraformJson> {
  app.synth();
  const stacksDir = path.join(app.outdir, "stacks");
  return Object.fromEntries(
    fs.readdirSync(stacksDir).map((name) => [
      name,
      JSON.parse(fs.readFileSync(path.join(stacksDir, name, "cdk.tf.json"), "utf8")) as TerraformJson,
    ]),
  );
}

/** The resources of one type, by Terraform name. */
export function resourcesOf(json: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}
