import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../src/policy";
import { compileKubernetes } from "../../../src/targets/kubernetes";

const kinds = (p: unknown) => compileKubernetes(parsePolicy(p)).manifests.map((m) => `${m.kind}/${m.metadata.name}`);

describe("Kubernetes compile behaviors", () => {
  it("a metric's own Prometheus auth gets its own TriggerAuthentication; the policy-level one serves the rest", () => {
    const out = compileKubernetes(parsePolicy({
      service: "billing",
      scaling: {
        replicas: { min: 1, max: 8 },
        metrics: [
          { prometheus: { query: "sum(a)", target: 5 } },
          { queue: { jobsPerReplica: 4, from: { prometheus: { query: "sum(b)", serverAddress: "https://other-prom:9090", auth: { mode: "basic", secretName: "other-prom-creds" } } } } },
        ],
        kubernetes: { prometheus: { serverAddress: "https://prom:9090", auth: { mode: "bearer" } } },
      },
    }));
    const auths = out.manifests.filter((m) => m.kind === "TriggerAuthentication") as any[];
    expect(auths.map((a) => a.spec.secretTargetRef)).toEqual([
      [{ parameter: "bearerToken", name: "billing-prometheus-auth", key: "bearerToken" }],
      [
        { parameter: "username", name: "other-prom-creds", key: "username" },
        { parameter: "password", name: "other-prom-creds", key: "password" },
      ],
    ]);
    const so = out.manifests.find((m) => m.kind === "ScaledObject") as any;
    expect(so.spec.triggers.map((t: any) => [t.metadata.authModes, t.authenticationRef.name])).toEqual([
      ["bearer", "billing-prometheus-auth"],
      ["basic", "billing-prometheus-auth-2"],
    ]);
    // Only the Secret without a name is polyscale's to create, and only with the bearer token.
    expect(out.prometheusAuthSecret).toEqual({ name: "billing-prometheus-auth", keys: ["bearerToken"] });
  });

  it("adoptHpa hands an existing HPA to KEDA instead of leaving two autoscalers", () => {
    const out = compileKubernetes(parsePolicy({
      service: "api",
      scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 50 } }], kubernetes: { engine: "keda", adoptHpa: "api-hpa" } },
    }));
    const so = out.manifests[0] as any;
    expect(out.manifests).toHaveLength(1);
    expect(so.metadata.annotations).toEqual({ "scaledobject.keda.sh/transfer-hpa-ownership": "true" });
    expect(so.spec.advanced.horizontalPodAutoscalerConfig.name).toBe("api-hpa");
    expect(out.hpaName).toBe("api-hpa");
  });

  it("missingMetrics scaleUp becomes a KEDA fallback to max that never lowers replicas, and null results become errors", () => {
    const so = compileKubernetes(parsePolicy({
      service: "w",
      scaling: {
        replicas: { min: 1, max: 12 },
        metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(jobs)", serverAddress: "http://p:9090" } } } }],
        missingMetrics: "scaleUp",
      },
    })).manifests[0] as any;
    expect(so.spec.fallback).toEqual({ failureThreshold: 3, replicas: 12, behavior: "currentReplicasIfHigher" });
    expect(so.spec.triggers[0].metadata.ignoreNullValues).toBe("false");
  });

  it("a schedule floor and a ratio compile to KEDA cron and kubernetes-workload triggers", () => {
    const so = compileKubernetes(parsePolicy({
      service: "w",
      scaling: {
        replicas: { min: 1, max: 12 },
        metrics: [
          { schedule: { timezone: "Europe/Berlin", start: "0 8 * * 1-5", end: "0 18 * * 1-5", replicas: 4 } },
          { workloadRatio: { podSelector: "app=asr", podsPerReplica: 3 } },
        ],
      },
    })).manifests[0] as any;
    expect(so.spec.triggers).toEqual([
      { type: "cron", metadata: { timezone: "Europe/Berlin", start: "0 8 * * 1-5", end: "0 18 * * 1-5", desiredReplicas: "4" } },
      { type: "kubernetes-workload", metadata: { podSelector: "app=asr", value: "3" } },
    ]);
  });

  it("fixed and external modes create no autoscaler", () => {
    expect(kinds({ service: "o", scaling: { mode: "fixed", replicas: { min: 2, max: 2 } } })).toEqual([]);
    expect(kinds({ service: "o", scaling: { mode: "external", replicas: { min: 1, max: 30 } } })).toEqual([]);
  });
});

describe("engine choice messages", () => {
  const issuesOf = (p: unknown) => {
    try {
      compileKubernetes(parsePolicy(p));
    } catch (e) {
      return (e as { issues: { path: unknown[]; message: string }[] }).issues;
    }
    throw new Error("expected a PolicyError");
  };

  it("a metric neither engine can read says so once, with the reason", () => {
    const [i] = issuesOf({ service: "a", scaling: { replicas: { min: 0, max: 5 }, metrics: [{ inFlight: { perReplica: 10 } }] } });
    expect(i!.path).toEqual(["scaling", "metrics", 0, "inFlight"]);
    expect(i!.message).toBe("cannot be read on Kubernetes: needs a `from.prometheus` source on Kubernetes (given: none); add from.prometheus.series (per-pod series, HPA) or from.prometheus.query (KEDA)");
  });

  it("a metric only the HPA reads names what requires KEDA", () => {
    const [i] = issuesOf({ service: "a", scaling: { replicas: { min: 0, max: 5 }, metrics: [{ inFlight: { perReplica: 10, from: { prometheus: { series: "reqs_inflight" } } } }] } });
    expect(i!.message).toMatch(/needs from\.prometheus\.query for KEDA.*KEDA cannot read it, and KEDA is required by scaling\.replicas\.min$/);
  });

  it("fixed and external modes say that no autoscaler is created", () => {
    const out = compileKubernetes(parsePolicy({ service: "o", scaling: { mode: "fixed", replicas: { min: 2, max: 2 } } }));
    expect(out.warnings).toEqual([{ severity: "info", code: "no_autoscaler", path: ["scaling", "mode"], message: "fixed at 2 replicas: no autoscaler is created (the workload carries the count)" }]);
  });
});
