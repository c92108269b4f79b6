/**
 * Adoption: the settings an existing client has beyond the basic ones, as the provider reads them
 * (audit/provider-state.ts), so that the file says what the tenant has: left out, Terraform would remove them.
 */
import type { Management } from "auth0";
import type { AppConfig } from "../../config/schema";
import { OWNED_CLIENT_ATTRIBUTES } from "../../config/client-attributes";
import { clientState, isZero, ResourceSchemas, StateValue } from "../provider-state";
import { scrubSecrets } from "../secrets";
import { clean, urls } from "./values";
import type { JsonBlock } from "../../tools/provider/schema";

export function existingSettings(client: Management.Client, mode: AppConfig["mode"], metadata: Record<string, string>, schemas: ResourceSchemas): Partial<AppConfig> {
  const state = clientState(client as Record<string, unknown>, schemas.blocks.auth0_client) as Record<string, StateValue>;
  const set = <T>(v: T): T | undefined => (isZero(v) ? undefined : v);
  const providerAttributes: Record<string, unknown> = {};
  const block = schemas.blocks.auth0_client;
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (OWNED_CLIENT_ATTRIBUTES[name] || attr.sensitive || !attr.optional || attr.computed || schemas.optionalComputed.has(`auth0_client.${name}`)) continue;
    if (!isZero(state[name])) providerAttributes[name] = state[name];
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    if (OWNED_CLIENT_ATTRIBUTES[name] || schemas.optionalComputed.has(`auth0_client.${name}`)) continue;
    const v = state[name];
    if (Array.isArray(v) && v.length > 0) providerAttributes[name] = withoutZeros(v[0], bt.block);
  }
  const addonsBlock = block.block_types?.addons?.block;
  const addons = Array.isArray(state.addons) && state.addons.length > 0 && addonsBlock ? withoutZeros(state.addons[0], addonsBlock) : undefined;
  return clean({
    allowedLogoutUrls: urls(client.allowed_logout_urls),
    oidcConformant: client.oidc_conformant,
    customLoginPageOn: client.custom_login_page_on,
    customLoginPage: set(client.custom_login_page),
    crossOriginAuth: set(client.cross_origin_authentication),
    crossOriginLoc: set(client.cross_origin_loc),
    sso: set(client.sso),
    ssoDisabled: set(client.sso_disabled),
    initiateLoginUri: set(client.initiate_login_uri),
    clientAliases: set(client.client_aliases),
    allowedClients: set(client.allowed_clients),
    addons: addons && Object.keys(addons as object).length > 0 ? scrubSecrets(addons as Record<string, unknown>) : undefined,
    providerAttributes: Object.keys(providerAttributes).length > 0 ? scrubSecrets(providerAttributes) : undefined,
    // keep our own tpa_ keys where the tenant has them; do not add them where it has not
    recordReasonInMetadata: mode === "permissive" && metadata.tpa_justification && metadata.tpa_review_by ? true : undefined,
  }) as Partial<AppConfig>;
}

/**
 * A block's value without zero-valued attributes (what SDKv2 takes as unset), nested blocks included. A required
 * attribute stays, zero or not: the block cannot be written without it (oidc_logout with no back-channel URLs).
 */
function withoutZeros(v: StateValue, block: JsonBlock): StateValue {
  if (Array.isArray(v)) return v.map((item) => withoutZeros(item, block));
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, StateValue> = {};
  for (const [k, x] of Object.entries(v)) {
    if (isZero(x) && !block.attributes?.[k]?.required) continue;
    const nested = block.block_types?.[k]?.block;
    out[k] = nested ? withoutZeros(x, nested) : x;
  }
  return out;
}
