import * as fs from "node:fs";
import * as path from "node:path";
import { attr, counterpartIn, isDefaultGrant, isThirdParty, modeOf, modeStem, PolicyResource, referencedAddress, stringList, subjectTypeOf, TERRAFORM_META_ARGUMENTS } from "../policy";
import { projectRoot } from "../tools/paths";
import type { PlanResourceChange, StackSide } from "./inputs";

export type Action = "create" | "update" | "delete" | "replace";

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly action: Action;
  readonly before?: PolicyResource;
  readonly after?: PolicyResource;
  /** for a replacement by a resource at another address (a mode change): the address it replaces */
  readonly replaces?: string;
  /** top-level attributes that differ */
  readonly changed: readonly string[];
}

/**
 * Attribute paths whose change makes the provider replace the resource: `ForceNew: true` in the Go schema of
 * auth0/auth0 at the pinned version (internal/auth0/*, extracted into provider-schema/optional-computed.json by
 * `scripts/schema-from-docs.js --extract-go`), such as a grant's audience, client_id, subject_type or default_for.
 */
const FORCE_NEW: ReadonlyMap<string, readonly (readonly string[])[]> = forceNewPaths(readForceNewFacts());

/** The ForceNew paths of the pinned provider (a file, not an import: dist/ must not get a provider-schema/). */
export function readForceNewFacts(): string[] {
  const file = path.join(projectRoot(), "provider-schema", "optional-computed.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { forceNew: string[] }).forceNew;
}

function forceNewPaths(paths: readonly string[]): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const p of paths) {
    const [type, ...attribute] = p.split(".");
    out.set(type, [...(out.get(type) ?? []), attribute]);
  }
  return out;
}

/** Whether going from before to after changes a ForceNew attribute (nested blocks included). */
export function forcesReplacement(type: string, before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  return (FORCE_NEW.get(type) ?? []).some((p) => stable(valuesAt(before, p)) !== stable(valuesAt(after, p)));
}

/** The values at a path; a block is a list of objects in Terraform JSON, so lists are walked through. */
function valuesAt(value: unknown, attributePath: readonly string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, attributePath));
  if (attributePath.length === 0) return value === undefined || value === null ? [] : [value];
  if (typeof value !== "object" || value === null) return [];
  return valuesAt((value as Record<string, unknown>)[attributePath[0]], attributePath.slice(1));
}

/** Two synthesized stacks: what Terraform would do to go from base to head. */
export function compareSides(base: StackSide, head: StackSide): ResourceChange[] {
  const drafts: Draft[] = [];
  const matched = new Set<PolicyResource>();
  for (const after of head.resources) {
    const before = counterpartIn(base.resources, after);
    if (!before) {
      drafts.push({ address: after.address, type: after.type, action: "create", after, changed: [] });
      continue;
    }
    matched.add(before);
    const changed = changedAttributes(before.attributes, after.attributes);
    const replaces = before.address !== after.address ? before.address : undefined;
    const action = replaces || forcesReplacement(after.type, before.attributes, after.attributes) ? "replace" : changed.length > 0 ? "update" : "no-op";
    drafts.push({ address: after.address, type: after.type, action, before, after, replaces, changed });
  }
  for (const before of base.resources.filter((b) => !matched.has(b))) {
    drafts.push({ address: before.address, type: before.type, action: "delete", before, changed: [] });
  }
  const changes = propagateReplacements(drafts).filter((d): d is ResourceChange => d.action !== "no-op");
  return pairModeReplacements(changes).sort((a, b) => a.address.localeCompare(b.address));
}

type Draft = Omit<ResourceChange, "action"> & { readonly action: Action | "no-op" };

/**
 * A ForceNew attribute that refers to a replaced resource changes with it when the value it refers to does
 * (a grant's client_id of a re-created client, a scopes resource's API identifier), so Terraform replaces that
 * resource too, and what refers to it in turn.
 */
