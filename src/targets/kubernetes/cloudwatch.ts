/**
 * `from.cloudWatch` on Kubernetes: KEDA's aws-cloudwatch scaler (https://keda.sh/docs/2.18/scalers/aws-cloudwatch/).
 * A per-task metric (`perReplica: true`, e.g. JobsPerWorker) is a `Value` target (the HPA compares the value itself);
 * a service total is an `AverageValue` target (the HPA divides it by the replicas).
 */
import type { CloudWatchSource, Metric, ScalingPolicy } from "../../types";
import { numberString } from "../../policy/units";
import { sourceTarget } from "../../sources/target";
import type { MetricPlan } from "./metrics";

/** KEDA's AWS authorization parameters (kedacore/keda pkg/scalers/aws/aws_authorization.go). */
export const AWS_CREDENTIAL_PARAMETERS = ["awsAccessKeyID", "awsSecretAccessKey", "awsSessionToken", "awsRoleArn", "awsExternalID", "awsRegion"] as const;

type FromMetric = Extract<Metric, { kind: "queue" | "replicasRequired" | "inFlight" | "requestRate" }>;

export function cloudWatchTrigger(index: number, metric: FromMetric, policy: ScalingPolicy, cw: CloudWatchSource): MetricPlan {
  const t = sourceTarget(policy, metric, index, "cloudWatch");
  const plan: MetricPlan = { index, metric, hpaBlocker: "is read from CloudWatch (from.cloudWatch) by KEDA's aws-cloudwatch scaler", issues: [] };
  if (cw.region === undefined) {
    plan.issues.push({ code: "required", path: [...t.path, "region"], message: "is required on kubernetes: KEDA's aws-cloudwatch scaler needs the metric's AWS region (awsRegion)" });
  }
  if (cw.sumWith !== undefined) {
    plan.issues.push({ code: "unsupported", path: [...t.path, "sumWith"], message: "is not supported on kubernetes: KEDA's aws-cloudwatch scaler reads one metric; nearest alternative: publish the sum as one CloudWatch metric" });
  }
  if (!cw.auth) {
    plan.issues.push({ code: "required", path: [...t.path, "auth"], message: "is required on kubernetes: KEDA's aws-cloudwatch scaler needs credentials; give podIdentity { provider: aws, roleArn } (IRSA / EKS Pod Identity), a secret with awsAccessKeyID + awsSecretAccessKey, or an existing triggerAuthentication" });
  }
  if (plan.issues.length > 0) return plan;
  const perTask = cw.perReplica && metric.kind !== "replicasRequired";
  const dims = Object.keys(cw.dimensions ?? {}).sort();
  const metadata: Record<string, string> = {
    namespace: cw.namespace,
    metricName: cw.metricName,
    ...(dims.length ? { dimensionName: dims.join(";"), dimensionValue: dims.map((d) => cw.dimensions![d]!).join(";") } : {}),
    targetMetricValue: numberString(t.perReplica),
    ...(t.activation !== undefined && t.activation > 0 ? { activationTargetMetricValue: numberString(t.activation) } : {}),
    // Required by the scaler's schema: the value read when CloudWatch returns no datapoint.
    minMetricValue: "0",
    // KEDA's default metricStat is Average: written only when it differs.
    ...(cw.statistic !== "Average" ? { metricStat: cw.statistic } : {}),
    ...(cw.unit ? { metricUnit: cw.unit } : {}),
    awsRegion: cw.region!,
  };
  plan.keda = { type: "aws-cloudwatch", ...(perTask ? { metricType: "Value" as const } : {}), metadata };
  plan.sourceAuth = { key: "cloudWatch", auth: cw.auth!, credentialParameters: AWS_CREDENTIAL_PARAMETERS, path: t.path };
  return plan;
}
