import type { RuleMetadata } from "./rule";

/**
 * A finding about the input itself: part of the configuration the policy could not see, reported as a warning
 * so that it is never taken for a pass.
 */
export const UNREAD_CONFIGURATION: RuleMetadata = {
  id: "TPA003",
  title: "Part of the configuration is not read",
  severity: "warning",
  fact: "tpa check reads a configuration's own .tf and .tf.json files and its local modules. A module from a registry, git or another remote source is not among them, so the strict-mode findings of its resources cannot be known from the HCL.",
  source: "docs/auth0-facts.md#unread-configuration",
  fix: "Check a plan of the configuration instead (terraform show -json PLAN > plan.json; tpa check --plan plan.json): it has the module's resources.",
};
