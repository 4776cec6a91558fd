import type { ScalingPolicy } from "../../types";
import type { PlatformTarget, RenderResult } from "../types";
import { CLOUD_RUN_SERVICE_TYPE, capabilities, compileCloudRun } from "./compile";

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
    const out = compileCloudRun(policy);
    return { documents: [{ type: CLOUD_RUN_SERVICE_TYPE, name: policy.service, args: out.args }], warnings: out.warnings };
  },
};
