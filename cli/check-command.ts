import { fileSystemFailure, InputFileError, MAX_JSON_INPUT_BYTES, readRegularFile } from "../config/read-file";
import { terminalLines } from "../policy";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  asPlanJson,
  CheckFormat,
  CheckInputError,
  CheckSubject,
  environmentVariables,
  formatCheckReport,
  HclConfiguration,
  hasUnsuppressedErrors,
  loadHclParser,
  loadSettings,
  readHcl,
  resourcesFromPlan,
  planVariables,
  sensitiveTexts,
  withConfigurationValues,
  runCheck,
  SETTINGS_FILE,
  TenantFlags,
  VariableAssignment,
} from "../check";
import type { Parser } from "web-tree-sitter";
import { todayFrom } from "./today";
import { CHECK } from "./commands";
import { commandUsage, parseCommandArgs } from "./usage";
import { isUsageError, UsageError } from "./usage-error";
import { TOOL_VERSION } from "./version";
import { jsonErrorText } from "../config/json-syntax";

/** `tpa check`: exit 0 no unsuppressed error, 1 errors, 2 bad input (usage included). */
export async function checkCommand(args: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let request: CheckRequest;
  let today: string;
  try {
    request = parseCheckArgs(args);
    today = todayFrom(process.env);
  } catch (e) {
    if (isUsageError(e)) {
      err.write(`tpa check: ${terminalLines((e as Error).message)}\n\n${commandUsage(CHECK)}`);
      return 2;
    }
    throw e;
  }
  const hcl = hclInputs(request);
  // the parser (WebAssembly) loads only when there are .tf files to read
  const parser = hcl.length > 0 ? await loadHclParser() : undefined;
  try {
    return check(request, hcl, parser, out, err, today);
  } catch (e) {
    // messages quote the files read (names, values, paths): plain text only
    const problem = e instanceof CheckInputError ? e.message : fileSystemFailure(e);
    if (problem !== undefined) {
      err.write(`tpa check: ${terminalLines(problem)}\n`);
      return 2;
    }
    throw e;
  } finally {
    parser?.delete();
  }
}

/** The .tf files and folders to read: the configuration, or what locates a plan's findings (default: its folder). */
function hclInputs(request: CheckRequest): readonly string[] {
  if (request.deployCli) return [];
  if (!request.plan || request.inputs.length > 0) return request.inputs;
  const planDir = path.dirname(request.plan);
  return fs.existsSync(planDir) && fs.readdirSync(planDir).some((f) => f.endsWith(".tf") || f.endsWith(".tf.json")) ? [planDir] : [];
}

/** What the command line asks for. */
interface CheckRequest {
  readonly inputs: readonly string[];
  readonly plan?: string;
  readonly deployCli?: string;
  readonly deployCliConfig?: string;
  /** --var and --var-file, in the order given (the last value wins, as in Terraform) */
  readonly assignments: readonly VariableAssignment[];
  readonly settings?: string;
  readonly tenant: TenantFlags;
  readonly format: CheckFormat;
}

function parseCheckArgs(args: readonly string[]): CheckRequest {
  const { values, positionals } = parseCommandArgs(CHECK, args);
  const format = values.format;
  if (values.plan && values["deploy-cli"]) throw new UsageError("give either --plan or --deploy-cli");
  if (values["deploy-cli"] && positionals.length > 0) throw new UsageError("--deploy-cli takes no .tf files or folders");
  if (values.config && !values["deploy-cli"]) throw new UsageError("--config is deploy-cli's config file: use it with --deploy-cli");
  if (!values.plan && !values["deploy-cli"] && positionals.length === 0) {
    throw new UsageError("give the configuration: tpa check DIR, tpa check FILE.tf ..., tpa check --plan PLAN.json, or tpa check --deploy-cli tenant.yaml|DIR");
  }
  for (const v of values.var ?? []) if (v.indexOf("=") < 1) throw new UsageError(`--var takes NAME=VALUE, not "${v}"`);
  return {
    inputs: positionals,
    plan: values.plan,
    deployCli: values["deploy-cli"],
    deployCliConfig: values.config,
    assignments: variableAssignments(args),
    settings: values.settings,
    tenant: { domain: values.domain, permissiveEligible: values["permissive-eligible"], profile: values.profile, environment: values.environment },
    format,
  };
}

/** --var NAME=VALUE and --var-file FILE (also as --var=..., --var-file=...) in command-line order. */
function variableAssignments(args: readonly string[]): VariableAssignment[] {
  const out: VariableAssignment[] = [];
  for (let i = 0; i < args.length; i++) {
    const m = /^--(var|var-file)(?:=(.*))?$/s.exec(args[i]);
    if (!m) continue;
    const value = m[2] ?? args[++i];
    if (value === undefined) continue;
    if (m[1] === "var-file") out.push({ file: value });
    else out.push({ name: value.slice(0, value.indexOf("=")), value: value.slice(value.indexOf("=") + 1) });
  }
  return out;
}

