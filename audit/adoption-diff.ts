import type { TerraformStack } from "cdktf";
import { fromTerraformLiteral } from "../policy";
import { AttributeChange, plannedChanges, ResourceSchemas, SnapshotObjects, stateFromSnapshot } from "./provider-state";

/** What the first plan does to one adopted object, computed from the synthesized attributes and the tenant's values. */
export interface AdoptedResource {
  /** the Terraform address, such as auth0_client.apps_partner-portal_strict */
  readonly address: string;
  /** the environment-file address, such as apps/partner-portal */
  readonly target?: string;
  readonly importId: string;
  /** undefined when the source does not have the object (the import would fail or find it elsewhere) */
  readonly changes?: readonly AttributeChange[];
}

/** Every resource of a synthesized stack with an import block, and what the plan after the import changes. */
export function adoptionDiff(stack: TerraformStack, snapshot: SnapshotObjects, schemas: ResourceSchemas): AdoptedResource[] {
  const tf = stack.toTerraform() as {
    import?: { to: string; id: string }[];
    resource?: Record<string, Record<string, Record<string, unknown>>>;
  };
  // import IDs and attributes are Terraform literals (`$${` for `${`): the values Terraform sends are unescaped
  const imports = (tf.import ?? []).map(({ to, id }) => ({ to, id: fromTerraformLiteral(id) }));
  const states = new Map(imports.map(({ to, id }) => [to, stateFromSnapshot(snapshot, to.split(".")[0], id, schemas)]));
  // A reference to an adopted object's attribute is known at plan time: it is that object's state.
  const resolve = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [fromTerraformLiteral(k), resolve(x)]));
    if (typeof v !== "string") return v;
    const ref = /^\$\{([\w-]+\.[\w-]+)\.(\w+)\}$/.exec(v);
    const state = ref ? states.get(ref[1]) : undefined;
    if (ref && state && typeof state === "object" && !Array.isArray(state)) return state[ref[2]];
    return fromTerraformLiteral(v);
  };
  return imports.map(({ to, id }) => {
    const [type, name] = to.split(".");
    const { "//": meta, lifecycle: _lifecycle, depends_on: _deps, ...config } = tf.resource?.[type]?.[name] ?? {};
    const target = (meta as { tpa?: { target?: string } } | undefined)?.tpa?.target;
    const state = states.get(to);
    const changes = state === undefined ? undefined : plannedChanges(type, resolve(config) as Record<string, unknown>, state, schemas);
    return { address: to, target, importId: id, changes };
  });
}

/** One table per app (or API, grant, tenant) that the first plan changes, for the console. */
export function formatAdoptionDiff(resources: readonly AdoptedResource[]): string {
  const changed = resources.filter((r) => r.changes === undefined || r.changes.length > 0);
  const head = `The first plan imports ${resources.length} object(s) and changes ${changed.length} of them.`;
  const show = (v: unknown) => (v === null ? "(unset)" : truncate(JSON.stringify(v), 60).replace(/\|/g, "\\|"));
  const groups = new Map<string, AdoptedResource[]>();
  for (const r of changed) groups.set(r.target ?? r.address, [...(groups.get(r.target ?? r.address) ?? []), r]);
  const tables = [...groups].map(([target, list]) => {
    const rows = list.flatMap((r) =>
      r.changes === undefined
        ? [`| ${r.address} | (not in the source: import ${r.importId} fails or finds another object) | | |`]
        : r.changes.map((c) => `| ${r.address} | ${c.attribute} | ${show(c.from)} | ${show(c.to)} |`),
    );
    return [target, "| resource | attribute | tenant | after apply |", "|---|---|---|---|", ...rows].join("\n");
  });
  return [head, ...tables].join("\n\n");
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
