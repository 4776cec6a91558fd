/**
 * Container Apps `tcp` rules: an `inFlight` metric with `protocol: tcp` compiles to ARM `TcpScaleRule`
 * (`metadata.concurrentConnections`). Golden against Microsoft Learn's own TCP example (ARM and CLI forms,
 * test/fixtures/container-apps/learn-scale-app-tcp.json), strict against the ARM `Scale` schema, and the
 * other platforms' honest mapping or refusal.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileContainerApps } from "../../../src/targets/container-apps";
import { compileCloudRun } from "../../../src/targets/cloud-run/compile";
import { compileEcs } from "../../../src/targets/ecs/compile";
import { compileKubernetes } from "../../../src/targets/kubernetes/compile";
import { deployedContainerAppsFrom } from "../../../src/simulate/deployed";
import { policyErrorOf } from "../../helpers/policy-error";
import { FIXTURES, SCALE_SCHEMA, validateScale } from "./schema";
import { issues, policy } from "./helpers";

const LEARN_TCP = JSON.parse(readFileSync(join(FIXTURES, "learn-scale-app-tcp.json"), "utf8"));
const ECS = { ecs: { cluster: "c1" } };
const tcp = (perReplica: number, extra: Record<string, unknown> = {}) => ({ inFlight: { perReplica, protocol: "tcp", ...extra } });

describe("golden: Microsoft Learn's TCP scale rule example", () => {
  it("ARM form: min 0, max 5, rule tcp-rule with concurrentConnections \"100\"", () => {
    const p = policy({ replicas: { min: 0, max: 5 }, metrics: [tcp(100)], containerApps: { rules: [{ metric: 0, name: "tcp-rule" }] } });
    expect(compileContainerApps(p).scale).toEqual(LEARN_TCP);
  });

  it("CLI form: --scale-rule-name azure-tcp-rule --scale-rule-type tcp --scale-rule-tcp-concurrency 100 (az maps the concurrency to tcp.metadata.concurrentConnections)", () => {
    const flags = { "min-replicas": "0", "max-replicas": "5", "scale-rule-name": "azure-tcp-rule", "scale-rule-tcp-concurrency": "100" };
    const expected = {
      minReplicas: Number(flags["min-replicas"]),
      maxReplicas: Number(flags["max-replicas"]),
      rules: [{ name: flags["scale-rule-name"], tcp: { metadata: { concurrentConnections: flags["scale-rule-tcp-concurrency"] } } }],
    };
    const p = policy({ replicas: { min: 0, max: 5 }, metrics: [tcp(100)], containerApps: { rules: [{ metric: 0, name: "azure-tcp-rule" }] } });
    expect(compileContainerApps(p).scale).toEqual(expected);
  });
});

describe("protocol is part of an inFlight metric's identity", () => {
  it("http and tcp in-flight metrics are two metrics; protocol http is the same as none", () => {
    expect(() => policy({ metrics: [{ inFlight: { perReplica: 10 } }, tcp(10)] })).not.toThrow();
    const e = policyErrorOf(() => policy({ metrics: [{ inFlight: { perReplica: 10 } }, { inFlight: { perReplica: 20, protocol: "http" } }] }));
    expect(e.issues.map((i) => i.path.join("."))).toEqual(["scaling.metrics.1.inFlight"]);
    expect(policyErrorOf(() => policy({ metrics: [tcp(10), tcp(20)] })).issues[0]!.message).toContain("same from and protocol");
  });
});

describe("strict ARM Scale / ScaleRule / TcpScaleRule", () => {
  it("the fixture's ScaleRule holds tcp as a TcpScaleRule whose metadata is a string map", () => {
    expect(SCALE_SCHEMA.definitions.ScaleRule.properties.tcp.$ref).toBe("#/definitions/TcpScaleRule");
    expect(SCALE_SCHEMA.definitions.TcpScaleRule.properties.metadata.additionalProperties).toEqual({ type: "string" });
  });

  it("the compiled tcp rule validates; the validator refuses a number, a misspelt key and a rule with tcp misspelt (it can fail)", () => {
    const scale = compileContainerApps(policy({ metrics: [tcp(250)] })).scale;
    expect(validateScale(scale)).toEqual([]);
    const rule = scale.rules[0]!;
    expect(validateScale({ ...scale, rules: [{ name: rule.name, tcp: { metadata: { concurrentConnections: 250 } } }] })).not.toEqual([]);
    expect(validateScale({ ...scale, rules: [{ name: rule.name, tcp: { metdata: rule.tcp!.metadata } }] })).not.toEqual([]);
    expect(validateScale({ ...scale, rules: [{ name: rule.name, tpc: rule.tcp }] })).not.toEqual([]);
  });
});

describe("container-apps tcp rule", () => {
  it("default name tcp-scaling, exactly one rule kind, ingress transport tcp, an info on how the platform counts", () => {
    const out = compileContainerApps(policy({ metrics: [tcp(40)] }));
    expect(out.scale.rules).toEqual([{ name: "tcp-scaling", tcp: { metadata: { concurrentConnections: "40" } } }]);
    expect([out.needsIngress, out.ingressTransport]).toEqual([true, "tcp"]);
    const codes = out.warnings.map((w) => [w.code, w.path.join(".")]);
    expect(codes).toContainEqual(["container_apps_tcp_is_rate", "scaling.metrics.0.inFlight.perReplica"]);
    expect(out.warnings.find((w) => w.code === "container_apps_ingress")!.message).toContain("transport tcp");
  });

  it("an inFlight metric without protocol (or protocol http) stays an http rule", () => {
    for (const m of [{ inFlight: { perReplica: 40 } }, { inFlight: { perReplica: 40, protocol: "http" } }]) {
      const out = compileContainerApps(policy({ metrics: [m] }));
      expect(out.scale.rules).toEqual([{ name: "http-scaling", http: { metadata: { concurrentRequests: "40" } } }]);
      expect(out.ingressTransport).toBe("http");
    }
  });

  it("two tcp metrics get numbered names; a from source is reported unused", () => {
    const from = { prometheus: { query: "sum(open_connections)" } };
    const out = compileContainerApps(policy({ metrics: [tcp(40, { from }), tcp(80, { from: { prometheus: { query: "sum(other_connections)" } } })] }));
    expect(out.scale.rules.map((r) => r.name)).toEqual(["tcp-0-scaling", "tcp-1-scaling"]);
    expect(out.warnings.find((w) => w.code === "container_apps_tcp_source_unused")!.path).toEqual(["scaling", "metrics", 0, "inFlight", "from"]);
  });

  it("refuses a fractional target with the nearest whole numbers, at the metric's path", () => {
    const [i] = issues(policy({ metrics: [tcp(2.5)] }));
    expect(i!.path).toEqual(["scaling", "metrics", 0, "inFlight", "perReplica"]);
    expect(i!.message).toContain("tcp rule concurrentConnections");
    expect(i!.message).toContain("2 or 3");
  });

  it("refuses an http and a tcp rule on one app (one ingress transport), naming both metrics", () => {
    const found = issues(policy({ metrics: [{ requestRate: { perReplica: 10, from: { prometheus: { series: "http_requests_total" } } } }, tcp(50)] }));
    expect(found.map((i) => [i.code, i.path.join(".")])).toEqual([["conflict", "scaling.metrics.1.inFlight.protocol"]]);
    expect(found[0]!.message).toContain("scaling.metrics[0]");
    expect(found[0]!.message).toContain("configuration.ingress.transport");
  });

  it("refuses credentials on a tcp rule (nothing to authenticate)", () => {
    const found = issues(policy({ metrics: [tcp(50)], containerApps: { rules: [{ metric: 0, identity: "system" }] } }));
    expect(found.map((i) => i.path.join("."))).toEqual(["scaling.containerApps.rules.0.identity"]);
    expect(found[0]!.message).toContain("the tcp rule");
  });

  it("pollingInterval is reported unused when every rule is tcp (the platform counts connections every 15 s)", () => {
    const out = compileContainerApps(policy({ metrics: [tcp(50)], containerApps: { pollingInterval: "10s" } }));
    expect(out.warnings.map((w) => w.code)).toContain("container_apps_polling_unused");
    expect(deployedContainerAppsFrom(out).httpOnly).toBe(true);
  });
});

describe("tcp connections on the other platforms", () => {
  it("cloud-run: refused (HTTP only), naming protocol http and Container Apps as alternatives", () => {
    const e = policyErrorOf(() => compileCloudRun(policy({ metrics: [tcp(50)] })));
    expect(e.issues.map((i) => [i.code, i.path.join(".")])).toEqual([["unsupported_metric", "scaling.metrics.0.inFlight"]]);
    expect(e.issues[0]!.message).toContain("protocol: http");
    expect(e.issues[0]!.message).toContain("tcp rule");
  });

  it("ecs: without a CloudWatch source, refused naming the NLB's ActiveFlowCount (an ALB counts HTTP requests only)", () => {
    const e = policyErrorOf(() => compileEcs(policy({ metrics: [tcp(50)], ...ECS })));
    expect(e.issues[0]!.path).toEqual(["scaling", "metrics", 0, "inFlight"]);
    expect(e.issues[0]!.message).toContain("AWS/NetworkELB ActiveFlowCount");
    expect(e.issues[0]!.message).not.toContain("alb");
  });

  it("ecs and kubernetes: the source defines the number, so a connection count from CloudWatch / Prometheus compiles as for http", () => {
    const cw = { cloudWatch: { namespace: "AWS/NetworkELB", metricName: "ActiveFlowCount", statistic: "Average", dimensions: { LoadBalancer: "net/lb/1" }, perReplica: false } };
    const viaTcp = compileEcs(policy({ metrics: [tcp(50, { from: cw })], ...ECS }));
    const viaHttp = compileEcs(policy({ metrics: [{ inFlight: { perReplica: 50, from: cw } }], ...ECS }));
    expect(viaTcp.policies).toHaveLength(1);
    expect(viaTcp.policies).toEqual(viaHttp.policies);
    const prom = { prometheus: { series: "open_connections" } };
    const k8sTcp = compileKubernetes(policy({ metrics: [tcp(50, { from: prom })] }, { workload: { kind: "Deployment", name: "svc" } }));
    const k8sHttp = compileKubernetes(policy({ metrics: [{ inFlight: { perReplica: 50, from: prom } }] }, { workload: { kind: "Deployment", name: "svc" } }));
    expect(k8sTcp.manifests.map((m) => m.kind)).toContain("HorizontalPodAutoscaler");
    expect(k8sTcp.manifests).toEqual(k8sHttp.manifests);
  });
});
