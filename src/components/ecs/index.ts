// polyscale/aws: Application Auto Scaling for ECS services. Imports only the `@pulumi/aws/appautoscaling`
// submodule, so programs that never use ECS never load the AWS SDK.
export { EcsServiceScaling, type EcsServiceScalingArgs } from "./scaling";
export { toPolicyInput } from "../policy-arg";
