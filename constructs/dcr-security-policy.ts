import { Construct } from "constructs";
import { dependable, ITerraformDependable } from "cdktf";
import { Tenant } from "../.gen/providers/auth0/tenant";
import { addressBelowStack, annotate } from "./addressing";
import type { ThirdPartySecurityMode } from "./security-mode";
import { checkStackOf, refuseSecretProps } from "./checks";

export interface DcrSecurityPolicyProps {
  /** whether Dynamic Client Registration is on (flags.enable_dynamic_client_registration) */
  readonly enabled: boolean;
  /** the mode of DCR-registered clients @default "strict" */
  readonly securityMode?: ThirdPartySecurityMode;
  /**
   * an auth0_tenant this stack already manages, to set the two DCR settings on instead of creating one
   * @default a new auth0_tenant resource holding only the DCR settings
   */
  readonly tenant?: Tenant;
  /** the environment-file address, for reports @default none */
  readonly target?: string;
  /**
   * the default grants (`api.grantDefault(...)`) DCR clients use: the tenant's DCR settings depend on them, so
   * one apply creates them first and never opens a window with strict DCR and no default permissions
   * (Auth0: configure default permissions before switching DCR to strict)
   * @default none
   */
  readonly defaultPermissions?: readonly ITerraformDependable[];
}

/**
 * The tenant's Dynamic Client Registration policy: `flags.enable_dynamic_client_registration` and
 * `dynamic_client_registration_security_mode` of auth0_tenant.
 *
 * auth0_tenant is a singleton: every Terraform configuration that declares one manages the same tenant
 * settings. This construct writes only the two DCR attributes (the provider leaves unset optional
 * attributes as they are), so it coexists with tenant settings managed by hand. Where another
 * configuration already has an auth0_tenant, do not declare a second one: either pass that resource as
 * `tenant` (same stack), or set the two attributes in that configuration and leave DCR out of this one.
 * Two configurations owning auth0_tenant overwrite each other on every apply. Removing this construct
 * does not reset the tenant: Terraform only forgets the resource.
 *
 * Strict DCR clients reach no API unless default user permissions exist (`api.grantDefault`): pass them as
 * `defaultPermissions` so that they are created before the DCR setting changes.
 */
export class DcrSecurityPolicy extends Construct {
  public readonly tenant: Tenant;
  public readonly enabled: boolean;
  public readonly securityMode: ThirdPartySecurityMode;

  constructor(scope: Construct, id: string, props: DcrSecurityPolicyProps) {
    super(scope, id);
    refuseSecretProps(`DCR policy "${id}"`, props);
    checkStackOf(this);
    this.enabled = props.enabled;
    this.securityMode = props.securityMode ?? "strict";
    if (props.tenant) {
      this.tenant = props.tenant;
      this.tenant.addOverride("flags.enable_dynamic_client_registration", this.enabled);
      this.tenant.addOverride("dynamic_client_registration_security_mode", this.securityMode);
    } else {
      this.tenant = new Tenant(this, "tenant", {
        flags: { enableDynamicClientRegistration: this.enabled },
        dynamicClientRegistrationSecurityMode: this.securityMode,
      });
      this.tenant.overrideLogicalId(addressBelowStack(this));
    }
    const after = props.defaultPermissions ?? [];
    if (after.length > 0) this.tenant.dependsOn = [...(this.tenant.dependsOn ?? []), ...after.map((d) => dependable(d))];
    annotate(this.tenant, { role: "dcr-policy", target: props.target });
  }
}
