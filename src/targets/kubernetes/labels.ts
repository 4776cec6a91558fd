import type { PathSegment, PolicyIssue } from "../../policy/errors";
import { isLabelValue } from "../../policy/kubernetes-names";

/**
 * The `app` label polyscale defaults to (ServiceMonitor `matchLabels`, the Deployment and Service that
 * `KubernetesService` creates) is the workload name. A workload name is a DNS-1123 subdomain (up to 253
 * characters) but a label value is at most 63 (k8s.io/apimachinery validation.IsValidLabelValue), so a
 * longer name has no valid default: the issue asks for the labels explicitly.
 */
export function appLabelIssue(workloadName: string, path: PathSegment[], fix: string): PolicyIssue | undefined {
  if (isLabelValue(workloadName)) return undefined;
  return {
    code: "label_value_too_long",
    path,
    message: `the default label app=<workload name> needs a label value of at most 63 characters, and the workload name ${JSON.stringify(workloadName.slice(0, 40) + "...")} has ${workloadName.length}; ${fix}`,
  };
}
