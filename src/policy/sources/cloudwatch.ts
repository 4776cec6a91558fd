import { z } from "zod";

/**
 * A CloudWatch metric for ECS target tracking (`CustomizedMetricSpecification`).
 * Statistic per the Application Auto Scaling API model `MetricStatistic` enum (no percentiles).
 */
export const CloudWatchSource = z.strictObject({
  namespace: z.string().min(1).max(255),
  metricName: z.string().min(1).max(255),
  /** Dimension name (1..255) to value (1..1024), per the API model's `TargetTrackingMetricDimension`. */
  dimensions: z.record(z.string().min(1).max(255), z.string().min(1).max(1024)).optional(),
  /**
   * More metrics of the same namespace and dimensions, added to `metricName` with metric math
   * (e.g. `metricName: JobsActive`, `sumWith: [JobsWaiting]` for active + waiting jobs).
   */
  sumWith: z.array(z.string().min(1).max(255)).min(1).optional(),
  statistic: z.enum(["Average", "Minimum", "Maximum", "SampleCount", "Sum"]).default("Average"),
  unit: z.string().min(1).optional(),
  /**
   * True when the metric is already a per-task value (e.g. `JobsPerWorker`). When false, the
   * ECS target divides it by the service's running task count with metric math.
   * @default true
   */
  perReplica: z.boolean().default(true),
});
export type CloudWatchSource = z.infer<typeof CloudWatchSource>;
