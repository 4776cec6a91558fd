import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parsePolicyFile, type ScalingPolicy } from "../../../src/policy";
import { compileKubernetes, type KubernetesOutput, type Manifest } from "../../../src/targets/kubernetes";
import {
  EXAMPLES_DIR,
  applyHpaServerDefaults,
  dedent,
  fencedYamlBlocks,
  manifestNamed,
  seedText,
  unfencedYamlAfter,
} from "../../helpers/seeds";

/**
 * Golden tests: every Kubernetes scenario of the seeds is an example policy under examples/seeds/,
 * and its compiled output must equal what the seed shows. Expected values are read from the seed
 * documents themselves (test/fixtures/seeds, verbatim copies).
 */

function policies(file: string): ScalingPolicy[] {
  return parsePolicyFile(readFileSync(join(EXAMPLES_DIR, "seeds", file), "utf8"), file);
}

function compiled(file: string, service?: string): KubernetesOutput {
  const all = policies(file);
  const p = service ? all.find((x) => x.service === service) : all[0];
  if (!p) throw new Error(`no ${service} in ${file}`);
  return compileKubernetes(p);
}

function only(out: KubernetesOutput, kind: string): Manifest {
  const found = out.manifests.filter((m) => m.kind === kind);
  expect(found, `exactly one ${kind}`).toHaveLength(1);
  return found[0]!;
}

describe("membrane-autoscaling-multicloud.md (Kubernetes HPA and KEDA)", () => {
  const blocks = fencedYamlBlocks(seedText("membrane-autoscaling-multicloud.md"));

  it.each([
    ["api", "api-hpa"],
    ["instant-tasks-worker", "instant-tasks-worker-hpa"],
  ])("%s compiles to the seed's HorizontalPodAutoscaler %s (as the API server stores it)", (service, hpaName) => {
    const expected = applyHpaServerDefaults(manifestNamed(blocks, "HorizontalPodAutoscaler", hpaName));
    const out = compiled("membrane-kubernetes-hpa.yaml", service);
    expect(out.engine).toBe("hpa");
    expect(only(out, "HorizontalPodAutoscaler")).toEqual(expected);
    expect(out.manifests.filter((m) => m.kind === "ScaledObject")).toHaveLength(0);
  });

  it.each([
    ["instant-tasks-worker", "instant-tasks-worker-scaler"],
    ["queued-tasks-worker", "queued-tasks-worker-scaler"],
    ["custom-code-runner", "custom-code-runner-scaler"],
  ])("%s compiles to the seed's ScaledObject %s", (service, name) => {
    const expected = structuredClone(manifestNamed(blocks, "ScaledObject", name));
    // The seed writes queries as YAML block scalars (`query: |`), which end with a newline.
    for (const t of expected.spec.triggers) t.metadata.query = t.metadata.query.trim();
    const out = compiled("membrane-kubernetes-keda.yaml", service);
    expect(out.engine).toBe("keda");
    expect(only(out, "ScaledObject")).toEqual(expected);
    expect(out.manifests.filter((m) => m.kind === "HorizontalPodAutoscaler")).toHaveLength(0);
  });

  it("the instant-tasks-worker HPA metric follows the seed's formula note", () => {
    const text = seedText("membrane-autoscaling-multicloud.md");
    expect(text).toContain("**Formula:** `(instant_tasks_jobs_active + instant_tasks_jobs_waiting) / 5`");
    const hpa = only(compiled("membrane-kubernetes-hpa.yaml", "instant-tasks-worker"), "HorizontalPodAutoscaler") as any;
    expect(hpa.spec.metrics[0].pods.target.averageValue).toBe("5");
  });
});

describe("hpa-vpa-cpu-vs-io-bound.md (rider-api and surge-pricing-calc)", () => {
  const text = seedText("hpa-vpa-cpu-vs-io-bound.md");

  it("rider-api compiles to the seed's HPA on request rate", () => {
    const expected = applyHpaServerDefaults(unfencedYamlAfter(text, "# SCALED: HPA for rider-api on request rate"));
    expect(only(compiled("rider-api.yaml"), "HorizontalPodAutoscaler")).toEqual(expected);
  });

  it("rider-api's adapter rule equals the seed's prometheus-adapter ConfigMap rule", () => {
    const configMap = unfencedYamlAfter(text, "# SCALED: prometheus-adapter ConfigMap");
    const seedRules = parse(configMap.data["config.yaml"]).rules;
    expect(compiled("rider-api.yaml").adapterRules).toEqual(seedRules);
  });

  it("the HPA's metric name is the name the adapter rule exposes (kubectl get --raw path in the seed)", () => {
    const hpa = only(compiled("rider-api.yaml"), "HorizontalPodAutoscaler") as any;
    expect(text).toContain(`/pods/*/${hpa.spec.metrics[0].pods.metric.name}"`);
  });

  it("surge-pricing compiles to the seed's memory-only VPA", () => {
    const expected = unfencedYamlAfter(text, "# SCALED: VPA for surge pricing calculator");
    const out = compiled("surge-pricing.yaml");
    expect(out.engine).toBe("none");
    expect(out.manifests).toEqual([expected]);
  });
});

