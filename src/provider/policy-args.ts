/**
 * The scaling policy as the provider's schema can carry it: the same shape as a policy file (every metric
 * entry an object with one optional field per kind), without TypeScript unions, which Pulumi's analyzer
 * refuses. An interface of src/types is used as it is wherever it holds no union (even transitively): the
 * event sources and their auth, CloudWatch, Azure Monitor, ALB, the Prometheus-only metrics, `keda`, the
 * Kubernetes prometheus / adapter / cluster knobs, workload, dashboard. Only the ones that hold a union, or
 * lead to one, are mirrored here as `...Args`, with these differences:
 *
 * - durations are strings (`"30s"`, `"5m"`, `"1h30m"`, or whole seconds as digits, `"30"`);
 * - quantities are strings (`"512Mi"`, `"250m"`, `"2"`);
 * - `monitoring.port`, Cloud Run `cpu` and `assumedLatency` are strings, `missingMetrics` an object with
 *   `mode` or `replicas` (see each field).
 *
 * The analyzer reads each property's own declaration (its doc and type), so a mirror cannot be written as
 * `extends Omit<...Input, "field">`: the mapped properties of `Omit` come out as untyped `Any` in the schema.
 *
 * test/provider/policy-args.test.ts proves that every field of `ScalingPolicyInput` has its mirror here.
 * `policyInputFromArgs` (./policy-from-args) turns these args into a `ScalingPolicyInput`, which `parsePolicy` validates.
 */
import type {
  AlbSourceInput,
  AzureMonitorSourceInput,
  CloudWatchSourceInput,
  ContainerAppsRuleOptionsInput,
  DashboardInput,
  EcsScheduledActionInput,
  EcsStopStartInput,
  EventSourcesInput,
  ExternalMetricInput,
  HpaSelectPolicy,
  InFlightProtocol,
  KedaMetricInput,
  KubernetesAdapterInput,
  KubernetesClusterInput,
  KubernetesEngine,
  KubernetesPrometheusInput,
  LabelsInput,
  MissingMetricsMode,
  ObjectMetricInput,
  PodsMetricInput,
  PrometheusAdapterRuleInput,
  PrometheusAuthInput,
  PrometheusQueryMetricInput,
  PrometheusTriggerOptionsInput,
  ReplicasInput,
  ScalingMode,
  ScheduleMetricInput,
  ScrapeScheme,
  SelectPolicy,
  UnsupportedBehavior,
  VpaContainerMode,
  VpaControlledValues,
  VpaHpaConflict,
  VpaResource,
  VpaUpdateMode,
  WorkloadInput,
  WorkloadRatioMetricInput,
} from "../types";

// ---- metric sources ----

/** A Prometheus source: a per-pod `series` (HPA via prometheus-adapter) or an aggregate `query` (KEDA). */
export interface PrometheusSourceArgs extends PrometheusTriggerOptionsInput {
  /**
   * A per-pod series scraped from the workload (e.g. `http_server_requests_seconds_count`). On Kubernetes it
   * becomes a custom metric through a prometheus-adapter rule and an HPA `Pods` metric.
   */
  series?: string;
  /** An aggregate PromQL query returning one value for the whole service (KEDA `prometheus` trigger). */
  query?: string;
  /** Prometheus base URL (http/https) for KEDA; defaults to `scaling.kubernetes.prometheus.serverAddress`. */
  serverAddress?: string;
  /** Window of `rate()` for counter series, a duration like "2m". */
  rateWindow?: string;
  /** prometheus-adapter rule overrides for `series`. */
  adapter?: PrometheusAdapterRuleInput;
  /** KEDA `metricName` metadata (deprecated by KEDA, kept for configurations that still carry it). */
  metricName?: string;
  auth?: PrometheusAuthInput;
}

/** Where a metric's number comes from, per platform (at least one). */
export interface MetricSourcesArgs extends EventSourcesInput {
  prometheus?: PrometheusSourceArgs;
  cloudWatch?: CloudWatchSourceInput;
  azureMonitor?: AzureMonitorSourceInput;
  alb?: AlbSourceInput;
}

