// PolicyArgs (./policy-args) to the model's ScalingPolicyInput: only the fields whose form differs are converted.
import { PolicyError, type PathSegment, type PolicyIssue } from "../policy/errors";
import { isRecord } from "../policy/plain-values";
import type { MissingMetricsInput, MonitoringInput, ScalingInput, ScalingPolicyInput } from "../types";
import type { MissingMetricsArgs, MonitoringArgs, PolicyArgs, ScalingArgs } from "./policy-args";

const MISSING_METRICS_FIELDS = ["mode", "replicas", "failureThreshold"];
const MESSAGES = {
  bothModeAndReplicas: (mode: unknown) => `give exactly one of mode ("hold" or "scaleUp") or replicas (a fallback replica count), got both (mode ${JSON.stringify(mode)})`,
  neitherModeNorReplicas: 'give one of mode ("hold" or "scaleUp") or replicas (a fallback replica count), got neither',
  thresholdWithoutReplicas: "applies only with replicas (a fallback replica count), not with mode; remove it or give replicas instead of mode",
  unknownField: (key: string) => `is not a field of missingMetrics (allowed: ${MISSING_METRICS_FIELDS.join(", ")})`,
};

/**
 * The policy input of provider args: `missingMetrics` in the model's form, a digits-only `monitoring.port` as
 * a number; everything else as given (the model reads durations, quantities and Cloud Run cpu / latency written
 * as strings). Values of the wrong type are left for `parsePolicy` to report. Throws a PolicyError (paths under
 * `path`) for a `missingMetrics` that has no form in the model.
 */
export function policyInputFromArgs(args: PolicyArgs, path: PathSegment[] = []): ScalingPolicyInput {
  const { scaling, monitoring, ...rest } = args;
  const input: ScalingPolicyInput = rest;
  if (scaling !== undefined) input.scaling = isRecord(scaling) ? scalingInput(scaling, [...path, "scaling"]) : (scaling as ScalingInput);
  if (monitoring !== undefined) input.monitoring = isRecord(monitoring) ? monitoringInput(monitoring) : (monitoring as MonitoringInput);
  return input;
}

function scalingInput(scaling: ScalingArgs, path: PathSegment[]): ScalingInput {
  const { missingMetrics, ...rest } = scaling;
  if (missingMetrics === undefined) return rest;
  return { ...rest, missingMetrics: isRecord(missingMetrics) ? missingMetricsInput(missingMetrics, [...path, "missingMetrics"]) : (missingMetrics as MissingMetricsInput) };
}

function missingMetricsInput(m: MissingMetricsArgs, path: PathSegment[]): MissingMetricsInput {
  const issues: PolicyIssue[] = Object.keys(m)
    .filter((k) => !MISSING_METRICS_FIELDS.includes(k))
    .map((k) => ({ code: "unrecognized_keys", path: [...path, k], message: MESSAGES.unknownField(k) }));
  const { mode, replicas, failureThreshold } = m;
  if (mode !== undefined && replicas !== undefined) issues.push({ code: "invalid_union", path, message: MESSAGES.bothModeAndReplicas(mode) });
  else if (mode === undefined && replicas === undefined) issues.push({ code: "invalid_union", path, message: MESSAGES.neitherModeNorReplicas });
  else if (mode !== undefined && failureThreshold !== undefined) issues.push({ code: "unrecognized_keys", path: [...path, "failureThreshold"], message: MESSAGES.thresholdWithoutReplicas });
  if (issues.length > 0) throw new PolicyError(issues);
  if (mode !== undefined) return mode;
  return failureThreshold === undefined ? { replicas: replicas! } : { replicas: replicas!, failureThreshold };
}

function monitoringInput(monitoring: MonitoringArgs): MonitoringInput {
  const { port } = monitoring;
  return typeof port === "string" && /^\d+$/.test(port) ? { ...monitoring, port: Number(port) } : monitoring;
}
