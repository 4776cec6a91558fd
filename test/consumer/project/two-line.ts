import { KubernetesScaling } from "polyscale/kubernetes";
export const component = KubernetesScaling;
