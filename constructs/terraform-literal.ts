/**
 * Terraform reads every string of a JSON configuration as a template: `${...}` interpolates and `%{...}` is a
 * directive, evaluated at plan time. Strings that are data (environment files, what `tpa import` copied from
 * a tenant) must reach Terraform as the literal the policy checked, so their template sequences are escaped
 * (`$${`, `%%{`, which Terraform reads back as `${`, `%{`). Expressions enter only through construct code
 * that builds them (cdktf tokens, references).
 */
export function terraformLiteral(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** The value Terraform makes of an escaped literal: the inverse of terraformLiteral. */
export function fromTerraformLiteral(text: string): string {
  return text.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}

/** Does a Terraform JSON string hold a template sequence (an expression), once the escaped ones are set aside? */
export function hasTemplateSequence(text: string): boolean {
  return /\$\{|%\{/.test(text.replace(/\$\$\{|%%\{/g, ""));
}

/** A deep copy of plain data with every string made a Terraform literal. */
export function terraformLiterals<T>(value: T): T {
  if (typeof value === "string") return terraformLiteral(value) as T;
  if (Array.isArray(value)) return value.map(terraformLiterals) as T;
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, terraformLiterals(v)])) as T;
  }
  return value;
}
