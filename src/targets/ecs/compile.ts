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
import type { Metric, Scaling, ScalingPolicy } from "../../types";
import { throwIfIssues, type Diagnostic } from "../types";
import { checkInt32, withoutNegativeZero } from "../output-values";
import { ECS_STACK_RULES, stackViolations } from "../../rules/stack";
import { ECS_SCALABLE_DIMENSION, ECS_SERVICE_NAMESPACE, RUNNING_TASKS_METRIC, type EcsPolicyArgs, type EcsScaling, type EcsServiceRef, type EcsTargetArgs, type Named, type TargetTrackingConfiguration } from "./args";
import { checkName, ecsResourceId } from "./names";
import { ecsOwnScheduledActions, metricScheduledActions, scheduledActionsWithoutTarget, type NamedScheduledAction } from "./scheduled-actions";
import { ecsSourceTracking, wakePair, type EcsWake } from "./sources";
import { targetTracking, usesMetricMath, type Ctx, type TT } from "./target-tracking";

export * from "./args";
export { ECS_CAPABILITIES } from "./capabilities";
export { LIMITS, ecsResourceId } from "./names";
export type { EcsScheduledActionArgs, NamedScheduledAction, ScheduledActionOrigin } from "./scheduled-actions";

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
  const ctx = serviceContext(policy, ref, issues, warnings);
  if (scaling.mode === "external") {
    warnings.push({ severity: "info", code: "ecs_external", path: ["scaling", "mode"], message: "mode external: no scalable target is registered; an outside controller sets the service's desired count" });
    issues.push(...scheduledActionsWithoutTarget(policy));
    throwIfIssues(issues, "ecs", policy.service);
    return { policies: [], scheduledActions: [], warnings };
  }
  const prefix = scaling.ecs?.namePrefix ?? policy.service;
  const base = { serviceNamespace: ECS_SERVICE_NAMESPACE, scalableDimension: ECS_SCALABLE_DIMENSION, resourceId: ctx.resourceId };
  const target: Named<EcsTargetArgs> = { name: `${prefix}-target`, args: { ...base, minCapacity: scaling.replicas.min, maxCapacity: scaling.replicas.max } };
  const tuning = trackingTuning(scaling, issues, warnings);
  const compiled = metricResources(ctx, prefix, base, tuning);
  compiled.scheduledActions.push(...ecsOwnScheduledActions(ctx, prefix, base, compiled.scheduledActions));
  serviceLevelChecks(ctx, compiled);
  throwIfIssues(issues, "ecs", policy.service);
  const { policies, scheduledActions, wakes } = compiled;
  // mode fixed: min == max, no policy reads a metric (the model guarantees an empty metrics list).
  return withoutNegativeZero({ target, policies, scheduledActions, ...(wakes.length > 0 ? { wakes } : {}), warnings });
}

/** The cluster, service and resource id the policy's resources name, with their issues. */
function serviceContext(policy: ScalingPolicy, ref: EcsServiceRef, issues: PolicyIssue[], warnings: Diagnostic[]): Ctx {
  const ecs = policy.scaling?.ecs;
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
  return { policy, cluster: cluster ?? "", service, resourceId: rid.resourceId, issues, warnings };
}

/** The cooldowns and scale-in switch every target-tracking policy gets. */
interface TrackingTuning {
  scaleOutCooldown?: number;
  scaleInCooldown?: number;
  disableScaleIn: boolean;
}

/**
 * Cooldowns (`scaling.ecs.cooldown`, else the stabilization windows) and what target tracking cannot honour:
 * rate limits, tolerance, scale-out disabled, a missing-metrics rule other than hold.
 */
