/**
 * Terraform's plan JSON (`terraform show -json PLAN`, format 1.x) as the policy sees a stack: the planned
 * auth0_* resources (planned_values) and the deployed ones (prior_state, the lifecycle rules' baseline).
 *
 * A plan that creates a client does not know its client_id, so a grant's client_id is "known after apply"
 * and appears nowhere in planned_values. The plan's configuration still says which client it names
 * (`auth0_client.x.client_id`, `each.value.client_id` over `for_each = auth0_client.x`, `var.client_id` fed
 * by a module call, ...): such values become "${<instance address>.<attribute>}" references, which the
 * rules resolve to the resource like the references of a synthesized stack. What cannot be traced to a
 * resource stays an unresolved "${...}" expression, so that rules warn instead of passing.
 */
import { isUnresolved, referencedAddress, terraformLiterals, type PolicyResource } from "../policy";
import { CheckInputError } from "./errors";
import { textsOf } from "./sensitive-texts";

export class PlanInputError extends CheckInputError {}

interface Expression {
  readonly constant_value?: unknown;
  readonly references?: readonly string[];
}

interface ConfigResource {
  readonly address: string;
  readonly mode?: string;
  readonly type: string;
  readonly name: string;
  readonly expressions?: Record<string, unknown>;
  readonly count_expression?: Expression;
  readonly for_each_expression?: Expression;
  /** the provider configuration, resolved to the root module's (auth0, auth0.eu) */
  readonly provider_config_key?: string;
}

interface ModuleCall {
  readonly expressions?: Record<string, Expression>;
  readonly count_expression?: Expression;
  readonly for_each_expression?: Expression;
  readonly module?: ConfigModule;
}

interface ConfigModule {
  readonly resources?: readonly ConfigResource[];
  readonly variables?: Record<string, { readonly sensitive?: boolean }>;
  readonly module_calls?: Record<string, ModuleCall>;
  readonly outputs?: Record<string, { readonly expression?: Expression }>;
}

interface ValuesResource {
  readonly address: string;
  readonly mode?: string;
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly values?: Record<string, unknown>;
  /** the values' shape, true where a value is sensitive */
  readonly sensitive_values?: unknown;
}

interface ValuesModule {
  readonly address?: string;
  readonly resources?: readonly ValuesResource[];
  readonly child_modules?: readonly ValuesModule[];
}

interface PlanChange {
  readonly address: string;
  readonly module_address?: string;
  readonly mode?: string;
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly change?: {
    readonly actions?: readonly string[];
    readonly before?: Record<string, unknown> | null;
    readonly after?: Record<string, unknown> | null;
    readonly after_unknown?: unknown;
    readonly after_sensitive?: unknown;
    readonly before_sensitive?: unknown;
  };
}

/** The parts of `terraform show -json PLAN` this reader uses. */
export interface PlanJson {
  readonly format_version?: string;
  readonly planned_values?: { readonly root_module?: ValuesModule };
  readonly prior_state?: { readonly values?: { readonly root_module?: ValuesModule } };
  readonly resource_changes?: readonly PlanChange[];
  readonly configuration?: {
    readonly provider_config?: Record<string, { readonly name?: string; readonly alias?: string; readonly expressions?: Record<string, Expression> }>;
    readonly root_module?: ConfigModule;
  };
}

/** A plan as policy input. */
export interface PlanResources {
  /** what the configuration makes of the tenant (planned_values) */
  readonly resources: PolicyResource[];
  /** what is deployed (prior_state): the lifecycle rules' baseline */
  readonly baseline: PolicyResource[];
  /** the auth0 provider's domain, when the configuration sets it as a constant */
  readonly domain?: string;
  /** the provider configuration of each planned resource that does not use the default one (address → auth0.<alias>) */
  readonly providers: ReadonlyMap<string, string>;
  /** the constant domain of each other auth0 provider configuration (auth0.<alias> → domain) */
  readonly domains: ReadonlyMap<string, string>;
}

