/** Bad command-line usage: exit 2 with the usage text. */
export class UsageError extends Error {}
