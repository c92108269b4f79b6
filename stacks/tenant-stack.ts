import * as crypto from "node:crypto";
import * as path from "node:path";
import { Construct } from "constructs";
import { Aspects, CloudBackend, Lazy, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from "cdktf";
import { Auth0Provider } from "../.gen/providers/auth0/provider";
import { Prompt } from "../.gen/providers/auth0/prompt";
import type { AppConfig, BackendConfig, EnvironmentConfig } from "../config/schema";
import {
  AuthenticationRateLimit,
  DcrSecurityPolicy,
  PartnerOrganization,
  PermissiveThirdPartyApp,
  ProtectedApi,
  StrictThirdPartyApp,
  ThirdPartyApp,
  ThirdPartyAppProps,
  annotate,
} from "../constructs";
import type { JwtAlgorithm } from "../constructs/vocabulary";
import { locationText, PolicySuppressions, SourceLocation, TenantFacts, TenantPolicy, TenantPolicyProps, terraformLiterals } from "../policy";
import { utcToday } from "../constructs/dates";

export interface TenantStackOptions {
  /**
   * The project folder relative to the stack's working directory (<out>/stacks/<environment>), against
   * which a local backend's state path is resolved @default "../../.." (the out folder inside the project)
   */
  readonly projectDirFromStack?: string;
  /** how the strict-mode policy runs on this stack @default annotations only, today's date, the file's profile */
  readonly policy?: TenantStackPolicyOptions;
}

export interface TenantStackPolicyOptions extends Pick<TenantPolicyProps, "today" | "annotate"> {
  /**
   * add the TenantPolicy aspect, so that `app.synth()` checks the stack (and fails on errors, with `annotate`);
   * off when the caller evaluates `stack.policy` on the synthesized stack itself, as `tpa synth` does
   * @default true
   */
  readonly aspect?: boolean;
  /** this environment's stack as on the target branch or deployed, for the lifecycle rules @default none */
  readonly baseline?: TenantPolicyProps["baseline"];
  /** a capability profile that overrides tenant.profile (tpa synth --profile) @default tenant.profile */
  readonly profile?: string;
  /** where each of config.suppressions was written, for reports @default none */
  readonly suppressionLocation?: (index: number) => SourceLocation;
}

/**
 * One tenant environment: the merged environment file turned into constructs. Construct ids follow the
 * file's addresses (apps/<id>, apis/<id>, ...), so Terraform addresses read like the file
 * (auth0_client.apps_partner-portal_strict).
 *
 * Provider credentials never enter the synthesized configuration: the provider reads AUTH0_CLIENT_ID and
 * AUTH0_CLIENT_SECRET (or AUTH0_API_TOKEN) from the environment of `terraform plan/apply`.
 */
export class TenantStack extends TerraformStack {
  public readonly environment: string;
  public readonly apis = new Map<string, ProtectedApi>();
  public readonly apps = new Map<string, ThirdPartyApp>();
  public readonly organizations = new Map<string, PartnerOrganization>();
  /** what the strict-mode policy checks this stack against (evaluateStackPolicy takes it) */
  public readonly policy: TenantPolicyProps;

  constructor(scope: Construct, input: EnvironmentConfig, options: TenantStackOptions = {}) {
    // Configuration is data: Terraform must see the literal the policy checks, never evaluate `${...}` in it.
    // (Tenant, backend and suppressions are not evaluated as templates: they are validated, or written as comments.)
    const config = { ...terraformLiterals(input), tenant: input.tenant, backend: input.backend, suppressions: input.suppressions };
    const environment = config.tenant.environment ?? "default";
    super(scope, environment);
    this.environment = environment;

    new Auth0Provider(this, "auth0", { domain: config.tenant.domain });
    const policy = options.policy ?? {};
    const tenant: TenantFacts = {
      environment,
      domain: config.tenant.domain,
      permissiveEligible: config.tenant.permissiveEligible,
      universalLogin: config.tenant.universalLogin,
      gates: config.gates,
    };
    const profile = policy.profile ?? config.tenant.profile;
    const suppressions = config.suppressions.map((s, i) => {
      const location = policy.suppressionLocation?.(i);
      return { ...s, ...(location && { location, origin: locationText(location) }) };
    });
    const today = policy.today ?? utcToday();
    this.policy = { tenant, profile, suppressions, today, annotate: policy.annotate, baseline: policy.baseline };
    if (policy.aspect ?? true) Aspects.of(this).add(new TenantPolicy(this.policy));
    // What later readers of the synthesized stack (tpa diff) need to run the same policy: the configuration's
    // suppressions and those made in code (PolicySuppressions.add), which exist only once the tree is built.
    this.addOverride("//.tpa", {
      tenant,
      profile,
      suppressions: Lazy.anyValue({ produce: () => [...suppressions, ...PolicySuppressions.collect(this)] }),
    });
    configureBackend(this, config.backend ?? { type: "local" }, options.projectDirFromStack ?? "../../..");

    if (config.tenant.universalLogin) {
      const prompt = new Prompt(this, "universal-login", { universalLoginExperience: config.tenant.universalLogin });
      prompt.overrideLogicalId("universal-login");
      annotate(prompt, { role: "universal-login", target: "tenant" });
      if (config.tenant.adopt) prompt.importFrom(singletonImportId(config.tenant.domain, "prompt"));
    }

    const orgScope = new Construct(this, "organizations");
    for (const org of config.organizations) {
      refusedAt(`organizations/${org.id}`, () => this.organizations.set(
        org.id,
        new PartnerOrganization(orgScope, org.id, {
          name: org.name,
          displayName: org.displayName,
          thirdPartyClientAccess: org.thirdPartyClientAccess,
          target: `organizations/${org.id}`,
        }),
      ));
    }

    const apiScope = new Construct(this, "apis");
    for (const api of config.apis) {
      refusedAt(`apis/${api.id}`, () => this.apis.set(
        api.id,
        new ProtectedApi(apiScope, api.id, {
          identifier: api.identifier,
          name: api.name,
          scopes: api.scopes,
          accessPolicy: api.accessPolicy,
          allowOfflineAccess: api.allowOfflineAccess,
          tokenLifetime: api.tokenLifetime,
          signingAlg: api.signingAlg,
          importId: api.importId,
          target: `apis/${api.id}`,
        }),
      ));
    }

    // A reviewed suppression of TPA403 for a target is the documented way to allow one replacement there.
    const protect = (target: string) =>
      config.gates.protectFromDestroy &&
      !config.suppressions.some((s) => s.rule === "TPA403" && s.target === target && s.expires >= today);

    const defaultGrants = config.defaultPermissions.map((grant, n) => refusedAt(`defaultPermissions/${n}`, () =>
      this.api(grant.api).grantDefault({
        subjectType: grant.subjectType,
        scopes: grant.scopes,
        target: `defaultPermissions/${n}`,
        protectFromDestroy: protect(`defaultPermissions/${n}`),
        importId: grant.importId,
      }),
    ));

    if (config.dcr) {
      const dcr = new DcrSecurityPolicy(this, "dcr", {
        enabled: config.dcr.enabled,
        securityMode: config.dcr.securityMode,
        target: "dcr",
        defaultPermissions: defaultGrants.map((d) => d.grant),
      });
      if (config.tenant.adopt) dcr.tenant.importFrom(singletonImportId(config.tenant.domain, "tenant"));
    }

    const appScope = new Construct(this, "apps");
    for (const app of config.apps) refusedAt(`apps/${app.id}`, () => {
      const built = this.buildApp(appScope, app, protect(`apps/${app.id}`));
      this.apps.set(app.id, built);
      for (const grant of app.permissions) {
        this.api(grant.api).grantTo(built, {
          subjectType: grant.subjectType,
          scopes: grant.scopes,
          target: `apps/${app.id}`,
          importId: grant.importId,
        });
      }
    });

    // Early Access: auth0_rate_limit_policy (provider ≥ 1.52)
    const rateLimitScope = new Construct(this, "rate-limits");
    for (const limit of config.rateLimits) {
      refusedAt(`rateLimits/${limit.id}`, () => new AuthenticationRateLimit(rateLimitScope, limit.id, {
        group: limit.group,
        app: limit.app === undefined ? undefined : this.apps.get(limit.app),
        action: limit.action,
        limit: limit.limit,
        redirectUri: limit.redirectUri,
        target: `rateLimits/${limit.id}`,
      }));
    }
  }

  private buildApp(scope: Construct, app: AppConfig, protectFromDestroy: boolean): ThirdPartyApp {
    const props: ThirdPartyAppProps = {
      name: app.name ?? app.id,
      description: app.description,
      appType: app.appType,
      grantTypes: app.grantTypes,
      tokenEndpointAuthMethod: app.tokenEndpointAuthMethod,
      callbacks: app.callbacks,
      allowedOrigins: app.allowedOrigins,
      webOrigins: app.webOrigins,
      allowedLogoutUrls: app.allowedLogoutUrls,
      logoUri: app.logoUri,
      redirectionPolicy: app.redirectionPolicy,
      // The environment file leaves jwtAlg to the policy (TPA107 names the allowed values): passed as written.
      jwtAlg: app.jwtAlg as JwtAlgorithm | undefined,
      refreshToken: app.refreshToken,
      clientMetadata: app.clientMetadata,
      organizations: app.organizations.map((id) => this.organizations.get(id)!.organizationName),
      apis: app.apis.map((id) => this.api(id)),
      requestedScopes: app.requestedScopes,
      importClientId: app.importClientId,
      keepModeUnset: app.keepModeUnset,
      oidcConformant: app.oidcConformant,
      customLoginPageOn: app.customLoginPageOn,
      customLoginPage: loginPage(app),
      crossOriginAuth: app.crossOriginAuth,
      crossOriginLoc: app.crossOriginLoc,
      sso: app.sso,
      ssoDisabled: app.ssoDisabled,
      initiateLoginUri: app.initiateLoginUri,
      clientAliases: app.clientAliases,
      allowedClients: app.allowedClients,
      addons: app.addons,
      providerAttributes: app.providerAttributes,
      protectFromDestroy,
      target: `apps/${app.id}`,
    };
    if (app.mode === "permissive") {
      return new PermissiveThirdPartyApp(scope, app.id, {
        ...props,
        justification: app.justification ?? "",
        reviewBy: app.reviewBy ?? "",
        recordReasonInMetadata: app.recordReasonInMetadata,
      });
    }
    return new StrictThirdPartyApp(scope, app.id, props);
  }

  private api(id: string): ProtectedApi {
    const api = this.apis.get(id);
    // The config schema rejects references to undeclared APIs, so this is a programming error.
    if (!api) throw new Error(`internal: API "${id}" was not built`);
    return api;
  }
}

/**
 * The import ID of a tenant singleton (auth0_tenant, auth0_prompt): the provider takes any string and
 * recommends a UUID (docs/resources/tenant.md, prompt.md "Import"); a name-based one keeps synth stable.
 */
function singletonImportId(domain: string, kind: string): string {
  const h = crypto.createHash("sha1").update(`${kind}:${domain}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** buildApp reads `customLoginPage: { file }`; a TenantStack built directly takes the page's HTML. */
function loginPage(app: AppConfig): string | undefined {
  if (typeof app.customLoginPage !== "object") return app.customLoginPage;
  throw new Error(`apps/${app.id}: customLoginPage { file: ${app.customLoginPage.file} } is read by buildApp; pass the page's HTML to TenantStack`);
}

/** A construct refused a value of the environment file: bad input at that target, not a crash. */
export class RefusedInputError extends Error {
  constructor(
    /** the environment-file address, such as apps/portal */
    readonly target: string,
    message: string,
  ) {
    super(message);
    this.name = "RefusedInputError";
  }
}

function refusedAt<T>(target: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    // Constructs refuse values with plain Errors; a TypeError or RangeError is a bug, and stays one.
    if (!(e instanceof Error) || Object.getPrototypeOf(e) !== Error.prototype || e.message.startsWith("internal:")) throw e;
    throw new RefusedInputError(target, e.message);
  }
}

function configureBackend(stack: TenantStack, backend: BackendConfig, projectDirFromStack: string): void {
  switch (backend.type) {
    case "local": {
      // cdktf's default is an absolute path of the machine that ran synth; ours is relative, so the
      // synthesized stack can move between machines and the state stays beside the project.
      const statePath = backend.path ?? `terraform.${stack.environment}.tfstate`;
      new LocalBackend(stack, {
        path: path.isAbsolute(statePath) ? statePath : path.posix.join(projectDirFromStack, statePath),
      });
      return;
    }
    case "s3": {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: backend.key,
        region: backend.region,
        encrypt: backend.encrypt,
      });
      // Terraform ≥ 1.10 locks S3 state with a lock file; cdktf 0.21's S3BackendConfig has no field for it.
      if (backend.useLockfile) s3.addOverride("use_lockfile", true);
      return;
    }
    case "cloud":
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(backend.workspace),
      });
      return;
  }
}
