/**
 * Per-direction HPA tolerance (KEP-4951, alpha gate HPAConfigurableTolerance, Kubernetes >= 1.33):
 * `scaleUp/scaleDown.tolerance` compiles to HPA `behavior.*.tolerance` and KEDA
 * `advanced.horizontalPodAutoscalerConfig.behavior.*.tolerance`, only when the policy says the gate is on;
 * platforms without a per-direction tolerance refuse it (or warn with their `unsupportedBehavior` opt-out).
 */
import { describe, expect, it } from "vitest";
import { PolicyError } from "../../../src/policy/errors";
import { parsePolicy } from "../../../src/policy";
import { quantityValue } from "../../../src/policy/units";
import { compileKubernetes } from "../../../src/targets/kubernetes";
import { toleranceQuantity } from "../../../src/targets/kubernetes/behavior";
import { compileEcs } from "../../../src/targets/ecs/compile";
import { compileContainerApps } from "../../../src/targets/container-apps/compile";
import { compileCloudRun } from "../../../src/targets/cloud-run/compile";

const GATE = { cluster: { kubernetesVersion: "1.33", hpaConfigurableTolerance: true } };

function raw(extra: Record<string, unknown> = {}, kubernetes: Record<string, unknown> = GATE) {
  return {
    service: "api",
    scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 60 } }], scaleUp: { tolerance: 0.01 }, scaleDown: { tolerance: 0.05 }, kubernetes, ...extra },
  };
}

function issuesOf(fn: () => unknown): Array<{ path: string; message: string }> {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyError) return e.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw e;
  }
  return [];
}

describe("tolerance on Kubernetes", () => {
  it("HPA: behavior.scaleUp/scaleDown.tolerance as canonical Quantities, next to the rest of the behavior", () => {
    const hpa = compileKubernetes(parsePolicy(raw())).manifests.find((m) => m.kind === "HorizontalPodAutoscaler") as any;
    expect(hpa.spec.behavior.scaleUp.tolerance).toBe("10m");
    expect(hpa.spec.behavior.scaleDown.tolerance).toBe("50m");
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
  });

  it("KEDA: advanced.horizontalPodAutoscalerConfig.behavior.*.tolerance", () => {
    const so = compileKubernetes(parsePolicy(raw({}, { ...GATE, engine: "keda" }))).manifests.find((m) => m.kind === "ScaledObject") as any;
    expect(so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.tolerance).toBe("10m");
    expect(so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.tolerance).toBe("50m");
  });

  it("no tolerance written when the policy sets none (the cluster flag applies)", () => {
    const hpa = compileKubernetes(parsePolicy({ service: "api", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 60 } }], scaleUp: { stabilization: "0s" } } }))
      .manifests.find((m) => m.kind === "HorizontalPodAutoscaler") as any;
    expect(hpa.spec.behavior.scaleUp).not.toHaveProperty("tolerance");
    expect(hpa.spec.behavior.scaleDown).not.toHaveProperty("tolerance");
  });

  // Canonical forms from k8s.io/apimachinery/pkg/api/resource quantity_test.go (`TestQuantityString` /
  // CanonicalizeBytes): exponent a multiple of 3, whole mantissa, no trailing zeros.
  it.each([
    [0, "0"],
    [0.1, "100m"],
    [0.05, "50m"],
    [0.001, "1m"],
    [0.0001, "100u"],
    [0.0025, "2500u"],
    [0.07, "70m"],
    [0.123456, "123456u"],
  ])("tolerance %s is written %s and reads back as the same number", (fraction, quantity) => {
    expect(toleranceQuantity(fraction)).toBe(quantity);
    expect(quantityValue(quantity)).toBeCloseTo(fraction, 12);
  });

  it("refused without the feature gate, one issue per direction naming the gate and the setting that turns it on", () => {
    const issues = issuesOf(() => compileKubernetes(parsePolicy(raw({}, {}))));
    expect(issues.map((i) => i.path)).toEqual(["scaling.scaleUp.tolerance", "scaling.scaleDown.tolerance"]);
    expect(issues[0]!.message).toContain("HPAConfigurableTolerance");
    expect(issues[0]!.message).toContain("scaling.kubernetes.cluster.hpaConfigurableTolerance: true");
  });

  it("through KEDA it needs KEDA >= 2.18 (kedacore/keda-docs#1660: older ScaledObject CRDs prune the field)", () => {
    const keda = (kedaVersion: string) => issuesOf(() => compileKubernetes(parsePolicy(raw({}, { engine: "keda", cluster: { hpaConfigurableTolerance: true, kedaVersion } }))));
    const old = keda("2.17");
    expect(old.map((i) => i.path)).toEqual(["scaling.scaleUp.tolerance", "scaling.scaleDown.tolerance"]);
    expect(old[0]!.message).toContain('needs KEDA >= 2.18');
    expect(keda("2.18")).toEqual([]);
    // a plain HPA does not go through KEDA
    expect(issuesOf(() => compileKubernetes(parsePolicy(raw({}, { engine: "hpa", cluster: { hpaConfigurableTolerance: true, kedaVersion: "2.17" } }))))).toEqual([]);
  });

  it("the gate on a cluster older than 1.33 is refused by the model; 1.33 and later are accepted", () => {
    const issues = issuesOf(() => parsePolicy(raw({}, { cluster: { kubernetesVersion: "1.32.4", hpaConfigurableTolerance: true } })));
    expect(issues).toEqual([{ path: "scaling.kubernetes.cluster.kubernetesVersion", message: expect.stringContaining('must be at least "1.33"') }]);
    expect(issues[0]!.message).toContain('got "1.32.4"');
    for (const v of ["1.33", "1.34.1", "2.0"]) expect(issuesOf(() => compileKubernetes(parsePolicy(raw({}, { cluster: { kubernetesVersion: v, hpaConfigurableTolerance: true } }))))).toEqual([]);
  });

  it("the model bounds: 0 <= tolerance < 1, at most micro steps", () => {
    const bad = (t: unknown) => issuesOf(() => parsePolicy(raw({ scaleUp: { tolerance: t } })));
    expect(bad(-0.01)[0]).toEqual({ path: "scaling.scaleUp.tolerance", message: expect.stringContaining("must be at least 0") });
    expect(bad(1)[0]).toEqual({ path: "scaling.scaleUp.tolerance", message: expect.stringContaining("must be less than 1") });
    expect(bad(0.0000001)[0]!.message).toContain("at most 6 decimal places");
    expect(bad("5%")[0]!.message).toContain("must be a number");
    expect(bad(0.999999)).toEqual([]);
  });
});

