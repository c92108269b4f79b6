/** Why a file nested beyond what its parser can read is refused. */
export const TOO_DEEP_TO_READ = "nested too deeply to read: no Auth0 export or snapshot nests like this (a broken or hostile file)";

/** Whether a parser's error is its running out of stack on nesting (its message, when it caught the RangeError itself). */
export function isTooDeep(e: unknown): boolean {
  return e instanceof RangeError || /Maximum call stack/.test(e instanceof Error ? e.message : String(e));
}

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
 * Whether the values a YAML document's aliases repeat are more than `max`: each object reached a second time (an
 * alias's target) counts with everything it holds, each time (30 nested aliases of two each repeat a billion values
 * in a few lines). What the document writes out once counts nothing, however large. Stops once past `max`.
 */
export function holdsMoreValuesThan(value: unknown, max: number): boolean {
  let repeated = 0;
  const seen = new Set<object>();
  // each value with whether it is reached again, inside an object reached a second time
  const pending: [unknown, boolean][] = [[value, false]];
  while (pending.length > 0) {
    const [v, again] = pending.pop()!;
    if (again && ++repeated > max) return true;
    if (v === null || typeof v !== "object") continue;
    const inside = again || seen.has(v);
    seen.add(v);
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) pending.push([v[i], inside]);
    else for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) pending.push([(v as Record<string, unknown>)[k], inside]);
  }
  return false;
}
