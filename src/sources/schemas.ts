// The event sources' zod schemas, exported from `polyscale/schemas` (one line per source module).
export { SourceAuth, PodIdentity, SourceSecret } from "./auth";
export { SqsSource } from "./sqs";
export { AzureQueueSource } from "./azure-queue";
export { ServiceBusSource } from "./service-bus";
