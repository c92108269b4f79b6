import { evaluate, Finding, NEWEST_PROFILE_ID, profileById } from "../policy";
import {
  AppChange,
  appChanges,
  Counts,
  countChanges,
  GrantChange,
  grantChanges,
  ResourceChange,
  SettingChange,
  settingChanges,
} from "./compare";
import type { StackSide } from "./inputs";

/** What changes in one environment's third-party security posture. */
export interface EnvironmentDiff {
  /** the environment, or "base ← head" when two environments are compared (promotion) */
  readonly name: string;
  readonly counts: Counts;
  readonly apps: readonly AppChange[];
  readonly grants: readonly GrantChange[];
  readonly dcr: readonly SettingChange[];
  readonly apiPolicies: readonly SettingChange[];
  /** the whole policy on the head, lifecycle rules included (the base is their baseline) */
  readonly findings: readonly Finding[];
  readonly resources: readonly ResourceChange[];
}

export function environmentDiff(
  name: string,
  base: StackSide,
  head: StackSide,
  changes: readonly ResourceChange[],
  today: string,
): EnvironmentDiff {
  const tenant = head.tenant ?? { environment: head.name, permissiveEligible: false };
  const findings = evaluate({
    stack: name,
    resources: head.resources,
    baseline: base.resources,
    tenant,
    profile: profileById(head.profile ?? NEWEST_PROFILE_ID),
    today,
    suppressions: head.suppressions,
  });
  return {
    name,
    counts: countChanges(changes),
    apps: appChanges(changes),
    grants: grantChanges(changes, head, base),
    ...settingChanges(changes),
    findings,
    resources: changes,
  };
}
