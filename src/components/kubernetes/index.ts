export * from "./scaling";
export * from "./service";
export { adapterConfig, adapterHelmValues } from "../../targets/kubernetes";
