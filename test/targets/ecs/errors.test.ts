import { describe, expect, it } from "vitest";
import { PolicyError, parsePolicy, type PolicyIssue } from "../../../src/policy";
import { compileEcs } from "../../../src/targets/ecs";

/** The issues of a policy that fails either validation (zod) or ECS compilation. */
function issues(input: Record<string, unknown>, ref?: { cluster?: string; service?: string }): PolicyIssue[] {
  try {
    compileEcs(parsePolicy(input), ref);
  } catch (e) {
    if (e instanceof PolicyError) return e.issues;
    throw e;
  }
  throw new Error("expected a PolicyError");
}

const base = (scaling: Record<string, unknown>, ecs: Record<string, unknown> = { cluster: "c1" }) => ({
  service: "svc",
  scaling: { replicas: { min: 1, max: 10 }, ecs, ...scaling },
});

const one = (list: PolicyIssue[]) => {
  expect(list).toHaveLength(1);
  return list[0]!;
};

describe("unsupported metrics name the metric, the platform and the nearest alternative", () => {
  it("a raw Prometheus query", () => {
    const i = one(issues(base({ metrics: [{ prometheus: { query: "sum(rate(http_requests_total[2m]))", target: 10 } }] })));
    expect(i.path).toEqual(["scaling", "metrics", 0, "prometheus"]);
    expect(i.message).toMatch(/^metric `prometheus` \(a raw Prometheus query\) is not supported on ecs; nearest alternative: publish the value to CloudWatch/);
    expect(i.message).toContain("`cloudWatch` source");
  });

  it("another workload's replica ratio", () => {
    const i = one(issues(base({ metrics: [{ workloadRatio: { podSelector: "app=lightning-asr", podsPerReplica: 2 } }] })));
    expect(i.path).toEqual(["scaling", "metrics", 0, "workloadRatio"]);
    expect(i.message).toMatch(/metric `workloadRatio` \(another workload's replica ratio, "app=lightning-asr"\) is not supported on ecs; nearest alternative: scale this service on the followed service's own metric/);
  });

  it.each([
    ["pods", { name: "asr_active_requests", averageValue: 5 }],
    ["external", { name: "queue_depth", value: 100 }],
    ["object", { name: "requests", describedObject: { apiVersion: "v1", kind: "Service", name: "api" }, value: 10 }],
  ])("a Kubernetes %s metric", (kind, spec) => {
    const i = one(issues(base({ metrics: [{ cpu: { utilization: 50 } }, { [kind]: spec }] })));
    expect(i.path).toEqual(["scaling", "metrics", 1, kind]);
    expect(i.message).toMatch(new RegExp(`^metric \`${kind}\` \\(Kubernetes ${kind} metric "${spec.name}"\\) is not supported on ecs; nearest alternative: .*publish it to CloudWatch.*\`cloudWatch\` source`));
  });

  it("a queue metric with only a prometheus source", () => {
    const i = one(issues(base({ metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(jobs_waiting)" } } } }] })));
    expect(i.path).toEqual(["scaling", "metrics", 0, "queue"]);
    expect(i.message).toBe("metric `queue` (only prometheus source given; ECS reads CloudWatch) is not supported on ecs; nearest alternative: publish the value to CloudWatch (CloudWatch agent, embedded metric format or PutMetricData) and add a `cloudWatch` source to this metric");
  });

  it("a request rate with only an azureMonitor source suggests the alb source", () => {
    const i = one(issues(base({ metrics: [{ requestRate: { perReplica: 5, from: { azureMonitor: { metricName: "Requests", resourceId: "/subscriptions/x" } } } }] })));
    expect(i.path).toEqual(["scaling", "metrics", 0, "requestRate"]);
    expect(i.message).toMatch(/\(only azureMonitor source given; ECS reads CloudWatch\) is not supported on ecs; nearest alternative: use an `alb` source \(ALBRequestCountPerTarget\) or publish the value to CloudWatch/);
  });

  it("inFlight without any source", () => {
    const i = one(issues(base({ metrics: [{ inFlight: { perReplica: 100 } }] })));
    expect(i.path).toEqual(["scaling", "metrics", 0, "inFlight"]);
    expect(i.message).toMatch(/\(no source given; ECS reads CloudWatch\) is not supported on ecs; nearest alternative: use `requestRate` with an `alb` source, or publish/);
  });

  it("an absolute CPU target", () => {
    const i = one(issues(base({ metrics: [{ cpu: { averageValue: "500m" } }] })));
    expect(i.path).toEqual(["scaling", "metrics", 0, "cpu", "averageValue"]);
    expect(i.message).toBe('an absolute cpu target ("500m") is not supported on ecs (ECSServiceAverageCPUUtilization is a percentage of the task\'s reservation); nearest alternative: `utilization` in percent');
  });

  it("a per-container memory target", () => {
    const i = one(issues(base({ metrics: [{ memory: { utilization: 70, container: "app" } }] })));
    expect(i.path).toEqual(["scaling", "metrics", 0, "memory", "container"]);
    expect(i.message).toMatch(/per-container memory target \(container "app"\) is not supported on ecs .*nearest alternative: drop `container`/);
  });
});

describe("ECS and API limits, checked before deploy", () => {
  it("min 0 with a target-tracking policy that needs running tasks", () => {
    const i = one(issues(base({ replicas: { min: 0, max: 5 }, metrics: [{ cpu: { utilization: 50 } }] })));
    expect(i.path).toEqual(["scaling", "replicas", "min"]);
    expect(i.message).toMatch(/^0 is not supported on ecs with scaling\.metrics\[0\]\.cpu: .*never scales out; nearest alternative: replicas\.min >= 1/);
  });

  it("min 0 is fine for a per-task metric published outside the service", () => {
    const r = compileEcs(parsePolicy(base({ replicas: { min: 0, max: 5 }, metrics: [{ queue: { jobsPerReplica: 5, from: { cloudWatch: { namespace: "M", metricName: "JobsPerWorker" } } } }] })));
    expect(r.target!.args.minCapacity).toBe(0);
  });

  it("utilization above 100", () => {
    const i = one(issues(base({ metrics: [{ cpu: { utilization: 150 } }] })));
    expect(i.path).toEqual(["scaling", "metrics", 0, "cpu", "utilization"]);
    expect(i.message).toBe("must be at most 100 on ecs (ECSServiceAverageCPUUtilization is a percentage; polyscale limit), got 150");
  });

  it("target value must be > 0", () => {
    const i = one(issues(base({ metrics: [{ queue: { jobsPerReplica: 0, from: { cloudWatch: { namespace: "M", metricName: "J" } } } }] })));
    expect(i.path).toEqual(["scaling", "metrics", 0, "queue", "jobsPerReplica"]);
    expect(i.message).toBe("must be greater than 0, got 0");
  });

  it("a malformed ALB resource label", () => {
    const i = one(issues(base({ metrics: [{ requestRate: { perReplica: 5, from: { alb: { resourceLabel: "targetgroup/tg/123" } } } }] })));
    expect(i.path).toEqual(["scaling", "metrics", 0, "requestRate", "from", "alb", "resourceLabel"]);
    expect(i.message).toBe('must be a resource label like "app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>", got "targetgroup/tg/123"');
  });

  it("an ALB resource label longer than 1023 characters", () => {
    const label = `app/lb/0123abcd/targetgroup/tg/${"a".repeat(1000)}`;
    const list = issues(base({ metrics: [{ requestRate: { perReplica: 5, from: { alb: { resourceLabel: label } } } }] }));
    expect(list[0]!.path).toEqual(["scaling", "metrics", 0, "requestRate", "from", "alb", "resourceLabel"]);
    expect(list[0]!.message).toMatch(new RegExp(`^must be at most 1023 characters \\(API ResourceLabel\\), got ${label.length} characters`));
  });

  it("an alb source with only the load balancer ARN", () => {
    const i = one(issues(base({ metrics: [{ requestRate: { perReplica: 5, from: { alb: { loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/lb/50dc6c495c0c9188" } } } }] })));
    expect(i.path).toEqual(["scaling", "metrics", 0, "requestRate", "from", "alb", "targetGroupArn"]);
    expect(i.message).toMatch(/needs `resourceLabel`, or both `loadBalancerArn` and `targetGroupArn`/);
  });

  it("a statistic outside the API enum", () => {
    const i = one(issues(base({ metrics: [{ queue: { jobsPerReplica: 5, from: { cloudWatch: { namespace: "M", metricName: "J", statistic: "p99" } } } }] })));
    expect(i.path).toEqual(["scaling", "metrics", 0, "queue", "from", "cloudWatch", "statistic"]);
    expect(i.message).toBe('must be one of "Average", "Minimum", "Maximum", "SampleCount" or "Sum", got "p99"');
  });

  it("a name prefix that would make policy names longer than 256 / non-printable", () => {
    const long = one(issues(base({ metrics: [{ cpu: { utilization: 50 } }] }, { cluster: "c1", namePrefix: "p".repeat(201) })));
    expect(long.path).toEqual(["scaling", "ecs", "namePrefix"]);
    expect(long.message).toMatch(/^must be at most 200 characters \(policy names are limited to 256\), got 201 characters/);
    const tab = one(issues(base({ metrics: [{ cpu: { utilization: 50 } }] }, { cluster: "c1", namePrefix: "api\tv2" })));
    expect(tab.path).toEqual(["scaling", "ecs", "namePrefix"]);
    expect(tab.message).toBe('must be printable ASCII (the API\'s PolicyName pattern \\p{Print}+), got "api\\tv2"');
  });

  it("an invalid cluster name (resource id service/<cluster>/<service>)", () => {
    const i = one(issues(base({ metrics: [{ cpu: { utilization: 50 } }] }), { cluster: "my cluster/prod" }));
    expect(i.path).toEqual(["scaling", "ecs", "cluster"]);
    expect(i.message).toBe('must be an ECS cluster name (1..255 letters, digits, \'_\' or \'-\'), got "my cluster/prod"');
  });

  it("render without a cluster", () => {
    const i = one(issues(base({ metrics: [{ cpu: { utilization: 50 } }] }, {})));
    expect(i.path).toEqual(["scaling", "ecs", "cluster"]);
    expect(i.message).toMatch(/^is required for ecs \(the <cluster> of resource id service\/<cluster>\/<service>\); set scaling\.ecs\.cluster/);
  });

  it("a scheduled min capacity above max", () => {
    const i = one(issues(base({ metrics: [{ schedule: { timezone: "UTC", start: "0 8 * * *", end: "0 18 * * *", replicas: 12 } }] })));
    expect(i.path).toEqual(["scaling", "metrics", 0, "schedule", "replicas"]);
    expect(i.message).toBe("must be <= replicas.max (10): the schedule's floor can never be reached, got 12");
  });

  it("a cron that sets both day-of-month and day-of-week", () => {
    const i = one(issues(base({ metrics: [{ schedule: { timezone: "UTC", start: "0 8 1 * 1", end: "0 18 * * *", replicas: 2 } }] })));
    expect(i.path).toEqual(["scaling", "metrics", 0, "schedule", "start"]);
    expect(i.message).toMatch(/sets both day-of-month \(1\) and day-of-week \(1\), which AWS cron cannot combine/);
  });

  it("scale-up disabled", () => {
    const i = one(issues(base({ metrics: [{ cpu: { utilization: 50 } }], scaleUp: { select: "disabled" } })));
    expect(i.path).toEqual(["scaling", "scaleUp", "select"]);
    expect(i.message).toMatch(/^`disabled` is not supported on ecs .*nearest alternative: set replicas\.max to replicas\.min, or mode: fixed/);
  });

  it("missingMetrics scaleUp", () => {
    const i = one(issues(base({ metrics: [{ cpu: { utilization: 50 } }], missingMetrics: "scaleUp" })));
    expect(i.path).toEqual(["scaling", "missingMetrics"]);
    expect(i.message).toMatch(/^"scaleUp" is not supported on ecs .*nearest alternative: missingMetrics: hold/);
  });

  it("collects every problem in one error", () => {
    const list = issues(base({ replicas: { min: 0, max: 3 }, metrics: [{ cpu: { utilization: 50 } }, { pods: { name: "x", averageValue: 1 } }, { prometheus: { query: "up", target: 1 } }] }));
    expect(list.map((i) => i.path.join("."))).toEqual(["scaling.metrics.1.pods", "scaling.metrics.2.prometheus", "scaling.replicas.min"]);
    expect(() => compileEcs(parsePolicy(base({ metrics: [{ pods: { name: "x", averageValue: 1 } }] })))).toThrow(
      /^Policy for "svc" cannot be compiled for ecs:\n - scaling\.metrics\[0\]\.pods: metric `pods`/,
    );
  });
});

describe("scale rate limits on ECS", () => {
  const scaling = { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 50 } }], scaleUp: { policies: [{ percent: 100, per: "60s" }] } };

  it("are refused by default: target tracking cannot honour them", () => {
    const list = issues(base(scaling));
    expect(list.map((i) => [i.path.join("."), i.code])).toEqual([["scaling.scaleUp.policies", "unsupported"]]);
    expect(list[0]!.message).toMatch(/^cannot be honoured on ecs: target tracking has no rate limits.*set scaling\.ecs\.unsupportedBehavior: warn/);
  });

  it("compile with a warning when the policy opts in (one policy shared with Kubernetes)", () => {
    const out = compileEcs(parsePolicy(base(scaling, { cluster: "c1", unsupportedBehavior: "warn" })));
    expect(out.warnings.map((w) => [w.path.join("."), w.code])).toContainEqual(["scaling.scaleUp.policies", "ecs_no_rate_limits"]);
    expect(out.policies).toHaveLength(1);
  });
});
