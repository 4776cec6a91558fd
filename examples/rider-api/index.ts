import { KubernetesService } from "../../src/components/kubernetes";
import { seedPolicy } from "../seed-policy";

// rider-api is I/O bound: it scales on 500 requests per second per pod (prometheus-adapter rule
// http_server_requests_seconds_count -> http_server_requests_per_second), not on CPU.
const riderApi = new KubernetesService("rider-api", {
  policy: seedPolicy("rider-api.yaml"),
  workload: {
    image: "ridehailing/rider-api:2026.11",
    port: 8080,
    resources: { cpu: "1000m", memory: "1Gi" },
    readinessProbe: { path: "/actuator/health/readiness", periodSeconds: 5 },
  },
});

// The surge pricing calculator: 2 fixed replicas, a memory-only VPA in Auto mode (no HPA on it).
const surge = new KubernetesService("surge-pricing", {
  policy: seedPolicy("surge-pricing.yaml"),
  workload: { image: "ridehailing/surge-pricing-calc:2026.11", port: 8080, resources: { cpu: "500m", memory: "512Mi", limits: { memory: "512Mi" } }, readinessProbe: { path: "/ready" } },
});

export const adapterRules = riderApi.scaling!.adapterRules;
export const vpaDeployment = surge.deployment.metadata.name;
