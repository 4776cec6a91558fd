/**
 * ScalingPolicy → AWS Application Auto Scaling for an ECS service, as plain objects shaped exactly like the
 * args of `@pulumi/aws` `appautoscaling.Target`, `appautoscaling.Policy` and `appautoscaling.ScheduledAction`.
 * Pure: no Pulumi resource, no I/O.
 *
 * How ECS decides (and why the model maps the way it does):
 *
 * - **Several target-tracking policies** on one service are evaluated independently. Application Auto Scaling
 *   scales **out if any** policy asks for more tasks (the largest capacity wins) and scales **in only if all**
 *   policies agree. A CPU + memory pair therefore often never scales in, because one of the two stays above
 *   its target (aws/copilot-cli#4298); the compiler reports a warning when it emits more than one policy.
 * - **Cooldowns are not stabilization windows.** A Kubernetes HPA stabilization window looks back over the
 *   recommendations of the last N seconds and acts on the highest (scale-down) / lowest (scale-up) of them;
 *   it rate-limits the *decision*. An ECS `ScaleOutCooldown` / `ScaleInCooldown` is a pause *after* a scaling
 *   activity: during a scale-out cooldown a further scale-out only happens if it is bigger than the last one,
 *   and during a scale-in cooldown no scale-in happens (a scale-out interrupts it). The managed CloudWatch
 *   alarms add their own delay (users report 3 of 3 one-minute datapoints to scale out, 15 of 15 to scale in,
 *   not configurable: aws/containers-roadmap#1208). polyscale maps `scaleUp.stabilization` →
 *   `scaleOutCooldown` and `scaleDown.stabilization` → `scaleInCooldown` as the closest knob, and
 *   `scaling.ecs.cooldown` overrides both. When neither is given the field is left out (AWS default: 300 s).
 * - Target tracking has no rate limits (`scaleUp.policies` / `scaleDown.policies`): it scales out
 *   proportionally "as fast as it can" and in gradually. Those rules are reported as a warning, not applied.
 * - Missing data (INSUFFICIENT_DATA) neither scales out nor in, i.e. `missingMetrics: hold`.
 */
import type { PathSegment, PolicyIssue } from "../../policy/errors";
import type { Metric, MetricOf } from "../../types";
import type { ScalingPolicy } from "../../types";
import type { CloudWatchSource } from "../../types";
import { albResourceLabel } from "../../policy/sources/alb";
import { ecsNameError } from "../../policy/platforms/ecs";
import { numberString } from "../../policy/units";
import { throwIfIssues, unsupportedMetric, type Diagnostic } from "../types";
import { LIMITS, checkName } from "./names";
import { ecsOwnScheduledActions, metricScheduledActions, scheduledActionsWithoutTarget, type NamedScheduledAction } from "./scheduled-actions";
import { checkInt32, withoutNegativeZero } from "../output-values";
import { ECS_STACK_RULES, stackViolations } from "../../rules/stack";
import { ecsSourceTracking, wakePair, type EcsWake } from "./sources";

export const ECS_SERVICE_NAMESPACE = "ecs";
export const ECS_SCALABLE_DIMENSION = "ecs:service:DesiredCount";
export const TARGET_TYPE = "aws:appautoscaling/target:Target";
export const POLICY_TYPE = "aws:appautoscaling/policy:Policy";
export const SCHEDULED_ACTION_TYPE = "aws:appautoscaling/scheduledAction:ScheduledAction";
export { LIMITS } from "./names";
export type { EcsScheduledActionArgs, NamedScheduledAction, ScheduledActionOrigin } from "./scheduled-actions";

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

/** `service/<cluster>/<service>`, or the issues that keep it from being valid. */
export function ecsResourceId(cluster: string, service: string, paths: { cluster: PathSegment[]; service: PathSegment[] } = { cluster: ["scaling", "ecs", "cluster"], service: ["scaling", "ecs", "service"] }): { resourceId: string; issues: PolicyIssue[] } {
  const issues: PolicyIssue[] = [];
  const c = ecsNameError("cluster", cluster);
  if (c) issues.push({ code: "invalid_ecs_name", path: paths.cluster, message: c });
  const s = ecsNameError("service", service);
  if (s) issues.push({ code: "invalid_ecs_name", path: paths.service, message: s });
  const resourceId = `service/${cluster}/${service}`;
  if (resourceId.length > LIMITS.resourceId) {
    issues.push({ code: "too_big", path: paths.service, message: `resource id ${JSON.stringify(resourceId.slice(0, 40) + "...")} is ${resourceId.length} characters; the API allows 1..${LIMITS.resourceId}` });
  }
  return { resourceId, issues };
}