function propagateReplacements(drafts: readonly Draft[]): Draft[] {
  const out = [...drafts];
  const index = new Map(out.map((d, i) => [d.address, i]));
  for (let grew = true; grew; ) {
    grew = false;
    out.forEach((d, i) => {
      if (!d.before || !d.after || d.action === "replace") return;
      const moved = replacedReferences(d.after, (address) => out[index.get(address) ?? -1]);
      if (moved.length === 0) return;
      out[i] = { ...d, action: "replace", changed: [...new Set([...d.changed, ...moved])].sort() };
      grew = true;
    });
  }
  return out;
}

/** The top-level ForceNew attributes of a resource whose referenced value changes with a replacement. */
function replacedReferences(resource: PolicyResource, changeAt: (address: string) => Draft | undefined): string[] {
  return (FORCE_NEW.get(resource.type) ?? []).flatMap((p) => {
    const moves = valuesAt(resource.attributes, p).some((value) => {
      const address = referencedAddress(value);
      const target = address && changeAt(address);
      if (!target || target.action !== "replace") return false;
      const attribute = String(value).slice(`\${${address}.`.length, -1).split(".");
      const after = valuesAt(target.after?.attributes, attribute);
      // not in the configuration: computed, so unknown until the new resource exists
      return after.length === 0 || stable(valuesAt(target.before?.attributes, attribute)) !== stable(after);
    });
    return moves ? [p[0]] : [];
  });
}

/** A plan's changes (`terraform show -json`), in the same terms. */
export function changesFromPlan(changes: readonly PlanResourceChange[]): ResourceChange[] {
  const out: ResourceChange[] = [];
  for (const c of changes) {
    const action = planAction(c.change.actions);
    if (!action) continue;
    const resource = (values: Record<string, unknown> | null) =>
      values ? { type: c.type, name: c.name, address: c.address, attributes: values, annotation: {} } : undefined;
    out.push({
      address: c.address,
      type: c.type,
      action,
      before: resource(c.change.before),
      after: resource(c.change.after),
      changed: changedAttributes(c.change.before ?? {}, c.change.after ?? {}),
    });
  }
  return pairModeReplacements(out).sort((a, b) => a.address.localeCompare(b.address));
}

function planAction(actions: readonly string[]): Action | undefined {
  const key = [...actions].sort().join(",");
  if (key === "create") return "create";
  if (key === "update") return "update";
  if (key === "delete") return "delete";
  if (key === "create,delete") return "replace";
  return undefined; // no-op, read
}

/**
 * Our constructs put the mode into the address, so a mode change appears as a delete of `…_permissive…`
 * and a create of `…_strict…`: one replacement of the app, shown as such.
 */
function pairModeReplacements(changes: ResourceChange[]): ResourceChange[] {
  const deletes = changes.filter((c) => c.action === "delete" && modeStem(c.address));
  const paired = new Set<ResourceChange>();
  const out = changes.map((c) => {
    const stem = modeStem(c.address);
    if (c.action !== "create" || !stem) return c;
    const gone = deletes.find((d) => !paired.has(d) && d.type === c.type && modeStem(d.address) === stem);
    if (!gone) return c;
    paired.add(gone);
    return {
      ...c,
      action: "replace" as const,
      before: gone.before,
      replaces: gone.address,
      changed: changedAttributes(gone.before?.attributes ?? {}, c.after?.attributes ?? {}),
    };
  });
  return out.filter((c) => !paired.has(c));
}

/** The attributes that differ; metadata ("//") and meta-arguments (depends_on, lifecycle, ...) are no change in a plan. */
function changedAttributes(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => k !== "//" && !TERRAFORM_META_ARGUMENTS.has(k) && stable(before[k]) !== stable(after[k])).sort();
}

