/**
 * The rule pack at its edges (issue 16: the surviving mutants of policy/rules/): for each rule, beyond the one
 * fixture of policy-fidelity.test.ts, several offending values at once (plural and list messages), the other side
 * of every condition (nothing found), values only known at apply where the rule reads them, and the tenant facts,
 * dates and capability profiles that change the verdict. Each case states the findings it expects (severity and
 * address); test/fixtures/policy-edges-golden.json pins their words:
 *   UPDATE_POLICY_EDGES_GOLDEN=1 npx jest test/policy-edges.test.ts -t golden
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CapabilityProfile, evaluate, Finding, NEWEST_PROFILE_ID, PolicyResource, profileById, ResourceNotes, Severity, STRICT_MODE_RULES, TenantFacts, TIMELINE } from "../policy";
import { API, api, client, defaultGrant, grant, perApp, permissive, res, scopes, strict, tenantResource } from "./support/policy-fixtures";

/** YYYY-MM-DD of the day before */
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const TODAY = "2026-12-01";
const BEFORE_EOL = dayBefore(TIMELINE.rulesAndHooksEndOfLife.date);
const BEFORE_SWITCH = dayBefore(TIMELINE.modelessClientsStrictFrom.date);
const INVOICES = "https://api.acme.test/invoices";
const UNKNOWN = "${var.unknown}";
const MANAGEMENT_API = "https://acme.eu.auth0.com/api/v2/";

const modeless = (name: string, attributes: Record<string, unknown> = {}, notes: ResourceNotes = {}) => client(name, { is_first_party: false, ...attributes }, notes);
const m2m = (name: string, notes: ResourceNotes = {}) => strict(name, { app_type: "non_interactive", grant_types: ["client_credentials"] }, notes);
const policies = (user?: string, clientPolicy?: string) => ({
  subject_type_authorization: [{ ...(user ? { user: [{ policy: user }] } : {}), ...(clientPolicy ? { client: [{ policy: clientPolicy }] } : {}) }],
});
const credentials = (of: string, attributes: Record<string, unknown>) => res("auth0_client_credentials", `${of}_credentials`, { client_id: `\${auth0_client.${of}.client_id}`, ...attributes });
const dcr = (mode: string, enabled?: boolean) =>
  tenantResource({ dynamic_client_registration_security_mode: mode, ...(enabled === undefined ? {} : { flags: [{ enable_dynamic_client_registration: enabled }] }) });
const cimd = () => tenantResource({ client_id_metadata_document_supported: true });
const org = (name: string, access?: string) => res("auth0_organization", name, { name, ...(access ? { third_party_client_access: access } : {}) });
const authRule = (name: string, attributes: Record<string, unknown> = {}) => res("auth0_rule", name, { name, ...attributes });
const hook = (name: string, attributes: Record<string, unknown> = {}) => res("auth0_hook", name, { name, trigger_id: "credentials-exchange", enabled: true, ...attributes });

const NEWEST = profileById(NEWEST_PROFILE_ID);
/** A capability profile as a new profile file could write it: the newest, with some strict capabilities changed. */
const newestWith = (strictChanges: Partial<CapabilityProfile["strict"]>): CapabilityProfile => ({ ...NEWEST, id: "strict-edge", strict: { ...NEWEST.strict, ...strictChanges } });

interface Edge {
  readonly resources: PolicyResource[];
  readonly baseline?: PolicyResource[];
  readonly tenant?: Partial<TenantFacts>;
  readonly today?: string;
  readonly profile?: CapabilityProfile;
  /** the findings of the case's rule: severity and address (undefined for a finding about the tenant or the gates) */
  readonly finds: readonly (readonly [Severity, string?])[];
}

/** The findings of the rule a case is named after (its first word), on the case's resources. */
function findingsOf(name: string, edge: Edge): Finding[] {
  const id = name.split(" ")[0];
  return evaluate({
    stack: "t",
    resources: edge.resources,
    baseline: edge.baseline,
    tenant: { environment: "t", permissiveEligible: false, domain: "acme.eu.auth0.com", ...edge.tenant },
    profile: edge.profile ?? NEWEST,
    today: edge.today ?? TODAY,
    rules: STRICT_MODE_RULES.filter((r) => r.id === id),
  });
}

const none = [] as const;
const error = (address?: string) => ["error", address] as const;
const warning = (address?: string) => ["warning", address] as const;

