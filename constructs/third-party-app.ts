import { METADATA_SECRET_FIX, unmistakableSecret, secretReasonText } from "../audit/secrets";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { Client, ClientConfig } from "../.gen/providers/auth0/client";
import { ClientCredentials } from "../.gen/providers/auth0/client-credentials";
import { annotate, appResourceAddress } from "./addressing";
import { LIMITS } from "./limits";
import type { ThirdPartySecurityMode } from "./security-mode";
import { fromTerraformLiteral as literal } from "../policy";
import {
  APP_TYPES,
  AppType,
  JwtAlgorithm,
  REDIRECTION_POLICIES,
  REFRESH_TOKEN_EXPIRATION_TYPES,
  REFRESH_TOKEN_ROTATION_TYPES,
  RedirectionPolicy,
  TOKEN_ENDPOINT_AUTH_METHODS,
  TokenEndpointAuthMethod,
} from "./vocabulary";
import { checkStackOf, refuseSecretProps, refuseUnknownValue, refuseWrongKind } from "./checks";
import { clientBlockField, providerAttributeIssues } from "../config/client-attributes";

/** An API as an app refers to it: anything with an audience identifier, such as a ProtectedApi. */
export interface ProtectedApiRef {
  readonly identifier: string;
}

export type { ThirdPartySecurityMode };

/** Refresh-token settings of a client (`refresh_token` block of auth0_client). */
export interface RefreshTokenOptions {
  /** `expiring` or `non-expiring` @default "expiring" for new strict apps (required elsewhere) */
  readonly expirationType?: (typeof REFRESH_TOKEN_EXPIRATION_TYPES)[number];
  /** `rotating` or `non-rotating` @default new strict apps: "rotating" for spa and native, else "non-rotating" (required elsewhere) */
  readonly rotationType?: (typeof REFRESH_TOKEN_ROTATION_TYPES)[number];
  /** absolute lifetime in seconds @default Auth0's (31557600) */
  readonly tokenLifetime?: number;
  /** idle lifetime in seconds @default Auth0's (2592000) */
  readonly idleTokenLifetime?: number;
  /** whether the absolute lifetime is infinite @default false when tokenLifetime is set, else Auth0's */
  readonly infiniteTokenLifetime?: boolean;
  /** whether the idle lifetime is infinite @default false */
  readonly infiniteIdleTokenLifetime?: boolean;
  /** seconds a rotated token stays valid @default 0 */
  readonly leeway?: number;
}

