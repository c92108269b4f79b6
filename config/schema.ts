import { z } from "zod";
import { INPUT_BOUNDS } from "./bounds";
import { DATE_PATTERN, isCalendarDate, isoDay } from "../constructs/dates";
import { API_IDENTIFIER, LIMITS, metadataKeysLeft, ORGANIZATION_NAME, ORGANIZATION_NAME_RULE } from "../constructs/limits";
import { isStrictClientId, SECURITY_MODES } from "../constructs/security-mode";
import { NEWEST_PROFILE_ID, PROFILE_IDS, RULE_ID } from "../policy";
import {
  API_SIGNING_ALGORITHMS,
  APP_TYPES,
  CLIENT_ACCESS_POLICIES,
  RATE_LIMIT_ACTIONS,
  RATE_LIMIT_GROUPS,
  REDIRECTION_POLICIES,
  REFRESH_TOKEN_EXPIRATION_TYPES,
  REFRESH_TOKEN_ROTATION_TYPES,
  SUBJECT_TYPES,
  THIRD_PARTY_CLIENT_ACCESS,
  TOKEN_ENDPOINT_AUTH_METHODS,
  USER_ACCESS_POLICIES,
} from "../constructs/vocabulary";
import { clientAttribute, clientBlockField, providerAttributesSchema } from "./client-attributes";
import { CONFIGURED_SECRET_FIX, METADATA_SECRET_FIX, SECRET_BY_NAME, secretReason, unmistakableSecret, secretReasonText } from "../audit/secrets";

/**
 * The environment file (DESIGN.md §5). Field names are a contract that outside tools rely on:
 * keep them, add new ones freely. Every object is strict: an unknown key is an error, not a silent no-op.
 */

const configId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, "use lower-case letters, digits and dashes, starting with a letter");

const url = z.string().min(1);

/** A name people read: not empty, not only white space. */
const displayName = z.string().refine((s) => s.trim() !== "", "is blank: give a name, or leave the key out");

const isoDate = z
  .string()
  .regex(DATE_PATTERN, "use a date as YYYY-MM-DD")
  .refine(isCalendarDate, "not a day of the calendar (such as 2027-02-30): use a real date");

/** A list whose entries must differ (Auth0, or the constructs, reject a repeated entry). */
function uniqueList<T extends z.ZodType>(item: T, what: string) {
  return z.array(item).superRefine((list, ctx) => {
    const seen = new Set<unknown>();
    list.forEach((v, i) => {
      const key = typeof v === "object" && v !== null && "name" in v ? (v as { name: unknown }).name : v;
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i], message: `${what} "${String(key)}" is listed twice: remove the duplicate` });
      seen.add(key);
    });
  });
}

/** YAML reads an unquoted 2027-03-31 as a timestamp; accept both spellings, keep the string. */
const dateField = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? isoDay(v) : v),
  isoDate,
);

export const subjectType = z.enum(SUBJECT_TYPES);

const scopeName = z.string({ error: "a scope is a name such as read:orders" }).regex(/^\S+$/, "a scope has no white space");

export const tenantSchema = z.strictObject({
  domain: z
    .string()
    .max(253)
    .regex(
      /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
      "use the tenant's domain, such as acme-prod.eu.auth0.com (no scheme, no path)",
    ),
  environment: configId.optional(),
  permissiveEligible: z.boolean().default(false),
  profile: z.enum(PROFILE_IDS).default(NEWEST_PROFILE_ID),
  universalLogin: z.enum(["new", "classic"]).optional(),
  /** adopt the tenant's own settings (auth0_tenant, auth0_prompt) through Terraform import blocks @default false */
  adopt: z.boolean().optional(),
});

export const gatesSchema = z.strictObject({
  forbidPermissive: z.boolean().default(false),
  requireStrictDcr: z.boolean().default(false),
  protectFromDestroy: z.boolean().default(false),
});

export const dcrSchema = z.strictObject({
  enabled: z.boolean(),
  securityMode: z.enum(SECURITY_MODES),
});

const scopeEntry = z.union(
  [scopeName, z.strictObject({ name: scopeName, description: z.string().optional() })],
  { error: "a scope is a name such as read:orders, or { name: read:orders, description: ... }" },
);