/** Each case is named "<rule> <what>"; `finds` is what the rule finds there. */
const EDGES: Record<string, Edge> = {
  // TPA101: grant types outside the profile's set
  "TPA101 two grant types outside the profile (plural, listed)": { resources: [strict("c", { grant_types: ["implicit", "password", "authorization_code"] })], finds: [error("auth0_client.c")] },
  "TPA101 only allowed grant types": { resources: [strict("c", { grant_types: ["authorization_code", "refresh_token", "client_credentials"] })], finds: none },
  "TPA101 grant types unset (Auth0's default: authorization_code, refresh_token)": { resources: [strict("c")], finds: none },
  "TPA101 client_credentials under strict-2026-04, before machine-to-machine support": {
    resources: [m2m("c")],
    profile: profileById("strict-2026-04"),
    finds: [error("auth0_client.c")],
  },
  "TPA101 implicit on a permissive app": { resources: [permissive("c", { grant_types: ["implicit"] })], tenant: { permissiveEligible: true }, finds: none },

  // TPA102: confidential-only grants on a public client
  "TPA102 client_credentials with token endpoint auth method none on a regular_web app": {
    resources: [strict("c", { app_type: "regular_web", grant_types: ["client_credentials"] }), credentials("c", { authentication_method: "none" })],
    finds: [error("auth0_client.c")],
  },
  "TPA102 client_credentials on a regular_web app without credentials (Auth0's default: client_secret_post)": {
    resources: [strict("c", { app_type: "regular_web", grant_types: ["client_credentials"] })],
    finds: none,
  },
  "TPA102 client_credentials on a spa app under strict-2026-04 (no confidential-only grants: TPA101's finding)": {
    resources: [strict("c", { app_type: "spa", grant_types: ["client_credentials"] })],
    profile: profileById("strict-2026-04"),
    finds: none,
  },
  "TPA102 a native app without client_credentials": { resources: [strict("c", { app_type: "native", grant_types: ["authorization_code", "refresh_token"] })], finds: none },
  "TPA102 two confidential-only grant types of a profile, on a spa app (listed)": {
    resources: [strict("c", { app_type: "spa", grant_types: ["client_credentials", "urn:ietf:params:oauth:grant-type:jwt-bearer"] })],
    profile: newestWith({ confidentialOnlyGrantTypes: ["client_credentials", "urn:ietf:params:oauth:grant-type:jwt-bearer"] }),
    finds: [error("auth0_client.c")],
  },
  "TPA102 two confidential-only grant types of a profile, with method none (listed)": {
    resources: [strict("c", { app_type: "non_interactive", grant_types: ["client_credentials", "urn:ietf:params:oauth:grant-type:jwt-bearer"] }), credentials("c", { authentication_method: "none" })],
    profile: newestWith({ confidentialOnlyGrantTypes: ["client_credentials", "urn:ietf:params:oauth:grant-type:jwt-bearer"] }),
    finds: [error("auth0_client.c")],
  },
  "TPA102 an authentication method only known at apply": {
    resources: [strict("c", { app_type: "regular_web", grant_types: ["client_credentials"] }), credentials("c", { authentication_method: UNKNOWN })],
    finds: [warning("auth0_client_credentials.c_credentials")],
  },

  // TPA103: OIDC scopes
  "TPA103 two OIDC scopes beside an API scope (plural, listed)": { resources: [strict("c", {}, { requestedScopes: ["openid", "read:orders", "email"] })], finds: [error("auth0_client.c")] },
  "TPA103 no requested scopes": { resources: [strict("c")], finds: none },
  "TPA103 API scopes and offline_access only": { resources: [strict("c", {}, { requestedScopes: ["read:orders", "offline_access"] })], finds: none },
  "TPA103 OIDC scopes under a profile in which strict apps get OIDC": {
    resources: [strict("c", {}, { requestedScopes: ["openid", "profile"] })],
    profile: newestWith({ oidcScopesProcessed: true }),
    finds: none,
  },
  "TPA103 OIDC scopes on a permissive app": { resources: [permissive("c", {}, { requestedScopes: ["openid"] })], tenant: { permissiveEligible: true }, finds: none },

  // TPA104: Classic Login
  "TPA104 an empty custom login page": { resources: [strict("c", { custom_login_page: "" })], finds: none },
  "TPA104 a custom login page of whitespace": { resources: [strict("c", { custom_login_page: "  \n " })], finds: none },
  "TPA104 a custom login page switched off (custom_login_page_on false)": { resources: [strict("c", { custom_login_page: "<html>classic</html>", custom_login_page_on: false })], finds: none },
  "TPA104 a custom login page switched on explicitly": { resources: [strict("c", { custom_login_page: "<html>classic</html>", custom_login_page_on: true })], finds: [error("auth0_client.c")] },
  "TPA104 a custom login page on a first-party client": { resources: [client("c", { custom_login_page: "<html>classic</html>" })], finds: none },
  "TPA104 Classic Login known only from the tenant facts, with two strict apps": {
    resources: [strict("a"), strict("b"), client("first")],
    tenant: { universalLogin: "classic" },
    finds: [error()],
  },
  "TPA104 Classic Login from the tenant facts with seven strict apps (five named)": {
    resources: ["a", "b", "c", "d", "e", "f", "g"].map((n) => strict(n)),
    tenant: { universalLogin: "classic" },
    finds: [error()],
  },
  "TPA104 the new Universal Login in the tenant facts": { resources: [strict("a")], tenant: { universalLogin: "new" }, finds: none },
  "TPA104 an auth0_prompt with the new experience": { resources: [strict("a"), res("auth0_prompt", "p", { universal_login_experience: "new" })], finds: none },
  "TPA104 a classic auth0_prompt beside a strict app's custom page": {
    resources: [strict("a", { custom_login_page: "<html/>" }), res("auth0_prompt", "p", { universal_login_experience: "classic" })],
    finds: [error("auth0_client.a"), error("auth0_prompt.p")],
  },
  "TPA104 Classic Login in the tenant facts without strict apps": { resources: [client("first"), permissive("p")], tenant: { universalLogin: "classic", permissiveEligible: true }, finds: none },

  // TPA105: legacy features
  "TPA105 a cross-origin verification page (cross_origin_loc) alone": { resources: [strict("c", { cross_origin_loc: "https://app.partner.test/cross.html" })], finds: [error("auth0_client.c")] },
  "TPA105 cross_origin_auth true": { resources: [strict("c", { cross_origin_auth: true })], finds: [error("auth0_client.c")] },
  "TPA105 cross_origin_auth true with its fallback page (one finding)": {
    resources: [strict("c", { cross_origin_auth: true, cross_origin_loc: "https://app.partner.test/cross.html" })],
    finds: [error("auth0_client.c")],
  },
  "TPA105 cross_origin_auth false and an empty cross_origin_loc": { resources: [strict("c", { cross_origin_auth: false, cross_origin_loc: "" })], finds: none },
  "TPA105 oidc_conformant true": { resources: [strict("c", { oidc_conformant: true })], finds: none },
  // each feature is checked on its own: a value only known at apply hides no known legacy feature
  "TPA105 oidc_conformant only known at apply beside cross-origin authentication and an addon": {
    resources: [strict("c", { oidc_conformant: UNKNOWN, cross_origin_auth: true, addons: { wsfed: {} } })],
    finds: [warning("auth0_client.c"), error("auth0_client.c"), error("auth0_client.c")],
  },
  "TPA105 two addons (listed)": { resources: [strict("c", { addons: [{ samlp: [{ audience: "urn:partner" }], wsfed: [{}] }] })], finds: [error("auth0_client.c")] },
  // plan JSON lists every addon of the provider's schema, an unset one as an empty list (test/plan-addons.test.ts)
  "TPA105 one addon in plan JSON's shape (the others empty lists)": {
    resources: [strict("c", { addons: [{ aws: [], samlp: [{ audience: "urn:partner", recipient: null }], wsfed: [], zoom: [] }] })],
    finds: [error("auth0_client.c")],
  },
  "TPA105 an empty addons block in plan JSON's shape (every addon an empty list)": { resources: [strict("c", { addons: [{ aws: [], samlp: [], wsfed: [] }] })], finds: none },
  "TPA105 an addon with only its defaults, as synth writes it": { resources: [strict("c", { addons: { wsfed: {} } })], finds: [error("auth0_client.c")] },
  "TPA105 addons left null or undefined beside one set": { resources: [strict("c", { addons: { samlp: null, sso_integration: undefined, wsfed: {} } })], finds: [error("auth0_client.c")] },
  "TPA105 an empty addons list": { resources: [strict("c", { addons: [] })], finds: none },
  "TPA105 all three legacy features on one app": {
    resources: [strict("c", { oidc_conformant: false, cross_origin_auth: true, addons: { samlp: [{}] } })],
    finds: [error("auth0_client.c"), error("auth0_client.c"), error("auth0_client.c")],
  },
  "TPA105 legacy features on a first-party client": { resources: [client("c", { oidc_conformant: false, cross_origin_auth: true, addons: [{ samlp: [{}] }] })], finds: none },

  // TPA106: properties outside the curated set
  "TPA106 two rejected properties": { resources: [strict("c", { sso: true, require_pushed_authorization_requests: true })], finds: [error("auth0_client.c"), error("auth0_client.c")] },
  "TPA106 a nested rejected property (jwt_configuration.scopes)": { resources: [strict("c", { jwt_configuration: [{ alg: "RS256", scopes: { "read:orders": "x" } }] })], finds: [error("auth0_client.c")] },
  "TPA106 empty lists and blocks are not set": {
    resources: [strict("c", { allowed_logout_urls: [], mobile: {}, native_social_login: [], oidc_logout: null })],
    finds: none,
  },
  "TPA106 mTLS on the credentials (a refused value)": { resources: [strict("c"), credentials("c", { authentication_method: "tls_client_auth" })], finds: [error("auth0_client_credentials.c_credentials")] },
  "TPA106 a signed request object on the credentials (refused whatever its value)": {
    resources: [strict("c"), credentials("c", { authentication_method: "private_key_jwt", signed_request_object: [{ required: true }] })],
    finds: [error("auth0_client_credentials.c_credentials")],
  },
  "TPA106 private_key_jwt credentials": { resources: [strict("c"), credentials("c", { authentication_method: "private_key_jwt" })], finds: none },
  "TPA106 rejected properties on a permissive app": { resources: [permissive("c", { sso: true }), credentials("c", { authentication_method: "tls_client_auth" })], tenant: { permissiveEligible: true }, finds: none },

  // TPA107: signing algorithm
  "TPA107 RS256": { resources: [strict("c", { jwt_configuration: [{ alg: "RS256" }] })], finds: none },
  "TPA107 no jwt_configuration": { resources: [strict("c")], finds: none },
  "TPA107 an algorithm left null (plan JSON)": { resources: [strict("c", { jwt_configuration: [{ alg: null, lifetime_in_seconds: 3600 }] })], finds: none },
  "TPA107 HS256 under a profile of three algorithms (listed)": {
    resources: [strict("c", { jwt_configuration: [{ alg: "HS256" }] })],
    profile: newestWith({ signingAlgorithms: ["RS256", "RS512", "PS256"] }),
    finds: [error("auth0_client.c")],
  },
  "TPA107 HS256 on a first-party client": { resources: [client("c", { jwt_configuration: [{ alg: "HS256" }] })], finds: none },

  // TPA108: refresh tokens
  "TPA108 the expiration type only known at apply beside an infinite idle lifetime": {
    resources: [strict("c", { refresh_token: [{ expiration_type: UNKNOWN, infinite_idle_token_lifetime: true }] })],
    finds: [warning("auth0_client.c"), error("auth0_client.c")],
  },
  "TPA108 an infinite idle lifetime": { resources: [strict("c", { refresh_token: [{ expiration_type: "expiring", infinite_idle_token_lifetime: true }] })], finds: [error("auth0_client.c")] },
  "TPA108 non-expiring and an infinite idle lifetime": {
    resources: [strict("c", { refresh_token: [{ expiration_type: "non-expiring", infinite_idle_token_lifetime: true }] })],
    finds: [error("auth0_client.c"), error("auth0_client.c")],
  },
  "TPA108 an infinite absolute lifetime with a finite idle one (what Auth0 returns)": {
    resources: [strict("c", { refresh_token: [{ expiration_type: "expiring", infinite_token_lifetime: true, infinite_idle_token_lifetime: false, idle_token_lifetime: 2592000 }] })],
    finds: none,
  },

  // TPA109: wildcards
  "TPA109 two wildcard callbacks (listed)": { resources: [strict("c", { callbacks: ["https://*.a.test/cb", "https://ok.test/cb", "https://*.b.test/cb"] })], finds: [error("auth0_client.c")] },
  "TPA109 wildcards in allowed_origins and web_origins": {
    resources: [strict("c", { allowed_origins: ["https://*.a.test"], web_origins: ["https://*.b.test"] })],
    finds: [error("auth0_client.c"), error("auth0_client.c")],
  },
  "TPA109 exact URLs only": { resources: [strict("c", { callbacks: ["https://a.test/cb"], allowed_origins: ["https://a.test"], web_origins: [] })], finds: none },
  "TPA109 a wildcard on a first-party client": { resources: [client("c", { callbacks: ["https://*.a.test/cb"] })], finds: none },

  // TPA110: application type
  "TPA110 each allowed application type": { resources: ["regular_web", "spa", "native", "non_interactive"].map((t) => strict(t, { app_type: t })), finds: none },
  "TPA110 no application type, or null": { resources: [strict("a"), strict("b", { app_type: null })], finds: none },
  "TPA110 sso_integration on a first-party client": { resources: [client("c", { app_type: "sso_integration" })], finds: none },

  // TPA111: third-party clients without a mode
  "TPA111 no mode before Auth0 creates such clients strict (the toggle decides)": { resources: [modeless("c")], tenant: { permissiveEligible: true }, today: BEFORE_SWITCH, finds: [error("auth0_client.c")] },
  "TPA111 an adopted client the tenant reports without a mode": { resources: [modeless("c", {}, { adoptedWithoutMode: "permissive" })], tenant: { permissiveEligible: true }, finds: none },
  "TPA111 explicit modes": { resources: [strict("s"), permissive("p")], tenant: { permissiveEligible: true }, finds: none },
  "TPA111 a DCR mode Auth0 does not have (Strict)": { resources: [dcr("Strict", true)], finds: [error("auth0_tenant.tenant")] },
  "TPA111 the DCR modes Auth0 has, and one only known at apply (a warning)": { resources: [dcr("strict", true), dcr("permissive"), dcr(UNKNOWN)], finds: [warning("auth0_tenant.tenant")] },
  "TPA111 a first-party client without a mode": { resources: [client("c")], finds: none },

  // TPA112: redirection_policy
  "TPA112 on a first-party client": { resources: [client("c", { redirection_policy: "open_redirect_protection" })], finds: [warning("auth0_client.c")] },
  "TPA112 on a permissive client": { resources: [permissive("c", { redirection_policy: "allow_always" })], tenant: { permissiveEligible: true }, finds: [warning("auth0_client.c")] },
  "TPA112 open_redirect_protection on a strict client": { resources: [strict("c", { redirection_policy: "open_redirect_protection" })], finds: none },
  "TPA112 unset or null": { resources: [strict("a"), client("b", { redirection_policy: null })], finds: none },
  "TPA112 allow_always on a client without a mode, created strict": { resources: [modeless("c", { redirection_policy: "allow_always" })], finds: [warning("auth0_client.c")] },

  // TPA113: strict on a first-party client
  "TPA113 is_first_party null (plan JSON: unset)": { resources: [client("c", { third_party_security_mode: "strict", is_first_party: null })], finds: [error("auth0_client.c")] },
  "TPA113 is_first_party true, written out": { resources: [client("c", { third_party_security_mode: "strict", is_first_party: true })], finds: [error("auth0_client.c")] },
  "TPA113 permissive on a first-party client": { resources: [client("c", { third_party_security_mode: "permissive", is_first_party: true })], finds: none },

  // TPA120: permissive on a tenant not eligible
  "TPA120 permissive DCR on a tenant not eligible": { resources: [dcr("permissive", true)], finds: [error("auth0_tenant.tenant")] },
  "TPA120 permissive DCR switched off": { resources: [dcr("permissive", false)], finds: none },
  "TPA120 strict DCR and a strict app": { resources: [dcr("strict", true), strict("c")], finds: none },
  "TPA120 a permissive app and permissive DCR on an eligible tenant": { resources: [permissive("c"), dcr("permissive")], tenant: { permissiveEligible: true }, finds: none },
  "TPA120 a permissive app and permissive DCR on a tenant not eligible": {
    resources: [permissive("c"), dcr("permissive")],
    finds: [error("auth0_client.c"), error("auth0_tenant.tenant")],
  },

  // TPA121: justification and review date of permissive apps
  "TPA121 a justification and a review date in the future": {
    resources: [permissive("c", { client_metadata: { tpa_justification: "legacy partner", tpa_review_by: "2027-01-01" } })],
    tenant: { permissiveEligible: true },
    finds: none,
  },
  "TPA121 a review date of today has not passed": {
    resources: [permissive("c", { client_metadata: { tpa_justification: "legacy partner", tpa_review_by: TODAY } })],
    tenant: { permissiveEligible: true },
    finds: none,
  },
  "TPA121 a review date that has passed": {
    resources: [permissive("c", { client_metadata: { tpa_justification: "legacy partner", tpa_review_by: "2026-11-30" } })],
    tenant: { permissiveEligible: true },
    finds: [error("auth0_client.c")],
  },
  "TPA121 a review date that is no date sorts after every day, and is refused": {
    resources: [permissive("c", { client_metadata: { tpa_justification: "legacy partner", tpa_review_by: "TBD" } })],
    tenant: { permissiveEligible: true },
    finds: [error("auth0_client.c")],
  },
  "TPA121 a review date of a day no calendar has": {
    resources: [permissive("c", { client_metadata: { tpa_justification: "legacy partner", tpa_review_by: "2027-02-30" } })],
    tenant: { permissiveEligible: true },
    finds: [error("auth0_client.c")],
  },
  "TPA121 a justification of nine characters is too short": {
    resources: [permissive("c", { client_metadata: { tpa_justification: "123456789", tpa_review_by: "2027-01-01" } })],
    tenant: { permissiveEligible: true },
    finds: [error("auth0_client.c")],
  },
  "TPA121 a justification of ten characters is enough": {
    resources: [permissive("c", { client_metadata: { tpa_justification: "1234567890", tpa_review_by: "2027-01-01" } })],
    tenant: { permissiveEligible: true },
    finds: none,
  },
  "TPA121 a justification padded with spaces to ten characters is too short": {
    resources: [permissive("c", { client_metadata: { tpa_justification: "  partner  ", tpa_review_by: "2027-01-01" } })],
    tenant: { permissiveEligible: true },
    finds: [error("auth0_client.c")],
  },
  "TPA121 a justification without a review date": {
    resources: [permissive("c", { client_metadata: { tpa_justification: "legacy partner" } })],
    tenant: { permissiveEligible: true },
    finds: [error("auth0_client.c")],
  },
  "TPA121 justification and review date from the construct's notes, no client_metadata": {
    resources: [permissive("c", {}, { justification: "legacy partner", reviewBy: "2027-01-01" })],
    tenant: { permissiveEligible: true },
    finds: none,
  },
  "TPA121 the notes win over client_metadata": {
    resources: [permissive("c", { client_metadata: { tpa_justification: "short", tpa_review_by: "2027-01-01" } }, { justification: "legacy partner", reviewBy: "2026-01-01" })],
    tenant: { permissiveEligible: true },
    finds: [error("auth0_client.c")],
  },
  "TPA121 a strict app without a justification": { resources: [strict("c")], tenant: { permissiveEligible: true }, finds: none },

  // TPA122: permissive access to allow_all APIs
  "TPA122 permissive apps and permissive DCR together": { resources: [permissive("p"), dcr("permissive", true), api()], tenant: { permissiveEligible: true }, finds: [warning("auth0_resource_server.orders")] },
  "TPA122 six permissive apps (five named)": {
    resources: [...["a", "b", "c", "d", "e", "f"].map((n) => permissive(n)), api()],
    tenant: { permissiveEligible: true },
    finds: [warning("auth0_resource_server.orders")],
  },
  "TPA122 only the API whose user policy is allow_all": {
    resources: [permissive("p"), api("orders", policies("allow_all")), api("invoices", { identifier: INVOICES, ...policies("require_client_grant") })],
    tenant: { permissiveEligible: true },
    finds: [warning("auth0_resource_server.orders")],
  },
  "TPA122 strict apps and strict DCR only": { resources: [strict("s"), dcr("strict", true), api()], finds: none },
  "TPA122 permissive DCR switched off": { resources: [dcr("permissive", false), api()], tenant: { permissiveEligible: true }, finds: none },
  "TPA122 permissive DCR alone": { resources: [dcr("permissive", true), api()], tenant: { permissiveEligible: true }, finds: [warning("auth0_resource_server.orders")] },

  // TPA201: API access of strict apps
  "TPA201 a machine-to-machine app with only a default user grant": { resources: [m2m("c", { calls: [API] }), api(), defaultGrant("d", "user")], finds: [error("auth0_client.c")] },
  "TPA201 a machine-to-machine app with a per-app client grant": { resources: [m2m("c", { calls: [API] }), api(), perApp("g", "c", "client")], finds: none },
  "TPA201 a per-app user grant whose audience references the API": {
    resources: [strict("c", {}, { calls: [API] }), api(), perApp("g", "c", "user", { audience: "${auth0_resource_server.orders.identifier}" })],
    finds: none,
  },
  "TPA201 both flows, a client policy deny_all and no user grant": {
    resources: [strict("c", { app_type: "regular_web", grant_types: ["authorization_code", "client_credentials"] }, { calls: [API] }), api("orders", policies(undefined, "deny_all")), perApp("g", "c", "client")],
    finds: [error("auth0_client.c"), error("auth0_client.c")],
  },
  "TPA201 two called APIs, one granted": {
    resources: [strict("c", {}, { calls: [API, INVOICES] }), api(), api("invoices", { identifier: INVOICES }), defaultGrant("d", "user")],
    finds: [error("auth0_client.c")],
  },
  "TPA201 an API outside the stack with a default user grant for it": { resources: [strict("c", {}, { calls: [INVOICES] }), defaultGrant("d", "user", { audience: INVOICES })], finds: none },
  "TPA201 an API outside the stack without a grant": { resources: [strict("c", {}, { calls: [INVOICES] })], finds: [error("auth0_client.c")] },
  "TPA201 a per-app grant of another app does not count": { resources: [strict("c", {}, { calls: [API] }), strict("other"), api(), perApp("g", "other", "user")], finds: [error("auth0_client.c")] },
  "TPA201 an app that calls nothing": { resources: [strict("c"), api()], finds: none },
  "TPA201 an app that calls nothing, with grant types and a grant's client only known at apply (nothing to decide)": {
    resources: [strict("c", { grant_types: UNKNOWN }), api(), grant("g", { client_id: UNKNOWN })],
    finds: none,
  },
  "TPA201 a permissive app without a grant": { resources: [permissive("c", {}, { calls: [API] }), api()], tenant: { permissiveEligible: true }, finds: none },

  // TPA202: grant scopes the API does not define
  "TPA202 two undefined scopes (plural, listed)": { resources: [api(), scopes("orders", "read:orders"), perApp("g", "c", "user", { scopes: ["read:orders", "admin", "delete:orders"] })], finds: [error("auth0_client_grant.g")] },
  "TPA202 every scope defined, by both scope resources": {
    resources: [api(), scopes("orders", "read:orders"), res("auth0_resource_server_scope", "w", { resource_server_identifier: API, scope: "write:orders" }), defaultGrant("g", "user", { scopes: ["read:orders", "write:orders"] })],
    finds: none,
  },
  "TPA202 a grant on an API outside the stack": { resources: [defaultGrant("g", "user", { audience: INVOICES, scopes: ["anything"] })], finds: none },
  "TPA202 a grant of all scopes (allow_all_scopes, no scopes list)": {
    resources: [api(), scopes("orders", "read:orders"), res("auth0_client_grant", "g", { audience: API, default_for: "third_party_clients", subject_type: "user", allow_all_scopes: true })],
    finds: none,
  },

  // TPA203: system APIs
  "TPA203 a per-app grant of a tpc_ client outside the stack (a strict client by its ID)": {
    resources: [grant("g", { client_id: "tpc_aBcDeFgHiJkLmNoPqRsTuV", audience: MANAGEMENT_API, scopes: ["read:users"] })],
    finds: [error("auth0_client_grant.g")],
  },
  "TPA203 a per-app grant to a strict app on the Management API": { resources: [strict("c"), perApp("g", "c", "client", { audience: MANAGEMENT_API })], finds: [error("auth0_client_grant.g")] },
  "TPA203 a per-app grant to a first-party app on the Management API": { resources: [client("c"), perApp("g", "c", "client", { audience: MANAGEMENT_API })], finds: none },
  "TPA203 a per-app grant to a client outside the stack on the Management API (a warning: third-party or not is not known here)": {
    resources: [grant("g", { client_id: "abc123", audience: MANAGEMENT_API })],
    finds: [warning("auth0_client_grant.g")],
  },
  "TPA203 a default grant on another tenant's MFA API": { resources: [defaultGrant("g", "user", { audience: "https://other.us.auth0.com/mfa/" })], finds: [error("auth0_client_grant.g")] },
  "TPA203 a default grant on the My Account API of the tenant's custom domain": {
    resources: [defaultGrant("g", "user", { audience: "https://login.acme.test/me/" })],
    tenant: { domain: "login.acme.test" },
    finds: [error("auth0_client_grant.g")],
  },
  "TPA203 a default grant on an API of the customer": { resources: [defaultGrant("g", "user")], finds: none },

  // TPA204: duplicate default grants
  "TPA204 three default grants for one API and subject type": {
    resources: [defaultGrant("a", "user"), defaultGrant("b", "user"), defaultGrant("c", "user")],
    finds: [error("auth0_client_grant.b"), error("auth0_client_grant.c")],
  },
  "TPA204 a reference and the literal identifier are the same audience": {
    resources: [api(), defaultGrant("a", "client", { audience: "${auth0_resource_server.orders.identifier}" }), defaultGrant("b", "client")],
    finds: [error("auth0_client_grant.b")],
  },
  "TPA204 default grants for two APIs": { resources: [defaultGrant("a", "user"), defaultGrant("b", "user", { audience: INVOICES })], finds: none },
  "TPA204 a per-app grant beside the default grant": { resources: [strict("c"), defaultGrant("a", "user"), perApp("b", "c", "user")], finds: none },

  // TPA205: default grants naming a client
  "TPA205 a default grant with client_id null (plan JSON)": { resources: [defaultGrant("g", "user", { client_id: null })], finds: none },
  "TPA205 a per-app grant": { resources: [strict("c"), perApp("g", "c", "user")], finds: none },
  "TPA205 a default grant without client_id": { resources: [defaultGrant("g", "user")], finds: none },
  "TPA205 a default grant whose client_id is an expression": { resources: [defaultGrant("g", "user", { client_id: UNKNOWN })], finds: [error("auth0_client_grant.g")] },

  // TPA206: allow_any_organization
  "TPA206 allow_any_organization on a grant of a tpc_ client outside the stack": {
    resources: [grant("g", { client_id: "tpc_aBcDeFgHiJkLmNoPqRsTuV", audience: INVOICES, allow_any_organization: true })],
    finds: [error("auth0_client_grant.g")],
  },
  "TPA206 allow_any_organization on a default grant": { resources: [defaultGrant("g", "client", { allow_any_organization: true })], finds: [error("auth0_client_grant.g")] },
  "TPA206 allow_any_organization false on a default grant": { resources: [defaultGrant("g", "client", { allow_any_organization: false })], finds: none },
  "TPA206 allow_any_organization on a grant of a client outside the stack (a warning)": { resources: [grant("g", { client_id: "abc123", allow_any_organization: true })], finds: [warning("auth0_client_grant.g")] },

  // TPA207: requested scopes no called API defines
  "TPA207 two undefined scopes, two called APIs (listed)": {
    resources: [strict("c", {}, { requestedScopes: ["read:orders", "mcp:tools", "mcp:prompts"], calls: [API, INVOICES] }), api(), api("invoices", { identifier: INVOICES }), scopes("orders", "read:orders")],
    finds: [warning("auth0_client.c")],
  },
  "TPA207 a requested scope while the app calls no API": { resources: [strict("c", {}, { requestedScopes: ["read:orders"] })], finds: [warning("auth0_client.c")] },
  "TPA207 two APIs outside the stack may define the scopes": {
    resources: [strict("c", {}, { requestedScopes: ["read:a", "read:b"], calls: ["https://a.test", "https://b.test"] })],
    finds: [warning("auth0_client.c")],
  },
  "TPA207 a scope defined by the second called API": {
    resources: [strict("c", {}, { requestedScopes: ["read:invoices"], calls: [API, INVOICES] }), api(), api("invoices", { identifier: INVOICES }), scopes("invoices", "read:invoices")],
    finds: none,
  },
  "TPA207 protocol scopes only": { resources: [strict("c", {}, { requestedScopes: ["openid", "profile", "email", "address", "phone", "offline_access"] })], finds: none },
  "TPA207 protocol scopes only, beside an API whose identifier is only known at apply (nothing to decide)": {
    resources: [strict("c", {}, { requestedScopes: ["openid", "offline_access"], calls: [API] }), api(), api("later", { identifier: UNKNOWN })],
    finds: none,
  },
  "TPA207 every scope defined by a managed API, while the app also calls an unmanaged one": {
    resources: [strict("c", {}, { requestedScopes: ["read:orders"], calls: [API, "https://elsewhere.test"] }), api(), scopes("orders", "read:orders")],
    finds: none,
  },
  "TPA207 a permissive app's undefined scope": {
    resources: [permissive("c", {}, { requestedScopes: ["write:orders"], calls: [API] }), api(), scopes("orders", "read:orders")],
    tenant: { permissiveEligible: true },
    finds: [warning("auth0_client.c")],
  },

  // TPA301: strict DCR without default user grants
  "TPA301 strict DCR with its flag left unset (the tenant may have DCR on)": { resources: [dcr("strict"), api()], finds: [error("auth0_tenant.tenant")] },
  "TPA301 strict DCR switched off": { resources: [dcr("strict", false), api()], finds: none },
  "TPA301 permissive DCR without default grants": { resources: [dcr("permissive", true), api()], tenant: { permissiveEligible: true }, finds: none },
  "TPA301 a default user grant on an API outside the stack serves DCR clients": { resources: [dcr("strict", true), defaultGrant("d", "user", { audience: INVOICES })], finds: none },
  "TPA301 a DCR mode only known at apply": { resources: [tenantResource({ dynamic_client_registration_security_mode: UNKNOWN }), api()], finds: [warning("auth0_tenant.tenant")] },

  // TPA302: CIMD without default user grants
  "TPA302 CIMD with a default user grant on an API that allows users": { resources: [cimd(), api("orders", policies("require_client_grant")), defaultGrant("d", "user")], finds: none },
  "TPA302 CIMD with a default user grant on an API that denies all users": { resources: [cimd(), api("orders", policies("deny_all")), defaultGrant("d", "user")], finds: [error("auth0_tenant.tenant")] },

  // TPA303: enabled Rules
  "TPA303 two Rules after the end of life, one without a name attribute": {
    resources: [authRule("add-claims"), res("auth0_rule", "unnamed", { enabled: true })],
    finds: [warning("auth0_rule.add-claims"), warning("auth0_rule.unnamed")],
  },
  "TPA303 a Rule before the end of life with strict apps, strict DCR and CIMD": {
    resources: [strict("c"), authRule("r"), dcr("strict", true), res("auth0_tenant", "cimd", { client_id_metadata_document_supported: true })],
    today: BEFORE_EOL,
    finds: [error("auth0_rule.r")],
  },
  "TPA303 a Rule before the end of life with CIMD alone": { resources: [authRule("r"), cimd()], today: BEFORE_EOL, finds: [error("auth0_rule.r")] },
  "TPA303 a Rule before the end of life with strict DCR alone": { resources: [client("first"), authRule("r"), dcr("strict", true)], today: BEFORE_EOL, finds: [error("auth0_rule.r")] },
  "TPA303 no Rules, beside a DCR mode only known at apply (nothing to decide)": {
    resources: [strict("c"), tenantResource({ dynamic_client_registration_security_mode: UNKNOWN })],
    today: BEFORE_EOL,
    finds: none,
  },
  "TPA303 a disabled Rule": { resources: [strict("c"), authRule("r", { enabled: false })], today: BEFORE_EOL, finds: none },
  "TPA303 a disabled Rule after the end of life": { resources: [authRule("r", { enabled: false })], finds: none },
  "TPA303 a Rule before the end of life with strict DCR switched off and first-party apps": { resources: [client("first"), authRule("r"), dcr("strict", false)], today: BEFORE_EOL, finds: none },

  // TPA304: credentials-exchange Hooks
  "TPA304 a Hook after the end of life": { resources: [m2m("c"), hook("h")], finds: [warning("auth0_hook.h")] },
  "TPA304 a Hook before the end of life with two machine-to-machine apps (listed)": { resources: [m2m("a"), m2m("b"), strict("user-app"), hook("h")], today: BEFORE_EOL, finds: [error("auth0_hook.h")] },
  "TPA304 a disabled Hook": { resources: [m2m("c"), hook("h", { enabled: false })], today: BEFORE_EOL, finds: none },
  "TPA304 a Hook of another trigger": { resources: [m2m("c"), hook("h", { trigger_id: "pre-user-registration" })], today: BEFORE_EOL, finds: none },
  "TPA304 a disabled Hook after the end of life": { resources: [hook("h", { enabled: false })], finds: none },
  "TPA304 no Hooks, beside grant types only known at apply (nothing to decide)": { resources: [strict("c", { grant_types: UNKNOWN })], today: BEFORE_EOL, finds: none },

  // TPA305: organizations
  "TPA305 a permissive app with two organizations (listed)": {
    resources: [permissive("c", {}, { organizations: ["partners", "vendors"] }), org("partners", "allow"), org("vendors", "allow")],
    tenant: { permissiveEligible: true },
    finds: [error("auth0_client.c")],
  },
  "TPA305 two organizations, one allows and one blocks explicitly": {
    resources: [strict("c", {}, { organizations: ["partners", "vendors"] }), org("partners", "allow"), org("vendors", "block")],
    finds: [error("auth0_client.c")],
  },
  "TPA305 an organization this stack does not manage": { resources: [strict("c", {}, { organizations: ["elsewhere"] })], finds: [warning("auth0_client.c")] },
  "TPA305 no organizations": { resources: [strict("c"), org("partners")], finds: none },
  "TPA305 a permissive app without organizations": { resources: [permissive("c"), org("partners")], tenant: { permissiveEligible: true }, finds: none },
  "TPA305 a client without a mode while the toggle decides": {
    resources: [modeless("c", {}, { organizations: ["partners"] }), org("partners")],
    tenant: { permissiveEligible: true },
    today: BEFORE_SWITCH,
    finds: none,
  },

  // TPA401: mode changes
  "TPA401 strict to permissive at the same address": { resources: [permissive("c")], baseline: [strict("c")], tenant: { permissiveEligible: true }, finds: [error("auth0_client.c")] },
  "TPA401 permissive to strict at a new address (the mode in the address)": {
    resources: [strict("portal_strict")],
    baseline: [permissive("portal_permissive")],
    tenant: { permissiveEligible: true },
    finds: [error("auth0_client.portal_strict")],
  },
  "TPA401 strict to permissive at a new address (no tpc_ prefix)": {
    resources: [permissive("portal_permissive")],
    baseline: [strict("portal_strict")],
    tenant: { permissiveEligible: true },
    finds: [error("auth0_client.portal_permissive")],
  },
  "TPA401 the same mode": { resources: [strict("c")], baseline: [strict("c")], finds: none },
  "TPA401 a baseline client without a mode": { resources: [strict("c")], baseline: [modeless("c")], finds: none },
  "TPA401 a new client without a mode": { resources: [modeless("c")], baseline: [strict("c")], finds: none },
  "TPA401 no baseline": { resources: [permissive("c")], tenant: { permissiveEligible: true }, finds: none },
  "TPA401 a client that is not in the baseline": { resources: [permissive("c")], baseline: [strict("other")], tenant: { permissiveEligible: true }, finds: none },
  "TPA401 a mode only known at apply": { resources: [client("c", { is_first_party: false, third_party_security_mode: UNKNOWN })], baseline: [strict("c")], finds: [warning("auth0_client.c")] },

  // TPA402: is_first_party changes
  "TPA402 first-party to third-party": { resources: [strict("c")], baseline: [client("c")], finds: [error("auth0_client.c")] },
  "TPA402 third-party on both sides": { resources: [strict("c")], baseline: [strict("c")], finds: none },
  "TPA402 no baseline": { resources: [client("c", { is_first_party: true })], finds: none },

  // TPA403: protected environments
  "TPA403 a replacement at the same address (the plan replaces it)": {
    resources: [strict("c", {}, { replaced: true })],
    baseline: [strict("c")],
    tenant: { gates: { protectFromDestroy: true } },
    finds: [error("auth0_client.c")],
  },
  "TPA403 a replacement by a change of mode (the mode in the address)": {
    resources: [permissive("portal_permissive")],
    baseline: [strict("portal_strict")],
    tenant: { permissiveEligible: true, gates: { protectFromDestroy: true } },
    finds: [error("auth0_client.portal_permissive")],
  },
  "TPA403 a new app beside one that stays": { resources: [strict("c"), strict("new")], baseline: [strict("c")], tenant: { gates: { protectFromDestroy: true } }, finds: none },
  "TPA403 the same app, not replaced": { resources: [strict("c")], baseline: [strict("c")], tenant: { gates: { protectFromDestroy: true } }, finds: none },
  "TPA403 a default grant destroyed": { resources: [], baseline: [defaultGrant("d", "user")], tenant: { gates: { protectFromDestroy: true } }, finds: [error("auth0_client_grant.d")] },
  "TPA403 a first-party client and a per-app grant destroyed": {
    resources: [],
    baseline: [client("first"), perApp("g", "first", "client")],
    tenant: { gates: { protectFromDestroy: true } },
    finds: none,
  },
  "TPA403 a first-party client replaced": { resources: [client("first", {}, { replaced: true })], baseline: [client("first")], tenant: { gates: { protectFromDestroy: true } }, finds: none },
  "TPA403 a CIMD client destroyed and one replaced": {
    resources: [res("auth0_client_cimd", "mcp", { external_client_id: "https://mcp.example.com/client.json" }, { replaced: true })],
    baseline: [res("auth0_client_cimd", "mcp", { external_client_id: "https://mcp.example.com/client.json" }), res("auth0_client_cimd", "gone", { external_client_id: "https://gone.example.com/client.json" })],
    tenant: { gates: { protectFromDestroy: true } },
    finds: [error("auth0_client_cimd.gone"), error("auth0_client_cimd.mcp")],
  },
  "TPA403 a destroy where nothing is protected": { resources: [], baseline: [strict("c")], tenant: { gates: { protectFromDestroy: false } }, finds: none },
  "TPA403 a destroy in an environment without gates": { resources: [], baseline: [strict("c")], finds: none },
  "TPA403 protected, without a baseline": { resources: [strict("c", {}, { replaced: true })], tenant: { gates: { protectFromDestroy: true } }, finds: none },

  // TPA404: environment gates
  "TPA404 permissive DCR where permissive is forbidden": { resources: [dcr("permissive", true)], tenant: { permissiveEligible: true, gates: { forbidPermissive: true } }, finds: [error("auth0_tenant.tenant")] },
  "TPA404 strict apps and strict DCR where permissive is forbidden": { resources: [strict("c"), dcr("strict", true)], tenant: { gates: { forbidPermissive: true } }, finds: none },
  "TPA404 strict DCR required, no DCR policy declared": { resources: [strict("c"), tenantResource({ friendly_name: "Acme" })], tenant: { gates: { requireStrictDcr: true } }, finds: [error()] },
  "TPA404 strict DCR required, DCR permissive": { resources: [dcr("permissive", true)], tenant: { permissiveEligible: true, gates: { requireStrictDcr: true } }, finds: [error("auth0_tenant.tenant")] },
  "TPA404 strict DCR required and declared": { resources: [dcr("strict", true)], tenant: { gates: { requireStrictDcr: true } }, finds: none },
  "TPA404 strict DCR required, the DCR mode null (plan JSON: not declared)": {
    resources: [tenantResource({ dynamic_client_registration_security_mode: null })],
    tenant: { gates: { requireStrictDcr: true } },
    finds: [error()],
  },
  "TPA404 permissive apps and DCR without gates": { resources: [permissive("c"), dcr("permissive", true)], tenant: { permissiveEligible: true }, finds: none },
  "TPA404 both gates broken by one permissive DCR tenant": {
    resources: [dcr("permissive", true)],
    tenant: { permissiveEligible: true, gates: { forbidPermissive: true, requireStrictDcr: true } },
    finds: [error("auth0_tenant.tenant"), error("auth0_tenant.tenant")],
  },
};