/** What every third-party app, strict or permissive, is configured with. */
export interface ThirdPartyAppProps {
  /** the application's name in Auth0 */
  readonly name: string;
  /** what the app is for (at most 140 characters) @default none */
  readonly description?: string;
  /** regular_web, spa, native or non_interactive @default "regular_web" for new apps, unset for adopted ones */
  readonly appType?: AppType;
  /** OAuth grant types @default ["authorization_code", "refresh_token"] for new apps, unset (the tenant's) for adopted ones */
  readonly grantTypes?: readonly string[];
  /** how the app authenticates at the token endpoint (an auth0_client_credentials resource) @default Auth0's (client_secret_post) */
  readonly tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  /** exact callback URLs @default none */
  readonly callbacks?: readonly string[];
  /** exact CORS origins @default none */
  readonly allowedOrigins?: readonly string[];
  /** exact web-message origins @default none */
  readonly webOrigins?: readonly string[];
  /** URLs Auth0 may redirect to after logout (not available to strict apps: TPA106) @default none */
  readonly allowedLogoutUrls?: readonly string[];
  /** URL of the app's logo @default none */
  readonly logoUri?: string;
  /** where Auth0 sends users after authentication errors @default "open_redirect_protection" on new strict apps, unset otherwise */
  readonly redirectionPolicy?: RedirectionPolicy;
  /** access-token signing algorithm (jwt_configuration.alg) @default "RS256" on new strict apps, unset (Auth0's) otherwise */
  readonly jwtAlg?: JwtAlgorithm;
  /**
   * refresh-token settings; outside new strict apps the block is written only when given, with both
   * expirationType and rotationType @default new strict apps: expiring, rotating for spa and native; others: unset
   */
  readonly refreshToken?: RefreshTokenOptions;
  /** string metadata shown with the client in Auth0 @default none */
  readonly clientMetadata?: Readonly<Record<string, string>>;
  /** names of organizations users of this app sign in with; sets organization_usage "allow" @default none */
  readonly organizations?: readonly string[];
  /** the APIs the app calls; each needs a per-app grant (`api.grantTo`) or default permissions @default none */
  readonly apis?: readonly ProtectedApiRef[];
  /** the scopes the app asks for at /authorize (openid, profile, email are OIDC scopes) @default none */
  readonly requestedScopes?: readonly string[];
  /**
   * an existing client to adopt instead of creating one (Terraform import); an adopted client gets exactly
   * the settings given here, none of the new-app defaults @default none: a new client
   */
  readonly importClientId?: string;
  /**
   * leave third_party_security_mode out of the adopted client (importClientId): the tenant reports none, since the
   * client predates the field, and Auth0 documents no way to set a mode after creation; the policy checks the
   * client in `mode` @default false: the mode is written
   */
  readonly keepModeUnset?: boolean;
  /** whether the client is OIDC-conformant @default true for new apps, unset (the tenant's value) for adopted ones */
  readonly oidcConformant?: boolean;
  /** whether the Classic Login page is on (custom_login_page_on) @default unset: Auth0's (true) */
  readonly customLoginPageOn?: boolean;
  /** the Classic Login page's HTML (not available to strict apps: TPA104) @default none */
  readonly customLoginPage?: string;
  /** whether cross-origin authentication is allowed @default unset: Auth0's (false) */
  readonly crossOriginAuth?: boolean;
  /** the cross-origin verification page's URL @default none */
  readonly crossOriginLoc?: string;
  /** whether Auth0 uses SSO for this client rather than the tenant's setting (not available to strict apps: TPA106) @default unset */
  readonly sso?: boolean;
  /** whether SSO is disabled for this client @default unset */
  readonly ssoDisabled?: boolean;
  /** the app's login-initiation URL (https) @default none */
  readonly initiateLoginUri?: string;
  /** audiences the client may request in WS-Federation and SAML flows (client_aliases) @default none */
  readonly clientAliases?: readonly string[];
  /** clients that may request delegation tokens for this one (allowed_clients) @default none */
  readonly allowedClients?: readonly string[];
  /** the addons block, by the provider's attribute names (samlp, wsfed, ...) @default none */
  readonly addons?: Readonly<Record<string, unknown>>;
  /**
   * other auth0_client attributes and blocks by their provider names (validated against the pinned schema by
   * the environment file; checked by the policy like every other attribute) @default none
   */
  readonly providerAttributes?: Readonly<Record<string, unknown>>;
  /**
   * refuse `terraform destroy` and forced replacement of the client (Terraform `lifecycle.prevent_destroy`);
   * note that removing the app from the code still destroys it: the policy's TPA403 guards that case
   * @default false
   */
  readonly protectFromDestroy?: boolean;
  /** the environment-file address this app comes from, for reports @default none */
  readonly target?: string;
}

const DEFAULT_GRANT_TYPES = ["authorization_code", "refresh_token"];

/**
 * A third-party application: an auth0_client with is_first_party = false and an explicit
 * third_party_security_mode. Auth0 fixes the mode when the client is created and rejects any change,
 * but the provider plans a mode change as an in-place update; so the mode is part of the Terraform address
 * (`<app>_strict` / `<app>_permissive`), and changing it plans a replacement: a new client with a new
 * client ID, which is what Auth0 requires.
 */