// ---- metrics ----

/** CPU or memory per replica: exactly one of `utilization` or `averageValue`. */
export interface ResourceMetricArgs {
  /** Percent of the containers' requests (whole number >= 1). */
  utilization?: number;
  /** Average usage per pod, a quantity like "250m" or "512Mi". */
  averageValue?: string;
  /** Only this container's usage (HPA `ContainerResource`). */
  container?: string;
  /**
   * Only 0 (the default): no platform has an activation threshold on cpu/memory (KEDA's cpu and memory scalers
   * have none); a value above 0 is refused, naming the metrics that can carry one.
   */
  activation?: number;
}

/** Requests per replica: exactly one of `perReplica` (per second) or `perReplicaPerMinute`. */
export interface RequestRateMetricArgs {
  /** Requests per second per replica, greater than 0. */
  perReplica?: number;
  /** Requests per minute per replica, greater than 0 (ECS ALBRequestCountPerTarget counts per minute). */
  perReplicaPerMinute?: number;
  from: MetricSourcesArgs;
}

/** Requests in flight (concurrency) per replica. */
export interface InFlightMetricArgs {
  /** Greater than 0. */
  perReplica: number;
  /** Default http. */
  protocol?: InFlightProtocol;
  from?: MetricSourcesArgs;
}

/** Queue jobs (active + waiting) per replica. */
export interface QueueMetricArgs {
  /** Greater than 0. */
  jobsPerReplica: number;
  /** Below this many jobs the service may sleep at 0 replicas (KEDA activation), >= 0. @default 0 */
  activation?: number;
  from: MetricSourcesArgs;
}

/** The service reports how many replicas it needs; `buffer` adds head-room. */
export interface ReplicasRequiredMetricArgs {
  /** Head-room as a fraction, 0..10 (0.3 = +30 %). @default 0 */
  buffer?: number;
  from: MetricSourcesArgs;
}

/** One entry of `scaling.metrics`: exactly one field (metric kind) set. */
export interface MetricArgs {
  /** CPU per replica: `utilization` (percent of requests) or `averageValue` (quantity). */
  cpu?: ResourceMetricArgs;
  /** Memory per replica: `utilization` (percent of requests) or `averageValue` (quantity). */
  memory?: ResourceMetricArgs;
  /** Requests per second per replica; `from` says where the rate is read on each platform. */
  requestRate?: RequestRateMetricArgs;
  /** Concurrent (in-flight) requests per replica. */
  inFlight?: InFlightMetricArgs;
  /** Queue jobs (active + waiting) per replica. */
  queue?: QueueMetricArgs;
  /** The service reports the replicas it needs; `buffer` adds head-room (0.3 = +30 %). */
  replicasRequired?: ReplicasRequiredMetricArgs;
  /** Any PromQL query with a target (KEDA prometheus trigger semantics). */
  prometheus?: PrometheusQueryMetricInput;
  /** A custom metric the custom metrics API already serves per pod (HPA Pods). */
  pods?: PodsMetricInput;
  /** A metric from the external metrics API (HPA External). */
  external?: ExternalMetricInput;
  /** A metric describing another Kubernetes object (HPA Object). */
  object?: ObjectMetricInput;
  /** One replica per `podsPerReplica` pods matching `podSelector` (KEDA kubernetes-workload). */
  workloadRatio?: WorkloadRatioMetricInput;
  /** At least `replicas` between cron `start` and `end` in `timezone` (KEDA cron). */
  schedule?: ScheduleMetricInput;
  /** Any KEDA scaler: `type`, `metadata` and `auth`, checked against KEDA's scalers schema (Kubernetes KEDA, Container Apps custom rule). */
  keda?: KedaMetricInput;
}

// ---- behavior ----

/** One rate limit of a scale direction: exactly one of `replicas` or `percent`. */
export interface ScalingPolicyRuleArgs {
  /** Change by at most this many replicas per period (HPA `Pods`); whole number >= 1. */
  replicas?: number;
  /** Change by at most this percentage of the current replicas per period (HPA `Percent`); whole number >= 1. */
  percent?: number;
  /** The period the limit applies to, a duration like "60s" (1s..30m). */
  per: string;
}

