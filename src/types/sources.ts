// Public interfaces of the event sources (src/sources/*), one block per source, plus their shared auth.
// Checked against the zod schemas both ways in test/types/agreement.ts.

import type {
  AzureCloud,
  AzureQueueLengthStrategy,
  CloudMonitoringAligner,
  CloudMonitoringReducer,
  KafkaOffsetResetPolicy,
  KafkaSasl,
  KafkaSaslTokenProvider,
  PodIdentityOwner,
  PodIdentityProvider,
  RabbitMqProtocol,
  RedisStreamMode,
} from "./choices";

/** KEDA `podIdentity` (TriggerAuthentication `spec.podIdentity`). */
export interface PodIdentityInput {
  provider: PodIdentityProvider;
  /** azure-workload: the client id of the user-assigned identity. */
  identityId?: string;
  /** aws: the IAM role KEDA assumes (mutually exclusive with `identityOwner`). */
  roleArn?: string;
  /** aws: whose identity is used, KEDA's (`keda`) or the workload's service account (`workload`). */
  identityOwner?: PodIdentityOwner;
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
  /** Trigger parameters read from a Secret (Kubernetes) or from Container App secrets. */
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

/** A Pub/Sub subscription (`from.pubsub`): KEDA prometheus on Cloud Monitoring's PromQL API (KEDA >= 2.18) or gcp-pubsub. */
export interface PubSubSourceInput {
  /** The subscription id, or `projects/<project>/subscriptions/<id>`. */
  subscription: string;
  /** The project of a subscription given by id. */
  projectId?: string;
  auth?: SourceAuthInput;
}
export type PubSubSource = PubSubSourceInput;

/** A Cloud Monitoring series chosen by a Monitoring filter (`from.cloudMonitoring`): KEDA gcp-stackdriver. */
export interface CloudMonitoringSourceInput {
  projectId: string;
  /** A Monitoring filter naming one metric type. */
  filter: string;
  /** >= 60; the aligner and reducer need it. */
  alignmentPeriodSeconds?: number;
  alignmentAligner?: CloudMonitoringAligner;
  alignmentReducer?: CloudMonitoringReducer;
  /** Minutes of data to read. */
  filterDuration?: number;
  /** The value when the filter returns no series. */
  valueIfNull?: number;
  auth?: SourceAuthInput;
}
export type CloudMonitoringSource = CloudMonitoringSourceInput;

/** A Kafka consumer group's lag (`from.kafka`): KEDA kafka. Credentials only through auth.secret. */
export interface KafkaSourceInput {
  /** Brokers, each `host:port`. */
  bootstrapServers: string[];
  consumerGroup: string;
  topic?: string;
  /** KEDA `partitionLimitation`. */
  partitions?: number[];
  offsetResetPolicy?: KafkaOffsetResetPolicy;
  allowIdleConsumers?: boolean;
  excludePersistentLag?: boolean;
  scaleToZeroOnInvalidOffset?: boolean;
  limitToPartitionsWithLag?: boolean;
  ensureEvenDistributionOfPartitions?: boolean;
  version?: string;
  sasl?: KafkaSasl;
  /** KEDA `saslTokenProvider` (sasl oauthbearer). */
  saslTokenProvider?: KafkaSaslTokenProvider;
  /** KEDA `awsRegion` (MSK IAM). */
  awsRegion?: string;
  /** KEDA `tls: enable`. */
  tls?: boolean;
  auth?: SourceAuthInput;
}
export type KafkaSource = KafkaSourceInput;

/** A RabbitMQ queue (`from.rabbitmq`): KEDA rabbitmq; the broker URL (`host`) only through auth. */
export interface RabbitMqSourceInput {
  queueName: string;
  protocol?: RabbitMqProtocol;
  vhostName?: string;
  excludeUnacknowledged?: boolean;
  auth?: SourceAuthInput;
}
export type RabbitMqSource = RabbitMqSourceInput;

/** The Redis server of `from.redisList` / `from.redisStream`; the password only through auth. */
export interface RedisConnectionInput {
  /** `host:port`. */
  address?: string;
  host?: string;
  port?: number;
  databaseIndex?: number;
  enableTLS?: boolean;
  unsafeSsl?: boolean;
  auth?: SourceAuthInput;
}

/** A Redis list's length (`from.redisList`): KEDA redis. */
export interface RedisListSourceInput extends RedisConnectionInput {
  listName: string;
}
export type RedisListSource = RedisListSourceInput;

/** A Redis stream (`from.redisStream`): KEDA redis-streams. */
export interface RedisStreamSourceInput extends RedisConnectionInput {
  stream: string;
  consumerGroup?: string;
  mode: RedisStreamMode;
}
export type RedisStreamSource = RedisStreamSourceInput;

/** An Azure Storage queue (`from.azureQueue`): KEDA azure-queue, Container Apps `azureQueue` rule. */
export interface AzureQueueSourceInput {
  /** 3..63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit. */
  queueName: string;
  /** The storage account (3..24 lowercase letters and digits); required with a pod or managed identity. */
  accountName?: string;
  /** KEDA `queueLengthStrategy`. @default all */
  queueLengthStrategy?: AzureQueueLengthStrategy;
  /** KEDA `cloud`. @default AzurePublicCloud */
  cloud?: AzureCloud;
  /** Queue endpoint suffix of a private cloud, e.g. `queue.core.contoso.example` (only with cloud: Private). */
  endpointSuffix?: string;
  /** Kubernetes: secret `connection`, podIdentity azure-workload or a TriggerAuthentication; Container Apps: secret `connection` or managedIdentity. */
  auth?: SourceAuthInput;
}
export type AzureQueueSource = AzureQueueSourceInput;

/** An Azure Service Bus queue, or topic subscription (`from.serviceBus`): KEDA azure-servicebus, Container Apps custom rule. */
export interface ServiceBusSourceInput {
  /** A queue (or give `topicName` and `subscriptionName`). */
  queueName?: string;
  topicName?: string;
  /** The subscription of `topicName`. */
  subscriptionName?: string;
  /** The namespace's name (not its host); required with a pod or managed identity. */
  namespace?: string;
  /** KEDA `cloud`. @default AzurePublicCloud */
  cloud?: AzureCloud;
  /** Endpoint suffix of a private cloud, e.g. `servicebus.airgap.example` (only with cloud: Private). */
  endpointSuffix?: string;
  /** Kubernetes: secret `connection`, podIdentity azure-workload or a TriggerAuthentication; Container Apps: secret `connection` or managedIdentity. */
  auth?: SourceAuthInput;
}
export type ServiceBusSource = ServiceBusSourceInput;

/**
 * `from.<key>` of every event source, as written (one line per registered source; the agreement test fails when a
 * registered source is missing here).
 */
export interface EventSourcesInput {
  sqs?: SqsSourceInput;
  pubsub?: PubSubSourceInput; cloudMonitoring?: CloudMonitoringSourceInput; kafka?: KafkaSourceInput; rabbitmq?: RabbitMqSourceInput; redisList?: RedisListSourceInput; redisStream?: RedisStreamSourceInput;
  azureQueue?: AzureQueueSourceInput;
  serviceBus?: ServiceBusSourceInput;
}
/** `from.<key>` of every event source, parsed. */
export interface EventSources {
  sqs?: SqsSource;
  pubsub?: PubSubSource; cloudMonitoring?: CloudMonitoringSource; kafka?: KafkaSource; rabbitmq?: RabbitMqSource; redisList?: RedisListSource; redisStream?: RedisStreamSource;
  azureQueue?: AzureQueueSource;
  serviceBus?: ServiceBusSource;
}
