import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { ValidateBinaryVersion } from "cdktf/lib/validations/validate-binary-version";
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
  return withEachVersionCheckOnce(() =>
    stacks.map((stack) => {
      invokeAspects(stack);
      if (!App.of(stack).skipValidation) stack.runAllValidations();
      return { stack, terraform: stack.toTerraform() };
    }),
  );
}

/**
 * cdktf gives every resource with an import block its own check of the Terraform version, and each check runs
 * `terraform version`: an adopted tenant of 4,500 apps started 13,500 processes and took 13 minutes to synthesize.
 * Within one synth every check of the same binary and constraint gives the same answer, so while `fn` runs each
 * distinct check runs once.
 */
function withEachVersionCheckOnce<T>(fn: () => T): T {
  const prototype = ValidateBinaryVersion.prototype;
  const validate = prototype.validate;
  const answers = new Map<string, string[]>();
  prototype.validate = function (this: ValidateBinaryVersion) {
    const check = this as unknown as { binary: string; versionConstraint: string; versionCommand: string; hint?: string };
    const key = JSON.stringify([check.binary, check.versionConstraint, check.versionCommand, check.hint]);
    let answer = answers.get(key);
    if (!answer) answers.set(key, (answer = validate.call(this)));
    return answer;
  };
  try {
    return fn();
  } finally {
    prototype.validate = validate;
  }
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
