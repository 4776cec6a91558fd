/**
 * The scaling policy as the provider's schema can carry it: the same shape as a policy file (every metric
 * entry an object with one optional field per kind), without TypeScript unions, which Pulumi's analyzer
 * refuses. An interface of src/types is used as it is wherever it holds no union (even transitively); the
 * ones that do are mirrored here as `...Args`, with these differences:
 *
 * - durations are strings (`"30s"`, `"5m"`, `"1h30m"`, or whole seconds as digits, `"30"`);
 * - quantities are strings (`"512Mi"`, `"250m"`, `"2"`);
 * - the choices written inline in src/types (`protocol?: "http" | "tcp"`) are the named `as const` objects of
 *   src/types/choices.ts;
 * - `monitoring.port`, Cloud Run `cpu` and `assumedLatency` are strings, `missingMetrics` an object with
 *   `mode` or `replicas` (see each field).
 *
 * test/provider/policy-args.test.ts proves that every field of `ScalingPolicyInput` has its mirror here.
 * {@link policyInputFromArgs} turns these args into a `ScalingPolicyInput`, which `parsePolicy` validates.
 */
import type { PathSegment, PolicyIssue } from "../policy/errors";
import { PolicyError } from "../policy/errors";
import type {
  AlbSourceInput,
  AzureCloud,
  AzureMetricAggregation,
  AzureQueueLengthStrategy,
  CloudMonitoringAligner,
  CloudMonitoringReducer,
  CloudWatchStatistic,
  ContainerAppsRuleOptionsInput,
  DashboardInput,
  EcsScheduledActionInput,
  EcsStopStartInput,
  ExternalMetricInput,
  HpaSelectPolicy,
  InFlightProtocol,
  KafkaOffsetResetPolicy,
  KafkaSasl,
  KafkaSaslTokenProvider,
  KubernetesEngine,
  LabelsInput,
  MissingMetricsInput,
  MissingMetricsMode,
  MonitoringInput,
  ObjectMetricInput,
  PodIdentityOwner,
  PodIdentityProvider,
  PodsMetricInput,
  PrometheusAuthInput,
  PrometheusQueryMetricInput,
  PrometheusTargetType,
  PrometheusTriggerOptionsInput,
  RabbitMqProtocol,
  RedisStreamMode,
  ReplicasInput,
  ScalingInput,
  ScalingMode,
  ScalingPolicyInput,
  ScheduleMetricInput,
  ScrapeScheme,
  SelectPolicy,
  SourceSecretInput,
  UnsupportedBehavior,
  VpaContainerMode,
  VpaControlledValues,
  VpaHpaConflict,
  VpaResource,
  VpaUpdateMode,
  WorkloadInput,
  WorkloadRatioMetricInput,
} from "../types";

// ---- event sources and their auth ----

/** KEDA `podIdentity` (TriggerAuthentication `spec.podIdentity`). */
export interface PodIdentityArgs {
  provider: PodIdentityProvider;
  /** azure-workload: the client id of the user-assigned identity. */
  identityId?: string;
  /** aws: the IAM role KEDA assumes (mutually exclusive with `identityOwner`). */
  roleArn?: string;
  /** aws: whose identity is used, KEDA's (`keda`) or the workload's service account (`workload`). */
  identityOwner?: PodIdentityOwner;
}

/** How an event source authenticates: references and identities only, never a credential value. */
export interface SourceAuthArgs {
  /** An existing KEDA TriggerAuthentication in the workload's namespace. */
  triggerAuthentication?: string;
  /** An existing KEDA ClusterTriggerAuthentication. */
  clusterTriggerAuthentication?: string;
  podIdentity?: PodIdentityArgs;
  /** Trigger parameters read from a Secret (Kubernetes) or from Container App secrets. */
  secret?: SourceSecretInput;
  /** Container Apps: `system` or a user-assigned identity's resource id. */
  managedIdentity?: string;
}

/** An Amazon SQS queue (`from.sqs`). */
export interface SqsSourceArgs {
  /** `https://sqs.<region>.amazonaws.com/<account>/<name>` (FIFO: `<name>.fifo`). */
  queueUrl: string;
  awsRegion?: string;
  /** Count in-flight messages as backlog. Default true. */
  scaleOnInFlight?: boolean;
  /** Count delayed messages as backlog. Default false. */
  scaleOnDelayed?: boolean;
  awsEndpoint?: string;
  auth?: SourceAuthArgs;
}

