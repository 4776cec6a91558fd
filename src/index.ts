// Root entry: the policy types, parsing, the pure compilers, the simulator and the provider-neutral
// components. Platform components live under polyscale/kubernetes, polyscale/aws, polyscale/azure and
// polyscale/gcp, so importing this module never loads a cloud provider SDK. The policy types are plain
// interfaces (src/types); the zod schemas behind them are exported from polyscale/schemas only, so a
// consumer's compiler never loads zod's declarations through this entry (test/types/no-zod.test.ts).
export * from "./types";
export { parsePolicy, parsePolicyFile, isParsedPolicy } from "./policy/load";
export { PolicyError, formatPath, type PolicyIssue, type PathSegment } from "./policy/errors";
export { policyFileJsonSchema } from "./policy/json-schema";
export * from "./policy/promql";
export * from "./policy/unit-values";
export { workloadRef } from "./policy/workload-ref";
export * from "./targets";
export { compileKubernetes, adapterConfig, adapterHelmValues, hpaBehavior } from "./targets/kubernetes";
export { toPolicyInput } from "./components/policy-arg";
export { ScaledService, type ScaledServiceArgs } from "./components/scaled-service";
export type { WorkloadArgs } from "./components/workload";
export * as simulation from "./simulate";
export { simulate } from "./simulate";
