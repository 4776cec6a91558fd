import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import * as pulumi from "@pulumi/pulumi";
import { PolicyError } from "../../src/policy";
import { MembranePlatform } from "../../src/components/membrane-platform";
import { polyscaleProvider } from "../../src/provider/provider";
import { installPulumiMocks, valueOf, type PulumiMockHarness } from "../../src/testing/pulumi";

// What a Python or YAML program sends: the component's type token and plain inputs; the policy as `policyDocument`
// (the text of a policy file, `fn::readFile`) or as `policy`, the same document written inline (plain JSON values,
// durations and quantities as strings: the seeds write them so).
const seedText = (f: string) => readFileSync(join(__dirname, "..", "..", "examples", "seeds", f), "utf8");
const seedObject = (f: string) => parseYaml(seedText(f)) as Record<string, unknown>;

let mocks: PulumiMockHarness;
beforeAll(async () => {
  mocks = await installPulumiMocks();
});
beforeEach(() => mocks.reset());

const provider = polyscaleProvider();
const construct = (type: string, name: string, inputs: Record<string, unknown>) => provider.construct(name, `polyscale:index:${type}`, inputs as any, {});
const childOf = async (type: string, componentUrn: string) => (await mocks.ofType(type)).filter((r) => r.parent === componentUrn);

