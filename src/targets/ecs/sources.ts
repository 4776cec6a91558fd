/**
 * Event sources (`from.<key>` of a registered module, src/sources/registry.ts) on ECS:
 *
 * - **Target tracking** on a customized metric: the module's CloudWatch metric (plus `sumWith`) divided by the
 *   service's running task count, `(m1 [+ m2 ...]) / tasks` over `ECS/ContainerInsights RunningTaskCount`
 *   (ClusterName + ServiceName), with the target = the backlog one task should handle: AWS's "backlog per task"
 *   pattern (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html).
 *   A module whose metric is already per task (`perTask`) is tracked as it is.
 * - **Wake from 0 tasks** (replicas.min 0): backlog per task has no value at 0 tasks, so target tracking never
 *   starts the service. A `StepScaling` policy (+1 task, ChangeInCapacity) is invoked by a CloudWatch alarm on the
 *   raw depth while no task runs: `IF(FILL(tasks, 0) == 0, depth, 0) > 0`. Gated on the running tasks, it never
 *   adds tasks beside target tracking once the service runs. ECS reports no Container Insights datapoint for a
 *   service without RUNNING tasks, hence FILL(…, 0). Step-scaling semantics:
 *   https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-step-scaling-policies.html
 */
import type { PolicyIssue } from "../../policy/errors";
import { numberString } from "../../policy/units";
import { chooseSource, unmappedSources } from "../../sources/target";
import type { CloudWatchMetricRef, EcsSourceSpec } from "../../sources/specs";
import type { Metric, ScalingPolicy } from "../../types";
import type { Diagnostic } from "../types";
import type { CustomizedMetricSpecification, MetricDataQuery, Named } from "./args";
import { ALARM_PERIOD, type AlarmQuery } from "./observability";

