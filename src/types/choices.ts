/**
 * The string choices of the policy model, as `as const` objects with a same-named type, so that
 * `mode: "fixed"` type-checks and Pulumi's schema analyzer sees a named enum (it rejects bare unions).
 * The zod schemas in `src/policy` hold the same lists; test/types checks that they agree.
 */

/** The platforms a policy compiles to. */
export const Platform = { Kubernetes: "kubernetes", Ecs: "ecs", ContainerApps: "container-apps", CloudRun: "cloud-run" } as const;
export type Platform = (typeof Platform)[keyof typeof Platform];

/** `autoscale`: an autoscaler owns the replica count. `fixed`: exactly `replicas.min`. `external`: an outside controller. */
export const ScalingMode = { Autoscale: "autoscale", Fixed: "fixed", External: "external" } as const;
export type ScalingMode = (typeof ScalingMode)[keyof typeof ScalingMode];

/** Which autoscaler polyscale creates on Kubernetes. */
export const KubernetesEngine = { Auto: "auto", Hpa: "hpa", Keda: "keda" } as const;
export type KubernetesEngine = (typeof KubernetesEngine)[keyof typeof KubernetesEngine];

/** The workload kinds an autoscaler can target. */
export const WorkloadKind = { Deployment: "Deployment", StatefulSet: "StatefulSet", ReplicaSet: "ReplicaSet", Rollout: "Rollout" } as const;
export type WorkloadKind = (typeof WorkloadKind)[keyof typeof WorkloadKind];

/** Which rate-limit policy wins (HPA `selectPolicy`): the biggest change, the smallest, or none at all. */
export const SelectPolicy = { Max: "max", Min: "min", Disabled: "disabled" } as const;
export type SelectPolicy = (typeof SelectPolicy)[keyof typeof SelectPolicy];

/** The HPA's spelling of {@link SelectPolicy} (`behavior.scaleUp.selectPolicy`), as pasted from a manifest. */
export const HpaSelectPolicy = { Max: "Max", Min: "Min", Disabled: "Disabled" } as const;
export type HpaSelectPolicy = (typeof HpaSelectPolicy)[keyof typeof HpaSelectPolicy];

/** What to do when the metric cannot be read, other than a fixed replica count. */
export const MissingMetricsMode = { Hold: "hold", ScaleUp: "scaleUp" } as const;
export type MissingMetricsMode = (typeof MissingMetricsMode)[keyof typeof MissingMetricsMode];

/** KEDA prometheus `metricType`. */
export const PrometheusTargetType = { AverageValue: "AverageValue", Value: "Value" } as const;
export type PrometheusTargetType = (typeof PrometheusTargetType)[keyof typeof PrometheusTargetType];

/** KEDA prometheus `authModes`. */
export const PrometheusAuthMode = { Bearer: "bearer", Basic: "basic" } as const;
export type PrometheusAuthMode = (typeof PrometheusAuthMode)[keyof typeof PrometheusAuthMode];

/** Application Auto Scaling `MetricStatistic` (no percentiles). */
export const CloudWatchStatistic = { Average: "Average", Minimum: "Minimum", Maximum: "Maximum", SampleCount: "SampleCount", Sum: "Sum" } as const;
export type CloudWatchStatistic = (typeof CloudWatchStatistic)[keyof typeof CloudWatchStatistic];

/** KEDA azure-monitor `metricAggregationType`. */
export const AzureMetricAggregation = { Average: "Average", Total: "Total", Maximum: "Maximum", Minimum: "Minimum", Count: "Count" } as const;
export type AzureMetricAggregation = (typeof AzureMetricAggregation)[keyof typeof AzureMetricAggregation];

/** KEDA azure-monitor `cloud`. */
export const AzureCloud = {
  AzurePublicCloud: "AzurePublicCloud",
  AzureUSGovernmentCloud: "AzureUSGovernmentCloud",
  AzureChinaCloud: "AzureChinaCloud",
  Private: "Private",
} as const;
export type AzureCloud = (typeof AzureCloud)[keyof typeof AzureCloud];

/** `error` refuses scale settings a platform cannot honour; `warn` compiles without them and reports each. */
export const UnsupportedBehavior = { Error: "error", Warn: "warn" } as const;
export type UnsupportedBehavior = (typeof UnsupportedBehavior)[keyof typeof UnsupportedBehavior];

/** VerticalPodAutoscaler `updateMode` (Auto is deprecated upstream and means Recreate). */
export const VpaUpdateMode = { Off: "Off", Initial: "Initial", Recreate: "Recreate", InPlaceOrRecreate: "InPlaceOrRecreate", InPlace: "InPlace", Auto: "Auto" } as const;
export type VpaUpdateMode = (typeof VpaUpdateMode)[keyof typeof VpaUpdateMode];

/** VPA container policy `mode`. */
export const VpaContainerMode = { Auto: "Auto", Off: "Off" } as const;
export type VpaContainerMode = (typeof VpaContainerMode)[keyof typeof VpaContainerMode];

/** A resource the VPA controls. */
export const VpaResource = { Cpu: "cpu", Memory: "memory" } as const;
export type VpaResource = (typeof VpaResource)[keyof typeof VpaResource];

