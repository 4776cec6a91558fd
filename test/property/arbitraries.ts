import fc from "fast-check";
import { validKedaMetric } from "./keda-arbitrary";
import { registrySources } from "./source-arbitrary";

/**
 * fast-check arbitraries over the whole ScalingPolicy input model: every metric kind, every source
 * (prometheus series/query, cloudWatch, azureMonitor, alb), behavior rules, VPA, missing metrics, alerts,
 * monitoring, workload and every platform section. They generate policies meant to be valid; the model
 * may still refuse some combinations (that is checked, not avoided).
 *
 * `SENTINEL` is the credential placed in every URL that may carry one (user info of Prometheus server
 * addresses and of the Azure Resource Manager endpoint); it must never reach any output or message.
 */

export const SENTINEL = "s3ntinel-Cr3dential";

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
/** Present about once in `n` draws. */
const rarely = <T>(a: fc.Arbitrary<T>, n = 4) => fc.oneof({ weight: n - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });
/** Present about `n - 1` times in `n` draws. */
const mostly = <T>(a: fc.Arbitrary<T>, n = 4) => fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: n - 1, arbitrary: a });

/** Drop `undefined` values, so an absent key is absent (as in a YAML file). */
export function clean<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clean) as T;
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, clean(x)])) as T;
  }
  return v;
}

// ---- names ----
/** Port names (IANA service names), with the near misses Kubernetes refuses: all digits, 16 characters, '--'. */
const portName = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z]([a-z0-9-]{0,13}[a-z0-9])?$/).filter((s) => !s.includes("--")) },
  { weight: 1, arbitrary: pick("8080", "a--b", "metrics-endpoint", "-http") },
);

const dnsLabel = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z]([a-z0-9-]{0,14}[a-z0-9])?$/) },
  { weight: 1, arbitrary: pick("a--b", "x", "9lives", "a".repeat(63), `${"b".repeat(30)}-${"c".repeat(32)}`) },
);
const subdomain = fc.oneof(
  { weight: 4, arbitrary: dnsLabel },
  { weight: 1, arbitrary: pick("api.v2", "web.internal-svc", "a".repeat(64), `${"w".repeat(63)}.${"x".repeat(63)}`, `${"y".repeat(63)}.${"y".repeat(63)}.${"y".repeat(63)}.${"y".repeat(61)}`) },
);
const labelKey = pick("app", "tier", "app.kubernetes.io/name", "release", "team_x", "Zone");
const labelValue = pick("web", "", "kube-prometheus-stack", "v1.2", "A_b", "z".repeat(63));
const labelMap = fc.dictionary(labelKey, labelValue, { minKeys: 1, maxKeys: 4 });
const metricName = pick("http_requests_total", "http_server_requests_seconds_count", "queue_jobs", "inflight", "job:lag:sum", "_x");
const metricNameOrCustom = fc.oneof(metricName, fc.stringMatching(/^[a-z_][a-z0-9_]{0,20}$/));

// ---- numbers ----
const positive = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 1000 }) },
  { weight: 2, arbitrary: fc.double({ min: 0.001, max: 5000, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: pick(0.5, 1, 48, 600, 601, 1000, 1e6, 2147483647, 2147483648, 1e21) },
);
const duration = (min: number, max: number) =>
  fc.oneof({ weight: 30, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: pick(min === 0 ? -0 : min, 2147483647, 2147483648, 1e10) }).chain((s) => pick<number | string>(s, `${s}s`, ...(s % 60 === 0 && s > 0 ? [`${s / 60}m`] : []), ...(s % 3600 === 0 && s > 0 ? [`${s / 3600}h`] : [])));
const quantity = pick<string | number>("100m", "250m", "1", "2", "1.5", "512Mi", "1Gi", "64M", "0.5", 2, 0.25);

// ---- URLs (some carry the sentinel credential) ----
const host = pick("prometheus-server.monitoring:9090", "prom.example.com", "10.0.0.5:9090", "thanos.obs.svc");
export const url = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(pick("http", "https"), host).map(([s, h]) => `${s}://${h}`) },
  { weight: 1, arbitrary: fc.tuple(pick("http", "https"), host, pick("user", "")).map(([s, h, u]) => `${s}://${u}:${SENTINEL}@${h}`) },
  { weight: 1, arbitrary: fc.tuple(pick("http", "https"), host, pick("access_token", "api_key", "X-Auth")).map(([s, h, k]) => `${s}://${h}/api?${k}=${SENTINEL}`) },
);

