/**
 * What the compiler deploys, as the simulator replays it: every setting a platform model reads (replica
 * bounds, HPA `behavior`, KEDA polling / cooldown / fallback, ECS cooldowns / scale-in / targets, Container
 * Apps intervals, Cloud Run concurrency) is read here from the compiler's own output for the policy, never
 * re-derived from the policy, so the simulation cannot drift from what `polyscale render` emits. A policy
 * the platform's compiler refuses has nothing deployed: this throws the compiler's PolicyError.
 */
import type { Metric } from "../types";
import type { ScalingPolicy } from "../types";
import { quantityValue } from "../policy/units";
import { compileCloudRun } from "../targets/cloud-run/compile";
import { compileContainerApps } from "../targets/container-apps/compile";
import { compileEcs, type EcsPolicyArgs } from "../targets/ecs/compile";
import type { HpaBehavior, HpaScalingRules } from "../targets/kubernetes/behavior";
import { compileKubernetes, type KubernetesOutput, type Manifest } from "../targets/kubernetes/compile";
import type { ContainerAppsScaling } from "../targets/container-apps/compile";
import type { CloudRunCompileResult } from "../targets/cloud-run/compile";
import type { EcsScaling } from "../targets/ecs/compile";
import { DEFAULT_TOLERANCE, type Tolerances } from "./hpa/replica-calculator";
import type { SimPlatform } from "./types";

/** A `schedule` metric as a cron trigger / rule carries it (KEDA cron scaler metadata: timezone, start, end, desiredReplicas). */
export interface DeployedSchedule {
  timezone: string;
  start: string;
  end: string;
  replicas: number;
}

/** KEDA cron scaler metadata -> the schedule it replays (`desiredReplicas` is a string in the metadata map). */
function cronSchedule(metadata: Record<string, string>): DeployedSchedule {
  return { timezone: metadata.timezone!, start: metadata.start!, end: metadata.end!, replicas: Number(metadata.desiredReplicas) };
}

/** KEDA ScaledObject defaults (keda.sh/docs/latest/reference/scaledobject-spec; kedacore/keda pkg/scaling/executor/scale_executor.go). */
export const KEDA_DEFAULT_POLLING_INTERVAL = 30;
export const KEDA_DEFAULT_COOLDOWN_PERIOD = 300;
export const KEDA_DEFAULT_INITIAL_COOLDOWN_PERIOD = 0;
/** AWS default for an omitted ScaleOutCooldown / ScaleInCooldown on an ECS service (PLATFORM-FACTS B4). */
export const ECS_DEFAULT_COOLDOWN = 300;
/** Container Apps defaults (PLATFORM-FACTS B5). */
export const ACA_DEFAULT_POLLING_INTERVAL = 30;
export const ACA_DEFAULT_COOLDOWN = 300;

/** The HPA object as the controller reads it (`spec.minReplicas`, `maxReplicas`, `behavior`). */
export interface DeployedHpa {
  minReplicas: number;
  maxReplicas: number;
  /** `spec.behavior`; `undefined` = nil: the controller's behavior-less path (`normalizeDesiredReplicas`). */
  behavior?: HpaBehavior;
  /**
   * Per-direction tolerance: `behavior.scaleUp/scaleDown.tolerance` when the compiled behavior carries it
   * (HPAConfigurableTolerance, Kubernetes 1.33+), else the cluster's `--horizontal-pod-autoscaler-tolerance` (0.1).
   */
  tolerances: Tolerances;
}

/** KEDA `spec.fallback` (kedacore/keda apis/keda/v1alpha1/scaledobject_types.go). */
export interface DeployedFallback {
  failureThreshold: number;
  replicas: number;
  /** `static` when the compiled fallback has no `behavior` (kedacore/keda pkg/fallback/fallback.go `doFallback` default). */
  behavior: "static" | "currentReplicas" | "currentReplicasIfHigher" | "currentReplicasIfLower";
}

