import { z } from "zod";
import { Quantity, quantityValue } from "./units";
import { dns1123Label, dns1123Subdomain } from "./kubernetes-names";
import { EVERY_PROBLEM, expected, quote } from "./messages";

/**
 * Vertical scaling (VerticalPodAutoscaler autoscaling.k8s.io/v1). Enums from the VPA CRD
 * (../shared/reference/vpa): updateMode Off | Initial | Recreate | InPlaceOrRecreate | InPlace | Auto
 * (Auto is deprecated upstream and means Recreate).
 */
export const VPA_UPDATE_MODES = ["Off", "Initial", "Recreate", "InPlaceOrRecreate", "InPlace", "Auto"] as const;
/** Modes that change running pods, and so conflict with an HPA on the same resource. */
export const VPA_ACTIVE_MODES: readonly string[] = ["Recreate", "InPlaceOrRecreate", "InPlace", "Auto"];

const Resources = z.strictObject({ cpu: Quantity.optional(), memory: Quantity.optional() });

export const VerticalContainerPolicy = z
  .strictObject({
    /** Container name, or `*` for every container. */
    name: z.union([z.literal("*"), dns1123Label("container name")], expected('a container name (a DNS-1123 label: lower-case letters, digits and \'-\', at most 63 characters) or "*"')),
    mode: z.enum(["Auto", "Off"]).optional(),
    minAllowed: Resources.optional(),
    maxAllowed: Resources.optional(),
    controlledResources: z.array(z.enum(["cpu", "memory"])).min(1).optional(),
    controlledValues: z.enum(["RequestsAndLimits", "RequestsOnly"]).optional(),
  })
  .superRefine((c, ctx) => {
    for (const r of ["cpu", "memory"] as const) {
      const lo = c.minAllowed?.[r];
      const hi = c.maxAllowed?.[r];
      if (typeof lo === "string" && typeof hi === "string" && quantityValue(hi)! < quantityValue(lo)!) {
        ctx.addIssue({ code: "custom", path: ["maxAllowed", r], message: `must be >= minAllowed.${r} (${quote(lo)}), got ${quote(hi)}`, input: hi });
      }
    }
  }, EVERY_PROBLEM);

export const Vertical = z.strictObject({
  /** VPA object name. @default `<service>-vpa` */
  name: dns1123Subdomain("VPA name").optional(),
  updateMode: z.enum(VPA_UPDATE_MODES),
  containers: z.array(VerticalContainerPolicy).optional(),
  /**
   * What to do when an HPA/KEDA scales the same workload on a resource this VPA controls
   * (upstream: "VPA should not be used with HPA on CPU or memory"). `error` refuses the policy;
   * `Off` / `Initial` downgrade the update mode and report a warning. @default error
   */
  onHpaConflict: z.enum(["error", "Off", "Initial"]).default("error"),
});
export type Vertical = z.infer<typeof Vertical>;
