import type { PathSegment, PolicyIssue } from "../policy/errors";
import { isCloudRunServiceName, isContainerAppName } from "../rules/names";

/**
 * Issues for resources the cloud targets and components name after the policy's `service` (a DNS-1123 label:
 * it may start with a digit, hold '--' or run to 63 characters, which some platforms refuse).
 */

export function cloudRunServiceNameIssue(name: string, path: PathSegment[], how: string): PolicyIssue | undefined {
  if (isCloudRunServiceName(name)) return undefined;
  return {
    code: "invalid_name",
    path,
    message: `${JSON.stringify(name)} is not a Cloud Run service name (lower-case letters, digits and '-', starting with a letter, at most 63 characters); ${how}`,
  };
}

export function containerAppNameIssue(name: string, path: PathSegment[], how: string): PolicyIssue | undefined {
  if (isContainerAppName(name)) return undefined;
  return {
    code: "invalid_name",
    path,
    message: `${JSON.stringify(name)} is not a Container App name (2 to 32 lower-case letters, digits and '-', starting with a letter, ending with a letter or digit, no '--'); ${how}`,
  };
}