export const apiSchema = z.strictObject({
  id: configId,
  identifier: z.string().regex(API_IDENTIFIER, "an API identifier is an audience without white space, such as https://api.example.com"),
  name: displayName.optional(),
  scopes: uniqueList(scopeEntry, "scope").default([]),
  accessPolicy: z
    .strictObject({
      user: z.enum(USER_ACCESS_POLICIES).default("require_client_grant"),
      client: z.enum(CLIENT_ACCESS_POLICIES).default("require_client_grant"),
    })
    .optional(),
  allowOfflineAccess: z.boolean().optional(),
  tokenLifetime: z.number().int().positive().optional(),
  signingAlg: z.enum(API_SIGNING_ALGORITHMS).optional(),
  /** an existing API (its resource server id) to adopt through Terraform import instead of creating one */
  importId: z.string().min(1).optional(),
});

export const grantSchema = z.strictObject({
  api: configId,
  subjectType,
  scopes: uniqueList(scopeName, "scope"),
  /** an existing client grant (cgr_...) to adopt through Terraform import instead of creating one */
  importId: z.string().min(1).optional(),
});

export const organizationSchema = z.strictObject({
  id: configId,
  name: z.string().regex(ORGANIZATION_NAME, `an organization name is ${ORGANIZATION_NAME_RULE}`),
  displayName: z.string().optional(),
  thirdPartyClientAccess: z.enum(THIRD_PARTY_CLIENT_ACCESS).default("block"),
});

export const refreshTokenSchema = z.strictObject({
  expirationType: z.enum(REFRESH_TOKEN_EXPIRATION_TYPES).optional(),
  rotationType: z.enum(REFRESH_TOKEN_ROTATION_TYPES).optional(),
  tokenLifetime: z.number().int().positive().optional(),
  idleTokenLifetime: z.number().int().positive().optional(),
  infiniteTokenLifetime: z.boolean().optional(),
  infiniteIdleTokenLifetime: z.boolean().optional(),
  leeway: z.number().int().nonnegative().optional(),
});

const clientMetadata = z
  .record(
    z.string(),
    z.string({ error: "a metadata value is a string (quote numbers and booleans)" }).max(LIMITS.clientMetadataValueLength, `a metadata value has at most ${LIMITS.clientMetadataValueLength} characters`),
  )
  .superRefine((m, ctx) => {
    const keys = Object.keys(m);
    if (keys.length > LIMITS.clientMetadataKeys) ctx.addIssue({ code: "custom", message: `Auth0 allows at most ${LIMITS.clientMetadataKeys} metadata keys` });
    for (const k of keys) {
      if (k.length > LIMITS.clientMetadataKeyLength) {
        ctx.addIssue({ code: "custom", path: [k], message: `a metadata key has at most ${LIMITS.clientMetadataKeyLength} characters` });
      } else if (k.startsWith(LIMITS.reservedMetadataPrefix)) {
        ctx.addIssue({ code: "custom", path: [k], message: `keys starting with ${LIMITS.reservedMetadataPrefix} are reserved for tpa: rename it` });
      }
      // what tpa audit and import remove from a tenant is not synthesized from a file either: an unmistakable shape, or
      // under a secret's name (api_key, password) a value that looks like a credential; a setting such as
      // password_policy: strong or secret_rotation_days: "90" is none
      const secret = unmistakableSecret(m[k]) ?? (secretReason(k, "") === SECRET_BY_NAME && looksLikeCredential(m[k]) ? SECRET_BY_NAME : undefined);
      if (secret) ctx.addIssue({ code: "custom", path: [k], message: `a secret by ${secretReasonText(secret)}: ${METADATA_SECRET_FIX}` });
    }
  });

/** 8 characters or more, and not one plain word or number: what a key, token or password is, and a setting's value is not. */
function looksLikeCredential(value: string): boolean {
  return value.length >= 8 && !/^([A-Za-z]+|[0-9]+)$/.test(value) && !/\s/.test(value.trim());
}

