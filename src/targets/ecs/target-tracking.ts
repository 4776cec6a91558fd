/**
 * Target tracking on ECS for the metric kinds ECS reads itself: the predefined CPU / memory / ALB metrics, and
 * CloudWatch customized metrics (as they are, or with metric math over the running task count).
 */
import type { PathSegment, PolicyIssue } from "../../policy/errors";
import { albResourceLabel } from "../../policy/sources/alb";
import { numberString } from "../../policy/units";
import type { CloudWatchSource, Metric, MetricOf, ScalingPolicy } from "../../types";
import { unsupportedMetric, type Diagnostic } from "../types";
import { RUNNING_TASKS_METRIC, type CustomizedMetricSpecification, type Dimension, type MetricDataQuery } from "./args";
import { ECS_CAPABILITIES, PUBLISH_TO_CLOUDWATCH } from "./capabilities";
import { LIMITS } from "./names";

/** What a metric's compilation reads and reports to. */
export interface Ctx {
  policy: ScalingPolicy;
  cluster: string;
  service: string;
  resourceId: string;
  issues: PolicyIssue[];
  warnings: Diagnostic[];
}

export function usesMetricMath(m: Metric): boolean {
  if (m.kind === "replicasRequired") return true;
  if (m.kind === "queue" || m.kind === "inFlight" || m.kind === "requestRate") {
    const cw = m.from?.cloudWatch;
    if (m.kind === "requestRate" && m.from.alb) return false;
    return cw !== undefined && (!cw.perReplica || cw.sumWith !== undefined);
  }
  return false;
}

export interface TT {
  targetValue: number;
  predefined?: { predefinedMetricType: string; resourceLabel?: string };
  customized?: CustomizedMetricSpecification;
  /** The metric only has data while tasks run (per-task metric or division by the running task count). */
  needsRunningTasks: boolean;
}

function mpath(i: number, kind: string, ...rest: PathSegment[]): PathSegment[] {
  return ["scaling", "metrics", i, kind, ...rest];
}

export function targetTracking(ctx: Ctx, m: Metric, i: number): TT | undefined {
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
