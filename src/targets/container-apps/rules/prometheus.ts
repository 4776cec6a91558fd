import type { PathSegment } from "../../../policy/errors";
import { numberString } from "../../../policy/units";
import type { MetricOf, PrometheusSource } from "../../../types";
import { urlHasCredentials } from "../../output-values";
import { asInstantVector } from "../../promql-shape";
import { prometheusOptionMetadata, timeoutVersionWarning } from "../../keda-prometheus-options";
import { CREDENTIALS_IN_URL, PROMETHEUS_SERVER_REQUIRED, mpath, type RuleBody, type RuleContext } from "./context";

/** A custom rule of KEDA's prometheus scaler (serverAddress, query, threshold; always AverageValue per replica). */
function rule(query: string, serverAddress: string, threshold: number, extra: Record<string, string | undefined>): RuleBody {
  const metadata: Record<string, string> = { serverAddress, query: asInstantVector(query.trim()), threshold: numberString(threshold) };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) metadata[k] = v;
  return { custom: { type: "prometheus", metadata }, scaler: "prometheus" };
}

/** The server address is required and must not carry credentials; true when it can be used. */
function serverAddressOk(ctx: RuleContext, serverAddress: string | undefined, path: PathSegment[]): boolean {
  if (serverAddress === undefined) {
    ctx.issues.push({ code: "required", path, message: PROMETHEUS_SERVER_REQUIRED });
    return false;
  }
  if (urlHasCredentials(serverAddress)) {
    ctx.issues.push({ code: "credentials_in_url", path, message: CREDENTIALS_IN_URL });
    return false;
  }
  return true;
}

/** The `prometheus` metric kind. A custom rule has no KEDA metricType, so `Value` is refused. */
export function prometheusMetricRule(ctx: RuleContext, m: MetricOf<"prometheus">, i: number): RuleBody | undefined {
  let ok = true;
  if (m.targetType === "Value") {
    ctx.issues.push({
      code: "unsupported_metric",
      path: mpath(i, "prometheus", "targetType"),
      message: "`Value` is not supported on container-apps (a custom rule has no KEDA metricType; the threshold is always per replica, AverageValue); nearest alternative: targetType: AverageValue",
    });
    ok = false;
  }
  if (!serverAddressOk(ctx, m.serverAddress, mpath(i, "prometheus", "serverAddress"))) ok = false;
  if (!ok) return undefined;
  ctx.warnings.push(...timeoutVersionWarning(m, mpath(i, "prometheus")));
  return rule(m.query, m.serverAddress!, m.target, {
    activationThreshold: m.activationTarget !== undefined ? numberString(m.activationTarget) : undefined,
    metricName: m.metricName,
    ...prometheusOptionMetadata(m),
  });
}

/** A `prometheus` source of a queue / replicasRequired metric: one aggregate `query` (a per-pod `series` needs the Kubernetes adapter). */
export function prometheusSourceRule(ctx: RuleContext, s: PrometheusSource, path: PathSegment[], target: number, activation: number | undefined): RuleBody | undefined {
  let ok = true;
  if (s.query === undefined) {
    ctx.issues.push({
      code: "required",
      path: [...path, "query"],
      message: `is required on container-apps (a per-pod \`series\`${s.series ? ` (${JSON.stringify(s.series)})` : ""} needs the Kubernetes prometheus-adapter; the KEDA prometheus rule takes one aggregate PromQL query, e.g. sum(...))`,
    });
    ok = false;
  }
  if (!serverAddressOk(ctx, s.serverAddress, [...path, "serverAddress"])) ok = false;
  if (!ok) return undefined;
  if (s.auth?.secretName !== undefined) {
    ctx.warnings.push({ severity: "info", code: "container_apps_k8s_secret_unused", path: [...path, "auth", "secretName"], message: "is a Kubernetes Secret name, not used on container-apps (the credentials come from Container App secrets: scaling.containerApps.rules[].auth)" });
  }
  ctx.warnings.push(...timeoutVersionWarning(s, path));
  return rule(s.query!, s.serverAddress!, target, {
    activationThreshold: activation !== undefined ? numberString(activation) : undefined,
    metricName: s.metricName,
    ...prometheusOptionMetadata(s),
  });
}
