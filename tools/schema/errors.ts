/** A problem with the input (docs page, Go source, facts file, arguments): reported as one line, never a stack. */
export class SchemaToolError extends Error {}

export function fail(message: string): never {
  throw new SchemaToolError(message);
}
