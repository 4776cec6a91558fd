// polyscale/azure: Azure Container Apps scaled by a policy. Imports only `@pulumi/azure-native/app`.
export {
  CONTAINER_APP_COMPONENT_TYPE,
  ContainerAppService,
  containerAppScaleSettings,
  type ContainerAppScaleSettings,
  type ContainerAppServiceArgs,
} from "./service";
export { toPolicyInput } from "../policy-arg";