// ---- PromQL ----
const query = pick(
  "sum(rate(http_requests_total[2m]))",
  "sum(queue_jobs_active) + sum(queue_jobs_waiting)",
  "max(workers_required)",
  'sum(inflight_requests{app="web"})',
  "vector(1)",
  "  sum by (job) (up)  ",
  "scalar(sum(up))",
  "1 + 2",
  "time() - max(last_success_timestamp_seconds)",
  "histogram_quantile(0.9, sum(rate(req_bucket[5m])) by (le))",
);
const adapterTemplate = pick(
  "sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)",
  "sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)",
  "avg(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)",
);

// ---- sources ----
/** KEDA prometheus trigger options: mostly valid, now and then a credential header / parameter or timeout 0 (refused). */
const prometheusTriggerOptions = {
  ignoreNullValues: fc.boolean(),
  namespace: dnsLabel,
  customHeaders: pick({ "X-Scope-OrgID": "tenant-a" }, { "X-Client-Id": "cid", "X-Tenant-Id": "tid" }, {}, { Authorization: "Bearer x" }),
  queryParameters: pick({ dedup: "true" }, { partial_response: "false", max_source_resolution: "5m" }, { access_token: "x" }),
  unsafeSsl: fc.boolean(),
  timeout: pick(1, 1000, 30000, 0),
};
const prometheusSource = fc
  .record(
    {
      series: metricName,
      query,
      serverAddress: url,
      rateWindow: duration(1, 600),
      adapter: fc.record({ matches: pick("^(.*)_total$", "^(.*)$", "^nomatch$"), as: pick("${1}_per_second", "x"), metricsQuery: adapterTemplate, seriesFilters: fc.array(fc.record({ is: pick("^http_.*"), isNot: pick(".*_bucket$") }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }),
      metricName: metricName,
      ...prometheusTriggerOptions,
      auth: fc.record({ mode: pick("bearer", "basic"), secretName: dnsLabel }, { requiredKeys: ["mode"] }),
    },
    { requiredKeys: [] },
  )
  .map((s) => (s.series === undefined && s.query === undefined ? { ...s, query: "sum(up)" } : s));

const guid = fc.uuid({ version: 4 });
const cloudWatchSource = fc.record(
  {
    namespace: pick("Membrane", "AWS/SQS", "ECS/Custom"),
    metricName: pick("JobsPerWorker", "ApproximateNumberOfMessagesVisible", "InFlight"),
    dimensions: fc.dictionary(pick("QueueName", "ServiceName", "Env"), pick("jobs", "api", "prod"), { minKeys: 1, maxKeys: 3 }),
    sumWith: fc.array(pick("JobsWaiting", "JobsDelayed"), { minLength: 1, maxLength: 2 }),
    statistic: pick("Average", "Minimum", "Maximum", "SampleCount", "Sum"),
    unit: pick("Count", "Percent"),
    perReplica: fc.boolean(),
  },
  { requiredKeys: ["namespace", "metricName"] },
);
const azureMonitorSource = fc.record(
  {
    metricName: pick("JobQueueLength", "Requests"),
    resourceId: fc.oneof(
      guid.map((g) => `/subscriptions/${g}/resourceGroups/membrane-rg/providers/Microsoft.ServiceBus/namespaces/bus`),
      pick("Microsoft.Insights/components/app"),
    ),
    tenantId: guid,
    subscriptionId: guid,
    resourceGroupName: pick("membrane-rg"),
    metricNamespace: pick("azure.applicationinsights"),
    metricFilter: pick("EntityName eq 'jobs'"),
    metricAggregationType: pick("Average", "Total", "Maximum", "Minimum", "Count"),
    metricAggregationInterval: pick("0:1:0", "0:5:0"),
    cloud: pick("AzurePublicCloud", "AzureChinaCloud", "Private"),
    azureResourceManagerEndpoint: url,
    auth: pick({ podIdentity: { provider: "azure-workload" } }, { secret: { parameters: { activeDirectoryClientId: "client-id", activeDirectoryClientPassword: "client-secret" } } }),
  },
  { requiredKeys: ["metricName", "resourceId"] },
);
const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const albSource = fc.oneof(
  fc.tuple(hex(16), hex(16)).map(([a, b]) => ({ resourceLabel: `app/my-lb/${a}/targetgroup/my-tg/${b}` })),
  fc.tuple(hex(16), hex(16)).map(([a, b]) => ({
    loadBalancerArn: `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-lb/${a}`,
    targetGroupArn: `arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/my-tg/${b}`,
  })),
);
const sources = fc
  .record({ prometheus: prometheusSource, cloudWatch: cloudWatchSource, azureMonitor: azureMonitorSource, alb: albSource }, { requiredKeys: [] })
  .map((s) => (Object.keys(s).length === 0 ? { prometheus: { query: "sum(up)" } } : s));
// Azure queue event sources (src/sources/azure-queue.ts, service-bus.ts): `queue` metrics only (their modules' kinds).
const azureAuth = fc.oneof(
  fc.constant({ secret: { parameters: { connection: "queue-connection" } } }),
  fc.constant({ podIdentity: { provider: "azure-workload" }, managedIdentity: "system" }),
  fc.constant({ triggerAuthentication: "shared-azure" }),
);
const azureQueueSource = fc.record(
  {
    queueName: fc.oneof(pick("orders", "thumbnails-eu"), fc.stringMatching(/^[a-z0-9]{3,20}$/)),
    accountName: fc.stringMatching(/^[a-z0-9]{3,24}$/),
    queueLengthStrategy: pick("all", "visibleonly"),
    cloud: pick("AzurePublicCloud", "AzureUSGovernmentCloud", "AzureChinaCloud"),
    auth: azureAuth,
  },
  { requiredKeys: ["queueName", "accountName", "auth"] },
);
const serviceBusSource = fc
  .tuple(fc.oneof(fc.record({ queueName: pick("orders", "Jobs/EU_1") }), fc.record({ topicName: pick("invoices"), subscriptionName: pick("billing", "audit.v2") })), azureAuth)
  .map(([entity, auth]) => ({ ...entity, namespace: "contoso-orders", auth }));
// Pub/Sub, Cloud Monitoring, Kafka, RabbitMQ and Redis sources (src/sources/pubsub.ts ... redis-stream.ts): `queue`
// metrics; some inputs are refused on purpose (a connection string with the sentinel password, a reserved name).
const gcpAuth = fc.oneof(
  fc.constant({ podIdentity: { provider: "gcp" } }),
  fc.constant({ secret: { parameters: { GoogleApplicationCredentials: "google-application-credentials" } } }),
  fc.constant({ triggerAuthentication: "shared-gcp" }),
);
const gcpOssSources = fc.oneof(
  fc.record({ subscription: pick("projects/shop-prod-42/subscriptions/orders", "orders", "googorders"), projectId: pick("shop-prod-42", "Bad_Project"), auth: gcpAuth }, { requiredKeys: ["subscription"] }).map((pubsub) => ({ pubsub })),
  fc
    .record({ filter: pick('metric.type="custom.googleapis.com/backlog"', 'resource.type="gcs_bucket"'), alignmentPeriodSeconds: pick(60, 300, 30), alignmentAligner: pick("max", "mean"), auth: gcpAuth }, { requiredKeys: ["filter"] })
    .map((s) => ({ cloudMonitoring: { projectId: "shop-prod-42", ...s } })),
  fc
    .record({ topic: pick("invoices", "a/b"), sasl: pick("none", "scram_sha512"), tls: fc.boolean(), auth: fc.constant({ secret: { parameters: { username: "kafka-user", password: "kafka-password" } } }) }, { requiredKeys: [] })
    .map((s) => ({ kafka: { bootstrapServers: ["kafka-0.kafka:9092"], consumerGroup: "billing", ...s } })),
  fc
    .record({ queueName: pick("orders", `amqp://guest:${SENTINEL}@rabbitmq:5672/`), protocol: pick("amqp", "http"), auth: pick({ secret: { parameters: { host: "rabbitmq-url" } } }, { triggerAuthentication: "rabbitmq" }) }, { requiredKeys: ["queueName"] })
    .map((rabbitmq) => ({ rabbitmq })),
  fc
    .record({ address: pick("redis-master.cache:6379", `redis://:${SENTINEL}@redis:6379`), listName: pick("jobs"), enableTLS: fc.boolean(), auth: fc.constant({ secret: { parameters: { password: "redis-password" } } }) }, { requiredKeys: ["address", "listName"] })
    .map((redisList) => ({ redisList })),
  fc
    .record({ stream: pick("events"), consumerGroup: pick("workers"), mode: pick("lagCount", "pendingEntriesCount", "streamLength") }, { requiredKeys: ["stream", "mode"] })
    .map((s) => ({ redisStream: { address: "redis-master.cache:6379", ...s } })),
);
const queueSources = fc.oneof(
  { weight: 4, arbitrary: sources },
  { weight: 1, arbitrary: fc.oneof(azureQueueSource.map((azureQueue) => ({ azureQueue })), serviceBusSource.map((serviceBus) => ({ serviceBus }))) },
  { weight: 1, arbitrary: gcpOssSources },
  // every registered module's own examples (src/sources/*: `examples`), so a new source is covered without an edit here
  { weight: 1, arbitrary: registrySources("queue") },
);

// ---- metrics ----
const resource = fc.oneof(
  fc.record({ utilization: fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 1, max: 100 }) }, { weight: 5, arbitrary: fc.integer({ min: 101, max: 300 }) }, { weight: 1, arbitrary: pick(2147483647, 2147483648, 1e12) }), container: dnsLabel, activation: pick(0, 0, 0, 5) }, { requiredKeys: ["utilization"] }),
  fc.record({ averageValue: quantity, container: dnsLabel, activation: pick(0, 0, 0, 5) }, { requiredKeys: ["averageValue"] }),
);
const cron = pick("0 8 * * 1-5", "0 20 * * 1-5", "*/15 * * * *", "30 6 1 * *", "0 0 * JAN-MAR SUN", "0 22 * * 5-7", "0 9 * * mon", "0 12 1,15 * *", "0 9 * * 7", "0  18 * * 1-7/2", "0 6 * * 0,7");
const valueOrAverage = fc.oneof(fc.record({ value: positive }), fc.record({ averageValue: positive }));