export abstract class ThirdPartyApp extends Construct {
  /** the auth0_client resource */
  public readonly client: Client;
  /** how the app authenticates at the token endpoint, when set */
  public readonly credentials?: ClientCredentials;
  public readonly mode: ThirdPartySecurityMode;
  public readonly appName: string;
  public readonly grantTypes: readonly string[];
  public readonly tokenEndpointAuthMethod?: TokenEndpointAuthMethod;

  protected constructor(
    scope: Construct,
    id: string,
    mode: ThirdPartySecurityMode,
    props: ThirdPartyAppProps,
    extra: Partial<ClientConfig> = {},
  ) {
    super(scope, id);
    validateCommon(id, mode, props);
    checkStackOf(this);
    this.mode = mode;
    this.appName = props.name;
    // Defaults belong to apps this code creates; the strict-safe ones to new strict apps only. An adopted
    // client keeps what its settings say, so that adopting it changes nothing (issue 13).
    const adopted = props.importClientId !== undefined;
    const newStrict = mode === "strict" && !adopted;
    this.grantTypes = props.grantTypes ?? (adopted ? [] : DEFAULT_GRANT_TYPES);
    this.tokenEndpointAuthMethod = props.tokenEndpointAuthMethod;
    const appType = props.appType ?? (adopted ? undefined : "regular_web");
    const organizations = props.organizations ?? [];
    const jwtAlg = props.jwtAlg ?? (newStrict ? "RS256" : undefined);
    const list = (l: readonly string[] | undefined) => l && [...l];

    this.client = new Client(this, "client", {
      name: props.name,
      description: props.description,
      appType,
      isFirstParty: false,
      thirdPartySecurityMode: props.keepModeUnset ? undefined : mode,
      grantTypes: adopted && !props.grantTypes ? undefined : [...this.grantTypes],
      callbacks: list(props.callbacks),
      allowedOrigins: list(props.allowedOrigins),
      webOrigins: list(props.webOrigins),
      allowedLogoutUrls: list(props.allowedLogoutUrls),
      logoUri: props.logoUri,
      oidcConformant: props.oidcConformant ?? (adopted ? undefined : true),
      // It takes effect on strict clients only; on others setting it is noise (TPA112).
      redirectionPolicy: props.redirectionPolicy ?? (newStrict ? "open_redirect_protection" : undefined),
      jwtConfiguration: jwtAlg ? { alg: jwtAlg } : undefined,
      refreshToken: newStrict ? strictRefreshToken(appType ?? "regular_web", props.refreshToken) : givenRefreshToken(props.refreshToken),
      clientMetadata: props.clientMetadata && { ...props.clientMetadata },
      organizationUsage: organizations.length > 0 ? "allow" : undefined,
      customLoginPageOn: props.customLoginPageOn,
      customLoginPage: props.customLoginPage,
      crossOriginAuth: props.crossOriginAuth,
      crossOriginLoc: props.crossOriginLoc,
      sso: props.sso,
      ssoDisabled: props.ssoDisabled,
      initiateLoginUri: props.initiateLoginUri,
      clientAliases: list(props.clientAliases),
      allowedClients: list(props.allowedClients),
      ...extra,
    });
    // Provider-named settings go in as written (snake_case, as Terraform JSON takes them).
    for (const [key, value] of Object.entries({ ...props.providerAttributes, ...(props.addons ? { addons: props.addons } : {}) })) {
      this.client.addOverride(key, value);
    }
    this.client.overrideLogicalId(appResourceAddress(this, mode));
    if (props.protectFromDestroy) this.client.lifecycle = { preventDestroy: true };
    if (props.importClientId) this.client.importFrom(props.importClientId);
    annotate(this.client, {
      role: "third-party-app",
      target: props.target,
      organizations: organizations.length > 0 ? organizations : undefined,
      calls: props.apis && props.apis.map((api) => api.identifier),
      requestedScopes: props.requestedScopes && [...props.requestedScopes],
      adoptedWithoutMode: props.keepModeUnset ? mode : undefined,
    });

    if (props.tokenEndpointAuthMethod) {
      this.credentials = new ClientCredentials(this, "credentials", {
        clientId: this.client.clientId,
        authenticationMethod: props.tokenEndpointAuthMethod,
      });
      this.credentials.overrideLogicalId(appResourceAddress(this, mode, "credentials"));
      if (props.importClientId) this.credentials.importFrom(props.importClientId);
      annotate(this.credentials, { role: "third-party-app-credentials", target: props.target });
    }
  }