export const appSchema = z.strictObject({
  id: configId,
  name: displayName.optional(),
  description: z.string().max(LIMITS.descriptionLength, `Auth0 allows at most ${LIMITS.descriptionLength} characters`).optional(),
  mode: z.enum(SECURITY_MODES, { error: "set mode: strict or permissive (always explicit)" }),
  justification: z
    .string()
    .refine((s) => s.trim().length >= LIMITS.justificationMinLength, `explain in at least ${LIMITS.justificationMinLength} characters why the app stays permissive`)
    .refine((s) => s.length <= LIMITS.justificationMaxLength, `the justification is kept in client metadata: at most ${LIMITS.justificationMaxLength} characters`)
    .optional(),
  reviewBy: dateField.optional(),
  appType: z.enum(APP_TYPES).optional(),
  logoUri: url.optional(),
  callbacks: uniqueList(url, "callback").optional(),
  allowedOrigins: uniqueList(url, "origin").optional(),
  webOrigins: uniqueList(url, "origin").optional(),
  allowedLogoutUrls: uniqueList(url, "logout URL").optional(),
  grantTypes: uniqueList(z.string(), "grant type").optional(),
  tokenEndpointAuthMethod: z.enum(TOKEN_ENDPOINT_AUTH_METHODS).optional(),
  requestedScopes: z.array(scopeName).optional(),
  apis: uniqueList(configId, "API").default([]),
  permissions: z.array(grantSchema).default([]),
  organizations: uniqueList(configId, "organization").default([]),
  redirectionPolicy: z.enum(REDIRECTION_POLICIES).optional(),
  // Any text: the policy judges it against the profile's algorithms (TPA107), with the fix, even when it is not
  // one of JWT_ALGORITHMS (the construct prop's type) at all.
  jwtAlg: z.string().optional(),
  refreshToken: refreshTokenSchema.optional(),
  clientMetadata: clientMetadata.optional(),
  importClientId: z.string().min(1).optional(),
  /** an adopted client the tenant reports without third_party_security_mode: leave it unset (mode says how it behaves) */
  keepModeUnset: z.boolean().optional(),
  // Settings an existing app may carry (issue 13): typed from the pinned provider schema, strict rules apply.
  oidcConformant: clientAttribute("oidc_conformant", "bool", z.boolean()).optional(),
  customLoginPageOn: clientAttribute("custom_login_page_on", "bool", z.boolean()).optional(),
  /** the Classic Login page: the HTML itself, or { file: PATH } relative to the environment file */
  customLoginPage: clientAttribute(
    "custom_login_page",
    "string",
    z.union([z.string(), z.strictObject({ file: z.string().min(1) })]),
  ).optional(),
  crossOriginAuth: clientAttribute("cross_origin_auth", "bool", z.boolean()).optional(),
  crossOriginLoc: clientAttribute("cross_origin_loc", "string", url).optional(),
  sso: clientAttribute("sso", "bool", z.boolean()).optional(),
  ssoDisabled: clientAttribute("sso_disabled", "bool", z.boolean()).optional(),
  initiateLoginUri: clientAttribute("initiate_login_uri", "string", url).optional(),
  clientAliases: clientAttribute("client_aliases", ["list", "string"], z.array(z.string().min(1))).optional(),
  allowedClients: clientAttribute("allowed_clients", ["list", "string"], z.array(z.string().min(1))).optional(),
  /** the addons block of auth0_client (samlp, wsfed, ...), by the provider's attribute names */
  addons: clientBlockField("addons").optional(),
  /** other auth0_client attributes by their provider names, checked against the pinned schema */
  providerAttributes: providerAttributesSchema.optional(),
  /** keep the justification in the client's metadata (tpa_justification) @default true for new apps, false for adopted ones */
  recordReasonInMetadata: z.boolean().optional(),
});

/**
 * A custom rate limit on the Authentication API (auth0_rate_limit_policy, Early Access, provider ≥ 1.52;
 * docs/auth0-facts.md, "Rate limits"): for a group of clients or one app of this file.
 */
export const rateLimitSchema = z
  .strictObject({
    id: configId,
    group: z.enum(RATE_LIMIT_GROUPS).optional(),
    app: configId.optional(),
    action: z.enum(RATE_LIMIT_ACTIONS),
    limit: z.number().int().min(0).max(10000, "a limit is at most 10000 requests per window").optional(),
    redirectUri: z
      .string()
      .regex(/^https:\/\/\S+$/, "use an https URL")
      .refine((u) => !/[$%]\{/.test(u), "a URL with ${ or %{ would be read by Terraform as an expression: encode the brace as %7B")
      .optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.group === undefined) === (r.app === undefined)) {
      ctx.addIssue({ code: "custom", path: ["group"], message: "set exactly one of group (third_party_clients, cimd_clients, default) and app (an app id)" });
    }
    if (r.action !== "allow" && r.limit === undefined) {
      ctx.addIssue({ code: "custom", path: ["limit"], message: `action ${r.action} needs a limit (0-10000 requests per window)` });
    }
    if (r.action === "redirect" && r.redirectUri === undefined) {
      ctx.addIssue({ code: "custom", path: ["redirectUri"], message: "action redirect needs a redirectUri (https)" });
    }
    if (r.action !== "redirect" && r.redirectUri !== undefined) {
      ctx.addIssue({ code: "custom", path: ["redirectUri"], message: "redirectUri is only valid with action redirect: remove it" });
    }
  });

export const suppressionSchema = z.strictObject({
  rule: z.string().regex(RULE_ID, "a rule ID looks like TPA101"),
  target: z.string().min(1),
  reason: z.string().min(10, "give a reason of at least 10 characters"),
  expires: dateField,
});

