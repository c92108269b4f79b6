/**
 * Whether a value nests more than `levels` levels deep (its own properties and items are level 1). Recursive only
 * that far, so the check itself cannot overflow the stack on what it is checking.
 */
export function nestsDeeperThan(value: unknown, levels: number): boolean {
  if (levels < 0) return true;
  if (value === null || typeof value !== "object") return false;
  // a loop over a list's indexes, not for-in: this visits every value of snapshots with 50,000 clients
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (i in value && nestsDeeperThan(value[i], levels - 1)) return true;
    return false;
  }
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key) && nestsDeeperThan((value as Record<string, unknown>)[key], levels - 1)) return true;
  }
  return false;
}

/**
 * Whether a value holds more than `max` values, counting each time a shared object is reached (a YAML alias repeats
 * what it refers to: 30 nested aliases of two each reach a billion values in a few lines). Stops once past `max`.
 */
export function holdsMoreValuesThan(value: unknown, max: number): boolean {
  let count = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (++count > max) return true;
    if (v === null || typeof v !== "object") continue;
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) pending.push(v[i]);
    else for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) pending.push((v as Record<string, unknown>)[k]);
  }
  return false;
}
