import { READ_SCOPES } from "../audit/client";
import { AUDIT_FORMATS } from "../audit/format";
import { CHECK_FORMATS, SETTINGS_FILE } from "../check/vocabulary";
import { PROFILE_IDS } from "../policy";
import { VERIFY_SCOPES } from "../verify/run";
import type { CommandDefinition } from "./usage";

// Every tpa command's command line, the one source of its parseArgs options, its usage text, the overview
// and the README's command reference (cli/usage.ts derives them).

const PROFILE = { name: "profile", value: "ID", description: `the capability profile (${PROFILE_IDS.join(", ")}; default: the newest)` } as const;

export const SYNTH = {
  name: "synth",
  summary: "Synthesize one Terraform stack per environment file and check it against the strict-mode policy.",
  synopsis: ["[--config DIR] [--out DIR] [--profile ID] [--baseline DIR | --baseline-config DIR] [--format text|json]"],
  description:
    "Writes OUT/stacks/<env>/cdk.tf.json, OUT/policy-report.json and OUT/policy-report.sarif. With a policy error the " +
    "reports are written and no stack is.",
  options: [
    { name: "config", value: "DIR", default: "environments", description: "the environment files" },
    { name: "out", value: "DIR", default: "cdktf.out", description: "the output folder" },
    { ...PROFILE, description: `the capability profile of every environment, instead of each file's tenant.profile (${PROFILE_IDS.join(", ")})` },
    {
      name: "baseline",
      value: "DIR",
      description:
        "the target branch's `tpa synth` output: also runs the lifecycle rules (mode or first-party changes, destroys in protected environments)",
    },
    { name: "baseline-config", value: "DIR", description: "the target branch's environment folder instead (synthesized in memory)" },
    { name: "format", choices: ["text", "json"], default: "text", description: "the console report" },
  ],
  exits: [
    { code: 0, meaning: "no unsuppressed error" },
    { code: 1, meaning: "policy errors (reports written, no stack)" },
    { code: 2, meaning: "bad input or usage (nothing written)" },
  ],
} as const satisfies CommandDefinition;

export const RULES = {
  name: "rules",
  summary: "The rule catalogue.",
  synopsis: ["[--format text|json|markdown]"],
  options: [{ name: "format", choices: ["text", "json", "markdown"], default: "text", description: "docs/rules.md is the markdown" }],
  exits: [
    { code: 0, meaning: "printed" },
    { code: 2, meaning: "bad usage" },
  ],
} as const satisfies CommandDefinition;

export const DIFF = {
  name: "diff",
  summary:
    "What a change does per environment: adds, changes, destroys and replacements, third-party apps, grants, DCR and API " +
    "policies, policy findings (lifecycle rules against the base). Markdown for a PR comment.",
  synopsis: [
    "((--base DIR | --base-config DIR) (--head DIR | --head-config DIR) [--compare TARGET:SOURCE]",
    " | --plan PLAN.json --environment NAME [--synth DIR]) [--format markdown|json]",
  ],
  options: [
    { name: "base", value: "DIR", description: "the base's `tpa synth` output" },
    { name: "head", value: "DIR", description: "the head's `tpa synth` output" },
    {
      name: "base-config",
      value: "DIR",
      description: "the base's environment folder, synthesized in memory (nothing written), so a change the policy blocks is reported too",
    },
    { name: "head-config", value: "DIR", description: "the head's environment folder, likewise" },
    { name: "compare", value: "TARGET:SOURCE", description: "prod:staging shows what promoting staging's definitions would change in prod" },
    { name: "plan", value: "PLAN.json", description: "a plan's JSON (`terraform show -json PLAN`) instead of a base and a head" },
    { name: "environment", value: "NAME", description: "the stack the plan is for" },
    { name: "synth", value: "DIR", default: "cdktf.out", description: "the `tpa synth` output the plan was made from" },
    { name: "format", choices: ["markdown", "json"], default: "markdown", description: "the report" },
  ],
  exits: [
    { code: 0, meaning: "reported" },
    { code: 1, meaning: "unsuppressed policy errors (lifecycle rules included)" },
    { code: 2, meaning: "bad input or usage" },
  ],
} as const satisfies CommandDefinition;

export const AUDIT = {
  name: "audit",
  summary: "Review a tenant's third-party apps: mode, strict readiness, blockers, scenario, recommendation.",
  synopsis: [`(--domain DOMAIN | --from FILE [--keywords FILE]) [--format ${AUDIT_FORMATS.join("|")}] [--save FILE] [--profile ID]`],
  description: "Each third-party application is classified against the strict-mode rules (the ones tpa synth runs).",
  options: [
    {
      name: "domain",
      value: "DOMAIN",
      description:
        "read the tenant live through the Management API (default: AUTH0_DOMAIN), with AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET, " +
        `or AUTH0_API_TOKEN, and the read-only scopes ${READ_SCOPES.join(" ")}`,
    },
    { name: "from", value: "FILE", description: "read a snapshot saved with --save, an auth0-deploy-cli tenant.yaml, or a deploy-cli directory export" },
    { name: "keywords", value: "FILE", description: "for a deploy-cli export with ##KEY## / @@KEY@@ markers: deploy-cli's config JSON or the mappings" },
    { name: "format", choices: AUDIT_FORMATS, description: "table (the default on a terminal), markdown, or json (the default otherwise)" },
    { name: "save", value: "FILE", description: "also write what was read, secrets removed, for later --from runs and tpa import" },
    PROFILE,
  ],
  exits: [
    { code: 0, meaning: "audited" },
    { code: 1, meaning: "the tenant could not be read completely (nothing is reported)" },
    { code: 2, meaning: "bad usage or input" },
  ],
} as const satisfies CommandDefinition;

