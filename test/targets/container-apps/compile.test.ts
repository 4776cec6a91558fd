import { describe, expect, it } from "vitest";
import { METRIC_KIND_NAMES } from "../../../src/policy";
import { loadTarget } from "../../../src/targets";
import { compileContainerApps } from "../../../src/targets/container-apps";
import { SUB, TENANT, azureMonitor, policy } from "./helpers";
import { SCALE_SCHEMA, int32Errors, metadataEntries, validateScale } from "./schema";

const PROM = "http://prometheus.example.com:9090";

/** A policy using every metric kind Container Apps supports. */
const kitchenSink = () =>
  policy({
    replicas: { min: 0, max: 300 },
    metrics: [
      { cpu: { utilization: 70 } },
      { memory: { utilization: 80 } },
      { requestRate: { perReplica: 50, from: { prometheus: { series: "http_requests_total" } } } },
      { queue: { jobsPerReplica: 5, activation: 1, from: { prometheus: { query: "sum(jobs_waiting)", serverAddress: PROM, auth: { mode: "bearer" } } } } },
      { replicasRequired: { buffer: 0.3, from: { azureMonitor: azureMonitor({ metricName: "WorkersRequired" }) } } },
      { prometheus: { query: "sum(rate(http_requests_total[2m]))", target: 200, activationTarget: 10, serverAddress: PROM } },
      { schedule: { timezone: "Europe/Berlin", start: "0 8 * * 1-5", end: "0 20 * * 1-5", replicas: 4 } },
    ],
    containerApps: {
      cooldownPeriod: "10m",
      pollingInterval: 15,
      rules: [
        {
          metric: 4,
          auth: [
            { secretRef: "monitor-client-id", triggerParameter: "activeDirectoryClientId" },
            { secretRef: "monitor-client-secret", triggerParameter: "activeDirectoryClientPassword" },
          ],
        },
      ],
    },
  });

