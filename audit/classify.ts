import type { Management } from "auth0";
import { evaluate, Finding, NEWEST_PROFILE_ID, PolicyResource, profileById, referencedAddress, Rule, STRICT_MODE_RULES, TenantFacts } from "../policy";
import {
  classicLoginEvidence,
  effectiveMode,
  isModernOAuth,
  oidcEvidence,
  selfRegistrationEvidence,
} from "./inference";
import { SnapshotSource, TenantSnapshot } from "./tenant-snapshot";
import { clientResources, Mode, Names, tenantResources } from "./to-policy";
import { indexSnapshot, type SnapshotIndex } from "./snapshot-index";
import { isSecurityMode, isStrictClientId } from "../constructs/security-mode";
import { Redaction, unjudgedRedactions, unjudgedText } from "./secrets";

/** `tpa audit --format json` (DESIGN §7), extended. */
export interface AuditReport {
  readonly version: 1;
  readonly profile: string;
  readonly source: SnapshotSource;
  readonly tenant: TenantAudit;
  readonly apps: readonly AppAudit[];
  readonly summary: AuditSummary;
}

export interface TenantAudit {
  readonly domain: string | null;
  readonly dcr: { readonly enabled: boolean | null; readonly securityMode: Mode | null; readonly note?: string };
  readonly universalLogin: "new" | "classic" | null;
  /** inferred: the tenant has permissive or mode-less third-party apps, or permissive DCR */
  readonly permissiveEligible: boolean;
  /** what a third-party app without third_party_security_mode means on this tenant */
  readonly absentMode: string;
  readonly defaultPermissions: readonly DefaultPermission[];
  readonly activeRules: number;
  readonly activeCredentialsExchangeHooks: number;
  /** TPA301, TPA303, TPA304 and TPA122 over the tenant as it is */
  readonly findings: readonly TenantFinding[];
}

export interface TenantFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  /** what it is about: an API's identifier, a rule's or hook's name, "tenant settings" */
  readonly subject?: string;
}

export interface DefaultPermission {
  readonly audience: string;
  readonly subjectType: string;
  readonly scopes: readonly string[];
  readonly allowAllScopes?: boolean;
  readonly grantId?: string;
}

export type Scenario = 1 | 2 | 3 | 4;
export type Recommendation = "keep-strict" | "migrate-to-strict" | "keep-permissive";

export interface AppAudit {
  /** null when the source has no client IDs (a deploy-cli export without identifiers) */
  readonly clientId: string | null;
  readonly name: string;
  /** as Auth0 reports it; null when absent */
  readonly mode: Mode | null;
  /** how the client behaves: the reported mode, else strict for a tpc_ ID, else permissive */
  readonly effectiveMode: Mode;
  /** whether it passes the strict rules as it is configured */
  readonly strictReady: boolean;
  /** the error findings of the strict rules for this app as a strict client */
  readonly blockers: readonly Blocker[];
  readonly scenario: Scenario | null;
  readonly scenarioReason: string | null;
  readonly recommendation: Recommendation;
  readonly notes: readonly string[];
}

export interface Blocker {
  readonly ruleId: string;
  readonly message: string;
}

export interface AuditSummary {
  readonly thirdPartyApps: number;
  readonly strict: number;
  readonly permissive: number;
  readonly withoutMode: number;
  readonly strictReady: number;
  readonly keepStrict: number;
  readonly migrateToStrict: number;
  readonly keepPermissive: number;
}

export interface AuditOptions {
  /** capability profile @default the newest */
  readonly profile?: string;
  /** YYYY-MM-DD */
  readonly today: string;
}

export const ABSENT_MODE =
  "A third-party client without third_party_security_mode predates the field (created before April 2026) and keeps the " +
  "existing (permissive) behaviour; its mode can never change. Since 2026-10-23 Auth0 creates third-party clients without " +
  "an explicit mode as strict, and reports the mode on them.";

const TENANT_RULES = ["TPA301", "TPA302", "TPA303", "TPA304", "TPA122"];

/** An audited app with the client it was read from. */
export interface AuditedClient {
  readonly client: Management.Client;
  readonly audit: AppAudit;
}