/** Checks the shape of a parsed `terraform show -json` document (what this reader relies on); throws PlanInputError. */
export function asPlanJson(json: unknown, file: string): PlanJson {
  const plan = json as PlanJson | null;
  const version = plan && typeof plan === "object" ? plan.format_version : undefined;
  if (typeof version !== "string" || !/^1\./.test(version) || !("planned_values" in plan! || "resource_changes" in plan!)) {
    throw new PlanInputError(`${file}: not a plan in Terraform's JSON format 1.x (make it with \`terraform show -json PLAN > ${file}\`)`);
  }
  const bad = (where: string) => new PlanInputError(`${file}: ${where} is not as \`terraform show -json\` writes it: make the file again from the plan`);
  const resources = (list: unknown, where: string) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) throw bad(where);
    for (const r of list as unknown[]) {
      const entry = r as Record<string, unknown> | null;
      if (!entry || typeof entry !== "object" || typeof entry.address !== "string" || typeof entry.type !== "string" || typeof entry.name !== "string") {
        throw bad(where);
      }
    }
  };
  const modules = (m: unknown, where: string): void => {
    if (m === undefined || m === null) return;
    if (typeof m !== "object") throw bad(where);
    const module = m as ValuesModule;
    resources(module.resources, `${where}.resources`);
    if (module.child_modules !== undefined && !Array.isArray(module.child_modules)) throw bad(`${where}.child_modules`);
    (module.child_modules ?? []).forEach((c, i) => modules(c, `${where}.child_modules[${i}]`));
  };
  modules(plan!.planned_values?.root_module, "planned_values.root_module");
  modules(plan!.prior_state?.values?.root_module, "prior_state.values.root_module");
  resources(plan!.resource_changes, "resource_changes");
  return plan!;
}

/** The plan's auth0_* resources, planned and prior, with references resolved from the configuration. */
export function resourcesFromPlan(plan: PlanJson): PlanResources {
  const changes = new Map<string, PlanChange>();
  for (const c of plan.resource_changes ?? []) if ((c.mode ?? "managed") === "managed") changes.set(c.address, c);
  const root = plan.configuration?.root_module ?? {};
  // planned_values and prior_state; a plan document that has only resource_changes gives both sides too
  const planned = plan.planned_values ? valuesResources(plan.planned_values.root_module) : changeSide(plan, "after");
  const prior = plan.prior_state ? valuesResources(plan.prior_state.values?.root_module) : changeSide(plan, "before");
  const known = new Set([...planned, ...prior].map((p) => p.resource.address));
  const providers = new Map<string, string>();
  const resources = planned.map(({ resource, modules }) => {
    const change = changes.get(resource.address);
    const config = configResource(root, modules, resource);
    const provider = config?.provider_config_key;
    if (provider && provider !== "auth0") providers.set(resource.address, provider);
    const actions = change?.change?.actions ?? [];
    // A plan's values are evaluated: literal text, escaped into the policy's (Terraform JSON) view before
    // the configuration's references are filled in.
    const attributes = withReferences(
      terraformLiterals(withoutNulls(resource.values ?? {})),
      change?.change?.after_unknown,
      config?.expressions,
      (attribute, refs) => {
        const scope = { modules, resource: config, key: resource.index };
        // known at plan, yet planned unknown: the configuration's value is null, and the provider computes one
        return knownAtPlan(root, scope, refs) ? undefined : traceReference(root, scope, refs, attribute, known);
      },
    );
    return policyResource(resource, modules, attributes, actions.includes("delete") && actions.includes("create"));
  });
  const baseline = prior.map(({ resource, modules }) =>
    policyResource(resource, modules, terraformLiterals(withoutNulls(resource.values ?? {})), false),
  );
  const configs = plan.configuration?.provider_config ?? {};
  const domain = configs.auth0?.expressions?.domain?.constant_value;
  const domains = new Map<string, string>();
  for (const [key, config] of Object.entries(configs)) {
    const value = config.expressions?.domain?.constant_value;
    if (key !== "auth0" && config.name === "auth0" && typeof value === "string") domains.set(key, value);
  }
  return { resources, baseline, providers, domains, ...(typeof domain === "string" && { domain }) };
}

/** One level of a module instance path: module.<name>[<key>]. */
interface ModuleStep {
  readonly name: string;
  readonly key?: string | number;
}

function policyResource(r: ValuesResource, modules: readonly ModuleStep[], attributes: Record<string, unknown>, replaced: boolean): PolicyResource {
  return {
    type: r.type,
    name: r.name,
    address: r.address,
    attributes,
    // the resource block's address: suppressions and locations name the block, whatever its instances
    annotation: { target: [...modules.map((m) => `module.${m.name}`), `${r.type}.${r.name}`].join("."), ...(replaced && { replaced }) },
  };
}

