import { workloadRef } from "../../policy/policy";
import type { ScalingPolicy } from "../../types";
import { numberString, promDuration } from "../../policy/units";
import type { Diagnostic } from "../types";
import { sortedMap } from "../output-values";
import type { Manifest } from "./compile";
import type { MetricPlan } from "./metrics";

/**
 * PaaSTA-style "pinned at max" alert (paasta-autoscaling.md, "max_instances alerting"): fires only when
 * the HPA is at maxReplicas **and** the load per replica is above the alert threshold (default: the
 * target). Unlike kube-prometheus' KubeHpaMaxedOut it stays silent when the HPA is satisfied at max
 * and is not generated when min == max (kubernetes-sigs/kubernetes-mixin#1193).
 * Reads kube-state-metrics' HPA series; load expressions come from each metric's source.
 */
export function pinnedAtMaxRule(policy: ScalingPolicy, plans: MetricPlan[], hpaName: string, warnings: Diagnostic[]): Manifest | undefined {
  const scaling = policy.scaling!;
  const alert = policy.alerts!.pinnedAtMax!;
  const { min, max } = scaling.replicas;
  if (min === max) {
    warnings.push({ severity: "info", code: "alert_min_equals_max", path: ["alerts", "pinnedAtMax"], message: `not generated: replicas.min == replicas.max (${max}), the service is always at max` });
    return undefined;
  }
  const ctx = { namespace: policy.namespace, podRegex: podNameRegex(workloadRef(policy)) };
  const conditions: string[] = [];
  for (const p of plans) {
    const load = p.load?.(ctx);
    if (!load) {
      warnings.push({
        severity: "info",
        code: "alert_metric_skipped",
        path: ["scaling", "metrics", p.index, p.metric.kind],
        message: `has no load expression polyscale can derive; the pinned-at-max alert ignores it`,
      });
      continue;
    }
    const threshold = numberString(load.perReplicaTarget * alert.threshold);
    // Load expressions are instant vectors (KEDA queries are sent as one: promql-shape.ts), as `and on()` needs.
    conditions.push(load.valueTarget ? `${load.total} > ${threshold}` : `${load.total} / ${max} > ${threshold}`);
  }
  if (conditions.length === 0) {
    warnings.push({ severity: "warning", code: "alert_no_load", path: ["alerts", "pinnedAtMax"], message: "not generated: no metric has a load expression (pods/external/object/schedule/workloadRatio metrics only)" });
    return undefined;
  }
  const hpaSel = `namespace="${policy.namespace}",horizontalpodautoscaler="${hpaName}"`;
  const atMax =
    `kube_horizontalpodautoscaler_status_current_replicas{${hpaSel}}\n` +
    `  >= on(namespace, horizontalpodautoscaler)\n` +
    `kube_horizontalpodautoscaler_spec_max_replicas{${hpaSel}}`;
  const expr = `(\n${atMax}\n)\nand on() (\n  ${conditions.map((c) => `(${c})`).join("\n  or\n  ")}\n)`;
  const alertName = `${alertStem(policy.service)}PinnedAtMaxReplicas`;
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: prometheusRuleMetadata(policy),
    spec: {
      groups: [
        {
          name: `${policy.service}.autoscaling`,
          rules: [
            {
              alert: alertName,
              expr,
              for: promDuration(alert.for),
              labels: { severity: alert.severity, service: policy.service },
              annotations: {
                summary: `${policy.service} is pinned at its maximum of ${max} replicas while load stays above target`,
                description:
                  `The autoscaler ${hpaName} in ${policy.namespace} has been at maxReplicas (${max}) for ${promDuration(alert.for)} ` +
                  `and the load per replica is above ${numberString(alert.threshold * 100)} % of its target. Raise replicas.max or add capacity.`,
              },
            },
          ],
        },
      ],
    },
  };
}

/** The service's PrometheusRule: `<service>-autoscaling`, with `monitoring.labels` (e.g. the Prometheus' ruleSelector). */
export function prometheusRuleMetadata(policy: ScalingPolicy): Manifest["metadata"] {
  return {
    name: `${policy.service}-autoscaling`,
    namespace: policy.namespace,
    ...(policy.monitoring?.labels ? { labels: sortedMap(policy.monitoring.labels) } : {}),
  };
}

/**
 * The names of the workload's own pods (PromQL regexes are fully anchored). `<name>-.*` would also match
 * another workload whose name starts with `<name>-` (e.g. `api` and `api-gateway`) and add its load.
 * Deployment/Rollout pods are `<name>-<pod-template-hash>-<suffix>`, StatefulSet pods `<name>-<ordinal>`,
 * ReplicaSet pods `<name>-<suffix>`. The pods of any other kind (an operator's resource) are named by its
 * controller, so they are matched as `<name>-<anything>`.
 */
export function podNameRegex(target: { kind: string; name: string }): string {
  // A DNS-1123 subdomain: its only regex metacharacter is '.', escaped (PromQL string: `\\.`).
  const name = target.name.replace(/\./g, "\\\\.");
  switch (target.kind) {
    case "StatefulSet":
      return `${name}-[0-9]+`;
    case "ReplicaSet":
      return `${name}-[a-z0-9]+`;
    case "Deployment":
    case "Rollout":
      return `${name}-[a-z0-9]+-[a-z0-9]+`;
    default:
      return `${name}-.+`;
  }
}

/** `rider-api` → `RiderApi`; empty segments (`a--b`) are skipped. */
export function alertStem(service: string): string {
  return service.split("-").filter((w) => w !== "").map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}