describe("compileContainerApps", () => {
  it("compiles every supported kind to its rule, with KEDA metadata as strings", () => {
    const out = compileContainerApps(kitchenSink());
    expect(out.scale).toEqual({
      minReplicas: 0,
      maxReplicas: 300,
      cooldownPeriod: 600,
      pollingInterval: 15,
      rules: [
        { name: "cpu-scaling", custom: { type: "cpu", metadata: { type: "Utilization", value: "70" } } },
        { name: "memory-scaling", custom: { type: "memory", metadata: { type: "Utilization", value: "80" } } },
        { name: "http-scaling", http: { metadata: { concurrentRequests: "50" } } },
        {
          name: "queue-scaling",
          custom: {
            type: "prometheus",
            metadata: { serverAddress: PROM, query: "sum(jobs_waiting)", threshold: "5", activationThreshold: "1", authModes: "bearer" },
            auth: [{ secretRef: "queue-prometheus-bearer-token", triggerParameter: "bearerToken" }],
          },
        },
        {
          name: "replicas-required-scaling",
          custom: {
            type: "azure-monitor",
            metadata: {
              resourceURI: "Microsoft.Insights/components/ai1",
              tenantId: TENANT,
              subscriptionId: SUB,
              resourceGroupName: "rg1",
              metricName: "WorkersRequired",
              metricAggregationType: "Total",
              // desired = required / target = required × 1.3
              targetValue: "0.769230769231",
            },
            auth: [
              { secretRef: "monitor-client-id", triggerParameter: "activeDirectoryClientId" },
              { secretRef: "monitor-client-secret", triggerParameter: "activeDirectoryClientPassword" },
            ],
          },
        },
        {
          name: "prometheus-scaling",
          custom: { type: "prometheus", metadata: { serverAddress: PROM, query: "sum(rate(http_requests_total[2m]))", threshold: "200", activationThreshold: "10" } },
        },
        { name: "cron-scaling", custom: { type: "cron", metadata: { timezone: "Europe/Berlin", start: "0 8 * * 1-5", end: "0 20 * * 1-5", desiredReplicas: "4" } } },
      ],
    });
    expect(out.secretRefs).toEqual(["monitor-client-id", "monitor-client-secret", "queue-prometheus-bearer-token"]);
    expect(out.needsIngress).toBe(true);
    expect(out.warnings.map((w) => `${w.severity} ${w.code} ${w.path.join(".")}`)).toEqual([
      "info container_apps_http_source_unused scaling.metrics.2.requestRate.from",
      "info container_apps_ingress scaling.metrics",
    ]);
  });

  it("no secret value ever appears in the output: only secret names", () => {
    const json = JSON.stringify(compileContainerApps(kitchenSink()));
    expect(json).not.toMatch(/"value":"(?!\d)/); // the only `value` key is the cpu/memory utilisation
    expect(json).not.toMatch(/password"?:/i);
  });

  it("cooldownPeriod / pollingInterval are left out unless given (the platform defaults 300 s / 30 s apply)", () => {
    const out = compileContainerApps(policy({ metrics: [{ inFlight: { perReplica: 10 } }] }));
    expect(Object.keys(out.scale)).toEqual(["minReplicas", "maxReplicas", "rules"]);
  });

  it("duplicate kinds get numbered rule names, user names win", () => {
    const out = compileContainerApps(
      policy({
        metrics: [{ inFlight: { perReplica: 10 } }, { requestRate: { perReplica: 20, from: { alb: { resourceLabel: "app/lb/0123abcd/targetgroup/tg/4567ef" } } } }],
        containerApps: { rules: [{ metric: 1, name: "rps" }] },
      }),
    );
    expect(out.scale.rules.map((r) => r.name)).toEqual(["http-0-scaling", "rps"]);
  });

  it("maxReplicasLimit moves the replica cap (platform history 25 → 30 → 300 → 1000)", () => {
    expect(compileContainerApps(policy({ replicas: { min: 1, max: 1000 }, metrics: [{ cpu: { utilization: 50 } }] })).scale.maxReplicas).toBe(1000);
    expect(() => compileContainerApps(policy({ replicas: { min: 1, max: 301 }, metrics: [{ cpu: { utilization: 50 } }], containerApps: { maxReplicasLimit: 300 } }))).toThrow(
      /scaling\.replicas\.max: must be at most 300 on container-apps/,
    );
  });

  it("unsupportedBehavior: warn compiles a shared policy and reports every ignored behavior setting", () => {
    const out = compileContainerApps(
      policy({
        metrics: [{ cpu: { utilization: 50 } }],
        scaleUp: { stabilization: "30s", policies: [{ replicas: 4, per: "60s" }] },
        scaleDown: { stabilization: "300s" },
        containerApps: { unsupportedBehavior: "warn" },
      }),
    );
    expect(out.warnings.filter((w) => w.code === "container_apps_fixed_behavior").map((w) => w.path.join("."))).toEqual([
      "scaling.scaleUp.stabilization",
      "scaling.scaleUp.policies",
    ]);
    // scaleDown.stabilization 300 s equals the platform's fixed window: accepted without a warning.
    expect(out.scale).toEqual({ minReplicas: 1, maxReplicas: 10, rules: [{ name: "cpu-scaling", custom: { type: "cpu", metadata: { type: "Utilization", value: "50" } } }] });
  });

  it("mode fixed: min == max and no rules", () => {
    const out = compileContainerApps(policy({ mode: "fixed", replicas: { min: 2, max: 2 } }));
    expect(out.scale).toEqual({ minReplicas: 2, maxReplicas: 2, rules: [] });
  });

  it("accepts the KEDA short resource form with subscriptionId and resourceGroupName", () => {
    const out = compileContainerApps(
      policy({ metrics: [{ queue: { jobsPerReplica: 3, from: { azureMonitor: azureMonitor({ resourceId: "Microsoft.ServiceBus/namespaces/bus1", subscriptionId: SUB, resourceGroupName: "rg2" }) } } }], containerApps: { rules: [{ metric: 0, identity: "system" }] } }),
    );
    expect(out.scale.rules[0]!.custom!.metadata).toMatchObject({ resourceURI: "Microsoft.ServiceBus/namespaces/bus1", subscriptionId: SUB, resourceGroupName: "rg2", targetValue: "3" });
  });
});

describe("the scale block validates against the ARM spec's Scale definition (closed object types)", () => {
  it("the kitchen-sink policy passes, including int32 fields", () => {
    expect(validateScale(compileContainerApps(kitchenSink()).scale)).toEqual([]);
  });

  it("metadata maps hold strings only, and integer-valued KEDA keys hold integer strings", () => {
    const scale = compileContainerApps(kitchenSink()).scale;
    const entries = metadataEntries(scale);
    expect(entries.length).toBeGreaterThan(10);
    for (const [path, v] of entries) expect(typeof v, path).toBe("string");
    const ints = entries.filter(([p]) => /\/(concurrentRequests|desiredReplicas|value)$/.test(p));
    expect(ints.map(([p]) => p)).toEqual(["/rules/0/custom/metadata/value", "/rules/1/custom/metadata/value", "/rules/2/http/metadata/concurrentRequests", "/rules/6/custom/metadata/desiredReplicas"]);
    for (const [p, v] of ints) expect(v, p).toMatch(/^[1-9]\d*$/);
  });

  it("the strict schema rejects a misspelt field, a number in a metadata map and a non-int32 count", () => {
    const good = compileContainerApps(kitchenSink()).scale as any;
    expect(validateScale({ ...good, maxReplica: 5 })).toEqual([`/ must NOT have additional properties ("maxReplica")`]);
    const badRule = structuredClone(good);
    badRule.rules[2].http.metadata.concurrentRequests = 50;
    badRule.rules[0].custom.metdata = {};
    expect(validateScale(badRule).sort()).toEqual([`/rules/0/custom must NOT have additional properties ("metdata")`, "/rules/2/http/metadata/concurrentRequests must be string"]);
    expect(int32Errors({ ...good, maxReplicas: 2 ** 31 })).toEqual([`/maxReplicas must be an int32, got ${2 ** 31}`]);
    expect(int32Errors({ ...good, cooldownPeriod: 1.5 })).toEqual(["/cooldownPeriod must be an int32, got 1.5"]);
  });

  it("the int32 fields of the spec are the four Scale counts and QueueScaleRule.queueLength", () => {
    const int32 = Object.entries(SCALE_SCHEMA.definitions as Record<string, any>).flatMap(([d, s]) =>
      Object.entries(s.properties ?? {}).filter(([, p]: [string, any]) => p.format === "int32").map(([k]) => `${d}.${k}`),
    );
    expect(int32.sort()).toEqual(["QueueScaleRule.queueLength", "Scale.cooldownPeriod", "Scale.maxReplicas", "Scale.minReplicas", "Scale.pollingInterval"]);
  });
});

describe("target (polyscale render --platform container-apps)", () => {
  it("declares a capability for every metric kind", () => {
    const t = loadTarget("container-apps");
    expect(t.title).toBe("Azure Container Apps");
    expect(Object.keys(t.capabilities).sort()).toEqual([...METRIC_KIND_NAMES].sort());
    const unsupported = Object.entries(t.capabilities).filter(([, c]) => !c.supported).map(([k]) => k);
    expect(unsupported.sort()).toEqual(["external", "object", "pods", "workloadRatio"]);
  });

  it("renders a document tagged with the provider type and lists the secrets the rules read", () => {
    const r = loadTarget("container-apps").render(kitchenSink());
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0]).toMatchObject({ type: "azure-native:app:ContainerApp", name: "svc", secretRefs: ["monitor-client-id", "monitor-client-secret", "queue-prometheus-bearer-token"] });
    expect(validateScale((r.documents[0] as any).args.template.scale)).toEqual([]);
  });
});
