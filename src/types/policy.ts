/**
 * A parsed scaling policy: what `parsePolicy`, `parsePolicyFile` and the presets' parse give, and what the
 * compilers and the simulator read. Defaults are filled in, durations are whole seconds, quantities are
 * strings, and each metric is tagged with its `kind`. test/types proves these interfaces equal `z.output`
 * of the zod schemas in `src/policy`. Field documentation (ranges, defaults) is on the input interfaces
 * in `./input`.
 */
import type { EventSources, SourceAuth } from "./sources";
import type {
  AzureCloud,
  AzureMetricAggregation,
  CloudWatchStatistic,
  InFlightProtocol,
  KubernetesEngine,
  MissingMetricsMode,
  PrometheusAuthMode,
  PrometheusTargetType,
  ScalingMode,
  ScrapeScheme,
  SelectPolicy,
  UnsupportedBehavior,
  VpaContainerMode,
  VpaControlledValues,
  VpaHpaConflict,
  VpaResource,
  VpaUpdateMode,
} from "./choices";
import type {
  AlbSourceInput,
  EcsOptionsInput,
  EcsScheduledActionInput,
  EcsStopStartInput,
  KubernetesOptionsInput,
  MonitoringInput,
  PinnedAtMaxAlertInput,
  MetricUnavailableAlertInput,
  FlappingAlertInput,
  DashboardInput,
  ScalingInput,
  ScalingPolicyInput,
  VerticalInput,
  AzureMonitorSourceInput,
  ContainerAppsRuleOptionsInput,
  DescribedObjectInput,
  LabelsInput,
  PodsMetricInput,
  PrometheusAdapterRuleInput,
  PrometheusTriggerOptionsInput,
  ReplicasInput,
  ScaleRuleAuthRefInput,
  ScheduleMetricInput,
  KedaMetricInput,
  SecretKeyRefInput,
  WorkloadRatioMetricInput,
} from "./input";

// Parts with no defaults or conversions are the same before and after parsing.
export type Replicas = ReplicasInput;
export type SecretKeyRef = SecretKeyRefInput;
export type PrometheusAdapterRule = PrometheusAdapterRuleInput;
export type AzureMonitorSource = AzureMonitorSourceInput;
export type AlbSource = AlbSourceInput;
export type ScaleRuleAuthRef = ScaleRuleAuthRefInput;
export type ContainerAppsRuleOptions = ContainerAppsRuleOptionsInput;
export type DescribedObject = DescribedObjectInput;

export interface ScalingPolicyRule {
  replicas?: number;
  percent?: number;
  /** Seconds. */
  per: number;
}

export interface ScalingRules {
  /** Seconds. */
  stabilization?: number;
  policies?: ScalingPolicyRule[];
  /** From `select` or `selectPolicy`; `max` when neither is written. */
  select: SelectPolicy;
  /** Fraction, 0 <= x < 1 (HPA `behavior.*.tolerance`). */
  tolerance?: number;
}

export interface MissingMetricsReplicas {
  replicas: number;
  failureThreshold: number;
}
export type MissingMetrics = MissingMetricsMode | MissingMetricsReplicas;

export interface PrometheusAuth {
  mode: PrometheusAuthMode;
  secretName?: string;
}

export interface PrometheusSource extends PrometheusTriggerOptionsInput {
  series?: string;
  query?: string;
  serverAddress?: string;
  /** Seconds. */
  rateWindow?: number;
  adapter?: PrometheusAdapterRule;
  metricName?: string;
  auth?: PrometheusAuth;
}

export interface CloudWatchSource {
  namespace: string;
  metricName: string;
  dimensions?: Record<string, string>;
  sumWith?: string[];
  /** `Average` when not written. */
  statistic: CloudWatchStatistic;
  unit?: string;
  /** `true` when not written. */
  perReplica: boolean;
  region?: string;
  auth?: SourceAuth;
}

export interface MetricSources extends EventSources {
  prometheus?: PrometheusSource;
  cloudWatch?: CloudWatchSource;
  azureMonitor?: AzureMonitorSource;
  alb?: AlbSource;
}

// ---- metrics, tagged with their kind ----

/** Every metric kind, in the order of the schema (and of messages listing them). */
export const METRIC_KIND_NAMES = [
  "cpu",
  "memory",
  "requestRate",
  "inFlight",
  "queue",
  "replicasRequired",
  "prometheus",
  "pods",
  "external",
  "object",
  "workloadRatio",
  "schedule",
  "keda",
] as const;
/** The config key of a metric entry: `cpu`, `requestRate`, ... */
export type MetricKind = (typeof METRIC_KIND_NAMES)[number];

