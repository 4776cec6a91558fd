import type { ScalingPolicy } from "../../types";
import type { PlatformTarget, RenderResult } from "../types";
import { PolicyError } from "../../policy/errors";
import { cloudRunServiceNameIssue } from "../resource-names";
import { throwIfIssues } from "../types";
import { observabilityByComponent } from "../observability-support";
import { CLOUD_RUN_SERVICE_TYPE, capabilities, compileCloudRun, type CloudRunCompileResult } from "./compile";

export * from "./compile";

/**
 * `polyscale render FILE --platform cloud-run`: one document per policy, tagged with the provider
 * resource type, whose `args` are `@pulumi/gcp` `cloudrunv2.ServiceArgs` (without `location`,
 * `project` and, unless `scaling.cloudRun.image` is set, the container `image`: merge them, or use
 * the `CloudRunService` component).
 */
export const target: PlatformTarget = {
  name: "cloud-run",
  title: "Google Cloud Run",
  capabilities,
  render(policy: ScalingPolicy): RenderResult {
    // The rendered args name the Cloud Run service after the policy (the component can use another name).
    const nameIssue = cloudRunServiceNameIssue(policy.service, ["service"], "the rendered args name the Cloud Run service after it: rename the service, or deploy with CloudRunService and its `serviceName`");
    let out: CloudRunCompileResult;
    try {
      out = compileCloudRun(policy);
    } catch (e) {
      if (nameIssue && e instanceof PolicyError) throw new PolicyError([nameIssue, ...e.issues], e.message.slice(0, e.message.indexOf(":\n")));
      throw e;
    }
    if (nameIssue) throwIfIssues([nameIssue], "cloud-run", policy.service);
    const notes = observabilityByComponent(policy, "CloudRunService", "Cloud Monitoring (with its notificationChannels)");
    return { documents: [{ type: CLOUD_RUN_SERVICE_TYPE, name: policy.service, args: out.args }], warnings: [...out.warnings, ...notes] };
  },
};
