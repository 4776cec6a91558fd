export { KubernetesScaling, type KubernetesScalingArgs } from "./scaling";
export { KubernetesService, type KubernetesServiceArgs } from "./service";
export { adapterConfig, adapterHelmValues } from "../../targets/kubernetes";
export { toPolicyInput } from "../policy-arg";