export interface DeployedKeda {
  minReplicaCount: number;
  maxReplicaCount: number;
  pollingInterval: number;
  cooldownPeriod: number;
  /** Seconds after creation before a ScaledObject that was never active may scale to zero (default 0). */
  initialCooldownPeriod: number;
  fallback?: DeployedFallback;
  /** Per trigger, in the policy's metric order: KEDA's `metricType` for the HPA's External metric. */
  metricTypes: Array<"AverageValue" | "Value" | "Utilization">;
  /** The cron triggers, in order (one per `schedule` metric). */
  schedules: DeployedSchedule[];
}

export type DeployedKubernetes = { engine: "hpa"; hpa: DeployedHpa } | { engine: "keda"; hpa: DeployedHpa; keda: DeployedKeda };

/** One ECS target-tracking policy as the managed alarms apply it. */
export interface DeployedEcsPolicy {
  /** Index in `scaling.metrics` of the metric it tracks. */
  metricIndex: number;
  /** `targetValue` converted to the simulator's unit of that metric (ALB requests per minute -> per second...). */
  target: number;
  scaleOutCooldown: number;
  scaleInCooldown: number;
  disableScaleIn: boolean;
}

export interface DeployedEcsScheduledAction {
  metricIndex: number;
  /** "start" (min capacity = the schedule's replicas) or "end" (back to the target's min capacity). */
  edge: "start" | "end";
  minCapacity: number;
}

/** A scheduled action written in AWS's own syntax (`scaling.ecs.scheduledActions` / `stopStart`), replayed on its schedule. */
export interface DeployedEcsAction {
  /** The AWS ScheduledActionName. */
  name: string;
  schedule: string;
  /** AWS default UTC when the compiled action has none. */
  timezone: string;
  startTime?: string;
  endTime?: string;
  minCapacity?: number;
  maxCapacity?: number;
}

/** A wake pair (StepScaling policy + its alarm on the depth while no task runs) as the simulator replays it. */
export interface DeployedEcsWake {
  metricIndex: number;
  /** The alarm's period (s) and evaluation periods. */
  period: number;
  evaluationPeriods: number;
  /** The step policy's cooldown (s) and ChangeInCapacity adjustment. */
  cooldown: number;
  adjustment: number;
}

export interface DeployedEcs {
  minCapacity: number;
  maxCapacity: number;
  policies: DeployedEcsPolicy[];
  /** The start / end actions of `schedule` metrics. */
  scheduledActions: DeployedEcsScheduledAction[];
  /** The other scheduled actions (at / rate / cron, min and/or max capacity). */
  actions: DeployedEcsAction[];
  /** Each start / end pair of scheduled actions as the schedule it replays, in the policy's order. */
  schedules: DeployedSchedule[];
  /** The wake pairs of event sources at replicas.min 0. */
  wakes: DeployedEcsWake[];
}

/**
 * An Application Auto Scaling `cron(Minutes Hours Day-of-month Month Day-of-week Year)` as the 5-field cron
 * the simulator matches: `?` is `*`, day-of-week numbers 1-7 (Sunday 1) become 0-6, names stay, the year
 * must be `*` (https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html).
 */
export function unixCronOfAws(expression: string): string {
  const m = /^cron\((.*)\)$/.exec(expression.trim());
  const fields = m ? m[1]!.trim().split(/\s+/) : [];
  if (fields.length !== 6 || fields[5] !== "*") throw new Error(`cannot replay the scheduled action schedule ${JSON.stringify(expression)}: expected cron(Minutes Hours Day-of-month Month Day-of-week *)`);
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  const shift = (x: string) => (/^\d+$/.test(x) ? String(Number(x) - 1) : x);
  const unixDow = dow === "?" ? "*" : dow.split(",").map((part) => part.split("-").map(shift).join("-")).join(",");
  return `${minute} ${hour} ${dom === "?" ? "*" : dom} ${month} ${unixDow}`;
}

export interface DeployedContainerApps {
  minReplicas: number;
  maxReplicas: number;
  pollingInterval: number;
  cooldownPeriod: number;
  /** True when every rule is an `http` rule (evaluated every 15 s, pollingInterval unused). */
  httpOnly: boolean;
  /** The `cron` custom rules, in order (one per `schedule` metric). */
  schedules: DeployedSchedule[];
}

