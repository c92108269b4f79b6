import { Construct } from "constructs";
import { Client, ClientConfig } from "../.gen/providers/auth0/client";
import { ClientCredentials } from "../.gen/providers/auth0/client-credentials";
import { addressBelowStack, annotate } from "./addressing";
import { LIMITS } from "./limits";
import { fromTerraformLiteral as literal } from "./terraform-literal";

/** An API as an app refers to it: anything with an audience identifier, such as a ProtectedApi. */
export interface ProtectedApiRef {
  readonly identifier: string;
}

export type ThirdPartySecurityMode = "strict" | "permissive";
export type TokenEndpointAuthMethod = "none" | "client_secret_post" | "client_secret_basic" | "private_key_jwt";

/** Refresh-token settings of a client (`refresh_token` block of auth0_client). */
export interface RefreshTokenOptions {
  /** `expiring` or `non-expiring` @default "expiring" for strict apps */
  readonly expirationType?: "expiring" | "non-expiring";
  /** `rotating` or `non-rotating` @default "rotating" for spa and native strict apps, else "non-rotating" */
  readonly rotationType?: "rotating" | "non-rotating";
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
  /** regular_web, spa, native or non_interactive @default "regular_web" */
  readonly appType?: string;
  /** OAuth grant types @default ["authorization_code", "refresh_token"] */
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
  /** where Auth0 sends users after authentication errors @default "open_redirect_protection" on strict apps, unset otherwise */
  readonly redirectionPolicy?: "allow_always" | "open_redirect_protection";
  /** access-token signing algorithm @default "RS256" */
  readonly jwtAlg?: string;
  /** refresh-token settings @default expiring, rotating for spa and native */
  readonly refreshToken?: RefreshTokenOptions;
  /** string metadata shown with the client in Auth0 @default none */
  readonly clientMetadata?: Readonly<Record<string, string>>;
  /** names of organizations users of this app sign in with; sets organization_usage "allow" @default none */
  readonly organizations?: readonly string[];
  /** the APIs the app calls; each needs a per-app grant (`api.grantTo`) or default permissions @default none */
  readonly apis?: readonly ProtectedApiRef[];
  /** the scopes the app asks for at /authorize (openid, profile, email are OIDC scopes) @default none */
  readonly requestedScopes?: readonly string[];
  /** an existing client to adopt instead of creating one (Terraform import) @default none: a new client */
  readonly importClientId?: string;
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
    validateCommon(id, props);
    this.mode = mode;
    this.appName = props.name;
    this.grantTypes = props.grantTypes ?? DEFAULT_GRANT_TYPES;
    this.tokenEndpointAuthMethod = props.tokenEndpointAuthMethod;
    const appType = props.appType ?? "regular_web";
    const organizations = props.organizations ?? [];

    this.client = new Client(this, "client", {
      name: props.name,
      description: props.description,
      appType,
      isFirstParty: false,
      thirdPartySecurityMode: mode,
      grantTypes: [...this.grantTypes],
      callbacks: props.callbacks && [...props.callbacks],
      allowedOrigins: props.allowedOrigins && [...props.allowedOrigins],
      webOrigins: props.webOrigins && [...props.webOrigins],
      allowedLogoutUrls: props.allowedLogoutUrls && [...props.allowedLogoutUrls],
      logoUri: props.logoUri,
      oidcConformant: true,
      // It takes effect on strict clients only; on others setting it is noise (TPA112).
      redirectionPolicy: props.redirectionPolicy ?? (mode === "strict" ? "open_redirect_protection" : undefined),
      jwtConfiguration: { alg: props.jwtAlg ?? "RS256" },
      refreshToken: refreshTokenBlock(appType, props.refreshToken),
      clientMetadata: props.clientMetadata && { ...props.clientMetadata },
      organizationUsage: organizations.length > 0 ? "allow" : undefined,
      ...extra,
    });
    this.client.overrideLogicalId(addressBelowStack(this, mode));
    if (props.protectFromDestroy) this.client.lifecycle = { preventDestroy: true };
    if (props.importClientId) this.client.importFrom(props.importClientId);
    annotate(this.client, {
      role: "third-party-app",
      target: props.target,
      organizations: organizations.length > 0 ? organizations : undefined,
      calls: props.apis && props.apis.map((api) => api.identifier),
      requestedScopes: props.requestedScopes && [...props.requestedScopes],
    });

    if (props.tokenEndpointAuthMethod) {
      this.credentials = new ClientCredentials(this, "credentials", {
        clientId: this.client.clientId,
        authenticationMethod: props.tokenEndpointAuthMethod,
      });
      this.credentials.overrideLogicalId(addressBelowStack(this, mode, "credentials"));
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

function refreshTokenBlock(appType: string, rt: RefreshTokenOptions = {}) {
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

function validateCommon(id: string, props: ThirdPartyAppProps): void {
  const where = `third-party app "${id}"`;
  if (!props.name || props.name.trim() === "") {
    throw new Error(`${where}: name is empty; give the app the name users see on the consent screen`);
  }
  // Limits count what Auth0 receives: the literal, not its Terraform escaping ($${ for ${).
  if (props.description !== undefined && literal(props.description).length > LIMITS.descriptionLength) {
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
  for (const [k, v] of Object.entries(props.clientMetadata ?? {})) {
    if (literal(k).length > LIMITS.clientMetadataKeyLength || literal(v).length > LIMITS.clientMetadataValueLength) {
      throw new Error(`${where}: clientMetadata "${k.slice(0, 40)}" is longer than Auth0's ${LIMITS.clientMetadataValueLength} characters`);
    }
  }
  if (Object.keys(props.clientMetadata ?? {}).length > LIMITS.clientMetadataKeys) {
    throw new Error(`${where}: clientMetadata has more than Auth0's ${LIMITS.clientMetadataKeys} keys`);
  }
}