/** A Pub/Sub subscription (`from.pubsub`). */
export interface PubSubSourceArgs {
  /** The subscription id, or `projects/<project>/subscriptions/<id>`. */
  subscription: string;
  projectId?: string;
  auth?: SourceAuthArgs;
}

/** A Cloud Monitoring series chosen by a Monitoring filter (`from.cloudMonitoring`). */
export interface CloudMonitoringSourceArgs {
  projectId: string;
  /** A Monitoring filter naming one metric type. */
  filter: string;
  /** >= 60. */
  alignmentPeriodSeconds?: number;
  alignmentAligner?: CloudMonitoringAligner;
  alignmentReducer?: CloudMonitoringReducer;
  /** Minutes of data to read. */
  filterDuration?: number;
  /** The value when the filter returns no series. */
  valueIfNull?: number;
  auth?: SourceAuthArgs;
}

/** A Kafka consumer group's lag (`from.kafka`); credentials only through auth.secret. */
export interface KafkaSourceArgs {
  /** Brokers, each `host:port`. */
  bootstrapServers: string[];
  consumerGroup: string;
  topic?: string;
  partitions?: number[];
  offsetResetPolicy?: KafkaOffsetResetPolicy;
  allowIdleConsumers?: boolean;
  excludePersistentLag?: boolean;
  scaleToZeroOnInvalidOffset?: boolean;
  limitToPartitionsWithLag?: boolean;
  ensureEvenDistributionOfPartitions?: boolean;
  version?: string;
  sasl?: KafkaSasl;
  saslTokenProvider?: KafkaSaslTokenProvider;
  awsRegion?: string;
  tls?: boolean;
  auth?: SourceAuthArgs;
}

/** A RabbitMQ queue (`from.rabbitmq`); the broker URL (`host`) only through auth. */
export interface RabbitMqSourceArgs {
  queueName: string;
  protocol?: RabbitMqProtocol;
  vhostName?: string;
  excludeUnacknowledged?: boolean;
  auth?: SourceAuthArgs;
}

/** The Redis server of `from.redisList` / `from.redisStream`; the password only through auth. */
export interface RedisConnectionArgs {
  /** `host:port`. */
  address?: string;
  host?: string;
  port?: number;
  databaseIndex?: number;
  enableTLS?: boolean;
  unsafeSsl?: boolean;
  auth?: SourceAuthArgs;
}

/** A Redis list's length (`from.redisList`). */
export interface RedisListSourceArgs extends RedisConnectionArgs {
  listName: string;
}

/** A Redis stream (`from.redisStream`). */
export interface RedisStreamSourceArgs extends RedisConnectionArgs {
  stream: string;
  consumerGroup?: string;
  mode: RedisStreamMode;
}

/** An Azure Storage queue (`from.azureQueue`). */
export interface AzureQueueSourceArgs {
  queueName: string;
  accountName?: string;
  queueLengthStrategy?: AzureQueueLengthStrategy;
  cloud?: AzureCloud;
  endpointSuffix?: string;
  auth?: SourceAuthArgs;
}

/** An Azure Service Bus queue, or topic subscription (`from.serviceBus`). */
export interface ServiceBusSourceArgs {
  queueName?: string;
  topicName?: string;
  subscriptionName?: string;
  /** The namespace's name (not its host). */
  namespace?: string;
  cloud?: AzureCloud;
  endpointSuffix?: string;
  auth?: SourceAuthArgs;
}

// ---- metric sources ----

/** One `seriesFilters` entry of a prometheus-adapter rule. */
export interface PrometheusSeriesFilterArgs {
  is?: string;
  isNot?: string;
}

/** prometheus-adapter rule overrides for a `series` source. */
export interface PrometheusAdapterRuleArgs {
  matches?: string;
  as?: string;
  metricsQuery?: string;
  seriesFilters?: PrometheusSeriesFilterArgs[];
}

/** A Prometheus source: a per-pod `series` (HPA via prometheus-adapter) or an aggregate `query` (KEDA). */
export interface PrometheusSourceArgs extends PrometheusTriggerOptionsInput {
  series?: string;
  query?: string;
  serverAddress?: string;
  /** Window of `rate()` for counter series, a duration like "2m". */
  rateWindow?: string;
  adapter?: PrometheusAdapterRuleArgs;
  metricName?: string;
  auth?: PrometheusAuthInput;
}

