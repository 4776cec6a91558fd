/** API limits on the names and ids polyscale generates for Application Auto Scaling, and their check. */
import type { PathSegment, PolicyIssue } from "../../policy/errors";
import { ecsNameError } from "../../policy/platforms/ecs";

/** The API model's limits (application-autoscaling 2016-02-06 service-2.json). */
export const LIMITS = {
  policyName: 256,
  scheduledActionName: 256,
  resourceId: 1600,
  resourceLabel: 1023,
  expression: 2048,
} as const;

const PRINTABLE = /^[\x20-\x7e]+$/;

/** A generated PolicyName / ScheduledActionName: length 1..256, printable (scheduled actions: no ':', '/', '|'). */
export function checkName(kind: "policy" | "scheduled action", name: string, path: PathSegment[], issues: PolicyIssue[]): void {
  const max = kind === "policy" ? LIMITS.policyName : LIMITS.scheduledActionName;
  if (name.length < 1 || name.length > max) {
    issues.push({ code: "too_big", path, message: `generated ${kind} name is ${name.length} characters; the API allows 1..${max} (shorten scaling.ecs.namePrefix), got ${JSON.stringify(name)}` });
  } else if (!PRINTABLE.test(name) || (kind === "scheduled action" && /[:/|]/.test(name))) {
    issues.push({ code: "invalid_string", path, message: `generated ${kind} name must be printable ASCII${kind === "scheduled action" ? " without ':', '/' or '|'" : ""}, got ${JSON.stringify(name)}` });
  }
}

/** `service/<cluster>/<service>`, or the issues that keep it from being valid. */
export function ecsResourceId(cluster: string, service: string, paths: { cluster: PathSegment[]; service: PathSegment[] } = { cluster: ["scaling", "ecs", "cluster"], service: ["scaling", "ecs", "service"] }): { resourceId: string; issues: PolicyIssue[] } {
  const issues: PolicyIssue[] = [];
  const c = ecsNameError("cluster", cluster);
  if (c) issues.push({ code: "invalid_ecs_name", path: paths.cluster, message: c });
  const s = ecsNameError("service", service);
  if (s) issues.push({ code: "invalid_ecs_name", path: paths.service, message: s });
  const resourceId = `service/${cluster}/${service}`;
  if (resourceId.length > LIMITS.resourceId) {
    issues.push({ code: "too_big", path: paths.service, message: `resource id ${JSON.stringify(resourceId.slice(0, 40) + "...")} is ${resourceId.length} characters; the API allows 1..${LIMITS.resourceId}` });
  }
  return { resourceId, issues };
}
