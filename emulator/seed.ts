import type { TenantSnapshot } from "../audit/tenant-snapshot";
import { PolicyResource, referencedAddress } from "../policy";
import { clientCreateBody } from "../verify/provider-requests";
import type { ManagementApiEmulator } from "./management-api";

type Json = Record<string, unknown>;

/** What a seed put into the emulator, for the ready line. */
export interface SeedSummary {
  readonly clients: number;
  readonly apis: number;
  readonly defaultGrants: number;
  readonly dcr: string;
}

/**
 * Deploys synthesized auth0_* resources into the emulator as the provider would: through the Management API
 * routes and their server-side checks, in dependency order (APIs and their scopes, organizations, tenant
 * settings, clients, then grants and rate limit policies, whose client references resolve to the created clients).
 */
export function deployResources(emulator: ManagementApiEmulator, resources: readonly PolicyResource[]): SeedSummary {
  const of = (type: string) => resources.filter((r) => r.type === type);
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const identifierOf = (value: unknown) => {
    const target = byAddress.get(referencedAddress(value) ?? "");
    return target ? target.attributes.identifier : value;
  };

  for (const api of of("auth0_resource_server")) {
    const scopes = of("auth0_resource_server_scopes")
      .filter((s) => identifierOf(s.attributes.resource_server_identifier) === api.attributes.identifier)
      .flatMap((s) => (s.attributes.scopes as { name: string; description?: string }[] | undefined) ?? [])
      .map((s) => ({ value: s.name, ...(s.description !== undefined && { description: s.description }) }));
    emulator.call("POST", "/api/v2/resource-servers", { ...pick(api.attributes, ["identifier", "name", "allow_offline_access", "token_lifetime", "signing_alg", "subject_type_authorization"]), scopes });
  }
  for (const org of of("auth0_organization")) {
    emulator.call("POST", "/api/v2/organizations", pick(org.attributes, ["name", "display_name", "third_party_client_access"]));
  }
  for (const tenant of of("auth0_tenant")) {
    emulator.call("PATCH", "/api/v2/tenants/settings", pick(tenant.attributes, ["flags", "dynamic_client_registration_security_mode", "friendly_name"]));
  }
  for (const prompt of of("auth0_prompt")) {
    emulator.call("PATCH", "/api/v2/prompts", pick(prompt.attributes, ["universal_login_experience", "identifier_first"]));
  }
  const clientIds = new Map<string, string>();
  for (const client of of("auth0_client")) {
    const credentials = of("auth0_client_credentials").find((c) => referencedAddress(c.attributes.client_id) === client.address);
    const created = emulator.call("POST", "/api/v2/clients", clientCreateBody(client, credentials) as unknown as Json);
    clientIds.set(client.address, String(created.client_id));
  }
  for (const grant of of("auth0_client_grant")) {
    const a = grant.attributes;
    const clientId = a.client_id === undefined ? undefined : (clientIds.get(referencedAddress(a.client_id) ?? "") ?? a.client_id);
    emulator.call("POST", "/api/v2/client-grants", {
      ...pick(a, ["audience", "default_for", "subject_type", "allow_all_scopes"]),
      ...(clientId !== undefined && { client_id: clientId }),
      scope: a.scopes ?? [],
    });
  }
  for (const policy of of("auth0_rate_limit_policy")) {
    const a = policy.attributes;
    const selector = String(a.consumer_selector);
    const app = /^client_id:(\$\{.+\})$/.exec(selector)?.[1];
    const configuration = (Array.isArray(a.configuration) ? a.configuration[0] : a.configuration) as Json | undefined;
    emulator.call("POST", "/api/v2/rate-limit-policies", {
      resource: a.resource,
      consumer: a.consumer,
      consumer_selector: app ? `client_id:${clientIds.get(referencedAddress(app) ?? "") ?? app}` : selector,
      configuration,
    });
  }
  return summarize(emulator);
}

/** Stores a tenant as read by `tpa audit` (a --save snapshot or a deploy-cli export), objects as they are. */
export function seedSnapshot(emulator: ManagementApiEmulator, snapshot: TenantSnapshot): SeedSummary {
  if (snapshot.tenantSettings) emulator.tenantSettings = { ...emulator.tenantSettings, ...snapshot.tenantSettings };
  if (snapshot.prompts) emulator.prompts = { ...emulator.prompts, ...snapshot.prompts };
  for (const api of snapshot.resourceServers) {
    if (!api.is_system) emulator.seedResourceServer(api as Json);
  }
  for (const client of snapshot.clients) emulator.seedClient(client as Json);
  for (const grant of snapshot.clientGrants) emulator.grants.set(String(grant.id), grant as Json);
  for (const org of snapshot.organizations) emulator.organizations.set(String(org.id), org as Json);
  for (const rule of snapshot.rules) emulator.seedRule(rule as Json);
  for (const hook of snapshot.hooks) emulator.seedHook(hook as Json);
  return summarize(emulator);
}

function summarize(emulator: ManagementApiEmulator): SeedSummary {
  const settings = emulator.tenantSettings as { flags?: { enable_dynamic_client_registration?: boolean }; dynamic_client_registration_security_mode?: string };
  return {
    clients: emulator.clients.size,
    apis: [...emulator.resourceServers.values()].filter((r) => !r.is_system).length,
    defaultGrants: [...emulator.grants.values()].filter((g) => g.default_for === "third_party_clients").length,
    dcr: settings.flags?.enable_dynamic_client_registration ? `on (${settings.dynamic_client_registration_security_mode ?? "mode not set"})` : "off",
  };
}

function pick(attributes: Readonly<Record<string, unknown>>, keys: readonly string[]): Json {
  return Object.fromEntries(keys.filter((k) => attributes[k] !== undefined && attributes[k] !== null).map((k) => [k, attributes[k]]));
}
