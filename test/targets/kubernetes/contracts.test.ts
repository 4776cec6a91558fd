import { beforeAll, describe, expect, it } from "vitest";
import type { Manifest } from "../../../src/targets/kubernetes";
import { KUBERNETES_RULES, violations } from "../../../src/rules";
import {
  KNOWN_KINDS,
  type KubernetesCase,
  loadKubernetesCases,
  behaviorChecks,
  compileStrict,
  formatErrors,
  hpaDescriptionChecks,
  kedaCelChecks,
  loadSchema,
  newAjv,
  validateManifest,
} from "../../helpers/strict-schema";

/**
 * Contract tests: every manifest the Kubernetes target emits, for every Kubernetes example policy and
 * the extra policies in test/fixtures/kubernetes/extra-policies.yaml, validates strictly (object types
 * closed, description-only and CEL rules checked) against the upstream schemas copied into
 * test/fixtures/kubernetes. kubernetes-models and @kubernetes-models/keda give a second opinion.
 */

const cases: KubernetesCase[] = loadKubernetesCases();
const manifests: Array<[string, Manifest]> = cases.flatMap((c) => c.out.manifests.map((m): [string, Manifest] => [`${c.label} ${m.kind} ${m.metadata.name}`, m]));
const byService = (service: string): KubernetesCase => {
  const c = cases.find((x) => x.policy.service === service && x.file === "extra-policies.yaml");
  if (!c) throw new Error(`no extra policy ${service}`);
  return c;
};
const kinds = (c: KubernetesCase) => c.out.manifests.map((m) => m.kind);
const only = (c: KubernetesCase, kind: string): Manifest => {
  const found = c.out.manifests.filter((m) => m.kind === kind);
  expect(found, `${c.label}: exactly one ${kind}`).toHaveLength(1);
  return found[0]!;
};

