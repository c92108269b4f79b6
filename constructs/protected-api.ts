import { Token } from "cdktf";
import { Construct } from "constructs";
import { ClientGrant } from "../.gen/providers/auth0/client-grant";
import { ResourceServer } from "../.gen/providers/auth0/resource-server";
import { ResourceServerScopes } from "../.gen/providers/auth0/resource-server-scopes";
import { addressBelowStack, annotate, appResourceAddress } from "./addressing";
import { API_IDENTIFIER } from "./limits";
import { DefaultThirdPartyPermissions } from "./default-third-party-permissions";
import { ThirdPartyApp } from "./third-party-app";
import { API_SIGNING_ALGORITHMS, ApiSigningAlgorithm, CLIENT_ACCESS_POLICIES, SUBJECT_TYPES, SubjectType, USER_ACCESS_POLICIES } from "./vocabulary";
import { checkStackOf, refuseSecretProps, refuseUnknownValue } from "./checks";

/** A scope an API defines: its name, or its name and description. */
export type ScopeDefinition = string | { readonly name: string; readonly description?: string };

/** Who may call the API without a grant (`subject_type_authorization`). */
export interface AccessPolicy {
  /** user-delegated access: allow_all, require_client_grant or deny_all @default "require_client_grant" */
  readonly user?: (typeof USER_ACCESS_POLICIES)[number];
  /** machine-to-machine access: require_client_grant or deny_all @default "require_client_grant" */
  readonly client?: (typeof CLIENT_ACCESS_POLICIES)[number];
}

/** A grant of scopes for one kind of subject. */
export interface GrantOptions {
  /** `user` for user-delegated flows (authorization_code), `client` for client_credentials */
  readonly subjectType: SubjectType;
  /** the scopes granted; each must be one the API defines */
  readonly scopes: readonly string[];
  /** the environment-file address of this grant, for reports @default none */
  readonly target?: string;
  /** refuse `terraform destroy` and forced replacement of a default grant (prevent_destroy) @default false */
  readonly protectFromDestroy?: boolean;
  /** an existing client grant (cgr_...) to adopt (Terraform import) instead of creating one @default none */
  readonly importId?: string;
}

export interface ProtectedApiProps {
  /** the API's audience, such as https://api.acme.test/orders */
  readonly identifier: string;
  /** the API's name in Auth0 @default the construct id */
  readonly name?: string;
  /** the scopes (permissions) the API defines @default none */
  readonly scopes?: readonly ScopeDefinition[];
  /** who may call without a grant @default require_client_grant for users and clients */
  readonly accessPolicy?: AccessPolicy;
  /** whether apps may get refresh tokens for this API @default Auth0's (false) */
  readonly allowOfflineAccess?: boolean;
  /** access-token lifetime in seconds @default Auth0's (86400) */
  readonly tokenLifetime?: number;
  /** access-token signing algorithm @default Auth0's (RS256) */
  readonly signingAlg?: ApiSigningAlgorithm;
  /** an existing API (its resource server id) to adopt, with its scopes (Terraform import) @default none */
  readonly importId?: string;
  /** the environment-file address of this API, for reports @default none */
  readonly target?: string;
}

/**
 * An API (auth0_resource_server) with its scopes (auth0_resource_server_scopes) and access policy.
 * Strict third-party apps reach it only through a grant: `api.grantTo(app, ...)` for one app,
 * `api.grantDefault(...)` for every third-party app (DCR-registered ones included).
 * The default policy is require_client_grant for users and clients, the migration guide's hardening.
 */
export class ProtectedApi extends Construct {
  public readonly resourceServer: ResourceServer;
  public readonly scopesResource?: ResourceServerScopes;
  public readonly identifier: string;
  public readonly scopeNames: readonly string[];
  private readonly defaults = new Map<SubjectType, DefaultThirdPartyPermissions>();
  /** the apps (by construct address) and subject types this API has granted */
  private readonly granted = new Set<string>();

