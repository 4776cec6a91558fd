import { describe, expect, it } from "vitest";
import { METRIC_KIND_NAMES } from "../../../src/policy";
import { awsCron, compileEcs, ecsDocuments, target } from "../../../src/targets/ecs";
import { apiErrors, policy, requestValidator, toApiRequest } from "./helpers";

const LB_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/membrane-alb/50dc6c495c0c9188";
const TG_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/api-tg/943f017f100becff";

const tt = (p: ReturnType<typeof policy>, i = 0) => compileEcs(p).policies[i]!.args.targetTrackingScalingPolicyConfiguration;

describe("target tracking metrics", () => {
  it("memory utilization → ECSServiceAverageMemoryUtilization", () => {
    expect(tt(policy({ metrics: [{ memory: { utilization: 80 } }] }))).toEqual({
      targetValue: 80,
      predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageMemoryUtilization" },
    });
  });

  it("request rate with an alb source → ALBRequestCountPerTarget, label from the ARNs, rps × 60 per minute", () => {
    const c = tt(policy({ metrics: [{ requestRate: { perReplica: 8.5, from: { alb: { loadBalancerArn: LB_ARN, targetGroupArn: TG_ARN } } } }] }));
    expect(c).toEqual({
      targetValue: 510,
      predefinedMetricSpecification: {
        predefinedMetricType: "ALBRequestCountPerTarget",
        resourceLabel: "app/membrane-alb/50dc6c495c0c9188/targetgroup/api-tg/943f017f100becff",
      },
    });
  });

  it("request rate with a literal resource label keeps it", () => {
    const label = "app/lb/0123abcd/targetgroup/tg/4567ef";
    expect(tt(policy({ metrics: [{ requestRate: { perReplica: 1, from: { alb: { resourceLabel: label } } } }] })).predefinedMetricSpecification).toEqual({
      predefinedMetricType: "ALBRequestCountPerTarget",
      resourceLabel: label,
    });
  });

  it("a per-task CloudWatch metric → customized metric with sorted dimensions and unit", () => {
    const c = tt(policy({ metrics: [{ inFlight: { perReplica: 20, from: { cloudWatch: { namespace: "Membrane", metricName: "Inflight", dimensions: { Service: "api", Env: "prod" }, statistic: "Maximum", unit: "Count" } } } }] }));
    expect(c).toEqual({
      targetValue: 20,
      customizedMetricSpecification: {
        metricName: "Inflight",
        namespace: "Membrane",
        dimensions: [{ name: "Env", value: "prod" }, { name: "Service", value: "api" }],
        statistic: "Maximum",
        unit: "Count",
      },
    });
  });

  it("jobs per worker = (active + waiting) / running tasks with metric math over ECS/ContainerInsights RunningTaskCount", () => {
    const p = policy({
      metrics: [{ queue: { jobsPerReplica: 5, from: { cloudWatch: { namespace: "Membrane", metricName: "JobsActive", sumWith: ["JobsWaiting"], perReplica: false } } } }],
      ecs: { cluster: "membrane-cluster", service: "instant-tasks-worker" },
    });
    const c = tt(p);
    expect(c.targetValue).toBe(5);
    expect(c.customizedMetricSpecification).toEqual({
      metrics: [
        { id: "m1", metricStat: { metric: { namespace: "Membrane", metricName: "JobsActive" }, stat: "Average" }, returnData: false },
        { id: "m2", metricStat: { metric: { namespace: "Membrane", metricName: "JobsWaiting" }, stat: "Average" }, returnData: false },
        {
          id: "tasks",
          metricStat: {
            metric: {
              namespace: "ECS/ContainerInsights",
              metricName: "RunningTaskCount",
              dimensions: [{ name: "ClusterName", value: "membrane-cluster" }, { name: "ServiceName", value: "instant-tasks-worker" }],
            },
            stat: "Average",
          },
          returnData: false,
        },
        { id: "e1", expression: "(m1 + m2) / tasks", label: "JobsActive + JobsWaiting per running task", returnData: true },
      ],
    });
    expect(compileEcs(p).warnings.map((w) => w.code)).toContain("ecs_container_insights");
  });

  it("workers required with a 30 % buffer: required / tasks, target 1 / 1.3 (so desired = required × 1.3)", () => {
    const c = tt(policy({ metrics: [{ replicasRequired: { buffer: 0.3, from: { cloudWatch: { namespace: "Membrane", metricName: "WorkersRequired" } } } }] }));
    expect(c.targetValue).toBeCloseTo(1 / 1.3, 10);
    const e = c.customizedMetricSpecification!.metrics!.at(-1)!;
    expect(e).toMatchObject({ expression: "m1 / tasks", returnData: true });
    // desired tasks for 13 required at 4 running: 4 × (13 / 4) / target
    expect(Math.ceil((4 * (13 / 4)) / c.targetValue - 1e-9)).toBe(17);
  });
});