/** A CloudWatch metric for ECS target tracking. */
export interface CloudWatchSourceArgs {
  namespace: string;
  metricName: string;
  dimensions?: Record<string, string>;
  sumWith?: string[];
  statistic?: CloudWatchStatistic;
  unit?: string;
  /** True when the metric is already a per-task value. Default true. */
  perReplica?: boolean;
  region?: string;
  auth?: SourceAuthArgs;
}

/** An Azure Monitor metric (KEDA azure-monitor scaler metadata names). */
export interface AzureMonitorSourceArgs {
  metricName: string;
  resourceId: string;
  tenantId?: string;
  subscriptionId?: string;
  resourceGroupName?: string;
  metricNamespace?: string;
  metricFilter?: string;
  metricAggregationType?: AzureMetricAggregation;
  /** `hours:minutes:seconds`, e.g. "0:1:0". */
  metricAggregationInterval?: string;
  cloud?: AzureCloud;
  azureResourceManagerEndpoint?: string;
  auth?: SourceAuthArgs;
}

/** Where a metric's number comes from, per platform (at least one). */
export interface MetricSourcesArgs {
  prometheus?: PrometheusSourceArgs;
  cloudWatch?: CloudWatchSourceArgs;
  azureMonitor?: AzureMonitorSourceArgs;
  alb?: AlbSourceInput;
  sqs?: SqsSourceArgs;
  pubsub?: PubSubSourceArgs;
  cloudMonitoring?: CloudMonitoringSourceArgs;
  kafka?: KafkaSourceArgs;
  rabbitmq?: RabbitMqSourceArgs;
  redisList?: RedisListSourceArgs;
  redisStream?: RedisStreamSourceArgs;
  azureQueue?: AzureQueueSourceArgs;
  serviceBus?: ServiceBusSourceArgs;
}

// ---- metrics ----

/** CPU or memory per replica: exactly one of `utilization` or `averageValue`. */
export interface ResourceMetricArgs {
  /** Percent of the containers' requests (whole number >= 1). */
  utilization?: number;
  /** Average usage per pod, a quantity like "250m" or "512Mi". */
  averageValue?: string;
  container?: string;
  activation?: number;
}

/** Requests per replica: exactly one of `perReplica` (per second) or `perReplicaPerMinute`. */
export interface RequestRateMetricArgs {
  perReplica?: number;
  perReplicaPerMinute?: number;
  from: MetricSourcesArgs;
}

/** Requests in flight (concurrency) per replica. */
export interface InFlightMetricArgs {
  perReplica: number;
  /** Default http. */
  protocol?: InFlightProtocol;
  from?: MetricSourcesArgs;
}

/** Queue jobs (active + waiting) per replica. */
export interface QueueMetricArgs {
  jobsPerReplica: number;
  activation?: number;
  from: MetricSourcesArgs;
}

/** The service reports how many replicas it needs; `buffer` adds head-room. */
export interface ReplicasRequiredMetricArgs {
  buffer?: number;
  from: MetricSourcesArgs;
}

/** Any KEDA scaler as a trigger, checked against KEDA's scalers schema. */
export interface KedaMetricArgs {
  /** KEDA scaler type, e.g. `postgresql`. */
  type: string;
  /** Trigger metadata: strings only, never a credential. */
  metadata: Record<string, string>;
  auth?: SourceAuthArgs;
  /** KEDA trigger `metricType`: per replica (`AverageValue`, KEDA's default) or for the whole workload (`Value`). */
  metricType?: PrometheusTargetType;
  name?: string;
}

/** One entry of `scaling.metrics`: exactly one field (metric kind) set. */
export interface MetricArgs {
  cpu?: ResourceMetricArgs;
  memory?: ResourceMetricArgs;
  requestRate?: RequestRateMetricArgs;
  inFlight?: InFlightMetricArgs;
  queue?: QueueMetricArgs;
  replicasRequired?: ReplicasRequiredMetricArgs;
  prometheus?: PrometheusQueryMetricInput;
  pods?: PodsMetricInput;
  external?: ExternalMetricInput;
  object?: ObjectMetricInput;
  workloadRatio?: WorkloadRatioMetricInput;
  schedule?: ScheduleMetricInput;
  keda?: KedaMetricArgs;
}

// ---- behavior ----

/** One rate limit of a scale direction: exactly one of `replicas` or `percent`. */
export interface ScalingPolicyRuleArgs {
  replicas?: number;
  percent?: number;
  /** The period the limit applies to, a duration like "60s" (1s..30m). */
  per: string;
}

