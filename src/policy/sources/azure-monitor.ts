import { z } from "zod";

/**
 * An Azure Monitor metric for a Container Apps `custom` rule of type `azure-monitor`
 * (KEDA azure-monitor scaler: https://keda.sh/docs/latest/scalers/azure-monitor/).
 */
export const AzureMonitorSource = z.strictObject({
  metricName: z.string().min(1),
  /** ARM resource id (or KEDA `resourceURI` form `<namespace>/<type>/<name>`) of the metric's resource. */
  resourceId: z.string().min(1),
  tenantId: z.string().min(1).optional(),
  subscriptionId: z.string().min(1).optional(),
  resourceGroupName: z.string().min(1).optional(),
  metricFilter: z.string().min(1).optional(),
  metricAggregationType: z.enum(["Average", "Total", "Maximum", "Minimum", "Count"]).optional(),
  metricAggregationInterval: z.string().regex(/^\d+:\d+:\d+$/, { error: "must look like \"0:1:0\" (hours:minutes:seconds)" }).optional(),
});
export type AzureMonitorSource = z.infer<typeof AzureMonitorSource>;