describe("cooldowns and scale-in", () => {
  it("scaleUp/scaleDown stabilization become scaleOutCooldown/scaleInCooldown", () => {
    const c = tt(policy({ metrics: [{ cpu: { utilization: 60 } }], scaleUp: { stabilization: "15s" }, scaleDown: { stabilization: "10m" } }));
    expect(c).toMatchObject({ scaleOutCooldown: 15, scaleInCooldown: 600 });
  });

  it("scaling.ecs.cooldown overrides stabilization", () => {
    const c = tt(policy({ metrics: [{ cpu: { utilization: 60 } }], scaleUp: { stabilization: "15s" }, scaleDown: { stabilization: "10m" }, ecs: { cluster: "c1", cooldown: { out: "1m", in: 120 } } }));
    expect(c).toMatchObject({ scaleOutCooldown: 60, scaleInCooldown: 120 });
  });

  it("scaleDown select disabled → disableScaleIn on every policy", () => {
    const r = compileEcs(policy({ metrics: [{ cpu: { utilization: 60 } }, { memory: { utilization: 70 } }], scaleDown: { select: "disabled" } }));
    expect(r.policies.map((p) => p.args.targetTrackingScalingPolicyConfiguration.disableScaleIn)).toEqual([true, true]);
  });

  it("several policies warn that ECS scales in only when all agree", () => {
    const r = compileEcs(policy({ metrics: [{ cpu: { utilization: 60 } }, { memory: { utilization: 70 } }] }));
    expect(r.policies.map((p) => p.name)).toEqual(["svc-cpu-scaling", "svc-memory-scaling"]);
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: "ecs_multi_policy_scale_in", path: ["scaling", "metrics"] }));
  });

  it("two metrics of one kind get distinct policy names", () => {
    const cw = (n: string) => ({ queue: { jobsPerReplica: 5, from: { cloudWatch: { namespace: "M", metricName: n } } } });
    expect(compileEcs(policy({ metrics: [cw("A"), cw("B")] })).policies.map((p) => p.name)).toEqual(["svc-queue-0-scaling", "svc-queue-1-scaling"]);
  });
});

describe("schedule", () => {
  it("becomes a start/end ScheduledAction pair with AWS cron and timezone", () => {
    const r = compileEcs(policy({ replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 50 } }, { schedule: { timezone: "Europe/Berlin", start: "0 8 * * 1-5", end: "0 20 * * 1-5", replicas: 6 } }] }));
    expect(r.scheduledActions.map((a) => a.args)).toEqual([
      { name: "svc-schedule-start", serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: "service/c1/svc", schedule: "cron(0 8 ? * 2-6 *)", timezone: "Europe/Berlin", scalableTargetAction: { minCapacity: 6 } },
      { name: "svc-schedule-end", serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: "service/c1/svc", schedule: "cron(0 20 ? * 2-6 *)", timezone: "Europe/Berlin", scalableTargetAction: { minCapacity: 2 } },
    ]);
  });

  it("converts Unix cron to AWS cron (day-of-week 0-7 Sunday-based → 1-7, '?' in the unused day field)", () => {
    expect(awsCron("30 6 1 * *")).toEqual({ ok: true, expression: "cron(30 6 1 * ? *)" });
    expect(awsCron("0 0 * * 0")).toEqual({ ok: true, expression: "cron(0 0 ? * 1 *)" });
    expect(awsCron("0 0 * * 7")).toEqual({ ok: true, expression: "cron(0 0 ? * 1 *)" });
    expect(awsCron("0 0 * * 5-7")).toEqual({ ok: true, expression: "cron(0 0 ? * 6,7,1 *)" });
    expect(awsCron("0 9 * * MON-FRI")).toEqual({ ok: true, expression: "cron(0 9 ? * MON-FRI *)" });
    expect(awsCron("*/15 * * * *")).toEqual({ ok: true, expression: "cron(*/15 * * * ? *)" });
    expect(awsCron("0 0 1 * 1").ok).toBe(false);
    expect(awsCron("0 0 * * */2").ok).toBe(false);
  });
});

describe("modes", () => {
  it("mode fixed registers min == max and no policy", () => {
    const r = compileEcs(policy({ mode: "fixed", replicas: { min: 2, max: 2 } }));
    expect(r.target!.args).toMatchObject({ minCapacity: 2, maxCapacity: 2 });
    expect(r.policies).toEqual([]);
  });

  it("mode external registers nothing", () => {
    const r = compileEcs(policy({ mode: "external" }));
    expect(r.target).toBeUndefined();
    expect(ecsDocuments(r)).toEqual([]);
  });
});

