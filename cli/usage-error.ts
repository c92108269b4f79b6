/** Bad command-line usage: exit 2 with the usage text. */
export class UsageError extends Error {}

/** A usage problem: ours, or node:util parseArgs's (an unknown option, a missing value). */
export function isUsageError(e: unknown): boolean {
  return e instanceof UsageError || (typeof e === "object" && e !== null && String((e as { code?: string }).code).startsWith("ERR_PARSE_ARGS"));
}
