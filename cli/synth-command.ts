import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironments } from "../config";
import { buildApp } from "../stacks/build-app";
import type { TenantStack } from "../stacks/tenant-stack";
import { writeAtomically } from "./output";

export interface SynthOptions {
  readonly configDir: string;
  readonly outDir: string;
  readonly format: "text" | "json";
}

export interface SynthResult {
  readonly outDir: string;
  readonly stacks: { readonly name: string; readonly file: string; readonly resources: number }[];
}

/** `tpa synth`: environment files → one cdk.tf.json per environment, written whole or not at all. */
export function synth(options: SynthOptions): SynthResult {
  const environments = loadEnvironments(options.configDir);
  let stacks: TenantStack[] = [];
  writeAtomically(options.outDir, (tmp) => {
    const built = buildApp(environments, { outdir: tmp, finalOutdir: options.outDir });
    built.app.synth();
    stacks = built.stacks;
  });
  return {
    outDir: options.outDir,
    stacks: stacks.map((s) => {
      const file = path.join(options.outDir, "stacks", s.environment, "cdk.tf.json");
      return { name: s.environment, file, resources: countResources(file) };
    }),
  };
}

function countResources(file: string): number {
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as { resource?: Record<string, Record<string, unknown>> };
  return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

export function formatSynthResult(result: SynthResult, format: "text" | "json"): string {
  if (format === "json") return JSON.stringify(result, null, 2);
  const lines = result.stacks.map((s) => `  ${s.name.padEnd(12)} ${String(s.resources).padStart(4)} resources  ${s.file}`);
  return [`Synthesized ${result.stacks.length} environment(s) into ${result.outDir}:`, ...lines].join("\n");
}