function trackingTuning(scaling: Scaling, issues: PolicyIssue[], warnings: Diagnostic[]): TrackingTuning {
  const ecs = scaling.ecs;
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
  const unsupported = (path: PathSegment[], code: string, what: string, alternative: string, it: "it" | "them") => {
    if ((ecs?.unsupportedBehavior ?? "error") === "warn") {
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
  return { scaleOutCooldown, scaleInCooldown, disableScaleIn: scaling.scaleDown?.select === "disabled" };
}

/** What the metrics compile to, and which of them only have data while tasks run. */
interface MetricResources {
  policies: Named<EcsPolicyArgs>[];
  scheduledActions: NamedScheduledAction[];
  wakes: EcsWake[];
  /** Indexes of the metrics measured per running task. */
  needsRunningTasks: number[];
}

/** One target-tracking policy per metric (plus an event source's wake pair), or a scheduled action pair for a schedule. */
function metricResources(ctx: Ctx, prefix: string, base: Omit<EcsTargetArgs, "minCapacity" | "maxCapacity">, tuning: TrackingTuning): MetricResources {
  const metrics = ctx.policy.scaling!.metrics;
  const slugCount = new Map<string, number>();
  for (const m of metrics) slugCount.set(SLUG[m.kind], (slugCount.get(SLUG[m.kind]) ?? 0) + 1);
  const stemOf = (m: Metric, i: number) => `${prefix}-${slugCount.get(SLUG[m.kind])! > 1 ? `${SLUG[m.kind]}-${i}` : SLUG[m.kind]}`;
  const out: MetricResources = { policies: [], scheduledActions: [], wakes: [], needsRunningTasks: [] };
  metrics.forEach((m, i) => {
    if (m.kind === "schedule") {
      out.scheduledActions.push(...metricScheduledActions(ctx, m, i, stemOf(m, i), base));
      return;
    }
    const fromSource = ecsSourceTracking(ctx, m, i);
    if (fromSource === null) return;
    const tt: TT | undefined = fromSource ?? targetTracking(ctx, m, i);
    if (!tt) return;
    if (fromSource?.wake) out.wakes.push(wakePair(ctx, i, stemOf(m, i), base, fromSource.wake, tuning.scaleOutCooldown ?? 60));
    if (tt.needsRunningTasks) out.needsRunningTasks.push(i);
    const name = `${stemOf(m, i)}-scaling`;
    checkName("policy", name, ["scaling", "ecs", "namePrefix"], ctx.issues);
    out.policies.push({ name, metricIndex: i, args: { name, policyType: "TargetTrackingScaling", ...base, targetTrackingScalingPolicyConfiguration: trackingConfiguration(tt, tuning) } });
  });
  return out;
}

function trackingConfiguration(tt: TT, tuning: TrackingTuning): TargetTrackingConfiguration {
  const config: TargetTrackingConfiguration = { targetValue: tt.targetValue };
  if (tt.predefined) config.predefinedMetricSpecification = tt.predefined;
  if (tt.customized) config.customizedMetricSpecification = tt.customized;
  if (tuning.scaleOutCooldown !== undefined) config.scaleOutCooldown = tuning.scaleOutCooldown;
  if (tuning.scaleInCooldown !== undefined) config.scaleInCooldown = tuning.scaleInCooldown;
  if (tuning.disableScaleIn) config.disableScaleIn = true;
  return config;
}

/** What holds across the service's policies: min 0 with per-task metrics, scale-in agreement, Container Insights. */
function serviceLevelChecks(ctx: Ctx, { policies, needsRunningTasks }: MetricResources): void {
  const scaling = ctx.policy.scaling!;
  if (scaling.replicas.min === 0 && needsRunningTasks.length > 0) {
    const kinds = needsRunningTasks.map((i) => `scaling.metrics[${i}].${scaling.metrics[i]!.kind}`).join(", ");
    ctx.issues.push({
      code: "unsupported",
      path: ["scaling", "replicas", "min"],
      message: `0 is not supported on ecs with ${kinds}: that target-tracking metric is measured per running task, so at 0 tasks it has no data and the service never scales out; nearest alternative: replicas.min >= 1, or a per-task \`cloudWatch\` metric computed outside the service (perReplica: true)`,
    });
  }
  // One rule implementation with `polyscale lint` and the CrossGuard pack (src/rules/stack.ts).
  if (stackViolations(ECS_STACK_RULES, policies.map((p) => ({ type: "aws:appautoscaling/policy:Policy", name: p.name, args: p.args }))).length > 0) {
    ctx.warnings.push({
      severity: "warning",
      code: "ecs_multi_policy_scale_in",
      path: ["scaling", "metrics"],
      message: `${policies.length} target-tracking policies: ECS scales out if any policy asks for it but scales in only when all of them are below target, so the service may stay scaled out (aws/copilot-cli#4298)`,
    });
  }
  if (needsRunningTasks.some((i) => usesMetricMath(scaling.metrics[i]!))) {
    ctx.warnings.push({
      severity: "info",
      code: "ecs_container_insights",
      path: ["scaling", "metrics"],
      message: `metric math divides by ${RUNNING_TASKS_METRIC.namespace} ${RUNNING_TASKS_METRIC.metricName}: enable Container Insights on cluster ${JSON.stringify(ctx.cluster)}`,
    });
  }
}