/**
 * Classifies every third-party app of a snapshot with the synth-time rules: every app is evaluated as a strict
 * client beside the tenant's other resources, in one run, and the error findings that appear because of an
 * app (on its client, its credentials or its grants) are its blockers.
 */
export function auditTenant(snapshot: TenantSnapshot, options: AuditOptions): AuditReport {
  return audited(snapshot, options).report;
}

/** auditTenant, also pairing each app's audit with its client (for tpa import). */
export function auditClients(snapshot: TenantSnapshot, options: AuditOptions): { report: AuditReport; clients: AuditedClient[] } {
  const { report, thirdParty, order } = audited(snapshot, options);
  return { report, clients: order.map((app, i) => ({ client: thirdParty[app], audit: report.apps[i] })) };
}

/** The report, with the third-party clients and, for each app of the report in turn, its client's index among them. */
function audited(snapshot: TenantSnapshot, options: AuditOptions): { report: AuditReport; thirdParty: readonly Management.Client[]; order: readonly number[] } {
  const profile = profileById(options.profile ?? NEWEST_PROFILE_ID);
  const names = new Names(snapshot);
  // apps by their index in thirdParty (maps keyed by client objects would give each an identity hash)
  const thirdParty: Management.Client[] = [];
  const snapshotIndex: number[] = [];
  snapshot.clients.forEach((c, i) => {
    if (c.is_first_party === false && c.global !== true) {
      thirdParty.push(c);
      snapshotIndex.push(i);
    }
  });
  const { views, oidc } = strictViews(thirdParty, snapshotIndex.map((i) => names.clientAt(i)), names);
  const index = indexSnapshot(snapshot);
  const base = tenantResources(snapshot, names, index);
  const facts = tenantFacts(snapshot, thirdParty);
  const run = (resources: PolicyResource[], rules: readonly Rule[] = STRICT_MODE_RULES) =>
    evaluate({ stack: "audit", resources, tenant: facts, profile, today: options.today, rules });
  const blockers = blockersAsStrict(base, views, thirdParty, run);
  const collator = new Intl.Collator(); // localeCompare's order, without its per-call set-up (50,000 apps)
  const withheld = unjudgedRedactions(snapshot.redacted ?? []);
  const unsorted = thirdParty.map((client, app) => auditApp(client, snapshot, index, blockers(app), oidc[app], withheld.get(`clients|${snapshotIndex[app]}`)));
  // indexes sorted, not pairs of client and audit: no object per app that lives as long as the report
  const order = unsorted.map((_, app) => app);
  order.sort((a, b) => collator.compare(unsorted[a].name, unsorted[b].name) || collator.compare(String(unsorted[a].clientId), String(unsorted[b].clientId)));
  const apps = order.map((app) => unsorted[app]);

  // the same clients in the mode they have: the strict views with their mode put back
  const asTheyAre = base.slice();
  for (let i = 0; i < views.resources.length; i++) {
    const resource = views.resources[i];
    asTheyAre.push(resource.type === "auth0_client" ? asItIs(resource, effectiveMode(thirdParty[views.apps[i]])) : resource);
  }
  const tenantFindings = run(asTheyAre, STRICT_MODE_RULES.filter((r) => TENANT_RULES.includes(r.id)));
  const resourceAt = tenantFindings.length > 0 ? firstByAddress(asTheyAre) : new Map<string, PolicyResource>();
  const report: AuditReport = {
    version: 1,
    profile: profile.id,
    source: snapshot.source,
    tenant: tenantAudit(snapshot, facts, tenantFindings.map((f) => tenantFinding(f, resourceAt))),
    apps,
    summary: summarize(apps),
  };
  return { report, thirdParty, order };
}

/**
 * One policy run with every third-party app as a strict client. A finding the tenant has without any app is a
 * tenant finding; one on an app's client, credentials or grants is that app's; one that appears only once strict
 * apps exist but concerns no app (active Rules, Classic Login) blocks every app.
 *
 * Whether a finding is the tenant's own is asked of the tenant without its apps, and only of the rules that
 * found an error outside the apps' own resources: a finding on an app's client or credentials cannot exist
 * without the app, and each rule's findings depend on the resources alone, not on the other rules run beside it.
 */
