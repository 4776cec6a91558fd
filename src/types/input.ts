/**
 * A scaling policy as users write it (a YAML document, or an object literal in a Pulumi program):
 * explicit interfaces, so a consumer's compiler never loads zod's declarations. The zod schemas in
 * `src/policy` stay the source of truth; test/types proves these interfaces equal `z.input` of them.
 *
 * Every optional field with a default is optional here; the parsed form ({@link ScalingPolicy} in
 * `./policy`) has it filled in.
 */
import type { EventSourcesInput, SourceAuthInput } from "./sources";
import type {
  AzureCloud,
  HpaSelectPolicy,
  InFlightProtocol,
  AzureMetricAggregation,
  CloudWatchStatistic,
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

/** A duration: `30s`, `5m`, `1h`, `1h30m`, or a whole number of seconds. Parsed to whole seconds. */
export type DurationInput = string | number;
/** A Kubernetes resource quantity: `512Mi`, `250m`, `2`, `1.5Gi` (or a plain number). Parsed to its string form. */
export type QuantityInput = string | number;
/** Kubernetes labels: keys `[prefix/]name`, values at most 63 letters, digits, '-', '_' or '.'. */
export type LabelsInput = Record<string, string>;

/** Replica bounds (inclusive); min 0 only where the platform can scale to zero. */
export interface ReplicasInput {
  /** Whole number, 0..2147483647 (int32). */
  min: number;
  /** Whole number, 1..2147483647 (int32), >= `min`. */
  max: number;
}

/** One rate limit of a scale direction (HPA `behavior.*.policies[]`): exactly one of `replicas` or `percent`. */
export interface ScalingPolicyRuleInput {
  /** Change by at most this many replicas per period (HPA `Pods`); whole number >= 1. */
  replicas?: number;
  /** Change by at most this percentage of the current replicas per period (HPA `Percent`); whole number >= 1. */
  percent?: number;
  /** The period the limit applies to (HPA `periodSeconds`, 1s..30m). */
  per: DurationInput;
}

/** Scale-up / scale-down rules, in the vocabulary of HPA `behavior`. */
export interface ScalingRulesInput {
  /** Look-back window over past recommendations before acting (HPA `stabilizationWindowSeconds`, 0..1h). */
  stabilization?: DurationInput;
  /** Rate limits (at least one when given); which one wins is `select`. */
  policies?: ScalingPolicyRuleInput[];
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

/** A fallback replica count when the metric cannot be read (KEDA `fallback`). */
export interface MissingMetricsReplicasInput {
  /** Whole number within `replicas.min..max`. */
  replicas: number;
  /** Consecutive failed reads before the fallback applies (KEDA `failureThreshold`), >= 1. @default 3 */
  failureThreshold?: number;
}

/**
 * What to assume when the metric cannot be read: `hold` (keep the current replicas), `scaleUp` (assume full
 * load: KEDA fallback to `replicas.max`, never lower than now) or `{ replicas: N }` (KEDA fallback to N).
 */
export type MissingMetricsInput = MissingMetricsMode | MissingMetricsReplicasInput;

// ---- metric sources ----

/** A Kubernetes Secret key that already exists in the workload's namespace (never a secret value). */
export interface SecretKeyRefInput {
  /** Secret name (DNS-1123 subdomain). */
  name: string;
  /** Key in the Secret (letters, digits, '-', '_' or '.'). */
  key: string;
}

/** Credentials KEDA's prometheus triggers authenticate with. */
export interface PrometheusAuthInput {
  /** KEDA prometheus `authModes`: bearer token or basic auth. */
  mode: PrometheusAuthMode;
  /**
   * Existing Secret holding the credentials (`bearerToken`, or `username` + `password` keys). When omitted,
   * the Pulumi component creates the Secret from a Pulumi secret input, and `polyscale render` expects a
   * Secret named `<service>-prometheus-auth`.
   */
  secretName?: string;
}

/** One `seriesFilters` entry of a prometheus-adapter rule. */
export interface PrometheusSeriesFilterInput {
  is?: string;
  isNot?: string;
}

/** prometheus-adapter rule overrides for a `series` source. */
export interface PrometheusAdapterRuleInput {
  /** `name.matches` of the adapter rule (a regular expression on the series name). */
  matches?: string;
  /** `name.as` of the adapter rule, with `${1}` style capture references. */
  as?: string;
  /** `metricsQuery` template, with <<.Series>>, <<.LabelMatchers>> and <<.GroupBy>>. */
  metricsQuery?: string;
  /** `seriesFilters` of the adapter rule (emitted only when given). */
  seriesFilters?: PrometheusSeriesFilterInput[];
}

/** KEDA `prometheus` trigger options that are neither auth nor credentials, on every prometheus trigger. */
export interface PrometheusTriggerOptionsInput {
  /**
   * KEDA `ignoreNullValues`: `true` reads an empty result as 0, `false` makes it an error. When unset it follows
   * `scaling.missingMetrics`: `hold`, `scaleUp` and fallback replicas need `false`, so an empty result triggers the fallback.
   */
  ignoreNullValues?: boolean;
  /** KEDA `namespace` (DNS-1123 label): the namespace of namespaced queries (Thanos). */
  namespace?: string;
  /** KEDA `customHeaders`: header name to value; no credential header, no ',' or '='. */
  customHeaders?: Record<string, string>;
  /** KEDA `queryParameters`: name to value; not `query`, `time`, `namespace` or a credential, no ',' or '='. */
  queryParameters?: Record<string, string>;
  /** KEDA `unsafeSsl`: skip TLS certificate verification. */
  unsafeSsl?: boolean;
  /** KEDA `timeout`: HTTP client timeout in milliseconds, whole number >= 1. */
  timeout?: number;
}

/** A Prometheus source: a per-pod `series` (HPA via prometheus-adapter) or an aggregate `query` (KEDA); at least one. */
export interface PrometheusSourceInput extends PrometheusTriggerOptionsInput {
  /**
   * A per-pod series scraped from the workload (e.g. `http_server_requests_seconds_count`). On Kubernetes it
   * becomes a custom metric through a prometheus-adapter rule and an HPA `Pods` metric.
   */
  series?: string;
  /** An aggregate PromQL query returning one value for the whole service (KEDA `prometheus` trigger). */
  query?: string;
  /** Prometheus base URL (http/https) for KEDA; defaults to `scaling.kubernetes.prometheus.serverAddress`. */
  serverAddress?: string;
  /** Window of `rate()` for counter series (>= 1s). @default 2m */
  rateWindow?: DurationInput;
  /** prometheus-adapter rule overrides for `series`. */
  adapter?: PrometheusAdapterRuleInput;
  /** KEDA `metricName` metadata (deprecated by KEDA, kept for configurations that still carry it). */
  metricName?: string;
  auth?: PrometheusAuthInput;
}

/** A CloudWatch metric for ECS target tracking (`CustomizedMetricSpecification`). */
export interface CloudWatchSourceInput {
  /** 1..255 characters. */
  namespace: string;
  /** 1..255 characters. */
  metricName: string;
  /** Dimension name (1..255) to value (1..1024). */
  dimensions?: Record<string, string>;
  /**
   * More metrics of the same namespace and dimensions, added to `metricName` with metric math
   * (e.g. `metricName: JobsActive`, `sumWith: [JobsWaiting]` for active + waiting jobs). At least one when given.
   */
  sumWith?: string[];
  /** @default "Average" */
  statistic?: CloudWatchStatistic;
  unit?: string;
  /**
   * True when the metric is already a per-task value (e.g. `JobsPerWorker`). When false, the ECS target
   * divides it by the service's running task count with metric math.
   * @default true
   */
  perReplica?: boolean;
  /** The metric's AWS region: required on Kubernetes (KEDA aws-cloudwatch `awsRegion`). */
  region?: string;
  /** How KEDA authenticates to CloudWatch on Kubernetes; unused on ECS. */
  auth?: SourceAuthInput;
}

/** An Azure Monitor metric for a Container Apps `azure-monitor` rule (KEDA azure-monitor scaler metadata names). */
export interface AzureMonitorSourceInput extends AzureMonitorSettingsInput {
  metricName: string;
  /** ARM resource id (or KEDA `resourceURI` form `<namespace>/<type>/<name>`) of the metric's resource. */
  resourceId: string;
}

/** The settings of an Azure Monitor metric besides its name and resource (all optional). */
export interface AzureMonitorSettingsInput {
  /** KEDA `tenantId` (required by the scaler). */
  tenantId?: string;
  /** KEDA `subscriptionId`; taken from `resourceId` when that is a full ARM id. */
  subscriptionId?: string;
  /** KEDA `resourceGroupName`; taken from `resourceId` when that is a full ARM id. */
  resourceGroupName?: string;
  /** KEDA `metricNamespace`: needed for custom metrics (e.g. `azure.applicationinsights`). */
  metricNamespace?: string;
  metricFilter?: string;
  /** KEDA `metricAggregationType` (required by the scaler). */
  metricAggregationType?: AzureMetricAggregation;
  /** `hours:minutes:seconds`, e.g. "0:1:0". */
  metricAggregationInterval?: string;
  /** KEDA `cloud`. @default AzurePublicCloud */
  cloud?: AzureCloud;
  /** KEDA `azureResourceManagerEndpoint` (a URL; required when `cloud` is `Private`). */
  azureResourceManagerEndpoint?: string;
  /** Kubernetes: podIdentity azure-workload, secret activeDirectoryClientId + activeDirectoryClientPassword, or a TriggerAuthentication. Container Apps uses scaling.containerApps.rules[].auth. */
  auth?: SourceAuthInput;
}

/**
 * An Application Load Balancer target group, for ECS `ALBRequestCountPerTarget` target tracking:
 * `resourceLabel`, or both ARNs (the label is built from them).
 */
export interface AlbSourceInput {
  /** `arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>` */
  loadBalancerArn?: string;
  /** `arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>` */
  targetGroupArn?: string;
  /** `app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>` (at most 1023 characters). */
  resourceLabel?: string;
}

/** Where a metric's number comes from, per platform (at least one). */
export interface MetricSourcesInput extends EventSourcesInput {
  prometheus?: PrometheusSourceInput;
  cloudWatch?: CloudWatchSourceInput;
  azureMonitor?: AzureMonitorSourceInput;
  alb?: AlbSourceInput;
}

// ---- metrics ----

/** CPU or memory per replica: exactly one of `utilization` or `averageValue`. */
export interface ResourceMetricInput {
  /** Target average utilisation in percent of the containers' requests (HPA `Utilization`); whole number >= 1. */
  utilization?: number;
  /** Target average usage per pod as a quantity (HPA `AverageValue`). */
  averageValue?: QuantityInput;
  /** Only this container's usage (HPA `ContainerResource`). */
  container?: string;
  /**
   * Only 0 (the default): no platform has an activation threshold on cpu/memory (KEDA's cpu and memory scalers
   * have none); a value above 0 is refused, naming the metrics that can carry one.
   */
  activation?: number;
}

/** Requests per replica: exactly one of `perReplica` (per second) or `perReplicaPerMinute`. */
export interface RequestRateMetricInput {
  /** Requests per second per replica, greater than 0. */
  perReplica?: number;
  /** Requests per minute per replica, greater than 0 (ECS ALBRequestCountPerTarget counts per minute). */
  perReplicaPerMinute?: number;
  from: MetricSourcesInput;
}

/** Requests in flight (concurrency) per replica. `from` is optional: Container Apps and Cloud Run measure it themselves. */
export interface InFlightMetricInput {
  /** Greater than 0. */
  perReplica: number;
  /** What is in flight: HTTP requests (default) or TCP connections (Container Apps `tcp` rule). @default http */
  protocol?: InFlightProtocol;
  from?: MetricSourcesInput;
}

/** Queue jobs (active + waiting) per replica. */
export interface QueueMetricInput {
  /** Greater than 0. */
  jobsPerReplica: number;
  /** Below this many jobs the service may sleep at 0 replicas (KEDA activation), >= 0. @default 0 */
  activation?: number;
  from: MetricSourcesInput;
}

/** The service reports how many replicas it needs; `buffer` adds head-room. */
export interface ReplicasRequiredMetricInput {
  /** Head-room as a fraction, 0..10 (0.3 = +30 %). @default 0 */
  buffer?: number;
  from: MetricSourcesInput;
}

/** An arbitrary PromQL query with a target (KEDA `prometheus` trigger semantics). */
export interface PrometheusQueryMetricInput extends PrometheusTriggerOptionsInput {
  query: string;
  /** KEDA `threshold` (> 0): per replica for `AverageValue`, for the whole service for `Value`. */
  target: number;
  /** KEDA `activationThreshold`, >= 0. @default 0 */
  activationTarget?: number;
  /** @default "AverageValue" */
  targetType?: PrometheusTargetType;
  /** KEDA `metricName` metadata (deprecated by KEDA; kept when given). */
  metricName?: string;
  /** Prometheus base URL; defaults to `scaling.kubernetes.prometheus.serverAddress`. */
  serverAddress?: string;
}

/** A custom metric already served by the custom metrics API for each pod (HPA `Pods`). */
export interface PodsMetricInput {
  /** Prometheus metric name. */
  name: string;
  /** Greater than 0. */
  averageValue: number;
}

/** A metric from the external metrics API (HPA `External`): exactly one of `value` or `averageValue`. */
export interface ExternalMetricInput {
  name: string;
  selector?: LabelsInput;
  /** Total value (> 0). */
  value?: number;
  /** Average value per pod (> 0). */
  averageValue?: number;
}

/** The Kubernetes object a metric describes. */
export interface DescribedObjectInput {
  apiVersion: string;
  kind: string;
  name: string;
}

/** A metric describing another Kubernetes object (HPA `Object`): exactly one of `value` or `averageValue`. */
export interface ObjectMetricInput {
  name: string;
  describedObject: DescribedObjectInput;
  /** Total value (> 0). */
  value?: number;
  /** Average value per pod (> 0). */
  averageValue?: number;
}

/** Scale with another workload: one replica per `podsPerReplica` matching pods (KEDA `kubernetes-workload`). */
export interface WorkloadRatioMetricInput {
  /** Label selector of the pods to follow, e.g. `app=lightning-asr`. */
  podSelector: string;
  /** Greater than 0. */
  podsPerReplica: number;
  /** >= 0. */
  activation?: number;
}

/** Hold at least `replicas` between `start` and `end` (KEDA `cron`). */
export interface ScheduleMetricInput {
  /** IANA time zone, e.g. "Europe/Berlin" or "UTC". */
  timezone: string;
  /** 5-field cron expression (minute hour day-of-month month day-of-week). */
  start: string;
  /** 5-field cron expression, different from `start`. */
  end: string;
  /** Whole number >= 1, <= `replicas.max`. */
  replicas: number;
}

/** Any KEDA scaler as a trigger, checked against KEDA's scalers schema when the policy loads. */
export interface KedaMetricInput {
  /** KEDA scaler type, e.g. `postgresql`, `aws-dynamodb`, `nats-jetstream`. */
  type: string;
  /** Trigger metadata: strings only, never a credential (those go through `auth`). */
  metadata: Record<string, string>;
  /** An existing TriggerAuthentication, pod identity, Secret keys (`secret.parameters`), or a Container Apps managed identity. */
  auth?: SourceAuthInput;
  /** Target per replica (`AverageValue`, KEDA's default) or for the whole workload (`Value`). */
  metricType?: PrometheusTargetType;
  /** KEDA trigger name (lower-case letters, digits and '-'). */
  name?: string;
}

/**
 * One entry of `scaling.metrics`: an object with one optional field per metric kind. Exactly one must be set
 * (checked when the policy is parsed; TypeScript cannot express "exactly one" without a union).
 */
export interface MetricInput {
  /** CPU per replica: `utilization` (percent of requests) or `averageValue` (quantity). */
  cpu?: ResourceMetricInput;
  /** Memory per replica: `utilization` (percent of requests) or `averageValue` (quantity). */
  memory?: ResourceMetricInput;
  /** Requests per second per replica; `from` says where the rate is read on each platform. */
  requestRate?: RequestRateMetricInput;
  /** Concurrent (in-flight) requests per replica. */
  inFlight?: InFlightMetricInput;
  /** Queue jobs (active + waiting) per replica. */
  queue?: QueueMetricInput;
  /** The service reports the replicas it needs; `buffer` adds head-room (0.3 = +30 %). */
  replicasRequired?: ReplicasRequiredMetricInput;
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

// ---- platform knobs ----

/** Default Prometheus of the KEDA triggers (`scaling.kubernetes.prometheus`). */
export interface KubernetesPrometheusInput {
  /** Default Prometheus URL for KEDA triggers. */
  serverAddress?: string;
  auth?: PrometheusAuthInput;
}

/** Where the prometheus-adapter config lives (`scaling.kubernetes.adapter`). */
export interface KubernetesAdapterInput {
  /** @default "monitoring" */
  namespace?: string;
  /** @default "prometheus-adapter-config" */
  configMapName?: string;
}

/** Cluster capabilities that change what is valid (`scaling.kubernetes.cluster`). */
export interface KubernetesClusterInput {
  /** Kubernetes version of the cluster, e.g. "1.33"; checked against the feature gates below. */
  kubernetesVersion?: string;
  /** Alpha gate HPAScaleToZero: lets a plain HPA use minReplicas 0 with an Object/External metric. @default false */
  hpaScaleToZero?: boolean;
  /** Alpha gate HPAConfigurableTolerance (Kubernetes >= 1.33) is on: allows `scaleUp/scaleDown.tolerance`. @default false */
  hpaConfigurableTolerance?: boolean;
  /** KEDA version, e.g. "2.18" (fallback rules changed across releases). @default "2.18" */
  kedaVersion?: string;
  /** VPA version: updateMode InPlaceOrRecreate needs >= 1.4. @default "1.4" */
  vpaVersion?: string;
}

/** Kubernetes-only knobs (engine, KEDA intervals, Prometheus, cluster versions). */
export interface KubernetesOptionsInput {
  /** `auto` picks HPA when every metric is HPA-native and min >= 1, KEDA otherwise. @default "auto" */
  engine?: KubernetesEngine;
  /** Name of the HPA or ScaledObject. @default `<service>-hpa` / `<service>-scaler` */
  name?: string;
  /** KEDA `pollingInterval` (>= 1 s). KEDA default 30 s. */
  pollingInterval?: DurationInput;
  /** KEDA `cooldownPeriod` (only for scaling to 0). KEDA default 300 s. */
  cooldownPeriod?: DurationInput;
  /** KEDA `initialCooldownPeriod`. KEDA default 0 s. */
  initialCooldownPeriod?: DurationInput;
  /** Name of an existing HPA on this workload that KEDA should take over (`scaledobject.keda.sh/transfer-hpa-ownership`). */
  adoptHpa?: string;
  prometheus?: KubernetesPrometheusInput;
  /** Where the prometheus-adapter config lives (for the rendered ConfigMap fragment). */
  adapter?: KubernetesAdapterInput;
  /** Cluster capabilities that change what is valid. */
  cluster?: KubernetesClusterInput;
}

/** ECS `ScaleOutCooldown` / `ScaleInCooldown` (`scaling.ecs.cooldown`). */
export interface EcsCooldownInput {
  out?: DurationInput;
  in?: DurationInput;
}

/** ECS-only knobs (Application Auto Scaling target tracking). */
export interface EcsOptionsInput {
  /** Target tracking has no scale rate limits: `error` refuses `scaleUp/scaleDown.policies`; `warn` compiles without them. @default "error" */
  unsupportedBehavior?: UnsupportedBehavior;
  /** Cooldowns (ECS `ScaleOutCooldown` / `ScaleInCooldown`, whole seconds); override the ones derived from stabilization. */
  cooldown?: EcsCooldownInput;
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

/** When an ECS scheduled action runs (time zone of at() / cron(), and the window of a recurring one). */
export interface EcsScheduleWindowInput {
  /** IANA time zone of at() and cron(). AWS default: UTC. */
  timezone?: string;
  /** RFC 3339 instant ("2026-12-24T18:00:00Z"): the action first runs then, then on its schedule. */
  startTime?: string;
  /** RFC 3339 instant after `startTime`: the action stops repeating after it. */
  endTime?: string;
}

/** One scheduled action: min and/or max capacity (at least one) on a schedule. */
export interface EcsScheduledActionInput extends EcsScheduleWindowInput {
  /** 1..48 printable characters, no ':', '/' or '|'; the AWS name is `<namePrefix>-<name>`. Unique. */
  name: string;
  /** `at(yyyy-mm-ddThh:mm:ss)`, `rate(value unit)` (`rate(1 day)`, `rate(6 hours)`) or `cron(Minutes Hours Day-of-month Month Day-of-week Year)`. */
  schedule: string;
  /** New minimum capacity (whole number >= 0), within scaling.replicas. */
  minCapacity?: number;
  /** New maximum capacity (whole number >= minCapacity), within scaling.replicas. */
  maxCapacity?: number;
}

/** A scheduled stop (0/0 tasks) and start (back to min/max). */
export interface EcsStopStartInput extends EcsScheduleWindowInput {
  /** 1..48 printable characters, no ':', '/' or '|'; AWS names `<namePrefix>-<name>-stop` / `-start`. Unique. */
  name: string;
  /** When to stop (at/rate/cron expression). */
  stop: string;
  /** When to start again (at/rate/cron expression). */
  start: string;
  /** Min capacity at `start`. @default scaling.replicas.min */
  minCapacity?: number;
  /** Max capacity at `start`. @default scaling.replicas.max */
  maxCapacity?: number;
}

/** A trigger parameter filled from a Container App secret. */
export interface ScaleRuleAuthRefInput {
  /** Name of a Container App secret (`configuration.secrets[].name`); never a secret value. */
  secretRef: string;
  /** The KEDA trigger parameter the secret fills, e.g. `activeDirectoryClientPassword`. */
  triggerParameter: string;
}

/** Per-rule settings, addressed by the index of the metric in `scaling.metrics`. */
export interface ContainerAppsRuleOptionsInput {
  /** Index of the metric in `scaling.metrics` this rule compiles from (whole number >= 0). */
  metric: number;
  /** Scale rule name. @default `<kind>-scaling` */
  name?: string;
  /** Trigger parameters filled from Container App secrets (at least one when given). */
  auth?: ScaleRuleAuthRefInput[];
  /** Managed identity the rule authenticates with: `system` or a user-assigned identity's resource id. */
  identity?: string;
}

/** Azure Container Apps-only knobs (cooldown, polling, rule names and auth). */
export interface ContainerAppsOptionsInput {
  /** `scale.cooldownPeriod`: wait after the last event before scaling to 0 (platform default 300 s). */
  cooldownPeriod?: DurationInput;
  /** `scale.pollingInterval` (>= 1 s; platform default 30 s; not used by http rules). */
  pollingInterval?: DurationInput;
  /** The environment's replica cap, checked against `replicas.max`. @default 1000 */
  maxReplicasLimit?: number;
  /** `error` refuses `scaleUp` / `scaleDown` settings Container Apps cannot honour; `warn` reports each. @default "error" */
  unsupportedBehavior?: UnsupportedBehavior;
  /** Rule names, secret references and managed identities per metric. */
  rules?: ContainerAppsRuleOptionsInput[];
}

/** Cloud Run-only knobs (concurrency, cpu, memory, CPU throttling, startup boost). */
export interface CloudRunOptionsInput {
  /** `template.maxInstanceRequestConcurrency` (1..1000). Without it: derived from an `inFlight` metric, else Cloud Run's default. */
  concurrency?: number;
  /** vCPU per instance: a number (0.08..8; at 1 and above only 1, 2, 4, 6, 8) or a quantity like "500m". @default 1 */
  cpu?: number | string;
  /** Memory per instance (a quantity in whole bytes, e.g. "512Mi"). @default "512Mi" */
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
  /** Mean request latency (e.g. "250ms", "1.5s", or seconds) that turns a `requestRate` metric into concurrency. */
  assumedLatency?: number | string;
  /** `true` accepts `scaling.scaleUp` / `scaleDown` with a warning (Cloud Run's pacing is not configurable). @default false */
  ignoreScaleRules?: boolean;
}

// ---- the policy ----

/** Horizontal scaling: replica bounds, metrics, scale-up/scale-down rules and platform-only knobs. */
export interface ScalingInput {
  /**
   * `autoscale`: an autoscaler owns the replica count. `fixed`: exactly `replicas.min` replicas, no autoscaler
   * (requires min == max). `external`: no autoscaler; an outside controller sets replicas.
   * @default "autoscale"
   */
  mode?: ScalingMode;
  /** Replica bounds (inclusive); min 0 only where the platform can scale to zero. */
  replicas: ReplicasInput;
  /** What to hold per replica; each entry has exactly one metric kind. At least one when `mode` is autoscale. @default [] */
  metrics?: MetricInput[];
  /** Scale-up rules (HPA behavior.scaleUp vocabulary). */
  scaleUp?: ScalingRulesInput;
  /** Scale-down rules (HPA behavior.scaleDown vocabulary). */
  scaleDown?: ScalingRulesInput;
  /** Unset: the platform's own behavior (HPA holds; KEDA's prometheus trigger reads an empty result as 0). */
  missingMetrics?: MissingMetricsInput;
  kubernetes?: KubernetesOptionsInput;
  ecs?: EcsOptionsInput;
  containerApps?: ContainerAppsOptionsInput;
  cloudRun?: CloudRunOptionsInput;
}

/**
 * The workload the autoscaler targets: one of `WorkloadKind`, or any resource kind with a `/scale` subresource
 * (an operator's custom resource; then `apiVersion` is required).
 */
export interface WorkloadInput {
  /** A Kubernetes kind (`WorkloadKind` or any `^[A-Z][A-Za-z0-9]*$`, at most 63). @default "Deployment" */
  kind?: string;
  /** DNS-1123 subdomain. @default the service name */
  name?: string;
  /** @default apps/v1 (argoproj.io/v1alpha1 for Rollout); required for any other kind */
  apiVersion?: string;
}

/** Resource bounds of a VPA container policy. */
export interface VerticalResourcesInput {
  cpu?: QuantityInput;
  memory?: QuantityInput;
}

/** A VPA container policy. */
export interface VerticalContainerPolicyInput {
  /** Container name, or `*` for every container. */
  name: string;
  mode?: VpaContainerMode;
  minAllowed?: VerticalResourcesInput;
  /** Each resource >= its `minAllowed`. */
  maxAllowed?: VerticalResourcesInput;
  /** At least one when given. */
  controlledResources?: VpaResource[];
  controlledValues?: VpaControlledValues;
}

/** Vertical scaling (Kubernetes VerticalPodAutoscaler autoscaling.k8s.io/v1). */
export interface VerticalInput {
  /** VPA object name. @default `<service>-vpa` */
  name?: string;
  updateMode: VpaUpdateMode;
  containers?: VerticalContainerPolicyInput[];
  /**
   * What to do when an HPA/KEDA scales the same workload on a resource this VPA controls. `error` refuses the
   * policy; `Off` / `Initial` downgrade the update mode and report a warning. @default "error"
   */
  onHpaConflict?: VpaHpaConflict;
}

/** The scraped metrics endpoint (Kubernetes ServiceMonitor). */
export interface MonitoringInput {
  /** The Service port's name (ServiceMonitor `port`), or a container port number 1..65535 (ServiceMonitor `targetPort`). */
  port: string | number;
  /** Starts with `/`. @default "/metrics" */
  path?: string;
  /** Prometheus duration like "15s" or "1m". @default "15s" */
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
export interface PinnedAtMaxAlertInput {
  /** Per-replica load above which being at max is a problem, as a fraction of each metric's target (> 0). @default 1 */
  threshold?: number;
  /** How long both conditions must hold. @default 15m */
  for?: DurationInput;
  /** @default "warning" */
  severity?: string;
}

/**
 * The autoscaler cannot read its metric (HPA condition `ScalingActive` false, KEDA scaler errors, the tracked
 * metric's alarm in INSUFFICIENT_DATA) for longer than `for`.
 */
export interface MetricUnavailableAlertInput {
  /** How long the metric must stay unreadable (0..24h). @default 10m */
  for?: DurationInput;
  /** @default "warning" */
  severity?: string;
}

/** The replica count changes more than `maxScaleEvents` times within `window`. */
export interface FlappingAlertInput {
  /** Scale events (changes of the replica count) allowed within the window (>= 1). @default 6 */
  maxScaleEvents?: number;
  /** 5m..24h. @default 1h */
  window?: DurationInput;
  /** @default "warning" */
  severity?: string;
}

/** Alerts on the service's scaling; each one is generated when it is written (`{}` takes every default). */
export interface AlertsInput {
  pinnedAtMax?: PinnedAtMaxAlertInput;
  metricUnavailable?: MetricUnavailableAlertInput;
  flapping?: FlappingAlertInput;
}

/** A dashboard of the service's scaling, in the platform's own monitoring service (Grafana on Kubernetes). */
export interface DashboardInput {
  /** @default "<service> autoscaling" */
  title?: string;
  /**
   * Grafana dashboard uid (1..40 letters, digits, '-' or '_'); on ECS the CloudWatch dashboard's name.
   * @default derived from namespace and service (ECS: `<namePrefix>-autoscaling`)
   */
  uid?: string;
  /** Grafana folder the kube-prometheus-stack sidecar files the dashboard in (`grafana_folder` annotation). */
  folder?: string;
  /** Extra labels on the dashboard's ConfigMap (besides the sidecar's `grafana_dashboard: "1"`). */
  labels?: LabelsInput;
}

/**
 * One service's scaling policy, as written in a policy file or a Pulumi program. Needs `scaling`, `vertical`
 * or both.
 */
export interface ScalingPolicyInput {
  /** Service name (DNS-1123 label); default for the workload name and the names of generated objects. */
  service: string;
  /** Kubernetes namespace (and the policy's namespace on every platform). @default "default" */
  namespace?: string;
  /** @default { kind: "Deployment" } */
  workload?: WorkloadInput;
  /** Horizontal scaling: replica bounds, metrics, scale-up/scale-down rules and platform-only knobs. */
  scaling?: ScalingInput;
  /** Vertical scaling (Kubernetes VerticalPodAutoscaler). */
  vertical?: VerticalInput;
  /** The scraped metrics endpoint (Kubernetes ServiceMonitor). */
  monitoring?: MonitoringInput;
  /** Alerts on the scaling: pinned at max under load, metric unavailable, flapping. */
  alerts?: AlertsInput;
  /** A dashboard of the scaling (Grafana on Kubernetes). */
  dashboard?: DashboardInput;
}
