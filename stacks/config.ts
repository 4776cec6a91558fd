import { z } from "zod";
import { MEMBRANE_SERVICES } from "../src/presets/membrane";
import { PolicyError } from "../src/policy/errors";
import { render } from "../src/policy/messages";
import { fromZodIssues } from "../src/policy/zod-issues";

const service = z.enum(MEMBRANE_SERVICES);

const Common = {
  /** Images: `<registry>/<service>:<tag>`. */
  images: z.strictObject({ registry: z.string().min(1), tag: z.string().min(1) }),
  /** Services to leave out; must include every service the platform cannot run. */
  exclude: z.array(service).default([]),
  /** HTTP path of the services' readiness endpoint. */
  readinessPath: z.string().startsWith("/", { error: "must start with /" }).optional(),
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/).default("membrane"),
  /** Prometheus the platform's autoscaler can reach (KEDA on Kubernetes, `prometheus` rules on Container Apps). */
  prometheusServerAddress: z.url().optional(),
};

/** The stack's config (`polyscale:*` keys of Pulumi.<stack>.yaml), one shape per platform. */
export const StackConfig = z.discriminatedUnion("platform", [
  z.strictObject({
    platform: z.literal("kubernetes"),
    ...Common,
    workerEngine: z.enum(["hpa", "keda"]).default("keda"),
  }),
  z.strictObject({
    platform: z.literal("ecs"),
    ...Common,
    /** Existing ECS cluster whose services (named after the Membrane services) get autoscaling. */
    clusterName: z.string().min(1),
  }),
  z.strictObject({
    platform: z.literal("container-apps"),
    ...Common,
    resourceGroupName: z.string().min(1),
    managedEnvironmentId: z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.App\/managedEnvironments\/[^/]+$/i, {
      error: (iss) => `must be a managed environment resource id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.App/managedEnvironments/<name>), got ${JSON.stringify(iss.input)}`,
    }),
    location: z.string().min(1).optional(),
    /** The JobQueueLength metric the instant tasks worker's azure-monitor rule reads (KEDA azure-monitor scaler). */
    queueMetric: z
      .strictObject({
        /** ARM id of the resource that emits the metric. */
        resourceId: z.string().min(1),
        tenantId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: (iss) => `must be the Entra ID tenant GUID, got ${JSON.stringify(iss.input)}` }),
        metricNamespace: z.string().min(1).optional(),
        aggregation: z.enum(["Average", "Total", "Maximum", "Minimum", "Count"]).default("Average"),
        /** Managed identity the rule authenticates with (`system` or a user-assigned identity id). */
        identity: z.string().min(1).default("system"),
      })
      .optional(),
  }),
  z.strictObject({
    platform: z.literal("cloud-run"),
    ...Common,
    project: z.string().min(1).optional(),
    location: z.string().min(1),
  }),
], { error: (iss) => iss.code === "invalid_union" ? `platform must be one of kubernetes, ecs, container-apps, cloud-run, got ${JSON.stringify((iss.input as { platform?: unknown })?.platform)}` : undefined });
export type StackConfig = z.infer<typeof StackConfig>;

/** Validate the stack config; errors name the config key (`polyscale:<key>`). */
export function parseStackConfig(input: unknown): StackConfig {
  const r = StackConfig.safeParse(input, { error: render, reportInput: true });
  if (r.success) return r.data;
  const issues = r.error.issues.flatMap((iss) =>
    iss.code === "unrecognized_keys" && iss.path.length === 0
      ? iss.keys.map((k) => ({ code: "unknown_config_key", path: [`polyscale:${k}`], message: `is not a config key of the ${String((input as { platform?: unknown }).platform)} stack` }))
      : fromZodIssues([iss]).map((i) => ({ ...i, path: i.path.length > 0 ? [`polyscale:${String(i.path[0])}`, ...i.path.slice(1)] : i.path })),
  );
  throw new PolicyError(issues, "Invalid stack config");
}
