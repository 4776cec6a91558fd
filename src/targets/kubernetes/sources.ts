/**
 * A metric read from an event source (`from.<key>` of a registered module, src/sources/registry.ts) or from
 * `from.cloudWatch`: a KEDA trigger (the HPA cannot read it), plus the source's auth for ./auth.ts.
 */
import type { Metric, ScalingPolicy } from "../../types";
import { chooseSource, noMappingMessage, readsFrom } from "../../sources/target";
import { azureMonitorPlan } from "./azure-monitor";
import { cloudWatchTrigger } from "./cloudwatch";
import type { MetricPlan } from "./metrics";
import type { Diagnostic } from "../types";

/** The plan of a metric whose `from` has an event source (and no `prometheus`), else undefined. */
export function eventSourcePlan(index: number, metric: Metric, policy: ScalingPolicy): MetricPlan | undefined {
  if (!readsFrom(metric) || !metric.from || metric.from.prometheus) return undefined;
  const chosen = chooseSource(policy, metric, index, (mod) => mod.kubernetes);
  const cloudWatch = metric.from.cloudWatch;
  if (chosen === undefined || "refused" in chosen) {
    if (cloudWatch) return withUnused(cloudWatchTrigger(index, metric, policy, cloudWatch), "cloudWatch", ["azureMonitor"]);
    if (metric.from.azureMonitor) return azureMonitorPlan(index, metric, policy, metric.from.azureMonitor);
    if (chosen === undefined) return undefined;
    const why = noMappingMessage("kubernetes", chosen.refused);
    return { index, metric, hpaBlocker: why, kedaBlocker: why, issues: [] };
  }
  const { module: mod, mapped, target } = chosen;
  const plan: MetricPlan = {
    index,
    metric,
    hpaBlocker: `is read from the ${mod.title} (from.${mod.key}) by a KEDA scaler`,
    issues: [...(mapped.issues ?? [])],
    warnings: [...(mapped.warnings ?? [])],
  };
  for (const other of chosen.unused) plan.warnings!.push(sourceChoice(plan, other.key, mod.key));
  withUnused(plan, mod.key, ["cloudWatch", "azureMonitor"]);
  if (mapped.value && !mapped.issues?.length) {
    plan.keda = { type: mapped.value.type, ...(mapped.value.metricType ? { metricType: mapped.value.metricType } : {}), metadata: { ...mapped.value.metadata } };
    plan.hpaBlocker = `is read from the ${mod.title} (from.${mod.key}) by KEDA's ${mapped.value.type} scaler`;
    const auth = mod.auth?.(chosen.value);
    if (auth) plan.sourceAuth = { key: mod.key, auth, credentialParameters: mod.credentialParameters, path: target.path };
  }
  return plan;
}

function sourceChoice(plan: MetricPlan, unused: string, used: string): Diagnostic {
  return { severity: "info", code: "kubernetes_source_choice", path: ["scaling", "metrics", plan.index, plan.metric.kind, "from", unused], message: `not used on kubernetes: the ${used} source of this metric is used instead` };
}

/** An info for each of `others` the metric also gives but Kubernetes does not read (the platform reads one source). */
function withUnused(plan: MetricPlan, used: string, others: readonly ("cloudWatch" | "azureMonitor")[]): MetricPlan {
  const from = (plan.metric as { from?: Record<string, unknown> }).from ?? {};
  const infos = others.filter((k) => from[k] !== undefined).map((k) => sourceChoice(plan, k, used));
  if (infos.length > 0) plan.warnings = [...(plan.warnings ?? []), ...infos];
  return plan;
}
