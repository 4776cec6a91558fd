import { toPolicyInput } from "../../src/components/policy-arg";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EcsServiceScaling } from "../../src/components/ecs";
import { PolicyError, parsePolicy } from "../../src/policy";
import { installPulumiMocks, settled, valueOf, type PulumiMockHarness } from "../../src/testing/pulumi";
import { loadExample } from "../targets/ecs/helpers";

let mocks: PulumiMockHarness;
// Mocks go in before any resource is constructed.
beforeAll(async () => {
  mocks = await installPulumiMocks();
});
beforeEach(() => mocks.reset());

const TARGET = "aws:appautoscaling/target:Target";
const POLICY = "aws:appautoscaling/policy:Policy";
const SCHEDULED = "aws:appautoscaling/scheduledAction:ScheduledAction";

describe("EcsServiceScaling under Pulumi mocks (real @pulumi/aws SDK)", () => {
  it("registers the seed API's target and CPU policy with the cluster name from an Output", async () => {
    const c = new EcsServiceScaling("api", { policy: toPolicyInput(loadExample("membrane-ecs-api.yaml")), clusterName: pulumi.output("membrane-cluster") });
    await valueOf(c.resourceId);
    await valueOf(c.policies[0]!.arn);
    await settled();

    expect((await mocks.all()).map((r) => r.type)).toEqual(["polyscale:index:EcsServiceScaling", TARGET, POLICY]);
    const [target] = (await mocks.ofType(TARGET));
    expect(target!.name).toBe("api-target");
    expect(target!.inputs).toEqual({
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: "service/membrane-cluster/api",
      minCapacity: 2,
      maxCapacity: 10,
    });
    const [policy] = (await mocks.ofType(POLICY));
    expect(policy!.name).toBe("api-cpu-scaling");
    expect(policy!.inputs).toEqual({
      name: "api-cpu-scaling",
      policyType: "TargetTrackingScaling",
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: "service/membrane-cluster/api",
      targetTrackingScalingPolicyConfiguration: {
        targetValue: 50,
        predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
        scaleOutCooldown: 60,
        scaleInCooldown: 300,
      },
    });
  });

  it("parents children to the component (URN type chain)", async () => {
    const c = new EcsServiceScaling("api", { policy: toPolicyInput(loadExample("membrane-ecs-api.yaml")) });
    expect(await valueOf(c.urn)).toMatch(/::polyscale:index:EcsServiceScaling::api$/);
    expect(await valueOf(c.target!.urn)).toMatch(/::polyscale:index:EcsServiceScaling\$aws:appautoscaling\/target:Target::api-target$/);
    expect(await valueOf(c.policies[0]!.urn)).toMatch(/::polyscale:index:EcsServiceScaling\$aws:appautoscaling\/policy:Policy::api-cpu-scaling$/);
  });

  it("policies and scheduled actions read the target's outputs (not a copy of the resource id)", async () => {
    // The mock engine returns a different resourceId for the target than it was given: children must follow the target.
    const m = await installPulumiMocks({ outputs: (r) => (r.type === TARGET ? { resourceId: "service/from-target-output/svc" } : {}) });
    const p = parsePolicy({
      service: "svc",
      scaling: {
        replicas: { min: 1, max: 8 },
        metrics: [{ memory: { utilization: 70 } }, { schedule: { timezone: "Europe/Berlin", start: "0 8 * * 1-5", end: "0 20 * * 1-5", replicas: 4 } }],
        ecs: { cluster: "c1" },
      },
    });
    const c = new EcsServiceScaling("svc", { policy: toPolicyInput(p) });
    await Promise.all([...c.policies.map((x) => valueOf(x.arn)), ...c.scheduledActions.map((x) => valueOf(x.arn))]);
    await settled();
    expect((await m.ofType(TARGET))[0]!.inputs.resourceId).toBe("service/c1/svc");
    expect((await m.ofType(POLICY)).map((r) => r.inputs.resourceId)).toEqual(["service/from-target-output/svc"]);
    expect((await m.ofType(SCHEDULED)).map((r) => [r.name, r.inputs.resourceId, r.inputs.schedule, r.inputs.timezone, r.inputs.scalableTargetAction])).toEqual([
      ["svc-schedule-start", "service/from-target-output/svc", "cron(0 8 ? * 2-6 *)", "Europe/Berlin", { minCapacity: 4 }],
      ["svc-schedule-end", "service/from-target-output/svc", "cron(0 20 ? * 2-6 *)", "Europe/Berlin", { minCapacity: 1 }],
    ]);
    mocks = await installPulumiMocks();
  });

  it("creates the policy's scheduled actions and stop/start pairs with their window, zone and capacities", async () => {
    const p = parsePolicy({
      service: "svc",
      scaling: {
        replicas: { min: 1, max: 8 },
        metrics: [{ cpu: { utilization: 60 } }],
        ecs: {
          cluster: "c1",
          scheduledActions: [{ name: "sale", schedule: "rate(1 day)", startTime: "2026-12-01T00:00:00Z", endTime: "2026-12-08T00:00:00Z", minCapacity: 4, maxCapacity: 8 }],
          stopStart: [{ name: "nights", stop: "cron(0 20 ? * MON-FRI *)", start: "cron(0 7 ? * MON-FRI *)", timezone: "Europe/Berlin" }],
        },
      },
    });
    const c = new EcsServiceScaling("shop", { policy: toPolicyInput(p) });
    await Promise.all(c.scheduledActions.map((x) => valueOf(x.arn)));
    await settled();
    // Registration order under mocks follows the resolution of the target's outputs: compare by name.
    const created = (await mocks.ofType(SCHEDULED)).map((r) => [r.name, r.inputs]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const common = { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: "service/c1/svc" };
    expect(created).toEqual([
      ["shop-nights-start", { ...common, name: "svc-nights-start", schedule: "cron(0 7 ? * MON-FRI *)", timezone: "Europe/Berlin", scalableTargetAction: { minCapacity: 1, maxCapacity: 8 } }],
      ["shop-nights-stop", { ...common, name: "svc-nights-stop", schedule: "cron(0 20 ? * MON-FRI *)", timezone: "Europe/Berlin", scalableTargetAction: { minCapacity: 0, maxCapacity: 0 } }],
      ["shop-sale", { ...common, name: "svc-sale", schedule: "rate(1 day)", startTime: "2026-12-01T00:00:00Z", endTime: "2026-12-08T00:00:00Z", scalableTargetAction: { minCapacity: 4, maxCapacity: 8 } }],
    ]);
  });

  it("substitutes Output cluster/service names into metric math dimensions", async () => {
    const p = parsePolicy({
      service: "instant-tasks-worker",
      scaling: {
        replicas: { min: 2, max: 20 },
        metrics: [{ queue: { jobsPerReplica: 5, from: { cloudWatch: { namespace: "Membrane", metricName: "JobsActive", sumWith: ["JobsWaiting"], perReplica: false } } } }],
      },
    });
    const c = new EcsServiceScaling("w", { policy: toPolicyInput(p), clusterName: pulumi.output("membrane-cluster"), serviceName: pulumi.output("instant-worker") });
    await valueOf(c.policies[0]!.arn);
    await settled();
    expect((await mocks.ofType(TARGET))[0]!.inputs.resourceId).toBe("service/membrane-cluster/instant-worker");
    const metrics = (await mocks.ofType(POLICY))[0]!.inputs.targetTrackingScalingPolicyConfiguration.customizedMetricSpecification.metrics;
    expect(metrics.find((q: any) => q.id === "tasks").metricStat.metric.dimensions).toEqual([
      { name: "ClusterName", value: "membrane-cluster" },
      { name: "ServiceName", value: "instant-worker" },
    ]);
    expect(JSON.stringify((await mocks.all()).map((r) => r.inputs))).not.toContain("placeholder");
  });

  it("passes roleArn and tags to the target", async () => {
    const c = new EcsServiceScaling("api", { policy: toPolicyInput(loadExample("membrane-ecs-api.yaml")), roleArn: "arn:aws:iam::123456789012:role/scaling", tags: { team: "platform" } });
    await valueOf(c.target!.arn);
    await settled();
    expect((await mocks.ofType(TARGET))[0]!.inputs).toMatchObject({ roleArn: "arn:aws:iam::123456789012:role/scaling", tags: { team: "platform" } });
  });

  it("fails at construction, before any AWS resource, for a policy ECS cannot express", async () => {
    const p = parsePolicy({ service: "svc", scaling: { replicas: { min: 1, max: 3 }, metrics: [{ prometheus: { query: "up", target: 1 } }] } });
    expect(() => new EcsServiceScaling("svc", { policy: toPolicyInput(p), clusterName: "c1" })).toThrow(PolicyError);
    expect((await mocks.ofType(TARGET))).toEqual([]);
    expect(() => new EcsServiceScaling("svc2", { policy: toPolicyInput(parsePolicy({ service: "svc", scaling: { replicas: { min: 1, max: 3 }, metrics: [{ cpu: { utilization: 50 } }] } })) })).toThrow(/scaling\.ecs\.cluster: is required for ecs/);
  });

  it("rejects a plain-string cluster name ECS would refuse", () => {
    const p = parsePolicy({ service: "svc", scaling: { replicas: { min: 1, max: 3 }, metrics: [{ cpu: { utilization: 50 } }] } });
    expect(() => new EcsServiceScaling("svc", { policy: toPolicyInput(p), clusterName: "bad/name" })).toThrow(/must be an ECS cluster name/);
  });
});
