export * from "./schema";
export * from "./load";
export { mergeDocuments } from "./merge";
