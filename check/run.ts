/**
 * The strict-mode policy on a Terraform configuration that is not ours (HCL, a plan, a deploy-cli export):
 * the same rules as `tpa synth`, the tenant facts from flags, tpa.yaml and the provider block, and every
 * finding located in the user's files.
 */
import { buildPolicyReport, evaluate, locationText, NEWEST_PROFILE_ID, PolicyReport, PROFILE_IDS, profileById, type Finding, type PolicyResource, type Suppression, type TenantFacts } from "../policy";
import { CheckInputError } from "./errors";
import type { LoadedSettings } from "./settings";

/** A line of a file, relative to the working directory with forward slashes. */
export interface FileLine {
  readonly file: string;
  readonly line: number;
}

/** What a reader makes of its input. */
export interface CheckSubject {
  /** the environment's name in reports */
  readonly stack: string;
  readonly resources: readonly PolicyResource[];
  /** what is deployed (a plan's prior state), for the lifecycle rules */
  readonly baseline?: readonly PolicyResource[];
  /** the provider block's domain, when the configuration states it */
  readonly domain?: string;
  /** suppressions written in the configuration itself (HCL comments) */
  readonly suppressions: readonly Suppression[];
  /** the line of a resource block (by its address without instance keys), or of one of its attributes */
  locate(target: string, attribute?: string): FileLine | undefined;
}

/** Tenant facts given on the command line; they win over tpa.yaml and the configuration. */
export interface TenantFlags {
  readonly domain?: string;
  readonly permissiveEligible?: boolean;
  readonly profile?: string;
  readonly environment?: string;
}

export interface LocatedFinding extends Finding {
  /** where in the user's files the finding is, when known */
  readonly location?: FileLine;
}

/** policy-report.json, each finding located. */
export interface CheckReport extends Omit<PolicyReport, "findings"> {
  readonly findings: readonly LocatedFinding[];
}

export function runCheck(subject: CheckSubject, loaded: LoadedSettings, flags: TenantFlags, today: string): CheckReport {
  const { settings } = loaded;
  const domain = flags.domain ?? settings.tenant?.domain ?? subject.domain;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const validDomain = (d: string) => (require("../config/schema") as typeof import("../config/schema")).tenantSchema.shape.domain.safeParse(d).success;
  if (flags.domain !== undefined && !validDomain(flags.domain)) {
    throw new CheckInputError(`--domain ${flags.domain}: use the tenant's domain, such as acme-prod.eu.auth0.com (no scheme, no path)`);
  }
  const profileId = flags.profile ?? settings.tenant?.profile ?? NEWEST_PROFILE_ID;
  if (!PROFILE_IDS.includes(profileId)) throw new CheckInputError(`--profile ${profileId}: use one of ${PROFILE_IDS.join(", ")}`);
  const profile = profileById(profileId);
  const environment = flags.environment ?? settings.tenant?.environment ?? subject.stack;
  const tenant: TenantFacts = {
    environment,
    ...(domain && { domain }),
    permissiveEligible: flags.permissiveEligible || (settings.tenant?.permissiveEligible ?? false),
    ...(settings.tenant?.universalLogin && { universalLogin: settings.tenant.universalLogin }),
    ...(settings.gates && { gates: settings.gates }),
  };
  const fromSettings: Suppression[] = settings.suppressions.map((s, i) => {
    const scoped = instanceScoped(s);
    if (!loaded.file) return scoped;
    const location = { file: loaded.file, line: loaded.suppressionLines[i] ?? 1, keyPath: ["suppressions", i] };
    return { ...scoped, location, origin: locationText(location) };
  });
  const findings = evaluate({
    stack: environment,
    resources: subject.resources,
    baseline: subject.baseline,
    tenant,
    profile,
    today,
    suppressions: [...subject.suppressions, ...fromSettings],
  });
  const report = buildPolicyReport([{ stack: environment, profile, findings, resources: subject.resources.length }]);
  return { ...report, findings: findings.map((f) => withLocation(atThisPoint(f), subject)) };
}

/** The policy's unresolved-value warnings name synthesis; tpa check reads HCL, a plan or an export, and never synthesizes. */
const SYNTH_TIME = "cannot check at synth time: ";

function atThisPoint(f: Finding): Finding {
  return f.message.startsWith(SYNTH_TIME) ? { ...f, message: `cannot check at this point: ${f.message.slice(SYNTH_TIME.length)}` } : f;
}

/**
 * A target that names one instance (auth0_client.partner["b"], as plan output and findings write it) suppresses
 * that instance only: findings of resources read from Terraform have the instance address as their path.
 */
function instanceScoped(s: Suppression): Suppression {
  if (s.target === undefined || !s.target.endsWith("]")) return s;
  const { target, ...rest } = s;
  return { ...rest, path: target };
}

function withLocation(f: Finding, subject: CheckSubject): LocatedFinding {
  const location = f.location ? { file: f.location.file, line: f.location.line } : f.target ? subject.locate(f.target, f.attribute) : undefined;
  return location ? { ...f, location } : f;
}

export function hasUnsuppressedErrors(report: CheckReport): boolean {
  return report.summary.errors > 0;
}
