import { KubernetesService } from "../../src/components/kubernetes";
import { seedPolicy } from "../seed-policy";

// 5 requests per second per pod, 1..10 pods; the adapter rule goes to the prometheus-adapter release
// (exported below, or `polyscale render examples/seeds/metrics-app.yaml -p kubernetes --adapter-config`).
const app = new KubernetesService("metrics-app", {
  policy: seedPolicy("metrics-app.yaml"),
  workload: { image: "zhhray/http-metrics-exporter:latest", port: 8080, readinessProbe: { path: "/metrics" } },
});

export const adapterRules = app.scaling!.adapterRules;
