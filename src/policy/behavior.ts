import { z } from "zod";
import { duration } from "./units";

/**
 * Scale-up / scale-down rules, in the vocabulary of HPA `behavior`
 * (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#configurable-scaling-behavior).
 * Bounds follow pkg/apis/autoscaling/validation/validation.go: stabilization 0..3600 s,
 * policy period 1..1800 s, policy value > 0.
 */
export const ScalingPolicyRule = z
  .strictObject({
    /** Change by at most this many replicas per period (HPA `Pods`). */
    replicas: z.number().int({ error: "must be a whole number of replicas" }).min(1, { error: (iss) => `must be at least 1, got ${JSON.stringify(iss.input)}` }).optional(),
    /** Change by at most this percentage of the current replicas per period (HPA `Percent`). */
    percent: z.number().int({ error: "must be a whole percentage" }).min(1, { error: (iss) => `must be at least 1, got ${JSON.stringify(iss.input)}` }).optional(),
    /** The period the limit applies to (HPA `periodSeconds`, 1s..30m). */
    per: duration({ min: 1, max: 1800 }),
  })
  .superRefine((p, ctx) => {
    if ((p.replicas === undefined) === (p.percent === undefined)) {
      ctx.addIssue({ code: "custom", message: `needs exactly one of \`replicas\` or \`percent\`, got ${p.replicas === undefined ? "neither" : "both"}`, input: p });
    }
  });

export const ScalingRules = z.strictObject({
  /** Look-back window over past recommendations before acting (HPA `stabilizationWindowSeconds`, 0..1h). */
  stabilization: duration({ min: 0, max: 3600 }).optional(),
  /** Rate limits; which one wins is `select`. */
  policies: z.array(ScalingPolicyRule).min(1, { error: "must list at least one policy (or omit `policies` for the platform default)" }).optional(),
  /** `max`: the policy allowing the biggest change wins; `min`: the smallest; `disabled`: never scale in this direction. @default max */
  select: z.enum(["max", "min", "disabled"]).default("max"),
});
export type ScalingRules = z.infer<typeof ScalingRules>;