export interface DeployedCloudRun {
  minInstances: number;
  maxInstances: number;
  maxInstanceRequestConcurrency: number;
  /** The container's CPU limit in cores (`resources.limits.cpu`): the denominator of Cloud Run's CPU utilization. */
  cpu: number;
}

function forceEngine(policy: ScalingPolicy, engine: "hpa" | "keda" | undefined): ScalingPolicy {
  if (!engine || !policy.scaling) return policy;
  return { ...policy, scaling: { ...policy.scaling, kubernetes: { ...policy.scaling.kubernetes, engine } } } as ScalingPolicy;
}

function findManifest(manifests: readonly Manifest[], kind: string): Manifest | undefined {
  return manifests.find((m) => m.kind === kind);
}

/** `behavior.scaleUp/scaleDown.tolerance` (a Quantity, e.g. "50m", "0.05" or 0.05) when set, else the cluster default. */
function tolerancesOf(behavior: HpaBehavior | undefined): Tolerances {
  const read = (rules: HpaScalingRules | undefined) => {
    const v: unknown = rules?.tolerance;
    const n = typeof v === "number" ? v : typeof v === "string" ? quantityValue(v) : undefined;
    return n ?? DEFAULT_TOLERANCE;
  };
  return { scaleUp: read(behavior?.scaleUp), scaleDown: read(behavior?.scaleDown) };
}

/**
 * The Kubernetes autoscaler `compileKubernetes` emits (`engine` forces `hpa` / `keda` as the simulator
 * platforms of those names do). KEDA's HPA: `minReplicas` = `minReplicaCount` if > 0 else 1, `behavior` =
 * `advanced.horizontalPodAutoscalerConfig.behavior` or nil (kedacore/keda@8b4f083ca8c8c2baf8477e322bd4d16ac4dfa09a
 * apis/keda/v1alpha1/scaledobject_types.go `GetHPAMinReplicas`, controllers/keda/hpa.go).
 */
export function deployedKubernetes(policy: ScalingPolicy, engine?: "hpa" | "keda"): DeployedKubernetes {
  const out = compileKubernetes(forceEngine(policy, engine));
  if (out.engine === "none") throw new Error(`service ${JSON.stringify(policy.service)}: no Kubernetes autoscaler is compiled (scaling.mode ${policy.scaling?.mode}); nothing to simulate`);
  return deployedKubernetesFrom(out);
}

/** The settings the simulator reads from compiled Kubernetes output (`KEDA_READS` / `HPA_READS` list them). */
export function deployedKubernetesFrom(out: Pick<KubernetesOutput, "engine" | "manifests">): DeployedKubernetes {
  if (out.engine === "hpa") {
    const spec = findManifest(out.manifests, "HorizontalPodAutoscaler")!.spec as { minReplicas?: number; maxReplicas: number; behavior?: HpaBehavior };
    // spec.minReplicas defaults to 1 when omitted (autoscaling/v2 API).
    return { engine: "hpa", hpa: { minReplicas: spec.minReplicas ?? 1, maxReplicas: spec.maxReplicas, behavior: spec.behavior, tolerances: tolerancesOf(spec.behavior) } };
  }
  const spec = findManifest(out.manifests, "ScaledObject")!.spec as {
    minReplicaCount?: number;
    maxReplicaCount?: number;
    pollingInterval?: number;
    cooldownPeriod?: number;
    initialCooldownPeriod?: number;
    fallback?: { failureThreshold: number; replicas: number; behavior?: DeployedFallback["behavior"] };
    advanced?: { horizontalPodAutoscalerConfig?: { behavior?: HpaBehavior } };
    triggers: Array<{ type: string; metricType?: "AverageValue" | "Value" | "Utilization"; metadata: Record<string, string> }>;
  };
  const minReplicaCount = spec.minReplicaCount ?? 0;
  const maxReplicaCount = spec.maxReplicaCount ?? 100;
  const behavior = spec.advanced?.horizontalPodAutoscalerConfig?.behavior;
  return {
    engine: "keda",
    hpa: { minReplicas: minReplicaCount > 0 ? minReplicaCount : 1, maxReplicas: maxReplicaCount, behavior, tolerances: tolerancesOf(behavior) },
    keda: {
      minReplicaCount,
      maxReplicaCount,
      pollingInterval: spec.pollingInterval ?? KEDA_DEFAULT_POLLING_INTERVAL,
      cooldownPeriod: spec.cooldownPeriod ?? KEDA_DEFAULT_COOLDOWN_PERIOD,
      initialCooldownPeriod: spec.initialCooldownPeriod ?? KEDA_DEFAULT_INITIAL_COOLDOWN_PERIOD,
      fallback: spec.fallback ? { failureThreshold: spec.fallback.failureThreshold, replicas: spec.fallback.replicas, behavior: spec.fallback.behavior ?? "static" } : undefined,
      // cpu / memory triggers default to Utilization, every other scaler to AverageValue (KEDA ScaledObject spec).
      metricTypes: spec.triggers.map((t) => t.metricType ?? (t.type === "cpu" || t.type === "memory" ? "Utilization" : "AverageValue")),
      schedules: spec.triggers.filter((t) => t.type === "cron").map((t) => cronSchedule(t.metadata)),
    },
  };
}