/** Scale-up / scale-down rules, in the vocabulary of HPA `behavior`. */
export interface ScalingRulesArgs {
  /** Stabilization window, a duration like "5m" (0..1h). */
  stabilization?: string;
  policies?: ScalingPolicyRuleArgs[];
  select?: SelectPolicy;
  selectPolicy?: HpaSelectPolicy;
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

/** Default Prometheus of the KEDA triggers. */
export interface KubernetesPrometheusArgs {
  serverAddress?: string;
  auth?: PrometheusAuthInput;
}

/** Where the prometheus-adapter config lives. */
export interface KubernetesAdapterArgs {
  namespace?: string;
  configMapName?: string;
}

/** Cluster capabilities that change what is valid. */
export interface KubernetesClusterArgs {
  kubernetesVersion?: string;
  hpaScaleToZero?: boolean;
  hpaConfigurableTolerance?: boolean;
  kedaVersion?: string;
  vpaVersion?: string;
}

/** Kubernetes-only knobs. Durations are strings like "30s". */
export interface KubernetesOptionsArgs {
  engine?: KubernetesEngine;
  name?: string;
  pollingInterval?: string;
  cooldownPeriod?: string;
  initialCooldownPeriod?: string;
  adoptHpa?: string;
  prometheus?: KubernetesPrometheusArgs;
  adapter?: KubernetesAdapterArgs;
  cluster?: KubernetesClusterArgs;
}

/** ECS `ScaleOutCooldown` / `ScaleInCooldown`, durations like "60s". */
export interface EcsCooldownArgs {
  out?: string;
  in?: string;
}

/** ECS-only knobs (Application Auto Scaling target tracking). */
export interface EcsOptionsArgs {
  unsupportedBehavior?: UnsupportedBehavior;
  cooldown?: EcsCooldownArgs;
  cluster?: string;
  service?: string;
  namePrefix?: string;
  scheduledActions?: EcsScheduledActionInput[];
  stopStart?: EcsStopStartInput[];
}

/** Azure Container Apps-only knobs. Durations are strings like "300s". */
export interface ContainerAppsOptionsArgs {
  cooldownPeriod?: string;
  pollingInterval?: string;
  maxReplicasLimit?: number;
  unsupportedBehavior?: UnsupportedBehavior;
  rules?: ContainerAppsRuleOptionsInput[];
}

/** Cloud Run-only knobs. */
export interface CloudRunOptionsArgs {
  concurrency?: number;
  /** vCPU per instance as Cloud Run writes it (`resources.limits.cpu`): "1", "2", "4", "6", "8" or below 1 like "500m" / "0.5". Default "1". */
  cpu?: string;
  /** Memory per instance, e.g. "512Mi". */
  memory?: string;
  cpuThrottling?: boolean;
  startupCpuBoost?: boolean;
  image?: string;
  containerName?: string;
  maxInstanceLimit?: number;
  /** Mean request latency that turns a `requestRate` metric into concurrency: "250ms" or "1.5s". */
  assumedLatency?: string;
  ignoreScaleRules?: boolean;
}

/** Horizontal scaling: replica bounds, metrics, scale-up/scale-down rules and platform-only knobs. */
export interface ScalingArgs {
  mode?: ScalingMode;
  replicas: ReplicasInput;
  metrics?: MetricArgs[];
  scaleUp?: ScalingRulesArgs;
  scaleDown?: ScalingRulesArgs;
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
  maxAllowed?: VerticalResourcesArgs;
  controlledResources?: VpaResource[];
  controlledValues?: VpaControlledValues;
}

/** Vertical scaling (Kubernetes VerticalPodAutoscaler). */
export interface VerticalArgs {
  name?: string;
  updateMode: VpaUpdateMode;
  containers?: VerticalContainerPolicyArgs[];
  onHpaConflict?: VpaHpaConflict;
}

/** The scraped metrics endpoint (Kubernetes ServiceMonitor). */
export interface MonitoringArgs {
  /**
   * The Service port's name (`metrics`: ServiceMonitor `port`), or a container port number written as digits
   * (`"9090"`: ServiceMonitor `targetPort`). A Kubernetes port name always holds a letter, so digits are a number.
   */
  port: string;
  path?: string;
  /** Prometheus duration like "15s". */
  interval?: string;
  scheme?: ScrapeScheme;
  selector?: LabelsInput;
  name?: string;
  labels?: LabelsInput;
}

/** Alert when the service sits at `replicas.max` under load. */
export interface PinnedAtMaxAlertArgs {
  threshold?: number;
  /** A duration like "15m". */
  for?: string;
  severity?: string;
}

/** The autoscaler cannot read its metric for longer than `for`. */
export interface MetricUnavailableAlertArgs {
  /** A duration like "10m". */
  for?: string;
  severity?: string;
}

/** The replica count changes more than `maxScaleEvents` times within `window`. */
export interface FlappingAlertArgs {
  maxScaleEvents?: number;
  /** A duration like "1h" (5m..24h). */
  window?: string;
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
  namespace?: string;
  workload?: WorkloadInput;
  scaling?: ScalingArgs;
  vertical?: VerticalArgs;
  monitoring?: MonitoringArgs;
  alerts?: AlertsArgs;
  dashboard?: DashboardInput;
}

// ---- conversion ----

const MISSING_METRICS_FIELDS = ["mode", "replicas", "failureThreshold"];
const MESSAGES = {
  bothModeAndReplicas: (mode: unknown) => `give exactly one of mode ("hold" or "scaleUp") or replicas (a fallback replica count), got both (mode ${JSON.stringify(mode)})`,
  neitherModeNorReplicas: 'give one of mode ("hold" or "scaleUp") or replicas (a fallback replica count), got neither',
  thresholdWithoutReplicas: "applies only with replicas (a fallback replica count), not with mode; remove it or give replicas instead of mode",
  unknownField: (key: string) => `is not a field of missingMetrics (allowed: ${MISSING_METRICS_FIELDS.join(", ")})`,
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The policy input of provider args: `missingMetrics` in the model's form, a digits-only `monitoring.port` as
 * a number; everything else as given (the model reads durations, quantities and Cloud Run cpu / latency written
 * as strings). Values of the wrong type are left for `parsePolicy` to report. Throws a PolicyError (paths under
 * `path`) for a `missingMetrics` that has no form in the model.
 */
export function policyInputFromArgs(args: PolicyArgs, path: PathSegment[] = []): ScalingPolicyInput {
  const { scaling, monitoring, ...rest } = args;
  const input: ScalingPolicyInput = rest;
  if (scaling !== undefined) input.scaling = isRecord(scaling) ? scalingInput(scaling, [...path, "scaling"]) : (scaling as ScalingInput);
  if (monitoring !== undefined) input.monitoring = isRecord(monitoring) ? monitoringInput(monitoring) : (monitoring as MonitoringInput);
  return input;
}

function scalingInput(scaling: ScalingArgs, path: PathSegment[]): ScalingInput {
  const { missingMetrics, ...rest } = scaling;
  if (missingMetrics === undefined) return rest;
  return { ...rest, missingMetrics: isRecord(missingMetrics) ? missingMetricsInput(missingMetrics, [...path, "missingMetrics"]) : (missingMetrics as MissingMetricsInput) };
}

function missingMetricsInput(m: MissingMetricsArgs, path: PathSegment[]): MissingMetricsInput {
  const issues: PolicyIssue[] = Object.keys(m)
    .filter((k) => !MISSING_METRICS_FIELDS.includes(k))
    .map((k) => ({ code: "unrecognized_keys", path: [...path, k], message: MESSAGES.unknownField(k) }));
  const { mode, replicas, failureThreshold } = m;
  if (mode !== undefined && replicas !== undefined) issues.push({ code: "invalid_union", path, message: MESSAGES.bothModeAndReplicas(mode) });
  else if (mode === undefined && replicas === undefined) issues.push({ code: "invalid_union", path, message: MESSAGES.neitherModeNorReplicas });
  else if (mode !== undefined && failureThreshold !== undefined) issues.push({ code: "unrecognized_keys", path: [...path, "failureThreshold"], message: MESSAGES.thresholdWithoutReplicas });
  if (issues.length > 0) throw new PolicyError(issues);
  if (mode !== undefined) return mode;
  return failureThreshold === undefined ? { replicas: replicas! } : { replicas: replicas!, failureThreshold };
}

function monitoringInput(monitoring: MonitoringArgs): MonitoringInput {
  const { port } = monitoring;
  return typeof port === "string" && /^\d+$/.test(port) ? { ...monitoring, port: Number(port) } : monitoring;
}
