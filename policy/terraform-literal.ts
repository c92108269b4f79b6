/**
 * Terraform reads every string of a JSON configuration as a template: `${...}` interpolates and `%{...}` is a
 * directive, evaluated at plan time. Strings that are data (environment files, what `tpa import` copied from
 * a tenant) must reach Terraform as the literal the policy checked, so their template sequences are escaped
 * (`$${`, `%%{`, which Terraform reads back as `${`, `%{`). Expressions enter only through construct code
 * that builds them (cdktf tokens, references).
 */
export function terraformLiteral(text: string): string {
  if (!text.includes("{")) return text; // most strings: no sequence to escape (large tenants have millions)
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** The value Terraform makes of an escaped literal: the inverse of terraformLiteral. */
export function fromTerraformLiteral(text: string): string {
  return text.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}

/** Does a Terraform JSON string hold a template sequence (an expression), once the escaped ones are set aside? */
export function hasTemplateSequence(text: string): boolean {
  if (!text.includes("{")) return false;
  return /\$\{|%\{/.test(text.replace(/\$\$\{|%%\{/g, ""));
}

/**
 * A deep copy of plain data with every string made a Terraform literal, object keys included: Terraform reads a
 * JSON object's property names as templates too (a client_metadata key `${file("...")}` would be evaluated).
 */
export function terraformLiterals<T>(value: T): T {
  if (typeof value === "string") return terraformLiteral(value) as T;
  if (Array.isArray(value)) return value.map(terraformLiterals) as T;
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = terraformLiterals((value as Record<string, unknown>)[key]);
      const k = terraformLiteral(key);
      // an own "__proto__" key is data (as Object.fromEntries would keep it), never the prototype
      if (k === "__proto__") Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[k] = v;
    }
    return out as T;
  }
  return value;
}

/**
 * terraformLiterals without the copy where no string needs escaping: what holds no template sequence is shared,
 * not copied (the audit's policy view of tens of thousands of clients, read-only data).
 */
export function sharedTerraformLiterals<T>(value: T): T {
  if (typeof value === "string") return terraformLiteral(value) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = literalOf(value[i]);
      if (!out && v !== value[i]) out = value.slice(0, i);
      if (out) out.push(v);
    }
    return (out ?? value) as T;
  }
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    let out: Record<string, unknown> | undefined;
    // for-in over the own keys, not Object.keys: no list of keys per object (the audit's tens of thousands of clients)
    let i = -1;
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      i++;
      const before = (value as Record<string, unknown>)[key];
      const v = literalOf(before);
      if (!out && v !== before) out = firstKeys(value as Record<string, unknown>, i); // the keys before, unchanged
      if (!out) continue;
      if (key === "__proto__") Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
    }
    return (out ?? value) as T;
  }
  return value;
}

/** sharedTerraformLiterals of one value, a string settled without a call of the walk (the audit's millions of strings). */
function literalOf(value: unknown): unknown {
  if (typeof value === "string") return terraformLiteral(value);
  return value !== null && typeof value === "object" ? sharedTerraformLiterals(value) : value;
}

/**
 * A copy of value's first `count` own keys. A function of its own: a closure over the walk's variables would make
 * every call of the walk allocate a context for them, copy or not, and made the walk several times slower.
 */
function firstKeys(value: Record<string, unknown>, count: number): Record<string, unknown> {
  return Object.fromEntries(Object.keys(value).slice(0, count).map((k) => [k, value[k]]));
}
