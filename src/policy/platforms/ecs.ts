import { z } from "zod";
import { duration } from "../units";
import { expected, quote } from "../messages";

/**
 * ECS cluster and service names: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and
 * hyphens are allowed" (ECS CreateCluster / CreateService `clusterName` / `serviceName`).
 */
const ECS_NAME_RE = /^[A-Za-z0-9_-]{1,255}$/;
export function ecsNameError(what: "cluster" | "service", name: string): string | undefined {
  return ECS_NAME_RE.test(name)
    ? undefined
    : `must be an ECS ${what} name (1..255 letters, digits, '_' or '-'), got ${quote(name)}`;
}
const ecsName = (what: "cluster" | "service") =>
  z.string(expected(`an ECS ${what} name`)).superRefine((s, ctx) => {
    const err = ecsNameError(what, s);
    if (err) ctx.addIssue({ code: "custom", message: err, input: s });
  });

/**
 * Printable characters only: the Application Auto Scaling model gives `PolicyName` the Java pattern
 * `\p{Print}+` (US-ASCII 0x20..0x7E).
 */
const PRINTABLE_RE = /^[\x20-\x7e]+$/;

/** ECS-only knobs (Application Auto Scaling target tracking). */
export const EcsOptions = z.strictObject({
  /**
   * Target tracking has no scale rate limits: `scaleUp.policies` / `scaleDown.policies` cannot be honoured.
   * `error` refuses them; `warn` compiles without them (for one policy shared with Kubernetes). @default error
   */
  unsupportedBehavior: z.enum(["error", "warn"]).default("error"),
  /**
   * Cooldowns (ECS `ScaleOutCooldown` / `ScaleInCooldown`, whole seconds). They override the ones derived
   * from `scaleUp.stabilization` / `scaleDown.stabilization`. When neither is given, the policy leaves the
   * field unset and AWS uses its default (300 s for ECS services).
   */
  cooldown: z.strictObject({ out: duration({ min: 0 }).optional(), in: duration({ min: 0 }).optional() }).optional(),
  /** ECS cluster name (the `<cluster>` of `service/<cluster>/<service>`). Required by `polyscale render --platform ecs`. */
  cluster: ecsName("cluster").optional(),
  /** ECS service name. @default the policy's `service` */
  service: ecsName("service").optional(),
  /**
   * Prefix of the generated policy and scheduled action names (`<prefix>-cpu-scaling`, ...).
   * At most 200 printable characters, so every generated name stays within the API's 256.
   * @default the policy's `service`
   */
  namePrefix: z
    .string()
    .min(1)
    .max(200, expected("policy names are limited to 256"))
    .regex(PRINTABLE_RE, expected("printable ASCII (the API's PolicyName pattern \\p{Print}+)"))
    .regex(/^[^:/|]+$/, expected("free of ':', '/' and '|' (the API's ScheduledActionName pattern)"))
    .optional(),
});
export type EcsOptions = z.infer<typeof EcsOptions>;
