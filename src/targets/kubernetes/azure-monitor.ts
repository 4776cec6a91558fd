/**
 * `from.azureMonitor` on Kubernetes: KEDA's azure-monitor scaler (https://keda.sh/docs/2.18/scalers/azure-monitor/),
 * the trigger built by src/sources/azure-monitor.ts (shared with the Container Apps rule) and the source's auth.
 */
import type { AzureMonitorSource, Metric, ScalingPolicy } from "../../types";
import { AZURE_MONITOR_CREDENTIALS, azureMonitorTrigger } from "../../sources/azure-monitor";
import { sourceTarget } from "../../sources/target";
import type { MetricPlan } from "./metrics";

type FromMetric = Extract<Metric, { kind: "queue" | "replicasRequired" | "inFlight" | "requestRate" }>;

export function azureMonitorPlan(index: number, metric: FromMetric, policy: ScalingPolicy, s: AzureMonitorSource): MetricPlan {
  const t = sourceTarget(policy, metric, index, "azureMonitor");
  const mapped = azureMonitorTrigger(s, t);
  const plan: MetricPlan = { index, metric, hpaBlocker: "is read from Azure Monitor (from.azureMonitor) by KEDA's azure-monitor scaler", issues: [...(mapped.issues ?? [])] };
  if (mapped.value === undefined || plan.issues.length > 0) return plan;
  plan.keda = { type: mapped.value.type, metadata: mapped.value.metadata };
  plan.sourceAuth = { key: "azureMonitor", auth: s.auth!, credentialParameters: AZURE_MONITOR_CREDENTIALS, path: t.path };
  return plan;
}