describe("strict schema helper", () => {
  const hpa = (): any => ({
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "web", namespace: "default" },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }],
      behavior: { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 4, periodSeconds: 15 }] } },
    },
  });
  const so = (): any => ({
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: { name: "worker", namespace: "default" },
    spec: {
      scaleTargetRef: { name: "worker" },
      minReplicaCount: 1,
      maxReplicaCount: 10,
      triggers: [{ type: "prometheus", metadata: { serverAddress: "http://prom:9090", query: "sum(up)", threshold: "5" } }],
    },
  });

  it("accepts well-formed HPA and ScaledObject manifests", () => {
    expect(validateManifest(hpa())).toEqual([]);
    expect(validateManifest(so())).toEqual([]);
  });

  it("rejects a misspelt HPA field (spec.maxReplica) that the upstream schema alone accepts", () => {
    const m = hpa();
    m.spec.maxReplica = m.spec.maxReplicas;
    // The upstream schema as published has no additionalProperties: false, so it lets the typo through.
    const lax = newAjv().compile(loadSchema("hpa-v2.schema.json"));
    expect(lax(m)).toBe(true);
    const errors = validateManifest(m);
    expect(errors.join("\n")).toMatch(/\/spec must NOT have additional properties \("maxReplica"\)/);
    // ...and without maxReplicas the required rule fires too.
    delete m.spec.maxReplicas;
    expect(validateManifest(m).join("\n")).toMatch(/must have required property 'maxReplicas'/);
  });

  it("rejects unknown fields deep inside HPA metrics and metadata", () => {
    const m = hpa();
    m.spec.metrics[0].resource.target.averageUtilisation = 50;
    m.metadata.label = { a: "b" };
    const errors = validateManifest(m).join("\n");
    expect(errors).toContain('"averageUtilisation"');
    expect(errors).toContain('"label"');
  });

  it("rejects an unknown ScaledObject trigger field and a misspelt spec field", () => {
    const m = so();
    m.spec.triggers[0].authRef = { name: "x" };
    m.spec.pollingIntervall = 5;
    const errors = validateManifest(m).join("\n");
    expect(errors).toMatch(/\/spec\/triggers\/0 must NOT have additional properties \("authRef"\)/);
    expect(errors).toMatch(/\/spec must NOT have additional properties \("pollingIntervall"\)/);
  });

  it("keeps maps and preserve-unknown-fields objects open (trigger metadata, labels)", () => {
    const m = so();
    m.spec.triggers[0].metadata.anyKeyAtAll = "fine";
    m.metadata.labels = { "app.kubernetes.io/name": "worker" };
    expect(validateManifest(m)).toEqual([]);
    // metadata values are a string map: a number is rejected.
    m.spec.triggers[0].metadata.threshold = 5;
    expect(validateManifest(m).join("\n")).toMatch(/\/spec\/triggers\/0\/metadata\/threshold must be string/);
  });

  it.each([0, 1801, -5, 1.5])("rejects HPA policy periodSeconds %s (description-only bound 1..1800)", (period) => {
    const m = hpa();
    m.spec.behavior.scaleUp.policies[0].periodSeconds = period;
    expect(validateManifest(m).join("\n")).toMatch(/periodSeconds must be an integer in 1\.\.1800/);
  });

  it.each([1, 1800])("accepts HPA policy periodSeconds %s", (period) => {
    const m = hpa();
    m.spec.behavior.scaleUp.policies[0].periodSeconds = period;
    expect(validateManifest(m)).toEqual([]);
  });

  it("rejects the other description-only HPA rules", () => {
    expect(behaviorChecks({ scaleDown: { stabilizationWindowSeconds: 3601 } }, "b")).toHaveLength(1);
    expect(behaviorChecks({ scaleDown: { stabilizationWindowSeconds: -1 } }, "b")).toHaveLength(1);
    expect(behaviorChecks({ scaleDown: { stabilizationWindowSeconds: 3600, selectPolicy: "Disabled" } }, "b")).toEqual([]);
    expect(behaviorChecks({ scaleUp: { selectPolicy: "max" } }, "b").join()).toMatch(/selectPolicy must be one of Max\|Min\|Disabled/);
    expect(behaviorChecks({ scaleUp: { policies: [{ type: "Replicas", value: 1, periodSeconds: 60 }] } }, "b").join()).toMatch(/type must be one of Pods\|Percent/);
    expect(behaviorChecks({ scaleUp: { policies: [{ type: "Pods", value: 0, periodSeconds: 60 }] } }, "b").join()).toMatch(/value must be an integer > 0/);
    const m = hpa();
    m.spec.metrics[0].type = "Resources";
    expect(hpaDescriptionChecks(m).join()).toMatch(/type must be one of ContainerResource\|External\|Object\|Pods\|Resource/);
    const t = hpa();
    t.spec.metrics[0].resource.target.type = "Average";
    expect(hpaDescriptionChecks(t).join()).toMatch(/target\/type must be one of Utilization\|Value\|AverageValue/);
    const q = hpa();
    q.spec.metrics[0] = { type: "Pods", pods: { metric: { name: "x" }, target: { type: "AverageValue", averageValue: "5 rps" } } };
    expect(hpaDescriptionChecks(q).join()).toMatch(/must be a Kubernetes quantity/);
    const z = hpa();
    z.spec.minReplicas = 0;
    expect(hpaDescriptionChecks(z).join()).toMatch(/minReplicas must be >= 1/);
  });

  it("checks KEDA's CEL rule minReplicaCount <= maxReplicaCount (and max defaults to 100)", () => {
    const m = so();
    m.spec.minReplicaCount = 11;
    expect(validateManifest(m).join()).toMatch(/minReplicaCount \(11\) must be <= maxReplicaCount \(10\)/);
    delete m.spec.maxReplicaCount;
    expect(kedaCelChecks(m)).toEqual([]);
    m.spec.minReplicaCount = 101;
    expect(kedaCelChecks(m)).toHaveLength(1);
    const b = so();
    b.spec.advanced = { horizontalPodAutoscalerConfig: { behavior: { scaleDown: { policies: [{ type: "Pods", value: 1, periodSeconds: 0 }] } } } };
    expect(validateManifest(b).join()).toMatch(/horizontalPodAutoscalerConfig\/behavior\/scaleDown\/policies\/0\/periodSeconds/);
  });

  it("compiles the RE2 (?i) pattern of PrometheusRule partial_response_strategy case-insensitively", () => {
    const rule = (strategy: string): any => ({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "r" },
      spec: { groups: [{ name: "g", partial_response_strategy: strategy, rules: [{ alert: "A", expr: "up == 0", for: "5m" }] }] },
    });
    expect(validateManifest(rule("WARN"))).toEqual([]);
    expect(validateManifest(rule("abort"))).toEqual([]);
    expect(validateManifest(rule("retry")).join()).toMatch(/partial_response_strategy must match pattern/);
    const r = rule("warn");
    r.spec.groups[0].rules[0].for = "5 minutes";
    expect(validateManifest(r).join()).toMatch(/\/for must match pattern/);
  });

  it("knows a schema for each kind polyscale emits and refuses kinds it does not know", () => {
    expect(KNOWN_KINDS).toHaveLength(7);
    expect(validateManifest({ apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler" })).toEqual([
      expect.stringMatching(/no schema for autoscaling\/v1\/HorizontalPodAutoscaler/),
    ]);
  });

  it("leaves every schema's maps open and closes its object types (sanity count)", () => {
    for (const file of ["hpa-v2.schema.json", "scaledobject.schema.json", "triggerauthentication.schema.json", "verticalpodautoscaler-v1.schema.json", "servicemonitor.schema.json", "prometheusrule.schema.json", "configmap-v1.schema.json"]) {
      const v = compileStrict(loadSchema(file));
      expect(v({ apiVersion: "x", kind: "y", metadata: {}, unknownTopLevel: true }), file).toBe(false);
      expect(formatErrors(v.errors).join(), file).toContain('"unknownTopLevel"');
    }
  });
});

