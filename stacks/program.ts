import * as pulumi from "@pulumi/pulumi";
import { MembranePlatform } from "../src/components/membrane-platform";
import { parseStackConfig } from "./config";

// The only place that reads Pulumi config: every `polyscale:*` key of the stack, validated as one object
// (an unknown or misspelt key is an error, not ignored).
const raw: Record<string, unknown> = {};
for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
  if (!key.startsWith("polyscale:")) continue;
  raw[key.slice("polyscale:".length)] = /^[[{]/.test(value) ? JSON.parse(value) : value;
}
const stack = parseStackConfig(raw);

const membrane = new MembranePlatform("membrane", {
  platform: stack.platform,
  images: stack.images,
  exclude: stack.exclude,
  readinessPath: stack.readinessPath,
  options: {
    namespace: stack.namespace,
    ...(stack.prometheusServerAddress ? { prometheusServerAddress: stack.prometheusServerAddress } : {}),
    ...(stack.platform === "kubernetes" ? { kubernetesEngine: stack.workerEngine } : {}),
    ...(stack.platform === "ecs" ? { ecsCluster: stack.clusterName } : {}),
    ...(stack.platform === "container-apps"
      ? stack.queueMetric
        ? {
            azureMonitorResourceId: stack.queueMetric.resourceId,
            azureMonitorIdentity: stack.queueMetric.identity,
            azureMonitor: {
              tenantId: stack.queueMetric.tenantId,
              metricAggregationType: stack.queueMetric.aggregation,
              ...(stack.queueMetric.metricNamespace ? { metricNamespace: stack.queueMetric.metricNamespace } : {}),
            },
          }
        : {}
      : {}),
  },
  ...(stack.platform === "ecs" ? { ecs: { clusterName: stack.clusterName } } : {}),
  ...(stack.platform === "container-apps"
    ? { containerApps: { resourceGroupName: stack.resourceGroupName, managedEnvironmentId: stack.managedEnvironmentId, ...(stack.location ? { location: stack.location } : {}) } }
    : {}),
  ...(stack.platform === "cloud-run" ? { cloudRun: { location: stack.location, ...(stack.project ? { project: stack.project } : {}) } } : {}),
});

export const platform = stack.platform;
export const services = membrane.serviceNames;
