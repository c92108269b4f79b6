// The values Auth0 and the provider take for the construct props that are enumerations: one list each, from
// which the props' union types, the constructs' checks of values from JavaScript callers (refuseUnknownValue) and
// the environment-file schema (config/schema.ts, z.enum) are all derived.

/**
 * auth0_client app_type: the provider's ValidAppTypes (terraform-provider-auth0
 * internal/auth0/client/resource.go). Strict apps take only the profile's subset (TPA110).
 */
export const APP_TYPES = [
  "regular_web", "spa", "native", "non_interactive", "resource_server", "sso_integration", "express_configuration",
  "rms", "box", "cloudbees", "concur", "dropbox", "mscrm", "echosign", "egnyte", "newrelic", "office365",
  "salesforce", "sentry", "sharepoint", "slack", "springcm", "zendesk", "zoom",
] as const;
export type AppType = (typeof APP_TYPES)[number];

/**
 * auth0_client jwt_configuration.alg: HS256, RS256 and PS256 (the provider's ValidateFunc), RS512 for CIMD
 * clients (the CIMD docs; docs/auth0-facts.md "Signing algorithm"). Strict apps take RS256 only (TPA107).
 */
export const JWT_ALGORITHMS = ["RS256", "HS256", "PS256", "RS512"] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** auth0_resource_server signing_alg: the provider's ValidateFunc (internal/auth0/resourceserver/resource.go) */
export const API_SIGNING_ALGORITHMS = ["RS256", "HS256", "PS256"] as const;
export type ApiSigningAlgorithm = (typeof API_SIGNING_ALGORITHMS)[number];

/** auth0_client_credentials authentication_method as the environment file gives it (docs/auth0-facts.md "Credentials") */
export const TOKEN_ENDPOINT_AUTH_METHODS = ["none", "client_secret_post", "client_secret_basic", "private_key_jwt"] as const;
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

/** auth0_client redirection_policy (docs/auth0-facts.md "Redirection policy") */
export const REDIRECTION_POLICIES = ["allow_always", "open_redirect_protection"] as const;
export type RedirectionPolicy = (typeof REDIRECTION_POLICIES)[number];

/** auth0_client_grant subject_type: user-delegated flows (authorization_code) or client_credentials */
export const SUBJECT_TYPES = ["user", "client"] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** auth0_resource_server subject_type_authorization: who may call the API without a grant, users and machines */
export const USER_ACCESS_POLICIES = ["allow_all", "require_client_grant", "deny_all"] as const;
export const CLIENT_ACCESS_POLICIES = ["require_client_grant", "deny_all"] as const;

/** auth0_client refresh_token expiration_type and rotation_type */
export const REFRESH_TOKEN_EXPIRATION_TYPES = ["expiring", "non-expiring"] as const;
export const REFRESH_TOKEN_ROTATION_TYPES = ["rotating", "non-rotating"] as const;

/** auth0_organization third_party_client_access */
export const THIRD_PARTY_CLIENT_ACCESS = ["allow", "block"] as const;

/** auth0_rate_limit_policy: the groups a policy can select (docs/auth0-facts.md "Rate limits"), and its actions */
export const RATE_LIMIT_GROUPS = ["third_party_clients", "cimd_clients", "default"] as const;
export const RATE_LIMIT_ACTIONS = ["allow", "block", "log", "redirect"] as const;
export type RateLimitGroup = (typeof RATE_LIMIT_GROUPS)[number];
export type RateLimitAction = (typeof RATE_LIMIT_ACTIONS)[number];