describe("tolerance on platforms without one", () => {
  const on = (extra: Record<string, unknown>) => parsePolicy({ service: "api", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 60 } }], scaleDown: { tolerance: 0.05 }, ...extra } });

  it("ECS refuses it, or warns and compiles without it with unsupportedBehavior: warn", () => {
    const issues = issuesOf(() => compileEcs(on({ ecs: { cluster: "prod" } })));
    expect(issues).toEqual([{ path: "scaling.scaleDown.tolerance", message: expect.stringContaining("cannot be honoured on ecs") }]);
    const out = compileEcs(on({ ecs: { cluster: "prod", unsupportedBehavior: "warn" } }));
    expect(out.warnings.map((w) => [w.path.join("."), w.code])).toContainEqual(["scaling.scaleDown.tolerance", "ecs_no_tolerance"]);
    expect(JSON.stringify(out)).not.toMatch(/olerance"?:\s*0\.05/);
  });

  it("Container Apps refuses it, or warns with unsupportedBehavior: warn", () => {
    expect(issuesOf(() => compileContainerApps(on({}))).map((i) => i.path)).toEqual(["scaling.scaleDown.tolerance"]);
    const out = compileContainerApps(on({ containerApps: { unsupportedBehavior: "warn" } }));
    expect(out.warnings.map((w) => w.path.join("."))).toContain("scaling.scaleDown.tolerance");
  });

  it("Cloud Run refuses scaleDown (which carries it) unless ignoreScaleRules", () => {
    expect(issuesOf(() => compileCloudRun(on({}))).map((i) => i.path)).toEqual(["scaling.scaleDown"]);
  });
});
