import type { MetricOf } from "../../../types";
import { unsupportedMetric } from "../../types";
import { AZURE_SOURCE } from "../capabilities";
import { azureMonitorRule } from "./azure-monitor";
import { PLATFORM, mpath, type RuleBody, type RuleContext } from "./context";
import { prometheusSourceRule } from "./prometheus";

/**
 * A metric read from a `from` source (queue, replicasRequired) → the rule of the first source Container Apps can
 * read: `azureMonitor`, else `prometheus`. `target` is the per-replica value, `activation` KEDA's activation value.
 */
export function sourceRule(ctx: RuleContext, m: MetricOf<"queue"> | MetricOf<"replicasRequired">, i: number, target: number, activation: number | undefined): RuleBody | undefined {
  const from = m.from;
  if (from.azureMonitor) {
    if (from.prometheus) {
      ctx.warnings.push({ severity: "info", code: "container_apps_source_choice", path: mpath(i, m.kind, "from", "prometheus"), message: "not used on container-apps: the azureMonitor source of this metric is used instead" });
    }
    return azureMonitorRule(ctx, from.azureMonitor, mpath(i, m.kind, "from", "azureMonitor"), target, activation);
  }
  if (from.prometheus) return prometheusSourceRule(ctx, from.prometheus, mpath(i, m.kind, "from", "prometheus"), target, activation);
  const given = Object.entries(from).filter(([, v]) => v !== undefined).map(([k]) => k);
  ctx.issues.push(unsupportedMetric(PLATFORM, i, m.kind, `add ${AZURE_SOURCE}`, `only ${given.join(", ")} source${given.length > 1 ? "s" : ""} given; Container Apps reads Azure Monitor or Prometheus`));
  return undefined;
}
