import type { ScalingPolicy } from "../../types";
import type { PlatformTarget, RenderResult } from "../types";
import { observabilityByComponent } from "../observability-support";
import { CONTAINER_APP_TYPE, capabilities, compileContainerApps } from "./compile";

export * from "./compile";

/**
 * `polyscale render FILE --platform container-apps`: one document per policy, tagged with the provider
 * resource type, whose `args` are the autoscaling part of `@pulumi/azure-native` `app.ContainerAppArgs`
 * (`template.scale`). Merge it into your Container App, or use the `ContainerAppService` component.
 * `secretRefs` lists the Container App secrets (`configuration.secrets[].name`) the rules read.
 */
export const target: PlatformTarget = {
  name: "container-apps",
  title: "Azure Container Apps",
  capabilities,
  render(policy: ScalingPolicy): RenderResult {
    const out = compileContainerApps(policy);
    const doc: Record<string, unknown> = { type: CONTAINER_APP_TYPE, name: policy.service, args: { template: { scale: out.scale } } };
    if (out.secretRefs.length > 0) doc.secretRefs = out.secretRefs;
    const notes = observabilityByComponent(policy, "ContainerAppService", "Azure Monitor (a metric alert, log search alerts on its logAnalyticsWorkspaceId, actions to its actionGroupIds, and a workbook)");
    return { documents: [doc], warnings: [...out.warnings, ...notes] };
  },
};