const NAMES = Object.keys(EDGES);

describe("the edge cases", () => {
  test("each is named after a rule of the pack, and every rule of the pack has some", () => {
    const ids = new Set(STRICT_MODE_RULES.map((r) => r.id));
    expect(NAMES.filter((n) => !ids.has(n.split(" ")[0]))).toEqual([]);
    expect([...ids].filter((id) => !NAMES.some((n) => n.startsWith(`${id} `)))).toEqual([]);
  });

  test.each(NAMES)("%s", (name) => {
    const edge = EDGES[name];
    const findings = findingsOf(name, edge);
    const key = (severity: string, address?: string) => `${severity} ${address ?? "(tenant)"}`;
    expect(findings.map((f) => key(f.severity, f.address)).sort()).toEqual(edge.finds.map(([severity, address]) => key(severity, address)).sort());
    expect(findings.every((f) => !f.suppressed)).toBe(true);
  });
});

describe("what the golden does not show", () => {
  test("TPA404: the requireStrictDcr finding is about the environment file's gates, not a resource", () => {
    const [finding] = findingsOf("TPA404 strict DCR required, no DCR policy declared", EDGES["TPA404 strict DCR required, no DCR policy declared"]);
    expect(finding).toEqual(expect.objectContaining({ target: "gates", path: "t", address: undefined }));
  });

  test("TPA104: the Classic Login finding known from the tenant facts is about the tenant", () => {
    const name = "TPA104 Classic Login known only from the tenant facts, with two strict apps";
    expect(findingsOf(name, EDGES[name])).toEqual([expect.objectContaining({ target: "tenant", path: "t", address: undefined })]);
  });
});

