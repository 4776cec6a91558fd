import { z } from "zod";
import { expected } from "../messages";

/**
 * ALB resource label for `ALBRequestCountPerTarget`:
 * `app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id>`
 * (CloudFormation `PredefinedMetricSpecification.ResourceLabel`; 1..1023 characters in the API model).
 */
export const RESOURCE_LABEL_RE = /^app\/[A-Za-z0-9-]{1,32}\/[0-9a-f]+\/targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]+$/;
/** `arn:<partition>:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>` */
export const LOAD_BALANCER_ARN_RE = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(app\/[A-Za-z0-9-]{1,32}\/[0-9a-f]+)$/;
/** `arn:<partition>:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>` */
export const TARGET_GROUP_ARN_RE = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:(targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]+)$/;

/** The resource label built from the two ARNs (undefined when either does not match). */
export function albResourceLabel(loadBalancerArn: string, targetGroupArn: string): string | undefined {
  const lb = LOAD_BALANCER_ARN_RE.exec(loadBalancerArn);
  const tg = TARGET_GROUP_ARN_RE.exec(targetGroupArn);
  return lb && tg ? `${lb[1]}/${tg[1]}` : undefined;
}

/**
 * An Application Load Balancer target group, for ECS `ALBRequestCountPerTarget` target tracking.
 * Give the ARNs (the resource label is built from them) or the resource label itself.
 */
export const AlbSource = z
  .strictObject({
    loadBalancerArn: z
      .string()
      .max(1600)
      .regex(LOAD_BALANCER_ARN_RE, expected('an Application Load Balancer ARN like "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-lb/50dc6c495c0c9188"'))
      .optional(),
    targetGroupArn: z
      .string()
      .max(1600)
      .regex(TARGET_GROUP_ARN_RE, expected('a target group ARN like "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/my-tg/943f017f100becff"'))
      .optional(),
    /** `app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>` */
    resourceLabel: z
      .string()
      .max(1023, expected("API ResourceLabel"))
      .regex(RESOURCE_LABEL_RE, expected('a resource label like "app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>"'))
      .optional(),
  })
  .superRefine((s, ctx) => {
    const arns = Number(s.loadBalancerArn !== undefined) + Number(s.targetGroupArn !== undefined);
    if (s.resourceLabel !== undefined && arns > 0) {
      ctx.addIssue({ code: "custom", message: "give either `resourceLabel` or `loadBalancerArn` + `targetGroupArn`, not both", input: s });
    } else if (s.resourceLabel === undefined && arns !== 2) {
      ctx.addIssue({
        code: "custom",
        path: s.loadBalancerArn === undefined ? ["loadBalancerArn"] : s.targetGroupArn === undefined ? ["targetGroupArn"] : [],
        message: "needs `resourceLabel`, or both `loadBalancerArn` and `targetGroupArn` (the label is built from them)",
        input: s,
      });
    }
  });
export type AlbSource = z.infer<typeof AlbSource>;
