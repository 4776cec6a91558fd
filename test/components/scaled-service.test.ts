import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ScaledService } from "../../src/components/scaled-service";
import { membraneApi, membraneOrchestrator } from "../../src/presets";
import { installPulumiMocks, settled, valueOf, type PulumiMockHarness } from "../../src/testing";

const ROOT = join(__dirname, "..", "..");
let mocks: PulumiMockHarness;
beforeAll(async () => {
  mocks = await installPulumiMocks();
});
beforeEach(() => mocks.reset());

async function build(svc: ScaledService) {
  await valueOf(svc.workloadName);
  await settled();
}

describe("ScaledService", () => {
  it("kubernetes: the Deployment has no replica count and ignores replica changes once the HPA owns it (no fight with the autoscaler)", async () => {
    const svc = new ScaledService("api", {
      platform: "kubernetes",
      policy: membraneApi("kubernetes"),
      workload: { image: "ghcr.io/membrane/api:1", port: 5000, resources: { cpu: "500m", memory: "512Mi" }, readinessProbe: { path: "/health" } },
    });
    await build(svc);
    const [dep] = (await mocks.ofType("kubernetes:apps/v1:Deployment"));
    expect(dep!.inputs.spec.replicas).toBeUndefined();
    expect(dep!.ignoreChanges).toEqual(["spec.replicas"]);
    expect(dep!.inputs.spec.template.spec.containers[0].readinessProbe).toEqual({ httpGet: { path: "/health", port: 5000 }, periodSeconds: 10 });
    expect(dep!.inputs.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: "500m", memory: "512Mi" } });
    const [hpa] = (await mocks.ofType("kubernetes:autoscaling/v2:HorizontalPodAutoscaler"));
    expect(hpa!.inputs.spec.scaleTargetRef.name).toBe(dep!.inputs.metadata.name);
    // Parented: ScaledService > KubernetesService > HPA (no nested scaling component); the old chain
    // ScaledService > kubernetes Service > ServiceScaling > HPA is the HPA's alias.
    expect(hpa!.parent).toMatch(/::polyscale:index:ScaledService\$polyscale:index:KubernetesService::api$/);
    expect(hpa!.aliases).toContainEqual({ parentUrn: "urn:pulumi:test::polyscale::polyscale:index:ScaledService$polyscale:kubernetes:Service$polyscale:kubernetes:ServiceScaling::api-scaling" });
    expect(await mocks.ofType("polyscale:index:KubernetesScaling")).toEqual([]);
    const [component] = await mocks.ofType("polyscale:index:KubernetesService");
    expect(component!.parent).toMatch(/::polyscale:index:ScaledService::api$/);
    expect(component!.aliases).toEqual([{ type: "polyscale:kubernetes:Service", parentUrn: component!.parent }]);
    expect(await valueOf(svc.warnings)).toEqual([]);
  });

  it("kubernetes: a fixed service keeps its count and no autoscaler is created", async () => {
    const svc = new ScaledService("orchestrator", { platform: "kubernetes", policy: membraneOrchestrator("kubernetes"), workload: { image: "o:1", readinessProbe: { path: "/health" } } });
    await build(svc);
    const [dep] = (await mocks.ofType("kubernetes:apps/v1:Deployment"));
    expect(dep!.inputs.spec.replicas).toBe(2);
    expect(dep!.ignoreChanges).toEqual([]);
    expect((await mocks.all()).filter((r) => /Autoscaler|ScaledObject/.test(r.type))).toHaveLength(0);
  });

  it("kubernetes: an autoscaled service without a readiness probe gets a warning; cpu utilisation without a request is refused", async () => {
    const svc = new ScaledService("api", { platform: "kubernetes", policy: membraneApi("kubernetes"), workload: { image: "a:1", resources: { cpu: "250m" } } });
    await build(svc);
    expect((await valueOf(svc.warnings))[0]).toMatch(/autoscaled without a readiness probe/);
    expect(() => new ScaledService("api2", { platform: "kubernetes", policy: membraneApi("kubernetes"), workload: { image: "a:1" } })).toThrow(
      "scaling.metrics[0].cpu.utilization: needs a cpu request on the workload (workload.resources.cpu)",
    );
  });

  it("ecs: attaches Application Auto Scaling to an existing service", async () => {
    const svc = new ScaledService("api", { platform: "ecs", policy: membraneApi("ecs"), workload: { image: "a:1" }, ecs: { clusterName: "membrane-cluster", serviceName: "api" } });
    await build(svc);
    const [target] = (await mocks.ofType("aws:appautoscaling/target:Target"));
    expect(target!.inputs).toMatchObject({ resourceId: "service/membrane-cluster/api", scalableDimension: "ecs:service:DesiredCount", minCapacity: 2, maxCapacity: 10 });
    expect((await mocks.ofType("aws:ecs/service:Service"))).toHaveLength(0);
  });

  it("ecs: a created Fargate service sets desiredCount once and then ignores it", async () => {
    const svc = new ScaledService("api", {
      platform: "ecs",
      policy: membraneApi("ecs"),
      workload: { image: "a:1" },
      ecs: { clusterName: "membrane-cluster", create: { clusterArn: "arn:aws:ecs:eu-west-1:1:cluster/membrane-cluster", taskDefinitionArn: "arn:aws:ecs:eu-west-1:1:task-definition/api:3", subnetIds: ["subnet-1"] } },
    });
    await build(svc);
    const [service] = (await mocks.ofType("aws:ecs/service:Service"));
    expect(service!.inputs).toMatchObject({ name: "api", launchType: "FARGATE", desiredCount: 2 });
    expect(service!.ignoreChanges).toEqual(["desiredCount"]);
    const [target] = (await mocks.ofType("aws:appautoscaling/target:Target"));
    expect(target!.dependencies.some((d) => d.endsWith("::api-service"))).toBe(true);
  });

  it("container-apps and cloud-run: one app/service carrying the policy's scale settings and the readiness probe", async () => {
    const aca = new ScaledService("api", {
      platform: "container-apps",
      policy: membraneApi("container-apps"),
      workload: { image: "a:1", port: 5000, readinessProbe: { path: "/health" } },
      containerApps: { resourceGroupName: "membrane-rg", managedEnvironmentId: "/subscriptions/0/resourceGroups/membrane-rg/providers/Microsoft.App/managedEnvironments/env" },
    });
    await build(aca);
    const [app] = (await mocks.ofType("azure-native:app:ContainerApp"));
    expect(app!.inputs.template.scale).toMatchObject({ minReplicas: 2, maxReplicas: 10 });
    expect(app!.inputs.template.containers[0].probes).toEqual([{ type: "Readiness", httpGet: { path: "/health", port: 5000 } }]);

    await mocks.reset();
    const cr = new ScaledService("api", { platform: "cloud-run", policy: membraneApi("cloud-run"), workload: { image: "a:1", port: 5000, readinessProbe: { path: "/health" } }, cloudRun: { location: "europe-west1" } });
    await build(cr);
    const [run] = (await mocks.ofType("gcp:cloudrunv2/service:Service"));
    expect(run!.inputs.template.scaling).toMatchObject({ minInstanceCount: 2, maxInstanceCount: 10 });
    expect(run!.inputs.template.maxInstanceRequestConcurrency).toBe(80);
  });

  it("a platform's missing args are a clear error", () => {
    expect(() => new ScaledService("x", { platform: "ecs", policy: membraneApi("ecs"), workload: { image: "a:1" } })).toThrow("platform ecs needs the `ecs` args");
  });
});

