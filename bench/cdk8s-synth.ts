/**
 * The peer side of bench/cdk8s.ts: cdk8s-plus synthesizes, for each of N services, the rider-api HPA of
 * examples/seeds/rider-api.yaml (requests/s per pod, the same behavior) and the Deployment it targets,
 * and prints the YAML. Usage: node bench/cdk8s-synth.js N (bench/cdk8s.ts compiles this file first).
 */
import { App, Chart, Duration } from "cdk8s";
import * as kplus from "cdk8s-plus-33";

const services = Number(process.argv[2] ?? 1);
const app = new App({ outdir: "unused" });
const chart = new Chart(app, "rider", { namespace: "ridehailing" });
for (let i = 0; i < services; i++) {
  const name = services === 1 ? "rider-api" : `rider-api-${i}`;
  const deployment = new kplus.Deployment(chart, `${name}-deployment`, { metadata: { name }, containers: [{ image: "registry.example/rider-api:1", portNumber: 8080 }] });
  new kplus.HorizontalPodAutoscaler(chart, `${name}-hpa`, {
    metadata: { name: `${name}-hpa` },
    target: deployment,
    minReplicas: 3,
    maxReplicas: 50,
    metrics: [kplus.Metric.pods({ name: "http_server_requests_per_second", target: kplus.MetricTarget.averageValue(500) })],
    scaleUp: {
      stabilizationWindow: Duration.seconds(30),
      strategy: kplus.ScalingStrategy.MAX_CHANGE,
      policies: [{ replicas: kplus.Replicas.percent(100), duration: Duration.seconds(60) }, { replicas: kplus.Replicas.absolute(5), duration: Duration.seconds(60) }],
    },
    scaleDown: {
      stabilizationWindow: Duration.seconds(300),
      strategy: kplus.ScalingStrategy.MIN_CHANGE,
      policies: [{ replicas: kplus.Replicas.percent(10), duration: Duration.seconds(60) }],
    },
  });
}
process.stdout.write(app.synthYaml());
