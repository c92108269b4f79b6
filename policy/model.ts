import type { ThirdPartySecurityMode } from "../constructs/security-mode";
import type { Role } from "./conventions";
import { hasTemplateSequence } from "./terraform-literal";

/**
 * The policy's view of a tenant: Terraform resources as plain data. Rules read only this, never cdktf or our
 * constructs, so the same rules can run on synthesized stacks, on plan JSON and on Management API objects.
 */

export type Severity = "error" | "warning" | "info";

/** Terraform's meta-arguments: keys of a resource block that are not attributes of the resource. */
export const TERRAFORM_META_ARGUMENTS: ReadonlySet<string> = new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"]);

/** One auth0_* resource with its attributes as synthesized (references left as "${...}" strings). */
export interface PolicyResource {
  /** the Terraform type, such as auth0_client */
  readonly type: string;
  /** the Terraform name, such as apps_partner-portal_strict */
  readonly name: string;
  /** type.name */
  readonly address: string;
  /** the construct path, such as prod/apps/partner-portal/client, when known */
  readonly path?: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** what our constructs record beside the attributes (environment-file target, requested scopes, ...) */
  readonly annotation: ResourceNotes;
  /**
   * every attribute is literal data, its template sequences escaped (a tenant's objects as the audit sees them):
   * no value is only known at apply, so reads skip that check @default false
   */
  readonly literal?: boolean;
}

export interface ResourceNotes {
  readonly target?: string;
  readonly role?: Role;
  readonly organizations?: readonly string[];
  readonly calls?: readonly string[];
  readonly requestedScopes?: readonly string[];
  readonly justification?: string;
  readonly reviewBy?: string;
  /**
   * an adopted client the tenant reports without third_party_security_mode (it predates the field), left so:
   * the mode it has, as the configuration declares it
   */
  readonly adoptedWithoutMode?: ThirdPartySecurityMode;
  /** a plan replaces the resource at the same address (delete and create): a new object, a new ID */
  readonly replaced?: boolean;
}

/** What the policy knows of the tenant beyond its resources. */
export interface TenantFacts {
  readonly environment: string;
  readonly domain?: string;
  /** the customer had third-party apps before April 2026 and may keep permissive ones */
  readonly permissiveEligible: boolean;
  /** the login experience, when known from configuration */
  readonly universalLogin?: "new" | "classic";
  /** the environment's gates (DESIGN §5) @default all off */
  readonly gates?: EnvironmentGates;
}

export interface EnvironmentGates {
  /** no permissive third-party app and no permissive DCR here */
  readonly forbidPermissive?: boolean;
  /** DCR, when managed, must be strict */
  readonly requireStrictDcr?: boolean;
  /** no third-party app or default grant may be destroyed or replaced here */
  readonly protectFromDestroy?: boolean;
}

/**
 * Where something was written: a file, its 1-based line and column, and the key path inside the document
 * (["suppressions", 0], ["apps", 2, "grantTypes"]) when it is an environment or settings file.
 */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  /** 1-based @default unknown (the line only) */
  readonly column?: number;
  readonly keyPath?: readonly (string | number)[];
}

/** `file:line`, as reports print a location (policy-report.json's `origin`). */
export function locationText(at: SourceLocation): string {
  return `${at.file}:${at.line}`;
}

/** A suppression: a rule silenced for a target (environment-file address) or a construct path, with a reason. */
export interface Suppression {
  readonly rule: string;
  /** environment-file address such as apps/partner-portal (matches findings from it and below it) */
  readonly target?: string;
  /** construct path prefix such as prod/apps/partner-portal */
  readonly path?: string;
  readonly reason: string;
  /** YYYY-MM-DD; an expired suppression is an error and no longer applies */
  readonly expires: string;
  /** where the suppression was written, as reports print it (file:line, or the construct path) */
  readonly origin?: string;
  /** where the suppression was written, when it is in a file */
  readonly location?: SourceLocation;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly stack: string;
  /** the construct path (or the Terraform address when no construct path is known) */
  readonly path: string;
  /** the Terraform address, such as auth0_client.apps_partner-portal_strict */
  readonly address?: string;
  /** the environment-file address the finding comes from */
  readonly target?: string;
  /** the Terraform attribute concerned, such as grant_types */
  readonly attribute?: string;
  readonly message: string;
  readonly fix: string;
  /** where the finding was written, as file:line, when it is about configuration itself (a suppression) */
  readonly origin?: string;
  /** the same place, structured */
  readonly location?: SourceLocation;
  readonly suppressed: boolean;
  readonly suppression?: { readonly reason: string; readonly expires: string; readonly origin?: string; readonly location?: SourceLocation };
}

/**
 * A literal instance key as addresses write it inside brackets: a number (0) or a quoted string ("k"), as a regular
 * expression's source. An expression in brackets ([each.key]) is no address.
 */
export const LITERAL_INSTANCE_KEY = String.raw`(?:\d+|"(?:[^"\\]|\\.)*")`;
const KEY = String.raw`\[${LITERAL_INSTANCE_KEY}\]`;
/** A name as Terraform reads one: letters and digits of any script, underscores and dashes (resource "auth0_client" "pärtner"). */
const NAME = String.raw`[\p{L}\p{N}_-]+`;
const MODULE_STEPS = String.raw`(?:module\.${NAME}(?:${KEY})?\.)*`;
// type.name, with module path and instance keys when a plan has them: module.m["k"].auth0_client.x[0]
const REFERENCE = new RegExp(String.raw`^\$\{(${MODULE_STEPS}[A-Za-z0-9_]+\.${NAME}(?:${KEY})?)(?:\.[\p{L}\p{N}_.-]+)?\}$`, "u");
const LEADING_MODULES = new RegExp(`^${MODULE_STEPS}`, "u");

/** Named values of Terraform that are not managed resources (variables, locals, data sources, modules, ...). */
const NOT_A_RESOURCE = new Set(["var", "local", "data", "module", "each", "count", "path", "terraform", "self"]);

/**
 * The address a plain Terraform reference to a managed resource, such as "${auth0_client.x.client_id}", points at
 * (auth0_client.x); undefined for anything else, "${var.x}" and "${data.y.z.id}" included.
 */
export function referencedAddress(value: unknown): string | undefined {
  // most strings of a large tenant are no reference: one comparison, not a regular expression, rules them out
  const m = typeof value === "string" && value.startsWith("${") ? REFERENCE.exec(value) : null;
  if (!m) return undefined;
  // A module's own outputs (module.m.out), variables, locals, data sources... are not managed resources.
  const resource = m[1].replace(LEADING_MODULES, "");
  return NOT_A_RESOURCE.has(resource.split(".")[0]) ? undefined : m[1];
}

/** Is this value a reference or expression that only Terraform can resolve? */
export function isUnresolved(value: unknown): boolean {
  // Escaped sequences ($${, %%{) are literal text, data from configuration or a tenant (policy/terraform-literal.ts).
  if (typeof value === "string") return hasTemplateSequence(value);
  if (Array.isArray(value)) return value.some(isUnresolved);
  if (value && typeof value === "object") return Object.values(value).some(isUnresolved);
  return false;
}
