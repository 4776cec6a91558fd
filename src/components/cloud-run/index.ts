// polyscale/gcp: Cloud Run (v2) services scaled by a policy. Imports only `@pulumi/gcp/cloudrunv2`.
export {
  CLOUD_RUN_COMPONENT_TYPE,
  CloudRunService,
  cloudRunScalingSettings,
  type CloudRunContainerArgs,
  type CloudRunScalingSettings,
  type CloudRunServiceArgs,
} from "./service";
export { toPolicyInput } from "../policy-arg";
