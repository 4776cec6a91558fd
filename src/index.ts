// Root entry: the model, the pure compilers and the provider-neutral components.
// Platform components live under polyscale/kubernetes, polyscale/aws, polyscale/azure and polyscale/gcp,
// so importing this module never loads a cloud provider SDK.
export * from "./policy";
export * from "./targets";
export { compileKubernetes, adapterConfig, adapterHelmValues, hpaBehavior } from "./targets/kubernetes";
export { ScaledService, type ScaledServiceArgs } from "./components/scaled-service";
export type { WorkloadArgs } from "./components/workload";
export * as simulation from "./simulate";
export { simulate } from "./simulate";
