import * as fs from "node:fs";
import * as path from "node:path";
import type { PolicyResource, Suppression, TenantFacts } from "../policy";
import { resourcesFromTerraformJson } from "../policy";
import { InputFileError, MAX_JSON_INPUT_BYTES, readRegularFile } from "../config/read-file";
import { nestsDeeperThan } from "../audit/nesting";

/** Deeper than any plan or synthesized stack nests (modules within modules included). */
const MAX_JSON_DEPTH = 512;
import { asPlanJson, PlanInputError, PlanJson, resourcesFromPlan } from "../check";
import { jsonErrorText } from "../config/json-syntax";

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

/** A plan file (`terraform show -json PLAN`): its auth0_* resource changes and its resources before and after. */
export function readPlan(file: string): { changes: PlanResourceChange[]; json: PlanJson } {
  let json: PlanJson;
  try {
    json = asPlanJson(readJson(file), file);
  } catch (e) {
    if (e instanceof PlanInputError) throw new DiffInputError(e.message);
    throw e;
  }
  const changes: PlanResourceChange[] = [];
  ((json.resource_changes ?? []) as unknown as PlanResourceChange[]).forEach((c, i) => {
    if (!c.type.startsWith("auth0_") || (c.mode ?? "managed") !== "managed") return;
    if (!isPlannedChange(c.change)) {
      throw new DiffInputError(`${file}: resource_changes[${i}].change is not as \`terraform show -json\` writes it: make the file again from the plan`);
    }
    changes.push(c);
  });
  return { changes, json };
}

/** The part of a resource change the diff reads: its actions, and its values before and after (an object or null). */
function isPlannedChange(change: unknown): change is PlanResourceChange["change"] {
  if (typeof change !== "object" || change === null) return false;
  const { actions, before, after } = change as Record<string, unknown>;
  const values = (v: unknown) => v === undefined || (typeof v === "object" && !Array.isArray(v)); // null is an object
  return Array.isArray(actions) && actions.every((a) => typeof a === "string") && values(before) && values(after);
}

/**
 * A plan's before (prior state) and after (planned values), as policy resources: grants stay tied to their
 * clients and APIs through the configuration's references when IDs are known only after apply.
 */
export function sidesFromPlan(name: string, json: PlanJson): { base: StackSide; head: StackSide } {
  const { resources, baseline } = resourcesFromPlan(json);
  // The plan reader's target is the resource block's address (tpa check locates findings by it); a diff's
  // target is an environment-file address, which only a synthesized stack gives (diffPlan's `stack`).
  const withoutTarget = (r: PolicyResource): PolicyResource => ({ ...r, annotation: { ...r.annotation, target: undefined } });
  return { base: { name, resources: baseline.map(withoutTarget), suppressions: [] }, head: { name, resources: resources.map(withoutTarget), suppressions: [] } };
}

function readJson(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readRegularFile(file, MAX_JSON_INPUT_BYTES);
  } catch (e) {
    throw new DiffInputError(e instanceof InputFileError ? e.message : `${file}: cannot read the file`);
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new DiffInputError(jsonErrorText(file, text));
  }
  // what the diff walks recursively: nesting no plan or stack has would exhaust the stack
  if (nestsDeeperThan(json, MAX_JSON_DEPTH)) throw new DiffInputError(`${file}: values nested deeper than ${MAX_JSON_DEPTH} levels: not a file Terraform or tpa synth wrote; make it again`);
  return json;
}