export const backendSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("local"), path: z.string().min(1).optional() }),
  z.strictObject({
    type: z.literal("s3"),
    bucket: z.string().min(1),
    key: z.string().min(1),
    region: z.string().min(1),
    encrypt: z.boolean().default(true),
    useLockfile: z.boolean().default(true),
  }),
  z.strictObject({
    type: z.literal("cloud"),
    organization: z.string().min(1),
    workspace: z.string().min(1),
    hostname: z.string().min(1).optional(),
  }),
]);

/**
 * Every string of an environment file (callbacks, descriptions, addons, provider attributes, the backend, ...)
 * shaped like a secret: what tpa audit and import remove from a tenant is not synthesized from a file either.
 * client_metadata is checked by its own schema, with its own fix.
 */
function refuseSecrets(value: unknown, at: (string | number)[], ctx: z.RefinementCtx): void {
  if (at.length > INPUT_BOUNDS.maxDepth) return; // the loader refuses deeper files
  if (typeof value === "string") {
    const secret = unmistakableSecret(value);
    if (secret) ctx.addIssue({ code: "custom", path: [...at], message: `a secret by ${secretReasonText(secret)}: ${CONFIGURED_SECRET_FIX}` });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => refuseSecrets(item, [...at, i], ctx));
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [k, v] of Object.entries(value)) {
    if (!(at.length === 2 && at[0] === "apps" && k === "clientMetadata")) refuseSecrets(v, [...at, k], ctx);
  }
}

