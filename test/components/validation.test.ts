import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CloudRunService, cloudRunScalingSettings } from "../../src/components/cloud-run";
import { ContainerAppService, containerAppScaleSettings } from "../../src/components/container-apps";
import { EcsServiceScaling } from "../../src/components/ecs";
import { KubernetesScaling, KubernetesService } from "../../src/components/kubernetes";
import { MembranePlatform } from "../../src/components/membrane-platform";
import { toPolicyInput } from "../../src/components/policy-arg";
import { ScaledService } from "../../src/components/scaled-service";
import { PolicyError, parsePolicy } from "../../src/policy";
import { installPulumiMocks, settled, type PulumiMockHarness } from "../../src/testing";
import type { ScalingPolicyInput } from "../../src/types";

/**
 * Every component and helper takes the same `policy` argument and validates it (with its compiled
 * configuration) before it registers anything: a bad policy throws a PolicyError from the constructor,
 * the mocked engine sees no resource, and nothing rejects later.
 */

// min above max: invalid on every platform.
const BAD: ScalingPolicyInput = { service: "api", scaling: { replicas: { min: 5, max: 2 }, metrics: [{ cpu: { utilization: 50 } }] } };
const BAD_MESSAGE = /scaling\.replicas\.max: must be >= replicas\.min \(5\), got 2/;

let mocks: PulumiMockHarness;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
beforeAll(async () => {
  mocks = await installPulumiMocks();
  process.on("unhandledRejection", onRejection);
});
beforeEach(() => mocks.reset());
afterAll(async () => {
  await settled();
  await new Promise((r) => setTimeout(r, 50));
  process.off("unhandledRejection", onRejection);
  expect(rejections).toEqual([]);
});

const ECS = { clusterName: "c1", serviceName: "api" };
const constructors: Record<string, (policy: ScalingPolicyInput) => unknown> = {
  KubernetesScaling: (policy) => new KubernetesScaling("bad", { policy }),
  KubernetesService: (policy) => new KubernetesService("bad", { policy, workload: { image: "i", resources: { cpu: "1" } } }),
  EcsServiceScaling: (policy) => new EcsServiceScaling("bad", { policy, ...ECS }),
  ContainerAppService: (policy) => new ContainerAppService("bad", { policy, resourceGroupName: "rg", environmentId: "env", image: "i" }),
  CloudRunService: (policy) => new CloudRunService("bad", { policy, location: "europe-west1", image: "i" }),
  "ScaledService (kubernetes)": (policy) => new ScaledService("bad", { platform: "kubernetes", policy, workload: { image: "i", resources: { cpu: "1" } } }),
  "ScaledService (ecs)": (policy) => new ScaledService("bad", { platform: "ecs", policy, workload: { image: "i" }, ecs: ECS }),
  "ScaledService (container-apps)": (policy) =>
    new ScaledService("bad", { platform: "container-apps", policy, workload: { image: "i" }, containerApps: { resourceGroupName: "rg", managedEnvironmentId: "env" } }),
  "ScaledService (cloud-run)": (policy) => new ScaledService("bad", { platform: "cloud-run", policy, workload: { image: "i" }, cloudRun: { location: "europe-west1" } }),
};

describe("a bad plain policy throws a PolicyError from the constructor and registers nothing", () => {
  for (const [component, construct] of Object.entries(constructors)) {
    it(component, async () => {
      expect(() => construct(BAD)).toThrow(PolicyError);
      expect(() => construct(BAD)).toThrow(BAD_MESSAGE);
      expect(await mocks.all()).toEqual([]);
    });

    it(`${component}: null or a missing policy is a PolicyError, not a TypeError`, async () => {
      for (const missing of [null, undefined]) {
        expect(() => construct(missing as unknown as ScalingPolicyInput)).toThrow(PolicyError);
        expect(() => construct(missing as unknown as ScalingPolicyInput)).toThrow(missing === null ? /\(policy\): must be a mapping, got null/ : /\(policy\): is required/);
      }
      expect(await mocks.all()).toEqual([]);
    });
  }

  it("a policy valid in itself but not on the platform registers nothing either (compiled before registering)", async () => {
    const queue: ScalingPolicyInput = { service: "w", scaling: { replicas: { min: 1, max: 5 }, metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(jobs)" } } } }], ecs: { cluster: "c1" } } };
    expect(() => new EcsServiceScaling("w", { policy: queue })).toThrow(PolicyError);
    expect(() => new CloudRunService("w", { policy: queue, location: "l", image: "i" })).toThrow(/not supported on cloud-run/);
    expect(() => new ScaledService("w", { platform: "cloud-run", policy: queue, workload: { image: "i" }, cloudRun: { location: "l" } })).toThrow(PolicyError);
    expect(() => new KubernetesService("w", { policy: { ...queue, workload: { kind: "StatefulSet" } }, workload: { image: "i" } })).toThrow(/KubernetesService creates Deployments/);
    expect(await mocks.all()).toEqual([]);
  });

  it("MembranePlatform: a bad preset option registers nothing", async () => {
    expect(() => new MembranePlatform("m", { platform: "kubernetes", images: { registry: "r", tag: "1" }, options: { namespace: "Not_A_Namespace" } })).toThrow(PolicyError);
    expect(await mocks.all()).toEqual([]);
  });

  it("ScaledService: an unknown platform is a PolicyError naming the allowed ones", async () => {
    expect(() => new ScaledService("x", { platform: "aws" as never, policy: { service: "x", scaling: { mode: "fixed", replicas: { min: 1, max: 1 } } }, workload: { image: "i" } })).toThrow(
      /platform: must be one of "kubernetes", "ecs", "container-apps" or "cloud-run", got "aws"/,
    );
    expect(await mocks.all()).toEqual([]);
  });
});

describe("ECS validates the policy it is given (it used to register min 5 / max 2 as is)", () => {
  it("plain data with min 5, max 2 throws; a valid plain policy registers the target with its bounds", async () => {
    expect(() => new EcsServiceScaling("api", { policy: BAD, ...ECS })).toThrow(BAD_MESSAGE);
    expect(await mocks.all()).toEqual([]);
    new EcsServiceScaling("api", { policy: { service: "api", scaling: { replicas: { min: 2, max: 5 }, metrics: [{ cpu: { utilization: 50 } }] } }, ...ECS });
    const target = await mocks.one("aws:appautoscaling/target:Target");
    expect([target.inputs.minCapacity, target.inputs.maxCapacity, target.inputs.resourceId]).toEqual([2, 5, "service/c1/api"]);
  });
});

describe("helpers take the same argument", () => {
  it("cloudRunScalingSettings and containerAppScaleSettings throw the same PolicyError", () => {
    expect(() => cloudRunScalingSettings(BAD)).toThrow(BAD_MESSAGE);
    expect(() => containerAppScaleSettings(BAD)).toThrow(BAD_MESSAGE);
  });

  it("a parsed policy goes through toPolicyInput and gives the same result as the plain input", () => {
    const input: ScalingPolicyInput = { service: "api", scaling: { replicas: { min: 1, max: 10 }, metrics: [{ inFlight: { perReplica: 48 } }], cloudRun: { concurrency: 80 } } };
    expect(cloudRunScalingSettings(toPolicyInput(parsePolicy(input)))).toEqual(cloudRunScalingSettings(input));
  });
});
