/**
 * The workload model: how offered load becomes per-replica metric readings, and how long a new
 * replica takes to serve. Nothing here is scripted per scenario: a CPU-light, I/O-bound service
 * (the rider-api seed) shows low CPU while its request rate per replica climbs because CPU is
 * computed from `cpuPerRequest`, not from the request rate's target.
 */
import type { Metric } from "../types";
import { quantityValue } from "../policy/units";
import { simSchedule, type SimSchedule } from "./schedule";
import { kedaSimTarget } from "./keda-kind";
import type { TraceSample } from "./trace";
import type { Reading } from "./types";

export interface WorkloadModel {
  /**
   * Seconds a new replica spends Pending: scheduling and image pull. Default 3 s (the seed's optimized
   * timeline: scheduling 2 s + cached image pull 1 s).
   */
  pendingSeconds: number;
  /**
   * Seconds from Running to Ready: process start, app init and readiness probe. Default 19 s (the seed's
   * optimized JVM 6 s + Spring 3 s + readiness probe 10 s). The seed's worst case is 50 s + 50 s.
   */
  startupSeconds: number;
  /** CPU request per replica in cores (the denominator of CPU utilization). Default 1 (1000m). */
  cpuRequest: number;
  /** CPU a replica burns with no traffic, cores. Default 0. */
  idleCpu: number;
  /** CPU seconds per request, as the metrics pipeline sees it (a trace's `cpuPerRequest` column overrides it). Default 0.001. */
  cpuPerRequest: number;
  /** Memory request per replica, bytes. Default 512Mi. */
  memoryRequest: number;
  /** Memory a replica holds with no traffic, bytes. Default 256Mi. */
  idleMemory: number;
  /** Memory per request in flight, bytes. Default 1Mi. */
  memoryPerInFlight: number;
  /** Mean request latency in seconds, for in-flight requests when the trace has no `inFlight` (Little's law). Default 0.055 (the seed's 55 ms). */
  latencySeconds: number;
  /**
   * Averaging window of metric readings in seconds (a Prometheus `rate()` window, CloudWatch's 1-minute
   * datapoint...). Default: per metric, see `metricWindow`.
   */
  metricWindow?: number;
}

export const DEFAULT_MODEL: WorkloadModel = {
  pendingSeconds: 3,
  startupSeconds: 19,
  cpuRequest: 1,
  idleCpu: 0,
  cpuPerRequest: 0.001,
  memoryRequest: 512 * 2 ** 20,
  idleMemory: 256 * 2 ** 20,
  memoryPerInFlight: 2 ** 20,
  latencySeconds: 0.055,
};

/** How an autoscaler reads a metric. */
export type HpaMetricType = "Resource" | "Pods" | "External" | "Object";
export type TargetType = "Utilization" | "AverageValue" | "Value";

/** A policy metric as the simulator reads it. */
export interface SimMetric {
  /** Position of the metric in the policy's `scaling.metrics`. */
  index: number;
  /**
   * Position among the simulated metrics (`StepContext.metrics`, `readings`, `podReading`, the timeline's
   * `perReplica`): differs from `index` when an earlier policy metric is not replayed (schedule).
   * `simMetrics` always sets it; absent, it is `index`.
   */
  slot?: number;
  kind: Metric["kind"];
  /** Label for messages and charts: `requestRate`, `cpu`, `prometheus:queue_depth`... */
  label: string;
  /** The name the HPA uses in events: "pods metric http_requests_per_second", "cpu resource utilization (percentage of request)". */
  hpaName: string;
  hpaType: HpaMetricType;
  targetType: TargetType;
  resource?: "cpu" | "memory";
  /** Target per replica (AverageValue, Utilization in percent) or for the whole service (Value), in the metric's unit. */
  target: number;
  /** Unit for display. */
  unit: string;
  /** KEDA activation: active only when the total is above it. */
  activation?: number;
  /** Smoothing window in seconds. */
  window: number;
  /**
   * The metric at one instant, written into `out` (the caller's, reused from step to step) and returned:
   * `perReplica` (per ready replica, in the target's unit) and `total` (whole service); `null` when it
   * cannot be read.
   */
  read(sample: TraceSample, ready: number, model: WorkloadModel, out: Reading): Reading | null;
}