const SLUG: Record<Metric["kind"], string> = {
  cpu: "cpu",
  memory: "memory",
  requestRate: "requests",
  inFlight: "inflight",
  queue: "queue",
  replicasRequired: "replicas-required",
  prometheus: "prometheus",
  pods: "pods",
  external: "external",
  object: "object",
  workloadRatio: "workload-ratio",
  schedule: "schedule",
  keda: "keda",
};

const PUBLISH_TO_CLOUDWATCH = "publish the value to CloudWatch (CloudWatch agent, embedded metric format or PutMetricData) and add a `cloudWatch` source to this metric";

/** What ECS can do with each metric kind (for `capabilities` and the README table). */
export const ECS_CAPABILITIES = {
  cpu: { supported: true, via: "target tracking on predefined ECSServiceAverageCPUUtilization (`utilization` only)" },
  memory: { supported: true, via: "target tracking on predefined ECSServiceAverageMemoryUtilization (`utilization` only)" },
  requestRate: { supported: true, via: "target tracking on ALBRequestCountPerTarget (`alb` source; perReplicaPerMinute as written, or perReplica × 60) or a CloudWatch customized metric (`cloudWatch` source)" },
  inFlight: { supported: true, via: "target tracking on a CloudWatch customized metric (`cloudWatch` source)" },
  queue: { supported: true, via: "target tracking on a CloudWatch customized metric; metric math over ECS/ContainerInsights RunningTaskCount when the metric is a total (`cloudWatch` source), or an event source's backlog per task with a StepScaling wake at min 0 (`sqs`, rows below)" },
  replicasRequired: { supported: true, via: "target tracking on CloudWatch metric math: required / RunningTaskCount with target 1 / (1 + buffer) (`cloudWatch` source)" },
  prometheus: { supported: false, alternative: `${PUBLISH_TO_CLOUDWATCH.replace(" and add a `cloudWatch` source to this metric", "")}, then use a \`queue\`, \`inFlight\` or \`replicasRequired\` metric with a \`cloudWatch\` source` },
  pods: { supported: false, alternative: "a Kubernetes custom metric; publish it to CloudWatch and use a `queue` or `inFlight` metric with a `cloudWatch` source" },
  external: { supported: false, alternative: "a Kubernetes external metric; publish it to CloudWatch and use a `queue` metric with a `cloudWatch` source" },
  object: { supported: false, alternative: "a Kubernetes object metric; publish it to CloudWatch and use a `queue` metric with a `cloudWatch` source" },
  workloadRatio: { supported: false, alternative: "scale this service on the followed service's own metric (e.g. the same `cloudWatch` source with a target multiplied by `podsPerReplica`)" },
  schedule: { supported: true, via: "appautoscaling ScheduledAction pair: min capacity = replicas at `start`, back to replicas.min at `end` (cron(...) with timezone)" },
  keda: { supported: false, alternative: `${PUBLISH_TO_CLOUDWATCH.replace(" and add a `cloudWatch` source to this metric", "")}, then use a \`queue\`, \`inFlight\` or \`replicasRequired\` metric with a \`cloudWatch\` (or \`sqs\`) source` },
} as const;

interface Ctx {
  policy: ScalingPolicy;
  cluster: string;
  service: string;
  resourceId: string;
  issues: PolicyIssue[];
  warnings: Diagnostic[];
}

/**
 * Compile a policy for an ECS service. `ref` overrides `scaling.ecs.cluster` / `scaling.ecs.service`
 * (the service defaults to the policy's `service`). Throws a PolicyError listing every problem.
 */
