/** Small conversions from the tenant's values to the environment file's: what counts as unset is left out. */

export function urls(list: readonly string[] | undefined): string[] | undefined {
  const kept = (list ?? []).filter((u) => u.trim() !== "");
  return kept.length > 0 ? kept : undefined;
}

export function positiveInt(n: number | undefined): number | undefined {
  return Number.isInteger(n) && n! > 0 ? n : undefined;
}

/** The object without its undefined keys, so the YAML has no `key: null` lines. */
export function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