export const metric = fc.oneof(
  resource.map((cpu) => ({ cpu })),
  resource.map((memory) => ({ memory })),
  fc.record({ perReplica: positive, from: sources }).map((requestRate) => ({ requestRate })),
  fc.record({ perReplicaPerMinute: fc.oneof(positive, pick(60, 500, 6000)), from: sources }).map((requestRate) => ({ requestRate })),
  fc.record({ perReplica: positive, protocol: pick("http", "tcp"), from: sources }, { requiredKeys: ["perReplica"] }).map((inFlight) => ({ inFlight })),
  fc.record({ jobsPerReplica: positive, activation: fc.double({ min: 0, max: 50, noNaN: true }), from: queueSources }, { requiredKeys: ["jobsPerReplica", "from"] }).map((queue) => ({ queue })),
  fc.record({ buffer: fc.double({ min: 0, max: 10, noNaN: true }), from: sources }, { requiredKeys: ["from"] }).map((replicasRequired) => ({ replicasRequired })),
  fc
    .record(
      { query, target: positive, activationTarget: fc.double({ min: 0, max: 100, noNaN: true }), targetType: pick("AverageValue", "Value"), metricName, serverAddress: url, ...prometheusTriggerOptions },
      { requiredKeys: ["query", "target"] },
    )
    .map((prometheus) => ({ prometheus })),
  fc.record({ name: metricNameOrCustom, averageValue: positive }).map((pods) => ({ pods })),
  fc.tuple(fc.record({ name: metricNameOrCustom, selector: labelMap }, { requiredKeys: ["name"] }), valueOrAverage).map(([a, b]) => ({ external: { ...a, ...b } })),
  fc
    .tuple(
      fc.record({ name: metricNameOrCustom, describedObject: fc.record({ apiVersion: pick("networking.k8s.io/v1", "v1"), kind: pick("Ingress", "Service"), name: subdomain }) }),
      valueOrAverage,
    )
    .map(([a, b]) => ({ object: { ...a, ...b } })),
  fc.record({ podSelector: pick("app=frontend", "tier in (web,api)", "app!=batch"), podsPerReplica: positive, activation: fc.double({ min: 0, max: 10, noNaN: true }) }, { requiredKeys: ["podSelector", "podsPerReplica"] }).map((workloadRatio) => ({ workloadRatio })),
  fc
    .record({ timezone: pick("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"), start: cron, end: cron, replicas: fc.integer({ min: 1, max: 20 }) })
    .filter((s) => s.start !== s.end)
    .map((schedule) => ({ schedule })),
  validKedaMetric.map((keda) => ({ keda })),
);