export function compileEcs(policy: ScalingPolicy, ref: EcsServiceRef = {}): EcsScaling {
  const issues: PolicyIssue[] = [];
  const warnings: Diagnostic[] = [];
  const scaling = policy.scaling;
  if (!scaling) {
    issues.push({ code: "unsupported", path: ["vertical"], message: "ECS has no vertical autoscaler; nearest alternative: size the task definition's cpu/memory, and add `scaling` for horizontal autoscaling" });
    throwIfIssues(issues, "ecs", policy.service);
    throw new Error("unreachable");
  }
  if (policy.vertical) {
    warnings.push({ severity: "warning", code: "ecs_no_vertical", path: ["vertical"], message: "ignored on ecs: ECS has no vertical autoscaler (size the task definition's cpu/memory instead)" });
  }
  const ecs = scaling.ecs;
  const cluster = ref.cluster ?? ecs?.cluster;
  const service = ref.service ?? ecs?.service ?? policy.service;
  if (cluster === undefined) {
    issues.push({
      code: "required",
      path: ["scaling", "ecs", "cluster"],
      message: "is required for ecs (the <cluster> of resource id service/<cluster>/<service>); set scaling.ecs.cluster, or pass clusterName to EcsServiceScaling",
    });
  }
  const rid = ecsResourceId(cluster ?? "cluster", service);
  if (cluster !== undefined) issues.push(...rid.issues);
  else issues.push(...rid.issues.filter((i) => i.path.join(".") !== "scaling.ecs.cluster"));

  const ctx: Ctx = { policy, cluster: cluster ?? "", service, resourceId: rid.resourceId, issues, warnings };
  const prefix = ecs?.namePrefix ?? policy.service;
  const { min, max } = scaling.replicas;

  if (scaling.mode === "external") {
    warnings.push({ severity: "info", code: "ecs_external", path: ["scaling", "mode"], message: "mode external: no scalable target is registered; an outside controller sets the service's desired count" });
    issues.push(...scheduledActionsWithoutTarget(policy));
    throwIfIssues(issues, "ecs", policy.service);
    return { policies: [], scheduledActions: [], warnings };
  }

  const base = { serviceNamespace: ECS_SERVICE_NAMESPACE, scalableDimension: ECS_SCALABLE_DIMENSION, resourceId: rid.resourceId };
  const target: Named<EcsTargetArgs> = { name: `${prefix}-target`, args: { ...base, minCapacity: min, maxCapacity: max } };

  // ---- cooldowns and scale-in ----
  const scaleOutCooldown = ecs?.cooldown?.out ?? scaling.scaleUp?.stabilization;
  const scaleInCooldown = ecs?.cooldown?.in ?? scaling.scaleDown?.stabilization;
  if (scaling.scaleUp?.select === "disabled") {
    issues.push({
      code: "unsupported",
      path: ["scaling", "scaleUp", "select"],
      message: "`disabled` is not supported on ecs (target tracking always scales out); nearest alternative: set replicas.max to replicas.min, or mode: fixed",
    });
  }
  checkInt32(issues, [
    [scaleOutCooldown, ecs?.cooldown?.out !== undefined ? ["scaling", "ecs", "cooldown", "out"] : ["scaling", "scaleUp", "stabilization"]],
    [scaleInCooldown, ecs?.cooldown?.in !== undefined ? ["scaling", "ecs", "cooldown", "in"] : ["scaling", "scaleDown", "stabilization"]],
  ]);
  const disableScaleIn = scaling.scaleDown?.select === "disabled";
  const unsupported = (path: PathSegment[], code: string, what: string, alternative: string, it: "it" | "them") => {
    if ((scaling.ecs?.unsupportedBehavior ?? "error") === "warn") {
      warnings.push({ severity: "warning", code, path, message: `not applied on ecs: ${what}` });
    } else {
      issues.push({ code: "unsupported", path, message: `cannot be honoured on ecs: ${what}; nearest alternative: ${alternative}, or set scaling.ecs.unsupportedBehavior: warn to compile without ${it}` });
    }
  };
  for (const dir of ["scaleUp", "scaleDown"] as const) {
    if (scaling[dir]?.policies) {
      const what = `target tracking has no rate limits (it scales out proportionally and in gradually); only ${dir === "scaleUp" ? "scaleOutCooldown" : "scaleInCooldown"} is set`;
      unsupported(["scaling", dir, "policies"], "ecs_no_rate_limits", what, "remove them and tune scaling.ecs.cooldown", "them");
    }
    if (scaling[dir]?.tolerance !== undefined) {
      const what = "target tracking has no tolerance setting (its CloudWatch alarms fire on any breach of the target); tolerance is a Kubernetes HPA setting";
      unsupported(["scaling", dir, "tolerance"], "ecs_no_tolerance", what, "remove it", "it");
    }
  }
  if (scaling.missingMetrics !== undefined && scaling.missingMetrics !== "hold") {
    issues.push({
      code: "unsupported",
      path: ["scaling", "missingMetrics"],
      message: `${JSON.stringify(scaling.missingMetrics)} is not supported on ecs (target tracking neither scales out nor in on INSUFFICIENT_DATA); nearest alternative: missingMetrics: hold`,
    });
  }

  // ---- metrics ----
  const slugCount = new Map<string, number>();
  for (const m of scaling.metrics) slugCount.set(SLUG[m.kind], (slugCount.get(SLUG[m.kind]) ?? 0) + 1);
  const slugOf = (m: Metric, i: number) => (slugCount.get(SLUG[m.kind])! > 1 ? `${SLUG[m.kind]}-${i}` : SLUG[m.kind]);

  const policies: Named<EcsPolicyArgs>[] = [];
  const scheduledActions: NamedScheduledAction[] = [];
  const needsRunningTasks: number[] = [];
  const wakes: EcsWake[] = [];

  scaling.metrics.forEach((m, i) => {
    if (m.kind === "schedule") {
      scheduledActions.push(...metricScheduledActions(ctx, m, i, `${prefix}-${slugOf(m, i)}`, base));
      return;
    }
    const fromSource = ecsSourceTracking(ctx, m, i);
    if (fromSource === null) return;
    const tt: TT | undefined = fromSource ?? targetTracking(ctx, m, i);
    if (!tt) return;
    if (fromSource?.wake) wakes.push(wakePair(ctx, i, `${prefix}-${slugOf(m, i)}`, base, fromSource.wake, scaleOutCooldown ?? 60));
    if (tt.needsRunningTasks) needsRunningTasks.push(i);
    const config: TargetTrackingConfiguration = { targetValue: tt.targetValue };
    if (tt.predefined) config.predefinedMetricSpecification = tt.predefined;
    if (tt.customized) config.customizedMetricSpecification = tt.customized;
    if (scaleOutCooldown !== undefined) config.scaleOutCooldown = scaleOutCooldown;
    if (scaleInCooldown !== undefined) config.scaleInCooldown = scaleInCooldown;
    if (disableScaleIn) config.disableScaleIn = true;
    const name = `${prefix}-${slugOf(m, i)}-scaling`;
    checkName("policy", name, ["scaling", "ecs", "namePrefix"], issues);
    policies.push({ name, metricIndex: i, args: { name, policyType: "TargetTrackingScaling", ...base, targetTrackingScalingPolicyConfiguration: config } });
  });

  scheduledActions.push(...ecsOwnScheduledActions(ctx, prefix, base, scheduledActions));

  if (min === 0 && needsRunningTasks.length > 0) {
    const kinds = needsRunningTasks.map((i) => `scaling.metrics[${i}].${scaling.metrics[i]!.kind}`).join(", ");
    issues.push({
      code: "unsupported",
      path: ["scaling", "replicas", "min"],
      message: `0 is not supported on ecs with ${kinds}: that target-tracking metric is measured per running task, so at 0 tasks it has no data and the service never scales out; nearest alternative: replicas.min >= 1, or a per-task \`cloudWatch\` metric computed outside the service (perReplica: true)`,
    });
  }
  // One rule implementation with `polyscale lint` and the CrossGuard pack (src/rules/stack.ts).
  if (stackViolations(ECS_STACK_RULES, policies.map((p) => ({ type: "aws:appautoscaling/policy:Policy", name: p.name, args: p.args }))).length > 0) {
    warnings.push({
      severity: "warning",
      code: "ecs_multi_policy_scale_in",
      path: ["scaling", "metrics"],
      message: `${policies.length} target-tracking policies: ECS scales out if any policy asks for it but scales in only when all of them are below target, so the service may stay scaled out (aws/copilot-cli#4298)`,
    });
  }
  if (needsRunningTasks.some((i) => usesMetricMath(scaling.metrics[i]!))) {
    warnings.push({
      severity: "info",
      code: "ecs_container_insights",
      path: ["scaling", "metrics"],
      message: `metric math divides by ${RUNNING_TASKS_METRIC.namespace} ${RUNNING_TASKS_METRIC.metricName}: enable Container Insights on cluster ${JSON.stringify(ctx.cluster)}`,
    });
  }

  throwIfIssues(issues, "ecs", policy.service);
  // mode fixed: min == max, no policy reads a metric (the model guarantees an empty metrics list).
  return withoutNegativeZero({ target, policies, scheduledActions, ...(wakes.length > 0 ? { wakes } : {}), warnings });
}

