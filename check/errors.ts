/** Bad input to `tpa check` (a file that cannot be read or parsed, a bad flag value): exit 2, with file:line. */
export class CheckInputError extends Error {}
