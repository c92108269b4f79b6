// What `tpa check` and `tpa diff --plan` use of the check: its other files are internal (a test keeps imports
// from outside on this file and on deploy-cli.ts, which tpa check loads only for deploy-cli configurations).
export { CheckInputError } from "./errors";
export { formatCheckReport } from "./format";
export { CHECK_FORMATS, SETTINGS_FILE } from "./vocabulary";
export type { CheckFormat } from "./vocabulary";
export { environmentVariables, loadHclParser, readHcl } from "./hcl";
export type { HclConfiguration, VariableAssignment } from "./hcl";
export { asPlanJson, PlanInputError, planVariables, resourcesFromPlan, sensitiveTexts, withConfigurationValues } from "./plan";
export type { PlanJson } from "./plan";
export { hasUnsuppressedErrors, runCheck } from "./run";
export type { CheckSubject, TenantFlags } from "./run";
export { loadSettings } from "./settings";