describe("every emitted manifest validates strictly against its upstream schema", () => {
  it("covers every kind polyscale emits", () => {
    const seen = new Set(manifests.map(([, m]) => `${m.apiVersion}/${m.kind}`));
    expect([...seen].sort()).toEqual([...KNOWN_KINDS].sort());
    expect(cases.length).toBeGreaterThanOrEqual(17);
  });

  it.each(manifests)("%s", (_label, m) => {
    expect(validateManifest(m)).toEqual([]);
  });
});

describe("every emitted manifest satisfies the API rules the schemas do not express (src/rules)", () => {
  it.each(cases.flatMap((c) => c.out.manifests.map((m): [string, Manifest, KubernetesCase] => [`${c.label} ${m.kind} ${m.metadata.name}`, m, c])))("%s", (_label, m, c) => {
    expect(violations(KUBERNETES_RULES, { manifest: m, cluster: c.policy.scaling?.kubernetes?.cluster })).toEqual([]);
  });
});

describe("second opinion: kubernetes-models and @kubernetes-models/keda", () => {
  let HPA: typeof import("kubernetes-models/autoscaling/v2").HorizontalPodAutoscaler;
  let ScaledObject: typeof import("@kubernetes-models/keda/keda.sh/v1alpha1").ScaledObject;
  let TriggerAuthentication: typeof import("@kubernetes-models/keda/keda.sh/v1alpha1").TriggerAuthentication;
  beforeAll(async () => {
    ({ HorizontalPodAutoscaler: HPA } = await import("kubernetes-models/autoscaling/v2"));
    ({ ScaledObject, TriggerAuthentication } = await import("@kubernetes-models/keda/keda.sh/v1alpha1"));
  });

  const hpas = manifests.filter(([, m]) => m.kind === "HorizontalPodAutoscaler");
  const scaledObjects = manifests.filter(([, m]) => m.kind === "ScaledObject");
  const triggerAuths = manifests.filter(([, m]) => m.kind === "TriggerAuthentication");

  it.each(hpas)("HPA %s", (_l, m) => {
    expect(() => new HPA(structuredClone(m) as any).validate()).not.toThrow();
  });
  it.each(scaledObjects)("ScaledObject %s", (_l, m) => {
    expect(() => new ScaledObject(structuredClone(m) as any).validate()).not.toThrow();
  });
  it.each(triggerAuths)("TriggerAuthentication %s", (_l, m) => {
    expect(() => new TriggerAuthentication(structuredClone(m) as any).validate()).not.toThrow();
  });

  it("the models reject a wrong type but accept a misspelt field, which is why the strict check exists", () => {
    const m = structuredClone(hpas[0]![1]) as any;
    m.spec.maxReplica = 3;
    expect(() => new HPA(m).validate()).not.toThrow();
    expect(validateManifest(m)).not.toEqual([]);
    m.spec.maxReplicas = "ten";
    expect(() => new HPA(m).validate()).toThrow();
  });
});

