// Public interfaces of the event sources (src/sources/*), one block per source, plus their shared auth.
// Checked against the zod schemas both ways in test/types/agreement.ts.

/** KEDA `podIdentity` (TriggerAuthentication `spec.podIdentity`). */
export interface PodIdentityInput {
  provider: "aws" | "aws-eks" | "azure-workload" | "gcp";
  /** azure-workload: the client id of the user-assigned identity. */
  identityId?: string;
  /** aws: the IAM role KEDA assumes (mutually exclusive with `identityOwner`). */
  roleArn?: string;
  /** aws: whose identity is used, KEDA's (`keda`) or the workload's service account (`workload`). */
  identityOwner?: "keda" | "workload";
}

/** Trigger parameters read from a Secret (Kubernetes) or from Container App secrets. */
export interface SourceSecretInput {
  /** An existing Kubernetes Secret; when omitted the component creates `<service>-<source>-auth` from its secret inputs. */
  name?: string;
  /** Trigger parameter → Secret key (on Container Apps: the Container App secret name). At least one. */
  parameters: Record<string, string>;
}

/** How an event source authenticates: references and identities only, never a credential value. */
export interface SourceAuthInput {
  /** An existing KEDA TriggerAuthentication in the workload's namespace. */
  triggerAuthentication?: string;
  /** An existing KEDA ClusterTriggerAuthentication. */
  clusterTriggerAuthentication?: string;
  podIdentity?: PodIdentityInput;
  secret?: SourceSecretInput;
  /** Container Apps: `system` or a user-assigned identity's resource id. */
  managedIdentity?: string;
}
export type SourceAuth = SourceAuthInput;
export type PodIdentity = PodIdentityInput;
export type SourceSecret = SourceSecretInput;

/** An Amazon SQS queue (`from.sqs`): KEDA aws-sqs-queue, ECS backlog per task, Container Apps custom rule. */
export interface SqsSourceInput {
  /** `https://sqs.<region>.amazonaws.com/<account>/<name>` (FIFO: `<name>.fifo`). */
  queueUrl: string;
  /** KEDA `awsRegion`; taken from `queueUrl` when it names one (they must agree). */
  awsRegion?: string;
  /** Count in-flight messages (ApproximateNumberOfMessagesNotVisible) as backlog. @default true */
  scaleOnInFlight?: boolean;
  /** Count delayed messages (ApproximateNumberOfMessagesDelayed) as backlog. @default false */
  scaleOnDelayed?: boolean;
  /** KEDA `awsEndpoint` (Kubernetes only). */
  awsEndpoint?: string;
  auth?: SourceAuthInput;
}
export interface SqsSource {
  queueUrl: string;
  awsRegion?: string;
  scaleOnInFlight: boolean;
  scaleOnDelayed: boolean;
  awsEndpoint?: string;
  auth?: SourceAuth;
}

/**
 * `from.<key>` of every event source, as written (one line per registered source; the agreement test fails when a
 * registered source is missing here).
 */
export interface EventSourcesInput {
  sqs?: SqsSourceInput;
}
/** `from.<key>` of every event source, parsed. */
export interface EventSources {
  sqs?: SqsSource;
}
