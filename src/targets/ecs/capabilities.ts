/** What ECS can do with each metric kind (for `capabilities`, refusals and the README table). */

export const PUBLISH_TO_CLOUDWATCH = "publish the value to CloudWatch (CloudWatch agent, embedded metric format or PutMetricData) and add a `cloudWatch` source to this metric";

/** What ECS can do with each metric kind (for `capabilities` and the README table). */
export const ECS_CAPABILITIES = {
  cpu: { supported: true, via: "target tracking on predefined ECSServiceAverageCPUUtilization (`utilization` only)" },
  memory: { supported: true, via: "target tracking on predefined ECSServiceAverageMemoryUtilization (`utilization` only)" },
  requestRate: { supported: true, via: "target tracking on ALBRequestCountPerTarget (`alb` source; perReplicaPerMinute as written, or perReplica × 60) or a CloudWatch customized metric (`cloudWatch` source)" },
  inFlight: { supported: true, via: "target tracking on a CloudWatch customized metric (`cloudWatch` source)" },
  queue: { supported: true, via: "target tracking on a CloudWatch customized metric; metric math over ECS/ContainerInsights RunningTaskCount when the metric is a total (`cloudWatch` source), or an event source's backlog per task with a StepScaling wake at min 0 (`sqs`, rows below)" },
  replicasRequired: { supported: true, via: "target tracking on CloudWatch metric math: required / RunningTaskCount with target 1 / (1 + buffer) (`cloudWatch` source)" },
  prometheus: { supported: false, alternative: `${PUBLISH_TO_CLOUDWATCH.replace(" and add a `cloudWatch` source to this metric", "")}, then use a \`queue\`, \`inFlight\` or \`replicasRequired\` metric with a \`cloudWatch\` source` },
  pods: { supported: false, alternative: "a Kubernetes custom metric; publish it to CloudWatch and use a `queue` or `inFlight` metric with a `cloudWatch` source" },
  external: { supported: false, alternative: "a Kubernetes external metric; publish it to CloudWatch and use a `queue` metric with a `cloudWatch` source" },
  object: { supported: false, alternative: "a Kubernetes object metric; publish it to CloudWatch and use a `queue` metric with a `cloudWatch` source" },
  workloadRatio: { supported: false, alternative: "scale this service on the followed service's own metric (e.g. the same `cloudWatch` source with a target multiplied by `podsPerReplica`)" },
  schedule: { supported: true, via: "appautoscaling ScheduledAction pair: min capacity = replicas at `start`, back to replicas.min at `end` (cron(...) with timezone)" },
  keda: { supported: false, alternative: `${PUBLISH_TO_CLOUDWATCH.replace(" and add a `cloudWatch` source to this metric", "")}, then use a \`queue\`, \`inFlight\` or \`replicasRequired\` metric with a \`cloudWatch\` (or \`sqs\`) source` },
} as const;
