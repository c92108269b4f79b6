import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { evaluateStackPolicy, StackPolicyResult } from "../policy";
import type { TenantStack } from "./tenant-stack";

/** A stack and its Terraform JSON, resolved once: what the policy checks is what is written. */
export interface SynthesizedStack<S extends TerraformStack = TerraformStack> {
  readonly stack: S;
  readonly terraform: Record<string, unknown>;
}

/** A TenantStack's synthesized JSON and the policy's verdict on it. */
export interface EvaluatedStack extends SynthesizedStack<TenantStack> {
  readonly policy: StackPolicyResult;
}

/**
 * What App.synth() does before it writes, with the JSON returned instead of written: every stack prepared
 * (cross-stack references), then per stack its aspects, its validations (unless the app skips them) and its
 * Terraform JSON. (cdktf's Terraform-version validation for resource moves is not added: our stacks move none.)
 */
export function synthesizeStacks<S extends TerraformStack>(stacks: readonly S[]): SynthesizedStack<S>[] {
  for (const stack of stacks) stack.prepareStack();
  return stacks.map((stack) => {
    invokeAspects(stack);
    if (!App.of(stack).skipValidation) stack.runAllValidations();
    return { stack, terraform: stack.toTerraform() };
  });
}

/** Each TenantStack synthesized once and checked by the policy it was built with. */
export function synthesizeTenantStacks(stacks: readonly TenantStack[]): EvaluatedStack[] {
  return synthesizeStacks(stacks).map(({ stack, terraform }) => ({ stack, terraform, policy: evaluateStackPolicy(stack, terraform, stack.policy) }));
}

/**
 * Writes synthesized stacks into the app's outdir as App.synth() lays them out (stacks/<name>/cdk.tf.json,
 * keys sorted, and manifest.json with each stack's annotations), so that cdktf and Terraform read them as theirs.
 */
export function writeSynthesizedStacks(app: App, synthesized: readonly SynthesizedStack[]): void {
  for (const { stack, terraform } of synthesized) {
    const entry = app.manifest.forStack(stack);
    fs.mkdirSync(path.join(app.outdir, entry.workingDirectory), { recursive: true });
    entry.annotations.push(
      ...stack.node.findAll().flatMap((c) =>
        c.node.metadata
          .filter((m) => ANNOTATION_LEVELS.has(m.type))
          .map((m) => ({ constructPath: c.node.path, level: m.type as never, message: m.data as string, stacktrace: m.trace })),
      ),
    );
    fs.writeFileSync(path.join(app.outdir, entry.synthesizedStackPath), stableJson(terraform)!);
  }
  app.manifest.writeToFile();
}

const ANNOTATION_LEVELS = new Set(["@cdktf/info", "@cdktf/warn", "@cdktf/error"]);

/**
 * JSON as cdktf writes cdk.tf.json (its json-stable-stringify with two spaces): every object's keys sorted,
 * and an empty object or array still broken over two lines.
 */
function stableJson(value: unknown, indent = ""): string | undefined {
  if (value && typeof (value as { toJSON?: unknown }).toJSON === "function") value = (value as { toJSON(): unknown }).toJSON();
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[${value.map((v) => `\n${inner}${stableJson(v, inner) ?? "null"}`).join(",")}\n${indent}]`;
  const entries = Object.keys(value)
    .sort()
    .flatMap((k) => {
      const v = stableJson((value as Record<string, unknown>)[k], inner);
      return v === undefined ? [] : [`\n${inner}${JSON.stringify(k)}: ${v}`];
    });
  return `{${entries.join(",")}\n${indent}}`;
}