describe("render (polyscale render --platform ecs)", () => {
  // loadTarget("ecs") itself is exercised under tsx in test/components/ecs-isolation.test.ts (vitest cannot
  // resolve its runtime `require("./ecs")` of a .ts file).
  it("target.render returns provider-typed documents", () => {
    const docs = target.render(policy({ metrics: [{ cpu: { utilization: 50 } }, { schedule: { timezone: "UTC", start: "0 8 * * *", end: "0 18 * * *", replicas: 3 } }] })).documents;
    expect(docs.map((d) => [d.type, d.name])).toEqual([
      ["aws:appautoscaling/target:Target", "svc-target"],
      ["aws:appautoscaling/policy:Policy", "svc-cpu-scaling"],
      ["aws:appautoscaling/scheduledAction:ScheduledAction", "svc-schedule-start"],
      ["aws:appautoscaling/scheduledAction:ScheduledAction", "svc-schedule-end"],
    ]);
  });

  it("is deterministic", () => {
    const p = () => policy({ metrics: [{ cpu: { utilization: 50 } }, { queue: { jobsPerReplica: 5, from: { cloudWatch: { namespace: "M", metricName: "J", perReplica: false, dimensions: { b: "2", a: "1" } } } } }] });
    expect(JSON.stringify(target.render(p()))).toBe(JSON.stringify(target.render(p())));
  });
});

describe("capabilities", () => {
  it("cover every metric kind, each with a via or an alternative", () => {
    expect(Object.keys(target.capabilities).sort()).toEqual([...METRIC_KIND_NAMES].sort());
    for (const c of Object.values(target.capabilities)) {
      expect(c.supported ? c.via : c.alternative).toMatch(/\w{5,}/);
    }
    expect(Object.entries(target.capabilities).filter(([, c]) => !c.supported).map(([k]) => k).sort()).toEqual(["external", "keda", "object", "pods", "prometheus", "workloadRatio"]);
  });
});

describe("API model request schema (closed object types)", () => {
  const everything = policy({
    replicas: { min: 1, max: 30 },
    metrics: [
      { cpu: { utilization: 50 } },
      { memory: { utilization: 75 } },
      { requestRate: { perReplica: 10, from: { alb: { loadBalancerArn: LB_ARN, targetGroupArn: TG_ARN } } } },
      { inFlight: { perReplica: 20, from: { cloudWatch: { namespace: "M", metricName: "Inflight", dimensions: { Service: "api" }, unit: "Count" } } } },
      { queue: { jobsPerReplica: 5, from: { cloudWatch: { namespace: "Membrane", metricName: "JobsActive", sumWith: ["JobsWaiting"], perReplica: false, unit: "Count" } } } },
      { replicasRequired: { buffer: 0.3, from: { cloudWatch: { namespace: "Membrane", metricName: "WorkersRequired" } } } },
      { schedule: { timezone: "Europe/Berlin", start: "0 8 * * 1-5", end: "0 20 * * 1-5", replicas: 6 } },
    ],
    scaleUp: { stabilization: 0 },
    scaleDown: { stabilization: 300, select: "disabled" },
  });
  const docs = ecsDocuments(compileEcs(everything)) as Array<{ type: string; name: string; args: Record<string, unknown> }>;

  it("every compiled request validates", () => {
    expect(docs).toHaveLength(1 + 6 + 2);
    for (const d of docs) expect({ name: d.name, errors: apiErrors(d.type, d.args) }).toEqual({ name: d.name, errors: [] });
  });

  it("a misspelt field fails (the closed schema is strict)", () => {
    const policyDoc = docs.find((d) => d.type === "aws:appautoscaling/policy:Policy")!;
    const cfg = policyDoc.args.targetTrackingScalingPolicyConfiguration as Record<string, unknown>;
    const bad = { ...policyDoc.args, targetTrackingScalingPolicyConfiguration: { ...cfg, scaleOutCoolDown: 60 } };
    expect(apiErrors(policyDoc.type, bad).join("\n")).toMatch(/additionalProperty.*ScaleOutCoolDown/);
    const v = requestValidator("RegisterScalableTargetRequest");
    expect(v(toApiRequest("RegisterScalableTargetRequest", { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: "x", minCapacity: 1, maxCapacity: 2, maxCapacty: 3 }))).toBe(false);
  });

  it("the schema itself rejects values outside the model (statistic enum, empty resource id)", () => {
    const policyDoc = docs.find((d) => d.name === "svc-inflight-scaling")!;
    const cfg = policyDoc.args.targetTrackingScalingPolicyConfiguration as any;
    expect(apiErrors(policyDoc.type, { ...policyDoc.args, targetTrackingScalingPolicyConfiguration: { ...cfg, customizedMetricSpecification: { ...cfg.customizedMetricSpecification, statistic: "p99" } } })).not.toEqual([]);
    expect(apiErrors(policyDoc.type, { ...policyDoc.args, resourceId: "" })).not.toEqual([]);
  });
});
