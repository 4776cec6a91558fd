import { z } from "zod";
import { duration, int32 } from "./units";
import { EVERY_PROBLEM, expected, mustBe } from "./messages";

/**
 * Scale-up / scale-down rules, in the vocabulary of HPA `behavior`
 * (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#configurable-scaling-behavior).
 * Bounds follow pkg/apis/autoscaling/validation/validation.go: stabilization 0..3600 s,
 * policy period 1..1800 s, policy value > 0.
 */
export const ScalingPolicyRule = z
  .strictObject({
    /** Change by at most this many replicas per period (HPA `Pods`). */
    replicas: int32(1).optional(),
    /** Change by at most this percentage of the current replicas per period (HPA `Percent`). */
    percent: int32(1).optional(),
    /** The period the limit applies to (HPA `periodSeconds`, 1s..30m). */
    per: duration({ min: 1, max: 1800 }),
  })
  .superRefine((p, ctx) => {
    if ((p.replicas === undefined) === (p.percent === undefined)) {
      ctx.addIssue({ code: "custom", message: `needs exactly one of \`replicas\` or \`percent\`, got ${p.replicas === undefined ? "neither" : "both"}`, input: p });
    }
  }, EVERY_PROBLEM);

/** `max`: the biggest change wins; `min`: the smallest; `disabled`: never scale in this direction. */
export const SELECT_POLICIES = ["max", "min", "disabled"] as const;
/** The HPA's own spelling (`behavior.scaleUp.selectPolicy`), accepted as pasted from a manifest. */
const HPA_SELECT_POLICY: Record<string, (typeof SELECT_POLICIES)[number]> = { Max: "max", Min: "min", Disabled: "disabled" };

const TOLERANCE_PHRASE = "a fraction from 0 up to (not including) 1, e.g. 0.05 for 5 %";

/** True when `v` is a whole number of millionths (so it is written exactly as a Quantity, see `toleranceQuantity`). */
function isMicroMultiple(v: number): boolean {
  const micro = v * 1e6;
  return Math.abs(micro - Math.round(micro)) < 1e-6;
}

export const ScalingRules = z
  .strictObject({
    /** Look-back window over past recommendations before acting (HPA `stabilizationWindowSeconds`, 0..1h). */
    stabilization: duration({ min: 0, max: 3600 }).optional(),
    /** Rate limits; which one wins is `select`. */
    policies: z.array(ScalingPolicyRule).min(1).optional(),
    /** `max`: the policy allowing the biggest change wins; `min`: the smallest; `disabled`: never scale in this direction. @default max */
    select: z.enum(SELECT_POLICIES).optional(),
    /** The HPA spelling of `select` (`Max`, `Min`, `Disabled`), as pasted from an HPA manifest. Give one of the two. */
    selectPolicy: z.enum(["Max", "Min", "Disabled"]).optional(),
    /**
     * How far the metric may stray from its target, as a fraction (0.05 = 5 %), before this direction acts
     * (HPA `behavior.*.tolerance`, Kubernetes >= 1.33 with the alpha gate HPAConfigurableTolerance:
     * `scaling.kubernetes.cluster.hpaConfigurableTolerance`). Unset: the cluster's
     * `--horizontal-pod-autoscaler-tolerance` (0.1). Kubernetes only.
     */
    tolerance: z
      .number()
      .min(0, expected(TOLERANCE_PHRASE))
      .lt(1, expected(TOLERANCE_PHRASE))
      .refine(isMicroMultiple, expected(`${TOLERANCE_PHRASE} with at most 6 decimal places (a Kubernetes Quantity stops at micro units here)`))
      .optional(),
  })
  .superRefine((r, ctx) => {
    if (r.select !== undefined && r.selectPolicy !== undefined) {
      ctx.addIssue({ code: "custom", path: ["selectPolicy"], message: mustBe("left out when `select` is given (they are two spellings of one setting)", r.selectPolicy), input: r.selectPolicy });
    }
  }, EVERY_PROBLEM)
  .transform(({ selectPolicy, ...r }) => ({ ...r, select: r.select ?? (selectPolicy !== undefined ? HPA_SELECT_POLICY[selectPolicy]! : "max") }));
export type ScalingRules = z.infer<typeof ScalingRules>;
