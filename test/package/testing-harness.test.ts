import * as aws from "@pulumi/aws";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EcsServiceScaling } from "../../src/components/ecs";
import { KubernetesScaling } from "../../src/components/kubernetes";
import { installPulumiMocks, valueOf, type PulumiMockHarness } from "../../src/testing";

let mocks: PulumiMockHarness;
beforeAll(async () => {
  mocks = await installPulumiMocks();
});
beforeEach(() => mocks.reset());

const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const policy = { service: "checkout", scaling: { replicas: { min: 2, max: 6 }, metrics: [{ cpu: { utilization: 70 } }] } };

describe("polyscale/testing reads wait for pending registrations", () => {
  it("ofType right after `new`, with nothing awaited in between, sees the component's children", async () => {
    new KubernetesScaling("checkout", { policy });
    const hpas = await mocks.ofType(HPA);
    expect(hpas.map((h) => h.inputs.spec.maxReplicas)).toEqual([6]);
    expect((await mocks.one(HPA)).parent).toMatch(/::polyscale:[a-z-]+:[A-Za-z]+::checkout$/);
  });

  it("reset drains what an earlier test left pending, so it does not leak into the next read", async () => {
    new KubernetesScaling("left-over", { policy: { ...policy, service: "left-over" } });
    await mocks.reset();
    expect(await mocks.all()).toEqual([]);
  });

  it("one() names what it found when there is not exactly one", async () => {
    await expect(mocks.one(HPA)).rejects.toThrow(`expected one ${HPA}, found 0`);
  });
});

describe("realistic outputs under the mocks", () => {
  it("AWS auto-names <name>-<7 hex>, so an ECS resourceId is service/<cluster>/<service> with real-looking names", async () => {
    const cluster = new aws.ecs.Cluster("shop");
    const service = new aws.ecs.Service("web", { cluster: cluster.arn, desiredCount: 1 });
    const scaling = new EcsServiceScaling("web", { policy: { ...policy, service: "web" }, clusterName: cluster.name, serviceName: service.name });
    const clusterName = await valueOf(cluster.name);
    const serviceName = await valueOf(service.name);
    expect(clusterName).toMatch(/^shop-[0-9a-f]{7}$/);
    expect(serviceName).toMatch(/^web-[0-9a-f]{7}$/);
    expect(await valueOf(cluster.arn)).toBe(`arn:aws:ecs:us-east-1:123456789012:cluster/${clusterName}`);
    expect(await valueOf(service.id)).toBe(`arn:aws:ecs:us-east-1:123456789012:service/${clusterName}/${serviceName}`);
    expect(await valueOf(scaling.resourceId)).toBe(`service/${clusterName}/${serviceName}`);
    expect(await valueOf(scaling.target!.id)).toBe(`service/${clusterName}/${serviceName}`);
  });

  it("a name given explicitly is kept", async () => {
    expect(await valueOf(new aws.ecs.Cluster("named", { name: "prod" }).name)).toBe("prod");
  });

  it("Kubernetes auto-names metadata.name <name>-<8 hex>", async () => {
    const ns = new Namespace("team");
    expect(await valueOf(ns.metadata.name)).toMatch(/^team-[0-9a-f]{8}$/);
  });
});
