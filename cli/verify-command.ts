import { fileSystemFailure, InputFileError, readRegularFile } from "../config/read-file";
import type { Credentials } from "../audit/client";
import { redact } from "../audit/secrets";
import { ConfigError, loadEnvironment } from "../config/load";
import type { EnvironmentConfig } from "../config/schema";
import { AppUnderTest, DcrExpectation, verified, VERIFY_SCOPES, verifyTenant, VerifyReport } from "../verify/run";
import { environmentResources } from "../verify/environment";
import { clientCreateBody } from "../verify/provider-requests";
import { referencedAddress } from "../policy";
import { isTenantDomain } from "./domain";
import { todayFrom } from "./today";
import { VERIFY } from "./commands";
import { commandUsage, parseCommandArgs } from "./usage";
import { isUsageError, UsageError } from "./usage-error";
import { jsonErrorText } from "../config/json-syntax";

const SCOPES = Object.keys(VERIFY_SCOPES);

/** The metadata an MCP client registers with (authorization code + PKCE on a loopback redirect, public). */
export const MCP_CLIENT_METADATA = {
  client_name: "MCP client",
  redirect_uris: ["http://127.0.0.1:33418/callback"],
  grant_types: ["authorization_code", "refresh_token"],
  response_types: ["code"],
  token_endpoint_auth_method: "none",
  application_type: "native",
};

export interface VerifyDependencies {
  readonly env?: NodeJS.ProcessEnv;
  readonly fetch?: typeof fetch;
  /** stops the run (then it cleans up) @default the first SIGINT or SIGTERM */
  readonly signal?: AbortSignal;
  readonly today?: string;
}

interface VerifyArgs {
  readonly domain: string;
  readonly config?: string;
  readonly environment?: string;
  readonly apps: readonly string[];
  readonly dcr: boolean;
  readonly dcrMetadata?: string;
  readonly yes: boolean;
  readonly format: "text" | "json";
}

