import type { Management } from "auth0";
import type { PolicyResource } from "../policy";

/**
 * The POST /api/v2/clients body the auth0 provider sends for a synthesized auth0_client (and its
 * auth0_client_credentials): Terraform attribute names to Management API fields, max-1 blocks to objects.
 */
export function clientCreateBody(client: PolicyResource, credentials?: PolicyResource): Management.CreateClientRequestContent {
  const a = client.attributes;
  const body: Record<string, unknown> = {
    name: a.name,
    description: a.description,
    app_type: a.app_type,
    is_first_party: a.is_first_party,
    third_party_security_mode: a.third_party_security_mode,
    grant_types: a.grant_types,
    callbacks: a.callbacks,
    allowed_origins: a.allowed_origins,
    web_origins: a.web_origins,
    allowed_logout_urls: a.allowed_logout_urls,
    logo_uri: a.logo_uri,
    oidc_conformant: a.oidc_conformant,
    cross_origin_authentication: a.cross_origin_auth,
    sso: a.sso,
    require_pushed_authorization_requests: a.require_pushed_authorization_requests,
    redirection_policy: a.redirection_policy,
    client_metadata: a.client_metadata,
    organization_usage: a.organization_usage,
    jwt_configuration: block(a.jwt_configuration),
    refresh_token: block(a.refresh_token),
    token_endpoint_auth_method: createAuthMethod(a.app_type, credentials?.attributes.authentication_method),
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== null)) as unknown as Management.CreateClientRequestContent;
}

/**
 * token_endpoint_auth_method on create: the provider forces "none" for spa and native clients
 * (internal/auth0/client/expand.go; docs/auth0-facts.md "Client credentials"); private_key_jwt and the mTLS methods are not values of that field
 * (auth0_client_credentials sets them after the client exists), so the client is created without one.
 */
function createAuthMethod(appType: unknown, method: unknown): string | undefined {
  if (appType === "spa" || appType === "native") return "none";
  return typeof method === "string" && TOKEN_ENDPOINT_AUTH_METHODS.includes(method) ? method : undefined;
}

const TOKEN_ENDPOINT_AUTH_METHODS = ["none", "client_secret_post", "client_secret_basic"];

function block(value: unknown): Record<string, unknown> | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || typeof v !== "object") return undefined;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== null));
}
