import { z } from "zod";
import { duration } from "../units";

/** ECS-only knobs (Application Auto Scaling target tracking). */
export const EcsOptions = z.strictObject({
  /** Cooldowns override the ones derived from scaleUp/scaleDown stabilization. */
  cooldown: z.strictObject({ out: duration({ min: 0 }).optional(), in: duration({ min: 0 }).optional() }).optional(),
});
export type EcsOptions = z.infer<typeof EcsOptions>;