describe("start-up cost: only the chosen platform's SDK is loaded", () => {
  const loaded = (platform: string) => {
    const script = `
      const pulumi = require("@pulumi/pulumi");
      pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name + "-id", state: a.inputs }), call: (a) => a.inputs }, "p", "s", false).then(() => {
        const { ScaledService } = require("./src/components/scaled-service");
        const { membraneApi } = require("./src/presets");
        const platformArgs = { ecs: { ecs: { clusterName: "c", serviceName: "api" } }, kubernetes: {}, "cloud-run": { cloudRun: { location: "europe-west1" } } }[${JSON.stringify(platform)}];
        new ScaledService("api", { platform: ${JSON.stringify(platform)}, policy: membraneApi(${JSON.stringify(platform)}), workload: { image: "a:1", resources: ${platform === "kubernetes" ? '{ cpu: "1" }' : "undefined"}, readinessProbe: { path: "/h" } }, ...platformArgs });
        const sdks = ["@pulumi/aws", "@pulumi/azure-native", "@pulumi/gcp", "@pulumi/kubernetes"].filter((p) => Object.keys(require.cache).some((k) => k.includes("/node_modules/" + p + "/")));
        console.log(JSON.stringify(sdks));
        return pulumi.runtime.disconnect();
      });`;
    const r = spawnSync(process.execPath, ["-r", "tsx/cjs", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as string[];
  };

  it.each([
    ["kubernetes", ["@pulumi/kubernetes"]],
    ["ecs", ["@pulumi/aws"]],
    ["cloud-run", ["@pulumi/gcp"]],
  ])("%s loads %j and no other provider SDK", (platform, expected) => {
    expect(loaded(platform)).toEqual(expected);
  });
});

describe("child names derive from the component name", () => {
  it("two ECS services named alike under different components do not collide", async () => {
    const a = new ScaledService("team-a-api", { platform: "ecs", policy: membraneApi("ecs"), workload: { image: "a:1" }, ecs: { clusterName: "cluster-a", serviceName: "api" } });
    const b = new ScaledService("team-b-api", { platform: "ecs", policy: membraneApi("ecs"), workload: { image: "a:1" }, ecs: { clusterName: "cluster-b", serviceName: "api" } });
    await Promise.all([build(a), build(b)]);
    const targets = (await mocks.ofType("aws:appautoscaling/target:Target")).map((t) => [t.name, t.inputs.resourceId]).sort();
    expect(targets).toEqual([
      ["team-a-api-scaling-target", "service/cluster-a/api"],
      ["team-b-api-scaling-target", "service/cluster-b/api"],
    ]);
    // The AWS-side policy name stays the seed's.
    expect((await mocks.ofType("aws:appautoscaling/policy:Policy")).map((p) => p.inputs.name)).toEqual(["api-cpu-scaling", "api-cpu-scaling"]);
  });
});
