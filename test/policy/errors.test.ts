import { describe, expect, it } from "vitest";
import { PolicyError, parsePolicy, parsePolicyFile, formatPath, type PolicyIssue } from "../../src/policy";
import { compileKubernetes } from "../../src/targets/kubernetes";
import { collectingIssues } from "../../src/policy/errors";

/** A valid base policy; each case breaks one thing. */
function base(): any {
  return {
    service: "shop",
    namespace: "prod",
    scaling: {
      replicas: { min: 2, max: 10 },
      metrics: [{ cpu: { utilization: 60 } }],
    },
  };
}

function issuesOf(fn: () => unknown): PolicyIssue[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyError) return e.issues;
    throw new Error(`expected a PolicyError, got ${String(e)}`);
  }
  throw new Error("expected a PolicyError, but the policy was accepted");
}

type Case = [name: string, mutate: (p: any) => void, path: string, message: RegExp];

const schemaCases: Case[] = [
  ["wrong type for max", (p) => (p.scaling.replicas.max = "ten"), "scaling.replicas.max", /^must be a number, got the string "ten"$/],
  ["max < min", (p) => (p.scaling.replicas = { min: 3, max: 2 }), "scaling.replicas.max", /must be >= replicas.min \(3\), got 2/],
  ["negative min", (p) => (p.scaling.replicas.min = -1), "scaling.replicas.min", /^must be at least 0, got -1$/],
  ["fractional max", (p) => (p.scaling.replicas.max = 2.5), "scaling.replicas.max", /^must be a whole number from 1 to 2147483647, got 2.5$/],
  ["unknown metric kind", (p) => (p.scaling.metrics = [{ queueDepth: { jobs: 5 } }]), "scaling.metrics[0]", /unknown metric kind "queueDepth"; allowed: cpu, memory, requestRate/],
  ["two kinds in one entry", (p) => (p.scaling.metrics = [{ cpu: { utilization: 50 }, memory: { utilization: 50 } }]), "scaling.metrics[0]", /has 2 metric kinds \(cpu, memory\)/],
  ["cpu utilization 0", (p) => (p.scaling.metrics = [{ cpu: { utilization: 0 } }]), "scaling.metrics[0].cpu.utilization", /must be at least 1 \(percent\), got 0/],
  ["cpu with both targets", (p) => (p.scaling.metrics = [{ cpu: { utilization: 50, averageValue: "500m" } }]), "scaling.metrics[0].cpu", /exactly one of `utilization` \(percent\) or `averageValue` \(quantity\), got both/],
  ["zero averageValue", (p) => (p.scaling.metrics = [{ memory: { averageValue: "0Mi" } }]), "scaling.metrics[0].memory.averageValue", /^must be a quantity above 0 \(HPA: a target average value must be positive\), got "0Mi"$/],
  ["bad quantity", (p) => (p.scaling.metrics = [{ memory: { averageValue: "lots" } }]), "scaling.metrics[0].memory.averageValue", /Kubernetes quantity like "512Mi".*got "lots"/],
  ["negative duration", (p) => (p.scaling.scaleUp = { stabilization: "-30s" }), "scaling.scaleUp.stabilization", /duration like "30s".*got "-30s"/],
  ["negative seconds", (p) => (p.scaling.scaleDown = { stabilization: -5 }), "scaling.scaleDown.stabilization", /non-negative number of seconds, got -5/],
  ["stabilization above 1h", (p) => (p.scaling.scaleDown = { stabilization: "2h" }), "scaling.scaleDown.stabilization", /at most 3600s, got "2h"/],
  ["policy period 0", (p) => (p.scaling.scaleUp = { policies: [{ percent: 100, per: 0 }] }), "scaling.scaleUp.policies[0].per", /at least 1s, got 0s/],
  ["policy period above 30m", (p) => (p.scaling.scaleUp = { policies: [{ percent: 100, per: "31m" }] }), "scaling.scaleUp.policies[0].per", /at most 1800s, got "31m"/],
  ["policy with replicas and percent", (p) => (p.scaling.scaleUp = { policies: [{ percent: 100, replicas: 4, per: "15s" }] }), "scaling.scaleUp.policies[0]", /exactly one of `replicas` or `percent`, got both/],
  ["unknown select", (p) => (p.scaling.scaleDown = { select: "fastest" }), "scaling.scaleDown.select", /^must be one of "max", "min" or "disabled", got "fastest"$/],
  ["unknown field (typo)", (p) => (p.scaling.maxReplica = 3), "scaling", /unknown field "maxReplica"/],
  ["unknown top-level field", (p) => (p.replicas = 3), "(policy)", /unknown field "replicas"/],
  ["service not DNS-1123", (p) => (p.service = "Shop_API"), "service", /DNS-1123 label.*got "Shop_API"/],
  ["malformed PromQL", (p) => (p.scaling.metrics = [{ prometheus: { query: "sum(rate(http_requests_total[2m])", target: 5 } }]), "scaling.metrics[0].prometheus.query", /not valid PromQL: syntax error at line 1, column 34/],
  ["unknown adapter placeholder", (p) => (p.scaling.metrics = [{ requestRate: { perReplica: 5, from: { prometheus: { series: "http_requests_total", adapter: { metricsQuery: "sum(rate(<<.Series>>{<<.Labels>>}[2m]))" } } } } }]), "scaling.metrics[0].requestRate.from.prometheus.adapter.metricsQuery", /unknown placeholder "<<.Labels>>"; allowed: <<.Series>>, <<.LabelMatchers>>, <<.GroupBy>>/],
  ["adapter template without LabelMatchers", (p) => (p.scaling.metrics = [{ requestRate: { perReplica: 5, from: { prometheus: { series: "http_requests_total", adapter: { metricsQuery: "sum(rate(<<.Series>>[2m]))" } } } } }]), "scaling.metrics[0].requestRate.from.prometheus.adapter.metricsQuery", /must contain <<.LabelMatchers>>/],
  ["adapter template broken once filled", (p) => (p.scaling.metrics = [{ requestRate: { perReplica: 5, from: { prometheus: { series: "http_requests_total", adapter: { metricsQuery: "sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m]) by (<<.GroupBy>>)" } } } } }]), "scaling.metrics[0].requestRate.from.prometheus.adapter.metricsQuery", /not valid PromQL once its placeholders are filled/],
  ["requestRate without a source", (p) => (p.scaling.metrics = [{ requestRate: { perReplica: 5, from: {} } }]), "scaling.metrics[0].requestRate.from", /needs at least one source/],
  ["unknown source", (p) => (p.scaling.metrics = [{ requestRate: { perReplica: 5, from: { datadog: { query: "x" } } } }]), "scaling.metrics[0].requestRate.from", /unknown metric source "datadog"; allowed: prometheus, cloudWatch, azureMonitor, alb/],
  ["prometheus source with neither series nor query", (p) => (p.scaling.metrics = [{ inFlight: { perReplica: 5, from: { prometheus: {} } } }]), "scaling.metrics[0].inFlight.from.prometheus", /needs `series`.*or `query`/],
  ["invalid series name", (p) => (p.scaling.metrics = [{ inFlight: { perReplica: 5, from: { prometheus: { series: "asr-active" } } } }]), "scaling.metrics[0].inFlight.from.prometheus.series", /Prometheus metric name.*got "asr-active"/],
  ["perReplica 0", (p) => (p.scaling.metrics = [{ requestRate: { perReplica: 0, from: { prometheus: { series: "x_total" } } } }]), "scaling.metrics[0].requestRate.perReplica", /greater than 0, got 0/],
  ["cron with 6 fields", (p) => (p.scaling.metrics = [{ schedule: { timezone: "UTC", start: "0 0 8 * * 1-5", end: "0 18 * * 1-5", replicas: 5 } }]), "scaling.metrics[0].schedule.start", /5-field cron expression/],
  ["cron desiredReplicas 0", (p) => (p.scaling.metrics = [{ schedule: { timezone: "Europe/Berlin", start: "0 8 * * 1-5", end: "0 18 * * 1-5", replicas: 0 } }]), "scaling.metrics[0].schedule.replicas", /at least 1 \(KEDA: desiredReplicas 0 is almost always an error\), got 0/],
  ["no metrics in autoscale mode", (p) => (p.scaling.metrics = []), "scaling.metrics", /at least one metric when mode is autoscale/],
  ["fixed mode with min != max", (p) => (p.scaling = { mode: "fixed", replicas: { min: 2, max: 3 } }), "scaling.replicas", /mode fixed needs min == max, got min 2, max 3/],
  ["fallback replicas outside bounds", (p) => (p.scaling.missingMetrics = { replicas: 40 }), "scaling.missingMetrics.replicas", /within replicas.min..max \(2..10\), got 40/],
  ["unknown VPA mode", (p) => (p.vertical = { updateMode: "Always" }), "vertical.updateMode", /one of "Off", "Initial", "Recreate", "InPlaceOrRecreate", "InPlace" or "Auto", got "Always"/],
  ["VPA maxAllowed below minAllowed", (p) => (p.vertical = { updateMode: "Off", containers: [{ name: "app", minAllowed: { memory: "1Gi" }, maxAllowed: { memory: "512Mi" } }] }), "vertical.containers[0].maxAllowed.memory", /must be >= minAllowed.memory \("1Gi"\), got "512Mi"/],
  ["neither scaling nor vertical", (p) => delete p.scaling, "(policy)", /needs `scaling` \(horizontal\), `vertical`, or both/],
  ["VPA name not a DNS-1123 subdomain", (p) => (p.vertical = { name: "VPA Ü", updateMode: "Off" }), "vertical.name", /DNS-1123 subdomain \(VPA name.*got "VPA Ü"/],
  ["ServiceMonitor label key invalid", (p) => (p.monitoring = { port: "http", labels: { "x y": "a" } }), "monitoring.labels.x y", /must be a valid label key.*got "x y"/],
  ["ServiceMonitor selector value invalid", (p) => (p.monitoring = { port: "http", selector: { app: "a b" } }), "monitoring.selector.app", /must be a valid label value.*got "a b"/],
  ["monitoring port neither name nor number", (p) => (p.monitoring = { port: 70000 }), "monitoring.port", /^must be at most 65535 \(a Service port name or a container port number 1..65535\), got 70000$/],
  ["monitoring path without slash", (p) => (p.monitoring = { port: "http", path: "metrics" }), "monitoring.path", /must be a URL path starting with \/, got "metrics"/],
  ["monitoring interval as a number", (p) => (p.monitoring = { port: "http", interval: 15 }), "monitoring.interval", /Prometheus duration string like "15s" or "1m", got 15/],
  ["external metric name with a slash", (p) => (p.scaling.metrics = [{ external: { name: "queue/len", value: 5 } }]), "scaling.metrics[0].external.name", /valid path segment name.*got "queue\/len"/],
  ["object metric with an invalid kind", (p) => (p.scaling.metrics = [{ object: { name: "rps", describedObject: { apiVersion: "networking.k8s.io/v1", kind: "Ingress X", name: "main" }, value: 5 } }]), "scaling.metrics[0].object.describedObject.kind", /Kubernetes kind like "Ingress", got "Ingress X"/],
  ["adoptHpa not an object name", (p) => (p.scaling.kubernetes = { adoptHpa: "Old HPA" }), "scaling.kubernetes.adoptHpa", /DNS-1123 subdomain \(HPA name.*got "Old HPA"/],
  ["Prometheus auth secret name invalid", (p) => (p.scaling.kubernetes = { prometheus: { auth: { mode: "bearer", secretName: "My Secret!" } } }), "scaling.kubernetes.prometheus.auth.secretName", /DNS-1123 subdomain \(Secret name.*got "My Secret!"/],
  ["Prometheus server that is not http(s)", (p) => (p.scaling.kubernetes = { prometheus: { serverAddress: "ftp:foo" } }), "scaling.kubernetes.prometheus.serverAddress", /http\(s\) URL like "http:\/\/prometheus-server.monitoring:9090", got "ftp:foo"/],
  ["replicas above int32", (p) => (p.scaling.replicas.max = 3000000000), "scaling.replicas.max", /at most 2147483647 \(int32\), got 3000000000/],
  ["fractional utilization", (p) => (p.scaling.metrics = [{ cpu: { utilization: 50.5 } }]), "scaling.metrics[0].cpu.utilization", /^must be a whole number from 1 to 2147483647, got 50.5$/],
  ["unknown time zone", (p) => (p.scaling.metrics = [{ schedule: { timezone: "Mars/Olympus", start: "0 8 * * *", end: "0 18 * * *", replicas: 3 } }]), "scaling.metrics[0].schedule.timezone", /IANA time zone.*got "Mars\/Olympus"/],
  ["cron minute out of range", (p) => (p.scaling.metrics = [{ schedule: { timezone: "UTC", start: "99 8 * * *", end: "0 18 * * *", replicas: 3 } }]), "scaling.metrics[0].schedule.start", /invalid minute field "99" \(allowed: 0-59/],
  ["cron day-of-week name out of range", (p) => (p.scaling.metrics = [{ schedule: { timezone: "UTC", start: "0 8 * * MON-FRX", end: "0 18 * * *", replicas: 3 } }]), "scaling.metrics[0].schedule.start", /invalid day of week field "MON-FRX"/],
  ["schedule floor above max", (p) => (p.scaling.metrics = [{ schedule: { timezone: "UTC", start: "0 8 * * 1-5", end: "0 18 * * 1-5", replicas: 12 } }]), "scaling.metrics[0].schedule.replicas", /must be <= replicas.max \(10\): the schedule's floor can never be reached, got 12/],
  ["metric not an object", (p) => (p.scaling.metrics = ["cpu"]), "scaling.metrics[0]", /must be an object with one metric kind/],
];

describe("policy validation errors name the field, what was given and what is allowed", () => {
  it.each(schemaCases)("%s", (_name, mutate, path, message) => {
    const p = base();
    mutate(p);
    const issues = issuesOf(() => parsePolicy(p));
    const hit = issues.find((i) => formatPath(i.path) === path);
    expect(hit, `an issue at ${path}; got ${issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join(" | ")}`).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it("valid cron forms are accepted: lists, ranges, steps, names, 7 = Sunday", () => {
    const p = base();
    p.scaling.metrics = [{ schedule: { timezone: "America/New_York", start: "*/15 8-18 1,15 JAN-DEC MON-FRI", end: "0 20 * * 7", replicas: 3 } }];
    expect(parsePolicy(p).scaling!.metrics[0]!.kind).toBe("schedule");
  });

  it("a parsed policy passed back to parsePolicy is returned as it is", () => {
    const once = parsePolicy(base());
    expect(parsePolicy(once)).toBe(once);
  });

  it("the error text lists every issue with its path, on one line each", () => {
    const p = base();
    p.scaling.metrics = [{ cpu: { utilization: 0 } }, { bogus: {} }];
    try {
      parsePolicy(p);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      const text = (e as Error).message;
      expect(text).toContain(" - scaling.metrics[0].cpu.utilization: must be at least 1 (percent), got 0");
      expect(text).toContain(' - scaling.metrics[1]: unknown metric kind "bogus"');
      expect(text).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it("files: YAML syntax errors and duplicate services are reported, with document numbers", () => {
    const issues = issuesOf(() => parsePolicyFile("service: a\nscaling: [\n", "bad.yaml"));
    expect(issues[0]!.code).toBe("yaml");
    expect(issues[0]!.message).toMatch(/^bad\.yaml:3:1: /);
    const dup = "services:\n  - { service: a, vertical: { updateMode: Off } }\n  - { service: a, vertical: { updateMode: Off } }\n";
    const d = issuesOf(() => parsePolicyFile(dup, "dup.yaml"));
    expect(d[0]!.message).toBe('service "a" in namespace "default" is defined twice');
    const two = "services:\n  - { service: a, workload: { name: web }, scaling: { replicas: { min: 1, max: 3 }, metrics: [{ cpu: { utilization: 50 } }] } }\n  - { service: b, workload: { name: web }, scaling: { replicas: { min: 1, max: 3 }, metrics: [{ memory: { utilization: 50 } }] } }\n";
    const t = issuesOf(() => parsePolicyFile(two, "two.yaml"));
    expect(formatPath(t[0]!.path)).toBe("services[1].workload");
    expect(t[0]!.message).toBe('Deployment "web" in "default" is already autoscaled by service "a"; one autoscaler per workload (merge the metrics into one policy)');
    expect(issuesOf(() => parsePolicyFile("- service: a\n", "l.yaml"))[0]!.message).toBe("must be one policy (a mapping) or { services: [policy, ...] }, got a list; put the list under `services:`");
    expect(issuesOf(() => parsePolicyFile("services: []\nextra: 1\n", "e.yaml"))[0]!.message).toBe('a document with `services:` holds only that list, got also "extra"');
    expect(issuesOf(() => parsePolicyFile("service: a\nscaling: null\n", "n.yaml"))[0]).toMatchObject({ path: ["scaling"], message: "must be a mapping, got null" });
    const multi = issuesOf(() => parsePolicyFile("service: a\nvertical: { updateMode: Off }\n---\nservice: b\nvertical: { updateMode: Sometimes }\n", "m.yaml"));
    expect(formatPath(multi[0]!.path)).toBe("document 2.vertical.updateMode");
  });
});

const compileCases: Case[] = [
  ["min 0 on an explicit HPA", (p) => { p.scaling.replicas.min = 0; p.scaling.kubernetes = { engine: "hpa" }; }, "scaling.replicas.min", /0 is not allowed on a plain HPA.*use KEDA \(scaling.kubernetes.engine: keda\) to scale to zero/],
  ["KEDA-only metric on an explicit HPA", (p) => { p.scaling.metrics = [{ workloadRatio: { podSelector: "app=asr", podsPerReplica: 2 } }]; p.scaling.kubernetes = { engine: "hpa" }; }, "scaling.metrics[0].workloadRatio", /follows another workload's pod count.*use engine keda/],
  ["HPA-only metric on explicit KEDA", (p) => { p.scaling.metrics = [{ pods: { name: "asr_active_requests", averageValue: 5 } }]; p.scaling.kubernetes = { engine: "keda" }; }, "scaling.metrics[0].pods", /custom-metrics-API metric; KEDA.*cannot read it/],
  ["KEDA prometheus query without a server", (p) => { p.scaling.metrics = [{ prometheus: { query: "sum(up)", target: 1 } }]; }, "scaling.metrics[0].prometheus.serverAddress", /required for KEDA: set it here or once in scaling.kubernetes.prometheus.serverAddress/],
  ["series-only metric forced onto KEDA", (p) => { p.scaling.metrics = [{ requestRate: { perReplica: 5, from: { prometheus: { series: "http_requests_total" } } } }]; p.scaling.kubernetes = { engine: "keda" }; }, "scaling.metrics[0].requestRate", /needs from.prometheus.query for KEDA/],
  // A CloudWatch source is read on Kubernetes by KEDA's aws-cloudwatch scaler, which needs the metric's region (and credentials).
  ["metric with only a CloudWatch source", (p) => { p.scaling.metrics = [{ queue: { jobsPerReplica: 5, from: { cloudWatch: { namespace: "Membrane", metricName: "JobsPerWorker" } } } }]; }, "scaling.metrics[0].queue.from.cloudWatch.region", /is required on kubernetes: KEDA's aws-cloudwatch scaler needs the metric's AWS region/],
  ["HPA + VPA Auto on cpu", (p) => { p.vertical = { updateMode: "Auto" }; }, "vertical.updateMode", /"Auto" conflicts with the HPA scaling the same workload on cpu \(scaling.metrics\[0\]\).*Use updateMode "Off" or "Initial"/],
  ["KEDA + VPA Recreate on memory", (p) => { p.scaling.metrics = [{ memory: { utilization: 70 } }]; p.scaling.kubernetes = { engine: "keda" }; p.vertical = { updateMode: "Recreate", containers: [{ name: "app", controlledResources: ["memory"] }] }; }, "vertical.updateMode", /"Recreate" conflicts with the KEDA-managed HPA scaling the same workload on memory/],
  ["missingMetrics scaleUp on an HPA", (p) => { p.scaling.missingMetrics = "scaleUp"; p.scaling.kubernetes = { engine: "hpa" }; }, "scaling.missingMetrics", /"scaleUp" cannot be expressed by an HPA.*engine: keda/],
  ["fallback with only cpu triggers", (p) => { p.scaling.missingMetrics = "scaleUp"; }, "scaling.missingMetrics", /KEDA fallback does not apply to cpu\/memory triggers/],
  ["hold on an old KEDA", (p) => { p.scaling.metrics = [{ prometheus: { query: "sum(up)", target: 1, serverAddress: "http://prom:9090" } }]; p.scaling.missingMetrics = "hold"; p.scaling.kubernetes = { cluster: { kedaVersion: "2.12" } }; }, "scaling.missingMetrics", /needs KEDA >= 2.15 \(fallback.behavior\), cluster.kedaVersion is 2.12/],
  ["InPlaceOrRecreate on an old VPA", (p) => { p.scaling.metrics = [{ requestRate: { perReplica: 5, from: { prometheus: { series: "http_requests_total" } } } }]; p.scaling.kubernetes = { cluster: { vpaVersion: "1.2" } }; p.vertical = { updateMode: "InPlaceOrRecreate" }; }, "vertical.updateMode", /"InPlaceOrRecreate" needs VPA >= 1.4 \(scaling.kubernetes.cluster.vpaVersion is 1.2\)/],
  ["adapter name rule that does not match the series", (p) => { p.scaling.metrics = [{ requestRate: { perReplica: 5, from: { prometheus: { series: "http_requests_total", adapter: { matches: "^grpc_(.*)$" } } } } }]; }, "scaling.metrics[0].requestRate.from.prometheus.adapter.matches", /must match the series "http_requests_total".*got "\^grpc_\(\.\*\)\$"/],
];

describe("Kubernetes compile errors", () => {
  it.each(compileCases)("%s", (_name, mutate, path, message) => {
    const p = base();
    mutate(p);
    const policy = parsePolicy(p);
    const issues = issuesOf(() => compileKubernetes(policy));
    const hit = issues.find((i) => formatPath(i.path) === path);
    expect(hit, `an issue at ${path}; got ${issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join(" | ")}`).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it("a VPA conflict can be downgraded explicitly, with a warning", () => {
    const p = base();
    p.vertical = { updateMode: "Auto", onHpaConflict: "Initial" };
    const out = compileKubernetes(parsePolicy(p));
    const vpa = out.manifests.find((m) => m.kind === "VerticalPodAutoscaler") as any;
    expect(vpa.spec.updatePolicy.updateMode).toBe("Initial");
    expect(out.warnings.map((w) => w.code)).toContain("hpa_vpa_conflict_downgraded");
  });

  it("VPA on memory only beside an HPA on cpu is fine (no shared resource)", () => {
    const p = base();
    p.vertical = { updateMode: "Auto", containers: [{ name: "app", controlledResources: ["memory"] }] };
    const out = compileKubernetes(parsePolicy(p));
    expect(out.manifests.map((m) => m.kind)).toEqual(["HorizontalPodAutoscaler", "VerticalPodAutoscaler"]);
  });

  it("min 0 picks KEDA automatically; HPA and KEDA are never both emitted", () => {
    const p = base();
    p.scaling.replicas.min = 0;
    p.scaling.metrics = [{ queue: { jobsPerReplica: 5, from: { prometheus: { series: "jobs", query: "sum(jobs)", serverAddress: "http://prom:9090" } } } }];
    const out = compileKubernetes(parsePolicy(p));
    expect(out.engine).toBe("keda");
    expect(out.manifests.map((m) => m.kind)).toEqual(["ScaledObject"]);
  });
});

describe("PolicyError message", () => {
  const issues: PolicyIssue[] = [
    { code: "a", path: ["scaling", "replicas", "max"], message: "must be at least 1, got 0" },
    { code: "b", path: [], message: "needs `scaling` (horizontal), `vertical`, or both" },
  ];

  it("lists every issue under the heading, as message, String() and the stack's first lines", () => {
    const e = new PolicyError(issues, "Invalid policy file x.yaml");
    const text = "Invalid policy file x.yaml:\n - scaling.replicas.max: must be at least 1, got 0\n - (policy): needs `scaling` (horizontal), `vertical`, or both";
    expect(e.message).toBe(text);
    expect(String(e)).toBe(`PolicyError: ${text}`);
    expect(e.stack!.startsWith(`PolicyError: ${text}\n`)).toBe(true);
  });

  it("keeps message a non-enumerable, assignable property like any Error's", () => {
    const e = new PolicyError(issues);
    expect(Object.keys(e).sort()).toEqual(["issues", "name"]);
    e.message = "replaced";
    expect(e.message).toBe("replaced");
  });
});

describe("collectingIssues", () => {
  const issues: PolicyIssue[] = [{ code: "a", path: ["service"], message: "is required" }];
  const frames = (e: Error) => e.stack!.split("\n").filter((l) => l.trimStart().startsWith("at ")).length;

  it("creates PolicyErrors without stack frames inside, with them outside, and restores the limit after a throw", () => {
    const limit = Error.stackTraceLimit;
    const inside = collectingIssues(() => new PolicyError(issues));
    expect(frames(inside)).toBe(0);
    expect(inside.message).toBe("Invalid scaling policy:\n - service: is required");
    expect(frames(new PolicyError(issues))).toBeGreaterThan(0);
    expect(() => collectingIssues(() => { throw new PolicyError(issues); })).toThrow(PolicyError);
    expect(Error.stackTraceLimit).toBe(limit);
  });

  it("leaves other errors' stacks alone", () => {
    const bug = collectingIssues(() => new TypeError("a bug"));
    expect(frames(bug)).toBeGreaterThan(0);
  });
});