export interface ResourceMetricFields {
  utilization?: number;
  /** A Kubernetes quantity string. */
  averageValue?: string;
  container?: string;
  /** Always 0 when set (see ResourceMetricInput.activation). */
  activation?: number;
}
export interface CpuMetric extends ResourceMetricFields {
  kind: "cpu";
}
export interface MemoryMetric extends ResourceMetricFields {
  kind: "memory";
}
export interface RequestRateMetric {
  kind: "requestRate";
  /** Per second (per minute ÷ 60 when `perReplicaPerMinute` was written). */
  perReplica: number;
  /** As written, when the rate was stated per minute. */
  perReplicaPerMinute?: number;
  from: MetricSources;
}
export interface InFlightMetric {
  kind: "inFlight";
  perReplica: number;
  protocol?: InFlightProtocol;
  from?: MetricSources;
}
export interface QueueMetric {
  kind: "queue";
  jobsPerReplica: number;
  activation?: number;
  from: MetricSources;
}
export interface ReplicasRequiredMetric {
  kind: "replicasRequired";
  buffer: number;
  from: MetricSources;
}
export interface PrometheusQueryMetric extends PrometheusTriggerOptionsInput {
  kind: "prometheus";
  query: string;
  target: number;
  activationTarget?: number;
  targetType: PrometheusTargetType;
  metricName?: string;
  serverAddress?: string;
}
export interface PodsMetric extends PodsMetricInput {
  kind: "pods";
}
export interface ExternalMetric {
  kind: "external";
  name: string;
  selector?: LabelsInput;
  value?: number;
  averageValue?: number;
}
export interface ObjectMetric {
  kind: "object";
  name: string;
  describedObject: DescribedObject;
  value?: number;
  averageValue?: number;
}
export interface WorkloadRatioMetric extends WorkloadRatioMetricInput {
  kind: "workloadRatio";
}
export interface ScheduleMetric extends ScheduleMetricInput {
  kind: "schedule";
}
export interface KedaMetric extends KedaMetricInput {
  kind: "keda";
}

/** A parsed metric entry, tagged with its kind. */
export type Metric =
  | CpuMetric
  | MemoryMetric
  | RequestRateMetric
  | InFlightMetric
  | QueueMetric
  | ReplicasRequiredMetric
  | PrometheusQueryMetric
  | PodsMetric
  | ExternalMetric
  | ObjectMetric
  | WorkloadRatioMetric
  | ScheduleMetric
  | KedaMetric;
export type MetricOf<K extends MetricKind> = Extract<Metric, { kind: K }>;

// ---- platform knobs ----

/** Parsed `scaling.kubernetes` (see {@link KubernetesOptionsInput}). */
export interface KubernetesOptions {
  /** `auto` when not written. */
  engine: KubernetesEngine;
  name?: string;
  /** Seconds. */
  pollingInterval?: number;
  /** Seconds. */
  cooldownPeriod?: number;
  /** Seconds. */
  initialCooldownPeriod?: number;
  adoptHpa?: string;
  prometheus?: { serverAddress?: string; auth?: PrometheusAuth };
  adapter?: { namespace: string; configMapName: string };
  cluster?: { kubernetesVersion?: string; hpaScaleToZero: boolean; hpaConfigurableTolerance: boolean; kedaVersion: string; vpaVersion: string };
}

/** Parsed `scaling.ecs` (see {@link EcsOptionsInput}). */
export interface EcsOptions {
  /** `error` when not written. */
  unsupportedBehavior: UnsupportedBehavior;
  /** Seconds. */
  cooldown?: { out?: number; in?: number };
  cluster?: string;
  service?: string;
  namePrefix?: string;
  scheduledActions?: EcsScheduledAction[];
  stopStart?: EcsStopStart[];
}

/** Parsed `scaling.ecs.scheduledActions[]` (see {@link EcsScheduledActionInput}); the same fields. */
export type EcsScheduledAction = EcsScheduledActionInput;
/** Parsed `scaling.ecs.stopStart[]` (see {@link EcsStopStartInput}); the same fields. */
export type EcsStopStart = EcsStopStartInput;

