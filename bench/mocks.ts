/**
 * Bench item "mocks" (run by bench/suite.ts): registration cost of polyscale's components under Pulumi mocks against the
 * same resources written by hand (issue 15: 200 services, Kubernetes and ECS; goal <= 1.15x each). The
 * components come from the built package, as a user installs it; the program around them runs through tsx.
 * The hand-written program gets the manifests and AWS args as literals (compiled once, before timing), as a
 * team would write them. Prints the median of alternating runs; never asserted (timing is not tested). Two more
 * lines, not suite rows: the "floor", one bare component per service around the hand-written resources (the part
 * of the ratio that is one registration more per service), and "required", the construct issue 15 asks for
 * written by hand around them (bench/sdk-work.ts). Last, the SDK work of each, counted (the same in every run).
 */
import { ComponentResource, type Resource } from "@pulumi/pulumi";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { HorizontalPodAutoscaler } from "@pulumi/kubernetes/autoscaling/v2";
import { Service } from "@pulumi/kubernetes/core/v1";
import * as appautoscaling from "@pulumi/aws/appautoscaling";
import type { PulumiMockHarness } from "../src/testing/pulumi";
import { built } from "./built";
import { emit, median, ms } from "./report";
import { countSdkWork, formatWork, legacyHpaAlias, RequiredComponent } from "./sdk-work";

// polyscale as a user's program loads it: the built package (dist/), its frames plain JS like the SDK's.
const { EcsServiceScaling } = built<typeof import("../src/components/ecs")>("components/ecs");
const { KubernetesService } = built<typeof import("../src/components/kubernetes")>("components/kubernetes");
const { parsePolicy } = built<typeof import("../src/policy/load")>("policy/load");
const { compileEcs } = built<typeof import("../src/targets/ecs/compile")>("targets/ecs/compile");
const { compileKubernetes } = built<typeof import("../src/targets/kubernetes/compile")>("targets/kubernetes/compile");
const { installPulumiMocks, settled } = built<typeof import("../src/testing/pulumi")>("testing/pulumi");

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

/** The same resources, with the SDK options the required construct adds (bench/sdk-work.ts) when `required`. */
function handKubernetes(component?: (i: number) => Resource, required = false): void {
  for (let i = 0; i < SERVICES; i++) {
    const parent = component?.(i);
    const labels = { app: `svc-${i}` };
    const container = { name: `svc-${i}`, image: workload.image, ports: [{ name: "http", containerPort: 8080 }], resources: { requests: { cpu: "500m" } }, readinessProbe: { httpGet: { path: "/ready", port: 8080 }, periodSeconds: 10 } };
    const deployment = new Deployment(`h${i}-deployment`, { metadata: { name: `svc-${i}`, namespace: "apps", labels }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } } }, { ignoreChanges: ["spec.replicas"], parent });
    new Service(`h${i}-service`, { metadata: { name: `svc-${i}`, namespace: "apps", labels }, spec: { selector: labels, ports: [{ name: "http", port: 8080, targetPort: "http" }] } }, { parent });
    const extra = required ? { dependsOn: [deployment], aliases: [legacyHpaAlias(`o${i}`, `h${i}-hpa`)] } : {};
    new HorizontalPodAutoscaler(`h${i}-hpa`, { metadata: hpas[i]!.metadata, spec: hpas[i]!.spec as never }, { parent, ...extra });
    if (required) (parent as RequiredComponent).done({ deployment: `svc-${i}`, service: `svc-${i}` });
  }
}

function oursKubernetes(): void {
  for (let i = 0; i < SERVICES; i++) new KubernetesService(`o${i}`, { policy: policy(i), workload });
}

function handEcs(component?: (i: number) => Resource, required = false): void {
  for (let i = 0; i < SERVICES; i++) {
    const parent = component?.(i);
    const c = ecs[i]!;
    const target = new appautoscaling.Target(`h${i}-target`, c.target!.args, { parent });
    for (const p of c.policies) new appautoscaling.Policy(`h${i}-${p.name}`, { ...p.args, resourceId: target.resourceId }, { dependsOn: [target], parent });
    if (required) (parent as RequiredComponent).done({ resourceId: c.target!.args.resourceId });
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

const requiredKubernetes = (i: number) => new RequiredComponent("polyscale:index:KubernetesService", "polyscale:kubernetes:Service", `o${i}`, { policy: policy(i), workload });
const requiredEcs = (i: number) => new RequiredComponent("polyscale:index:EcsServiceScaling", "polyscale:ecs:ServiceScaling", `o${i}`, { policy: policy(i), clusterName: "apps", serviceName: `svc-${i}` });

async function main(): Promise<void> {
  const mocks = await installPulumiMocks();
  console.log(`components under Pulumi mocks, ${SERVICES} services, median of ${RUNS} alternating runs (goal <= 1.15x):`);
  for (const [platform, hand, ours] of [["kubernetes", handKubernetes, oursKubernetes], ["ecs", handEcs, oursEcs]] as const) {
    const h: number[] = [];
    const o: number[] = [];
    const f: number[] = [];
    const q: number[] = [];
    const required = platform === "kubernetes" ? () => handKubernetes(requiredKubernetes, true) : () => handEcs(requiredEcs, true);
    for (let r = 0; r < RUNS; r++) {
      h.push(await time(mocks, () => hand()));
      o.push(await time(mocks, ours));
      f.push(await time(mocks, () => hand(bare)));
      q.push(await time(mocks, required));
    }
    emit({ item: `mocks ${SERVICES} services, ${platform}`, figure: ms(median(o)), baseline: `hand-written ${ms(median(h))}`, ratio: median(o) / median(h), goal: "<= 1.15x" });
    console.log(`     floor, ${platform}: a bare ComponentResource parenting the same hand-written resources ${ms(median(f))}, ratio ${(median(f) / median(h)).toFixed(2)}x`);
    console.log(`     required, ${platform}: the construct issue 15 requires, written by hand around the same resources ${ms(median(q))}, ratio ${(median(q) / median(h)).toFixed(2)}x`);
    const work = async (build: () => void) => formatWork(await countSdkWork(() => mocks.reset(), settled, build, SERVICES));
    console.log(`     SDK work per service (counted): polyscale ${await work(ours)}; the construct issue 15 requires, by hand ${await work(required)}; hand-written ${await work(() => hand())}`);
  }
}

void main();