// ---- behavior ----
const policyRule = fc.tuple(fc.oneof(fc.record({ replicas: fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 1, max: 100 }) }, { weight: 1, arbitrary: pick(2147483647, 2147483648) }) }), fc.record({ percent: fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 1, max: 1000 }) }, { weight: 1, arbitrary: pick(2147483648) }) })), duration(1, 1800)).map(([r, per]) => ({ ...r, per }));
const scalingRules = fc.record(
  { stabilization: duration(0, 3600), policies: fc.array(policyRule, { minLength: 1, maxLength: 3 }), select: fc.oneof({ weight: 6, arbitrary: pick("max", "min", "disabled") }, { weight: 1, arbitrary: pick("Max", "Min", "Disabled") }), tolerance: pick(0, 0.0025, 0.01, 0.05, 0.1, 0.5, 0.999999) },
  { requiredKeys: [] },
);

// ---- platform sections ----
const awsSchedule = pick("at(2026-12-24T18:00:00)", "at(2019-05-20T00:00:00)", "rate(1 day)", "rate(6 hours)", "rate(1 minute)", "cron(0 18 ? * MON-FRI *)", "cron(30 6 ? * MON *)", "cron(0 12 L * ? *)", "cron(0 9 ? * 2#1 2027)", "cron(0 8 * * MON *)", "rate(2 hour)");
const kubernetes = fc.record(
  {
    engine: pick("auto", "hpa", "keda"),
    name: subdomain,
    pollingInterval: duration(1, 600),
    cooldownPeriod: duration(0, 3600),
    initialCooldownPeriod: duration(0, 600),
    adoptHpa: subdomain,
    prometheus: fc.record({ serverAddress: url, auth: fc.record({ mode: pick("bearer", "basic"), secretName: dnsLabel }, { requiredKeys: ["mode"] }) }, { requiredKeys: [] }),
    adapter: fc.record({ namespace: dnsLabel, configMapName: subdomain }, { requiredKeys: [] }),
    cluster: fc.record({ kubernetesVersion: pick("1.33", "1.34.2"), hpaScaleToZero: fc.boolean(), hpaConfigurableTolerance: fc.boolean(), kedaVersion: pick("2.14", "2.15", "2.16", "2.17", "2.18", "2.20.1", "3.0"), vpaVersion: pick("1.2", "1.4", "1.5") }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const ecs = fc.record(
  {
    unsupportedBehavior: pick("error", "warn"),
    cooldown: fc.record({ out: duration(0, 3600), in: duration(0, 3600) }, { requiredKeys: [] }),
    cluster: pick("membrane", "prod_cluster-1", "C".repeat(255)),
    service: pick("api", "worker_1", "S".repeat(255)),
    namePrefix: pick("membrane api", "p".repeat(200), "x-y_z.1"),
    scheduledActions: fc.array(
      fc.record(
        { name: pick("peak", "night-cap", "a", "schedule-start"), schedule: awsSchedule, timezone: pick("UTC", "Europe/Berlin", "Asia/Kolkata"), startTime: pick("2026-12-01T00:00:00Z", "2026-12-01T01:00:00+01:00"), endTime: pick("2027-01-01T00:00:00Z"), minCapacity: fc.integer({ min: 0, max: 30 }), maxCapacity: fc.integer({ min: 0, max: 30 }) },
        { requiredKeys: ["name", "schedule"] },
      ),
      { maxLength: 3 },
    ),
    stopStart: fc.array(
      fc.record({ name: pick("nights", "weekend", "peak"), stop: awsSchedule, start: awsSchedule, timezone: pick("UTC", "America/New_York"), minCapacity: fc.integer({ min: 0, max: 30 }), maxCapacity: fc.integer({ min: 0, max: 30 }) }, { requiredKeys: ["name", "stop", "start"] }),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ["cluster"] },
);
const containerAppsRule = fc.record(
  {
    metric: fc.integer({ min: 0, max: 5 }),
    name: pick("http-rule", "queue-1", "a", "cpu-scaling"),
    auth: fc.array(fc.record({ secretRef: pick("bus-connection", "prom.token", "client-secret"), triggerParameter: pick("activeDirectoryClientId", "activeDirectoryClientPassword", "bearerToken", "username", "password") }), { minLength: 1, maxLength: 2 }),
    identity: pick("system", "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1"),
  },
  { requiredKeys: ["metric"] },
);
const containerApps = fc.record(
  {
    cooldownPeriod: duration(0, 3600),
    pollingInterval: duration(1, 600),
    maxReplicasLimit: pick(25, 30, 300, 1000),
    unsupportedBehavior: pick("error", "warn"),
    rules: fc.array(containerAppsRule, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: [] },
);
const cloudRunSize = pick<Record<string, unknown>>(
  {},
  { cpu: "500m", memory: "512Mi", concurrency: 1 },
  { cpu: 0.25, memory: "256Mi" },
  { cpu: 1, memory: "2Gi" },
  { cpu: "2", memory: "8Gi" },
  { cpu: 4, memory: "16Gi" },
  { cpu: 8, memory: "32Gi" },
  { cpu: 6, memory: "4Gi" },
);
const cloudRun = fc
  .tuple(
    cloudRunSize,
    fc.record(
      {
        concurrency: fc.integer({ min: 1, max: 1000 }),
        cpuThrottling: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        startupCpuBoost: fc.boolean(),
        image: pick("us-docker.pkg.dev/p/r/app:1"),
        containerName: dnsLabel,
        maxInstanceLimit: pick(100, 1000, 5000),
        assumedLatency: pick<string | number>("250ms", "1s", 0.05, "1.5s"),
        ignoreScaleRules: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
  )
  .map(([size, rest]) => ({ ...rest, ...size }));

// ---- the policy ----
const replicas = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 40 })) },
  { weight: 1, arbitrary: fc.tuple(fc.constant(-0), fc.integer({ min: 0, max: 40 })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), pick(100, 300, 1000, 5000, 2147483646)) },
).map(([min, span]) => ({ min, max: Math.max(1, min + span) }));

const vertical = fc.record(
  {
    name: subdomain,
    updateMode: pick("Off", "Initial", "Recreate", "InPlaceOrRecreate", "InPlace", "Auto"),
    containers: fc.array(
      fc.record(
        {
          name: fc.oneof(pick("*"), dnsLabel),
          mode: pick("Auto", "Off"),
          minAllowed: fc.record({ cpu: pick("100m", "250m"), memory: pick("128Mi", "512Mi") }, { requiredKeys: [] }),
          maxAllowed: fc.record({ cpu: pick("2", "4"), memory: pick("4Gi", "8Gi") }, { requiredKeys: [] }),
          controlledResources: fc.uniqueArray(pick("cpu", "memory"), { minLength: 1, maxLength: 2 }),
          controlledValues: pick("RequestsAndLimits", "RequestsOnly"),
        },
        { requiredKeys: ["name"] },
      ),
      { maxLength: 3 },
    ),
    onHpaConflict: pick("error", "Off", "Initial"),
  },
  { requiredKeys: ["updateMode"] },
);

const monitoring = fc.record(
  {
    port: fc.oneof(portName, fc.integer({ min: 1, max: 65535 })),
    path: pick("/metrics", "/actuator/prometheus"),
    interval: pick("15s", "1m", "30s", "1m30s"),
    scheme: pick("http", "https"),
    selector: labelMap,
    name: subdomain,
    labels: labelMap,
  },
  { requiredKeys: ["port"] },
);

const scaling = fc
  .record(
    {
      mode: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: pick("autoscale", "fixed", "external") }),
      replicas,
      metrics: fc.oneof({ weight: 3, arbitrary: metric.map((m) => [m]) }, { weight: 2, arbitrary: fc.array(metric, { minLength: 1, maxLength: 4 }) }),
      scaleUp: rarely(scalingRules),
      scaleDown: rarely(scalingRules),
      missingMetrics: rarely(fc.oneof(pick("hold", "scaleUp"), fc.record({ replicas: fc.integer({ min: 0, max: 50 }), failureThreshold: fc.integer({ min: 1, max: 10 }) }, { requiredKeys: ["replicas"] }))),
      kubernetes: opt(kubernetes),
      ecs: mostly(ecs, 6),
      containerApps: opt(containerApps),
      cloudRun: opt(cloudRun),
    },
  )
  .map((s) => {
    const { min, max } = s.replicas;
    const out: Record<string, unknown> = { ...s };
    if (s.mode === "fixed") out.replicas = { min: Math.max(min, 1), max: Math.max(min, 1) };
    if (s.mode === "fixed" || s.mode === "external") out.metrics = [];
    out.metrics = (out.metrics as Array<Record<string, any>>).map((m) => (m.schedule ? { schedule: { ...m.schedule, replicas: Math.min(m.schedule.replicas, max) } } : m));
    if (typeof s.missingMetrics === "object") out.missingMetrics = { ...s.missingMetrics, replicas: min + (s.missingMetrics.replicas % (max - min + 1)) };
    if (s.containerApps?.rules) {
      const n = Math.max(1, (out.metrics as unknown[]).length);
      const seen = new Set<number>();
      out.containerApps = { ...s.containerApps, rules: s.containerApps.rules.map((r) => ({ ...r, metric: r.metric % n })).filter((r) => !seen.has(r.metric) && seen.add(r.metric)) };
    }
    return out;
  });