export const IMPORT = {
  name: "import",
  summary: "Write an environment file that adopts the tenant's third-party apps, APIs and grants (import blocks).",
  synopsis: ["--from FILE --environment NAME [--out DIR] [--force] [--domain DOMAIN] [--keywords FILE] [--profile ID]"],
  description:
    "DIR/NAME.yaml holds the tenant's third-party apps, APIs, default grants and per-app grants, with importClientId / " +
    "importId so that the first plan adopts them (Terraform import blocks) instead of creating duplicates.",
  options: [
    { name: "from", value: "FILE", description: "a snapshot saved by `tpa audit --save`, an auth0-deploy-cli tenant.yaml, or a deploy-cli directory" },
    { name: "environment", value: "NAME", description: "the environment's name (the file's name), such as prod" },
    { name: "out", value: "DIR", default: "environments", description: "the folder of the environment file" },
    { name: "force", description: "overwrite an existing DIR/NAME.yaml" },
    { name: "domain", value: "DOMAIN", description: "the tenant's domain, when the source does not record it (deploy-cli exports)" },
    {
      name: "keywords",
      value: "FILE",
      description:
        "deploy-cli's config JSON (its AUTH0_KEYWORD_REPLACE_MAPPINGS) or a JSON object of mappings, for exports written with " +
        "AUTH0_PRESERVE_KEYWORDS (##KEY## and @@KEY@@ markers)",
    },
    { ...PROFILE, description: `the capability profile the apps are classified with (${PROFILE_IDS.join(", ")}; default: the newest)` },
  ],
  notes: [
    "DIR/base.yaml, if there is one, is merged into DIR/NAME.yaml by `tpa synth`: the import refuses a base with which the " +
      "first plan would create or change anything, or the first synth would fail.",
    "It prints what the first plan changes: the synthesized attributes against the tenant's, one table per app.",
  ],
  exits: [
    { code: 0, meaning: "written" },
    { code: 2, meaning: "bad usage or input, a source value no environment file can hold included (nothing written)" },
  ],
} as const satisfies CommandDefinition;

const VERIFY_SCOPE_NAMES = Object.keys(VERIFY_SCOPES);

export const VERIFY = {
  name: "verify",
  summary:
    "Ask the tenant: create a throwaway client per strict app as synthesized, and (--dcr) register a DCR client; record " +
    "Auth0's answers, then delete everything.",
  synopsis: ["--domain DOMAIN [--config DIR --environment NAME] [--app ID ...] [--dcr]", "[--dcr-metadata FILE] [--yes] [--format text|json]"],
  description:
    "Lets the tenant judge what the static policy cannot: for each strict app of the environment (or each --app), creates a " +
    'throwaway client with the attributes tpa synth would send, named "<name> [tpa verify DATE]", records Auth0\'s answer ' +
    "(accepted: client ID, mode, what Auth0 defaulted or changed; refused: its message and the rule that should have caught " +
    "it), and deletes it. --dcr registers a client at https://DOMAIN/oidc/register (RFC 7591) as an MCP client would, checks " +
    "its mode and the APIs its default user grants reach, and deletes it. Everything created is deleted, also after an error or Ctrl-C.",
  options: [
    { name: "domain", value: "DOMAIN", description: "the tenant (default: AUTH0_DOMAIN); 127.0.0.1:PORT reaches tpa emulator --https" },
    { name: "config", value: "DIR", description: "the environment files (default: environments/), with --environment NAME" },
    { name: "environment", value: "NAME", description: "the environment whose strict apps are verified" },
    { name: "app", value: "ID", multiple: true, description: "only these apps (repeatable)" },
    { name: "dcr", description: "register a DCR client" },
    { name: "dcr-metadata", value: "FILE", description: "the registration's JSON metadata instead of the MCP-like default (implies --dcr)" },
    {
      name: "yes",
      description:
        "allow creating clients in an environment whose gates protect it (protectFromDestroy), and a permissive DCR client where forbidPermissive is set",
    },
    { name: "format", choices: ["text", "json"], default: "text", description: "the report" },
  ],
  notes: [
    "Credentials as for tpa audit: AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET of an M2M application, or AUTH0_API_TOKEN, with " +
      `the scopes ${VERIFY_SCOPE_NAMES.join(" ")}`,
  ],
  exits: [
    { code: 0, meaning: "all accepted, DCR as expected, nothing left over" },
    { code: 1, meaning: "a refusal, a DCR problem, or a client left over (listed by ID)" },
    { code: 2, meaning: "bad usage or input, or the tenant could not be reached" },
  ],
} as const satisfies CommandDefinition;

