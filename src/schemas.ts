// `polyscale/schemas`: the zod schemas the policy model is defined by (the source of truth of the
// interfaces in `src/types`), with the helpers built on them. The other entries never import this
// module, so a consumer's compiler loads zod's declarations only when it imports `polyscale/schemas`.
export * from "./policy";
export * from "./sources/schemas";