/** Container Insights' running task count of the service (needs Container Insights on the cluster). */
const RUNNING_TASKS = { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount" } as const;

/** `aws.appautoscaling.Policy` args of the wake policy (PutScalingPolicy StepScalingPolicyConfiguration). */
export interface EcsStepPolicyArgs {
  name: string;
  policyType: "StepScaling";
  serviceNamespace: string;
  scalableDimension: string;
  resourceId: string;
  stepScalingPolicyConfiguration: {
    adjustmentType: "ChangeInCapacity";
    cooldown: number;
    metricAggregationType: "Maximum";
    /** `metricIntervalLowerBound` is a string in the provider (a double in the API). */
    stepAdjustments: { metricIntervalLowerBound: string; scalingAdjustment: number }[];
  };
}

/** `aws.cloudwatch.MetricAlarm` args of the wake alarm; the component sets `alarmActions` to the step policy's ARN. */
export interface EcsWakeAlarmArgs {
  name: string;
  alarmDescription: string;
  comparisonOperator: "GreaterThanThreshold";
  threshold: 0;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: "notBreaching";
  metricQueries: AlarmQuery[];
}

/** The wake pair of one metric. */
export interface EcsWake {
  metricIndex: number;
  policy: Named<EcsStepPolicyArgs>;
  alarm: Named<EcsWakeAlarmArgs>;
}

/** What the compiler needs to emit the target-tracking policy of a source-fed metric. */
export interface SourceTracking {
  targetValue: number;
  customized: CustomizedMetricSpecification;
  /** False when a wake pair starts the service from 0 tasks, or the metric is per task. */
  needsRunningTasks: boolean;
  /** The raw depth metric that wakes the service (only at replicas.min 0). */
  wake?: CloudWatchMetricRef;
}

interface SourceCtx {
  policy: ScalingPolicy;
  cluster: string;
  service: string;
  issues: PolicyIssue[];
  warnings: Diagnostic[];
}

/**
 * The target tracking of a metric read from an event source: `undefined` when ECS reads the metric otherwise
 * (a `cloudWatch` or `alb` source, or no event source), `null` when refused (issues pushed).
 */
export function ecsSourceTracking(ctx: SourceCtx, m: Metric, i: number): SourceTracking | null | undefined {
  if (!("from" in m) || !m.from || m.from.cloudWatch || ("alb" in m.from && m.from.alb)) return undefined;
  const refused = unmappedSources("ecs", m, i, (mod) => mod.ecs !== undefined);
  if (refused) {
    ctx.issues.push(...refused);
    return null;
  }
  const chosen = chooseSource(ctx.policy, m, i, (mod) => mod.ecs);
  if (chosen === undefined || "refused" in chosen) return undefined;
  const { mapped, target } = chosen;
  ctx.issues.push(...(mapped.issues ?? []));
  ctx.warnings.push(...(mapped.warnings ?? []));
  if (mapped.issues?.length || !mapped.value) return null;
  const spec = mapped.value;
  const wake = target.minReplicas === 0 ? spec.wake : undefined;
  if (target.minReplicas === 0 && !wake && !spec.perTask) {
    ctx.issues.push({
      code: "unsupported",
      path: ["scaling", "replicas", "min"],
      message: `0 is not supported on ecs with scaling.metrics[${i}].${m.kind}: the ${chosen.module.title} source has no depth metric to wake the service from 0 tasks; nearest alternative: replicas.min >= 1`,
    });
    return null;
  }
  if (!spec.perTask) {
    ctx.warnings.push({
      severity: "warning",
      code: "ecs_container_insights",
      path: target.path,
      message: `backlog per task divides by ${RUNNING_TASKS.namespace} ${RUNNING_TASKS.metricName}: enable Container Insights on cluster ${JSON.stringify(ctx.cluster)} (without it the policy has no data and never scales)`,
    });
  }
  return {
    targetValue: Number(numberString(target.perReplica)),
    customized: spec.perTask ? perTaskSpec(spec) : backlogPerTask(ctx, spec),
    needsRunningTasks: !spec.perTask && !wake,
    ...(wake ? { wake } : {}),
  };
}

function dims(ref: CloudWatchMetricRef): { name: string; value: string }[] {
  return ref.dimensions.map((d) => ({ name: d.name, value: d.value }));
}

function perTaskSpec(spec: EcsSourceSpec): CustomizedMetricSpecification {
  const ref = spec.metric;
  return { metricName: ref.metricName, namespace: ref.namespace, dimensions: dims(ref), statistic: ref.stat };
}

function runningTasks(ctx: SourceCtx): { namespace: string; metricName: string; dimensions: { name: string; value: string }[] } {
  return { ...RUNNING_TASKS, dimensions: [{ name: "ClusterName", value: ctx.cluster }, { name: "ServiceName", value: ctx.service }] };
}

/** `(m1 [+ m2 ...]) / m<n>`: the source's depth over the running task count (ids as in AWS's example). */
function backlogPerTask(ctx: SourceCtx, spec: EcsSourceSpec): CustomizedMetricSpecification {
  const ref = spec.metric;
  const names = [ref.metricName, ...(spec.sumWith ?? [])];
  const metrics: MetricDataQuery[] = names.map((metricName, k) => ({
    id: `m${k + 1}`,
    label: metricName,
    metricStat: { metric: { namespace: ref.namespace, metricName, dimensions: dims(ref) }, stat: ref.stat },
    returnData: false,
  }));
  const tasksId = `m${names.length + 1}`;
  metrics.push({ id: tasksId, label: "running tasks", metricStat: { metric: runningTasks(ctx), stat: "Average" }, returnData: false });
  const depth = names.length > 1 ? `(${metrics.slice(0, -1).map((q) => q.id).join(" + ")})` : "m1";
  metrics.push({ id: "e1", expression: `${depth} / ${tasksId}`, label: "backlog per task", returnData: true });
  return { metrics };
}

/** The StepScaling policy and its alarm that start the service from 0 tasks when the source has work. */
export function wakePair(
  ctx: SourceCtx,
  i: number,
  stem: string,
  base: { serviceNamespace: string; scalableDimension: string; resourceId: string },
  wake: CloudWatchMetricRef,
  cooldown: number,
): EcsWake {
  const name = `${stem}-wake`;
  const policy: Named<EcsStepPolicyArgs> = {
    name,
    metricIndex: i,
    args: {
      name,
      policyType: "StepScaling",
      ...base,
      stepScalingPolicyConfiguration: {
        adjustmentType: "ChangeInCapacity",
        cooldown,
        metricAggregationType: "Maximum",
        stepAdjustments: [{ metricIntervalLowerBound: "0", scalingAdjustment: 1 }],
      },
    },
  };
  const dimensions = Object.fromEntries(wake.dimensions.map((d) => [d.name, d.value]));
  const tasks = runningTasks(ctx);
  const alarmName = `${stem}-wake`;
  const alarm: Named<EcsWakeAlarmArgs> = {
    name: alarmName,
    metricIndex: i,
    args: {
      name: alarmName,
      alarmDescription: `polyscale: start ${ctx.service} from 0 tasks when ${wake.namespace} ${wake.metricName} > 0 (scaling.metrics[${i}]); target tracking takes over once a task runs`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
      metricQueries: [
        { id: "depth", returnData: false, metric: { namespace: wake.namespace, metricName: wake.metricName, dimensions, period: ALARM_PERIOD, stat: wake.stat } },
        { id: "tasks", returnData: false, metric: { namespace: tasks.namespace, metricName: tasks.metricName, dimensions: { ClusterName: ctx.cluster, ServiceName: ctx.service }, period: ALARM_PERIOD, stat: "Average" } },
        { id: "e1", expression: "IF(FILL(tasks, 0) == 0, depth, 0)", label: "depth while no task runs", returnData: true },
      ],
    },
  };
  return { metricIndex: i, policy, alarm };
}