describe("the extra policies produce the features they are meant to cover", () => {
  it("checkout: KEDA with bearer auth → TriggerAuthentication before the ScaledObject, fallback scaleUp, behavior, alert on keda-hpa-*", () => {
    const c = byService("checkout");
    expect(c.out.engine).toBe("keda");
    expect(kinds(c)).toEqual(["TriggerAuthentication", "ScaledObject", "ServiceMonitor", "PrometheusRule"]);
    const ta = only(c, "TriggerAuthentication");
    expect(ta.spec).toEqual({ secretTargetRef: [{ parameter: "bearerToken", name: "checkout-prometheus-auth", key: "bearerToken" }] });
    const so = only(c, "ScaledObject").spec as any;
    for (const t of so.triggers) {
      expect(t.authenticationRef).toEqual({ name: ta.metadata.name });
      expect(t.metadata.authModes).toBe("bearer");
      expect(t.metadata.ignoreNullValues).toBe("false");
      expect(JSON.stringify(t.metadata)).not.toMatch(/token/i);
    }
    expect(so.fallback).toEqual({ failureThreshold: 3, replicas: 12, behavior: "currentReplicasIfHigher" });
    expect(so.minReplicaCount).toBe(0);
    expect(so.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds).toBe(600);
    expect(c.out.prometheusAuthSecret).toEqual({ name: "checkout-prometheus-auth", keys: ["bearerToken"] });
    expect(c.out.hpaName).toBe("keda-hpa-checkout-scaler");
    expect((only(c, "PrometheusRule").spec as any).groups[0].rules[0].expr).toContain('horizontalpodautoscaler="keda-hpa-checkout-scaler"');
  });

  it("ledger: basic auth from an existing Secret, fixed fallback, Value trigger on a StatefulSet", () => {
    const c = byService("ledger");
    const ta = only(c, "TriggerAuthentication");
    expect((ta.spec as any).secretTargetRef.map((r: any) => [r.parameter, r.name])).toEqual([["username", "thanos-basic-auth"], ["password", "thanos-basic-auth"]]);
    expect(c.out.prometheusAuthSecret).toBeUndefined();
    const so = only(c, "ScaledObject").spec as any;
    expect(so.fallback).toEqual({ failureThreshold: 5, replicas: 4 });
    expect(so.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "StatefulSet", name: "ledger-db-writer" });
    expect(so.triggers[0].metricType).toBe("Value");
  });

  it("api-gateway: cron schedule, workloadRatio, ContainerResource-style cpu trigger, adoptHpa, hold fallback", () => {
    const c = byService("api-gateway");
    const s = only(c, "ScaledObject");
    expect(s.metadata.annotations).toEqual({ "scaledobject.keda.sh/transfer-hpa-ownership": "true" });
    const spec = s.spec as any;
    expect(spec.triggers.map((t: any) => t.type)).toEqual(["cron", "kubernetes-workload", "cpu"]);
    expect(spec.triggers[0].metadata.desiredReplicas).toBe("6");
    expect(spec.triggers[2].metadata.containerName).toBe("gateway");
    expect(spec.advanced.horizontalPodAutoscalerConfig.name).toBe("api-gateway-hpa");
    expect(spec.fallback.behavior).toBe("currentReplicas");
    expect(c.out.hpaName).toBe("api-gateway-hpa");
  });

  it("search: ContainerResource cpu, memory AverageValue, Pods, External, Object on an HPA with behavior at its bounds", () => {
    const c = byService("search");
    expect(c.out.engine).toBe("hpa");
    const spec = only(c, "HorizontalPodAutoscaler").spec as any;
    expect(spec.metrics.map((m: any) => m.type)).toEqual(["ContainerResource", "Resource", "Pods", "External", "Object", "Pods", "Pods"]);
    expect(spec.behavior.scaleUp).toMatchObject({ stabilizationWindowSeconds: 3600, policies: [{ type: "Pods", value: 1, periodSeconds: 1800 }] });
    expect(spec.behavior.scaleDown.selectPolicy).toBe("Disabled");
    expect(c.out.adapterRules).toHaveLength(2);
  });

  it("pricing: VPA Auto beside an HPA on cpu is downgraded to Off with a warning", () => {
    const c = byService("pricing");
    expect((only(c, "VerticalPodAutoscaler").spec as any).updatePolicy).toEqual({ updateMode: "Off" });
    expect(c.out.warnings.map((w) => w.code)).toContain("hpa_vpa_conflict_downgraded");
    expect(kinds(c)).toEqual(["HorizontalPodAutoscaler", "VerticalPodAutoscaler"]);
  });

  it("batch-sink: min == max, so no pinned-at-max PrometheusRule", () => {
    const c = byService("batch-sink");
    expect(kinds(c)).toEqual(["HorizontalPodAutoscaler"]);
    expect(c.out.warnings.map((w) => w.code)).toContain("alert_min_equals_max");
  });
});
