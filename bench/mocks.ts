/**
 * Bench item "mocks" (run by bench/suite.ts): registration cost of polyscale's components under Pulumi mocks against the
 * same resources written by hand (issue 15: 200 services, Kubernetes and ECS; goal <= 1.15x each).
 * The hand-written program gets the manifests and AWS args as literals (compiled once, before timing), as a
 * team would write them. Prints the median of alternating runs; never asserted (timing is not tested). A third,
 * labelled "floor" line times one bare component per service around the hand-written resources: the part of the
 * ratio that is the component registration itself.
 */
import { ComponentResource, type Resource } from "@pulumi/pulumi";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { HorizontalPodAutoscaler } from "@pulumi/kubernetes/autoscaling/v2";
import { Service } from "@pulumi/kubernetes/core/v1";
import * as appautoscaling from "@pulumi/aws/appautoscaling";
import { EcsServiceScaling } from "../src/components/ecs";
import { KubernetesService } from "../src/components/kubernetes";
import { parsePolicy } from "../src/policy/load";
import { compileEcs } from "../src/targets/ecs/compile";
import { compileKubernetes } from "../src/targets/kubernetes/compile";
import { installPulumiMocks, settled, type PulumiMockHarness } from "../src/testing/pulumi";
import { emit, median, ms } from "./report";

const SERVICES = 200;
const RUNS = 5;

const policy = (i: number) => ({ service: `svc-${i}`, namespace: "apps", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 70 } }] } });
const workload = { image: "registry.example/app:1", resources: { cpu: "500m" }, readinessProbe: { path: "/ready" } };

const hpas = Array.from({ length: SERVICES }, (_, i) => compileKubernetes(parsePolicy(policy(i))).manifests.find((m) => m.kind === "HorizontalPodAutoscaler")!);
const ecs = Array.from({ length: SERVICES }, (_, i) => compileEcs(parsePolicy(policy(i)), { cluster: "apps", service: `svc-${i}` }));

/**
 * The floor (printed, not a suite row): a bare ComponentResource (no inputs, no alias, empty outputs) parenting
 * the same hand-written resources, i.e. what one component registration costs under the mocks by itself.
 */
function bare(i: number): Resource {
  // The SDK registers its (empty) outputs itself once the component is constructed.
  return new ComponentResource("polyscale:index:Bare", `b${i}`);
}

function handKubernetes(component?: (i: number) => Resource): void {
  for (let i = 0; i < SERVICES; i++) {
    const parent = component?.(i);
    const labels = { app: `svc-${i}` };
    const container = { name: `svc-${i}`, image: workload.image, ports: [{ name: "http", containerPort: 8080 }], resources: { requests: { cpu: "500m" } }, readinessProbe: { httpGet: { path: "/ready", port: 8080 }, periodSeconds: 10 } };
    new Deployment(`h${i}-deployment`, { metadata: { name: `svc-${i}`, namespace: "apps", labels }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } } }, { ignoreChanges: ["spec.replicas"], parent });
    new Service(`h${i}-service`, { metadata: { name: `svc-${i}`, namespace: "apps", labels }, spec: { selector: labels, ports: [{ name: "http", port: 8080, targetPort: "http" }] } }, { parent });
    new HorizontalPodAutoscaler(`h${i}-hpa`, { metadata: hpas[i]!.metadata, spec: hpas[i]!.spec as never }, { parent });
  }
}

function oursKubernetes(): void {
  for (let i = 0; i < SERVICES; i++) new KubernetesService(`o${i}`, { policy: policy(i), workload });
}

function handEcs(component?: (i: number) => Resource): void {
  for (let i = 0; i < SERVICES; i++) {
    const parent = component?.(i);
    const c = ecs[i]!;
    const target = new appautoscaling.Target(`h${i}-target`, c.target!.args, { parent });
    for (const p of c.policies) new appautoscaling.Policy(`h${i}-${p.name}`, { ...p.args, resourceId: target.resourceId }, { dependsOn: [target], parent });
  }
}

function oursEcs(): void {
  for (let i = 0; i < SERVICES; i++) new EcsServiceScaling(`o${i}`, { policy: policy(i), clusterName: "apps", serviceName: `svc-${i}` });
}

async function time(mocks: PulumiMockHarness, build: () => void): Promise<number> {
  await mocks.reset();
  const start = process.hrtime.bigint();
  build();
  await settled();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const mocks = await installPulumiMocks();
  console.log(`components under Pulumi mocks, ${SERVICES} services, median of ${RUNS} alternating runs (goal <= 1.15x):`);
  for (const [platform, hand, ours] of [["kubernetes", handKubernetes, oursKubernetes], ["ecs", handEcs, oursEcs]] as const) {
    const h: number[] = [];
    const o: number[] = [];
    const f: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      h.push(await time(mocks, () => hand()));
      o.push(await time(mocks, ours));
      f.push(await time(mocks, () => hand(bare)));
    }
    emit({ item: `mocks ${SERVICES} services, ${platform}`, figure: ms(median(o)), baseline: `hand-written ${ms(median(h))}`, ratio: median(o) / median(h), goal: "<= 1.15x" });
    console.log(`     floor, ${platform}: a bare ComponentResource parenting the same hand-written resources ${ms(median(f))}, ratio ${(median(f) / median(h)).toFixed(2)}x`);
  }
}

void main();
