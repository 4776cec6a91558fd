import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PolicyError } from "../../src/policy";
import { polyscaleProvider } from "../../src/provider/provider";
import { installPulumiMocks, valueOf, type PulumiMockHarness } from "../../src/testing/pulumi";

// What a Python or YAML program sends: the component's type token and plain inputs, the policy as the text of
// a policy file.
const seedText = (f: string) => readFileSync(join(__dirname, "..", "..", "examples", "seeds", f), "utf8");

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
    const r = await construct("KubernetesScaling", "rider", { policy: seedText("rider-api.yaml") });
    const urn = await valueOf(r.urn);
    expect(urn).toMatch(/::polyscale:index:KubernetesScaling::rider$/);
    const [hpa] = await childOf("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", urn);
    expect(hpa!.inputs.spec.scaleTargetRef.name).toBe("rider-api");
    expect(hpa!.inputs.spec.maxReplicas).toBe(50);
    expect(await valueOf(r.state.engine as any)).toBe("hpa");
  });

  it("KubernetesService: Deployment without replicas and the HPA parented to the one component", async () => {
    const r = await construct("KubernetesService", "rider", { policy: seedText("rider-api.yaml"), workload: { image: "rider-api:1.4", readinessProbe: { path: "/ready" } } });
    const urn = await valueOf(r.urn);
    const [dep] = await childOf("kubernetes:apps/v1:Deployment", urn);
    expect(dep!.inputs.spec.replicas).toBeUndefined();
    expect(await childOf("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", urn)).toHaveLength(1);
    expect(await valueOf(r.state.deploymentName as any)).toBe("rider-api");
  });

  it("EcsServiceScaling: the seed API's target on the named cluster; output resourceId", async () => {
    const r = await construct("EcsServiceScaling", "api", { policy: seedText("membrane-ecs-api.yaml"), clusterName: "membrane" });
    const urn = await valueOf(r.urn);
    const [target] = await childOf("aws:appautoscaling/target:Target", urn);
    expect(target!.inputs.resourceId).toMatch(/^service\/membrane\//);
    expect(await valueOf(r.state.resourceId as any)).toBe(target!.inputs.resourceId);
  });

  it("ContainerAppService: one Container App with the policy's scale block", async () => {
    const r = await construct("ContainerAppService", "api", { policy: seedText("membrane-container-apps-api.yaml"), resourceGroupName: "rg", environmentId: "env", image: "api:1", ingressTargetPort: 5000 });
    const [app] = await childOf("azure-native:app:ContainerApp", await valueOf(r.urn));
    expect(app!.inputs.template.scale.rules.map((x: { name: string }) => x.name)).toContain("http-scaling");
  });

  it("CloudRunService and ScaledService (platform cloud-run, given as the enum's string)", async () => {
    const run = await construct("CloudRunService", "run", { policy: seedText("membrane-cloud-run-api.yaml"), location: "europe-west1", image: "api:1" });
    expect(await childOf("gcp:cloudrunv2/service:Service", await valueOf(run.urn))).toHaveLength(1);
    const svc = await construct("ScaledService", "svc", { platform: "cloud-run", policy: seedText("membrane-cloud-run-api.yaml"), workload: { image: "api:1" }, cloudRun: { location: "europe-west1" } });
    expect(await valueOf(svc.urn)).toMatch(/::polyscale:index:ScaledService::svc$/);
    expect(await valueOf(svc.state.workloadName as any)).toBeTypeOf("string");
  });

  it("MembranePlatform: every Membrane service on Kubernetes, in the namespace given", async () => {
    const r = await construct("MembranePlatform", "m", { platform: "kubernetes", images: { registry: "ghcr.io/membrane", tag: "1" }, namespace: "membrane-prod" });
    const names = await valueOf(r.state.serviceNames as any);
    expect(Object.keys(names).length).toBe((await mocks.ofType("polyscale:index:ScaledService")).length);
    for (const d of await mocks.ofType("kubernetes:apps/v1:Deployment")) expect(d.inputs.metadata.namespace).toBe("membrane-prod");
  });

  it("a policy that is not one policy's text is refused before anything is registered, naming the field", async () => {
    await expect(construct("KubernetesScaling", "x", { policy: { service: "x" } })).rejects.toThrow(/policy: .*must be the text of one policy/);
    const two = `services:\n  - ${seedText("rider-api.yaml").split("\n").filter((l) => l && !l.startsWith("#")).join("\n    ")}\n  - service: other\n    scaling: { mode: fixed, replicas: { min: 1, max: 1 } }\n`;
    await expect(construct("KubernetesScaling", "x", { policy: two })).rejects.toThrow(PolicyError);
    await expect(construct("KubernetesScaling", "x", { policy: two })).rejects.toThrow(/must hold exactly one policy, got 2/);
    await expect(construct("Nope", "x", {})).rejects.toThrow(/polyscale has no component/);
    expect(await mocks.all()).toEqual([]);
  });
});