/** Scale-up / scale-down rules, in the vocabulary of HPA `behavior`. */
export interface ScalingRulesArgs {
  /** Stabilization window, a duration like "5m" (0..1h). */
  stabilization?: string;
  /** Rate limits (at least one when given); which one wins is `select`. */
  policies?: ScalingPolicyRuleArgs[];
  /** `max`: the policy allowing the biggest change wins; `min`: the smallest; `disabled`: never scale in this direction. @default "max" */
  select?: SelectPolicy;
  /** The HPA spelling of `select` (`Max`, `Min`, `Disabled`), as pasted from an HPA manifest. Give one of the two. */
  selectPolicy?: HpaSelectPolicy;
  /**
   * How far the metric may stray from its target, as a fraction (0.05 = 5 %), before this direction acts
   * (HPA `behavior.*.tolerance`), 0 <= x < 1, at most 6 decimals. Kubernetes >= 1.33 with the alpha gate
   * HPAConfigurableTolerance (`scaling.kubernetes.cluster.hpaConfigurableTolerance: true`). @default the cluster's 0.1
   */
  tolerance?: number;
}

/**
 * What to assume when the metric cannot be read: exactly one of `mode` (`hold` or `scaleUp`) or `replicas`
 * (a KEDA fallback replica count, with an optional `failureThreshold`). The YAML's `missingMetrics: hold` is
 * `{ mode: hold }` here.
 */
export interface MissingMetricsArgs {
  mode?: MissingMetricsMode;
  /** Fallback replica count, within `replicas.min..max`. */
  replicas?: number;
  /** Consecutive failed reads before the fallback applies (only with `replicas`). Default 3. */
  failureThreshold?: number;
}

// ---- platform knobs ----

/** Kubernetes-only knobs. Durations are strings like "30s". */
export interface KubernetesOptionsArgs {
  /** `auto` picks HPA when every metric is HPA-native and min >= 1, KEDA otherwise. @default "auto" */
  engine?: KubernetesEngine;
  /** Name of the HPA or ScaledObject. @default `<service>-hpa` / `<service>-scaler` */
  name?: string;
  /** KEDA `pollingInterval` (>= 1 s). KEDA default 30 s. */
  pollingInterval?: string;
  /** KEDA `cooldownPeriod` (only for scaling to 0). KEDA default 300 s. */
  cooldownPeriod?: string;
  /** KEDA `initialCooldownPeriod`. KEDA default 0 s. */
  initialCooldownPeriod?: string;
  /** Name of an existing HPA on this workload that KEDA should take over (`scaledobject.keda.sh/transfer-hpa-ownership`). */
  adoptHpa?: string;
  prometheus?: KubernetesPrometheusInput;
  /** Where the prometheus-adapter config lives (for the rendered ConfigMap fragment). */
  adapter?: KubernetesAdapterInput;
  /** Cluster capabilities that change what is valid. */
  cluster?: KubernetesClusterInput;
}

/** ECS `ScaleOutCooldown` / `ScaleInCooldown`, durations like "60s". */
export interface EcsCooldownArgs {
  out?: string;
  in?: string;
}

/** ECS-only knobs (Application Auto Scaling target tracking). */
export interface EcsOptionsArgs {
  /** Target tracking has no scale rate limits: `error` refuses `scaleUp/scaleDown.policies`; `warn` compiles without them. @default "error" */
  unsupportedBehavior?: UnsupportedBehavior;
  /** Cooldowns (ECS `ScaleOutCooldown` / `ScaleInCooldown`, whole seconds); override the ones derived from stabilization. */
  cooldown?: EcsCooldownArgs;
  /** ECS cluster name (1..255 letters, digits, '_' or '-'). Required by `polyscale render --platform ecs`. */
  cluster?: string;
  /** ECS service name. @default the policy's `service` */
  service?: string;
  /** Prefix of the generated policy and scheduled action names; at most 200 printable characters, no ':', '/' or '|'. @default the policy's `service` */
  namePrefix?: string;
  /** Scheduled actions (Application Auto Scaling PutScheduledAction), at most 200. */
  scheduledActions?: EcsScheduledActionInput[];
  /** Scheduled stop/start pairs: 0/0 tasks at `stop`, back to min/max at `start`; at most 100. */
  stopStart?: EcsStopStartInput[];
}