/** Write a metric's value into the caller's `out` and return it (`SimMetric.read` allocates nothing). */
function put(out: Reading, perReplica: number, total: number): Reading {
  out.perReplica = perReplica;
  out.total = total;
  return out;
}

const inFlightOf = (s: TraceSample, m: WorkloadModel) => s.inFlight ?? (s.rps ?? 0) * m.latencySeconds;
/** A total read from the source's column when the sample has it (null there = failed read), else from `fallback`. */
function sourceTotal(s: TraceSample, column: string | undefined, fallback: number | undefined): number | null {
  if (column !== undefined && s.values !== undefined && column in s.values) return s.values[column] ?? null;
  return fallback ?? null;
}

const per = (total: number, ready: number) => (ready > 0 ? total / ready : total > 0 ? Number.POSITIVE_INFINITY : 0);

/** The default smoothing window of a metric: the `rate()` window of a Prometheus series (2m), 30 s for CPU (cAdvisor), else 0. */
export function metricWindow(metric: Metric, model: WorkloadModel): number {
  if (model.metricWindow !== undefined) return model.metricWindow;
  switch (metric.kind) {
    case "requestRate":
      return metric.from.prometheus?.series ? (metric.from.prometheus.rateWindow ?? 120) : 60;
    case "cpu":
      return 30;
    default:
      return 0;
  }
}

/**
 * The simulator's view of each policy metric. `schedule` metrics are returned apart in `schedules` when the
 * run has a wall clock (`wallClock: true`, the `startTime` option), else as a warning in `skipped`.
 */