describe("what the edge cases say (the golden findings)", () => {
  const GOLDEN = path.join(__dirname, "fixtures", "policy-edges-golden.json");
  const words = (name: string) =>
    findingsOf(name, EDGES[name]).map((f) => ({ rule: f.ruleId, severity: f.severity, address: f.address ?? null, attribute: f.attribute ?? null, message: f.message, suppressed: f.suppressed }));

  test("golden: each edge case's findings are the committed ones", () => {
    const actual = Object.fromEntries(NAMES.map((name) => [name, words(name)]));
    if (process.env.UPDATE_POLICY_EDGES_GOLDEN) fs.writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(fs.readFileSync(GOLDEN, "utf8")));
  });
});

describe("the pack is discovered from policy/rules (README: a new rule is one new file)", () => {
  const RULES_DIR = path.join(__dirname, "..", "policy", "rules");

  /** policy/rules' pack as its index builds it from a folder listing; `modules` are files of that listing that do not exist here. */
  function packFrom(listing: string[], modules: Record<string, Record<string, unknown>> = {}): string[] {
    const realFs = jest.requireActual<typeof fs>("node:fs");
    let ids: string[] = [];
    try {
      jest.isolateModules(() => {
        jest.doMock("node:fs", () => ({
          ...realFs,
          readdirSync: (dir: fs.PathLike, ...rest: unknown[]) => (path.resolve(String(dir)) === RULES_DIR ? listing : (realFs.readdirSync as (...a: unknown[]) => unknown)(dir, ...rest)),
        }));
        for (const [file, exports] of Object.entries(modules)) jest.doMock(path.join(RULES_DIR, file), () => exports, { virtual: true });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        ids = (require("../policy/rules") as { STRICT_MODE_RULES: readonly { id: string }[] }).STRICT_MODE_RULES.map((r) => r.id);
      });
    } finally {
      jest.dontMock("node:fs");
      for (const file of Object.keys(modules)) jest.dontMock(path.join(RULES_DIR, file));
    }
    return ids;
  }
  const fake = (id: string) => ({ [id]: { id, title: id, severity: "error", fact: "", source: "", fix: "", check: () => [] } });

  test("only tpaNNN.ts and tpaNNN.js files are rules, sorted by ID whatever order the folder lists them in", () => {
    const listing = ["tpa102.ts", "index.ts", "end-of-life.ts", "tpa105.js", "tpa101.ts", "README.md", "tpa101.d.ts", "tpa1011.ts", "xtpa103.ts", "tpa104.ts.map", "tpa10.ts", "tpa106-ts", "tpaabc.ts", "TPA107.ts"];
    expect(packFrom(listing, { "tpa105.js": fake("TPA105") })).toEqual(["TPA101", "TPA102", "TPA105"]);
  });

  test("a rule file that does not export its rule under its ID is an error that says what to write", () => {
    expect(() => packFrom(["tpa101.ts", "tpa998.ts"], { "tpa998.ts": fake("TPA999") })).toThrow('policy/rules/tpa998.ts must export the rule TPA998 with id "TPA998"');
    expect(() => packFrom(["tpa997.ts"], { "tpa997.ts": { TPA997: { ...fake("TPA997").TPA997, id: "TPA996" } } })).toThrow('policy/rules/tpa997.ts must export the rule TPA997 with id "TPA997"');
  });
});
