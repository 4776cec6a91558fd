import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type * as aws from "@pulumi/aws";
import type * as azure from "@pulumi/azure-native";
import type * as gcp from "@pulumi/gcp";
import type * as k8s from "@pulumi/kubernetes";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePolicy, parsePolicyFile, type ScalingPolicy } from "../../src/policy";
import { polyscalePolicies } from "../../src/policy-pack/policies";
import { RULE_GUIDANCE, RULE_IDS } from "../../src/rules";
import { compileCloudRun } from "../../src/targets/cloud-run/compile";
import { compileContainerApps } from "../../src/targets/container-apps/compile";
import { compileEcs } from "../../src/targets/ecs/compile";
import { compileKubernetes } from "../../src/targets/kubernetes/compile";

/* eslint-disable @typescript-eslint/no-explicit-any */
const seeds = (file: string): ScalingPolicy[] => parsePolicyFile(readFileSync(join(__dirname, "..", "..", "examples", "seeds", file), "utf8"), file);
const manifest = (file: string, kind: string, service?: string) => {
  const p = seeds(file).find((x) => service === undefined || x.service === service)!;
  return structuredClone(compileKubernetes(p).manifests.find((m) => m.kind === kind)!) as any;
};
const clone = <T>(v: T): T => structuredClone(v);

const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
// A CustomResource registers under its own apiVersion and kind.
const SO = "kubernetes:keda.sh/v1alpha1:ScaledObject";
const VPA = "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler";
const SM = "kubernetes:monitoring.coreos.com/v1:ServiceMonitor";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const TARGET = "aws:appautoscaling/target:Target";
const POLICY = "aws:appautoscaling/policy:Policy";
const SCHEDULED = "aws:appautoscaling/scheduledAction:ScheduledAction";
const APP = "azure-native:app:ContainerApp";
const RUN = "gcp:cloudrunv2/service:Service";