function valuesResources(module: ValuesModule | undefined): { resource: ValuesResource; modules: ModuleStep[] }[] {
  if (!module) return [];
  const modules = module.address ? moduleSteps(module.address) : [];
  const own = (module.resources ?? [])
    .filter((r) => (r.mode ?? "managed") === "managed" && r.type.startsWith("auth0_"))
    .map((resource) => ({ resource, modules }));
  return [...own, ...(module.child_modules ?? []).flatMap(valuesResources)];
}

function changeSide(plan: PlanJson, side: "before" | "after"): { resource: ValuesResource; modules: ModuleStep[] }[] {
  return (plan.resource_changes ?? [])
    .filter((c) => (c.mode ?? "managed") === "managed" && c.type.startsWith("auth0_") && c.change?.[side])
    .map((c) => ({
      resource: { address: c.address, type: c.type, name: c.name, index: c.index, values: c.change![side]! },
      modules: c.module_address ? moduleSteps(c.module_address) : [],
    }));
}

const MODULE_STEP = /module\.([A-Za-z0-9_-]+)(?:\[("(?:[^"\\]|\\.)*"|\d+)\])?\.?/y;

/** module.a["k"].module.b → [{a, "k"}, {b}] */
function moduleSteps(address: string): ModuleStep[] {
  const steps: ModuleStep[] = [];
  MODULE_STEP.lastIndex = 0;
  for (let m = MODULE_STEP.exec(address); m; m = MODULE_STEP.exec(address)) {
    steps.push({ name: m[1], ...(m[2] !== undefined && { key: JSON.parse(m[2]) as string | number }) });
  }
  return steps;
}

function moduleConfig(root: ConfigModule, modules: readonly ModuleStep[]): ConfigModule | undefined {
  let module: ConfigModule | undefined = root;
  for (const step of modules) module = module?.module_calls?.[step.name]?.module;
  return module;
}

function configResource(root: ConfigModule, modules: readonly ModuleStep[], r: ValuesResource): ConfigResource | undefined {
  return moduleConfig(root, modules)?.resources?.find((c) => c.type === r.type && c.name === r.name && (c.mode ?? "managed") === "managed");
}

function instanceSuffix(key: string | number | undefined): string {
  return key === undefined ? "" : `[${JSON.stringify(key)}]`;
}

function modulePrefix(modules: readonly ModuleStep[]): string {
  return modules.map((m) => `module.${m.name}${instanceSuffix(m.key)}.`).join("");
}

/** Where an expression is evaluated: a module instance, and the resource (or module call) with its instance key. */
interface ReferenceScope {
  readonly modules: readonly ModuleStep[];
  readonly resource?: { readonly for_each_expression?: Expression };
  readonly key?: string | number;
}

/** What a reference leads to: an attribute of a resource instance, or (for for_each over it) a module call. */
interface Traced {
  readonly address: string;
  readonly attribute?: string;
  /** a module call: the depth of the module that calls it, and its name */
  readonly module?: { readonly depth: number; readonly name: string };
}

/** module.x.out, module.x["k"].out, module.x[0].out */
const MODULE_REFERENCE = /^module\.([A-Za-z0-9_-]+)(?:\[("(?:[^"\\]|\\.)*"|\d+)\])?(?:\.([A-Za-z0-9_-]+))?/;

/** A module instance's output: what its expression references, inside that instance. */
function moduleOutput(root: ConfigModule, modules: readonly ModuleStep[], output: string, known: ReadonlySet<string>, depth: number): Traced | undefined {
  const expression = moduleConfig(root, modules)?.outputs?.[output]?.expression;
  return expression?.references ? trace(root, { modules }, expression.references, known, depth + 1) : undefined;
}

const NOT_RESOURCES = new Set(["var", "local", "each", "count", "path", "terraform", "data", "module", "self"]);
const RESOURCE_REFERENCE = /^([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)(\[[^\]]*\])?(?:\.([A-Za-z0-9_]+))?/;

/**
 * The "${address.attribute}" of the resource instance an expression's references name, else the expression
 * itself as an unresolved "${...}".
 */
function traceReference(
  root: ConfigModule,
  scope: ReferenceScope,
  refs: readonly string[],
  attribute: string,
  known: ReadonlySet<string>,
): string {
  const traced = trace(root, scope, refs, known);
  if (traced) return `\${${traced.address}.${traced.attribute ?? attribute}}`;
  // A resource it cannot tell the instance of (x[each.value.app]), or one outside the plan's auth0 resources: an
  // expression, never an address (a reference to no resource of the stack reads as a client outside it).
  const fallback = `\${${refs[0] ?? "unknown"}}`;
  return referencedAddress(fallback) ? `\${${refs[0]}[?]}` : fallback;
}

/**
 * Do the references name only what Terraform knows when it plans: input variables (a child module's as its call
 * passes them), each.key, count.index, path and terraform.workspace, and each.value over such a for_each?
 * (Locals are not in the plan's configuration: they are not known to be known.)
 */
function knownAtPlan(root: ConfigModule, scope: ReferenceScope, refs: readonly string[], depth = 0): boolean {
  if (depth > 20) return false;
  return refs.every((ref) => {
    if (ref === "each.key" || ref === "count.index" || ref === "terraform.workspace" || ref.startsWith("path.")) return true;
    if (/^each\.value\b/.test(ref)) return knownAtPlan(root, { ...scope, resource: undefined }, scope.resource?.for_each_expression?.references ?? ["unknown"], depth + 1);
    const variable = /^var\.([A-Za-z0-9_-]+)/.exec(ref);
    if (!variable) return false;
    const step = scope.modules[scope.modules.length - 1];
    if (!step) return true; // the root module's variables are given before any plan
    const parent = scope.modules.slice(0, -1);
    const call = moduleConfig(root, parent)?.module_calls?.[step.name];
    const argument = call?.expressions?.[variable[1]];
    // not passed: the variable's default, a constant
    if (!argument) return true;
    return knownAtPlan(root, { modules: parent, resource: call, key: step.key }, argument.references ?? [], depth + 1);
  });
}

function trace(
  root: ConfigModule,
  scope: ReferenceScope,
  refs: readonly string[],
  known: ReadonlySet<string>,
  depth = 0,
): Traced | undefined {
  const first = refs[0];
  if (!first || depth > 20) return undefined;
  const eachValue = /^each\.value(?:\.([A-Za-z0-9_]+))?/.exec(first);
  if (eachValue) {
    // for_each = auth0_client.x: each.value is the instance of x with the same key
    const over = trace(root, { ...scope, resource: undefined }, scope.resource?.for_each_expression?.references ?? [], known, depth + 1);
    if (!over) return undefined;
    // for_each = module.x: each.value is the instance of x with the same key, each.value.out its output
    if (over.module) return eachValue[1] ? moduleOutput(root, [...scope.modules.slice(0, over.module.depth), { name: over.module.name, key: scope.key }], eachValue[1], known, depth) : undefined;
    const address = `${over.address}${instanceSuffix(scope.key)}`;
    return known.has(address) ? { address, attribute: eachValue[1] } : undefined;
  }
  const variable = /^var\.([A-Za-z0-9_-]+)/.exec(first);
  if (variable) {
    // inside a module: the module call's argument, evaluated in the calling module
    const step = scope.modules[scope.modules.length - 1];
    if (!step) return undefined;
    const parent = scope.modules.slice(0, -1);
    const call = moduleConfig(root, parent)?.module_calls?.[step.name];
    const argument = call?.expressions?.[variable[1]];
    if (!argument?.references) return undefined;
    return trace(root, { modules: parent, resource: call, key: step.key }, argument.references, known, depth + 1);
  }
  const call = MODULE_REFERENCE.exec(first);
  if (call) {
    const sameKey = refs.includes("count.index") || refs.includes("each.key");
    const key = call[2] !== undefined ? (JSON.parse(call[2]) as string | number) : sameKey ? scope.key : undefined;
    if (call[3]) return moduleOutput(root, [...scope.modules, { name: call[1], ...(key !== undefined && { key }) }], call[3], known, depth);
    // the module itself (for_each = module.x): the caller adds the key and the output
    return depth > 0 ? { address: `${modulePrefix(scope.modules)}module.${call[1]}`, module: { depth: scope.modules.length, name: call[1] } } : undefined;
  }
  const m = RESOURCE_REFERENCE.exec(first);
  if (!m || NOT_RESOURCES.has(m[1])) return undefined;
  const block = `${modulePrefix(scope.modules)}${m[1]}.${m[2]}`;
  if (m[3]) return known.has(`${block}${m[3]}`) ? { address: `${block}${m[3]}`, attribute: m[4] } : undefined;
  // `x[count.index]` and `x[each.key]` drop the index from the references: the same instance key
  const sameKey = refs.includes("count.index") || refs.includes("each.key");
  const address = sameKey ? `${block}${instanceSuffix(scope.key)}` : block;
  if (known.has(address)) return { address, attribute: m[4] };
  // `for_each = auth0_client.x` names the whole resource: the caller adds the key
  return depth > 0 && !sameKey ? { address: block, attribute: m[4] } : undefined;
}

/**
 * Planned values with each unknown value that the configuration sets replaced by what its expression
 * references. (Unknown values the configuration does not set are computed by the provider: left out, as
 * Auth0's defaults apply.)
 */
function withReferences(
  values: Record<string, unknown>,
  unknown: unknown,
  expressions: Record<string, unknown> | undefined,
  resolve: (attribute: string, refs: readonly string[]) => string | undefined,
): Record<string, unknown> {
  if (!expressions || !unknown || typeof unknown !== "object") return values;
  const out = values; // a fresh copy (withoutNulls): filled in place
  const flags = unknown as Record<string, unknown>;
  for (const attribute in flags) {
    const flag = flags[attribute];
    const expression = expressions[attribute];
    if (!expression) continue;
    if (flag === true) {
      // a whole nested block only known at apply (a dynamic block over an unknown value) is no null value
      const refs = Array.isArray(expression) ? ["unknown"] : ((expression as Expression).references ?? []);
      const value = resolve(attribute, refs);
      if (value === undefined) delete out[attribute];
      else out[attribute] = value;
    } else if (Array.isArray(flag) && !Array.isArray(expression) && Array.isArray(out[attribute]) && flag.some((f) => f === true)) {
      // a list with elements only known at apply (callbacks = ["https://${x.host}/cb"]): each such element is the
      // expression's value, never the null the plan holds in its place
      const refs = (expression as Expression).references ?? [];
      out[attribute] = (out[attribute] as unknown[]).map((element, i) => (flag[i] === true ? (resolve(attribute, refs) ?? `\${${refs[0] ?? "unknown"}}`) : element));
    } else if (Array.isArray(flag) && Array.isArray(expression) && Array.isArray(out[attribute])) {
      // nested blocks: the n-th planned block, its unknown flags and its expressions
      out[attribute] = (out[attribute] as unknown[]).map((block, i) =>
        block && typeof block === "object"
          ? withReferences(block as Record<string, unknown>, flag[i], expression[i] as Record<string, unknown> | undefined, resolve)
          : block,
      );
    }
  }
  return out;
}

/** Terraform's null is "not set": left out, as in a synthesized stack. (A plain loop: plans hold 100,000s of values.) */
function withoutNulls(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in values) {
    const v = values[k];
    if (v === null || v === undefined) continue;
    out[k] = typeof v === "object" ? withoutNullsIn(v) : v;
  }
  return out;
}

function withoutNullsIn(v: object): unknown {
  if (!Array.isArray(v)) return withoutNulls(v as Record<string, unknown>);
  const out = new Array<unknown>(v.length);
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    out[i] = item && typeof item === "object" && !Array.isArray(item) ? withoutNulls(item as Record<string, unknown>) : item;
  }
  return out;
}