function usesMetricMath(m: Metric): boolean {
  if (m.kind === "replicasRequired") return true;
  if (m.kind === "queue" || m.kind === "inFlight" || m.kind === "requestRate") {
    const cw = m.from?.cloudWatch;
    if (m.kind === "requestRate" && m.from.alb) return false;
    return cw !== undefined && (!cw.perReplica || cw.sumWith !== undefined);
  }
  return false;
}

interface TT {
  targetValue: number;
  predefined?: { predefinedMetricType: string; resourceLabel?: string };
  customized?: CustomizedMetricSpecification;
  /** The metric only has data while tasks run (per-task metric or division by the running task count). */
  needsRunningTasks: boolean;
}

function mpath(i: number, kind: string, ...rest: PathSegment[]): PathSegment[] {
  return ["scaling", "metrics", i, kind, ...rest];
}

function targetTracking(ctx: Ctx, m: Metric, i: number): TT | undefined {
  const { issues } = ctx;
  switch (m.kind) {
    case "cpu":
    case "memory": {
      const type = m.kind === "cpu" ? "ECSServiceAverageCPUUtilization" : "ECSServiceAverageMemoryUtilization";
      let ok = true;
      if (m.averageValue !== undefined) {
        issues.push({ code: "unsupported_metric", path: mpath(i, m.kind, "averageValue"), message: `an absolute ${m.kind} target (${JSON.stringify(m.averageValue)}) is not supported on ecs (${type} is a percentage of the task's reservation); nearest alternative: \`utilization\` in percent` });
        ok = false;
      }
      if (m.container !== undefined) {
        issues.push({ code: "unsupported_metric", path: mpath(i, m.kind, "container"), message: `a per-container ${m.kind} target (container ${JSON.stringify(m.container)}) is not supported on ecs (${type} averages the whole service); nearest alternative: drop \`container\`, or publish the container's usage to CloudWatch and use a \`cloudWatch\` source` });
        ok = false;
      }
      if (m.utilization !== undefined && m.utilization > 100) {
        issues.push({ code: "too_big", path: mpath(i, m.kind, "utilization"), message: `must be at most 100 on ecs (${type} is a percentage; polyscale limit), got ${m.utilization}` });
        ok = false;
      }
      if (!ok || m.utilization === undefined) return undefined;
      return { targetValue: m.utilization, predefined: { predefinedMetricType: type }, needsRunningTasks: true };
    }
    case "requestRate": {
      if (m.from.alb) {
        const a = m.from.alb;
        const label = a.resourceLabel ?? albResourceLabel(a.loadBalancerArn!, a.targetGroupArn!);
        if (label === undefined || label.length > LIMITS.resourceLabel) {
          issues.push({ code: "invalid_string", path: mpath(i, "requestRate", "from", "alb"), message: `cannot build an ALB resource label (app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>, 1..${LIMITS.resourceLabel} characters) from ${JSON.stringify(a)}` });
          return undefined;
        }
        // ALBRequestCountPerTarget counts requests per target per minute: a per-minute rate is used as written.
        const perMinute = m.perReplicaPerMinute ?? roundTarget(m.perReplica * 60);
        return { targetValue: perMinute, predefined: { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel: label }, needsRunningTasks: true };
      }
      return customFrom(ctx, m, i, m.perReplica, "use an `alb` source (ALBRequestCountPerTarget) or");
    }
    case "inFlight":
      // An ALB counts HTTP requests only: TCP connections come from a CloudWatch metric (the NLB's, or the service's own).
      return customFrom(ctx, m, i, m.perReplica, m.protocol === "tcp" ? "use AWS/NetworkELB ActiveFlowCount (the Network Load Balancer's open connections) as a `cloudWatch` source with perReplica: false, or" : "use `requestRate` with an `alb` source, or");
    case "queue":
      return customFrom(ctx, m, i, m.jobsPerReplica, "");
    case "replicasRequired": {
      const cw = m.from.cloudWatch;
      if (!cw) {
        issues.push(unsupportedMetric("ecs", i, m.kind, PUBLISH_TO_CLOUDWATCH, sourcesDetail(m.from)));
        return undefined;
      }
      // A "replicas required" count is a service total by definition, so it is always divided by the running tasks:
      // desired = running × (required / running) / target = required / target = required × (1 + buffer)
      const targetValue = roundTarget(1 / (1 + m.buffer));
      return { targetValue, customized: metricMath(ctx, cw, true), needsRunningTasks: true };
    }
    case "prometheus":
      issues.push(unsupportedMetric("ecs", i, m.kind, ECS_CAPABILITIES.prometheus.alternative, "a raw Prometheus query"));
      return undefined;
    case "pods":
    case "external":
    case "object":
      issues.push(unsupportedMetric("ecs", i, m.kind, ECS_CAPABILITIES[m.kind].alternative, `Kubernetes ${m.kind} metric ${JSON.stringify(m.name)}`));
      return undefined;
    case "workloadRatio":
      issues.push(unsupportedMetric("ecs", i, m.kind, ECS_CAPABILITIES.workloadRatio.alternative, `another workload's replica ratio, ${JSON.stringify(m.podSelector)}`));
      return undefined;
    case "schedule":
      return undefined;
    case "keda":
      issues.push(unsupportedMetric("ecs", i, m.kind, ECS_CAPABILITIES.keda.alternative, `KEDA ${m.type} scaler`));
      return undefined;
  }
}

