import { z } from "zod";
import { duration, int32 } from "../units";
import { expected } from "../messages";

/**
 * Azure Container Apps-only knobs (`@pulumi/azure-native` `app.ContainerApp` `template.scale`).
 *
 * Limits (PLATFORM-FACTS B5; https://learn.microsoft.com/azure/container-apps/scale-app):
 * - `minReplicas` 0..limit, `maxReplicas` 1..limit. The limit has changed over time
 *   (25 → 30 → 300 → 1000; the portal once capped at 300), so it is an input: `maxReplicasLimit`,
 *   default {@link CONTAINER_APPS_MAX_REPLICAS_LIMIT}.
 * - `cooldownPeriod` (default 300 s) only governs the drop to 0 after the last event;
 *   `pollingInterval` (default 30 s) is not used by `http` / `tcp` rules.
 * - Scale behavior is fixed by the platform (scale-up step 1, 4, 8, 16, 32 ... with a 0 s window; scale-down
 *   100 % with a 300 s window): see `unsupportedBehavior`.
 */

/** Today's documented replica cap (Learn "Scaling in Azure Container Apps": range 1..1000). */
export const CONTAINER_APPS_MAX_REPLICAS_LIMIT = 1000;
/** Earlier caps, oldest first, for `maxReplicasLimit` on environments that still enforce them. */
export const CONTAINER_APPS_MAX_REPLICAS_HISTORY = [25, 30, 300, 1000] as const;

/** Fixed platform behavior (azure-docs scale-app.md "Scale behavior"). */
export const CONTAINER_APPS_FIXED_BEHAVIOR = {
  scaleUpStabilizationSeconds: 0,
  scaleDownStabilizationSeconds: 300,
  scaleUpSteps: "1, 4, 8, 16, 32, ... replicas",
  scaleDownPercent: 100,
} as const;

/**
 * A Container App secret name: lower-case letters, digits, '-' and '.', starting and ending with a
 * letter or digit (the platform's rule for `configuration.secrets[].name`).
 */
export const CONTAINER_APP_SECRET_NAME_RE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
/** Scale rule names: lower-case letters, digits and '-', starting with a letter, ending with a letter or digit. */
export const SCALE_RULE_NAME_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** `system`, or the resource id of a user-assigned identity assigned to the app. */
export const USER_ASSIGNED_IDENTITY_RE = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i;

export const ScaleRuleAuthRef = z.strictObject({
  /** Name of a Container App secret (`configuration.secrets[].name`); never a secret value. */
  secretRef: z.string().max(253).regex(CONTAINER_APP_SECRET_NAME_RE, expected("a Container App secret name (lower-case letters, digits, '-' or '.', starting and ending with a letter or digit)")),
  /** The KEDA trigger parameter the secret fills, e.g. `activeDirectoryClientPassword`, `bearerToken`, `connection`. */
  triggerParameter: z.string().max(253).regex(/^[A-Za-z][A-Za-z0-9]*$/, expected('a KEDA trigger parameter name like "activeDirectoryClientPassword"')),
});
export type ScaleRuleAuthRef = z.infer<typeof ScaleRuleAuthRef>;

export const ScaleRuleIdentity = z.string().max(1024).refine((s) => s === "system" || USER_ASSIGNED_IDENTITY_RE.test(s), expected('"system" or the resource id of a user-assigned identity (/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>)'));

/** Per-rule settings, addressed by the index of the metric in `scaling.metrics`. */
export const ContainerAppsRuleOptions = z.strictObject({
  /** Index of the metric in `scaling.metrics` this rule compiles from. */
  metric: int32(0),
  /** Scale rule name. @default `<kind>-scaling` (`http-scaling`, `queue-scaling`, `cpu-scaling`, ...) */
  name: z.string().max(253).regex(SCALE_RULE_NAME_RE, expected("lower-case letters, digits and '-', starting with a letter and ending with a letter or digit")).optional(),
  /** Trigger parameters filled from Container App secrets (`auth[] { secretRef, triggerParameter }`). */
  auth: z.array(ScaleRuleAuthRef).min(1).optional(),
  /** Managed identity the rule authenticates with (`identity`): `system` or a user-assigned identity's resource id. */
  identity: ScaleRuleIdentity.optional(),
});
export type ContainerAppsRuleOptions = z.infer<typeof ContainerAppsRuleOptions>;

export const ContainerAppsOptions = z.strictObject({
  /** `scale.cooldownPeriod`: wait after the last event before scaling to 0 (platform default 300 s). */
  cooldownPeriod: duration({ min: 0 }).optional(),
  /** `scale.pollingInterval`: how often KEDA rules are polled (platform default 30 s; not used by http rules). */
  pollingInterval: duration({ min: 1 }).optional(),
  /**
   * The environment's replica cap, checked against `replicas.max` (25 → 30 → 300 → 1000 over the platform's history).
   * @default 1000
   */
  maxReplicasLimit: int32(1).optional(),
  /**
   * What to do with `scaleUp` / `scaleDown` settings that Container Apps cannot honour (its scale rates and
   * windows are fixed): `error` (default) refuses the policy; `warn` compiles it and reports each ignored setting.
   * @default error
   */
  unsupportedBehavior: z.enum(["error", "warn"]).default("error"),
  /** Rule names, secret references and managed identities per metric. */
  rules: z.array(ContainerAppsRuleOptions).optional(),
});
export type ContainerAppsOptions = z.infer<typeof ContainerAppsOptions>;
