/** How large an environment file may be, how many values it may expand to (YAML aliases), how deep it may nest. */
export const INPUT_BOUNDS = { maxBytes: 8 * 1024 * 1024, maxValues: 2_000_000, maxDepth: 64, maxStringLength: 100_000 } as const;

/** Why a file that expands past maxValues is refused, and what to do. */
export function tooManyValues(): string {
  return `expands to more than ${INPUT_BOUNDS.maxValues} values (YAML aliases *name repeat what they refer to): write the values out`;
}