function blockersAsStrict(
  base: PolicyResource[],
  strict: StrictViews,
  thirdParty: readonly Management.Client[],
  run: (resources: PolicyResource[], rules?: readonly Rule[]) => Finding[],
): (app: number) => Finding[] {
  const owner = new Map<string, number>();
  const withViews = base.concat(strict.resources);
  for (let i = 0; i < strict.resources.length; i++) owner.set(strict.resources[i].address, strict.apps[i]);
  const withApps = errors(run(withViews));
  const elsewhere = new Set(withApps.filter((f) => f.address === undefined || !owner.has(f.address)).map((f) => f.ruleId));
  const recheck = STRICT_MODE_RULES.filter((r) => elsewhere.has(r.id));
  const tenantOnly = new Set(recheck.length > 0 ? errors(run(base, recheck)).map(findingKey) : []);
  // for findings outside the views (on grants, or the tenant's): built only if there is one
  let byClientId: Map<string, number> | undefined;
  let baseByAddress: Map<string, PolicyResource> | undefined;
  const ownerOf = (f: Finding): number | undefined => {
    const own = f.address ? owner.get(f.address) : undefined;
    if (own !== undefined) return own;
    baseByAddress ??= new Map(base.map((r) => [r.address, r]));
    const ref = f.address ? baseByAddress.get(f.address)?.attributes.client_id : undefined;
    if (typeof ref !== "string") return undefined;
    const address = referencedAddress(ref);
    byClientId ??= new Map(thirdParty.flatMap((c, app) => (c.client_id ? [[c.client_id, app] as const] : [])));
    return address ? owner.get(address) : byClientId.get(ref);
  };
  const perApp: (Finding[] | undefined)[] = new Array(thirdParty.length);
  const everyApp: Finding[] = [];
  for (const f of withApps) {
    if (tenantOnly.size > 0 && tenantOnly.has(findingKey(f))) continue;
    const app = ownerOf(f);
    if (app === undefined) everyApp.push(f);
    else (perApp[app] ??= []).push(f);
  }
  return (app) => {
    const own = perApp[app];
    return own ? [...own, ...everyApp] : everyApp;
  };
}

/**
 * The third-party clients' resources as strict clients, and for each the app it comes from (its client's index in
 * the audit's third-party clients). Two lists, not a pair per resource: tens of thousands of objects fewer.
 */
interface StrictViews {
  readonly resources: readonly PolicyResource[];
  readonly apps: readonly number[];
}

/** The strict views, with each app's OIDC evidence (read in the same pass, while the client is at hand). */
function strictViews(thirdParty: readonly Management.Client[], clientNames: readonly string[], names: Names): { views: StrictViews; oidc: (readonly string[])[] } {
  const resources: PolicyResource[] = [];
  const apps: number[] = [];
  const oidc: (readonly string[])[] = new Array(thirdParty.length);
  for (let app = 0; app < thirdParty.length; app++) {
    oidc[app] = oidcEvidence(thirdParty[app]);
    const requestedScopes = oidc[app].length > 0 ? OPENID : undefined;
    const own = clientResources(thirdParty[app], names, { mode: "strict", requestedScopes, name: clientNames[app] });
    for (let i = 0; i < own.length; i++) {
      resources.push(own[i]);
      apps.push(app);
    }
  }
  return { views: { resources, apps }, oidc };
}

/** The scopes an app with OIDC evidence is taken to request: one list for all of them. */
const OPENID: readonly string[] = Object.freeze(["openid"]);

/** A strict view's client in the mode it has, as clientResources would make it. */
function asItIs(view: PolicyResource, mode: Mode): PolicyResource {
  // most clients of large tenants are strict already: the view itself, not a copy
  if (view.attributes.third_party_security_mode === mode && Object.keys(view.annotation).length === 0) return view;
  return { ...view, attributes: { ...view.attributes, third_party_security_mode: mode }, annotation: {} };
}