/** Azure Container Apps-only knobs. Durations are strings like "300s". */
export interface ContainerAppsOptionsArgs {
  /** `scale.cooldownPeriod`: wait after the last event before scaling to 0 (platform default 300 s). */
  cooldownPeriod?: string;
  /** `scale.pollingInterval` (>= 1 s; platform default 30 s; not used by http rules). */
  pollingInterval?: string;
  /** The environment's replica cap, checked against `replicas.max`. @default 1000 */
  maxReplicasLimit?: number;
  /** `error` refuses `scaleUp` / `scaleDown` settings Container Apps cannot honour; `warn` reports each. @default "error" */
  unsupportedBehavior?: UnsupportedBehavior;
  /** Rule names, secret references and managed identities per metric. */
  rules?: ContainerAppsRuleOptionsInput[];
}

/** Cloud Run-only knobs. */
export interface CloudRunOptionsArgs {
  /** `template.maxInstanceRequestConcurrency` (1..1000). Without it: derived from an `inFlight` metric, else Cloud Run's default. */
  concurrency?: number;
  /** vCPU per instance as Cloud Run writes it (`resources.limits.cpu`): "1", "2", "4", "6", "8" or below 1 like "500m" / "0.5". Default "1". */
  cpu?: string;
  /** Memory per instance, e.g. "512Mi". */
  memory?: string;
  /** CPU only during requests (`resources.cpuIdle`). @default true */
  cpuThrottling?: boolean;
  /** `resources.startupCpuBoost`. @default false */
  startupCpuBoost?: boolean;
  /** Container image; the component's `image` input wins. */
  image?: string;
  /** Container name (DNS-1123 label). @default the service name */
  containerName?: string;
  /** The highest `replicas.max` allowed (Cloud Run's max-instances limit), >= 1. @default 100 */
  maxInstanceLimit?: number;
  /** Mean request latency that turns a `requestRate` metric into concurrency: "250ms" or "1.5s". */
  assumedLatency?: string;
  /** `true` accepts `scaling.scaleUp` / `scaleDown` with a warning (Cloud Run's pacing is not configurable). @default false */
  ignoreScaleRules?: boolean;
}

/** Horizontal scaling: replica bounds, metrics, scale-up/scale-down rules and platform-only knobs. */
export interface ScalingArgs {
  /**
   * `autoscale`: an autoscaler owns the replica count. `fixed`: exactly `replicas.min` replicas, no autoscaler
   * (requires min == max). `external`: no autoscaler; an outside controller sets replicas.
   * @default "autoscale"
   */
  mode?: ScalingMode;
  /** Replica bounds (inclusive); min 0 only where the platform can scale to zero. */
  replicas: ReplicasInput;
  /** What to hold per replica; each entry has exactly one metric kind. At least one when `mode` is autoscale. @default [] */
  metrics?: MetricArgs[];
  /** Scale-up rules (HPA behavior.scaleUp vocabulary). */
  scaleUp?: ScalingRulesArgs;
  /** Scale-down rules (HPA behavior.scaleDown vocabulary). */
  scaleDown?: ScalingRulesArgs;
  /** Unset: the platform's own behavior (HPA holds; KEDA's prometheus trigger reads an empty result as 0). */
  missingMetrics?: MissingMetricsArgs;
  kubernetes?: KubernetesOptionsArgs;
  ecs?: EcsOptionsArgs;
  containerApps?: ContainerAppsOptionsArgs;
  cloudRun?: CloudRunOptionsArgs;
}

// ---- vertical, monitoring, alerts ----

/** Resource bounds of a VPA container policy, quantities like "250m" and "512Mi". */
export interface VerticalResourcesArgs {
  cpu?: string;
  memory?: string;
}