  /** The client ID Auth0 assigns (`tpc_…` for strict apps), known after apply. */
  public get clientId(): string {
    return this.client.clientId;
  }

  /** The Terraform address of the client, such as auth0_client.partner-portal_strict. */
  public get address(): string {
    return `auth0_client.${this.client.friendlyUniqueId}`;
  }
}

/** The strict-safe refresh-token settings of a new strict app: expiring, rotating for spa and native. */
function strictRefreshToken(appType: AppType, rt: RefreshTokenOptions = {}) {
  const expirationType = rt.expirationType ?? "expiring";
  const rotationType = rt.rotationType ?? (appType === "spa" || appType === "native" ? "rotating" : "non-rotating");
  return {
    expirationType,
    rotationType,
    tokenLifetime: rt.tokenLifetime,
    idleTokenLifetime: rt.idleTokenLifetime,
    infiniteTokenLifetime: rt.infiniteTokenLifetime ?? (rt.tokenLifetime !== undefined ? false : undefined),
    infiniteIdleTokenLifetime: rt.infiniteIdleTokenLifetime ?? false,
    leeway: rt.leeway ?? (rotationType === "rotating" ? 0 : undefined),
  };
}

/** Refresh-token settings exactly as given (validateCommon has checked that both types are there). */
function givenRefreshToken(rt: RefreshTokenOptions | undefined) {
  if (!rt?.expirationType || !rt.rotationType) return undefined;
  return { ...rt, expirationType: rt.expirationType, rotationType: rt.rotationType };
}

const ADDONS = clientBlockField("addons");

/** Does a value hold a token or a Terraform expression anywhere (a value known only at plan, which the schema cannot judge)? */
function containsToken(value: unknown): boolean {
  if (Token.isUnresolved(value) || (typeof value === "string" && value.includes("${"))) return true;
  if (Array.isArray(value)) return value.some(containsToken);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsToken);
  return false;
}

/** What every third-party app's props need to be read at all (a JavaScript caller may pass anything). */
const APP_PROP_KINDS = {
  name: "string",
  description: "string",
  appType: "string",
  grantTypes: "list",
  callbacks: "list",
  allowedOrigins: "list",
  webOrigins: "list",
  allowedLogoutUrls: "list",
  organizations: "list",
  requestedScopes: "list",
  importClientId: "string",
  keepModeUnset: "boolean",
} as const;