/**
 * What the plan leaves unknown and the configuration's HCL says, read with the plan's variable values: a
 * reference the plan cannot trace to its instance (client_id = x[each.value.app].client_id: the plan records only
 * x) where the HCL names an instance of the plan, and a null the plan cannot see (a value from a local or
 * each.value that the HCL evaluates to null: unset, the provider computes it).
 */
export function withConfigurationValues(plan: readonly PolicyResource[], hcl: readonly PolicyResource[] | undefined): PolicyResource[] {
  if (!hcl || hcl.length === 0) return [...plan];
  const configured = new Map(hcl.map((r) => [r.address, r]));
  const planned = new Set(plan.map((r) => r.address));
  return plan.map((r) => {
    const h = configured.get(r.address);
    if (!h) return r;
    let attributes: Record<string, unknown> | undefined;
    for (const [key, value] of Object.entries(r.attributes)) {
      if (!isUnresolved(value) || referencedAddress(value)) continue;
      const fromHcl = h.attributes[key];
      const target = referencedAddress(fromHcl);
      if (target && planned.has(target)) (attributes ??= { ...r.attributes })[key] = fromHcl;
      else if (fromHcl === undefined) delete (attributes ??= { ...r.attributes })[key];
    }
    for (const [key, fromHcl] of Object.entries(h.attributes)) {
      const blocks = withUnknownsOfDynamicBlocks(r.attributes[key], fromHcl);
      if (blocks) (attributes ??= { ...r.attributes })[key] = blocks;
    }
    return attributes ? { ...r, attributes } : r;
  });
}