function stable(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (typeof value === "object") {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export interface Counts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly replace: number;
}

export function countChanges(changes: readonly ResourceChange[]): Counts {
  const n = (a: Action) => changes.filter((c) => c.action === a).length;
  return { add: n("create"), change: n("update"), destroy: n("delete"), replace: n("replace") };
}

export interface AppChange {
  readonly address: string;
  readonly name: string;
  readonly target?: string;
  readonly change: "added" | "removed" | "replaced" | "changed";
  readonly modeBefore?: string;
  readonly modeAfter?: string;
  /** a new client ID: every partner using the app must switch */
  readonly newClientId: boolean;
  readonly changed: readonly string[];
}

export function appChanges(changes: readonly ResourceChange[]): AppChange[] {
  return changes
    .filter((c) => c.type === "auth0_client" && [c.before, c.after].some((r) => r && isThirdParty(r)))
    .map((c) => {
      const r = (c.after ?? c.before)!;
      const mode = (x?: PolicyResource) => (x ? modeOf(x) : undefined);
      return {
        address: c.address,
        name: String(r.attributes.name ?? r.name),
        target: r.annotation.target,
        change: ({ create: "added", delete: "removed", replace: "replaced", update: "changed" } as const)[c.action],
        modeBefore: mode(c.before),
        modeAfter: mode(c.after),
        newClientId: c.action === "replace",
        changed: c.changed,
      };
    });
}

export interface GrantChange {
  readonly address: string;
  readonly kind: "default" | "per-app";
  readonly app?: string;
  readonly audience: string;
  readonly subjectType: string;
  readonly change: "added" | "removed" | "widened" | "narrowed" | "widened and narrowed" | "replaced" | "changed";
  readonly addedScopes: readonly string[];
  readonly removedScopes: readonly string[];
}

export function grantChanges(changes: readonly ResourceChange[], head: StackSide, base: StackSide): GrantChange[] {
  return changes
    .filter((c) => c.type === "auth0_client_grant")
    .map((c) => {
      const r = (c.after ?? c.before)!;
      const scopes = (x?: PolicyResource) => new Set(stringList(x?.attributes.scopes) ?? []);
      const [before, after] = [scopes(c.before), scopes(c.after)];
      const added = [...after].filter((s) => !before.has(s));
      const removed = [...before].filter((s) => !after.has(s));
      return {
        address: c.address,
        kind: isDefaultGrant(r) ? "default" : "per-app",
        app: isDefaultGrant(r) ? undefined : clientName(r, c.after ? head : base),
        audience: String(r.attributes.audience),
        subjectType: subjectTypeOf(r),
        change: grantChangeKind(c.action, added, removed),
        addedScopes: c.action === "delete" ? [] : added,
        removedScopes: c.action === "create" ? [] : removed,
      };
    });
}

function grantChangeKind(action: Action, added: string[], removed: string[]): GrantChange["change"] {
  if (action === "create") return "added";
  if (action === "delete") return "removed";
  if (added.length > 0 && removed.length > 0) return "widened and narrowed";
  if (added.length > 0) return "widened";
  if (removed.length > 0) return "narrowed";
  return action === "replace" ? "replaced" : "changed";
}

function clientName(grant: PolicyResource, side: StackSide): string {
  const ref = grant.attributes.client_id;
  const address = referencedAddress(ref);
  const client = side.resources.find((r) => r.type === "auth0_client" && (address ? r.address === address : r.attributes.client_id === ref));
  return client ? String(client.attributes.name ?? client.name) : String(ref);
}

export interface SettingChange {
  readonly subject: string;
  readonly setting: string;
  readonly before?: string;
  readonly after?: string;
}

/** DCR flag and mode, and API access policies, before and after. */
export function settingChanges(changes: readonly ResourceChange[]): { dcr: SettingChange[]; apiPolicies: SettingChange[] } {
  const dcr: SettingChange[] = [];
  const apiPolicies: SettingChange[] = [];
  const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  const push = (list: SettingChange[], subject: string, setting: string, c: ResourceChange, path: string) => {
    const [before, after] = [text(c.before && attr(c.before, path)), text(c.after && attr(c.after, path))];
    if (before !== after) list.push({ subject, setting, before, after });
  };
  for (const c of changes) {
    if (c.type === "auth0_tenant") {
      push(dcr, c.address, "enable_dynamic_client_registration", c, "flags.enable_dynamic_client_registration");
      push(dcr, c.address, "dynamic_client_registration_security_mode", c, "dynamic_client_registration_security_mode");
    }
    if (c.type === "auth0_resource_server") {
      const api = String((c.after ?? c.before)!.attributes.identifier);
      push(apiPolicies, api, "user policy", c, "subject_type_authorization.user.policy");
      push(apiPolicies, api, "client policy", c, "subject_type_authorization.client.policy");
    }
  }
  return { dcr, apiPolicies };
}
