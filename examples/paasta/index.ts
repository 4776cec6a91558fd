import { readFileSync } from "node:fs";
import { join } from "node:path";
import { KubernetesService, toPolicyInput } from "../../src/components/kubernetes";
import { parsePolicyFile } from "../../src/policy";
import { paastaPolicy } from "../../src/presets";

// The seed's sample: cpu provider at setpoint 0.5, 30..50 instances (examples/paasta/service.yaml).
const [sample] = parsePolicyFile(readFileSync(join(__dirname, "service.yaml"), "utf8"), "service.yaml");
const cpuService = new KubernetesService("example-service", {
  policy: toPolicyInput(sample!),
  workload: { image: "docker-paasta.yelpcorp.com/services-example:latest", port: 8888, resources: { cpu: "1", memory: "300Mi" }, readinessProbe: { path: "/status" } },
});

// A uwsgi service: PaaSTA scrapes the uWSGI stats server on 8889; missing replicas count as fully loaded.
const uwsgi = new KubernetesService("uwsgi-service", {
  policy: paastaPolicy({ service: "uwsgi-service", minInstances: 3, maxInstances: 20, metricsProvider: "uwsgi", setpoint: 0.7 }),
  workload: { image: "docker-paasta.yelpcorp.com/services-uwsgi:latest", port: 8888, metricsPort: 8889, resources: { cpu: "1", memory: "512Mi" }, readinessProbe: { path: "/status" } },
});

// bespoke: no autoscaler at all; an external controller sets the replicas and nothing here resets them.
const bespoke = new KubernetesService("bespoke-service", {
  policy: paastaPolicy({ service: "bespoke-service", minInstances: 1, maxInstances: 100, decisionPolicy: "bespoke" }),
  workload: { image: "docker-paasta.yelpcorp.com/services-bespoke:latest", port: 8888, readinessProbe: { path: "/status" } },
});

export const services = [cpuService.deployment.metadata.name, uwsgi.deployment.metadata.name, bespoke.deployment.metadata.name];