/** A VPA container policy. */
export interface VerticalContainerPolicyArgs {
  /** Container name, or `*` for every container. */
  name: string;
  mode?: VpaContainerMode;
  minAllowed?: VerticalResourcesArgs;
  /** Each resource >= its `minAllowed`. */
  maxAllowed?: VerticalResourcesArgs;
  /** At least one when given. */
  controlledResources?: VpaResource[];
  controlledValues?: VpaControlledValues;
}

/** Vertical scaling (Kubernetes VerticalPodAutoscaler). */
export interface VerticalArgs {
  /** VPA object name. @default `<service>-vpa` */
  name?: string;
  updateMode: VpaUpdateMode;
  containers?: VerticalContainerPolicyArgs[];
  /**
   * What to do when an HPA/KEDA scales the same workload on a resource this VPA controls. `error` refuses the
   * policy; `Off` / `Initial` downgrade the update mode and report a warning. @default "error"
   */
  onHpaConflict?: VpaHpaConflict;
}

/** The scraped metrics endpoint (Kubernetes ServiceMonitor). */
export interface MonitoringArgs {
  /**
   * The Service port's name (`metrics`: ServiceMonitor `port`), or a container port number written as digits
   * (`"9090"`: ServiceMonitor `targetPort`). A Kubernetes port name always holds a letter, so digits are a number.
   */
  port: string;
  /** Starts with `/`. @default "/metrics" */
  path?: string;
  /** Prometheus duration like "15s". */
  interval?: string;
  scheme?: ScrapeScheme;
  /** Labels of the Service to scrape. @default { app: <workload name> } */
  selector?: LabelsInput;
  /** ServiceMonitor name. @default `<service>` */
  name?: string;
  /** Extra labels on the ServiceMonitor / PrometheusRule (e.g. `release: kube-prometheus-stack`). */
  labels?: LabelsInput;
}

/** Alert when the service sits at `replicas.max` under load. */
export interface PinnedAtMaxAlertArgs {
  /** Per-replica load above which being at max is a problem, as a fraction of each metric's target (> 0). @default 1 */
  threshold?: number;
  /** A duration like "15m". */
  for?: string;
  /** @default "warning" */
  severity?: string;
}

/** The autoscaler cannot read its metric for longer than `for`. */
export interface MetricUnavailableAlertArgs {
  /** A duration like "10m". */
  for?: string;
  /** @default "warning" */
  severity?: string;
}

/** The replica count changes more than `maxScaleEvents` times within `window`. */
export interface FlappingAlertArgs {
  /** Scale events (changes of the replica count) allowed within the window (>= 1). @default 6 */
  maxScaleEvents?: number;
  /** A duration like "1h" (5m..24h). */
  window?: string;
  /** @default "warning" */
  severity?: string;
}

/** Alerts on the service's scaling; each one is generated when it is written (`{}` takes every default). */
export interface AlertsArgs {
  pinnedAtMax?: PinnedAtMaxAlertArgs;
  metricUnavailable?: MetricUnavailableAlertArgs;
  flapping?: FlappingAlertArgs;
}

/**
 * One service's scaling policy, in the shape of a policy file (see docs/policy.md): `scaling`, `vertical` or both.
 * Durations and quantities are strings ("30s", "512Mi").
 */
export interface PolicyArgs {
  /** Service name (DNS-1123 label). */
  service: string;
  /** Kubernetes namespace (and the policy's namespace on every platform). @default "default" */
  namespace?: string;
  /** @default { kind: "Deployment" } */
  workload?: WorkloadInput;
  /** Horizontal scaling: replica bounds, metrics, scale-up/scale-down rules and platform-only knobs. */
  scaling?: ScalingArgs;
  /** Vertical scaling (Kubernetes VerticalPodAutoscaler). */
  vertical?: VerticalArgs;
  /** The scraped metrics endpoint (Kubernetes ServiceMonitor). */
  monitoring?: MonitoringArgs;
  /** Alerts on the scaling: pinned at max under load, metric unavailable, flapping. */
  alerts?: AlertsArgs;
  /** A dashboard of the scaling (Grafana on Kubernetes). */
  dashboard?: DashboardInput;
}
