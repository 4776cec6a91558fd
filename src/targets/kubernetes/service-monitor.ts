import type { PolicyIssue } from "../../policy/errors";
import { isKnownWorkloadKind, type ResolvedWorkloadRef } from "../../policy/workload-ref";
import type { ScalingPolicy } from "../../types";
import { sortedMap } from "../output-values";
import type { Diagnostic } from "../types";
import type { Manifest } from "./compile";
import { appLabelIssue } from "./labels";

/**
 * The prometheus-operator ServiceMonitor for `policy.monitoring`. Without `monitoring.selector` it selects the
 * Service by `app: <workload name>`, the label polyscale's own components put on it.
 */
export function serviceMonitor(policy: ScalingPolicy, target: ResolvedWorkloadRef, issues: PolicyIssue[], warnings: Diagnostic[]): Manifest | undefined {
  const m = policy.monitoring;
  if (!m) return undefined;
  const endpoint: Record<string, unknown> = typeof m.port === "number" ? { targetPort: m.port } : { port: m.port };
  endpoint.path = m.path;
  endpoint.interval = m.interval;
  if (m.scheme) endpoint.scheme = m.scheme;
  if (!m.selector) {
    const issue = appLabelIssue(target.name, ["monitoring", "selector"], "set monitoring.selector to the labels of the Service to scrape");
    if (issue) issues.push(issue);
    if (!isKnownWorkloadKind(target.kind)) warnings.push(customKindSelectorWarning(target));
  }
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: { name: m.name ?? policy.service, namespace: policy.namespace, ...(m.labels ? { labels: sortedMap(m.labels) } : {}) },
    spec: {
      selector: { matchLabels: m.selector ? sortedMap(m.selector) : { app: target.name } },
      namespaceSelector: { matchNames: [policy.namespace] },
      endpoints: [endpoint],
    },
  };
}

/** The default selector is the label polyscale's components give a Deployment's Service; an operator labels its own. */
function customKindSelectorWarning(target: ResolvedWorkloadRef): Diagnostic {
  return {
    severity: "warning",
    code: "service_monitor_default_selector",
    path: ["monitoring", "selector"],
    message: `defaults to { app: ${JSON.stringify(target.name)} }, the label polyscale's components put on the Service of a Deployment; the Service of a ${target.kind} is labelled by whatever creates it, so set monitoring.selector to its labels, or the ServiceMonitor selects nothing`,
  };
}

/** Prometheus must scrape the pods for the adapter's rules to read anything. */
export const NO_SERVICE_MONITOR: Diagnostic = {
  severity: "warning",
  code: "no_service_monitor",
  path: ["monitoring"],
  message: "the HPA reads Prometheus series through prometheus-adapter, but no `monitoring` endpoint is set, so no ServiceMonitor is created; make sure Prometheus scrapes the pods",
};
