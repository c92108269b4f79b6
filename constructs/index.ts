export * from "./third-party-app";
export * from "./strict-third-party-app";
export * from "./permissive-third-party-app";
export * from "./protected-api";
export * from "./default-third-party-permissions";
export * from "./dcr-security-policy";
export * from "./partner-organization";
export { addressBelowStack, annotate } from "./addressing";
export type { ResourceAnnotation } from "./addressing";
