/** What an HCL expression evaluates to in tpa check: a static value, or what stands for one only known later. */

/** A value only known at apply: kept as the expression's text. */
export class Unknown {
  constructor(readonly text: string) {}
}

/** A resource instance as an expression sees it: what the configuration sets, else "${address.attribute}". */
export class ResourceInstance {
  constructor(
    readonly address: string,
    private readonly configured: (attribute: string) => Value | undefined,
  ) {}

  attribute(name: string): Value {
    const value = this.configured(name);
    // a reference, not a string: what it names is known only at apply (a client's client_id)
    return value === undefined || value instanceof Unknown ? new Unknown(`${this.address}.${name}`) : value;
  }
}

export type Value = string | number | boolean | null | Unknown | ResourceInstance | Value[] | { [key: string]: Value };
