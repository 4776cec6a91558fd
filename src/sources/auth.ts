import { z } from "zod";
import { PodIdentityOwner, PodIdentityProvider } from "../types/choices";
import { dns1123Subdomain } from "../policy/kubernetes-names";
import { EVERY_PROBLEM, expected } from "../policy/messages";

/**
 * How an event source authenticates. One shape for every platform; each target uses what it can:
 * - Kubernetes (KEDA): an existing `TriggerAuthentication` / `ClusterTriggerAuthentication` by name, or a
 *   generated TriggerAuthentication holding `podIdentity` and/or `secretTargetRef`s
 *   (https://keda.sh/docs/latest/concepts/authentication/).
 * - Container Apps: `managedIdentity` on the rule (only on scalers that accept it), else `secret.parameters`
 *   as rule `auth[]` entries that read Container App secrets of the same names.
 * - ECS reads CloudWatch with the service's own IAM role: no auth.
 * Credentials are never values here: only names of Secrets, keys and identities.
 */

/** A KEDA trigger parameter name (what `secretTargetRef[].parameter` fills), e.g. `connection`. */
const triggerParameter = z.string().max(253).regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, expected("a KEDA trigger parameter name like \"connection\""));
/** A Secret key; on Container Apps it is also the Container App secret name, checked by that target. */
const secretKey = z.string().max(253).regex(/^[-._a-zA-Z0-9]+$/, expected("a Secret key (letters, digits, '-', '_' or '.')"));

/** KEDA `podIdentity` (TriggerAuthentication CRD `spec.podIdentity`, keda.sh_triggerauthentications.yaml). */
export const PodIdentity = z
  .strictObject({
    provider: z.enum(PodIdentityProvider),
    /** azure-workload: the client id of the user-assigned identity. */
    identityId: z.string().min(1).max(253).optional(),
    /** aws: the IAM role KEDA assumes (mutually exclusive with `identityOwner`). */
    roleArn: z.string().max(2048).regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/, expected('an IAM role ARN like "arn:aws:iam::123456789012:role/keda-sqs"')).optional(),
    /** aws: whose identity is used, KEDA's (`keda`) or the workload's service account (`workload`). */
    identityOwner: z.enum(PodIdentityOwner).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.roleArn !== undefined && p.identityOwner !== undefined) {
      ctx.addIssue({ code: "custom", path: ["identityOwner"], message: "is mutually exclusive with `roleArn` (KEDA podIdentity)", input: p.identityOwner });
    }
    const awsOnly = (["roleArn", "identityOwner"] as const).filter((k) => p[k] !== undefined);
    if (!p.provider.startsWith("aws")) for (const k of awsOnly) ctx.addIssue({ code: "custom", path: [k], message: `applies to provider aws or aws-eks only, got provider ${JSON.stringify(p.provider)}`, input: p[k] });
    if (p.identityId !== undefined && p.provider !== "azure-workload") ctx.addIssue({ code: "custom", path: ["identityId"], message: `applies to provider azure-workload only, got provider ${JSON.stringify(p.provider)}`, input: p.identityId });
  }, EVERY_PROBLEM);

export const SourceSecret = z.strictObject({
  /**
   * An existing Kubernetes Secret in the workload's namespace. When omitted, the Pulumi component creates
   * `<service>-<source>-auth` from its secret inputs, and `polyscale render` expects a Secret of that name.
   */
  name: dns1123Subdomain("Secret name").optional(),
  /** Trigger parameter → Secret key (on Container Apps: the Container App secret name). */
  parameters: z.record(triggerParameter, secretKey).refine((r) => Object.keys(r).length > 0, expected("at least one parameter")),
});

export const SourceAuth = z
  .strictObject({
    /** An existing KEDA TriggerAuthentication in the workload's namespace. */
    triggerAuthentication: dns1123Subdomain("TriggerAuthentication name").optional(),
    /** An existing KEDA ClusterTriggerAuthentication (shared by a team across namespaces). */
    clusterTriggerAuthentication: dns1123Subdomain("ClusterTriggerAuthentication name").optional(),
    podIdentity: PodIdentity.optional(),
    secret: SourceSecret.optional(),
    /** Container Apps: the managed identity the rule authenticates with, `system` or a user-assigned identity's resource id. */
    managedIdentity: z
      .string()
      .max(1024)
      .regex(/^(system|\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+)$/i, expected('"system" or a user-assigned identity resource id (/subscriptions/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>)'))
      .optional(),
  })
  .superRefine((a, ctx) => {
    const refs = (["triggerAuthentication", "clusterTriggerAuthentication"] as const).filter((k) => a[k] !== undefined);
    const generated = (["podIdentity", "secret"] as const).filter((k) => a[k] !== undefined);
    if (refs.length > 1) ctx.addIssue({ code: "custom", path: [refs[1]!], message: "give one of `triggerAuthentication` or `clusterTriggerAuthentication`", input: a[refs[1]!] });
    if (refs.length > 0 && generated.length > 0) {
      ctx.addIssue({ code: "custom", path: [generated[0]!], message: `cannot be combined with \`${refs[0]}\` (an existing TriggerAuthentication already says how to authenticate)`, input: a[generated[0]!] });
    }
    if (Object.values(a).every((v) => v === undefined)) ctx.addIssue({ code: "custom", message: "needs one of triggerAuthentication, clusterTriggerAuthentication, podIdentity, secret or managedIdentity", input: a });
  }, EVERY_PROBLEM);
export type SourceAuth = z.infer<typeof SourceAuth>;
