/**
 * The Cloud Monitoring alert policies and dashboard of a Cloud Run service's scaling (policy `alerts` and
 * `dashboard`), created with `@pulumi/gcp/monitoring`'s AlertPolicy and Dashboard modules only (the
 * monitoring index would load every monitoring resource). The args come from the pure compile
 * (src/targets/cloud-run/observability.ts); the notification channels are the caller's input.
 */
import * as pulumi from "@pulumi/pulumi";
import { AlertPolicy } from "@pulumi/gcp/monitoring/alertPolicy";
import { Dashboard } from "@pulumi/gcp/monitoring/dashboard";
import type { CloudRunServiceSpec } from "../../targets/cloud-run/compile";
import { compileCloudRunObservability } from "../../targets/cloud-run/observability";
import type { ScalingPolicy } from "../../types";

export interface CloudRunObservabilityArgs {
  /** Cloud Monitoring notification channel ids (`projects/<p>/notificationChannels/<id>`) the alert policies notify. */
  notificationChannels?: pulumi.Input<string>[];
  project?: pulumi.Input<string>;
}

export interface CloudRunObservabilityResources {
  alertPolicies: AlertPolicy[];
  dashboard?: Dashboard;
}

/** Compile before registering anything (a policy error throws before the parent exists). */
export function planCloudRunObservability(policy: ScalingPolicy, spec: CloudRunServiceSpec) {
  return compileCloudRunObservability(policy, spec);
}

/**
 * Register the planned alert policies and dashboard under `parent`. The queries name the deployed service,
 * which may be an Output (`serviceName`): they are compiled again once it resolves (same shape, same count).
 */
export function registerCloudRunObservability(
  parent: pulumi.Resource,
  name: string,
  policy: ScalingPolicy,
  spec: CloudRunServiceSpec,
  serviceName: pulumi.Input<string>,
  args: CloudRunObservabilityArgs,
): CloudRunObservabilityResources {
  const plan = planCloudRunObservability(policy, spec);
  const resolved = pulumi.output(serviceName).apply((n) => compileCloudRunObservability(policy, { ...spec, name: n }));
  const common = { ...(args.notificationChannels !== undefined ? { notificationChannels: args.notificationChannels } : {}), ...(args.project !== undefined ? { project: args.project } : {}) };
  const alertPolicies = plan.alertPolicies.map((a, i) => {
    const { conditions: _byName, ...fixed } = a.args;
    const conditions = resolved.apply((r) => r.alertPolicies[i]!.args.conditions);
    return new AlertPolicy(`${name}-${a.alert === "pinnedAtMax" ? "pinned-at-max" : "scaling-flapping"}`, { ...fixed, conditions, ...common }, { parent });
  });
  const dashboard = plan.dashboard
    ? new Dashboard(`${name}-dashboard`, { dashboardJson: resolved.apply((r) => r.dashboard!.dashboardJson), ...(args.project !== undefined ? { project: args.project } : {}) }, { parent })
    : undefined;
  return { alertPolicies, ...(dashboard ? { dashboard } : {}) };
}
