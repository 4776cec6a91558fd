import { z } from "zod";
import { expected } from "../messages";
import { SourceAuth } from "../../sources/auth";

/**
 * CloudWatch names and values: printable ASCII with at least one non-blank character
 * (CloudWatch API_Metric / API_Dimension: "must contain only ASCII characters and must include at least
 * one non-whitespace character"); namespaces and dimension names do not start with ':'. Lengths from the
 * Application Auto Scaling model (TargetTrackingMetricNamespace / Name / DimensionName 1..255,
 * DimensionValue 1..1024). https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html
 */
const ASCII_RE = /^[\x20-\x7e]*[\x21-\x7e][\x20-\x7e]*$/;
const cwText = (max: number, what: string, noLeadingColon = false) =>
  z.string().min(1).max(max).refine((s) => ASCII_RE.test(s) && !(noLeadingColon && s.startsWith(":")), expected(`a CloudWatch ${what} (printable ASCII, not blank${noLeadingColon ? ", not starting with ':'" : ""}, at most ${max} characters)`));
/** CloudWatch allows at most 30 dimensions per metric. */
const MAX_DIMENSIONS = 30;

/**
 * A CloudWatch metric for ECS target tracking (`CustomizedMetricSpecification`).
 * Statistic per the Application Auto Scaling API model `MetricStatistic` enum (no percentiles).
 */
export const CloudWatchSource = z.strictObject({
  namespace: cwText(255, "namespace", true),
  metricName: cwText(255, "metric name"),
  /** Dimension name (1..255) to value (1..1024), per the API model's `TargetTrackingMetricDimension`. */
  dimensions: z
    .record(cwText(255, "dimension name", true), cwText(1024, "dimension value"))
    .refine((d) => Object.keys(d).length <= MAX_DIMENSIONS, expected(`at most ${MAX_DIMENSIONS} dimensions (CloudWatch limit)`))
    .optional(),
  /**
   * More metrics of the same namespace and dimensions, added to `metricName` with metric math
   * (e.g. `metricName: JobsActive`, `sumWith: [JobsWaiting]` for active + waiting jobs).
   */
  sumWith: z.array(cwText(255, "metric name")).min(1).optional(),
  statistic: z.enum(["Average", "Minimum", "Maximum", "SampleCount", "Sum"]).default("Average"),
  unit: cwText(1023, "unit").optional(),
  /**
   * True when the metric is already a per-task value (e.g. `JobsPerWorker`). When false, the
   * ECS target divides it by the service's running task count with metric math.
   * @default true
   */
  perReplica: z.boolean().default(true),
  /** The metric's AWS region: required on Kubernetes (KEDA aws-cloudwatch `awsRegion`); ECS reads its own region. */
  region: z.string().regex(/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/, expected('an AWS region like "eu-west-1"')).optional(),
  /** How KEDA authenticates to CloudWatch on Kubernetes (podIdentity aws, a secret, or an existing TriggerAuthentication); unused on ECS. */
  auth: SourceAuth.optional(),
});
export type CloudWatchSource = z.infer<typeof CloudWatchSource>;
