// The package's root entry (package.json "exports" ".", README "Use it as a construct library"): what a cdktf
// or CDK Terrain app imports. The generated auth0 bindings are the "./auth0" subpath; the rest of the
// project (config loading, CLI, reports, audit, tools) is internal and not exported.

import "./constructs/core-check";

export { StrictThirdPartyApp, PermissiveThirdPartyApp, ThirdPartyApp } from "./constructs/index";
export { ProtectedApi, DefaultThirdPartyPermissions, DcrSecurityPolicy, PartnerOrganization, AuthenticationRateLimit } from "./constructs/index";
export { RATE_LIMIT_GROUPS, RATE_LIMIT_ACTIONS } from "./constructs/index";
export { APP_TYPES, JWT_ALGORITHMS, API_SIGNING_ALGORITHMS, TOKEN_ENDPOINT_AUTH_METHODS, REDIRECTION_POLICIES } from "./constructs/index";
export type {
  StrictThirdPartyAppProps,
  PermissiveThirdPartyAppProps,
  ThirdPartyAppProps,
  ThirdPartySecurityMode,
  TokenEndpointAuthMethod,
  AppType,
  JwtAlgorithm,
  ApiSigningAlgorithm,
  RedirectionPolicy,
  RefreshTokenOptions,
  ProtectedApiRef,
  ProtectedApiProps,
  AccessPolicy,
  GrantOptions,
  ScopeDefinition,
  SubjectType,
  DefaultThirdPartyPermissionsProps,
  DcrSecurityPolicyProps,
  PartnerOrganizationProps,
  AuthenticationRateLimitProps,
  RateLimitGroup,
  RateLimitAction,
} from "./constructs/index";

export { TenantStack } from "./stacks/tenant-stack";
export type { TenantStackOptions, TenantStackPolicyOptions } from "./stacks/tenant-stack";
export { environmentSchema } from "./config/schema";
export type { EnvironmentConfig, EnvironmentInput } from "./config/schema";

export { TenantPolicy, evaluateStackPolicy, PolicySuppressions, SUPPRESSION_RULES, STRICT_MODE_RULES, ALL_RULES, rule } from "./policy";
export type { TenantPolicyProps, StackPolicyResult, CodeSuppression, Rule, RuleMetadata, RuleContext, Violation } from "./policy";
export { PROFILES, PROFILE_IDS, NEWEST_PROFILE_ID, profileById } from "./policy";
export type { CapabilityProfile, Finding, Severity, PolicyResource, TenantFacts, EnvironmentGates, Suppression } from "./policy";

export { Auth0Provider } from "./.gen/providers/auth0/provider";
export type { Auth0ProviderConfig } from "./.gen/providers/auth0/provider";