/** VPA `controlledValues`. */
export const VpaControlledValues = { RequestsAndLimits: "RequestsAndLimits", RequestsOnly: "RequestsOnly" } as const;
export type VpaControlledValues = (typeof VpaControlledValues)[keyof typeof VpaControlledValues];

/** What to do when an HPA/KEDA scales the same workload on a resource the VPA controls. */
export const VpaHpaConflict = { Error: "error", Off: "Off", Initial: "Initial" } as const;
export type VpaHpaConflict = (typeof VpaHpaConflict)[keyof typeof VpaHpaConflict];

/** ServiceMonitor endpoint scheme. */
export const ScrapeScheme = { Http: "http", Https: "https" } as const;
export type ScrapeScheme = (typeof ScrapeScheme)[keyof typeof ScrapeScheme];

// The choices below are the value lists of the event sources' and metrics' zod enums (`z.enum(KafkaSasl)`): one
// list, named for the public interfaces and the provider's union-free args (src/provider/policy-args.ts).

/** What an `inFlight` metric counts: HTTP requests, or TCP connections (Container Apps `tcp` rule). */
export const InFlightProtocol = { Http: "http", Tcp: "tcp" } as const;
export type InFlightProtocol = (typeof InFlightProtocol)[keyof typeof InFlightProtocol];

/** KEDA `podIdentity.provider`. */
export const PodIdentityProvider = { Aws: "aws", AwsEks: "aws-eks", AzureWorkload: "azure-workload", Gcp: "gcp" } as const;
export type PodIdentityProvider = (typeof PodIdentityProvider)[keyof typeof PodIdentityProvider];

/** KEDA aws `podIdentity.identityOwner`: KEDA's own identity, or the workload's service account. */
export const PodIdentityOwner = { Keda: "keda", Workload: "workload" } as const;
export type PodIdentityOwner = (typeof PodIdentityOwner)[keyof typeof PodIdentityOwner];

/** KEDA gcp-stackdriver `alignmentAligner`. */
export const CloudMonitoringAligner = {
  None: "none", Delta: "delta", Rate: "rate", Interpolate: "interpolate", NextOlder: "next_older", Min: "min", Max: "max", Mean: "mean",
  Count: "count", Sum: "sum", Stddev: "stddev", CountTrue: "count_true", CountFalse: "count_false", FractionTrue: "fraction_true",
  Percentile99: "percentile_99", Percentile95: "percentile_95", Percentile50: "percentile_50", Percentile05: "percentile_05", PercentChange: "percent_change",
} as const;
export type CloudMonitoringAligner = (typeof CloudMonitoringAligner)[keyof typeof CloudMonitoringAligner];

/** KEDA gcp-stackdriver `alignmentReducer`. */
export const CloudMonitoringReducer = {
  None: "none", Mean: "mean", Min: "min", Max: "max", Sum: "sum", Stddev: "stddev", Count: "count", CountTrue: "count_true", CountFalse: "count_false",
  FractionTrue: "fraction_true", Percentile99: "percentile_99", Percentile95: "percentile_95", Percentile50: "percentile_50", Percentile05: "percentile_05",
} as const;
export type CloudMonitoringReducer = (typeof CloudMonitoringReducer)[keyof typeof CloudMonitoringReducer];

/** KEDA kafka `offsetResetPolicy`. */
export const KafkaOffsetResetPolicy = { Latest: "latest", Earliest: "earliest" } as const;
export type KafkaOffsetResetPolicy = (typeof KafkaOffsetResetPolicy)[keyof typeof KafkaOffsetResetPolicy];

/** KEDA kafka `sasl`. */
export const KafkaSasl = { None: "none", Plaintext: "plaintext", ScramSha256: "scram_sha256", ScramSha512: "scram_sha512", OAuthBearer: "oauthbearer", Gssapi: "gssapi" } as const;
export type KafkaSasl = (typeof KafkaSasl)[keyof typeof KafkaSasl];

/** KEDA kafka `saslTokenProvider` (sasl oauthbearer). */
export const KafkaSaslTokenProvider = { Bearer: "bearer", AwsMskIam: "aws_msk_iam" } as const;
export type KafkaSaslTokenProvider = (typeof KafkaSaslTokenProvider)[keyof typeof KafkaSaslTokenProvider];

/** KEDA rabbitmq `protocol`. */
export const RabbitMqProtocol = { Amqp: "amqp", Http: "http" } as const;
export type RabbitMqProtocol = (typeof RabbitMqProtocol)[keyof typeof RabbitMqProtocol];

/** KEDA redis-streams `mode`: what counts as the backlog. */
export const RedisStreamMode = { PendingEntriesCount: "pendingEntriesCount", StreamLength: "streamLength", LagCount: "lagCount" } as const;
export type RedisStreamMode = (typeof RedisStreamMode)[keyof typeof RedisStreamMode];

/** KEDA azure-queue `queueLengthStrategy`. */
export const AzureQueueLengthStrategy = { All: "all", VisibleOnly: "visibleonly" } as const;
export type AzureQueueLengthStrategy = (typeof AzureQueueLengthStrategy)[keyof typeof AzureQueueLengthStrategy];