function auditApp(
  client: Management.Client,
  snapshot: TenantSnapshot,
  index: SnapshotIndex,
  findings: readonly Finding[],
  oidc: readonly string[],
  withheld: readonly Redaction[] | undefined,
): AppAudit {
  const blockers = blockersOf(findings, oidc);
  const mode = isSecurityMode(client.third_party_security_mode) ? client.third_party_security_mode : null;
  const effective = effectiveMode(client);
  const strictReady = blockers.length === 0;
  const recommendation: Recommendation = effective === "strict" ? "keep-strict" : strictReady ? "migrate-to-strict" : "keep-permissive";
  const { scenario, reason: scenarioReason } = scenarioOf(client, snapshot, index, oidc);
  return {
    clientId: client.client_id ?? null,
    name: client.name ?? client.client_id ?? "(unnamed)",
    mode,
    effectiveMode: effective,
    strictReady,
    blockers,
    scenario,
    scenarioReason,
    recommendation,
    notes: appNotes(client, mode, recommendation, withheld),
  };
}

/**
 * An app's blockers as reported. (A function of its own: a closure over auditApp's variables would allocate a
 * context on every call of auditApp, one per app.)
 */
function blockersOf(findings: readonly Finding[], oidc: readonly string[]): readonly Blocker[] {
  return findings.length === 0 ? NONE : findings.map((f) => ({ ruleId: f.ruleId, message: blockerMessage(f, oidc) }));
}

/** No blockers, or no notes: one read-only list for every app that has none (most of 50,000). */
const NONE: readonly never[] = Object.freeze([]);

/**
 * A finding's words as an app's blocker. The run has every app strict: TPA104's tenant-wide finding would count
 * and name them all as strict apps, so an app is told only what blocks it.
 */
function blockerMessage(f: Finding, oidc: readonly string[]): string {
  if (f.ruleId === "TPA103" && oidc.length > 0) return `${f.message} (inferred from ${oidc.join(", ")})`;
  if (f.ruleId === "TPA104" && f.attribute === "universal_login_experience") return CLASSIC_LOGIN_BLOCKER;
  return f.message;
}

const CLASSIC_LOGIN_BLOCKER = "the tenant uses the Classic Login experience, which strict apps do not support";

/** An app's scenario and why. */
interface ScenarioOf {
  readonly scenario: Scenario | null;
  readonly reason: string | null;
}

const MODERN_OAUTH: ScenarioOf = { scenario: 1, reason: "modern OAuth: only authorization_code, refresh_token or client_credentials" };
const NO_SCENARIO: ScenarioOf = { scenario: null, reason: null };

/** The migration guide's common scenario, most specific first. */
function scenarioOf(client: Management.Client, snapshot: TenantSnapshot, index: SnapshotIndex, oidc: readonly string[]): ScenarioOf {
  const registered = selfRegistrationEvidence(client, snapshot, index);
  if (registered) return { scenario: 3, reason: registered.reason };
  if (oidc.length > 0) return { scenario: 2, reason: `needs OIDC, inferred from ${oidc.join(", ")}` };
  const classic = classicLoginEvidence(client, snapshot);
  if (classic) return { scenario: 4, reason: classic };
  // the two most common answers are one object each (tenants have tens of thousands of apps)
  return isModernOAuth(client) ? MODERN_OAUTH : NO_SCENARIO;
}

function appNotes(client: Management.Client, mode: Mode | null, recommendation: Recommendation, withheld: readonly Redaction[] | undefined): readonly string[] {
  if (mode !== null && recommendation !== "migrate-to-strict" && withheld === undefined) return NONE;
  const notes: string[] = [];
  for (const r of withheld ?? []) {
    notes.push(`${unjudgedText(r)}: check it by hand.`);
  }
  if (mode === null) {
    notes.push(
      isStrictClientId(client.client_id)
        ? "Auth0 reports no third_party_security_mode, but the tpc_ client ID marks a strict client."
        : "Auth0 reports no third_party_security_mode: the client predates the field and behaves as permissive.",
    );
  }
  if (recommendation === "migrate-to-strict") {
    notes.push(
      "Auth0 never changes a client's mode: create a new strict client (a new tpc_ client ID), move the partner to it, then delete this one; users consent again and its refresh tokens end.",
    );
  }
  return notes;
}