/** Policies every platform can take (cpu utilization or in-flight requests with a CloudWatch source, no rate rules). */
const portable = fc
  .record({
    service: dnsLabel,
    replicas: replicas.map((r) => ({ min: Math.max(1, r.min), max: Math.min(100, Math.max(1, r.min, r.max)) })),
    metric: fc.oneof(
      fc.integer({ min: 1, max: 100 }).map((utilization) => ({ cpu: { utilization } })),
      fc.tuple(fc.integer({ min: 1, max: 600 }), cloudWatchSource).map(([perReplica, cloudWatch]) => ({ inFlight: { perReplica, from: { cloudWatch } } })),
    ),
    cloudRun: opt(cloudRun),
    ecs,
  })
  .map(({ service, replicas: r, metric: m, cloudRun: cr, ecs: e }) => clean({ service, scaling: { replicas: r, metrics: [m], ecs: e, cloudRun: cr } }));

export const policyInput = fc
  .record(
    {
      service: dnsLabel,
      namespace: dnsLabel,
      workload: fc.oneof(
        { weight: 8, arbitrary: fc.record({ kind: pick("Deployment", "StatefulSet", "ReplicaSet", "Rollout"), name: subdomain, apiVersion: pick("apps/v1", "argoproj.io/v1alpha1") }, { requiredKeys: [] }) },
        // Any kind with a /scale subresource (apiVersion required; now and then left out, which is refused).
        { weight: 2, arbitrary: fc.record({ kind: pick("KafkaConnect", "CloneSet", "Statefulset"), name: subdomain, apiVersion: pick("kafka.strimzi.io/v1beta2", "apps.kruise.io/v1alpha1") }, { requiredKeys: ["kind"] }) },
      ),
      scaling: fc.oneof({ weight: 12, arbitrary: scaling }, { weight: 1, arbitrary: fc.constant(undefined) }),
      vertical: rarely(vertical),
      monitoring: opt(monitoring),
      alerts: opt(
        fc.record(
          {
            pinnedAtMax: fc.record({ threshold: pick(1, 0.8, 1.5), for: duration(0, 3600), severity: pick("warning", "critical") }, { requiredKeys: [] }),
            metricUnavailable: fc.record({ for: duration(0, 3600), severity: pick("warning", "critical") }, { requiredKeys: [] }),
            flapping: fc.record({ maxScaleEvents: fc.integer({ min: 1, max: 60 }), window: duration(300, 86400), severity: pick("warning", "critical") }, { requiredKeys: [] }),
          },
          { requiredKeys: [] },
        ),
      ),
      dashboard: rarely(fc.record({ title: pick("Shop scaling", "ASR — replicas"), uid: pick("shop-scaling", "a_b-1"), folder: pick("Autoscaling", "team a"), labels: fc.constant({ team: "payments" }) }, { requiredKeys: [] })),
    },
    { requiredKeys: ["service", "scaling"] },
  )
  .map((p) => clean(p.scaling === undefined && p.vertical === undefined ? { ...p, vertical: { updateMode: "Off" } } : p));

/** Policies over the whole model, with a share of portable ones. */
export const anyPolicyInput = fc.oneof({ weight: 5, arbitrary: policyInput }, { weight: 1, arbitrary: portable });

/** A deep copy of `value` whose object keys are in an order drawn by `rng` (lists keep their order). */
export function shuffledKeys<T>(value: T, rng: () => number): T {
  if (Array.isArray(value)) return value.map((v) => shuffledKeys(v, rng)) as T;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, shuffledKeys(v, rng)])) as T;
  }
  return value;
}
