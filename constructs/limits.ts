/**
 * Limits the constructs enforce, in one place, so that configuration validation (config/schema.ts) checks the
 * same values and reports them with file and line before any construct is built.
 */
export const LIMITS = {
  /** Auth0's limit on a client's description */
  descriptionLength: 140,
  /** Auth0's client_metadata: at most 10 keys, keys and values of at most 255 characters */
  clientMetadataKeys: 10,
  clientMetadataKeyLength: 255,
  clientMetadataValueLength: 255,
  /** client_metadata keys our constructs write (tpa_justification, tpa_review_by) start with this */
  reservedMetadataPrefix: "tpa_",
  /** the metadata keys a permissive app's justification and review date take */
  permissiveMetadataKeys: 2,
  /** a permissive app's justification: long enough to say why, short enough for a metadata value */
  justificationMinLength: 10,
  justificationMaxLength: 255,
} as const;

/**
 * The client_metadata keys a permissive app leaves to its own metadata: Auth0's 10, less the 2 of its justification
 * and review date when it records them there, which it does unless it is adopted (importClientId) and not asked to.
 */
export function metadataKeysLeft(app: { readonly recordReasonInMetadata?: boolean; readonly importClientId?: string }): number {
  return recordsReasonInMetadata(app) ? LIMITS.clientMetadataKeys - LIMITS.permissiveMetadataKeys : LIMITS.clientMetadataKeys;
}

/** Does a permissive app keep its justification and review date in client_metadata? New apps do; adopted ones when asked. */
export function recordsReasonInMetadata(app: { readonly recordReasonInMetadata?: boolean; readonly importClientId?: string }): boolean {
  return app.recordReasonInMetadata ?? app.importClientId === undefined;
}

/** An organization's name: lower-case letters, digits, - and _ (1 to 50 characters). */
export const ORGANIZATION_NAME = /^[a-z0-9_-]{1,50}$/;
/** ORGANIZATION_NAME in words, for messages. */
export const ORGANIZATION_NAME_RULE = "1 to 50 lower-case letters, digits, - and _";

/** An API identifier (audience): not empty, no white space. */
export const API_IDENTIFIER = /^\S+$/;
