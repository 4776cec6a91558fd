import { describe, expect, it } from "vitest";
import { PolicyError, parsePolicy, type PolicyIssue } from "../../../src/policy";
import { compileContainerApps } from "../../../src/targets/container-apps";
import { SUB, azureMonitor, issues, policy } from "./helpers";

/** Exactly one issue; returns it. */
function one(list: PolicyIssue[]): PolicyIssue {
  expect(list, JSON.stringify(list, null, 1)).toHaveLength(1);
  return list[0]!;
}
const at = (i: PolicyIssue) => i.path.join(".");

describe("container-apps: unsupported metrics name the metric and the nearest alternative", () => {
  it("workloadRatio (another workload's replica ratio)", () => {
    const i = one(issues(policy({ metrics: [{ workloadRatio: { podSelector: "app=lightning-asr", podsPerReplica: 2 } }] })));
    expect(at(i)).toBe("scaling.metrics.0.workloadRatio");
    expect(i.message).toBe(
      'metric `workloadRatio` (another workload\'s replica ratio, "app=lightning-asr") is not supported on container-apps; nearest alternative: scale this app on the followed app\'s own metric (the same `azureMonitor` or http rule, with the target multiplied by `podsPerReplica`); KEDA kubernetes-workload needs a Kubernetes cluster',
    );
  });

  it.each([
    ["pods", { pods: { name: "asr_active_requests", averageValue: 5 } }, /Kubernetes pods metric "asr_active_requests"\) is not supported on container-apps; nearest alternative: a Kubernetes custom metric; publish it to Azure Monitor/],
    ["external", { external: { name: "queue_depth", value: 10 } }, /Kubernetes external metric "queue_depth"\) is not supported on container-apps; nearest alternative: .*azureMonitor/],
    ["object", { object: { name: "requests", describedObject: { apiVersion: "v1", kind: "Service", name: "api" }, value: 10 } }, /Kubernetes object metric "requests"\) is not supported on container-apps/],
  ])("Kubernetes %s metric", (kind, metric, msg) => {
    const i = one(issues(policy({ metrics: [metric] })));
    expect(at(i)).toBe(`scaling.metrics.0.${kind}`);
    expect(i.code).toBe("unsupported_metric");
    expect(i.message).toMatch(msg);
  });

  it("a queue metric with only a cloudWatch source", () => {
    const i = one(issues(policy({ metrics: [{ queue: { jobsPerReplica: 5, from: { cloudWatch: { namespace: "Membrane", metricName: "JobsPerWorker" } } } }] })));
    expect(at(i)).toBe("scaling.metrics.0.queue");
    expect(i.message).toBe(
      "metric `queue` (only cloudWatch source given; Container Apps reads Azure Monitor or Prometheus) is not supported on container-apps; nearest alternative: add an `azureMonitor` source (KEDA azure-monitor rule), or a `prometheus` source with `query` and `serverAddress` (KEDA prometheus rule)",
    );
  });

  it("an absolute cpu target and a per-container memory target", () => {
    const list = issues(policy({ metrics: [{ cpu: { averageValue: "500m" } }, { memory: { utilization: 80, container: "app" } }] }));
    expect(list.map(at)).toEqual(["scaling.metrics.0.cpu.averageValue", "scaling.metrics.1.memory.container"]);
    expect(list[0]!.message).toMatch(/^an absolute cpu target \("500m"\) is not supported on container-apps .*nearest alternative: `utilization` in percent/);
    expect(list[1]!.message).toMatch(/^a per-container memory target \(container "app"\) is not supported on container-apps.*nearest alternative: drop `container`$/);
  });

  it("a prometheus metric with targetType Value and no serverAddress", () => {
    const list = issues(policy({ metrics: [{ prometheus: { query: "sum(up)", target: 3, targetType: "Value" } }] }));
    expect(list.map(at)).toEqual(["scaling.metrics.0.prometheus.targetType", "scaling.metrics.0.prometheus.serverAddress"]);
    expect(list[0]!.message).toMatch(/^`Value` is not supported on container-apps .*nearest alternative: targetType: AverageValue$/);
    expect(list[1]!.message).toMatch(/^is required on container-apps \(the KEDA prometheus rule needs a Prometheus URL reachable/);
  });

  it("a queue metric whose prometheus source is a per-pod series, not a query", () => {
    const i = one(issues(policy({ metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { series: "jobs_waiting", serverAddress: "http://prom:9090" } } } }] })));
    expect(at(i)).toBe("scaling.metrics.0.queue.from.prometheus.query");
    expect(i.message).toMatch(/^is required on container-apps \(a per-pod `series` \("jobs_waiting"\) needs the Kubernetes prometheus-adapter/);
  });
});