export function simMetrics(
  metrics: readonly Metric[],
  model: WorkloadModel,
  opts: {
    wallClock?: boolean;
    /** By metric index: the trace column of the event source the platform reads (`eventSourceColumns`); else the kind's own. */
    sourceColumns?: ReadonlyArray<string | undefined>;
  } = {},
): { metrics: SimMetric[]; skipped: string[]; schedules: SimSchedule[] } {
  const out: SimMetric[] = [];
  const skipped: string[] = [];
  const schedules: SimSchedule[] = [];
  metrics.forEach((m, index) => {
    const window = metricWindow(m, model);
    switch (m.kind) {
      case "cpu":
      case "memory": {
        const resource = m.kind;
        const usagePerReplica = (s: TraceSample, ready: number, md: WorkloadModel) =>
          resource === "cpu"
            ? md.idleCpu + per(s.rps ?? 0, ready) * (s.cpuPerRequest ?? md.cpuPerRequest)
            : md.idleMemory + per(inFlightOf(s, md), ready) * md.memoryPerInFlight;
        if (m.utilization !== undefined) {
          out.push({
            index, slot: out.length, kind: m.kind, label: m.kind, hpaName: `${resource} resource utilization (percentage of request)`, hpaType: "Resource", targetType: "Utilization",
            resource, target: m.utilization, unit: "%", window,
            read: (s, ready, md, o) => {
              const u = usagePerReplica(s, ready, md);
              const req = resource === "cpu" ? md.cpuRequest : md.memoryRequest;
              return put(o, (u / req) * 100, (u / req) * 100 * ready);
            },
          });
        } else {
          const target = quantityValue(m.averageValue!) ?? 0;
          out.push({
            index, slot: out.length, kind: m.kind, label: m.kind, hpaName: `${resource} resource`, hpaType: "Resource", targetType: "AverageValue",
            resource, target, unit: resource === "cpu" ? "cores" : "bytes", window,
            read: (s, ready, md, o) => {
              const u = usagePerReplica(s, ready, md);
              return put(o, u, u * ready);
            },
          });
        }
        return;
      }
      case "requestRate": {
        const series = m.from.prometheus?.series;
        out.push({
          index, slot: out.length, kind: m.kind, label: "requestRate", hpaName: series ? `pods metric ${series.replace(/_seconds_count$|_total$|_count$/, "")}_per_second` : "external metric request rate",
          hpaType: series ? "Pods" : "External", targetType: "AverageValue", target: m.perReplica, unit: "rps", window,
          read: (s, ready, _md, o) => put(o, per(s.rps ?? 0, ready), s.rps ?? 0),
        });
        return;
      }
      case "inFlight": {
        const series = m.from?.prometheus?.series;
        out.push({
          index, slot: out.length, kind: m.kind, label: "inFlight", hpaName: series ? `pods metric ${series}` : "external metric in-flight requests",
          hpaType: series ? "Pods" : "External", targetType: "AverageValue", target: m.perReplica, unit: "requests", window,
          read: (s, ready, md, o) => put(o, per(inFlightOf(s, md), ready), inFlightOf(s, md)),
        });
        return;
      }
      case "queue": {
        const column = opts.sourceColumns?.[index];
        out.push({
          index, slot: out.length, kind: m.kind, label: "queue", hpaName: "external metric queue jobs", hpaType: "External", targetType: "AverageValue",
          target: m.jobsPerReplica, unit: "jobs", activation: m.activation ?? 0, window,
          read: (s, ready, _md, o) => {
            const total = sourceTotal(s, column, s.queue);
            return total === null ? null : put(o, per(total, ready), total);
          },
        });
        return;
      }
      case "replicasRequired": {
        const buffer = m.buffer;
        const column = opts.sourceColumns?.[index];
        out.push({
          index, slot: out.length, kind: m.kind, label: "replicasRequired", hpaName: "external metric replicas required", hpaType: "External", targetType: "AverageValue",
          target: 1, unit: "replicas", activation: 0, window,
          read: (s, ready, _md, o) => {
            const required = sourceTotal(s, column, s.replicasRequired);
            return required === null ? null : put(o, per(required * (1 + buffer), ready), required * (1 + buffer));
          },
        });
        return;
      }
      case "prometheus": {
        const name = m.metricName ?? "prometheus";
        out.push({
          index, slot: out.length, kind: m.kind, label: `prometheus:${name}`, hpaName: `external metric ${name}`, hpaType: "External", targetType: m.targetType,
          target: m.target, unit: "", activation: m.activationTarget ?? 0, window,
          read: (s, ready, _md, o) => valueOf(s, name, ready, o),
        });
        return;
      }
      case "pods":
        out.push({
          index, slot: out.length, kind: m.kind, label: `pods:${m.name}`, hpaName: `pods metric ${m.name}`, hpaType: "Pods", targetType: "AverageValue",
          target: m.averageValue, unit: "", window,
          read: (s, ready, _md, o) => valueOf(s, m.name, ready, o),
        });
        return;
      case "external":
      case "object":
        out.push({
          index, slot: out.length, kind: m.kind, label: `${m.kind}:${m.name}`, hpaName: `${m.kind} metric ${m.name}`, hpaType: m.kind === "external" ? "External" : "Object",
          targetType: m.value !== undefined ? "Value" : "AverageValue", target: (m.value ?? m.averageValue)!, unit: "", window,
          read: (s, ready, _md, o) => valueOf(s, m.name, ready, o),
        });
        return;
      case "workloadRatio":
        out.push({
          index, slot: out.length, kind: m.kind, label: "workloadRatio", hpaName: "external metric followed pods", hpaType: "External", targetType: "AverageValue",
          target: m.podsPerReplica, unit: "pods", activation: m.activation ?? 0, window,
          read: (s, ready, _md, o) => valueOf(s, "followedPods", ready, o),
        });
        return;
      case "schedule":
        if (opts.wallClock) schedules.push(simSchedule(m, index));
        else {
          skipped.push(
            `scaling.metrics[${index}] schedule: not replayed (the trace has no wall clock: pass --start, or the startTime option, with the ISO 8601 instant of t = 0, e.g. --start 2026-11-27T17:00:00Z); it only sets a floor of ${m.replicas} replicas in its window`,
          );
        }
        return;
      case "keda": {
        // Replayed from the trace column named after the scaler type, against the scaler's target parameter.
        const t = kedaSimTarget(m, index);
        if ("skipped" in t) skipped.push(t.skipped);
        else {
          out.push({
            index, slot: out.length, kind: m.kind, label: `keda:${m.type}`, hpaName: `external metric s${index}-${m.type}`, hpaType: "External", targetType: m.metricType ?? "AverageValue",
            target: t.target, unit: "", activation: t.activation, window,
            read: (s, ready, _md, o) => valueOf(s, m.type, ready, o),
          });
        }
        return;
      }
    }
  });
  return { metrics: out, skipped, schedules };
}

function valueOf(s: TraceSample, name: string, ready: number, out: Reading): Reading | null {
  const v = s.values?.[name];
  if (v === undefined || v === null) return null;
  return put(out, per(v, ready), v);
}
