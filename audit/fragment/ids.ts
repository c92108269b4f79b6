import { slug } from "../to-policy";

/** Environment-file ids: lower-case, unique per list kind. */
export class Ids {
  private readonly used = new Set<string>();

  next(kind: string, text: string): string {
    let base = slug(text);
    if (!/^[a-z]/.test(base)) base = `${kind}-${base}`.replace(/-+$/, "");
    let id = base;
    for (let n = 2; this.used.has(`${kind}/${id}`); n++) id = `${base}-${n}`;
    this.used.add(`${kind}/${id}`);
    return id;
  }
}
