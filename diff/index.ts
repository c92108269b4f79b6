// What `tpa diff` and `tpa synth --baseline` use of the diff: its other files are internal (a test keeps
// imports from outside on this file).
export { diffPlan, diffSources, hasPolicyErrors, readSide } from "./run";
export type { SideSource } from "./run";
export { DiffInputError, readOutDir } from "./inputs";
export type { StackSide } from "./inputs";
export type { EnvironmentDiff } from "./environment-diff";
export { renderMarkdown } from "./markdown";
