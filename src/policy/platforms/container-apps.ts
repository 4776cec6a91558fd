import { z } from "zod";
import { duration } from "../units";

/** Azure Container Apps-only knobs (`template.scale`). */
export const ContainerAppsOptions = z.strictObject({
  cooldownPeriod: duration({ min: 0 }).optional(),
  pollingInterval: duration({ min: 1 }).optional(),
});
export type ContainerAppsOptions = z.infer<typeof ContainerAppsOptions>;
