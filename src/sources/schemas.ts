// The event sources' zod schemas, exported from `polyscale/schemas` (one line per source module).
export { SourceAuth, PodIdentity, SourceSecret } from "./auth";
export { SqsSource } from "./sqs";
export { PubSubSource } from "./pubsub"; export { CloudMonitoringSource } from "./cloud-monitoring"; export { KafkaSource } from "./kafka"; export { RabbitMqSource } from "./rabbitmq"; export { RedisListSource } from "./redis-list"; export { RedisStreamSource } from "./redis-stream";
export { AzureQueueSource } from "./azure-queue";
export { ServiceBusSource } from "./service-bus";
