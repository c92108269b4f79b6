import { Construct } from "constructs";
import { ClientGrant } from "../.gen/providers/auth0/client-grant";
import { addressBelowStack, annotate } from "./addressing";
import type { ProtectedApi } from "./protected-api";
import { SUBJECT_TYPES, SubjectType } from "./vocabulary";
import { checkStackOf, refuseSecretProps, refuseUnknownValue } from "./checks";

export interface DefaultThirdPartyPermissionsProps {
  /** the API the default grant is on */
  readonly api: ProtectedApi;
  /** `user` for user-delegated flows, `client` for client_credentials */
  readonly subjectType: SubjectType;
  /** the scopes every third-party app gets on this API unless it has a per-app grant */
  readonly scopes: readonly string[];
  /** the environment-file address, for reports @default none */
  readonly target?: string;
  /** refuse `terraform destroy` and forced replacement (Terraform prevent_destroy) @default false */
  readonly protectFromDestroy?: boolean;
  /** an existing default grant (cgr_...) to adopt (Terraform import) instead of creating one @default none */
  readonly importId?: string;
}

/**
 * Default permissions for third-party apps: an auth0_client_grant with default_for = "third_party_clients"
 * and no client_id. Strict DCR clients reach no API without one. `default_for` is immutable (the provider
 * replaces the grant when it changes). Usually created through `api.grantDefault(...)`.
 */
export class DefaultThirdPartyPermissions extends Construct {
  public readonly grant: ClientGrant;
  public readonly subjectType: SubjectType;
  public readonly scopes: readonly string[];

  constructor(scope: Construct, id: string, props: DefaultThirdPartyPermissionsProps) {
    super(scope, id);
    refuseSecretProps(`default ${props.subjectType} grant "${id}"`, props);
    refuseUnknownValue(`default grant "${id}" on API "${props.api.node.id}"`, "subjectType", props.subjectType, SUBJECT_TYPES);
    checkStackOf(this);
    const dup = props.scopes.find((s, i) => props.scopes.indexOf(s) !== i);
    if (dup) throw new Error(`default ${props.subjectType} grant on "${props.api.node.id}": scope "${dup}" is listed twice`);
    this.subjectType = props.subjectType;
    this.scopes = props.scopes;
    this.grant = new ClientGrant(this, "grant", {
      defaultFor: "third_party_clients",
      audience: props.api.identifier,
      subjectType: props.subjectType,
      scopes: [...props.scopes],
      dependsOn: props.api.dependables(),
      lifecycle: props.protectFromDestroy ? { preventDestroy: true } : undefined,
    });
    this.grant.overrideLogicalId(addressBelowStack(this));
    if (props.importId) this.grant.importFrom(props.importId);
    annotate(this.grant, { role: "default-grant", target: props.target });
  }
}
