import { Token } from "cdktf";
import { Construct } from "constructs";
import { Organization } from "../.gen/providers/auth0/organization";
import { addressBelowStack, annotate } from "./addressing";
import { ORGANIZATION_NAME, ORGANIZATION_NAME_RULE } from "./limits";
import { checkStackOf, refuseSecretProps, refuseUnknownValue } from "./checks";
import { THIRD_PARTY_CLIENT_ACCESS } from "./vocabulary";

export interface PartnerOrganizationProps {
  /** the organization's name (1-50 lower-case letters, digits, - or _; used in URLs) */
  readonly name: string;
  /** the name users see @default the name */
  readonly displayName?: string;
  /** whether strict third-party apps may be used with this organization @default "block" (Auth0's default) */
  readonly thirdPartyClientAccess?: (typeof THIRD_PARTY_CLIENT_ACCESS)[number];
  /** the environment-file address, for reports @default none */
  readonly target?: string;
}

/**
 * An Auth0 organization that third-party apps sign users in with. Strict apps work with an organization
 * only when it sets third_party_client_access = "allow"; permissive apps cannot use organizations at all.
 */
export class PartnerOrganization extends Construct {
  public readonly organization: Organization;
  public readonly organizationName: string;
  public readonly thirdPartyClientAccess: (typeof THIRD_PARTY_CLIENT_ACCESS)[number];

  constructor(scope: Construct, id: string, props: PartnerOrganizationProps) {
    super(scope, id);
    refuseSecretProps(`organization "${id}"`, props);
    refuseUnknownValue(`organization "${id}"`, "thirdPartyClientAccess", props.thirdPartyClientAccess, THIRD_PARTY_CLIENT_ACCESS);
    checkStackOf(this);
    // A reference (a variable, another resource's attribute) is checked by Auth0 when it is known.
    if (!Token.isUnresolved(props.name) && !ORGANIZATION_NAME.test(props.name)) {
      throw new Error(`organization "${id}": name "${props.name}" must be ${ORGANIZATION_NAME_RULE}`);
    }
    this.organizationName = props.name;
    this.thirdPartyClientAccess = props.thirdPartyClientAccess ?? "block";
    this.organization = new Organization(this, "organization", {
      name: props.name,
      displayName: props.displayName ?? props.name,
      thirdPartyClientAccess: this.thirdPartyClientAccess,
    });
    this.organization.overrideLogicalId(addressBelowStack(this));
    annotate(this.organization, { role: "organization", target: props.target });
  }
}
