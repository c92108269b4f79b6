import * as fs from "node:fs";
import * as path from "node:path";
import type { Rule } from "../rule";

const RULE_FILE = /^(tpa\d{3})\.(?:ts|js)$/;

/**
 * The strict-mode rule pack, in ID order: every `tpaNNN` file of this folder, each exporting the rule `TPANNN`.
 * Derived from the folder, so a new rule is one new file and no list can forget it.
 */
export const STRICT_MODE_RULES: readonly Rule[] = fs
  .readdirSync(__dirname)
  .flatMap((file) => {
    const m = RULE_FILE.exec(file);
    if (!m) return [];
    const id = m[1].toUpperCase();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rule = (require(path.join(__dirname, file)) as Record<string, Rule | undefined>)[id];
    if (!rule || rule.id !== id) throw new Error(`policy/rules/${file} must export the rule ${id} with id "${id}"`);
    return [rule];
  })
  .sort((a, b) => a.id.localeCompare(b.id));
