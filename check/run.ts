/**
 * The strict-mode policy on a Terraform configuration that is not ours (HCL, a plan, a deploy-cli export):
 * the same rules as `tpa synth`, the tenant facts from flags, tpa.yaml and the provider block, and every
 * finding located in the user's files.
 */
import { buildPolicyReport, evaluate, locationText, ONLY_AT_APPLY, NEWEST_PROFILE_ID, PolicyReport, PROFILE_IDS, profileById, suppressedBy, suppressionMatches, UNREAD_CONFIGURATION, type Finding, type PolicyResource, type Suppression, type TenantFacts } from "../policy";
import { CheckInputError } from "./errors";
import { unmistakableSecret } from "../audit/secrets";
import type { UnreadModule } from "./hcl";
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
  /** the provider configuration of each resource that does not use the default one (address → auth0.<alias>): another tenant */
  readonly providers?: ReadonlyMap<string, string>;
  /** the domain of each aliased provider configuration, when the configuration states it */
  readonly domains?: ReadonlyMap<string, string>;
  /** module calls whose resources are not read (a registry or git source): a TPA003 warning each */
  readonly unread?: readonly UnreadModule[];
  /** suppressions written in the configuration itself (HCL comments) */
  readonly suppressions: readonly Suppression[];
  /** suppressions written on nothing (a comment above no block): reported unused while in force, left out once expired @default none */
  readonly looseSuppressions?: readonly Suppression[];
  /** the line of a resource block (by its address without instance keys), or of one of its attributes */
  locate(target: string, attribute?: string): FileLine | undefined;
  /** what a value only known later is, in the subject's words @default "only known at apply" */
  readonly unknownValue?: string;
  /**
   * addresses of resources the tool that applies the configuration leaves alone (deploy-cli's exclusions): they are
   * context for the others, and their own findings are not reported @default none
   */
  readonly notApplied?: ReadonlySet<string>;
  /** texts the configuration marks sensitive (a sensitive variable's value): shown in no finding @default none */
  readonly sensitive?: readonly string[];
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
  // the facts of every tenant of the configuration; each has its own domain
  const facts: Omit<TenantFacts, "environment" | "domain"> = {
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
  const loose = (subject.looseSuppressions ?? []).filter((s) => s.expires >= today);
  const results = tenantsOf(subject, [...subject.suppressions, ...loose, ...fromSettings]).map((part) => {
    const stack = part.provider === DEFAULT_PROVIDER ? environment : `${environment}/${part.provider.slice(DEFAULT_PROVIDER.length + 1)}`;
    const partDomain = part.provider === DEFAULT_PROVIDER ? domain : subject.domains?.get(part.provider);
    // the unread modules' warnings are found outside the policy run: an active suppression of one is used here
    const active = part.suppressions.filter((s) => s.expires >= today);
    const unread = (part.provider === DEFAULT_PROVIDER ? (subject.unread ?? []) : []).map((m) => {
      const f = unreadFinding(stack, m);
      const s = active.find((candidate) => suppressionMatches(candidate, f));
      return s ? suppressedBy(f, s) : f;
    });
    const usedOnUnread = new Set(active.filter((s) => unread.some((f) => suppressionMatches(s, f))));
    const findings = evaluate({
      stack,
      resources: part.resources,
      baseline: part.baseline,
      tenant: { ...facts, environment: stack, ...(partDomain && { domain: partDomain }) },
      profile,
      today,
      suppressions: part.suppressions.filter((s) => !usedOnUnread.has(s)),
    });
    const applied = subject.notApplied ? findings.filter((f) => f.address === undefined || !subject.notApplied!.has(f.address)) : findings;
    return { stack, profile, findings: [...applied, ...unread], resources: part.resources.length };
  });
  const report = buildPolicyReport(results);
  const hide = sensitiveRedaction(subject.sensitive ?? []);
  return { ...report, findings: report.findings.map((f) => withLocation(withoutSecretShapes(hide(atThisPoint(f, subject.unknownValue))), subject)) };
}

/**
 * A finding whose message quotes a value with a secret's shape (a URL with a password or an api_key parameter, a JWT)
 * says what it is instead: the configuration holds it, the report does not repeat it.
 */
function withoutSecretShapes(f: Finding): Finding {
  const message = f.message.replace(/\S{8,}/g, (word) => {
    const quoted = word.replace(/[,;:)\]]+$/, "");
    const shape = unmistakableSecret(quoted);
    return shape ? `(${shape}, not shown)${word.slice(quoted.length)}` : word;
  });
  return message === f.message ? f : { ...f, message };
}

