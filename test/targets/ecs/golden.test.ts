import { describe, expect, it } from "vitest";
import { compileEcs } from "../../../src/targets/ecs";
import { apiErrors, loadExample, loadSeedCommands, seedRequest, toApiRequest } from "./helpers";

/**
 * Golden: the seed's own `aws application-autoscaling` commands (test/fixtures/ecs/membrane-seed-ecs.md, a
 * verbatim copy of the seed section) are parsed into API requests; polyscale's provider args for the
 * example policies, mapped to the API request shape, must equal them field by field.
 */
const commands = loadSeedCommands();
const seedPolicy = (name: string) => {
  const c = commands.find((x) => x.operation === "put-scaling-policy" && x.flags["policy-name"] === name);
  if (!c) throw new Error(`seed has no put-scaling-policy ${name}`);
  return seedRequest(c);
};

describe("seed parsing", () => {
  it("finds the seed's three ECS commands", () => {
    expect(commands.map((c) => c.operation)).toEqual(["register-scalable-target", "put-scaling-policy", "put-scaling-policy"]);
  });
});

describe("golden: api-cpu-scaling (examples/seeds/membrane-ecs-api.yaml)", () => {
  const compiled = compileEcs(loadExample("membrane-ecs-api.yaml"));

  it("registers the scalable target exactly as the seed's register-scalable-target", () => {
    const seed = seedRequest(commands.find((c) => c.operation === "register-scalable-target")!);
    expect(toApiRequest("RegisterScalableTargetRequest", compiled.target!.args as never)).toEqual(seed);
    // and spelled out, so a mistake in the seed parser cannot hide one in the compiler
    expect(seed).toMatchObject({ ServiceNamespace: "ecs", ResourceId: "service/membrane-cluster/api", ScalableDimension: "ecs:service:DesiredCount", MinCapacity: 2, MaxCapacity: 10 });
  });

  it("emits one policy equal to the seed's put-scaling-policy api-cpu-scaling", () => {
    expect(compiled.policies).toHaveLength(1);
    const seed = seedPolicy("api-cpu-scaling");
    expect(toApiRequest("PutScalingPolicyRequest", compiled.policies[0]!.args as never)).toEqual(seed);
    expect(seed.TargetTrackingScalingPolicyConfiguration).toEqual({
      TargetValue: 50,
      PredefinedMetricSpecification: { PredefinedMetricType: "ECSServiceAverageCPUUtilization" },
      ScaleOutCooldown: 60,
      ScaleInCooldown: 300,
    });
  });

  it("maps each seed field to the provider's camelCase arg", () => {
    const seed = seedPolicy("api-cpu-scaling") as any;
    const a = compiled.policies[0]!.args;
    expect(a.name).toBe(seed.PolicyName);
    expect(a.policyType).toBe(seed.PolicyType);
    expect(a.serviceNamespace).toBe(seed.ServiceNamespace);
    expect(a.scalableDimension).toBe(seed.ScalableDimension);
    expect(a.resourceId).toBe(seed.ResourceId);
    const c = a.targetTrackingScalingPolicyConfiguration;
    const s = seed.TargetTrackingScalingPolicyConfiguration;
    expect(c.targetValue).toBe(s.TargetValue);
    expect(c.predefinedMetricSpecification?.predefinedMetricType).toBe(s.PredefinedMetricSpecification.PredefinedMetricType);
    expect(c.scaleOutCooldown).toBe(s.ScaleOutCooldown);
    expect(c.scaleInCooldown).toBe(s.ScaleInCooldown);
  });

  it("is valid against the API model's request schemas", () => {
    expect(apiErrors("aws:appautoscaling/target:Target", compiled.target!.args as never)).toEqual([]);
    expect(apiErrors("aws:appautoscaling/policy:Policy", compiled.policies[0]!.args as never)).toEqual([]);
  });
});

describe("golden: instant-tasks-queue-scaling (examples/seeds/membrane-ecs-instant-tasks-worker.yaml)", () => {
  const compiled = compileEcs(loadExample("membrane-ecs-instant-tasks-worker.yaml"));

  it("emits one policy equal to the seed's put-scaling-policy instant-tasks-queue-scaling", () => {
    expect(compiled.policies).toHaveLength(1);
    const seed = seedPolicy("instant-tasks-queue-scaling");
    expect(toApiRequest("PutScalingPolicyRequest", compiled.policies[0]!.args as never)).toEqual(seed);
  });

  it("maps each seed field to the provider's camelCase arg", () => {
    const seed = seedPolicy("instant-tasks-queue-scaling") as any;
    const a = compiled.policies[0]!.args;
    expect(a.name).toBe(seed.PolicyName);
    expect(a.resourceId).toBe(seed.ResourceId);
    const c = a.targetTrackingScalingPolicyConfiguration;
    const s = seed.TargetTrackingScalingPolicyConfiguration;
    expect(c.targetValue).toBe(s.TargetValue);
    expect(c.customizedMetricSpecification).toEqual({
      metricName: s.CustomizedMetricSpecification.MetricName,
      namespace: s.CustomizedMetricSpecification.Namespace,
      statistic: s.CustomizedMetricSpecification.Statistic,
    });
    // the seed sets no cooldowns and no predefined metric: neither may appear
    expect(c.scaleInCooldown).toBeUndefined();
    expect(c.scaleOutCooldown).toBeUndefined();
    expect(c.predefinedMetricSpecification).toBeUndefined();
  });

  it("uses the seed recommendation table's bounds (min 2, max 20) on the same resource id", () => {
    const seed = seedPolicy("instant-tasks-queue-scaling") as any;
    expect(toApiRequest("RegisterScalableTargetRequest", compiled.target!.args as never)).toEqual({
      ServiceNamespace: seed.ServiceNamespace,
      ResourceId: seed.ResourceId,
      ScalableDimension: seed.ScalableDimension,
      MinCapacity: 2,
      MaxCapacity: 20,
    });
  });

  it("is valid against the API model's request schemas", () => {
    expect(apiErrors("aws:appautoscaling/target:Target", compiled.target!.args as never)).toEqual([]);
    expect(apiErrors("aws:appautoscaling/policy:Policy", compiled.policies[0]!.args as never)).toEqual([]);
  });
});
