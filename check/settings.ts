/**
 * tpa.yaml beside a Terraform configuration: what the policy knows of the tenant that HCL does not say
 * (eligibility for permissive apps, the profile, the login experience), the environment's gates, and
 * suppressions by resource address. The same schemas as the environment files (config/schema.ts).
 */
import { displayPath, InputFileError, readRegularFile } from "../config/read-file";
import * as fs from "node:fs";
import { CheckInputError } from "./errors";
import type { CheckSettings } from "./settings-schema";
import { documentValue, unclosedQuote, unclosedQuoteMessage, UnresolvedAlias } from "../config/yaml-syntax";
import { INPUT_BOUNDS, tooManyValues } from "../config/bounds";
import { holdsMoreValuesThan } from "../audit/nesting";

export interface LoadedSettings {
  readonly file?: string;
  readonly settings: CheckSettings;
  /** the line of suppressions[i], for reports */
  readonly suppressionLines: readonly number[];
}

/** Reads tpa.yaml (or the given file); none is an empty configuration. Bad content: CheckInputError with file:line. */
export function loadSettings(file: string | undefined): LoadedSettings {
  if (!file || !fs.existsSync(file)) return { settings: { suppressions: [] }, suppressionLines: [] };
  // zod and the YAML parser load only when there is a file to read
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { isSeq, LineCounter, parseDocument } = require("yaml") as typeof import("yaml");
  const { checkSettingsSchema } = require("./settings-schema") as typeof import("./settings-schema");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const display = displayPath(file);
  const lines = new LineCounter();
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (e) {
    if (e instanceof InputFileError) throw new CheckInputError(`${display}: ${e.reason}`);
    throw e;
  }
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, logLevel: "error" });
  const lineOf = (offset: number | undefined) => lines.linePos(offset ?? 0).line;
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const quote = unclosedQuote(text);
    if (quote) throw new CheckInputError(`${display}:${lineOf(quote.offset)}: malformed YAML: ${unclosedQuoteMessage(quote)}`);
    throw new CheckInputError(`${display}:${lineOf(e.pos[0])}: malformed YAML: ${e.message.split("\n")[0]}`);
  }
  let value: unknown;
  try {
    value = documentValue(doc);
  } catch (e) {
    if (e instanceof UnresolvedAlias) throw new CheckInputError(`${display}:${lineOf(e.offset)}: malformed YAML: ${e.message}`);
    throw e;
  }
  if (holdsMoreValuesThan(value, INPUT_BOUNDS.maxValues)) throw new CheckInputError(`${display}: ${tooManyValues()}`);
  const result = checkSettingsSchema.safeParse(value ?? {});
  const nodeLine = (keyPath: readonly PropertyKey[]): number => {
    for (let n = keyPath.length; n >= 0; n--) {
      const node = doc.getIn(keyPath.slice(0, n) as (string | number)[], true) as { range?: number[] } | undefined;
      if (node?.range) return lineOf(node.range[0]);
    }
    return 1;
  };
  if (!result.success) {
    const issue = result.error.issues[0];
    const keys = issue.path.map(String).join(".");
    const unknown = issue.code === "unrecognized_keys" ? `unknown key(s) ${issue.keys.join(", ")}: tenant, gates and suppressions are known` : issue.message;
    throw new CheckInputError(`${display}:${nodeLine(issue.path)}:${keys ? ` ${keys}:` : ""} ${unknown}`);
  }
  const list = doc.get("suppressions", true);
  const suppressionLines = isSeq(list) ? list.items.map((item) => lineOf((item as { range?: number[] }).range?.[0])) : [];
  return { file: display, settings: result.data, suppressionLines };
}