  constructor(scope: Construct, id: string, props: ProtectedApiProps) {
    super(scope, id);
    const where = `API "${id}"`;
    refuseSecretProps(where, props);
    checkStackOf(this);
    if (!Token.isUnresolved(props.identifier) && !API_IDENTIFIER.test(props.identifier ?? "")) {
      throw new Error(`${where}: identifier must be a non-empty audience without spaces, such as https://api.example.com`);
    }
    refuseUnknownValue(where, "signingAlg", props.signingAlg, API_SIGNING_ALGORITHMS);
    refuseUnknownValue(where, "accessPolicy.user", props.accessPolicy?.user, USER_ACCESS_POLICIES);
    refuseUnknownValue(where, "accessPolicy.client", props.accessPolicy?.client, CLIENT_ACCESS_POLICIES);
    // each scope is a block of auth0_resource_server_scopes, written here: a list known only at plan cannot be one
    if (Token.isUnresolved(props.scopes)) throw new Error(`${where}: scopes is a reference; list the scopes the API defines, each a name or { name, description }`);
    const scopes = (props.scopes ?? []).map((s) => (typeof s === "string" ? { name: s } : s));
    const dup = scopes.find((s, i) => scopes.findIndex((t) => t.name === s.name) !== i);
    if (dup) throw new Error(`${where}: scope "${dup.name}" is defined twice; remove one`);
    this.identifier = props.identifier;
    this.scopeNames = scopes.map((s) => s.name);

    this.resourceServer = new ResourceServer(this, "resource-server", {
      identifier: props.identifier,
      name: props.name ?? id,
      allowOfflineAccess: props.allowOfflineAccess,
      tokenLifetime: props.tokenLifetime,
      signingAlg: props.signingAlg,
      subjectTypeAuthorization: {
        user: { policy: props.accessPolicy?.user ?? "require_client_grant" },
        client: { policy: props.accessPolicy?.client ?? "require_client_grant" },
      },
    });
    this.resourceServer.overrideLogicalId(addressBelowStack(this));
    if (props.importId) this.resourceServer.importFrom(props.importId);
    annotate(this.resourceServer, { role: "api", target: props.target });

    if (scopes.length > 0) {
      this.scopesResource = new ResourceServerScopes(this, "scopes", {
        resourceServerIdentifier: this.resourceServer.identifier,
        scopes: scopes.map((s) => ({ name: s.name, description: s.description })),
      });
      this.scopesResource.overrideLogicalId(addressBelowStack(this, "scopes"));
      // auth0_resource_server_scopes is imported by the API's identifier
      if (props.importId) this.scopesResource.importFrom(props.identifier);
      annotate(this.scopesResource, { role: "api-scopes", target: props.target });
    }
  }

  /**
   * Grants one app scopes on this API (a per-app auth0_client_grant). Per-app grants take precedence
   * over default permissions for that app.
   */
  public grantTo(app: ThirdPartyApp, options: GrantOptions): ClientGrant {
    // by shape, not instanceof: an app may load its own copy of the constructs package
    if (!app || typeof app !== "object" || !("node" in app) || !options || typeof options !== "object") {
      throw new Error(`grant of API "${this.node.id}": give the app (a StrictThirdPartyApp or PermissiveThirdPartyApp) and { subjectType, scopes }`);
    }
    refuseUnknownValue(`grant of API "${this.node.id}" to app "${app.node.id}"`, "subjectType", options.subjectType, SUBJECT_TYPES);
    // the subject type names the grant's construct: a reference cannot (cdktf refuses a token in a construct id)
    if (Token.isUnresolved(options.subjectType)) {
      throw new Error(`grant of API "${this.node.id}" to app "${app.node.id}": subjectType is a reference; give user or client (one grant per subject type)`);
    }
    const granted = `${app.node.addr}|${options.subjectType}`;
    if (this.granted.has(granted)) {
      throw new Error(
        `app "${app.node.id}" already has a ${options.subjectType} grant on API "${this.node.id}"; put all its scopes in one grant`,
      );
    }
    this.granted.add(granted);
    // an API of the same id in another scope may have granted the app already: a construct id of its own then
    const plain = `grant-${this.node.id}-${options.subjectType}`;
    const id = app.node.tryFindChild(plain) ? `grant-${this.node.addr}-${options.subjectType}` : plain;
    const grant = new ClientGrant(app, id, {
      clientId: app.clientId,
      audience: this.identifier,
      subjectType: options.subjectType,
      scopes: [...options.scopes],
      dependsOn: this.dependables(),
    });
    grant.overrideLogicalId(appResourceAddress(app, app.mode, "grant", this.node.id, options.subjectType));
    if (options.importId) grant.importFrom(options.importId);
    annotate(grant, { role: "app-grant", target: options.target });
    return grant;
  }

  /**
   * Grants every third-party app these scopes by default (an auth0_client_grant with
   * default_for = "third_party_clients"). One default per API and subject type: Auth0 answers 409 to a second.
   */
  public grantDefault(options: GrantOptions): DefaultThirdPartyPermissions {
    refuseUnknownValue(`default grant of API "${this.node.id}"`, "subjectType", options.subjectType, SUBJECT_TYPES);
    if (this.defaults.has(options.subjectType)) {
      throw new Error(
        `API "${this.node.id}" already has a default ${options.subjectType} grant; Auth0 allows one per API and subject type, so list all scopes in it`,
      );
    }
    const defaults = new DefaultThirdPartyPermissions(this, `default-${options.subjectType}`, {
      api: this,
      subjectType: options.subjectType,
      scopes: options.scopes,
      target: options.target,
      protectFromDestroy: options.protectFromDestroy,
      importId: options.importId,
    });
    this.defaults.set(options.subjectType, defaults);
    return defaults;
  }

  /** The resources a grant on this API must be created after. */
  public dependables(): (ResourceServer | ResourceServerScopes)[] {
    return this.scopesResource ? [this.resourceServer, this.scopesResource] : [this.resourceServer];
  }
}
