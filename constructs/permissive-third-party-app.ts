import { Token } from "cdktf";
import { Construct } from "constructs";
import { annotate } from "./addressing";
import { isCalendarDate } from "./dates";
import { LIMITS, metadataKeysLeft, recordsReasonInMetadata } from "./limits";
import { fromTerraformLiteral } from "../policy";
import { refuseWrongKind } from "./checks";
import { ThirdPartyApp, ThirdPartyAppProps } from "./third-party-app";

/** Props of a permissive third-party app: the common ones plus why it stays permissive and until when. */
export interface PermissiveThirdPartyAppProps extends ThirdPartyAppProps {
  /** why this app cannot run strict yet, such as "needs ID tokens (scenario 2)"; at least 10 characters */
  readonly justification: string;
  /** the date (YYYY-MM-DD) by which the team reviews whether the app can move to strict */
  readonly reviewBy: string;
  /**
   * keep the justification and review date in the client's metadata (tpa_justification, tpa_review_by)
   * @default true for new apps; false for adopted ones (importClientId), so that adopting changes nothing
   */
  readonly recordReasonInMetadata?: boolean;
}

/**
 * A third-party application that keeps Auth0's old ("permissive") behaviour. Only tenants that had
 * third-party apps before April 2026 may create one, only through the Management API, and only when asked
 * for explicitly. The mode can never change later: moving to strict means a new client (a new client ID).
 * The justification and review date are required, shown in reports and kept in the client's metadata
 * (`tpa_justification`, `tpa_review_by`) so the tenant itself says why the app is permissive (for an adopted
 * client only when asked: `recordReasonInMetadata`).
 */
export class PermissiveThirdPartyApp extends ThirdPartyApp {
  public readonly justification: string;
  public readonly reviewBy: string;

  constructor(scope: Construct, id: string, props: PermissiveThirdPartyAppProps) {
    validatePermissive(id, props);
    const record = recordsReasonInMetadata(props);
    super(
      scope,
      id,
      "permissive",
      props,
      record
        ? { clientMetadata: { ...props.clientMetadata, tpa_justification: props.justification, tpa_review_by: props.reviewBy } }
        : {},
    );
    this.justification = props.justification;
    this.reviewBy = props.reviewBy;
    annotate(this.client, { justification: props.justification, reviewBy: props.reviewBy });
  }
}

function validatePermissive(id: string, props: PermissiveThirdPartyAppProps): void {
  const where = `permissive third-party app "${id}"`;
  // what is read here, before the checks every app's props get (validateCommon)
  refuseWrongKind(where, props, { justification: "string", reviewBy: "string" });
  // Values given as references (variables, other resources' attributes) are known only at plan time: only
  // what is known here is checked.
  const justification = Token.isUnresolved(props.justification) ? undefined : props.justification;
  if (justification !== undefined && (!justification || justification.trim().length < LIMITS.justificationMinLength)) {
    throw new Error(`${where}: give a justification of at least 10 characters saying why it cannot run strict yet`);
  }
  if (justification !== undefined && fromTerraformLiteral(justification).length > LIMITS.justificationMaxLength) {
    throw new Error(`${where}: the justification is kept in client metadata, which allows ${LIMITS.justificationMaxLength} characters; shorten it`);
  }
  if (!Token.isUnresolved(props.reviewBy) && !isCalendarDate(props.reviewBy ?? "")) {
    throw new Error(`${where}: reviewBy must be a date as YYYY-MM-DD, such as 2027-03-31`);
  }
  const ownKeys = Object.keys(props.clientMetadata ?? {}).length;
  if (ownKeys > metadataKeysLeft(props)) {
    throw new Error(
      `${where}: clientMetadata has ${ownKeys} keys; the justification and review date take ${LIMITS.permissiveMetadataKeys} of Auth0's ${LIMITS.clientMetadataKeys}`,
    );
  }
  const reserved = Object.keys(props.clientMetadata ?? {}).filter((k) => k.startsWith(LIMITS.reservedMetadataPrefix));
  if (reserved.length > 0) {
    throw new Error(`${where}: clientMetadata keys starting with tpa_ are reserved (${reserved.join(", ")}); rename them`);
  }
}