/**
 * An ECS policy's `targetValue` in the simulator's unit for its metric: ALBRequestCountPerTarget counts
 * requests per target per minute (the simulator reads per second); a `replicasRequired` policy tracks
 * required / running tasks against 1 / (1 + buffer) (the simulator reads required x (1 + buffer) per task against 1).
 */
export function ecsTargetInSimUnits(args: EcsPolicyArgs, metric: Metric): number {
  const c = args.targetTrackingScalingPolicyConfiguration;
  if (c.predefinedMetricSpecification?.predefinedMetricType === "ALBRequestCountPerTarget") return c.targetValue / 60;
  if (metric.kind === "replicasRequired") return c.targetValue * (1 + metric.buffer);
  return c.targetValue;
}

/** The ECS scalable target, target-tracking policies and scheduled actions `compileEcs` emits. */
export function deployedEcs(policy: ScalingPolicy): DeployedEcs {
  const out = compileEcs(policy);
  if (!out.target) throw new Error(`service ${JSON.stringify(policy.service)}: no ECS scalable target is compiled (scaling.mode ${policy.scaling?.mode}); nothing to simulate`);
  return deployedEcsFrom(out, policy.scaling!.metrics);
}

/** The settings the simulator reads from compiled ECS output (`metrics`: the policy's, for unit conversion). */
export function deployedEcsFrom(out: Pick<EcsScaling, "target" | "policies" | "scheduledActions" | "wakes">, metrics: readonly Metric[]): DeployedEcs {
  if (!out.target) throw new Error("no ECS scalable target is compiled; nothing to simulate");
  return {
    minCapacity: out.target.args.minCapacity,
    maxCapacity: out.target.args.maxCapacity,
    policies: out.policies.map((p) => {
      const c = p.args.targetTrackingScalingPolicyConfiguration;
      return {
        metricIndex: p.metricIndex!,
        target: ecsTargetInSimUnits(p.args, metrics[p.metricIndex!]!),
        scaleOutCooldown: c.scaleOutCooldown ?? ECS_DEFAULT_COOLDOWN,
        scaleInCooldown: c.scaleInCooldown ?? ECS_DEFAULT_COOLDOWN,
        disableScaleIn: c.disableScaleIn ?? false,
      };
    }),
    scheduledActions: out.scheduledActions.flatMap((a) =>
      a.origin.kind === "metric" ? [{ metricIndex: a.origin.metricIndex, edge: a.origin.edge, minCapacity: a.args.scalableTargetAction.minCapacity! }] : [],
    ),
    actions: out.scheduledActions.flatMap(({ origin, args }) =>
      origin.kind === "metric"
        ? []
        : [{ name: args.name, schedule: args.schedule, timezone: args.timezone ?? "UTC", startTime: args.startTime, endTime: args.endTime, ...args.scalableTargetAction }],
    ),
    schedules: ecsSchedules(out.scheduledActions.filter((a) => a.origin.kind === "metric")),
    wakes: (out.wakes ?? []).map((w) => {
      const step = w.policy.args.stepScalingPolicyConfiguration;
      const depth = w.alarm.args.metricQueries.find((q) => q.metric !== undefined)!.metric!;
      return { metricIndex: w.metricIndex, period: depth.period, evaluationPeriods: w.alarm.args.evaluationPeriods, cooldown: step.cooldown, adjustment: step.stepAdjustments[0]!.scalingAdjustment };
    }),
  };
}

