import { z } from "zod";

/**
 * An Application Load Balancer target group, for ECS `ALBRequestCountPerTarget` target tracking.
 * Give the ARNs (the resource label is built from them) or the resource label itself.
 */
export const AlbSource = z.strictObject({
  loadBalancerArn: z.string().min(1).optional(),
  targetGroupArn: z.string().min(1).optional(),
  /** `app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>` */
  resourceLabel: z.string().min(1).max(1023).optional(),
});
export type AlbSource = z.infer<typeof AlbSource>;