function sourcesDetail(from: object | undefined): string {
  const given = from ? Object.entries(from).filter(([, v]) => v !== undefined).map(([k]) => k) : [];
  return given.length ? `only ${given.join(", ")} source${given.length > 1 ? "s" : ""} given; ECS reads CloudWatch` : "no source given; ECS reads CloudWatch";
}

function customFrom(
  ctx: Ctx,
  m: MetricOf<"requestRate"> | MetricOf<"inFlight"> | MetricOf<"queue">,
  i: number,
  perTask: number,
  altPrefix: string,
): TT | undefined {
  const cw = m.from?.cloudWatch;
  if (!cw) {
    ctx.issues.push(unsupportedMetric("ecs", i, m.kind, `${altPrefix ? altPrefix + " " : ""}${PUBLISH_TO_CLOUDWATCH}`, sourcesDetail(m.from)));
    return undefined;
  }
  const math = !cw.perReplica || cw.sumWith !== undefined;
  if (!math) {
    const spec: CustomizedMetricSpecification = { metricName: cw.metricName, namespace: cw.namespace };
    if (cw.dimensions) spec.dimensions = dimensions(cw.dimensions);
    spec.statistic = cw.statistic;
    if (cw.unit) spec.unit = cw.unit;
    // A per-task metric published from outside the service can have data at 0 tasks, so min 0 stays allowed.
    return { targetValue: roundTarget(perTask), customized: spec, needsRunningTasks: false };
  }
  return { targetValue: roundTarget(perTask), customized: metricMath(ctx, cw, !cw.perReplica), needsRunningTasks: !cw.perReplica };
}

