import { z } from "zod";

/** Cloud Run-only knobs (cloudrunv2.Service template). */
export const CloudRunOptions = z.strictObject({
  /** CPU is only allocated during requests (`cpuIdle: true`, gcloud `--cpu-throttling`). */
  cpuThrottling: z.boolean().optional(),
  startupCpuBoost: z.boolean().optional(),
});
export type CloudRunOptions = z.infer<typeof CloudRunOptions>;
