import { isRole } from "./conventions";
import type { PolicyResource, ResourceNotes } from "./model";

interface ResourceJson {
  "//"?: { metadata?: { path?: string }; tpa?: ResourceNotes };
  [attribute: string]: unknown;
}

/** The auth0_* resources of a synthesized stack (cdk.tf.json) or any Terraform JSON configuration. */
export function resourcesFromTerraformJson(json: { resource?: Record<string, Record<string, ResourceJson>> }): PolicyResource[] {
  const out: PolicyResource[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    if (!type.startsWith("auth0_")) continue;
    for (const [name, body] of Object.entries(byName)) {
      const { ["//"]: comment, ...attributes } = body;
      out.push({
        type,
        name,
        address: `${type}.${name}`,
        path: comment?.metadata?.path,
        attributes,
        annotation: notesOf(comment?.tpa),
      });
    }
  }
  return out;
}

/** The notes as written; a role our constructs do not write (hand-written JSON) is dropped, not trusted. */
function notesOf(notes: ResourceNotes | undefined): ResourceNotes {
  if (!notes) return {};
  if (notes.role === undefined || isRole(notes.role)) return notes;
  const { role: _unknown, ...rest } = notes;
  return rest;
}
