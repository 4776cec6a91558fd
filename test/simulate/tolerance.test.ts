/**
 * A compiled `behavior.*.tolerance` (HPAConfigurableTolerance) drives the simulated HPA as upstream's
 * replica calculator does: kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go,
 * `Tolerances.isWithin`: no change while (1 - scaleDown) <= usageRatio <= (1 + scaleUp), both bounds
 * inclusive; each direction has its own tolerance, the cluster flag's 0.1 when unset.
 */
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/load";
import { deployedKubernetes, simulate, type Trace } from "../../src/simulate";

/** 20 replicas of a KEDA queue metric at 10 jobs per replica: usage ratio = queue / 200. */
function policy(engine: "keda", tolerance: { scaleUp?: number; scaleDown?: number }) {
  return parsePolicy({
    service: "worker",
    namespace: "jobs",
    scaling: {
      replicas: { min: 1, max: 40 },
      metrics: [{ queue: { jobsPerReplica: 10, from: { prometheus: { query: "sum(queue_jobs)" } } } }],
      ...(tolerance.scaleUp !== undefined ? { scaleUp: { tolerance: tolerance.scaleUp } } : {}),
      scaleDown: { stabilization: "0s", ...(tolerance.scaleDown !== undefined ? { tolerance: tolerance.scaleDown } : {}) },
      kubernetes: { engine, prometheus: { serverAddress: "http://prometheus.monitoring:9090" }, cluster: { kubernetesVersion: "1.33", hpaConfigurableTolerance: true } },
    },
  });
}

const steady = (queue: number): Trace => [{ t: 0, queue }, { t: 300, queue }];
const finalReplicas = (engine: "keda", tolerance: { scaleUp?: number; scaleDown?: number }, queue: number) => {
  const r = simulate(policy(engine, tolerance), steady(queue), { platform: engine, initialReplicas: 20 });
  return r.timeline[r.timeline.length - 1]!.desired;
};

it("a plain HPA reads its compiled behavior.*.tolerance (\"10m\", \"50m\") as 0.01 / 0.05", () => {
  const hpa = parsePolicy({
    service: "api",
    scaling: {
      replicas: { min: 2, max: 10 },
      metrics: [{ cpu: { utilization: 60 } }],
      scaleUp: { tolerance: 0.01 },
      scaleDown: { tolerance: 0.05 },
      kubernetes: { cluster: { hpaConfigurableTolerance: true } },
    },
  });
  const deployed = deployedKubernetes(hpa);
  expect(deployed.engine).toBe("hpa");
  expect(deployed.hpa.tolerances).toEqual({ scaleUp: 0.01, scaleDown: 0.05 });
});

describe.each(["keda"] as const)("compiled tolerance on %s", (engine) => {
  it("is read from the compiled behavior, per direction, and the cluster default fills the other", () => {
    expect(deployedKubernetes(policy(engine, { scaleDown: 0.05 })).hpa.tolerances).toEqual({ scaleUp: 0.1, scaleDown: 0.05 });
    expect(deployedKubernetes(policy(engine, { scaleUp: 0.0025 })).hpa.tolerances).toEqual({ scaleUp: 0.0025, scaleDown: 0.1 });
  });

  it("ratio 0.92: held by the default 0.1, scaled down to ceil(0.92 x 20) = 19 with scaleDown 0.05", () => {
    expect(finalReplicas(engine, {}, 184)).toBe(20);
    expect(finalReplicas(engine, { scaleDown: 0.05 }, 184)).toBe(19);
    // the scale-up tolerance does not widen the scale-down band
    expect(finalReplicas(engine, { scaleUp: 0.5 }, 150)).toBe(15);
  });

  it("ratio 1.08: held by the default 0.1, scaled up to ceil(1.08 x 20) = 22 with scaleUp 0.05", () => {
    expect(finalReplicas(engine, {}, 216)).toBe(20);
    expect(finalReplicas(engine, { scaleUp: 0.05 }, 216)).toBe(22);
    expect(finalReplicas(engine, { scaleDown: 0.5 }, 216)).toBe(20);
  });

  it("the bound is inclusive: ratio 0.75 is within a scaleDown tolerance of 0.25, not of 0.2", () => {
    expect(finalReplicas(engine, { scaleDown: 0.25 }, 150)).toBe(20);
    expect(finalReplicas(engine, { scaleDown: 0.2 }, 150)).toBe(15);
  });

  it("tolerance 0 acts on any deviation", () => {
    expect(finalReplicas(engine, { scaleUp: 0 }, 201)).toBe(21);
    expect(finalReplicas(engine, { scaleDown: 0 }, 199)).toBe(20);
  });
});
