/**
 * The Azure Monitor alerts and workbook of a Container App's scaling (policy `alerts` and `dashboard`), created with
 * `@pulumi/azure-native/monitor`'s MetricAlert and ScheduledQueryRule modules and `applicationinsights`' Workbook
 * module only (the submodule indexes would load every resource of the namespace). The args come from the pure
 * compile (src/targets/container-apps/observability.ts); action groups and the environment's Log Analytics
 * workspace are the caller's inputs.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { MetricAlert } from "@pulumi/azure-native/monitor/metricAlert";
import { ScheduledQueryRule } from "@pulumi/azure-native/monitor/scheduledQueryRule";
import { Workbook } from "@pulumi/azure-native/applicationinsights/workbook";
import { compileContainerAppsObservability, type ContainerAppsObservability } from "../../targets/container-apps/observability";
import type { Diagnostic } from "../../targets/types";
import type { ScalingPolicy } from "../../types";

export interface ContainerAppsObservabilityResources {
  metricAlerts: MetricAlert[];
  /** Log search alerts (flapping, metric unavailable) on the environment's Log Analytics workspace. */
  logAlerts: ScheduledQueryRule[];
  workbook?: Workbook;
}

/**
 * Compile before registering anything (a policy error throws before the parent exists). Without a workspace the
 * log alerts cannot be scoped: a warning per alert says so, and none is created.
 */
export function planContainerAppsObservability(policy: ScalingPolicy, hasWorkspace: boolean): ContainerAppsObservability {
  const plan = compileContainerAppsObservability(policy);
  if (hasWorkspace) return plan;
  const warnings: Diagnostic[] = plan.logAlerts.map((a) => ({
    severity: "warning",
    code: "alert_needs_workspace",
    path: ["alerts", a.alert],
    message: "not created: this alert is a log search alert on the Container Apps environment's system logs; pass `logAnalyticsWorkspaceId` (the environment's Log Analytics workspace) to ContainerAppService",
  }));
  return { ...plan, logAlerts: [], warnings: [...plan.warnings, ...warnings] };
}

/** A workbook's resource name must be a UUID: a stable one derived from the component name (RFC 4122 layout, version 5 bits). */
export function workbookResourceName(name: string): string {
  const h = createHash("sha1").update(`polyscale-workbook:${name}`).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const LOG_ALERT_SUFFIX = { flapping: "flapping", metricUnavailable: "metric-unavailable" } as const;

export interface ObservabilityTarget {
  policy: ScalingPolicy;
  containerAppId: pulumi.Input<string>;
  /** The Container App's name, as the system logs' ContainerAppName column holds it. */
  containerAppName: pulumi.Input<string>;
  resourceGroupName: pulumi.Input<string>;
  location?: pulumi.Input<string>;
  actionGroupIds?: pulumi.Input<string>[];
  logAnalyticsWorkspaceId?: pulumi.Input<string>;
}

export function registerContainerAppsObservability(parent: pulumi.Resource, name: string, plan: ContainerAppsObservability, target: ObservabilityTarget): ContainerAppsObservabilityResources {
  const actions = target.actionGroupIds?.map((actionGroupId) => ({ actionGroupId }));
  const location = target.location !== undefined ? { location: target.location } : {};
  const metricAlerts = plan.metricAlerts.map(
    (a) => new MetricAlert(`${name}-pinned-at-max`, { ...a.args, resourceGroupName: target.resourceGroupName, scopes: [target.containerAppId], ...(actions ? { actions } : {}) }, { parent }),
  );
  const logAlerts = plan.logAlerts.map((a, i) => {
    // The query names the app: compiled again once the app's name is known (it may be an Output).
    const criteria = pulumi.output(target.containerAppName).apply((appName) => compileContainerAppsObservability(target.policy, appName).logAlerts[i]!.args.criteria);
    return new ScheduledQueryRule(
      `${name}-${LOG_ALERT_SUFFIX[a.alert]}`,
      {
        ...a.args,
        criteria,
        resourceGroupName: target.resourceGroupName,
        scopes: [target.logAnalyticsWorkspaceId!],
        ...location,
        ...(target.actionGroupIds ? { actions: { actionGroups: target.actionGroupIds } } : {}),
      },
      { parent },
    );
  });
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
          ...location,
        },
        { parent },
      )
    : undefined;
  return { metricAlerts, logAlerts, ...(workbook ? { workbook } : {}) };
}