describe("hpa-custom-http-metrics-prometheus-adapter.md (metrics-app)", () => {
  const text = seedText("hpa-custom-http-metrics-prometheus-adapter.md");

  it("the adapter rule equals the lines the seed adds to the adapter ConfigMap", () => {
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.includes("# Add the following lines to the configmap:"));
    const body: string[] = [];
    for (const l of lines.slice(start + 1)) {
      if (l.trim() === "") break;
      body.push(l);
    }
    const seedRules = parse(dedent(body.join("\n")));
    expect(compiled("metrics-app.yaml").adapterRules).toEqual(seedRules);
  });

  it("the HPA matches the seed's `kubectl get hpa` row and custom metric name", () => {
    // "metrics-app-hpa   Deployment/metrics-app   295m/5    1         10        1          17h"
    const row = /^\s*(metrics-app-hpa)\s+Deployment\/(\S+)\s+\S+\/(\d+)\s+(\d+)\s+(\d+)/m.exec(text)!;
    const hpa = only(compiled("metrics-app.yaml"), "HorizontalPodAutoscaler") as any;
    expect(hpa.metadata.name).toBe(row[1]);
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: row[2] });
    expect(hpa.spec.metrics).toEqual([
      { type: "Pods", pods: { metric: { name: "http_requests_per_second" }, target: { type: "AverageValue", averageValue: row[3] } } },
    ]);
    expect(text).toContain("/pods/*/http_requests_per_second");
    expect(hpa.spec.minReplicas).toBe(Number(row[4]));
    expect(hpa.spec.maxReplicas).toBe(Number(row[5]));
  });

  it("creates the seed's ServiceMonitor metrics-app-monitor in demo-ns", () => {
    expect(text).toContain("servicemonitor.monitoring.coreos.com/metrics-app-monitor created");
    const sm = only(compiled("metrics-app.yaml"), "ServiceMonitor");
    expect(sm.metadata).toEqual({ name: "metrics-app-monitor", namespace: "demo-ns" });
  });
});

describe("hpa-custom-metrics-active-requests.md (Lightning ASR and API server)", () => {
  const blocks = fencedYamlBlocks(seedText("hpa-custom-metrics-active-requests.md")) as any[];
  const values = (pred: (b: any) => boolean) => {
    const b = blocks.find((x) => x && pred(x));
    if (!b) throw new Error("seed block not found");
    return b;
  };

  it("the Helm values (min, max, target, windows) map onto the HPA", () => {
    const hpaValues = values((b) => b.scaling?.auto?.lightningAsr?.hpa?.targetActiveRequests !== undefined && b.scaling.auto.lightningAsr.hpa.behavior === undefined).scaling.auto.lightningAsr.hpa;
    const hpa = only(compiled("lightning-asr.yaml"), "HorizontalPodAutoscaler") as any;
    expect(hpa.metadata).toEqual({ name: "lightning-asr", namespace: "smallest" });
    expect(hpa.spec.minReplicas).toBe(hpaValues.minReplicas);
    expect(hpa.spec.maxReplicas).toBe(hpaValues.maxReplicas);
    expect(hpa.spec.metrics).toEqual([
      { type: "Pods", pods: { metric: { name: "asr_active_requests" }, target: { type: "AverageValue", averageValue: String(hpaValues.targetActiveRequests) } } },
    ]);
    expect(hpa.spec.behavior.scaleUp.stabilizationWindowSeconds).toBe(hpaValues.scaleUpStabilizationWindowSeconds);
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(hpaValues.scaleDownStabilizationWindowSeconds);
  });

  it("custom scaling policies equal the seed's behavior block", () => {
    const hpaValues = values((b) => b.scaling?.auto?.lightningAsr?.hpa?.behavior !== undefined).scaling.auto.lightningAsr.hpa;
    const hpa = only(compiled("lightning-asr-advanced.yaml"), "HorizontalPodAutoscaler") as any;
    expect(hpa.spec.behavior).toEqual(hpaValues.behavior);
    expect(hpa.spec.minReplicas).toBe(hpaValues.minReplicas);
    expect(hpa.spec.maxReplicas).toBe(hpaValues.maxReplicas);
  });

  it("the multi-metric variant equals the seed's metrics list", () => {
    const multi = values((b) => Array.isArray(b.spec?.metrics));
    const hpa = only(compiled("lightning-asr-advanced.yaml"), "HorizontalPodAutoscaler") as any;
    expect(hpa.spec.metrics).toEqual(multi.spec.metrics);
  });

  it("creates the ServiceMonitor the troubleshooting section looks for", () => {
    expect(seedText("hpa-custom-metrics-active-requests.md")).toContain("kubectl describe servicemonitor lightning-asr -n smallest");
    const sm = only(compiled("lightning-asr.yaml"), "ServiceMonitor");
    expect(sm.metadata).toEqual({ name: "lightning-asr", namespace: "smallest" });
  });

  it("API server follows Lightning ASR at the seed's ratio", () => {
    const v = values((b) => b.scaling?.auto?.apiServer?.hpa !== undefined).scaling.auto.apiServer.hpa;
    const out = compiled("lightning-asr-api-server.yaml");
    expect(out.engine).toBe("keda");
    const so = only(out, "ScaledObject") as any;
    expect(so.spec.minReplicaCount).toBe(v.minReplicas);
    expect(so.spec.maxReplicaCount).toBe(v.maxReplicas);
    // lightningAsrToApiServerRatio: 2 = 2 ASR pods per API pod (KEDA kubernetes-workload `value`).
    expect(so.spec.triggers).toEqual([{ type: "kubernetes-workload", metadata: { podSelector: "app=lightning-asr", value: String(v.lightningAsrToApiServerRatio) } }]);
    expect(so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.stabilizationWindowSeconds).toBe(v.scaleUpStabilizationWindowSeconds);
    expect(so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds).toBe(v.scaleDownStabilizationWindowSeconds);
  });
});

describe("determinism", () => {
  it("the same policy compiles to byte-identical output", () => {
    for (const f of ["lightning-asr-advanced.yaml", "membrane-kubernetes-keda.yaml", "rider-api.yaml"]) {
      for (const p of policies(f)) {
        expect(JSON.stringify(compileKubernetes(p))).toBe(JSON.stringify(compileKubernetes(structuredClone(p))));
      }
    }
  });
});
