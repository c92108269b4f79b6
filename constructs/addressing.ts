import { TerraformElement, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { appAddress, type ResourceNotes } from "../policy";
import type { ThirdPartySecurityMode } from "./security-mode";

/**
 * Readable, stable Terraform addresses. cdktf's default logical IDs end in a hash of the construct path;
 * reviewers read plans, imports name addresses, and a third-party app's address must carry its mode (see
 * ThirdPartyApp), so our constructs name their resources from the construct path below the stack.
 */
export function addressBelowStack(scope: IConstruct, ...suffix: string[]): string {
  const stack = TerraformStack.of(scope);
  const parts = scope.node.scopes
    .slice(scope.node.scopes.indexOf(stack) + 1)
    .map((c) => c.node.id)
    .concat(suffix)
    .map(sanitize)
    .filter((p) => p.length > 0);
  const id = parts.join("_");
  return /^[A-Za-z_]/.test(id) ? id : `r_${id}`;
}

/**
 * The address of a third-party app's resource: `<app>_<mode>`, and `<app>_<mode>_<what>` for what belongs to
 * the app (credentials, grants), so that a mode switch replaces them all (policy/conventions.ts reads it back).
 */
export function appResourceAddress(app: IConstruct, mode: ThirdPartySecurityMode, ...what: string[]): string {
  return [appAddress(addressBelowStack(app), mode), ...what.map(sanitize).filter((p) => p.length > 0)].join("_");
}

function sanitize(part: string): string {
  return part.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
}

/**
 * What the policy engine and the reports need to know about a resource beyond its Terraform attributes,
 * written under the "//" key that Terraform's JSON syntax treats as a comment. The policy defines the shape.
 */
export type ResourceAnnotation = ResourceNotes;

export function annotate(element: TerraformElement, annotation: ResourceAnnotation): void {
  for (const [key, value] of Object.entries(annotation)) {
    if (value !== undefined) element.addOverride(`//.tpa.${key}`, value);
  }
}
