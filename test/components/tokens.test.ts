import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CloudRunService } from "../../src/components/cloud-run";
import { ContainerAppService } from "../../src/components/container-apps";
import { EcsServiceScaling } from "../../src/components/ecs";
import { KubernetesScaling, KubernetesService } from "../../src/components/kubernetes";
import { MembranePlatform } from "../../src/components/membrane-platform";
import { toPolicyInput } from "../../src/components/policy-arg";
import { ScaledService } from "../../src/components/scaled-service";
import { legacyChildUrn } from "../../src/components/tokens";
import { parsePolicyFile, type ScalingPolicyInput } from "../../src/policy";
import { installPulumiMocks, valueOf, type CapturedResource, type PulumiMockHarness } from "../../src/testing/pulumi";

const seed = (file: string): ScalingPolicyInput => toPolicyInput(parsePolicyFile(readFileSync(join(__dirname, "..", "..", "examples", "seeds", file), "utf8"), file)[0]!);
/**
 * The value inside a secret envelope, or undefined when `v` is not one. The SDK marks the whole top-level
 * input secret when a value inside it is (see container-apps.test.ts), so the envelope is checked there.
 */
const secretContent = (v: unknown): any =>
  typeof v === "object" && v !== null && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig ? (v as { value: unknown }).value : undefined;

let mocks: PulumiMockHarness;
beforeAll(async () => {
  mocks = await installPulumiMocks();
});
beforeEach(() => mocks.reset());

async function component(type: string): Promise<CapturedResource> {
  const found = (await mocks.ofType(type)).filter((r) => !r.custom);
  expect(found).toHaveLength(1);
  return found[0]!;
}

// The tokens each class had before `polyscale:index:<ClassName>` (git history of src/components).
const LEGACY: Array<[string, string, () => unknown]> = [
  ["KubernetesScaling", "polyscale:kubernetes:ServiceScaling", () => new KubernetesScaling("asr", { policy: seed("lightning-asr-advanced.yaml") })],
  ["KubernetesService", "polyscale:kubernetes:Service", () => new KubernetesService("rider", { policy: seed("rider-api.yaml"), workload: { image: "rider:1", resources: { cpu: "500m", memory: "1Gi" } } })],
  ["EcsServiceScaling", "polyscale:ecs:ServiceScaling", () => new EcsServiceScaling("api", { policy: seed("membrane-ecs-api.yaml"), clusterName: "membrane" })],
  ["ContainerAppService", "polyscale:azure:ContainerAppService", () => new ContainerAppService("api", { policy: seed("membrane-container-apps-api.yaml"), resourceGroupName: "rg", environmentId: "env", image: "api:1", ingressTargetPort: 5000 })],
  ["CloudRunService", "polyscale:gcp:CloudRunService", () => new CloudRunService("api", { policy: seed("membrane-cloud-run-api.yaml"), location: "europe-west1", image: "api:1" })],
  ["MembranePlatform", "polyscale:membrane:Platform", () => new MembranePlatform("m", { platform: "kubernetes", images: { registry: "r", tag: "1" } })],
];

