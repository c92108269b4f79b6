// The policy's public surface: what the rest of the project (constructs, stacks, config, audit, check, diff,
// verify, the CLI) imports. Its other files are internal; a test keeps imports from outside on this file.
export * from "./model";
export * from "./rule";
export * from "./profiles";
export * from "./conventions";
export { TenantPolicy, evaluateStackPolicy } from "./aspect";
export type { TenantPolicyProps, StackPolicyResult } from "./aspect";
export { evaluate, ALL_RULES, ONLY_AT_APPLY } from "./evaluate";
export type { EvaluationInput } from "./evaluate";
export { PolicySuppressions, SUPPRESSION_RULES, matches as suppressionMatches, suppressedBy } from "./suppressions";
export { UNREAD_CONFIGURATION } from "./input-rules";
export type { CodeSuppression } from "./suppressions";
export { resourcesFromTerraformJson } from "./terraform-json";
export { STRICT_MODE_RULES } from "./rules";
export { TIMELINE, inEffect } from "./timeline";
export type { Timeline, DatedChange } from "./timeline";
// Terraform JSON strings: a user's text as a literal, and back
export { terraformLiteral, fromTerraformLiteral, hasTemplateSequence, terraformLiterals, sharedTerraformLiterals } from "./terraform-literal";
// how Auth0 reads a resource's attributes (defaults included), for the diff
export { attr, counterpartIn, defaultAuthMethod, isDefaultGrant, isSystemAudience, isThirdParty, modeOf, stringList, subjectTypeOf } from "./auth0";
export type { Mode } from "./auth0";
// the reports and the escaping of what they quote
export { buildPolicyReport, hasErrors } from "./report/json";
export type { PolicyReport } from "./report/json";
export { buildSarif } from "./report/sarif";
export type { FileLocation } from "./report/sarif";
export { formatPolicyText } from "./report/text";
export { markdownCode, markdownTableCode, markdownText, terminalLines, terminalText } from "./report/escape";
