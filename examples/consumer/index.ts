import * as pulumi from "@pulumi/pulumi";
import type { ScalingPolicyInput } from "polyscale";
import { KubernetesScaling, KubernetesService } from "polyscale/kubernetes";
import { membraneApi } from "polyscale/presets";

// 1. A policy written inline, for a Deployment this team already manages elsewhere: polyscale adds only
//    the autoscaling (here an HPA on CPU and requests per second, with the adapter rule exported).
const checkout: ScalingPolicyInput = {
  service: "checkout",
  namespace: "shop",
  scaling: {
    replicas: { min: 3, max: 30 },
    metrics: [
      { cpu: { utilization: 60 } },
      { requestRate: { perReplica: 200, from: { prometheus: { series: "http_requests_total" } } } },
    ],
    scaleUp: { stabilization: "0s", policies: [{ percent: 100, per: "30s" }] },
    scaleDown: { stabilization: "5m", policies: [{ replicas: 2, per: "1m" }], select: "min" },
  },
  monitoring: { port: "http", labels: { release: "kube-prometheus-stack" } },
  alerts: { pinnedAtMax: { for: "10m" } },
};
const checkoutScaling = new KubernetesScaling("checkout", { policy: checkout });

// 2. A preset from the library: Membrane's API (CPU 50 %, 2..10) as a whole service.
const api = new KubernetesService("membrane-api", {
  policy: membraneApi("kubernetes", { namespace: "membrane" }),
  workload: { image: "ghcr.io/membrane/api:2026.11", port: 5000, resources: { cpu: "500m", memory: "512Mi" }, readinessProbe: { path: "/health" } },
});

export const checkoutHpa = checkoutScaling.hpaName;
export const checkoutAdapterRules = checkoutScaling.adapterRules;
export const apiDeployment = api.deployment.metadata.name;
export const stack = pulumi.getStack();
