import { z } from "zod";
import { duration, int32 } from "./units";
import { expected } from "./messages";
import { labels } from "./kubernetes-names";

const severity = () => z.string().min(1).default("warning");

export const PinnedAtMaxAlert = z.strictObject({
  /**
   * Per-replica load above which being at max is a problem, as a fraction of each metric's target
   * (PaaSTA `max_instances_alert_threshold`; 1 = the target itself). @default 1
   */
  threshold: z.number().positive().default(1),
  /** How long both conditions must hold. @default 15m */
  for: duration({ min: 0 }).default(900),
  severity: severity(),
});

/**
 * The autoscaler cannot read its metric (HPA condition `ScalingActive` false, KEDA scaler errors, the
 * tracked metric's alarm in INSUFFICIENT_DATA) for longer than `for`.
 */
export const MetricUnavailableAlert = z.strictObject({
  /** How long the metric must stay unreadable. @default 10m */
  for: duration({ min: 0, max: 86400 }).default(600),
  severity: severity(),
});

/** The replica count changes more than `maxScaleEvents` times within `window`. */
export const FlappingAlert = z.strictObject({
  /** Scale events (changes of the replica count) allowed within the window. @default 6 */
  maxScaleEvents: int32(1).default(6),
  /** @default 1h */
  window: duration({ min: 300, max: 86400 }).default(3600),
  severity: severity(),
});

/** Alerts on the service's scaling; each one is generated when it is written (`{}` takes every default). */
export const Alerts = z.strictObject({
  pinnedAtMax: PinnedAtMaxAlert.optional(),
  metricUnavailable: MetricUnavailableAlert.optional(),
  flapping: FlappingAlert.optional(),
});

const UID = /^[A-Za-z0-9_-]{1,40}$/;

/** A dashboard of the service's scaling, in the platform's own monitoring service (Grafana on Kubernetes). */
export const Dashboard = z.strictObject({
  /** @default "<service> autoscaling" */
  title: z.string().min(1).max(200).optional(),
  /**
   * Grafana dashboard uid (1..40 letters, digits, '-' or '_'); on ECS the CloudWatch dashboard's name.
   * @default derived from namespace and service (ECS: `<namePrefix>-autoscaling`)
   */
  uid: z.string().regex(UID, expected("1..40 letters, digits, '-' or '_' (a Grafana dashboard uid)")).optional(),
  /** Grafana folder the kube-prometheus-stack sidecar files the dashboard in (`grafana_folder` annotation). */
  folder: z.string().min(1).max(200).optional(),
  /** Extra labels on the dashboard's ConfigMap (besides the sidecar's `grafana_dashboard: "1"`). */
  labels: labels("label").optional(),
});

export type PinnedAtMaxAlert = z.infer<typeof PinnedAtMaxAlert>;
export type MetricUnavailableAlert = z.infer<typeof MetricUnavailableAlert>;
export type FlappingAlert = z.infer<typeof FlappingAlert>;
export type Alerts = z.infer<typeof Alerts>;
export type Dashboard = z.infer<typeof Dashboard>;
