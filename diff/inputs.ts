import * as fs from "node:fs";
import * as path from "node:path";
import type { PolicyResource, Suppression, TenantFacts } from "../policy";
import { resourcesFromTerraformJson } from "../policy";
import { InputFileError, readRegularFile } from "../config/read-file";
import { terraformLiterals } from "../constructs/terraform-literal";

/** One environment's side of a comparison: its resources and what the policy needs to know of it. */
export interface StackSide {
  readonly name: string;
  readonly resources: readonly PolicyResource[];
  readonly tenant?: TenantFacts;
  readonly profile?: string;
  readonly suppressions: readonly Suppression[];
}

/** A Terraform plan's resource change, as `terraform show -json` prints it. */
export interface PlanResourceChange {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly mode?: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
  };
}

export class DiffInputError extends Error {}

/** Every stack of a synthesized folder (cdktf.out), by environment name. */
export function readOutDir(dir: string): Map<string, StackSide> {
  const stacksDir = path.join(dir, "stacks");
  if (!fs.existsSync(stacksDir)) throw new DiffInputError(`${dir}: no stacks/ folder; pass the folder \`tpa synth --out\` wrote`);
  const out = new Map<string, StackSide>();
  for (const name of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, name, "cdk.tf.json");
    if (!fs.existsSync(file)) continue;
    out.set(name, stackFromJson(name, checkStackShape(file, readJson(file))));
  }
  return out;
}

/** A synthesized stack's resource block is a mapping of types to mappings of names to objects; say where it is not. */
function checkStackShape(file: string, json: Record<string, unknown>): Record<string, unknown> {
  const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(json)) throw new DiffInputError(`${file}: not a stack \`tpa synth\` wrote (not a JSON object)`);
  if (json.resource === undefined) return json;
  const bad = (at: string) => new DiffInputError(`${file}: ${at} is not an object: not a stack \`tpa synth\` wrote; synthesize it again`);
  if (!isObject(json.resource)) throw bad("resource");
  for (const [type, byName] of Object.entries(json.resource as Record<string, unknown>)) {
    if (!isObject(byName)) throw bad(`resource.${type}`);
    for (const [name, body] of Object.entries(byName as Record<string, unknown>)) {
      if (!isObject(body)) throw bad(`resource.${type}.${name}`);
    }
  }
  return json;
}

export function stackFromJson(name: string, json: Record<string, unknown>): StackSide {
  const meta = ((json["//"] as Record<string, unknown> | undefined)?.tpa ?? {}) as {
    tenant?: TenantFacts;
    profile?: string;
    suppressions?: Suppression[];
  };
  return {
    name,
    resources: resourcesFromTerraformJson(json as Parameters<typeof resourcesFromTerraformJson>[0]),
    tenant: meta.tenant,
    profile: meta.profile,
    suppressions: meta.suppressions ?? [],
  };
}

/** The auth0_* resource changes of a plan (`terraform show -json PLAN`). */
export function readPlan(file: string): PlanResourceChange[] {
  const plan = readJson(file) as { resource_changes?: PlanResourceChange[]; format_version?: string };
  if (!plan.format_version || !Array.isArray(plan.resource_changes ?? [])) {
    throw new DiffInputError(`${file}: not a plan in Terraform's JSON format (make it with \`terraform show -json PLAN\`)`);
  }
  return (plan.resource_changes ?? []).filter((c) => c.type.startsWith("auth0_") && (c.mode ?? "managed") === "managed");
}

/** A plan's before and after, as policy resources. */
export function sidesFromPlan(name: string, changes: readonly PlanResourceChange[]): { base: StackSide; head: StackSide } {
  const side = (pick: (c: PlanResourceChange) => Record<string, unknown> | null): StackSide => ({
    name,
    resources: changes.flatMap((c) => {
      const values = pick(c);
      // A plan's values are evaluated: literal text, escaped into the policy's (Terraform JSON) view.
      return values ? [{ type: c.type, name: c.name, address: c.address, attributes: terraformLiterals(values), annotation: {} }] : [];
    }),
    suppressions: [],
  });
  return { base: side((c) => c.change.before), head: side((c) => c.change.after) };
}

function readJson(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (e) {
    throw new DiffInputError(e instanceof InputFileError ? e.message : `${file}: cannot read the file`);
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new DiffInputError(`${file}: not JSON (${(e as Error).message})`);
  }
}