function validateCommon(id: string, mode: ThirdPartySecurityMode, props: ThirdPartyAppProps): void {
  const where = `third-party app "${id}"`;
  refuseWrongKind(where, props, APP_PROP_KINDS);
  // Values given as references (variables, other resources' attributes) are known only at plan time: only what
  // is known here is checked, as aws-cdk-lib does.
  const known = (v: unknown) => !Token.isUnresolved(v);
  refuseUnknownValue(where, "appType", props.appType, APP_TYPES);
  refuseUnknownValue(where, "tokenEndpointAuthMethod", props.tokenEndpointAuthMethod, TOKEN_ENDPOINT_AUTH_METHODS);
  refuseUnknownValue(where, "redirectionPolicy", props.redirectionPolicy, REDIRECTION_POLICIES);
  refuseUnknownValue(where, "refreshToken.expirationType", props.refreshToken?.expirationType, REFRESH_TOKEN_EXPIRATION_TYPES);
  refuseUnknownValue(where, "refreshToken.rotationType", props.refreshToken?.rotationType, REFRESH_TOKEN_ROTATION_TYPES);
  if (known(props.name) && (!props.name || props.name.trim() === "")) {
    throw new Error(`${where}: name is empty; give the app the name users see on the consent screen`);
  }
  // Limits count what Auth0 receives: the literal, not its Terraform escaping ($${ for ${).
  if (props.description !== undefined && known(props.description) && literal(props.description).length > LIMITS.descriptionLength) {
    throw new Error(`${where}: description has ${literal(props.description).length} characters; Auth0 allows ${LIMITS.descriptionLength}`);
  }
  for (const [key, list] of Object.entries({
    grantTypes: props.grantTypes,
    callbacks: props.callbacks,
    allowedOrigins: props.allowedOrigins,
    webOrigins: props.webOrigins,
    organizations: props.organizations,
  })) {
    const dup = (list ?? []).find((v, i, all) => all.indexOf(v) !== i);
    if (dup !== undefined) throw new Error(`${where}: ${key} lists "${dup}" twice; remove the duplicate`);
  }
  if (props.keepModeUnset && props.importClientId === undefined) {
    throw new Error(`${where}: keepModeUnset is for an adopted client (importClientId) the tenant reports without a mode; a new client needs its mode written (TPA111)`);
  }
  const rt = props.refreshToken;
  const newStrict = mode === "strict" && props.importClientId === undefined;
  if (rt && !newStrict && (!rt.expirationType || !rt.rotationType)) {
    throw new Error(
      `${where}: refreshToken needs expirationType and rotationType here (only new strict apps get defaults); write the values the app has, such as { expirationType: non-expiring, rotationType: non-rotating }`,
    );
  }
  // what tpa audit and import remove from a tenant is not synthesized from props either
  refuseSecretProps(where, props, ["clientMetadata"]);
  // the pass-throughs are checked against the pinned provider schema, as in an environment file: every key, and
  // every value known here (a reference, a Terraform expression or null is judged by its key alone)
  const pathOf = (path: readonly PropertyKey[]) => path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  if (props.providerAttributes !== undefined) {
    if (Token.isUnresolved(props.providerAttributes)) {
      throw new Error(`${where}: providerAttributes is a reference; give an object of attributes (each value may be a reference)`);
    }
    for (const [key, value] of Object.entries(props.providerAttributes)) {
      const [issue] = providerAttributeIssues(key, value, value !== null && !containsToken(value));
      if (issue) throw new Error(`${where}: providerAttributes${pathOf(issue.path)}: ${issue.message}`);
    }
  }
  if (props.addons !== undefined && props.addons !== null && !containsToken(props.addons)) {
    const result = ADDONS.safeParse(props.addons);
    if (!result.success) throw new Error(`${where}: addons${pathOf(result.error.issues[0].path)}: ${result.error.issues[0].message}`);
  }
  for (const [k, v] of Object.entries(props.clientMetadata ?? {})) {
    const secret = known(v) ? unmistakableSecret(literal(v)) : undefined;
    if (secret) throw new Error(`${where}: clientMetadata "${k.slice(0, 40)}" is a secret by ${secretReasonText(secret)}: ${METADATA_SECRET_FIX}`);
    if (known(v) && (literal(k).length > LIMITS.clientMetadataKeyLength || literal(v).length > LIMITS.clientMetadataValueLength)) {
      throw new Error(`${where}: clientMetadata "${k.slice(0, 40)}" is longer than Auth0's ${LIMITS.clientMetadataValueLength} characters`);
    }
  }
  if (Object.keys(props.clientMetadata ?? {}).length > LIMITS.clientMetadataKeys) {
    throw new Error(`${where}: clientMetadata has more than Auth0's ${LIMITS.clientMetadataKeys} keys`);
  }
}
