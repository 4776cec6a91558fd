import { KubernetesService } from "../../src/components/kubernetes";
import { seedPolicy } from "../seed-policy";

// Lightning ASR: 5 active requests per pod (plus CPU 70 % and memory 80 %), custom scale-up/down policies,
// ServiceMonitor on the metrics port, and a pinned-at-max alert.
const asr = new KubernetesService("lightning-asr", {
  policy: seedPolicy("lightning-asr-advanced.yaml"),
  workload: {
    image: "smallest/lightning-asr:4.0.0",
    port: 2269,
    metricsPort: 9090,
    resources: { cpu: "4", memory: "16Gi" },
    readinessProbe: { path: "/health", initialDelaySeconds: 10 },
  },
});

// API server: one pod per two Lightning ASR pods (KEDA kubernetes-workload).
const api = new KubernetesService("api-server", {
  policy: seedPolicy("lightning-asr-api-server.yaml"),
  workload: { image: "smallest/api-server:4.0.0", port: 7100, resources: { cpu: "500m", memory: "512Mi" }, readinessProbe: { path: "/health" } },
});

export const deployments = [asr.deployment.metadata.name, api.deployment.metadata.name];