/**
 * The texts a plan marks sensitive, which no finding may show: the values of root variables declared sensitive,
 * and every resource value under a `sensitive_values` mark (planned and prior).
 */
export function sensitiveTexts(plan: PlanJson): string[] {
  const out = new Set<string>();
  const variables = planVariables(plan);
  for (const [name, declared] of Object.entries(plan.configuration?.root_module?.variables ?? {})) {
    if (declared?.sensitive === true) for (const t of textsOf(variables[name])) out.add(t);
  }
  const sides = [...valuesResources(plan.planned_values?.root_module), ...valuesResources(plan.prior_state?.values?.root_module)];
  for (const { resource } of sides) for (const t of markedTexts(resource.values, resource.sensitive_values)) out.add(t);
  for (const { change } of plan.resource_changes ?? []) {
    for (const t of [...markedTexts(change?.after, change?.after_sensitive), ...markedTexts(change?.before, change?.before_sensitive)]) out.add(t);
  }
  return [...out];
}

/** The texts of a value under each `true` of its sensitivity mark (which has the value's shape). A walk with a stack: plans nest deep. */
function markedTexts(value: unknown, mark: unknown): string[] {
  const out: string[] = [];
  const pending: [unknown, unknown][] = [[value, mark]];
  while (pending.length > 0) {
    const [v, m] = pending.pop()!;
    if (m === true) out.push(...textsOf(v));
    else if (m && typeof m === "object" && v && typeof v === "object") {
      for (const k of Object.keys(m)) if (Object.hasOwn(v, k)) pending.push([(v as Record<string, unknown>)[k], (m as Record<string, unknown>)[k]]);
    }
  }
  return out;
}

