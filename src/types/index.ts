// The policy model as plain TypeScript interfaces (no zod): what users write (`*Input`) and what parsing
// gives. Public entries and internal modules take their policy types from here, so a consumer's compiler
// never loads zod's declarations; the zod schemas themselves are exported from `polyscale/schemas`.
export * from "./choices";
export * from "./input";
export * from "./policy";
export * from "./sources";