describe("component tokens: polyscale:index:<ClassName>, aliased to the tokens existing stacks hold", () => {
  for (const [cls, legacy, make] of LEGACY) {
    it(`${cls} registers as polyscale:index:${cls} with the alias ${legacy}, before the caller's aliases`, async () => {
      make();
      const c = await component(`polyscale:index:${cls}`);
      // At the stack's root the alias is the old URN itself (the engine resolves `{ type: legacy }` to the same).
      expect(c.aliases).toEqual([{ urn: `urn:pulumi:test::polyscale::${legacy}::${c.name}` }]);
      expect(await mocks.ofType(legacy)).toEqual([]);
    });
  }

  it("ScaledService on ECS groups its service under polyscale:index:EcsService, aliased to polyscale:ecs:Service", async () => {
    new ScaledService("api", { platform: "ecs", policy: seed("membrane-ecs-api.yaml"), workload: { image: "api:1" }, ecs: { clusterName: "membrane", serviceName: "api-service" } });
    const group = await component("polyscale:index:EcsService");
    expect(group.aliases).toEqual([{ type: "polyscale:ecs:Service", parentUrn: group.parent }]);
    expect(group.inputs).toEqual({ clusterName: "membrane", serviceName: "api-service" });
  });

  it("the caller's own aliases are kept after the legacy one", async () => {
    new CloudRunService("api", { policy: seed("membrane-cloud-run-api.yaml"), location: "europe-west1", image: "api:1" }, { aliases: [{ name: "old-api" }] });
    expect((await component("polyscale:index:CloudRunService")).aliases).toEqual([{ urn: "urn:pulumi:test::polyscale::polyscale:gcp:CloudRunService::api" }, { name: "old-api" }]);
  });

  it("KubernetesService's autoscaling children are aliased to their URNs under the old nested KubernetesScaling", async () => {
    const worker: ScalingPolicyInput = {
      service: "worker",
      scaling: {
        replicas: { min: 0, max: 5 },
        metrics: [{ queue: { jobsPerReplica: 10, from: { prometheus: { query: "sum(jobs_waiting)" } } } }],
        kubernetes: { prometheus: { serverAddress: "https://prom.example:9090", auth: { mode: "bearer" } } },
      },
    };
    new KubernetesService("asr", { policy: seed("lightning-asr-advanced.yaml"), workload: { image: "asr:1", resources: { cpu: "1", memory: "2Gi" } } });
    const svc = new KubernetesService("worker", { policy: worker, workload: { image: "w:1" }, prometheusCredentials: { bearerToken: "t" } });
    // The compiled values are Outputs made on first read (not with the component).
    expect(await valueOf(svc.scaling!.engine)).toBe("keda");
    expect(svc.scaling!.engine).toBe(svc.scaling!.engine);
    const own = new Set(["polyscale:index:KubernetesService", "kubernetes:apps/v1:Deployment", "kubernetes:core/v1:Service"]);
    const children = (await mocks.all()).filter((r) => !own.has(r.type));
    expect(children.map((r) => r.type).sort()).toEqual([
      "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
      "kubernetes:core/v1:Secret",
      "kubernetes:keda.sh/v1alpha1:ScaledObject",
      "kubernetes:keda.sh/v1alpha1:TriggerAuthentication",
      "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
      "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
    ]);
    for (const r of children) {
      const service = r.name.startsWith("asr-") ? "asr" : "worker";
      expect(r.parent).toBe(`urn:pulumi:test::polyscale::polyscale:index:KubernetesService::${service}`);
      expect(r.aliases).toContainEqual({ urn: `urn:pulumi:test::polyscale::polyscale:kubernetes:Service$polyscale:kubernetes:ServiceScaling$${r.type}::${r.name}` });
    }
  });

  it("ScaledService keeps its token (it already was polyscale:index:ScaledService) and has no alias", async () => {
    new ScaledService("api", { platform: "cloud-run", policy: seed("membrane-cloud-run-api.yaml"), workload: { image: "api:1" }, cloudRun: { location: "europe-west1" } });
    expect((await component("polyscale:index:ScaledService")).aliases).toEqual([]);
  });

  it("legacyChildUrn writes a parent's type chain with the legacy tokens", () => {
    expect(legacyChildUrn("urn:pulumi:s::p::polyscale:index:MembranePlatform$polyscale:index:ScaledService$polyscale:index:KubernetesService::m-api", "polyscale:kubernetes:ServiceScaling", "m-api-scaling"))
      .toBe("urn:pulumi:s::p::polyscale:membrane:Platform$polyscale:index:ScaledService$polyscale:kubernetes:Service$polyscale:kubernetes:ServiceScaling::m-api-scaling");
  });
});

