// The check's words that the CLI's usage text needs: a module of its own, so that `tpa audit`, `tpa synth` and
// the help do not load the HCL parser (a native module) to print them.

/** The report formats of `tpa check`. */
export const CHECK_FORMATS = ["text", "json", "sarif", "markdown"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** The settings file beside a Terraform configuration. */
export const SETTINGS_FILE = "tpa.yaml";
