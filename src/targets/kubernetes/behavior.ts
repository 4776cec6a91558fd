import type { ScalingRules } from "../../types";
import type { Scaling } from "../../types";
import type { PolicyIssue } from "../../policy/errors";
import { toleranceNeedsGate, toleranceNeedsKeda } from "../../policy/messages";
import { TOLERANCE_GATE_SINCE, versionBelow } from "../../policy/platforms/kubernetes";

export interface HpaScalingPolicy {
  type: "Pods" | "Percent";
  value: number;
  periodSeconds: number;
}

export interface HpaScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: "Max" | "Min" | "Disabled";
  policies: HpaScalingPolicy[];
  /** A Quantity in canonical form ("50m" for 5 %); only when the policy sets `tolerance`. */
  tolerance?: string;
}

export interface HpaBehavior {
  scaleUp: HpaScalingRules;
  scaleDown: HpaScalingRules;
}

/**
 * Defaults the API server fills in when `behavior` is set, from
 * kubernetes pkg/apis/autoscaling/v2/defaults.go (GenerateHPAScaleUpRules / GenerateHPAScaleDownRules):
 * scale-up: window 0, Max, [Pods 4 / 15 s, Percent 100 / 15 s]; scale-down: Max, [Percent 100 / 15 s].
 * The scale-down window is left nil by the API server and the controller uses its
 * --horizontal-pod-autoscaler-downscale-stabilization flag (300 s); we write 300 explicitly.
 * polyscale always emits a complete `behavior`, so desired == live and `pulumi preview` shows no diff.
 */
export const HPA_DEFAULT_SCALE_UP: HpaScalingRules = {
  stabilizationWindowSeconds: 0,
  policies: [
    { type: "Pods", value: 4, periodSeconds: 15 },
    { type: "Percent", value: 100, periodSeconds: 15 },
  ],
  selectPolicy: "Max",
};

export const HPA_DEFAULT_SCALE_DOWN: HpaScalingRules = {
  stabilizationWindowSeconds: 300,
  policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
  selectPolicy: "Max",
};

const SELECT = { max: "Max", min: "Min", disabled: "Disabled" } as const;

export function hpaScalingRules(rules: ScalingRules | undefined, defaults: HpaScalingRules): HpaScalingRules {
  if (!rules) return { ...defaults, policies: copyPolicies(defaults.policies) };
  return {
    stabilizationWindowSeconds: rules.stabilization ?? defaults.stabilizationWindowSeconds,
    policies: rules.policies
      ? rules.policies.map((p) =>
          p.replicas !== undefined
            ? { type: "Pods" as const, value: p.replicas, periodSeconds: p.per }
            : { type: "Percent" as const, value: p.percent!, periodSeconds: p.per },
        )
      : copyPolicies(defaults.policies),
    selectPolicy: SELECT[rules.select],
    ...(rules.tolerance !== undefined ? { tolerance: toleranceQuantity(rules.tolerance) } : {}),
  };
}

/** A fresh copy of the default policies (flat objects), so no manifest shares the constants. */
const copyPolicies = (policies: HpaScalingRules["policies"]): HpaScalingRules["policies"] => policies.map((p) => ({ ...p }));

/**
 * A fraction as the Quantity the API server stores and returns (so live == desired): the mantissa a whole
 * number and the exponent a multiple of 3 (k8s.io/apimachinery/pkg/api/resource/quantity.go
 * `CanonicalizeBytes`): 0.05 -> "50m", 0.0025 -> "2500u", 0 -> "0". The model allows micro steps at most.
 */
export function toleranceQuantity(fraction: number): string {
  const micro = Math.round(fraction * 1e6);
  if (micro % 1e6 === 0) return String(micro / 1e6);
  if (micro % 1e3 === 0) return `${micro / 1e3}m`;
  return `${micro}u`;
}

/**
 * `tolerance` needs the alpha HPAConfigurableTolerance gate (KEP-4951, Kubernetes >= 1.33); without it the
 * API server drops the field and the HPA silently uses the cluster-wide tolerance.
 */
export function toleranceGateIssues(scaling: Pick<Scaling, "scaleUp" | "scaleDown" | "kubernetes">, engine: "hpa" | "keda"): PolicyIssue[] {
  const cluster = scaling.kubernetes?.cluster;
  const kedaVersion = cluster?.kedaVersion ?? KEDA_TOLERANCE_SINCE;
  // KEDA's ScaledObject CRD carries behavior.*.tolerance from 2.18 (kedacore/keda-docs#1660); an older CRD prunes it.
  const kedaTooOld = engine === "keda" && versionBelow(kedaVersion, KEDA_TOLERANCE_SINCE);
  const message = cluster?.hpaConfigurableTolerance !== true ? toleranceNeedsGate(TOLERANCE_GATE_SINCE) : kedaTooOld ? toleranceNeedsKeda(KEDA_TOLERANCE_SINCE, kedaVersion) : undefined;
  if (message === undefined) return [];
  return (["scaleUp", "scaleDown"] as const)
    .filter((dir) => scaling[dir]?.tolerance !== undefined)
    .map((dir) => ({ code: "feature_gate", path: ["scaling", dir, "tolerance"], message }));
}

/** The first KEDA release whose ScaledObject passes `behavior.*.tolerance` to its HPA. */
export const KEDA_TOLERANCE_SINCE = "2.18";

/** The complete HPA `behavior` for a policy's scale-up / scale-down rules (used by HPA, KEDA and the simulator). */
export function hpaBehavior(scaling: Pick<Scaling, "scaleUp" | "scaleDown">): HpaBehavior {
  return {
    scaleUp: hpaScalingRules(scaling.scaleUp, HPA_DEFAULT_SCALE_UP),
    scaleDown: hpaScalingRules(scaling.scaleDown, HPA_DEFAULT_SCALE_DOWN),
  };
}
