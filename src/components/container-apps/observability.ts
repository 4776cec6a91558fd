/**
 * The Azure Monitor metric alerts and workbook of a Container App's scaling (policy `alerts` and `dashboard`),
 * created with `@pulumi/azure-native/monitor`'s MetricAlert and `applicationinsights`' Workbook modules only
 * (the submodule indexes would load every resource of the namespace). The args come from the pure compile
 * (src/targets/container-apps/observability.ts); the action groups are the caller's input.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { MetricAlert } from "@pulumi/azure-native/monitor/metricAlert";
import { Workbook } from "@pulumi/azure-native/applicationinsights/workbook";
import { compileContainerAppsObservability, type ContainerAppsObservability } from "../../targets/container-apps/observability";
import type { ScalingPolicy } from "../../types";

export interface ContainerAppsObservabilityResources {
  metricAlerts: MetricAlert[];
  workbook?: Workbook;
}

/** Compile before registering anything (a policy error throws before the parent exists). */
export function planContainerAppsObservability(policy: ScalingPolicy): ContainerAppsObservability {
  return compileContainerAppsObservability(policy);
}

/** A workbook's resource name must be a UUID: a stable one derived from the component name (RFC 4122 layout, version 5 bits). */
export function workbookResourceName(name: string): string {
  const h = createHash("sha1").update(`polyscale-workbook:${name}`).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function registerContainerAppsObservability(
  parent: pulumi.Resource,
  name: string,
  plan: ContainerAppsObservability,
  target: { containerAppId: pulumi.Input<string>; resourceGroupName: pulumi.Input<string>; location?: pulumi.Input<string>; actionGroupIds?: pulumi.Input<string>[] },
): ContainerAppsObservabilityResources {
  const actions = target.actionGroupIds?.map((actionGroupId) => ({ actionGroupId }));
  const metricAlerts = plan.metricAlerts.map(
    (a) => new MetricAlert(`${name}-pinned-at-max`, { ...a.args, resourceGroupName: target.resourceGroupName, scopes: [target.containerAppId], ...(actions ? { actions } : {}) }, { parent }),
  );
  const workbook = plan.workbook
    ? new Workbook(
        `${name}-workbook`,
        {
          resourceGroupName: target.resourceGroupName,
          resourceName: workbookResourceName(name),
          kind: "shared",
          category: "workbook",
          displayName: plan.workbook.displayName,
          serializedData: plan.workbook.serializedData,
          sourceId: target.containerAppId,
          ...(target.location !== undefined ? { location: target.location } : {}),
        },
        { parent },
      )
    : undefined;
  return { metricAlerts, ...(workbook ? { workbook } : {}) };
}