/** `tpa verify`: returns the exit code. */
export async function verifyCommand(
  args: readonly string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  deps: VerifyDependencies = {},
): Promise<number> {
  const env = deps.env ?? process.env;
  const say = (text: string) => err.write(`${redact(text, [env.AUTH0_CLIENT_SECRET, env.AUTH0_API_TOKEN])}\n`);
  const interrupt = deps.signal ? undefined : onInterrupt();
  try {
    const options = parseVerifyArgs(args, env);
    const environment = options.environment ? loadEnvironment(options.config ?? "environments", options.environment) : undefined;
    const apps = environment ? appsUnderTest(environment.config, options.apps) : [];
    if (!environment && options.apps.length > 0) throw new UsageError("--app needs --environment NAME (the apps come from its environment file)");
    if (apps.length === 0 && !options.dcr) {
      throw new UsageError(environment ? `environment ${options.environment} has no strict app to verify; add --dcr to test a registration` : "nothing to verify: give --environment NAME (its strict apps), --dcr, or both");
    }
    const gates = environment?.config.gates;
    if (gates?.protectFromDestroy && !options.yes) {
      throw new UsageError(
        `environment ${options.environment} is protected (gates.protectFromDestroy): tpa verify would create and delete throwaway clients in ${options.domain}; rerun with --yes to allow it`,
      );
    }
    const metadata = options.dcrMetadata ? readMetadata(options.dcrMetadata) : MCP_CLIENT_METADATA;
    const dcrConfig = environment?.config.dcr;
    const expect: DcrExpectation | undefined = dcrConfig ? { enabled: dcrConfig.enabled, securityMode: dcrConfig.securityMode } : undefined;
    const today = deps.today ?? todayFrom(env);
    const report = await verifyTenant({
      domain: options.domain,
      credentials: credentialsFrom(env),
      apps,
      dcr: options.dcr ? { metadata, expect } : undefined,
      suffix: `[tpa verify ${today}]`,
      signal: deps.signal ?? interrupt!.signal,
      allowPermissiveDcr: !(gates?.forbidPermissive && !options.yes),
      fetch: deps.fetch,
    });
    if (options.format === "json") out.write(`${redact(JSON.stringify(toJson(report), null, 2), [env.AUTH0_CLIENT_SECRET, env.AUTH0_API_TOKEN])}\n`);
    else out.write(`${redact(formatText(report), [env.AUTH0_CLIENT_SECRET, env.AUTH0_API_TOKEN])}\n`);
    if (report.failure && report.leftovers.length === 0) {
      say(`tpa verify: ${report.failure}${/HTTP 40[13]/.test(report.failure) ? `\nCheck the credentials and that they carry the scopes ${SCOPES.join(", ")}.` : ""}`);
      return 2;
    }
    if (report.failure) say(`tpa verify: ${report.failure}`);
    return verified(report) ? 0 : 1;
  } catch (e) {
    if (isUsageError(e)) {
      say(`tpa verify: ${(e as Error).message}\n\n${commandUsage(VERIFY)}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      say(e.message);
      return 2;
    }
    const failure = fileSystemFailure(e);
    if (failure) {
      say(`tpa verify: ${failure}`);
      return 2;
    }
    say(`tpa verify: internal error: ${(e as Error).stack ?? String(e)}`);
    return 70;
  } finally {
    interrupt?.dispose();
  }
}

function parseVerifyArgs(args: readonly string[], env: NodeJS.ProcessEnv): VerifyArgs {
  const { values } = parseCommandArgs(VERIFY, args);
  const domain = values.domain ?? env.AUTH0_DOMAIN;
  if (!domain) throw new UsageError("give --domain DOMAIN (or set AUTH0_DOMAIN)");
  if (!isTenantDomain(domain)) {
    throw new UsageError(`--domain takes the tenant's domain, such as acme.eu.auth0.com, or 127.0.0.1:PORT for tpa emulator (no scheme, no path), not "${domain}"`);
  }
  if (values.config !== undefined && values.environment === undefined) throw new UsageError("--config needs --environment NAME (which environment's apps to verify)");
  return {
    domain,
    config: values.config,
    environment: values.environment,
    apps: values.app ?? [],
    dcr: values.dcr === true || values["dcr-metadata"] !== undefined,
    dcrMetadata: values["dcr-metadata"],
    yes: values.yes === true,
    format: values.format,
  };
}

/** The environment's strict apps (or the named ones) with the body synthesis produces for each. */
function appsUnderTest(config: EnvironmentConfig, only: readonly string[]): AppUnderTest[] {
  const unknown = only.filter((id) => !config.apps.some((a) => a.id === id));
  if (unknown.length > 0) throw new UsageError(`--app ${unknown.join(", ")}: not an app of this environment (it has ${config.apps.map((a) => a.id).join(", ") || "none"})`);
  const notStrict = only.filter((id) => config.apps.find((a) => a.id === id)?.mode !== "strict");
  if (notStrict.length > 0) throw new UsageError(`--app ${notStrict.join(", ")}: only strict apps are verified (permissive ones keep Auth0's old behaviour)`);
  const wanted = config.apps.filter((a) => a.mode === "strict" && (only.length === 0 || only.includes(a.id)));
  const resources = environmentResources(config);
  return wanted.map((app) => {
    const client = resources.find((r) => r.type === "auth0_client" && r.annotation.target === `apps/${app.id}`)!;
    const credentials = resources.find((r) => r.type === "auth0_client_credentials" && referencedAddress(r.attributes.client_id) === client.address);
    return { id: app.id, body: clientCreateBody(client, credentials) };
  });
}

function readMetadata(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (e) {
    throw new UsageError(`--dcr-metadata ${file}: cannot read: ${e instanceof InputFileError ? e.reason : (e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`--dcr-metadata ${jsonErrorText(file, text)}; give the RFC 7591 registration request as a JSON object`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new UsageError(`--dcr-metadata ${file}: give a JSON object (the RFC 7591 registration request)`);
  return value as Record<string, unknown>;
}

function credentialsFrom(env: NodeJS.ProcessEnv): Credentials {
  if (env.AUTH0_API_TOKEN) return { token: env.AUTH0_API_TOKEN };
  if (env.AUTH0_CLIENT_ID && env.AUTH0_CLIENT_SECRET) return { clientId: env.AUTH0_CLIENT_ID, clientSecret: env.AUTH0_CLIENT_SECRET };
  throw new UsageError(`set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (an M2M application), or AUTH0_API_TOKEN, with the scopes ${SCOPES.join(", ")}`);
}

/** The JSON contract of issue 15, extended with what Auth0 defaulted/changed and the DCR problems. */
function toJson(report: VerifyReport) {
  return {
    domain: report.domain,
    apps: report.apps,
    dcr: report.dcr,
    leftovers: report.leftovers,
    ...(report.interrupted && { interrupted: true }),
    ...(report.failure && { failure: report.failure }),
  };
}

function formatText(report: VerifyReport): string {
  const lines = [`tpa verify against ${report.domain}:`];
  for (const app of report.apps) {
    if (app.accepted) {
      const changed = Object.keys(app.changed);
      lines.push(`  accepted  apps/${app.id}: ${app.clientId} (${app.mode ?? "no mode"})${changed.length > 0 ? `; Auth0 changed ${changed.join(", ")}` : ""}; ${Object.keys(app.defaulted).length} fields defaulted`);
      for (const p of app.problems) lines.push(`            - PROBLEM: ${p}`);
    } else {
      lines.push(`  REFUSED   apps/${app.id}: ${app.error}${app.rule ? ` (rule ${app.rule} should have caught it)` : " (no rule covers this: please report it)"}`);
    }
  }
  if (report.dcr) {
    const d = report.dcr;
    const head = d.registered ? `registered ${d.clientId} (${d.mode ?? "no mode"}), reaches ${d.reachableApis.length > 0 ? d.reachableApis.join(", ") : "no API"}` : `not registered${d.error ? `: ${d.error}` : ""}`;
    lines.push(`  ${d.problems.length === 0 ? "ok      " : "PROBLEM "}  DCR: ${head}`);
    for (const p of d.problems) lines.push(`            - ${p}${d.rule && p.includes("no API") ? ` (${d.rule})` : ""}`);
  }
  if (report.interrupted) lines.push("  interrupted: stopped early and cleaned up");
  if (report.leftovers.length > 0) {
    lines.push(`  LEFT OVER: ${report.leftovers.length} client(s) could not be deleted; delete them by hand:`);
    report.leftovers.forEach((id, i) => lines.push(`    ${id}  (${report.cleanupErrors[i]})`));
  } else {
    lines.push("  Every client created was deleted.");
  }
  return lines.join("\n");
}

/** The first SIGINT/SIGTERM aborts (the run then cleans up); a second one is left to Node's default. */
function onInterrupt(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = () => {
    controller.abort();
    dispose();
  };
  const dispose = () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return { signal: controller.signal, dispose };
}