/** Reads the configuration, runs the policy and writes the report; throws CheckInputError on bad input. */
function check(
  request: CheckRequest,
  hcl: readonly string[],
  parser: Parser | undefined,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  today: string,
): number {
  const read = (options?: Parameters<typeof readHcl>[2]) => (parser && hcl.length > 0 ? readHcl(parser, hcl, options) : undefined);
  const subject = request.plan
    ? planSubject(request.plan, hcl, (values) => read({ values }))
    : request.deployCli
      ? deployCliSubject(request.deployCli, request.deployCliConfig)
      : hclSubject(hcl, read({ assignments: request.assignments, environment: environmentVariables(process.env) })!);
  for (const note of subject.notes) err.write(`tpa check: ${terminalLines(note)}\n`);
  if (request.settings && !fs.existsSync(request.settings)) throw new CheckInputError(`${request.settings}: no such settings file`);
  const settings = loadSettings(request.settings ?? path.join(subject.dir, SETTINGS_FILE));
  const report = runCheck(subject, settings, request.tenant, today);
  out.write(`${formatCheckReport(report, request.format, TOOL_VERSION)}\n`);
  return hasUnsuppressedErrors(report) ? 1 : 0;
}

interface Subject extends CheckSubject {
  /** the configuration's folder: where tpa.yaml is looked for */
  readonly dir: string;
  readonly notes: readonly string[];
}

function hclSubject(inputs: readonly string[], hcl: HclConfiguration): Subject {
  // only HCL misses a remote module's resources: a plan has them
  return fromHcl(hcl, rootDir(inputs[0]), { resources: hcl.resources, domain: hcl.domain, providers: hcl.providers, domains: hcl.domains, unread: hcl.unread, sensitive: hcl.sensitive });
}

function planSubject(file: string, sources: readonly string[], readWith: (values: Record<string, unknown>) => HclConfiguration | undefined): Subject {
  let text: string;
  try {
    text = readRegularFile(file, MAX_JSON_INPUT_BYTES);
  } catch (e) {
    if (e instanceof InputFileError) throw new CheckInputError(e.message);
    throw e;
  }
  if (text.startsWith("PK\x03\x04")) {
    throw new CheckInputError(`${file}: a binary plan file, not its JSON: make that with \`terraform show -json ${file} > plan.json\``);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CheckInputError(`${jsonErrorText(file, text)}; make it with \`terraform show -json PLAN\``);
  }
  const planJson = asPlanJson(json, file);
  const plan = planResources(planJson, file);
  // the .tf files read with the values the plan was made with
  const hcl = readWith(planVariables(planJson));
  const dir = sources.length > 0 ? rootDir(sources[0]) : path.dirname(file);
  // the .tf files locate findings and carry the inline suppressions; the plan has the values
  return fromHcl(hcl, dir, {
    resources: withConfigurationValues(plan.resources, hcl?.resources),
    baseline: plan.baseline,
    domain: plan.domain ?? hcl?.domain,
    providers: plan.providers,
    domains: new Map([...(hcl?.domains ?? []), ...plan.domains]),
    sensitive: [...sensitiveTexts(planJson), ...(hcl?.sensitive ?? [])],
  });
}

/** The plan's resources; values nested so deep that reading them exhausts the stack are bad input, not a crash. */
function planResources(plan: ReturnType<typeof asPlanJson>, file: string): ReturnType<typeof resourcesFromPlan> {
  try {
    return resourcesFromPlan(plan);
  } catch (e) {
    if (e instanceof RangeError) throw new CheckInputError(`${file}: values nested deeper than tpa check reads: this is not a plan Terraform wrote; make it again with \`terraform show -json PLAN\``);
    throw e;
  }
}

function deployCliSubject(input: string, configFile: string | undefined): Subject {
  // the audit's readers load only for deploy-cli configurations
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readDeployCli, readDeployCliConfig } = require("../check/deploy-cli") as typeof import("../check/deploy-cli");
  const config = readDeployCli(input, readDeployCliConfig(configFile));
  const dir = rootDir(input);
  return {
    stack: path.basename(path.resolve(dir)),
    dir,
    resources: config.resources,
    notApplied: config.notApplied,
    domain: config.domain,
    suppressions: [],
    notes: config.notes,
    locate: (target) => config.locate(target),
    unknownValue:
      configFile === undefined
        ? "a keyword without a mapping, known only at import: give deploy-cli's config with --config"
        : `a keyword without a mapping in ${configFile}'s AUTH0_KEYWORD_REPLACE_MAPPINGS, known only at import: map it there`,
  };
}

function fromHcl(
  hcl: HclConfiguration | undefined,
  dir: string,
  values: Pick<CheckSubject, "resources" | "baseline" | "domain" | "providers" | "domains" | "unread" | "sensitive">,
): Subject {
  return {
    ...values,
    stack: path.basename(path.resolve(dir)),
    dir,
    suppressions: hcl?.suppressions ?? [],
    looseSuppressions: hcl?.looseSuppressions ?? [],
    notes: hcl?.notes ?? [],
    locate: (target, attribute) => hcl?.locate(target, attribute),
  };
}

function rootDir(input: string): string {
  return fs.existsSync(input) && fs.statSync(input).isDirectory() ? input : path.dirname(input);
}
