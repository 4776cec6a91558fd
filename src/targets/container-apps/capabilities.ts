import type { Metric, MetricKind } from "../../types";
import type { Capabilities } from "../types";

/** Default rule name stem per metric kind (`<slug>-scaling`). */
export const SLUG: Record<MetricKind, string> = {
  cpu: "cpu",
  memory: "memory",
  requestRate: "http",
  inFlight: "http",
  queue: "queue",
  replicasRequired: "replicas-required",
  prometheus: "prometheus",
  pods: "pods",
  external: "external",
  object: "object",
  workloadRatio: "workload-ratio",
  schedule: "cron",
  keda: "keda",
};

/** The rule name stem of a metric: its kind's slug, `tcp` for an inFlight metric over TCP. */
export function ruleSlug(m: Metric): string {
  if (m.kind === "keda") return m.type;
  return m.kind === "inFlight" && m.protocol === "tcp" ? "tcp" : SLUG[m.kind];
}

export const AZURE_SOURCE = "an `azureMonitor` source (KEDA azure-monitor rule), or a `prometheus` source with `query` and `serverAddress` (KEDA prometheus rule)";

export const capabilities: Capabilities = {
  cpu: { supported: true, via: "custom rule type cpu, metadata type Utilization (`utilization` only; cannot scale to 0)" },
  memory: { supported: true, via: "custom rule type memory, metadata type Utilization (`utilization` only; cannot scale to 0)" },
  requestRate: { supported: true, via: "http rule, concurrentRequests = requests per second per replica (the platform counts requests over 15 s ÷ 15)" },
  inFlight: { supported: true, via: "http rule, concurrentRequests (the platform measures requests over 15 s ÷ 15, not true in-flight requests); `protocol: tcp`: tcp rule, concurrentConnections" },
  queue: { supported: true, via: "custom rule azure-monitor (`azureMonitor` source) or prometheus (`prometheus` source with `query`), or an event source's rule (`from.<source>`: azureQueue or a custom KEDA rule, rows below)" },
  replicasRequired: { supported: true, via: "custom rule azure-monitor or prometheus with target 1 / (1 + buffer)" },
  prometheus: { supported: true, via: "custom rule type prometheus (serverAddress, query, threshold; AverageValue only)" },
  pods: { supported: false, alternative: "a Kubernetes custom metric; publish it to Azure Monitor and use a `queue` metric with an `azureMonitor` source, or a `prometheus` metric with a reachable serverAddress" },
  external: { supported: false, alternative: "a Kubernetes external metric; use the KEDA scaler it comes from as a `queue` metric with an `azureMonitor` source, or a `prometheus` metric" },
  object: { supported: false, alternative: "a Kubernetes object metric; publish it to Azure Monitor and use a `queue` metric with an `azureMonitor` source" },
  workloadRatio: { supported: false, alternative: "scale this app on the followed app's own metric (the same `azureMonitor` or http rule, with the target multiplied by `podsPerReplica`); KEDA kubernetes-workload needs a Kubernetes cluster" },
  schedule: { supported: true, via: "custom rule type cron (timezone, start, end, desiredReplicas)" },
  keda: { supported: true, via: "custom rule of the scaler's type; `auth.secret.parameters` as rule auth[] (Container App secrets), `auth.managedIdentity` as rule identity on azure-queue, azure-servicebus and azure-eventhub only (microsoft/azure-container-apps#1786; azure-monitor #1582)" },
};