// Real configurations: the seeds' compiled resources, as the provider SDKs' args.
const riderHpa: k8s.autoscaling.v2.HorizontalPodAutoscalerArgs = manifest("rider-api.yaml", "HorizontalPodAutoscaler");
const surgeVpa: k8s.apiextensions.CustomResourceArgs = manifest("surge-pricing.yaml", "VerticalPodAutoscaler");
const workerScaledObject: k8s.apiextensions.CustomResourceArgs = manifest("membrane-kubernetes-keda.yaml", "ScaledObject", "instant-tasks-worker");
const riderMonitor: k8s.apiextensions.CustomResourceArgs = manifest("rider-api.yaml", "ServiceMonitor");
const ecsApi = compileEcs(seeds("membrane-ecs-api.yaml")[0]!, { cluster: "membrane", service: "api-service" });
const ecsTarget: aws.appautoscaling.TargetArgs = clone(ecsApi.target!.args) as any;
const ecsPolicy: aws.appautoscaling.PolicyArgs = clone(ecsApi.policies[0]!.args) as any;
// The StepScaling wake policy of an SQS worker at replicas.min 0 (src/targets/ecs/sources.ts).
const ecsStepPolicy: aws.appautoscaling.PolicyArgs = clone(
  compileEcs(parsePolicy({ service: "worker", scaling: { replicas: { min: 0, max: 10 }, ecs: { cluster: "c1" }, metrics: [{ queue: { jobsPerReplica: 10, from: { sqs: { queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders" } } } }] } })).wakes![0]!.policy.args,
) as any;
const ecsScheduled: aws.appautoscaling.ScheduledActionArgs = {
  name: "api-weekday-morning",
  serviceNamespace: "ecs",
  resourceId: "service/membrane/api-service",
  scalableDimension: "ecs:service:DesiredCount",
  schedule: "cron(0 8 ? * MON-FRI *)",
  scalableTargetAction: { minCapacity: 4, maxCapacity: 20 },
};
const acaApp: azure.app.ContainerAppArgs = {
  resourceGroupName: "rg",
  template: { containers: [{ name: "api", image: "api:1" }], scale: clone(compileContainerApps(seeds("membrane-container-apps-api.yaml")[0]!).scale) as any },
};
const runService: gcp.cloudrunv2.ServiceArgs = clone(compileCloudRun(seeds("membrane-cloud-run-api.yaml")[0]!).args) as any;
const riderDeployment: k8s.apps.v1.DeploymentArgs = {
  metadata: { name: "rider-api", namespace: "ridehailing" },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: "rider-api" } },
    template: { metadata: { labels: { app: "rider-api" } }, spec: { containers: [{ name: "rider-api", image: "rider-api:1.4" }] } },
  },
};

function policy<P>(rule: string): P {
  const p = polyscalePolicies.find((x) => x.name === `polyscale-${rule.replace(/\./g, "-")}`);
  if (!p) throw new Error(`no policy for ${rule}`);
  return p as P;
}

const opts = (ignoreChanges: string[] = []) => ({ protect: false, ignoreChanges, aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } });

/** The reports of one resource policy for one resource, through its validateResource. */
async function validateResource(rule: string, type: string, props: unknown, config: object = {}): Promise<string[]> {
  const reports: string[] = [];
  const args = {
    type, props: props as Record<string, any>, urn: `urn:pulumi:test::app::${type}::r`, name: "r", opts: opts(), stackTags: new Map(),
    isType: () => false, asType: () => undefined, getConfig: () => config, notApplicable: () => { throw new Error("not applicable"); },
  } as unknown as ResourceValidationArgs;
  const validate = policy<ResourceValidationPolicy>(rule).validateResource;
  for (const v of Array.isArray(validate) ? validate : [validate!]) await v(args, (m: string) => { reports.push(m); });
  return reports;
}

/** The reports of one stack policy, with the URN each names. */
async function validateStack(rule: string, resources: Array<{ type: string; name: string; props: unknown; ignoreChanges?: string[] }>): Promise<Array<{ message: string; urn?: string }>> {
  const reports: Array<{ message: string; urn?: string }> = [];
  const args = {
    resources: resources.map((r) => ({ type: r.type, name: r.name, props: r.props, urn: `urn:pulumi:test::app::${r.type}::${r.name}`, opts: opts(r.ignoreChanges), dependencies: [], propertyDependencies: {}, isType: () => false, asType: () => undefined }) as unknown as PolicyResource),
    stackTags: new Map(), getConfig: () => ({}), notApplicable: () => { throw new Error("not applicable"); },
  } as unknown as StackValidationArgs;
  await policy<StackValidationPolicy>(rule).validateStack(args, (message, urn) => { reports.push({ message, urn }); });
  return reports;
}

const set = <T>(v: T, f: (x: any) => void): T => { const c = clone(v); f(c); return c; };

/** rule → [type, passing props, violating props, expected words of the violation]. */
const RESOURCE_CASES: Record<string, [string, unknown, unknown, RegExp]> = {
  "k8s.object-name": [HPA, riderHpa, set(riderHpa, (h) => { h.metadata.name = "Rider_API"; }), /not a DNS-1123 subdomain/],
  "k8s.labels": [SM, riderMonitor, set(riderMonitor, (m) => { m.metadata.labels = { app: "-rider" }; }), /is not a label value/],
  "hpa.validation": [HPA, riderHpa, set(riderHpa, (h) => { h.spec.minReplicas = 60; }), /minReplicas 60 must be <= maxReplicas 50/],
  "keda.replica-bounds": [SO, workerScaledObject, set(workerScaledObject, (s) => { s.spec.minReplicaCount = 30; }), /minReplicaCount 30 must be <= maxReplicaCount 20/],
  // A team switches the worker to cpu and keeps scale-to-zero: KEDA's webhook refuses it.
  "keda.min-zero-resource-only": [SO, workerScaledObject, set(workerScaledObject, (s) => { s.spec.minReplicaCount = 0; s.spec.triggers = [{ type: "cpu", metricType: "Utilization", metadata: { value: "70" } }]; }), /minReplicaCount is 0 with only cpu\/memory triggers/],
  "keda.fallback": [SO, workerScaledObject, set(workerScaledObject, (s) => { s.spec.fallback = { failureThreshold: 3, replicas: 5 }; s.spec.triggers = [{ type: "cpu", metricType: "Utilization", metadata: { value: "70" } }]; }), /fallback needs at least one trigger that is not cpu or memory/],
  "keda.trigger-metadata": [SO, workerScaledObject, set(workerScaledObject, (s) => { s.spec.triggers[0].metadata.threshold = "five"; }), /threshold "five" is not a number/],
  "keda.names": [SO, workerScaledObject, set(workerScaledObject, (s) => { s.metadata.name = "instant-tasks-worker-for-the-membrane-platform-scaler-v2"; }), /HPA name .* at most 63/],
  "vpa.container-name": [VPA, surgeVpa, set(surgeVpa, (v) => { v.spec.resourcePolicy.containerPolicies[0].containerName = "Surge_Calc"; }), /is not a container name/],
  "ecs.capacity": [TARGET, ecsTarget, set(ecsTarget, (t) => { t.minCapacity = 12; t.maxCapacity = 4; }), /minCapacity 12 must be <= maxCapacity 4/],
  "ecs.policy": [POLICY, ecsPolicy, set(ecsPolicy, (p) => { p.targetTrackingScalingPolicyConfiguration.targetValue = 150; }), /targetValue 150 of ECSServiceAverageCPUUtilization must be <= 100/],
  "ecs.step-policy": [POLICY, ecsStepPolicy, set(ecsStepPolicy, (p) => { p.stepScalingPolicyConfiguration.stepAdjustments[0].metricIntervalLowerBound = "zero"; }), /metricIntervalLowerBound "zero" must be a number/],
  "ecs.scheduled-action": [SCHEDULED, ecsScheduled, set(ecsScheduled, (s) => { s.schedule = "cron(0 8 * * MON-FRI *)"; }), /"\?" in exactly one of day-of-month/],
  "aca.replicas": [APP, acaApp, set(acaApp, (a) => { a.template.scale.minReplicas = 20; a.template.scale.maxReplicas = 10; }), /minReplicas 20 must be <= maxReplicas 10/],
  "aca.rule-names": [APP, acaApp, set(acaApp, (a) => { a.template.scale.rules[0].name = "HTTP_Rule"; }), /rule name "HTTP_Rule" is invalid/],
  "aca.rule-kind": [APP, acaApp, set(acaApp, (a) => { a.template.scale.rules[0].tcp = { metadata: { concurrentConnections: "10" } }; }), /has 2 rule kinds/],
  "aca.http-concurrency": [APP, acaApp, set(acaApp, (a) => { a.template.scale.rules = [{ name: "http", http: { metadata: { concurrentRequests: "0" } } }]; }), /concurrentRequests "0" must be a whole number/],
  "aca.resource-rules": [APP, acaApp, set(acaApp, (a) => { a.template.scale.minReplicas = 0; a.template.scale.rules = [{ name: "cpu", custom: { type: "cpu", metadata: { type: "Utilization", value: "70" } } }]; }), /minReplicas 0 with only cpu\/memory rules never wakes up/],
  "cloudrun.service-name": [RUN, runService, set(runService, (r) => { r.name = "1-membrane-api"; }), /is not a Cloud Run service name/],
  // Cloud Run min above max: the API refuses the revision.
  "cloudrun.instances": [RUN, runService, set(runService, (r) => { r.template.scaling = { minInstanceCount: 10, maxInstanceCount: 5 }; }), /template.scaling.minInstanceCount must be <= maxInstanceCount/],
  "cloudrun.concurrency": [RUN, runService, set(runService, (r) => { r.template.maxInstanceRequestConcurrency = 2000; }), /maxInstanceRequestConcurrency 2000 must be 1..1000/],
  "cloudrun.cpu-memory": [RUN, runService, set(runService, (r) => { r.template.containers[0].resources = { limits: { cpu: "3", memory: "2Gi" } }; }), /cpu "3" is not a Cloud Run CPU/],
};

describe("CrossGuard pack: one policy per rule of src/rules, each with an enforcement level and a fix", () => {
  it("every rule of the tables has a policy, guidance and a test case here", () => {
    const stackRules = ["k8s.vpa-hpa-conflict", "k8s.replicas-under-autoscaler", "ecs.scale-in-deadlock"];
    expect([...RULE_IDS].sort()).toEqual([...Object.keys(RESOURCE_CASES), ...stackRules].sort());
    expect(Object.keys(RULE_GUIDANCE).sort()).toEqual([...RULE_IDS].sort());
    expect(polyscalePolicies.map((p) => p.name).sort()).toEqual(RULE_IDS.map((id) => `polyscale-${id.replace(/\./g, "-")}`).sort());
    for (const p of polyscalePolicies) expect(["mandatory", "advisory"]).toContain(p.enforcementLevel);
  });

  for (const [rule, [type, passing, violating, words]] of Object.entries(RESOURCE_CASES)) {
    it(`${rule}: reports the violating ${type} with the fix, and nothing for the seed's`, async () => {
      expect(await validateResource(rule, type, passing)).toEqual([]);
      const reports = await validateResource(rule, type, violating);
      expect(reports.length).toBeGreaterThan(0);
      expect(reports.join("\n")).toMatch(words);
      expect(reports[0]).toContain(`[${rule}]`);
      expect(reports[0]).toContain(`fix: ${RULE_GUIDANCE[rule]!.fix}`);
    });
  }

  it("a resource of a type no rule covers gets no report", async () => {
    expect(await validateResource("hpa.validation", DEPLOYMENT, riderDeployment)).toEqual([]);
  });

  it("pack config: an HPA at minReplicas 0 with an External metric passes only on a cluster with HPAScaleToZero", async () => {
    const toZero = set(riderHpa, (h) => { h.spec.minReplicas = 0; h.spec.metrics = [{ type: "External", external: { metric: { name: "queue_depth" }, target: { type: "AverageValue", averageValue: "5" } } }]; });
    expect((await validateResource("hpa.validation", HPA, toZero)).join()).toMatch(/minReplicas must be an int32 >= 1/);
    expect(await validateResource("hpa.validation", HPA, toZero, { hpaScaleToZero: true })).toEqual([]);
  });
});

describe("CrossGuard pack: stack policies over the autoscaler and what it targets", () => {
  const hpaOnSurge = set(riderHpa, (h) => {
    h.metadata = { name: "surge-pricing", namespace: "ridehailing" };
    h.spec.scaleTargetRef = { apiVersion: "apps/v1", kind: "Deployment", name: "surge-pricing-calc" };
    h.spec.metrics = [{ type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 75 } } }];
  });

  it("k8s.vpa-hpa-conflict: the seed pair (rider-api HPA, surge-pricing VPA) passes; an HPA on memory of the VPA's Deployment is reported at the VPA", async () => {
    expect(await validateStack("k8s.vpa-hpa-conflict", [{ type: HPA, name: "rider-api", props: riderHpa }, { type: VPA, name: "surge", props: surgeVpa }])).toEqual([]);
    const reports = await validateStack("k8s.vpa-hpa-conflict", [{ type: HPA, name: "surge-hpa", props: hpaOnSurge }, { type: VPA, name: "surge", props: surgeVpa }]);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.urn).toBe(`urn:pulumi:test::app::${VPA}::surge`);
    expect(reports[0]!.message).toMatch(/VPA surge-pricing-vpa \(updateMode Auto\) resizes memory of Deployment surge-pricing-calc, which HorizontalPodAutoscaler surge-pricing scales on; fix: set the VPA's updateMode/);
  });

  it("k8s.vpa-hpa-conflict: an HPA on cpu beside the memory-only VPA, or the VPA in Initial mode, passes", async () => {
    const onCpu = set(hpaOnSurge, (h) => { h.spec.metrics[0].resource.name = "cpu"; });
    expect(await validateStack("k8s.vpa-hpa-conflict", [{ type: HPA, name: "h", props: onCpu }, { type: VPA, name: "v", props: surgeVpa }])).toEqual([]);
    const initial = set(surgeVpa, (v) => { v.spec.updatePolicy.updateMode = "Initial"; });
    expect(await validateStack("k8s.vpa-hpa-conflict", [{ type: HPA, name: "h", props: hpaOnSurge }, { type: VPA, name: "v", props: initial }])).toEqual([]);
  });

  it("k8s.replicas-under-autoscaler: a Deployment with replicas under the rider-api HPA is reported unless it ignores spec.replicas", async () => {
    const reports = await validateStack("k8s.replicas-under-autoscaler", [{ type: DEPLOYMENT, name: "rider", props: riderDeployment }, { type: HPA, name: "rider-hpa", props: riderHpa }]);
    expect(reports.map((r) => r.urn)).toEqual([`urn:pulumi:test::app::${DEPLOYMENT}::rider`]);
    expect(reports[0]!.message).toContain(`Deployment rider-api sets spec.replicas 3 while HorizontalPodAutoscaler ${(riderHpa.metadata as any).name} owns its count`);
    expect(reports[0]!.message).toContain("fix: remove spec.replicas");
    expect(await validateStack("k8s.replicas-under-autoscaler", [{ type: DEPLOYMENT, name: "rider", props: riderDeployment, ignoreChanges: ["spec.replicas"] }, { type: HPA, name: "rider-hpa", props: riderHpa }])).toEqual([]);
    const noReplicas = set(riderDeployment, (d) => { delete d.spec.replicas; });
    expect(await validateStack("k8s.replicas-under-autoscaler", [{ type: DEPLOYMENT, name: "rider", props: noReplicas }, { type: HPA, name: "rider-hpa", props: riderHpa }])).toEqual([]);
  });

  it("k8s.replicas-under-autoscaler: in a stack's outputs the live replicas count only when Pulumi's field manager set them (managedFields)", async () => {
    const live = (manager: string) => set(riderDeployment, (d) => {
      d.spec.replicas = 7;
      d.metadata.managedFields = [
        { manager, operation: "Apply", fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:replicas": {}, "f:selector": {} } } },
        { manager: "kube-controller-manager", operation: "Update", subresource: "scale", fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:replicas": {} } } },
      ];
    });
    const hpa = { type: HPA, name: "rider-hpa", props: riderHpa };
    expect(await validateStack("k8s.replicas-under-autoscaler", [{ type: DEPLOYMENT, name: "rider", props: live("pulumi-kubernetes-a1b2c3d4") }, hpa])).toHaveLength(1);
    const notByPulumi = set(live("x"), (d) => { d.metadata.managedFields = d.metadata.managedFields.slice(1); });
    expect(await validateStack("k8s.replicas-under-autoscaler", [{ type: DEPLOYMENT, name: "rider", props: notByPulumi }, hpa])).toEqual([]);
  });

  it("k8s.replicas-under-autoscaler: a KEDA ScaledObject owns the count too; a Deployment in another namespace is not its target", async () => {
    const worker = set(riderDeployment, (d) => { d.metadata = { name: "instant-tasks-worker", namespace: "membrane" }; });
    expect(await validateStack("k8s.replicas-under-autoscaler", [{ type: DEPLOYMENT, name: "w", props: worker }, { type: SO, name: "so", props: workerScaledObject }])).toHaveLength(1);
    const elsewhere = set(worker, (d) => { d.metadata.namespace = "staging"; });
    expect(await validateStack("k8s.replicas-under-autoscaler", [{ type: DEPLOYMENT, name: "w", props: elsewhere }, { type: SO, name: "so", props: workerScaledObject }])).toEqual([]);
  });

  it("ecs.scale-in-deadlock (advisory): CPU and memory target tracking on one service is reported; one policy, or scale-in left to one, passes", async () => {
    const memory = set(ecsPolicy, (p) => {
      p.name = "api-service-memory-scaling";
      p.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType = "ECSServiceAverageMemoryUtilization";
    });
    expect(policy<StackValidationPolicy>("ecs.scale-in-deadlock").enforcementLevel).toBe("advisory");
    const reports = await validateStack("ecs.scale-in-deadlock", [{ type: TARGET, name: "t", props: ecsTarget }, { type: POLICY, name: "cpu", props: ecsPolicy }, { type: POLICY, name: "mem", props: memory }]);
    expect(reports.map((r) => r.urn)).toEqual([`urn:pulumi:test::app::${POLICY}::cpu`, `urn:pulumi:test::app::${POLICY}::mem`]);
    expect(reports[0]!.message).toMatch(/2 target-tracking policies with scale-in on service\/membrane\/api-service.*fix: keep one target-tracking policy/);
    expect(await validateStack("ecs.scale-in-deadlock", [{ type: TARGET, name: "t", props: ecsTarget }, { type: POLICY, name: "cpu", props: ecsPolicy }])).toEqual([]);
    const memoryOutOnly = set(memory, (p) => { p.targetTrackingScalingPolicyConfiguration.disableScaleIn = true; });
    expect(await validateStack("ecs.scale-in-deadlock", [{ type: POLICY, name: "cpu", props: ecsPolicy }, { type: POLICY, name: "mem", props: memoryOutOnly }])).toEqual([]);
  });
});
