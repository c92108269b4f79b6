/** What the schema tools generate: the auth0 provider release, its resource types and the cache key cdktf reads. */

/** Resource types to include; each needs docs/resources/<name without auth0_>.md. After adding one, rerun --extract-go. */
export const RESOURCES = [
  "auth0_action",
  "auth0_client",
  "auth0_client_cimd",
  "auth0_client_credentials",
  "auth0_client_grant",
  "auth0_hook",
  "auth0_organization",
  "auth0_organization_client_grant",
  "auth0_prompt",
  "auth0_rate_limit_policy",
  "auth0_resource_server",
  "auth0_resource_server_scopes",
  "auth0_rule",
  "auth0_tenant",
  "auth0_trigger_actions",
] as const;

export const PROVIDER_SOURCE = "auth0/auth0";
export const PROVIDER_ADDRESS = `registry.terraform.io/${PROVIDER_SOURCE}`;
export const PROVIDER_VERSION = "1.55.0";
/** Must match terraformProviders in cdktf.json: it is part of the cache key. */
export const VERSION_CONSTRAINT = "~> 1.55";

/** Paths the --check-go table reports on (the full comparison covers everything). */
export const CHECK_PATHS = [
  "auth0_client.third_party_security_mode",
  "auth0_client.redirection_policy",
  "auth0_client.is_first_party",
  "auth0_client.grant_types",
  "auth0_client.app_type",
  "auth0_client.jwt_configuration",
  "auth0_client.refresh_token",
  "auth0_client_grant.default_for",
  "auth0_client_grant.client_id",
  "auth0_client_grant.subject_type",
  "auth0_client_grant.scopes",
  "auth0_tenant.dynamic_client_registration_security_mode",
  "auth0_tenant.flags",
  "auth0_tenant.flags.enable_dynamic_client_registration",
  "auth0_resource_server.subject_type_authorization",
  "auth0_organization.third_party_client_access",
];

/**
 * The schema file's name in provider-schema/: cacheKey() of @cdktf/provider-schema (src/cache.js),
 * encodeURIComponent(fqn)@encodeURIComponent(version). `cdktf get` wraps the parsed cdktf.json constraint in a
 * second TerraformProviderConstraint whose object constructor sets fqn to the bare name, so fqn is "auth0",
 * not "auth0/auth0" (the CLI's debug log says `Cache miss for auth0@...`).
 */
export function cacheFileName(): string {
  const name = PROVIDER_SOURCE.split("/").pop() as string;
  return `${encodeURIComponent(name)}@${encodeURIComponent(VERSION_CONSTRAINT)}.json`;
}

/** The docs page of a resource type, relative to the provider's docs/ folder. */
export function docsPageOf(type: string): string {
  return `resources/${type.replace(/^auth0_/, "")}.md`;
}
