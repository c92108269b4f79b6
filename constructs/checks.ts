import { TerraformProvider, TerraformResource, TerraformStack, Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { CONFIGURED_SECRET_FIX, unmistakableSecret, secretReasonText } from "../audit/secrets";
import { fromTerraformLiteral as literal } from "../policy";

/** Far deeper than any prop nests (addons are a few levels); a deeper value is not walked further. */
const MAX_PROP_DEPTH = 32;

/**
 * Refuses a secret-shaped text anywhere in a construct's props (what tpa audit and import remove from a tenant is
 * not synthesized from code either): strings, lists and plain objects are walked; tokens (known only at plan) and
 * constructs are not. `own` names props a construct checks itself, with its own fix (clientMetadata).
 */
export function refuseSecretProps(where: string, props: object, own: readonly string[] = []): void {
  for (const [key, value] of Object.entries(props)) if (!own.includes(key)) refuseSecretsIn(where, value, key, 1);
}

function refuseSecretsIn(where: string, value: unknown, path: string, depth: number): void {
  if (depth > MAX_PROP_DEPTH || Token.isUnresolved(value)) return;
  if (typeof value === "string") {
    const secret = unmistakableSecret(literal(value));
    if (secret) throw new Error(`${where}: ${path} holds a secret by ${secretReasonText(secret)}: ${CONFIGURED_SECRET_FIX}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => refuseSecretsIn(where, v, `${path}[${i}]`, depth + 1));
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) refuseSecretsIn(where, v, `${path}.${k}`, depth + 1);
  }
}

/**
 * Refuses a prop outside its vocabulary (constructs/vocabulary.ts). TypeScript callers cannot pass one; JavaScript
 * callers can, and Auth0 or the provider would refuse it only at apply. Unset and tokens (known at plan) pass.
 */
export function refuseUnknownValue(where: string, prop: string, value: unknown, allowed: readonly string[]): void {
  if (value === undefined || Token.isUnresolved(value) || (typeof value === "string" && allowed.includes(value))) return;
  const given = typeof value === "string" ? `"${value.slice(0, 40)}"` : `${typeof value === "object" ? "an object" : String(value)}`;
  throw new Error(`${where}: ${prop} ${given} is not one of ${allowed.join(", ")}`);
}

/**
 * Refuses props that are no object, and a prop of another kind than its type says (a text for a list, a number for a
 * name). TypeScript callers cannot pass one; JavaScript callers can, and would get a TypeError from deep inside.
 * Unset and tokens (known at plan) pass.
 */
export function refuseWrongKind(where: string, props: unknown, kinds: Readonly<Record<string, "string" | "list" | "boolean">>): void {
  if (props === null || typeof props !== "object" || Array.isArray(props)) throw new Error(`${where}: give its props, an object such as { name: "Partner Portal", ... }`);
  for (const [prop, kind] of Object.entries(kinds)) {
    const value = (props as Record<string, unknown>)[prop];
    if (value === undefined || Token.isUnresolved(value)) continue;
    const ok = kind === "list" ? Array.isArray(value) && value.every((v) => typeof v === "string") : typeof value === kind;
    if (!ok) {
      const what = kind === "list" ? "a list of strings" : kind === "string" ? "a string" : "true or false";
      throw new Error(`${where}: ${prop} takes ${what}, not ${Array.isArray(value) ? "a list of other values" : value === null ? "null" : typeof value === "object" ? "an object" : `a ${typeof value}`}`);
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const STACK_CHECKS_ID = "tpa-stack-checks";

/** The provider arguments that hold a credential: the environment gives them (AUTH0_CLIENT_SECRET, AUTH0_API_TOKEN). */
const PROVIDER_CREDENTIALS = ["clientSecret", "apiToken", "clientAssertionPrivateKey"] as const;

/**
 * What no construct can see alone, checked once per stack when it synthesizes: two resources of one type at one
 * address (cdktf would keep the last, silently: an app, an API or a grant gone), two resources for one tenant's
 * settings, and a credential written into the auth0 provider's configuration (the synthesized JSON would hold it).
 */
class StackChecks extends Construct {
  constructor(stack: TerraformStack) {
    super(stack, STACK_CHECKS_ID);
    this.node.addValidation({ validate: () => [...sharedAddresses(stack), ...sharedTenantSettings(stack), ...providerCredentials(stack)] });
  }
}

/** Resource types of which a tenant has one: a second resource of the same tenant (provider) would undo the first at each apply. */
const ONE_PER_TENANT = ["auth0_tenant", "auth0_prompt"];

function sharedTenantSettings(stack: TerraformStack): string[] {
  const first = new Map<string, string>();
  const errors: string[] = [];
  for (const c of stack.node.findAll()) {
    if (!(c instanceof TerraformResource) || TerraformStack.of(c) !== stack || !ONE_PER_TENANT.includes(c.terraformResourceType)) continue;
    const key = `${c.terraformResourceType}|${c.provider?.node.path ?? ""}`;
    const other = first.get(key);
    if (other === undefined) first.set(key, c.node.path);
    else {
      errors.push(
        `${other} and ${c.node.path} are both ${c.terraformResourceType} of one tenant, which has one set of these settings: each apply would undo the other; manage them in one resource (DcrSecurityPolicy takes it as tenant)`,
      );
    }
  }
  return errors;
}

/** Adds the stack's checks (once) to the stack of a construct of this library. */
export function checkStackOf(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (!stack.node.tryFindChild(STACK_CHECKS_ID)) new StackChecks(stack);
}

function sharedAddresses(stack: TerraformStack): string[] {
  const first = new Map<string, string>();
  const errors: string[] = [];
  for (const c of stack.node.findAll()) {
    if (!(c instanceof TerraformResource) || TerraformStack.of(c) !== stack) continue;
    const address = `${c.terraformResourceType}.${c.friendlyUniqueId}`;
    const other = first.get(address);
    if (other === undefined) first.set(address, c.node.path);
    else errors.push(`${other} and ${c.node.path} would both be ${address}, and Terraform keeps one resource per address: give one of them another id`);
  }
  return errors;
}

function providerCredentials(stack: TerraformStack): string[] {
  const errors: string[] = [];
  for (const c of stack.node.findAll()) {
    if (!(c instanceof TerraformProvider) || c.terraformResourceType !== "auth0") continue;
    for (const key of PROVIDER_CREDENTIALS) {
      const value = (c as unknown as Record<string, unknown>)[key];
      if (value !== undefined && !Token.isUnresolved(value)) {
        errors.push(`${c.node.path}: ${key} is written into the synthesized configuration; leave it out and set it in the environment of terraform and cdktf (AUTH0_CLIENT_SECRET, AUTH0_API_TOKEN, AUTH0_CLIENT_ASSERTION_PRIVATE_KEY)`);
      }
    }
  }
  return errors;
}