/**
 * A nested block's settings that only the HCL shows as known later: a dynamic block is not in the plan's
 * configuration, so a setting in it that is unknown at plan reads as left to the provider (unset). Where the plan's
 * block lacks a setting the HCL gives as an expression, the expression is taken (a warning, never a pass).
 */
function withUnknownsOfDynamicBlocks(planned: unknown, fromHcl: unknown): unknown[] | undefined {
  if (!Array.isArray(planned) || !Array.isArray(fromHcl) || planned.length !== fromHcl.length) return undefined;
  let changed = false;
  const blocks = planned.map((block: unknown, i) => {
    const hcl: unknown = fromHcl[i];
    if (!block || typeof block !== "object" || Array.isArray(block) || !hcl || typeof hcl !== "object" || Array.isArray(hcl)) return block;
    let out: Record<string, unknown> | undefined;
    for (const [setting, value] of Object.entries(hcl as Record<string, unknown>)) {
      if ((block as Record<string, unknown>)[setting] !== undefined || typeof value !== "string" || !isUnresolved(value)) continue;
      (out ??= { ...(block as Record<string, unknown>) })[setting] = value;
    }
    if (out) changed = true;
    return out ?? block;
  });
  return changed ? blocks : undefined;
}

/** The root module's variable values a plan was made with. */
export function planVariables(plan: PlanJson): Record<string, unknown> {
  const variables = (plan as { variables?: Record<string, { value?: unknown }> }).variables ?? {};
  return Object.fromEntries(Object.entries(variables).filter(([, v]) => v && typeof v === "object" && "value" in v).map(([k, v]) => [k, v.value]));
}
