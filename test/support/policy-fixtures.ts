// The policy tests' resources, as a synthesized stack holds them: one line per kind, the defaults every test assumes.
import type { PolicyResource, ResourceNotes } from "../../policy";

export const API = "https://api.acme.test/orders";

export function res(type: string, name: string, attributes: Record<string, unknown>, annotation: ResourceNotes = {}): PolicyResource {
  return { type, name, address: `${type}.${name}`, path: `t/${name}`, attributes, annotation };
}

export const client = (name: string, attributes: Record<string, unknown> = {}, notes: ResourceNotes = {}) =>
  res("auth0_client", name, { name, ...attributes }, notes);
export const strict = (name: string, attributes: Record<string, unknown> = {}, notes: ResourceNotes = {}) =>
  client(name, { is_first_party: false, third_party_security_mode: "strict", ...attributes }, notes);
export const permissive = (name: string, attributes: Record<string, unknown> = {}, notes: ResourceNotes = {}) =>
  client(name, { is_first_party: false, third_party_security_mode: "permissive", ...attributes }, notes);
export const api = (name = "orders", attributes: Record<string, unknown> = {}) => res("auth0_resource_server", name, { identifier: API, ...attributes });
export const scopes = (apiName: string, ...names: string[]) =>
  res("auth0_resource_server_scopes", `${apiName}_scopes`, {
    resource_server_identifier: `\${auth0_resource_server.${apiName}.identifier}`,
    scopes: names.map((name) => ({ name })),
  });
export const grant = (name: string, attributes: Record<string, unknown>) => res("auth0_client_grant", name, { audience: API, scopes: [], ...attributes });
export const defaultGrant = (name: string, subject_type: string, attributes: Record<string, unknown> = {}) =>
  grant(name, { default_for: "third_party_clients", subject_type, ...attributes });
export const perApp = (name: string, of: string, subject_type: string, attributes: Record<string, unknown> = {}) =>
  grant(name, { client_id: `\${auth0_client.${of}.client_id}`, subject_type, ...attributes });
export const tenantResource = (attributes: Record<string, unknown>) => res("auth0_tenant", "tenant", attributes);