function dimensions(d: Record<string, string>): Dimension[] {
  return Object.keys(d)
    .sort()
    .map((name) => ({ name, value: d[name]! }));
}

/**
 * CloudWatch metric math for a per-task value: `(m1 + m2 + ...) / tasks`, where `tasks` is the service's
 * ECS/ContainerInsights RunningTaskCount, e.g. jobs per worker = (active + waiting) / running tasks.
 */
function metricMath(ctx: Ctx, cw: CloudWatchSource, divide: boolean): CustomizedMetricSpecification {
  const names = [cw.metricName, ...(cw.sumWith ?? [])];
  const metrics: MetricDataQuery[] = names.map((metricName, k) => {
    const metric: { namespace: string; metricName: string; dimensions?: Dimension[] } = { namespace: cw.namespace, metricName };
    if (cw.dimensions) metric.dimensions = dimensions(cw.dimensions);
    const q: MetricDataQuery = { id: `m${k + 1}`, metricStat: { metric, stat: cw.statistic }, returnData: false };
    if (cw.unit) q.metricStat!.unit = cw.unit;
    return q;
  });
  const sum = names.length > 1 ? `(${metrics.map((q) => q.id).join(" + ")})` : "m1";
  if (divide) {
    metrics.push({
      id: "tasks",
      metricStat: {
        metric: {
          namespace: RUNNING_TASKS_METRIC.namespace,
          metricName: RUNNING_TASKS_METRIC.metricName,
          dimensions: [
            { name: "ClusterName", value: ctx.cluster },
            { name: "ServiceName", value: ctx.service },
          ],
        },
        stat: "Average",
      },
      returnData: false,
    });
  }
  const expression = divide ? `${sum} / tasks` : sum;
  metrics.push({ id: "e1", expression, label: `${names.join(" + ")}${divide ? " per running task" : ""}`, returnData: true });
  return { metrics };
}

/** Targets are doubles; keep 12 significant digits so 1 / 1.3 stays readable and stable. */
function roundTarget(n: number): number {
  return Number(numberString(n));
}
