/**
 * Type-level proof that the public interfaces (src/types, no zod) equal the zod schemas' `z.input` and
 * `z.output`, schema by schema. Checked by `tsc` (test/types/interfaces.test.ts runs it on this file):
 * a field added to a schema and not to its interface, or the reverse, or a changed optionality or
 * default, fails the check. Nothing here runs.
 *
 * The `@ts-expect-error` block at the end is the negative control: each line compares a schema with an
 * interface that is wrong in one way, and tsc fails on an unused `@ts-expect-error` if the comparison
 * stops catching it.
 *
 * Deliberate relaxations: none at the type level. `MetricInput` is one object with an optional field per
 * kind, exactly like the schema's input (zod enforces "exactly one kind" at runtime, after the types).
 */
import { expectTypeOf } from "vitest";
import type { z } from "zod";
import type * as S from "../../src/schemas";
import type * as T from "../../src/types";

type In<Schema extends z.ZodType> = z.input<Schema>;
type Out<Schema extends z.ZodType> = z.output<Schema>;

export function agreement(): void {
  // the whole policy, both ways
  expectTypeOf<In<typeof S.ScalingPolicy>>().branded.toEqualTypeOf<T.ScalingPolicyInput>();
  expectTypeOf<Out<typeof S.ScalingPolicy>>().branded.toEqualTypeOf<T.ScalingPolicy>();

  // its parts (so a mismatch names the part)
  expectTypeOf<In<typeof S.Replicas>>().branded.toEqualTypeOf<T.ReplicasInput>();
  expectTypeOf<Out<typeof S.Replicas>>().branded.toEqualTypeOf<T.Replicas>();
  expectTypeOf<In<typeof S.Scaling>>().branded.toEqualTypeOf<T.ScalingInput>();
  expectTypeOf<Out<typeof S.Scaling>>().branded.toEqualTypeOf<T.Scaling>();
  expectTypeOf<In<typeof S.MissingMetrics>>().branded.toEqualTypeOf<T.MissingMetricsInput>();
  expectTypeOf<Out<typeof S.MissingMetrics>>().branded.toEqualTypeOf<T.MissingMetrics>();
  expectTypeOf<In<typeof S.PinnedAtMaxAlert>>().branded.toEqualTypeOf<T.PinnedAtMaxAlertInput>();
  expectTypeOf<Out<typeof S.PinnedAtMaxAlert>>().branded.toEqualTypeOf<T.PinnedAtMaxAlert>();
  expectTypeOf<In<typeof S.MetricUnavailableAlert>>().branded.toEqualTypeOf<T.MetricUnavailableAlertInput>();
  expectTypeOf<Out<typeof S.MetricUnavailableAlert>>().branded.toEqualTypeOf<T.MetricUnavailableAlert>();
  expectTypeOf<In<typeof S.FlappingAlert>>().branded.toEqualTypeOf<T.FlappingAlertInput>();
  expectTypeOf<Out<typeof S.FlappingAlert>>().branded.toEqualTypeOf<T.FlappingAlert>();
  expectTypeOf<In<typeof S.Alerts>>().branded.toEqualTypeOf<T.AlertsInput>();
  expectTypeOf<Out<typeof S.Alerts>>().branded.toEqualTypeOf<T.Alerts>();
  expectTypeOf<In<typeof S.Dashboard>>().branded.toEqualTypeOf<T.DashboardInput>();
  expectTypeOf<Out<typeof S.Dashboard>>().branded.toEqualTypeOf<T.Dashboard>();
  expectTypeOf<In<typeof S.Workload>>().branded.toEqualTypeOf<T.WorkloadInput>();
  expectTypeOf<Out<typeof S.Workload>>().branded.toEqualTypeOf<T.Workload>();
  expectTypeOf<In<typeof S.Monitoring>>().branded.toEqualTypeOf<T.MonitoringInput>();
  expectTypeOf<Out<typeof S.Monitoring>>().branded.toEqualTypeOf<T.Monitoring>();

  expectTypeOf<In<typeof S.ScalingPolicyRule>>().branded.toEqualTypeOf<T.ScalingPolicyRuleInput>();
  expectTypeOf<Out<typeof S.ScalingPolicyRule>>().branded.toEqualTypeOf<T.ScalingPolicyRule>();
  expectTypeOf<In<typeof S.ScalingRules>>().branded.toEqualTypeOf<T.ScalingRulesInput>();
  expectTypeOf<Out<typeof S.ScalingRules>>().branded.toEqualTypeOf<T.ScalingRules>();

  expectTypeOf<In<typeof S.MetricSchema>>().branded.toEqualTypeOf<T.MetricInput>();
  expectTypeOf<Out<typeof S.MetricSchema>>().branded.toEqualTypeOf<T.Metric>();
  expectTypeOf<keyof typeof S.METRIC_KINDS>().branded.toEqualTypeOf<T.MetricKind>();
  expectTypeOf<In<typeof S.CpuMetric>>().branded.toEqualTypeOf<T.ResourceMetricInput>();
  expectTypeOf<Out<typeof S.CpuMetric>>().branded.toEqualTypeOf<T.ResourceMetricFields>();
  expectTypeOf<In<typeof S.MemoryMetric>>().branded.toEqualTypeOf<T.ResourceMetricInput>();
  expectTypeOf<In<typeof S.RequestRateMetric>>().branded.toEqualTypeOf<T.RequestRateMetricInput>();
  expectTypeOf<In<typeof S.InFlightMetric>>().branded.toEqualTypeOf<T.InFlightMetricInput>();
  expectTypeOf<In<typeof S.QueueMetric>>().branded.toEqualTypeOf<T.QueueMetricInput>();
  expectTypeOf<In<typeof S.ReplicasRequiredMetric>>().branded.toEqualTypeOf<T.ReplicasRequiredMetricInput>();
  expectTypeOf<In<typeof S.PrometheusQueryMetric>>().branded.toEqualTypeOf<T.PrometheusQueryMetricInput>();
  expectTypeOf<In<typeof S.PodsMetric>>().branded.toEqualTypeOf<T.PodsMetricInput>();
  expectTypeOf<In<typeof S.ExternalMetric>>().branded.toEqualTypeOf<T.ExternalMetricInput>();
  expectTypeOf<In<typeof S.ObjectMetric>>().branded.toEqualTypeOf<T.ObjectMetricInput>();
  expectTypeOf<In<typeof S.WorkloadRatioMetric>>().branded.toEqualTypeOf<T.WorkloadRatioMetricInput>();
  expectTypeOf<In<typeof S.ScheduleMetric>>().branded.toEqualTypeOf<T.ScheduleMetricInput>();
  expectTypeOf<In<typeof S.KedaMetric>>().branded.toEqualTypeOf<T.KedaMetricInput>();
  expectTypeOf<Out<typeof S.KedaMetric>>().branded.toEqualTypeOf<Omit<T.KedaMetric, "kind">>();

  expectTypeOf<In<typeof S.MetricSources>>().branded.toEqualTypeOf<T.MetricSourcesInput>();
  expectTypeOf<Out<typeof S.MetricSources>>().branded.toEqualTypeOf<T.MetricSources>();
  expectTypeOf<In<typeof S.PrometheusSource>>().branded.toEqualTypeOf<T.PrometheusSourceInput>();
  expectTypeOf<Out<typeof S.PrometheusSource>>().branded.toEqualTypeOf<T.PrometheusSource>();
  expectTypeOf<In<typeof S.PrometheusAuth>>().branded.toEqualTypeOf<T.PrometheusAuthInput>();
  expectTypeOf<Out<typeof S.PrometheusAuth>>().branded.toEqualTypeOf<T.PrometheusAuth>();
  expectTypeOf<In<typeof S.PrometheusAdapterRule>>().branded.toEqualTypeOf<T.PrometheusAdapterRuleInput>();
  expectTypeOf<Out<typeof S.PrometheusAdapterRule>>().branded.toEqualTypeOf<T.PrometheusAdapterRule>();
  expectTypeOf<In<typeof S.SecretKeyRef>>().branded.toEqualTypeOf<T.SecretKeyRefInput>();
  expectTypeOf<Out<typeof S.SecretKeyRef>>().branded.toEqualTypeOf<T.SecretKeyRef>();
  expectTypeOf<In<typeof S.CloudWatchSource>>().branded.toEqualTypeOf<T.CloudWatchSourceInput>();
  expectTypeOf<Out<typeof S.CloudWatchSource>>().branded.toEqualTypeOf<T.CloudWatchSource>();
  expectTypeOf<In<typeof S.AzureMonitorSource>>().branded.toEqualTypeOf<T.AzureMonitorSourceInput>();
  expectTypeOf<Out<typeof S.AzureMonitorSource>>().branded.toEqualTypeOf<T.AzureMonitorSource>();
  expectTypeOf<In<typeof S.AlbSource>>().branded.toEqualTypeOf<T.AlbSourceInput>();
  expectTypeOf<Out<typeof S.AlbSource>>().branded.toEqualTypeOf<T.AlbSource>();

  // event sources (src/sources) and their auth
  expectTypeOf<In<typeof S.SourceAuth>>().branded.toEqualTypeOf<T.SourceAuthInput>();
  expectTypeOf<Out<typeof S.SourceAuth>>().branded.toEqualTypeOf<T.SourceAuth>();
  expectTypeOf<In<typeof S.PodIdentity>>().branded.toEqualTypeOf<T.PodIdentityInput>();
  expectTypeOf<In<typeof S.SourceSecret>>().branded.toEqualTypeOf<T.SourceSecretInput>();
  expectTypeOf<In<typeof S.SqsSource>>().branded.toEqualTypeOf<T.SqsSourceInput>();
  expectTypeOf<Out<typeof S.SqsSource>>().branded.toEqualTypeOf<T.SqsSource>();
  expectTypeOf<In<typeof S.PubSubSource>>().branded.toEqualTypeOf<T.PubSubSourceInput>();
  expectTypeOf<Out<typeof S.PubSubSource>>().branded.toEqualTypeOf<T.PubSubSource>();
  expectTypeOf<In<typeof S.CloudMonitoringSource>>().branded.toEqualTypeOf<T.CloudMonitoringSourceInput>();
  expectTypeOf<Out<typeof S.CloudMonitoringSource>>().branded.toEqualTypeOf<T.CloudMonitoringSource>();
  expectTypeOf<In<typeof S.KafkaSource>>().branded.toEqualTypeOf<T.KafkaSourceInput>();
  expectTypeOf<Out<typeof S.KafkaSource>>().branded.toEqualTypeOf<T.KafkaSource>();
  expectTypeOf<In<typeof S.RabbitMqSource>>().branded.toEqualTypeOf<T.RabbitMqSourceInput>();
  expectTypeOf<Out<typeof S.RabbitMqSource>>().branded.toEqualTypeOf<T.RabbitMqSource>();
  expectTypeOf<In<typeof S.RedisListSource>>().branded.toEqualTypeOf<T.RedisListSourceInput>();
  expectTypeOf<Out<typeof S.RedisListSource>>().branded.toEqualTypeOf<T.RedisListSource>();
  expectTypeOf<In<typeof S.RedisStreamSource>>().branded.toEqualTypeOf<T.RedisStreamSourceInput>();
  expectTypeOf<Out<typeof S.RedisStreamSource>>().branded.toEqualTypeOf<T.RedisStreamSource>();
  expectTypeOf<In<typeof S.AzureQueueSource>>().branded.toEqualTypeOf<T.AzureQueueSourceInput>();
  expectTypeOf<Out<typeof S.AzureQueueSource>>().branded.toEqualTypeOf<T.AzureQueueSource>();
  expectTypeOf<In<typeof S.ServiceBusSource>>().branded.toEqualTypeOf<T.ServiceBusSourceInput>();
  expectTypeOf<Out<typeof S.ServiceBusSource>>().branded.toEqualTypeOf<T.ServiceBusSource>();

  expectTypeOf<In<typeof S.KubernetesOptions>>().branded.toEqualTypeOf<T.KubernetesOptionsInput>();
  expectTypeOf<Out<typeof S.KubernetesOptions>>().branded.toEqualTypeOf<T.KubernetesOptions>();
  expectTypeOf<In<typeof S.EcsOptions>>().branded.toEqualTypeOf<T.EcsOptionsInput>();
  expectTypeOf<Out<typeof S.EcsOptions>>().branded.toEqualTypeOf<T.EcsOptions>();
  expectTypeOf<In<typeof S.EcsScheduledAction>>().branded.toEqualTypeOf<T.EcsScheduledActionInput>();
  expectTypeOf<Out<typeof S.EcsScheduledAction>>().branded.toEqualTypeOf<T.EcsScheduledAction>();
  expectTypeOf<In<typeof S.EcsStopStart>>().branded.toEqualTypeOf<T.EcsStopStartInput>();
  expectTypeOf<Out<typeof S.EcsStopStart>>().branded.toEqualTypeOf<T.EcsStopStart>();
  expectTypeOf<In<typeof S.ContainerAppsOptions>>().branded.toEqualTypeOf<T.ContainerAppsOptionsInput>();
  expectTypeOf<Out<typeof S.ContainerAppsOptions>>().branded.toEqualTypeOf<T.ContainerAppsOptions>();
  expectTypeOf<In<typeof S.ContainerAppsRuleOptions>>().branded.toEqualTypeOf<T.ContainerAppsRuleOptionsInput>();
  expectTypeOf<Out<typeof S.ContainerAppsRuleOptions>>().branded.toEqualTypeOf<T.ContainerAppsRuleOptions>();
  expectTypeOf<In<typeof S.ScaleRuleAuthRef>>().branded.toEqualTypeOf<T.ScaleRuleAuthRefInput>();
  expectTypeOf<Out<typeof S.ScaleRuleAuthRef>>().branded.toEqualTypeOf<T.ScaleRuleAuthRef>();
  expectTypeOf<In<typeof S.CloudRunOptions>>().branded.toEqualTypeOf<T.CloudRunOptionsInput>();
  expectTypeOf<Out<typeof S.CloudRunOptions>>().branded.toEqualTypeOf<T.CloudRunOptions>();

  expectTypeOf<In<typeof S.Vertical>>().branded.toEqualTypeOf<T.VerticalInput>();
  expectTypeOf<Out<typeof S.Vertical>>().branded.toEqualTypeOf<T.Vertical>();
  expectTypeOf<In<typeof S.VerticalContainerPolicy>>().branded.toEqualTypeOf<T.VerticalContainerPolicyInput>();
  expectTypeOf<Out<typeof S.VerticalContainerPolicy>>().branded.toEqualTypeOf<T.VerticalContainerPolicy>();

  // The named choices of src/types/choices.ts that the interfaces write inline (used by the provider's union-free args)
  expectTypeOf<NonNullable<T.InFlightMetricInput["protocol"]>>().toEqualTypeOf<T.InFlightProtocol>();
  expectTypeOf<NonNullable<T.KedaMetricInput["metricType"]>>().toEqualTypeOf<T.PrometheusTargetType>();
  expectTypeOf<T.PodIdentityInput["provider"]>().toEqualTypeOf<T.PodIdentityProvider>();
  expectTypeOf<NonNullable<T.PodIdentityInput["identityOwner"]>>().toEqualTypeOf<T.PodIdentityOwner>();
  expectTypeOf<NonNullable<T.CloudMonitoringSourceInput["alignmentAligner"]>>().toEqualTypeOf<T.CloudMonitoringAligner>();
  expectTypeOf<NonNullable<T.CloudMonitoringSourceInput["alignmentReducer"]>>().toEqualTypeOf<T.CloudMonitoringReducer>();
  expectTypeOf<NonNullable<T.KafkaSourceInput["offsetResetPolicy"]>>().toEqualTypeOf<T.KafkaOffsetResetPolicy>();
  expectTypeOf<NonNullable<T.KafkaSourceInput["sasl"]>>().toEqualTypeOf<T.KafkaSasl>();
  expectTypeOf<NonNullable<T.KafkaSourceInput["saslTokenProvider"]>>().toEqualTypeOf<T.KafkaSaslTokenProvider>();
  expectTypeOf<NonNullable<T.RabbitMqSourceInput["protocol"]>>().toEqualTypeOf<T.RabbitMqProtocol>();
  expectTypeOf<T.RedisStreamSourceInput["mode"]>().toEqualTypeOf<T.RedisStreamMode>();
  expectTypeOf<NonNullable<T.AzureQueueSourceInput["queueLengthStrategy"]>>().toEqualTypeOf<T.AzureQueueLengthStrategy>();

  // Negative control: the comparison catches every kind of disagreement.
  // @ts-expect-error a schema field missing from the interface
  expectTypeOf<In<typeof S.ScalingPolicy>>().branded.toEqualTypeOf<Omit<T.ScalingPolicyInput, "alerts">>();
  // @ts-expect-error an interface field the schema does not have
  expectTypeOf<In<typeof S.ScalingPolicy>>().branded.toEqualTypeOf<T.ScalingPolicyInput & { extra?: string }>();
  // @ts-expect-error a defaulted field left optional in the parsed form
  expectTypeOf<Out<typeof S.ScalingPolicy>>().branded.toEqualTypeOf<Omit<T.ScalingPolicy, "namespace"> & { namespace?: string }>();
  // @ts-expect-error a nested field of another type (a duration as written instead of seconds)
  expectTypeOf<Out<typeof S.ScalingRules>>().branded.toEqualTypeOf<Omit<T.ScalingRules, "stabilization"> & { stabilization?: string | number }>();
  // @ts-expect-error a string choice with one value too many
  expectTypeOf<In<typeof S.Monitoring>>().branded.toEqualTypeOf<Omit<T.MonitoringInput, "scheme"> & { scheme?: "http" | "https" | "ftp" }>();
  // @ts-expect-error a free string narrowed to the known choices (workload kinds beyond the known ones are allowed)
  expectTypeOf<In<typeof S.Workload>>().branded.toEqualTypeOf<Omit<T.WorkloadInput, "kind"> & { kind?: T.WorkloadKind }>();
  // @ts-expect-error a metric kind missing from the parsed union
  expectTypeOf<Out<typeof S.MetricSchema>>().branded.toEqualTypeOf<Exclude<T.Metric, T.ScheduleMetric>>();
  // @ts-expect-error the input compared with the parsed form
  expectTypeOf<In<typeof S.ScalingPolicy>>().branded.toEqualTypeOf<T.ScalingPolicy>();
}
