export { loadTarget, tryCompile, lintPolicy, type CompileOutcome, type PolicyLint } from "./lint";
export * from "./types";
export * from "./resource-names";