describe("constructing the components through the provider (the multi-language path), under mocks", () => {
  it("KubernetesScaling: the rider-api policy text gives the component and its HPA; outputs engine and hpaName", async () => {
    const r = await construct("KubernetesScaling", "rider", { policyDocument: seedText("rider-api.yaml") });
    const urn = await valueOf(r.urn);
    expect(urn).toMatch(/::polyscale:index:KubernetesScaling::rider$/);
    const [hpa] = await childOf("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", urn);
    expect(hpa!.inputs.spec.scaleTargetRef.name).toBe("rider-api");
    expect(hpa!.inputs.spec.maxReplicas).toBe(50);
    expect(await valueOf(r.state.engine as any)).toBe("hpa");
  });

  it("KubernetesService: Deployment without replicas and the HPA parented to the one component", async () => {
    const r = await construct("KubernetesService", "rider", { policyDocument: seedText("rider-api.yaml"), workload: { image: "rider-api:1.4", readinessProbe: { path: "/ready" } } });
    const urn = await valueOf(r.urn);
    const [dep] = await childOf("kubernetes:apps/v1:Deployment", urn);
    expect(dep!.inputs.spec.replicas).toBeUndefined();
    expect(await childOf("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", urn)).toHaveLength(1);
    expect(await valueOf(r.state.deploymentName as any)).toBe("rider-api");
  });

  it("EcsServiceScaling: the seed API's target on the named cluster; output resourceId", async () => {
    const r = await construct("EcsServiceScaling", "api", { policyDocument: seedText("membrane-ecs-api.yaml"), clusterName: "membrane" });
    const urn = await valueOf(r.urn);
    const [target] = await childOf("aws:appautoscaling/target:Target", urn);
    expect(target!.inputs.resourceId).toMatch(/^service\/membrane\//);
    expect(await valueOf(r.state.resourceId as any)).toBe(target!.inputs.resourceId);
  });

  it("ContainerAppService: one Container App with the policy's scale block", async () => {
    const r = await construct("ContainerAppService", "api", { policyDocument: seedText("membrane-container-apps-api.yaml"), resourceGroupName: "rg", environmentId: "env", image: "api:1", ingressTargetPort: 5000 });
    const [app] = await childOf("azure-native:app:ContainerApp", await valueOf(r.urn));
    expect(app!.inputs.template.scale.rules.map((x: { name: string }) => x.name)).toContain("http-scaling");
  });

  it("CloudRunService and ScaledService (platform cloud-run, given as the enum's string)", async () => {
    const run = await construct("CloudRunService", "run", { policyDocument: seedText("membrane-cloud-run-api.yaml"), location: "europe-west1", image: "api:1" });
    expect(await childOf("gcp:cloudrunv2/service:Service", await valueOf(run.urn))).toHaveLength(1);
    const svc = await construct("ScaledService", "svc", { platform: "cloud-run", policyDocument: seedText("membrane-cloud-run-api.yaml"), workload: { image: "api:1" }, cloudRun: { location: "europe-west1" } });
    expect(await valueOf(svc.urn)).toMatch(/::polyscale:index:ScaledService::svc$/);
    expect(await valueOf(svc.state.workloadName as any)).toBeTypeOf("string");
  });

  it("MembranePlatform: every Membrane service on Kubernetes, in the namespace given", async () => {
    const r = await construct("MembranePlatform", "m", { platform: "kubernetes", images: { registry: "ghcr.io/membrane", tag: "1" }, namespace: "membrane-prod" });
    const names = await valueOf(r.state.serviceNames as any);
    expect(Object.keys(names).length).toBe((await mocks.ofType("polyscale:index:ScaledService")).length);
    for (const d of await mocks.ofType("kubernetes:apps/v1:Deployment")) expect(d.inputs.metadata.namespace).toBe("membrane-prod");
  });

  // The preset's options, which the TypeScript component takes as `options`, at the top level of the provider's args.
  const images = { registry: "ghcr.io/membrane", tag: "1" };
  const MEMBRANE_CASES: Array<[platform: string, options: Record<string, unknown>, rest: Record<string, unknown>]> = [
    [
      "kubernetes",
      { namespace: "membrane-prod", prometheusServerAddress: "http://prometheus.monitoring:9090", serviceMonitors: false, names: { api: "membrane-api" } },
      { workloads: { api: { resources: { cpu: "1", memory: "1Gi" }, env: { LOG_LEVEL: "debug" } } }, readinessPath: "/health" },
    ],
    [
      "kubernetes",
      { kubernetesEngine: "hpa" },
      { exclude: ["queued-tasks-worker", "custom-code-runner"] },
    ],
    [
      "ecs",
      { ecsCluster: "prod", ecsWorkersRequiredMetric: { namespace: "Membrane", metricName: "QueuedTasksWorkersRequired", dimensions: { Service: "queued-tasks-worker" } } },
      { exclude: ["custom-code-runner"], ecs: { clusterName: "prod" } },
    ],
    [
      "container-apps",
      {
        azureMonitorResourceId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/membrane-rg/providers/Microsoft.ServiceBus/namespaces/membrane",
        azureMonitor: { tenantId: "11111111-1111-1111-1111-111111111111", metricAggregationType: "Average" },
        azureMonitorIdentity: "system",
      },
      { exclude: ["queued-tasks-worker", "custom-code-runner"], containerApps: { resourceGroupName: "rg", managedEnvironmentId: "env" } },
    ],
  ];

  it.each(MEMBRANE_CASES)("MembranePlatform on %s: the preset's options as top-level args register exactly what the TypeScript component registers with them as `options`", async (platform, options, rest) => {
    const viaProvider = await registered("MembranePlatform", { platform, images, ...options, ...rest });
    await mocks.reset();
    new MembranePlatform("svc", { platform, images, options, ...rest } as never);
    const direct = (await mocks.all()).map(({ type: t, name, inputs: i, parent }) => ({ type: t, name, inputs: i, parent }));
    expect(viaProvider.filter((r) => r.type === "polyscale:index:ScaledService").length).toBeGreaterThan(1);
    expect(viaProvider).toEqual(direct);
  });

  it("MembranePlatform: a name that is not a Membrane service, or an unknown engine, is an error at its path, one per problem, before anything is registered", async () => {
    await mocks.reset();
    const error = await construct("MembranePlatform", "m", {
      platform: "kubernetes",
      images: { ...images, byService: { "api-servce": "api:2" } },
      exclude: ["ui", "consol"],
      names: { orchestrater: "orch" },
      workloads: { billing: { port: 9000 } },
      kubernetesEngine: "HPA",
    }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyError);
    const issues = (error as PolicyError).issues.map((i) => [i.path.join("."), i.message]);
    expect(issues.map(([path]) => path)).toEqual(["exclude.1", "names.orchestrater", "workloads.billing", "images.byService.api-servce", "kubernetesEngine"]);
    expect(issues[4]![1]).toBe('must be "hpa" or "keda", got "HPA"; did you mean "hpa"?');
    expect(issues[0]![1]).toBe('must be a Membrane service ("api", "instant-tasks-worker", "queued-tasks-worker", "custom-code-runner", "ui", "console" or "orchestrator"), got "consol"; did you mean "console"?');
    expect(issues[2]![1]).not.toContain("did you mean");
    expect(await mocks.all()).toEqual([]);
  });

  // Each component with its seed and the other inputs a program gives it.
  const CASES: Array<[type: string, seed: string, inputs: Record<string, unknown>, child: string]> = [
    ["KubernetesScaling", "rider-api.yaml", {}, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"],
    ["KubernetesService", "rider-api.yaml", { workload: { image: "rider-api:1.4" } }, "kubernetes:apps/v1:Deployment"],
    ["EcsServiceScaling", "membrane-ecs-api.yaml", { clusterName: "membrane" }, "aws:appautoscaling/policy:Policy"],
    ["ContainerAppService", "membrane-container-apps-api.yaml", { resourceGroupName: "rg", environmentId: "env", image: "api:1", ingressTargetPort: 5000 }, "azure-native:app:ContainerApp"],
    ["CloudRunService", "membrane-cloud-run-api.yaml", { location: "europe-west1", image: "api:1" }, "gcp:cloudrunv2/service:Service"],
    ["ScaledService", "membrane-cloud-run-api.yaml", { platform: "cloud-run", workload: { image: "api:1" }, cloudRun: { location: "europe-west1" } }, "gcp:cloudrunv2/service:Service"],
  ];
  const registered = async (type: string, inputs: Record<string, unknown>) => {
    await mocks.reset();
    await valueOf((await construct(type, "svc", inputs)).urn);
    return (await mocks.all()).map(({ type: t, name, inputs: i, parent }) => ({ type: t, name, inputs: i, parent }));
  };

  it.each(CASES)("%s: the policy written inline (structured `policy`) registers exactly what its text (`policyDocument`) registers", async (type, seed, inputs, child) => {
    const fromText = await registered(type, { ...inputs, policyDocument: seedText(seed) });
    expect(fromText.map((r) => r.type)).toContain(child);
    expect(await registered(type, { ...inputs, policy: seedObject(seed) })).toEqual(fromText);
  });

  it("a structured policy with the provider's own spellings: missingMetrics { replicas, failureThreshold }, durations and a port as strings", async () => {
    const policy = {
      service: "billing",
      namespace: "payments",
      scaling: {
        replicas: { min: 1, max: 20 },
        metrics: [{ prometheus: { query: "sum(billing_jobs_waiting)", target: 10, serverAddress: "http://prometheus.monitoring:9090" } }],
        missingMetrics: { replicas: 4, failureThreshold: 2 },
        scaleDown: { stabilization: "5m", policies: [{ percent: 50, per: "1m" }] },
        kubernetes: { pollingInterval: "15s", cooldownPeriod: "10m" },
      },
      monitoring: { port: "9090" },
    };
    const r = await construct("KubernetesScaling", "billing", { policy });
    const urn = await valueOf(r.urn);
    expect(await valueOf(r.state.engine as any)).toBe("keda");
    const [so] = await childOf("kubernetes:keda.sh/v1alpha1:ScaledObject", urn);
    // KEDA ScaledObject spec (https://keda.sh/docs/2.18/reference/scaledobject-spec/): fallback, pollingInterval and
    // cooldownPeriod in seconds, HPA behavior under advanced.horizontalPodAutoscalerConfig.
    expect(so!.inputs.spec.fallback).toEqual({ failureThreshold: 2, replicas: 4 });
    expect(so!.inputs.spec.pollingInterval).toBe(15);
    expect(so!.inputs.spec.cooldownPeriod).toBe(600);
    expect(so!.inputs.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown).toMatchObject({ stabilizationWindowSeconds: 300, policies: [{ type: "Percent", value: 50, periodSeconds: 60 }] });
    // A port written as digits is a container port number: ServiceMonitor targetPort, not a port name.
    const [sm] = await childOf("kubernetes:monitoring.coreos.com/v1:ServiceMonitor", urn);
    expect(sm!.inputs.spec.endpoints[0].targetPort).toBe(9090);
    expect(sm!.inputs.spec.endpoints[0].port).toBeUndefined();
  });

  it("missingMetrics { mode } is the model's hold / scaleUp", async () => {
    const policy = { service: "jobs", scaling: { replicas: { min: 2, max: 9 }, metrics: [{ prometheus: { query: "sum(jobs)", target: 5, serverAddress: "http://prom:9090" } }], missingMetrics: { mode: "scaleUp" } } };
    const urn = await valueOf((await construct("KubernetesScaling", "jobs", { policy })).urn);
    const [so] = await childOf("kubernetes:keda.sh/v1alpha1:ScaledObject", urn);
    // scaleUp: fall back to replicas.max, never lower than now (KEDA fallback behavior currentReplicasIfHigher).
    expect(so!.inputs.spec.fallback).toMatchObject({ replicas: 9, behavior: "currentReplicasIfHigher" });
  });

  it("the Pulumi YAML example of docs/pulumi-native.md: each resource's properties construct (fn::readFile read from examples/seeds)", async () => {
    const doc = readFileSync(join(__dirname, "..", "..", "docs", "pulumi-native.md"), "utf8");
    const block = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes("runtime: yaml"))!;
    const program = parseYaml(block) as { resources: Record<string, { type: string; properties: Record<string, any> }> };
    expect(Object.keys(program.resources)).toEqual(["rider", "api"]);
    for (const [name, { type, properties }] of Object.entries(program.resources)) {
      const file = properties.policyDocument?.["fn::readFile"] as string | undefined;
      const inputs = file ? { ...properties, policyDocument: seedText(file.split("/").pop()!) } : properties;
      const r = await construct(type.replace(/^polyscale:/, ""), name, inputs);
      expect(await valueOf(r.urn)).toMatch(new RegExp(`::polyscale:index:${type.replace(/^polyscale:/, "")}::${name}$`));
    }
    const [hpa] = await mocks.ofType("kubernetes:autoscaling/v2:HorizontalPodAutoscaler");
    expect(hpa!.inputs.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
    expect(await mocks.ofType("aws:appautoscaling/policy:Policy")).not.toEqual([]);
  });

  const refusal = async (type: string, inputs: Record<string, unknown>) => {
    const e = await construct(type, "x", inputs).then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(PolicyError);
    return (e as PolicyError).message.split("\n").slice(1);
  };

  it("policy and policyDocument: exactly one, of the right type; refused before anything is registered, naming the field", async () => {
    const rider = seedText("rider-api.yaml");
    expect(await refusal("KubernetesScaling", { policy: seedObject("rider-api.yaml"), policyDocument: rider })).toEqual([" - policy: give exactly one of policy (the policy as an object) or policyDocument (its YAML or JSON text), got both"]);
    expect(await refusal("EcsServiceScaling", { clusterName: "c" })).toEqual([" - policy: give one of policy (the policy as an object) or policyDocument (its YAML or JSON text), got neither"]);
    expect(await refusal("KubernetesScaling", { policy: rider })).toEqual([" - policy: must be the policy as an object (service, scaling, ...), got string; give a policy's YAML or JSON text as policyDocument"]);
    expect(await refusal("KubernetesScaling", { policy: [seedObject("rider-api.yaml")] })).toEqual([" - policy: must be the policy as an object (service, scaling, ...), got a list; give a policy's YAML or JSON text as policyDocument"]);
    expect(await refusal("KubernetesScaling", { policyDocument: seedObject("rider-api.yaml") })).toEqual([" - policyDocument: must be the text of one policy (YAML or JSON), got object"]);
    expect(await refusal("KubernetesScaling", { policy: pulumi.output(seedObject("rider-api.yaml")) })).toEqual([" - policy: must be plain values known before the deployment (not an output of another resource, not a secret: a policy holds no credentials)"]);
    expect(await refusal("KubernetesScaling", { policyDocument: pulumi.secret(rider) })).toEqual([" - policyDocument: must be plain values known before the deployment (not an output of another resource, not a secret: a policy holds no credentials)"]);
    const two = `services:\n  - ${rider.split("\n").filter((l) => l && !l.startsWith("#")).join("\n    ")}\n  - service: other\n    scaling: { mode: fixed, replicas: { min: 1, max: 1 } }\n`;
    expect(await refusal("KubernetesScaling", { policyDocument: two })).toEqual([" - policyDocument: must hold exactly one policy, got 2 (construct one component per service)"]);
    await expect(construct("Nope", "x", {})).rejects.toThrow(/polyscale has no component/);
    expect(await mocks.all()).toEqual([]);
  });

  it("a structured policy's problems are named under policy.<path>, every one at once", async () => {
    const base = seedObject("rider-api.yaml") as { scaling: Record<string, unknown> };
    const lines = await refusal("KubernetesService", { workload: { image: "a:1" }, policy: { ...base, scaling: { ...base.scaling, replicas: { min: 3, max: 0 }, scaleUp: { stabilization: "soon" } } } });
    expect([...new Set(lines.map((l) => l.split(": ")[0]))]).toEqual([" - policy.scaling.replicas.max", " - policy.scaling.scaleUp.stabilization"]);
    expect(await refusal("KubernetesScaling", { policy: { ...base, scaling: { ...base.scaling, missingMetrics: { mode: "hold", replicas: 3 } } } })).toEqual([
      ' - policy.scaling.missingMetrics: give exactly one of mode ("hold" or "scaleUp") or replicas (a fallback replica count), got both (mode "hold")',
    ]);
    expect(await mocks.all()).toEqual([]);
  });
});