describe("components register their inputs, credentials as secrets", () => {
  it("KubernetesScaling: the policy as given, a plain-string bearer token wrapped as a secret", async () => {
    const policy: ScalingPolicyInput = {
      service: "worker",
      namespace: "jobs",
      scaling: {
        replicas: { min: 0, max: 5 },
        metrics: [{ queue: { jobsPerReplica: 10, from: { prometheus: { query: "sum(jobs_waiting)" } } } }],
        kubernetes: { prometheus: { serverAddress: "https://prom.example:9090", auth: { mode: "bearer" } } },
      },
    };
    new KubernetesScaling("worker", { policy, prometheusCredentials: { bearerToken: "plain-token" } });
    const c = await component("polyscale:index:KubernetesScaling");
    expect(c.inputs.policy).toEqual(policy);
    expect(secretContent(c.inputs.prometheusCredentials)).toEqual({ bearerToken: "plain-token" });
  });

  it("without the wrapping, a plain credential would reach the inputs in the clear (the check above can fail)", async () => {
    new KubernetesScaling("w", { policy: seed("lightning-asr-advanced.yaml") });
    expect(secretContent((await component("polyscale:index:KubernetesScaling")).inputs.policy)).toBeUndefined();
  });

  it("ContainerAppService: every secret value is a Pulumi secret in the component's inputs", async () => {
    new ContainerAppService("api", { policy: seed("membrane-container-apps-api.yaml"), resourceGroupName: "rg", environmentId: "env", image: "api:1", ingressTargetPort: 5000, secrets: { "queue-key": "k3y" } });
    const c = await component("polyscale:index:ContainerAppService");
    expect(c.inputs.resourceGroupName).toBe("rg");
    expect(c.inputs.image).toBe("api:1");
    expect(secretContent(c.inputs.secrets)).toEqual({ "queue-key": "k3y" });
  });

  it("ScaledService: Prometheus credentials wrapped as secrets; platform and workload registered", async () => {
    new ScaledService("rider", {
      platform: "kubernetes",
      policy: seed("rider-api.yaml"),
      workload: { image: "rider:1", resources: { cpu: "500m", memory: "1Gi" } },
      kubernetes: { prometheusCredentials: { username: "u", password: "p" } },
    });
    const c = await component("polyscale:index:ScaledService");
    expect(c.inputs.platform).toBe("kubernetes");
    expect(c.inputs.workload.image).toBe("rider:1");
    expect(secretContent(c.inputs.kubernetes)).toEqual({ prometheusCredentials: { username: "u", password: "p" } });
  });

  it("KubernetesService and MembranePlatform register their workload and platform args", async () => {
    new KubernetesService("rider", { policy: seed("rider-api.yaml"), workload: { image: "rider:1", port: 9090 } });
    new MembranePlatform("m", { platform: "kubernetes", images: { registry: "r", tag: "1" }, exclude: ["ui"] });
    const svc = (await mocks.named("rider"))!;
    expect(svc.inputs.workload).toEqual({ image: "rider:1", port: 9090 });
    expect(svc.inputs.policy.service).toBe("rider-api");
    const m = await component("polyscale:index:MembranePlatform");
    expect(m.inputs).toMatchObject({ platform: "kubernetes", images: { registry: "r", tag: "1" }, exclude: ["ui"] });
  });

  it("EcsServiceScaling and CloudRunService register their names and locations", async () => {
    new EcsServiceScaling("api", { policy: seed("membrane-ecs-api.yaml"), clusterName: pulumi.output("membrane") });
    new CloudRunService("run", { policy: seed("membrane-cloud-run-api.yaml"), location: "europe-west1", image: "api:1" });
    expect((await component("polyscale:index:EcsServiceScaling")).inputs.clusterName).toBe("membrane");
    expect((await component("polyscale:index:CloudRunService")).inputs.location).toBe("europe-west1");
  });
});