export const environmentSchema = z
  .strictObject({
    tenant: tenantSchema,
    backend: backendSchema.optional(),
    gates: gatesSchema.default({ forbidPermissive: false, requireStrictDcr: false, protectFromDestroy: false }),
    dcr: dcrSchema.optional(),
    apis: z.array(apiSchema).default([]),
    defaultPermissions: z.array(grantSchema).default([]),
    organizations: z.array(organizationSchema).default([]),
    apps: z.array(appSchema).default([]),
    suppressions: z.array(suppressionSchema).default([]),
    rateLimits: z.array(rateLimitSchema).default([]),
  })
  .superRefine((env, ctx) => {
    refuseSecrets(env, [], ctx);
    uniqueIds(env.apis, ["apis"], ctx);
    uniqueIds(env.organizations, ["organizations"], ctx);
    uniqueIds(env.apps, ["apps"], ctx);
    uniqueIds(env.rateLimits, ["rateLimits"], ctx);
    env.rateLimits.forEach((r, i) => {
      if (r.app !== undefined && !env.apps.some((a) => a.id === r.app)) {
        ctx.addIssue({ code: "custom", path: ["rateLimits", i, "app"], message: `no app with id "${r.app}" in apps: add it or fix the id` });
      }
    });
    const identifiers = new Map<string, number>();
    env.apis.forEach((api, i) => {
      const first = identifiers.get(api.identifier);
      if (first !== undefined) {
        // the identifier is the API's audience, unique in a tenant: a second resource server with it is refused (409)
        ctx.addIssue({ code: "custom", path: ["apis", i, "identifier"], message: `apis[${first}] has the identifier "${api.identifier}" already: an API's identifier (its audience) is unique in a tenant, so Auth0 answers 409 to a second; keep one API` });
      }
      identifiers.set(api.identifier, i);
    });
    const adopted = new Map<string, number>();
    env.apps.forEach((app, i) => {
      if (app.importClientId === undefined) return;
      // a tpc_ ID is a strict client's (AUTH0-STRICT-FACTS §1.5), and Auth0 never changes a client's mode: the first
      // plan would change it in place, which Auth0 refuses at apply
      if (app.mode === "permissive" && isStrictClientId(app.importClientId)) {
        ctx.addIssue({ code: "custom", path: ["apps", i, "mode"], message: `the adopted client ${app.importClientId} is strict (a tpc_ ID), and Auth0 never changes a client's mode: set mode: strict` });
      }
      const first = adopted.get(app.importClientId);
      if (first !== undefined) {
        // two resources would manage one client, each writing its own settings back on every apply
        ctx.addIssue({ code: "custom", path: ["apps", i, "importClientId"], message: `apps[${first}] adopts client ${app.importClientId} already: one client is one app; remove one of them` });
      } else adopted.set(app.importClientId, i);
    });
    const orgNames = new Map<string, number>();
    env.organizations.forEach((org, i) => {
      const first = orgNames.get(org.name);
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path: ["organizations", i, "name"], message: `organizations[${first}] has the name "${org.name}" already: Auth0 answers 409 to a second` });
      }
      orgNames.set(org.name, i);
    });
    const defaults = new Set<string>();
    env.defaultPermissions.forEach((g, i) => {
      const key = `${g.api}:${g.subjectType}`;
      if (defaults.has(key)) {
        ctx.addIssue({ code: "custom", path: ["defaultPermissions", i], message: `a second default ${g.subjectType} grant on API "${g.api}": Auth0 allows one per API and subject type, so list all scopes in one` });
      }
      defaults.add(key);
    });

    const apiIds = new Set(env.apis.map((a) => a.id));
    const orgIds = new Set(env.organizations.map((o) => o.id));
    const refersToApi = (id: string, path: (string | number)[]) => {
      if (!apiIds.has(id)) {
        ctx.addIssue({ code: "custom", path, message: `no API with id "${id}" in apis: add it or fix the id` });
      }
    };
    env.defaultPermissions.forEach((g, i) => refersToApi(g.api, ["defaultPermissions", i, "api"]));
    env.apps.forEach((app, i) => {
      app.apis.forEach((id, j) => refersToApi(id, ["apps", i, "apis", j]));
      app.permissions.forEach((g, j) => refersToApi(g.api, ["apps", i, "permissions", j, "api"]));
      app.organizations.forEach((id, j) => {
        if (!orgIds.has(id)) {
          ctx.addIssue({
            code: "custom",
            path: ["apps", i, "organizations", j],
            message: `no organization with id "${id}" in organizations: add it or fix the id`,
          });
        }
      });
      const permits = new Set<string>();
      app.permissions.forEach((g, j) => {
        const key = `${g.api}:${g.subjectType}`;
        if (permits.has(key)) {
          ctx.addIssue({ code: "custom", path: ["apps", i, "permissions", j], message: `a second ${g.subjectType} grant on API "${g.api}": put all its scopes in one grant` });
        }
        permits.add(key);
      });
      const ownKeys = Object.keys(app.clientMetadata ?? {}).length;
      if (app.mode === "permissive" && ownKeys > metadataKeysLeft(app)) {
        ctx.addIssue({
          code: "custom",
          path: ["apps", i, "clientMetadata"],
          message: `a permissive app keeps its justification and review date in ${LIMITS.permissiveMetadataKeys} metadata keys, so at most ${LIMITS.clientMetadataKeys - LIMITS.permissiveMetadataKeys} are left of Auth0's ${LIMITS.clientMetadataKeys}`,
        });
      }
      if (app.mode === "permissive" && (!app.justification || !app.reviewBy)) {
        ctx.addIssue({
          code: "custom",
          path: ["apps", i, app.justification ? "reviewBy" : "justification"],
          message: "a permissive app needs a justification and a reviewBy date (YYYY-MM-DD)",
        });
      }
      if (app.keepModeUnset && !app.importClientId) {
        ctx.addIssue({
          code: "custom",
          path: ["apps", i, "keepModeUnset"],
          message: "keepModeUnset is for an adopted app (importClientId) the tenant reports without a mode: a new app needs its mode written (TPA111); remove it",
        });
      }
      const rt = app.refreshToken;
      if (rt && (app.mode === "permissive" || app.importClientId) && (!rt.expirationType || !rt.rotationType)) {
        ctx.addIssue({
          code: "custom",
          path: ["apps", i, "refreshToken", rt.expirationType ? "rotationType" : "expirationType"],
          message: "give expirationType and rotationType: only new strict apps get refresh-token defaults; write the values the app has",
        });
      }
      if (app.mode === "strict" && (app.justification || app.reviewBy)) {
        ctx.addIssue({
          code: "custom",
          path: ["apps", i, app.justification ? "justification" : "reviewBy"],
          message: "justification and reviewBy belong to permissive apps only: remove them from this strict app",
        });
      }
    });
  });

function uniqueIds(list: readonly { id: string }[], path: string[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    if (seen.has(item.id)) {
      ctx.addIssue({ code: "custom", path: [...path, i, "id"], message: `duplicate id "${item.id}"` });
    }
    seen.add(item.id);
  });
}

export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type EnvironmentInput = z.input<typeof environmentSchema>;
export type TenantConfig = EnvironmentConfig["tenant"];
export type ApiConfig = EnvironmentConfig["apis"][number];
export type AppConfig = EnvironmentConfig["apps"][number];
export type GrantConfig = EnvironmentConfig["defaultPermissions"][number];
export type OrganizationConfig = EnvironmentConfig["organizations"][number];
export type SuppressionConfig = EnvironmentConfig["suppressions"][number];
export type RateLimitConfig = EnvironmentConfig["rateLimits"][number];
export type BackendConfig = NonNullable<EnvironmentConfig["backend"]>;