export interface ContainerAppsOptions {
  /** Seconds. */
  cooldownPeriod?: number;
  /** Seconds. */
  pollingInterval?: number;
  maxReplicasLimit?: number;
  /** `error` when not written. */
  unsupportedBehavior: UnsupportedBehavior;
  rules?: ContainerAppsRuleOptions[];
}

export interface CloudRunOptions {
  concurrency?: number;
  /** vCPU. */
  cpu?: number;
  memory?: string;
  cpuThrottling?: boolean;
  startupCpuBoost?: boolean;
  image?: string;
  containerName?: string;
  /** 100 when not written. */
  maxInstanceLimit: number;
  /** Seconds. */
  assumedLatency?: number;
  /** `false` when not written. */
  ignoreScaleRules: boolean;
}

// ---- the policy ----

/** Parsed `scaling` (see {@link ScalingInput} for each field's rules). */
export interface Scaling {
  /** `autoscale` when not written. */
  mode: ScalingMode;
  /** Inclusive bounds, min <= max. */
  replicas: Replicas;
  /** Each entry tagged with its kind; `[]` when not written (only for `fixed` / `external`). */
  metrics: Metric[];
  scaleUp?: ScalingRules;
  scaleDown?: ScalingRules;
  missingMetrics?: MissingMetrics;
  kubernetes?: KubernetesOptions;
  ecs?: EcsOptions;
  containerApps?: ContainerAppsOptions;
  cloudRun?: CloudRunOptions;
}

/** Parsed `workload`: `kind` is `Deployment` when not written; `name` defaults to the service (see `workloadRef`). */
export interface Workload {
  kind: string;
  name?: string;
  apiVersion?: string;
}

export interface VerticalResources {
  cpu?: string;
  memory?: string;
}

export interface VerticalContainerPolicy {
  name: string;
  mode?: VpaContainerMode;
  minAllowed?: VerticalResources;
  maxAllowed?: VerticalResources;
  controlledResources?: VpaResource[];
  controlledValues?: VpaControlledValues;
}

/** Parsed `vertical` (see {@link VerticalInput}). */
export interface Vertical {
  name?: string;
  updateMode: VpaUpdateMode;
  containers?: VerticalContainerPolicy[];
  /** `error` when not written. */
  onHpaConflict: VpaHpaConflict;
}

/** Parsed `monitoring` (see {@link MonitoringInput}). */
export interface Monitoring {
  port: string | number;
  /** `/metrics` when not written. */
  path: string;
  /** `15s` when not written. */
  interval: string;
  scheme?: ScrapeScheme;
  selector?: LabelsInput;
  name?: string;
  labels?: LabelsInput;
}

/** Parsed `alerts.pinnedAtMax` (see {@link PinnedAtMaxAlertInput}). */
export interface PinnedAtMaxAlert {
  /** Fraction of each metric's target; 1 when not written. */
  threshold: number;
  /** Seconds. */
  for: number;
  /** `warning` when not written. */
  severity: string;
}

/** Parsed `alerts.metricUnavailable` (see {@link MetricUnavailableAlertInput}). */
export interface MetricUnavailableAlert {
  /** Seconds; 600 when not written. */
  for: number;
  /** `warning` when not written. */
  severity: string;
}

/** Parsed `alerts.flapping` (see {@link FlappingAlertInput}). */
export interface FlappingAlert {
  /** 6 when not written. */
  maxScaleEvents: number;
  /** Seconds; 3600 when not written. */
  window: number;
  /** `warning` when not written. */
  severity: string;
}

/** Parsed `alerts`: only the alerts written are present. */
export interface Alerts {
  pinnedAtMax?: PinnedAtMaxAlert;
  metricUnavailable?: MetricUnavailableAlert;
  flapping?: FlappingAlert;
}

/** Parsed `dashboard` (see {@link DashboardInput}); unset fields take their defaults at compile time. */
export interface Dashboard {
  title?: string;
  uid?: string;
  folder?: string;
  labels?: LabelsInput;
}

/** A validated scaling policy (the result of `parsePolicy` / `parsePolicyFile`); see {@link ScalingPolicyInput}. */
export interface ScalingPolicy {
  /** DNS-1123 label. */
  service: string;
  /** `default` when not written. */
  namespace: string;
  workload: Workload;
  scaling?: Scaling;
  vertical?: Vertical;
  monitoring?: Monitoring;
  alerts?: Alerts;
  dashboard?: Dashboard;
}