/** The start / end scheduled-action pairs (same metric index) as schedules, in metric order. */
function ecsSchedules(actions: EcsScaling["scheduledActions"]): DeployedSchedule[] {
  const byMetric = new Map<number, { start?: (typeof actions)[number]; end?: (typeof actions)[number] }>();
  for (const a of actions) {
    const i = a.origin.kind === "metric" ? a.origin.metricIndex : -1;
    const pair = byMetric.get(i) ?? {};
    if (a.origin.kind === "metric" && a.origin.edge === "end") pair.end = a;
    else pair.start = a;
    byMetric.set(i, pair);
  }
  return [...byMetric.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([i, { start, end }]) => {
      if (!start || !end) throw new Error(`scaling.metrics[${i}]: the compiled scheduled actions are not a start / end pair`);
      return { timezone: start.args.timezone!, start: unixCronOfAws(start.args.schedule), end: unixCronOfAws(end.args.schedule), replicas: start.args.scalableTargetAction.minCapacity! };
    });
}

/** The `template.scale` block `compileContainerApps` emits. */
export function deployedContainerApps(policy: ScalingPolicy): DeployedContainerApps {
  return deployedContainerAppsFrom(compileContainerApps(policy));
}

/** The settings the simulator reads from a compiled `template.scale`. */
export function deployedContainerAppsFrom(out: Pick<ContainerAppsScaling, "scale">): DeployedContainerApps {
  const scale = out.scale;
  const rules = scale.rules;
  return {
    minReplicas: scale.minReplicas,
    maxReplicas: scale.maxReplicas,
    pollingInterval: scale.pollingInterval ?? ACA_DEFAULT_POLLING_INTERVAL,
    cooldownPeriod: scale.cooldownPeriod ?? ACA_DEFAULT_COOLDOWN,
    // http and tcp rules are both evaluated every 15 s (Learn scale-app).
    httpOnly: rules.length > 0 && rules.every((r) => r.http !== undefined || r.tcp !== undefined),
    schedules: rules.filter((r) => r.custom?.type === "cron").map((r) => cronSchedule(r.custom!.metadata)),
  };
}

/** The revision scaling and concurrency `compileCloudRun` emits. */
export function deployedCloudRun(policy: ScalingPolicy): DeployedCloudRun {
  return deployedCloudRunFrom(compileCloudRun(policy));
}

/** The settings the simulator reads from a compiled Cloud Run service. */
export function deployedCloudRunFrom(out: Pick<CloudRunCompileResult, "args">): DeployedCloudRun {
  const t = out.args.template;
  const cpu = quantityValue(t.containers[0].resources.limits.cpu);
  if (cpu === undefined) throw new Error(`compiled Cloud Run CPU limit ${JSON.stringify(t.containers[0].resources.limits.cpu)} is not a quantity`);
  return { minInstances: t.scaling.minInstanceCount, maxInstances: t.scaling.maxInstanceCount, maxInstanceRequestConcurrency: t.maxInstanceRequestConcurrency, cpu };
}

/** Compile for a simulator platform (throws the compiler's PolicyError when it refuses the policy). */
export function deployed(policy: ScalingPolicy, platform: SimPlatform): DeployedKubernetes | DeployedEcs | DeployedContainerApps | DeployedCloudRun {
  switch (platform) {
    case "kubernetes":
      return deployedKubernetes(policy);
    case "hpa":
    case "keda":
      return deployedKubernetes(policy, platform);
    case "ecs":
      return deployedEcs(policy);
    case "container-apps":
      return deployedContainerApps(policy);
    case "cloud-run":
      return deployedCloudRun(policy);
  }
}