/** What Terraform shows for a sensitive value, in a finding's message instead of the value. */
export const SENSITIVE_VALUE = "(sensitive value)";

/** A finding without the sensitive texts in its message (the longest first: one may hold another). */
function sensitiveRedaction(texts: readonly string[]): (f: Finding) => Finding {
  // texts shorter than 4 characters (a flag, a small number) would blank out words: no secret is that short
  const hidden = [...new Set(texts.filter((t) => t.length >= 4))].sort((a, b) => b.length - a.length);
  if (hidden.length === 0) return (f) => f;
  // one pattern of them all: each message is scanned once, however many texts a plan marks (thousands of secrets)
  const anyOf = new RegExp(hidden.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
  return (f) => {
    const message = f.message.replace(anyOf, SENSITIVE_VALUE);
    return message === f.message ? f : { ...f, message };
  };
}

/** A module call whose resources tpa check does not see: a warning at the call, never a pass. */
function unreadFinding(stack: string, m: UnreadModule): Finding {
  const from = m.source === undefined ? "a source given as an expression" : m.source;
  return {
    ruleId: UNREAD_CONFIGURATION.id,
    severity: UNREAD_CONFIGURATION.severity,
    stack,
    path: m.address,
    target: m.address,
    message: `cannot check at this point: ${m.address} comes from ${from}, which tpa check does not read, so its resources are not checked`,
    fix: UNREAD_CONFIGURATION.fix,
    location: { file: m.file, line: m.line },
    origin: locationText({ file: m.file, line: m.line }),
    suppressed: false,
  };
}

/** The default auth0 provider configuration; resources of another one (auth0.<alias>) are another tenant's. */
const DEFAULT_PROVIDER = "auth0";

interface TenantPart {
  readonly provider: string;
  readonly resources: readonly PolicyResource[];
  readonly baseline?: readonly PolicyResource[];
  readonly suppressions: readonly Suppression[];
}

/**
 * The subject's resources by provider configuration, each its own tenant (a default grant on each of two
 * tenants is no 409): the default configuration first, then the aliases in name order. A suppression goes
 * with the resources it names; one that names none stays with the default, where TPA002 reports it.
 */
function tenantsOf(subject: CheckSubject, suppressions: readonly Suppression[]): TenantPart[] {
  const providerOf = (r: PolicyResource) => subject.providers?.get(r.address) ?? DEFAULT_PROVIDER;
  const keys = [DEFAULT_PROVIDER, ...[...new Set(subject.resources.map(providerOf))].filter((k) => k !== DEFAULT_PROVIDER).sort()];
  if (keys.length === 1) return [{ provider: DEFAULT_PROVIDER, resources: subject.resources, baseline: subject.baseline, suppressions }];
  const named = (s: Suppression) => subject.resources.find((r) => (s.target !== undefined ? r.annotation.target === s.target || r.annotation.target?.startsWith(`${s.target}/`) : r.address === s.path));
  return keys.map((provider) => ({
    provider,
    resources: subject.resources.filter((r) => providerOf(r) === provider),
    ...(subject.baseline && { baseline: subject.baseline.filter((r) => providerOf(r) === provider) }),
    suppressions: suppressions.filter((s) => {
      const r = named(s);
      return r ? providerOf(r) === provider : provider === DEFAULT_PROVIDER;
    }),
  }));
}

/**
 * A target that names one instance (auth0_client.partner["b"], as plan output and findings write it) suppresses
 * that instance only: findings of resources read from Terraform have the instance address as their path.
 */
function instanceScoped(s: Suppression): Suppression {
  // an instance key anywhere: a module instance's resource (module.m["a"].auth0_client.x) is one instance too
  if (s.target === undefined || !/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/.test(s.target)) return s;
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

/** The policy's unresolved-value warnings name synthesis; tpa check reads HCL, a plan or an export, and never synthesizes. */
const SYNTH_TIME = "cannot check at synth time: ";

const AT_APPLY = ` ${ONLY_AT_APPLY}`;

function atThisPoint(f: Finding, unknownValue: string | undefined): Finding {
  if (!f.message.startsWith(SYNTH_TIME)) return f;
  const why = f.message.slice(SYNTH_TIME.length);
  return { ...f, message: `cannot check at this point: ${unknownValue && why.endsWith(AT_APPLY) ? `${why.slice(0, -AT_APPLY.length)} is ${unknownValue}` : why}` };
}