export const EMULATOR = {
  name: "emulator",
  summary: "A local Management API emulator (default seed: the example's prod tenant), until stopped.",
  synopsis: ["[--port N] [--seed FILE [--keywords FILE]] [--https] [--format text|json]"],
  description:
    "It listens on 127.0.0.1 (never another address), to rehearse tpa audit, import and verify, or to run pipeline tests, " +
    "without a tenant. It runs until stopped (Ctrl-C or SIGTERM).",
  options: [
    { name: "port", value: "N", description: "the port (default: a free one)" },
    {
      name: "seed",
      value: "FILE",
      description:
        "start from a tenant saved with tpa audit --save, or an auth0-deploy-cli export (default: the embedded example's prod " +
        "environment, deployed: its APIs, default grants, DCR setting and apps)",
    },
    { name: "keywords", value: "FILE", description: "for a deploy-cli export seed with ##KEY## / @@KEY@@ markers: deploy-cli's config JSON or the mappings" },
    {
      name: "https",
      description:
        "serve HTTPS with a new self-signed certificate for 127.0.0.1; its CA file is printed. The tpa commands and the auth0 " +
        "SDK speak HTTPS only: give them AUTH0_DOMAIN=127.0.0.1:N and NODE_EXTRA_CA_CERTS=<the CA file>",
    },
    {
      name: "format",
      choices: ["text", "json"],
      default: "text",
      description: "json: one JSON object { domain, clientId, clientSecret, caFile } instead of the ready line",
    },
  ],
  notes: ["The credentials are the emulator's own, made up for this run; no real tenant's secret is involved."],
  exits: [
    { code: 0, meaning: "stopped" },
    { code: 2, meaning: "bad usage, an unreadable seed, or the port is taken" },
  ],
} as const satisfies CommandDefinition;

export const CHECK = {
  name: "check",
  summary:
    "The strict-mode policy on any Auth0 Terraform configuration (HCL or plan JSON) or auth0-deploy-cli export, each " +
    "finding located in the .tf (or .tf.json) files.",
  synopsis: [
    "(DIR|FILE.tf ... | --plan PLAN.json [DIR ...] | --deploy-cli tenant.yaml|DIR [--config FILE])",
    "[--var NAME=VALUE] [--var-file FILE] [--settings FILE]",
    `[--domain D] [--permissive-eligible] [--profile ID] [--environment NAME] [--format ${CHECK_FORMATS.join("|")}]`,
  ],
  description: "It needs no provider and no credentials.",
  operands: [
    {
      name: "DIR|FILE.tf",
      description:
        'HCL: the .tf files of a root module (local modules included); what is not static is reported as "cannot check" warnings, never passed',
    },
  ],
  options: [
    {
      name: "plan",
      value: "PLAN.json",
      description:
        "the output of `terraform show -json PLAN`: every value and reference Terraform knows, and the lifecycle rules against " +
        "the plan's prior state. DIR (default: the plan's folder, when it has .tf files) locates findings and gives the # tpa:ignore suppressions",
    },
    {
      name: "deploy-cli",
      value: "tenant.yaml|DIR",
      description: "what `a0deploy import` would apply: a tenant.yaml or a directory export, after the keyword replacement of --config FILE",
    },
    { name: "config", value: "FILE", description: "deploy-cli's config.json (AUTH0_KEYWORD_REPLACE_MAPPINGS), with --deploy-cli" },
    { name: "var", value: "NAME=VALUE", multiple: true, description: "a variable value, as terraform plan takes it, over TF_VAR_NAME and .tfvars files (HCL only)" },
    { name: "var-file", value: "FILE", multiple: true, description: "a variable file, as terraform plan takes it (HCL only)" },
    { name: "settings", value: "FILE", description: `tenant facts, gates and suppressions (default: ${SETTINGS_FILE} beside the configuration)` },
    { name: "domain", value: "D", description: "the tenant's domain: a tenant fact HCL does not state (flags win over the settings file and the provider block)" },
    { name: "permissive-eligible", description: "the tenant may keep permissive apps: a tenant fact, likewise" },
    { ...PROFILE, description: `the capability profile (${PROFILE_IDS.join(", ")}): a tenant fact, likewise` },
    { name: "environment", value: "NAME", description: "the environment's name: a tenant fact, likewise" },
    {
      name: "format",
      choices: CHECK_FORMATS,
      default: "text",
      description: "json is policy-report.json, each finding with its location",
    },
  ],
  exits: [
    { code: 0, meaning: "no unsuppressed error" },
    { code: 1, meaning: "policy errors" },
    { code: 2, meaning: "bad input or usage (file and line)" },
  ],
} as const satisfies CommandDefinition;

/** Every command, in the overview's order. */
export const COMMANDS: readonly CommandDefinition[] = [SYNTH, RULES, DIFF, AUDIT, IMPORT, VERIFY, EMULATOR, CHECK];