function tenantFacts(snapshot: TenantSnapshot, thirdParty: readonly Management.Client[]): TenantFacts {
  const ul = snapshot.prompts?.universal_login_experience;
  return {
    environment: "audit",
    domain: snapshot.domain,
    permissiveEligible:
      thirdParty.some((c) => effectiveMode(c) === "permissive") ||
      snapshot.tenantSettings?.dynamic_client_registration_security_mode === "permissive",
    universalLogin: ul === "new" || ul === "classic" ? ul : undefined,
  };
}

/** The first resource at each address (what a search from the start finds). */
function firstByAddress(resources: readonly PolicyResource[]): Map<string, PolicyResource> {
  const index = new Map<string, PolicyResource>();
  for (const r of resources) if (!index.has(r.address)) index.set(r.address, r);
  return index;
}

function tenantFinding(f: Finding, resourceAt: ReadonlyMap<string, PolicyResource>): TenantFinding {
  const r = f.address === undefined ? undefined : resourceAt.get(f.address);
  const subject = r?.type === "auth0_tenant" ? "tenant settings" : (r?.attributes.identifier ?? r?.attributes.name);
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, ...(typeof subject === "string" ? { subject } : {}) };
}

function tenantAudit(snapshot: TenantSnapshot, facts: TenantFacts, findings: readonly TenantFinding[]): TenantAudit {
  const settings = snapshot.tenantSettings;
  const securityMode = settings?.dynamic_client_registration_security_mode;
  const enabled = settings ? settings.flags?.enable_dynamic_client_registration === true : null;
  return {
    domain: snapshot.domain ?? null,
    dcr: {
      enabled,
      securityMode: isSecurityMode(securityMode) ? securityMode : null,
      note:
        settings && !securityMode
          ? "the tenant reports no dynamic_client_registration_security_mode: the migration guide reads that as the existing (permissive) behaviour, though new tenants have registered strict DCR clients without it (docs/auth0-facts.md, 'DCR'); set it explicitly"
          : undefined,
    },
    universalLogin: facts.universalLogin ?? null,
    permissiveEligible: facts.permissiveEligible,
    absentMode: ABSENT_MODE,
    defaultPermissions: snapshot.clientGrants
      .filter((g) => g.default_for === "third_party_clients")
      .map((g) => ({
        audience: g.audience ?? "",
        subjectType: g.subject_type ?? "client",
        scopes: g.scope ?? [],
        ...(g.allow_all_scopes ? { allowAllScopes: true } : {}),
        ...(g.id ? { grantId: g.id } : {}),
      })),
    activeRules: snapshot.rules.filter((r) => r.enabled !== false).length,
    activeCredentialsExchangeHooks: snapshot.hooks.filter((h) => h.triggerId === "credentials-exchange" && h.enabled === true).length,
    findings,
  };
}

function summarize(apps: readonly AppAudit[]): AuditSummary {
  // one pass, not one per figure (50,000 apps)
  const counts = { strict: 0, permissive: 0, withoutMode: 0, strictReady: 0, keepStrict: 0, migrateToStrict: 0, keepPermissive: 0 };
  for (let i = 0; i < apps.length; i++) {
    const a = apps[i];
    if (a.mode === "strict") counts.strict++;
    else if (a.mode === "permissive") counts.permissive++;
    else if (a.mode === null) counts.withoutMode++;
    if (a.strictReady) counts.strictReady++;
    if (a.recommendation === "keep-strict") counts.keepStrict++;
    else if (a.recommendation === "migrate-to-strict") counts.migrateToStrict++;
    else if (a.recommendation === "keep-permissive") counts.keepPermissive++;
  }
  return { thirdPartyApps: apps.length, ...counts };
}

function errors(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === "error" && !f.suppressed);
}

function findingKey(f: Finding): string {
  return `${f.ruleId}|${f.address ?? ""}|${f.message}`;
}
