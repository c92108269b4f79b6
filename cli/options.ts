import { PROFILE_IDS } from "../policy";
import { UsageError } from "./usage-error";

/** Refuses a --profile value that names no capability profile (undefined: not given). */
export function checkProfileOption(value: string | undefined): void {
  if (value !== undefined && !PROFILE_IDS.includes(value)) {
    throw new UsageError(`--profile takes one of ${PROFILE_IDS.join(", ")}, not "${value}"`);
  }
}
