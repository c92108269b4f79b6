import { z } from "zod";
import { pinnedSchemaFile } from "../tools/paths";
import { CtyType, JsonAttribute, JsonBlock, JsonBlockType, loadProviderSchema } from "../tools/provider/schema";

/**
 * auth0_client settings of existing apps, typed from the pinned provider schema (provider-schema/): the
 * environment file's named fields check at load that the schema still has their attribute with their type,
 * and `providerAttributes`, the pass-through for the long tail, is validated against the schema itself.
 */

const CLIENT = "auth0_client";

const clientBlock: JsonBlock = loadProviderSchema(pinnedSchemaFile()).resources[CLIENT].block;

/**
 * The attribute `name` of auth0_client as the environment file takes it: `field` if the pinned schema gives
 * the attribute the cty type `type`, else a load-time error (the provider pin moved under the file's feet).
 */
export function clientAttribute<T extends z.ZodType>(name: string, type: CtyType, field: T): T {
  const attr = clientBlock.attributes?.[name];
  if (!attr || !(attr.optional || attr.required) || JSON.stringify(attr.type) !== JSON.stringify(type)) {
    throw new Error(`the pinned provider schema has no settable ${CLIENT}.${name} of type ${JSON.stringify(type)}`);
  }
  return field;
}

/** A nested block of auth0_client (such as addons), validated against the pinned schema. */
export function clientBlockField(name: string): z.ZodType<Record<string, unknown>> {
  const bt = clientBlock.block_types?.[name];
  if (!bt || bt.max_items !== 1) throw new Error(`the pinned provider schema has no single ${CLIENT} block ${name}`);
  return blockObject(bt.block) as z.ZodType<Record<string, unknown>>;
}

/**
 * Attributes the constructs write from fields or fixed values: the pass-through does not take them, so each
 * setting has one place in the file. The value says where it belongs instead.
 */
export const OWNED_CLIENT_ATTRIBUTES: Readonly<Record<string, string>> = {
  name: "name",
  description: "description",
  app_type: "appType",
  is_first_party: "nothing: a third-party app is never first-party",
  third_party_security_mode: "mode",
  grant_types: "grantTypes",
  callbacks: "callbacks",
  allowed_origins: "allowedOrigins",
  web_origins: "webOrigins",
  allowed_logout_urls: "allowedLogoutUrls",
  logo_uri: "logoUri",
  redirection_policy: "redirectionPolicy",
  jwt_configuration: "jwtAlg",
  refresh_token: "refreshToken",
  client_metadata: "clientMetadata",
  organization_usage: "organizations",
  oidc_conformant: "oidcConformant",
  custom_login_page_on: "customLoginPageOn",
  custom_login_page: "customLoginPage",
  cross_origin_auth: "crossOriginAuth",
  cross_origin_loc: "crossOriginLoc",
  sso: "sso",
  sso_disabled: "ssoDisabled",
  initiate_login_uri: "initiateLoginUri",
  client_aliases: "clientAliases",
  allowed_clients: "allowedClients",
  addons: "addons",
};

/** `providerAttributes`: other settable, non-secret auth0_client attributes and blocks, by their provider names. */
export const providerAttributesSchema = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  for (const [key, v] of Object.entries(value)) {
    for (const issue of providerAttributeIssues(key, v)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  }
});

/**
 * Why a pass-through attribute is refused: its key (one with its own field, one auth0_client does not have, a
 * read-only or secret one) and, when the value is known (not a reference), its value against the schema.
 */
export function providerAttributeIssues(key: string, value: unknown, valueKnown = true): { path: (string | number)[]; message: string }[] {
  const owner = OWNED_CLIENT_ATTRIBUTES[key];
  if (owner) return [{ path: [key], message: `${key} has its own field: use ${owner}` }];
  const field = passThroughField(key);
  if (typeof field === "string") return [{ path: [key], message: field }];
  if (!valueKnown) return [];
  const result = field.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: [key, ...(issue.path as (string | number)[])], message: issue.message }));
}

/** The zod type of one pass-through key, or why the key is refused. */
function passThroughField(key: string): z.ZodType | string {
  const attr = clientBlock.attributes?.[key];
  if (attr) {
    if (attr.sensitive) return `${key} is secret: it never goes into an environment file`;
    if (!attr.optional && !attr.required) return `${key} is set by Auth0 (read-only in ${CLIENT})`;
    return attributeType(attr);
  }
  const bt = clientBlock.block_types?.[key];
  if (bt) return blockType(bt);
  const near = Object.keys({ ...clientBlock.attributes, ...clientBlock.block_types }).filter((k) => k.includes(key) || key.includes(k));
  return `${CLIENT} has no attribute ${key}${near.length > 0 ? ` (did you mean ${near.slice(0, 3).join(", ")}?)` : ""}; see the provider's docs/resources/client.md`;
}

function attributeType(attr: JsonAttribute): z.ZodType {
  if (attr.type !== undefined) return ctyType(attr.type);
  const nt = attr.nested_type!;
  const object = blockObject({ attributes: nt.attributes });
  return nt.nesting_mode === "single" ? object : nt.nesting_mode === "map" ? z.record(z.string(), object) : z.array(object);
}

function ctyType(type: CtyType): z.ZodType {
  if (type === "string") return z.string();
  if (type === "bool") return z.boolean();
  if (type === "number") return z.number();
  if (type === "dynamic") return z.unknown();
  const [kind, inner] = type as [string, unknown];
  if (kind === "list" || kind === "set") return z.array(ctyType(inner as CtyType));
  if (kind === "map") return z.record(z.string(), ctyType(inner as CtyType));
  if (kind === "object") {
    return z.strictObject(Object.fromEntries(Object.entries(inner as Record<string, CtyType>).map(([k, t]) => [k, ctyType(t).optional()])));
  }
  return z.unknown();
}

function blockType(bt: JsonBlockType): z.ZodType {
  const object = blockObject(bt.block);
  if (bt.nesting_mode === "single" || bt.nesting_mode === "group") return object;
  // Terraform JSON takes a block of at most one as an object or as a list of one
  if (bt.max_items === 1) return z.union([object, z.array(object).max(1)]);
  return bt.nesting_mode === "map" ? z.record(z.string(), object) : z.array(object);
}

function blockObject(block: JsonBlock): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (attr.sensitive || (!attr.optional && !attr.required)) continue;
    shape[name] = attr.required ? attributeType(attr) : attributeType(attr).optional();
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) shape[name] = blockType(bt).optional();
  return z.strictObject(shape);
}
