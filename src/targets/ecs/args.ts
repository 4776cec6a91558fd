/**
 * The args compileEcs emits: the subset of `@pulumi/aws` appautoscaling inputs polyscale writes, shaped
 * exactly like them, and the resource types and metrics they name.
 */
import type { Diagnostic } from "../types";
import type { NamedScheduledAction } from "./scheduled-actions";
import type { EcsWake } from "./sources";

export const ECS_SERVICE_NAMESPACE = "ecs";
export const ECS_SCALABLE_DIMENSION = "ecs:service:DesiredCount";
export const TARGET_TYPE = "aws:appautoscaling/target:Target";
export const POLICY_TYPE = "aws:appautoscaling/policy:Policy";
export const SCHEDULED_ACTION_TYPE = "aws:appautoscaling/scheduledAction:ScheduledAction";

/** Container Insights publishes the running task count of each service (needs Container Insights on the cluster). */
export const RUNNING_TASKS_METRIC = { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount" } as const;

// ---- provider-shaped args (the subset of @pulumi/aws appautoscaling inputs polyscale emits) ----

export interface Dimension {
  name: string;
  value: string;
}

export interface EcsTargetArgs {
  serviceNamespace: string;
  scalableDimension: string;
  resourceId: string;
  minCapacity: number;
  maxCapacity: number;
}

export interface MetricDataQuery {
  id: string;
  expression?: string;
  label?: string;
  metricStat?: { metric: { namespace: string; metricName: string; dimensions?: Dimension[] }; stat: string; unit?: string };
  returnData: boolean;
}

export interface CustomizedMetricSpecification {
  namespace?: string;
  metricName?: string;
  dimensions?: Dimension[];
  statistic?: string;
  unit?: string;
  metrics?: MetricDataQuery[];
}

export interface TargetTrackingConfiguration {
  targetValue: number;
  predefinedMetricSpecification?: { predefinedMetricType: string; resourceLabel?: string };
  customizedMetricSpecification?: CustomizedMetricSpecification;
  scaleOutCooldown?: number;
  scaleInCooldown?: number;
  disableScaleIn?: boolean;
}

export interface EcsPolicyArgs {
  name: string;
  policyType: "TargetTrackingScaling";
  serviceNamespace: string;
  scalableDimension: string;
  resourceId: string;
  targetTrackingScalingPolicyConfiguration: TargetTrackingConfiguration;
}

export interface Named<T> {
  /** Pulumi logical name (also the AWS policy / scheduled action name). */
  name: string;
  /** Index of the metric in `scaling.metrics` it comes from (policies and scheduled actions). */
  metricIndex?: number;
  args: T;
}

export interface EcsScaling {
  /** Undefined when `scaling.mode` is `external` (nothing may own the desired count). */
  target?: Named<EcsTargetArgs>;
  policies: Named<EcsPolicyArgs>[];
  scheduledActions: NamedScheduledAction[];
  /** StepScaling policy + CloudWatch alarm pairs that start the service from 0 tasks (event sources at replicas.min 0). */
  wakes?: EcsWake[];
  warnings: Diagnostic[];
}

export interface EcsServiceRef {
  cluster?: string;
  service?: string;
}