describe("container-apps: platform rules", () => {
  it("min 0 with only cpu/memory rules cannot scale to zero", () => {
    const i = one(issues(policy({ replicas: { min: 0, max: 5 }, metrics: [{ cpu: { utilization: 60 } }, { memory: { utilization: 70 } }] })));
    expect(at(i)).toBe("scaling.replicas.min");
    expect(i.message).toBe(
      "0 is not supported on container-apps with only cpu/memory rules (cpu, memory): cpu and memory rules cannot scale to zero, so the app would never wake up; nearest alternative: replicas.min >= 1, or add an http rule (inFlight / requestRate) or an event rule (queue) that can wake it",
    );
    // An http rule next to cpu can wake the app: allowed.
    expect(compileContainerApps(policy({ replicas: { min: 0, max: 5 }, metrics: [{ cpu: { utilization: 60 } }, { inFlight: { perReplica: 10 } }] })).scale.minReplicas).toBe(0);
  });

  it("max above the platform's 1000-replica cap", () => {
    const i = one(issues(policy({ replicas: { min: 1, max: 1500 }, metrics: [{ cpu: { utilization: 50 } }] })));
    expect(at(i)).toBe("scaling.replicas.max");
    expect(i.message).toBe("must be at most 1000 on container-apps (the environment's replica cap; set scaling.containerApps.maxReplicasLimit if your environment allows more), got 1500");
  });

  it("scale-up/scale-down rate limits and windows the platform fixes are errors by default", () => {
    const list = issues(
      policy({
        metrics: [{ cpu: { utilization: 50 } }],
        scaleUp: { policies: [{ percent: 100, per: "15s" }] },
        scaleDown: { stabilization: "60s", select: "disabled" },
      }),
    );
    expect(list.map(at)).toEqual(["scaling.scaleUp.policies", "scaling.scaleDown.stabilization", "scaling.scaleDown.select"]);
    expect(list.every((i) => i.code === "unsupported_behavior")).toBe(true);
    expect(list[1]!.message).toMatch(/^a scale-down stabilization of 60s cannot be honoured \(only 300s; cooldownPeriod is not a stabilization window, it only delays the drop to 0\); Container Apps' scale behavior is fixed .*nearest alternative: remove it \(or set scaling.containerApps.unsupportedBehavior: warn to compile without it\)$/);
  });

  it("an http target that is not a whole number", () => {
    const i = one(issues(policy({ metrics: [{ inFlight: { perReplica: 2.5 } }] })));
    expect(at(i)).toBe("scaling.metrics.0.inFlight.perReplica");
    expect(i.message).toBe("must be a whole number >= 1 on container-apps (http rule concurrentRequests is an integer, min 1), got 2.5; nearest alternatives: 2 or 3");
  });

  it("a cron rule above replicas.max", () => {
    // Refused for every platform when the policy is validated, before the Container Apps compiler runs.
    let err: PolicyError | undefined;
    try {
      parsePolicy(policy({ metrics: [{ schedule: { timezone: "UTC", start: "0 8 * * *", end: "0 18 * * *", replicas: 12 } }] }));
    } catch (e) {
      err = e as PolicyError;
    }
    const i = one(err!.issues);
    expect(at(i)).toBe("scaling.metrics.0.schedule.replicas");
    expect(i.message).toBe("must be <= replicas.max (10): the schedule's floor can never be reached, got 12");
  });

  it("mode external and a KEDA fallback", () => {
    expect(one(issues(policy({ mode: "external" }))).path).toEqual(["scaling", "mode"]);
    const i = one(issues(policy({ metrics: [{ cpu: { utilization: 50 } }], missingMetrics: "scaleUp" })));
    expect(at(i)).toBe("scaling.missingMetrics");
    expect(i.message).toMatch(/^"scaleUp" is not supported on container-apps .*nearest alternative: missingMetrics: hold$/);
  });

  it("a vertical-only policy", () => {
    const p = parsePolicy({ service: "svc", vertical: { updateMode: "Auto" } });
    const i = one(issues(p));
    expect(at(i)).toBe("scaling");
    expect(i.message).toBe("is required on container-apps (Container Apps has no vertical autoscaler; set the container's cpu/memory and add `scaling`)");
  });
});

describe("container-apps: azure-monitor sources and rule auth", () => {
  const queue = (src: Record<string, unknown>) => ({ queue: { jobsPerReplica: 5, from: { azureMonitor: src } } });
  const identity = { rules: [{ metric: 0, identity: "system" }] };

  it("the seed's literal metricResourceId (a resource group with an elided subscription) is refused", () => {
    const i = one(issues(policy({ metrics: [queue(azureMonitor({ resourceId: "/subscriptions/.../resourceGroups/membrane-rg" }))], containerApps: identity })));
    expect(at(i)).toBe("scaling.metrics.0.queue.from.azureMonitor.resourceId");
    expect(i.message).toBe(
      'must be the metric\'s resource as /subscriptions/<subscription-guid>/resourceGroups/<group>/providers/<namespace>/<type>/<name> (or the KEDA short form <namespace>/<type>/<name> with subscriptionId and resourceGroupName); got "/subscriptions/.../resourceGroups/membrane-rg", a resource group id, not the id of the resource that emits the metric',
    );
  });

  it("a nested resource id (KEDA resourceURI takes exactly namespace/type/name)", () => {
    const i = one(issues(policy({ metrics: [queue(azureMonitor({ resourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ServiceBus/namespaces/ns/queues/q` }))], containerApps: identity })));
    expect(at(i)).toBe("scaling.metrics.0.queue.from.azureMonitor.resourceId");
    expect(i.message).toMatch(/a nested \(child\) resource id; KEDA's azure-monitor scaler only accepts namespace\/resource_type\/resource_name$/);
  });

  it("missing tenantId and metricAggregationType, contradicting resource group", () => {
    const list = issues(policy({ metrics: [queue(azureMonitor({ tenantId: undefined, metricAggregationType: undefined, resourceGroupName: "other-rg" }))], containerApps: identity }));
    expect(list.map(at)).toEqual([
      "scaling.metrics.0.queue.from.azureMonitor.resourceGroupName",
      "scaling.metrics.0.queue.from.azureMonitor.tenantId",
      "scaling.metrics.0.queue.from.azureMonitor.metricAggregationType",
    ]);
    expect(list[0]!.message).toBe('"other-rg" contradicts the resource group in resourceId ("rg1"); drop one of them');
    expect(list[1]!.message).toMatch(/^is required by KEDA's azure-monitor scaler/);
    expect(list[2]!.message).toBe('is required by KEDA\'s azure-monitor scaler ("no metricAggregationType given"); allowed: Average, Total, Maximum, Minimum, Count');
  });

  it("an azure-monitor rule without identity or credentials", () => {
    const i = one(issues(policy({ metrics: [queue(azureMonitor())] })));
    expect(at(i)).toBe("scaling.containerApps.rules");
    expect(i.message).toMatch(/^the azure-monitor rule of scaling.metrics\[0\] needs credentials \(KEDA: "no activeDirectoryClientId given"\): set `identity`/);
  });

  it("a secret for a trigger parameter the scaler does not have, and auth on an http rule", () => {
    const list = issues(
      policy({
        metrics: [queue(azureMonitor()), { inFlight: { perReplica: 10 } }],
        containerApps: {
          rules: [
            { metric: 0, identity: "system", auth: [{ secretRef: "conn", triggerParameter: "connection" }] },
            { metric: 1, identity: "system" },
          ],
        },
      }),
    );
    expect(list.map(at)).toEqual(["scaling.containerApps.rules.0.auth.0.triggerParameter", "scaling.containerApps.rules.1.identity"]);
    expect(list[0]!.message).toBe('"connection" is not a trigger parameter of KEDA\'s azure-monitor scaler; allowed: activeDirectoryClientId, activeDirectoryClientPassword');
    expect(list[1]!.message).toBe("has nothing to authenticate: the http rule of scaling.metrics[1] takes no credentials; allowed only on azure-monitor and prometheus rules");
  });

  it("rule options for a metric that does not exist, and duplicate rule names", () => {
    const list = issues(
      policy({
        metrics: [{ cpu: { utilization: 50 } }, { memory: { utilization: 60 } }],
        containerApps: { rules: [{ metric: 5 }, { metric: 1, name: "cpu-scaling" }] },
      }),
    );
    expect(list.map(at)).toEqual(["scaling.containerApps.rules.0.metric", "scaling.containerApps.rules.1.name"]);
    expect(list[0]!.message).toBe("refers to scaling.metrics[5], but the policy has 2 metric(s) (allowed: 0..1)");
    expect(list[1]!.message).toBe('rule name "cpu-scaling" is already used by the rule of scaling.metrics[0] (rule names must be unique in a Container App)');
  });

  it("invalid secret names and identities are refused when the policy is parsed", () => {
    let err: unknown;
    try {
      policy({ metrics: [queue(azureMonitor())], containerApps: { rules: [{ metric: 0, identity: "my-identity", auth: [{ secretRef: "Client_Secret", triggerParameter: "activeDirectoryClientPassword" }] }] } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolicyError);
    const list = (err as PolicyError).issues;
    expect(list.map(at).sort()).toEqual(["scaling.containerApps.rules.0.auth.0.secretRef", "scaling.containerApps.rules.0.identity"]);
    expect(list.find((i) => at(i).endsWith("secretRef"))!.message).toBe(
      "must be a Container App secret name (lower-case letters, digits, '-' or '.', starting and ending with a letter or digit), got \"Client_Secret\"",
    );
    expect(list.find((i) => at(i).endsWith("identity"))!.message).toMatch(/^must be "system" or the resource id of a user-assigned identity .*got "my-identity"$/);
  });

  it("every issue is collected in one PolicyError whose message names the platform and paths", () => {
    expect(() => compileContainerApps(policy({ replicas: { min: 0, max: 2000 }, metrics: [{ cpu: { utilization: 50 } }, { pods: { name: "x", averageValue: 1 } }] }))).toThrow(
      /^Policy for "svc" cannot be compiled for container-apps:\n - scaling\.replicas\.max: must be at most 1000.*\n - scaling\.metrics\[1\]\.pods: metric `pods`.*\n - scaling\.replicas\.min: 0 is not supported/s,
    );
  });
});
