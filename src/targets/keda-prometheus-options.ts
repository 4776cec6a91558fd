import type { PathSegment, PolicyIssue } from "../policy/errors";
import { PROMETHEUS_TRIGGER_OPTIONS } from "../policy/prometheus-options";
import type { PrometheusTriggerOptionsInput as PrometheusTriggerOptions } from "../types";
import { sortedMap } from "./output-values";
import type { Diagnostic } from "./types";

/**
 * The KEDA prometheus trigger metadata for the policy's trigger options, as written: booleans as "true"/"false",
 * maps in KEDA's `k1=v1,k2=v2` form (keys sorted, so the output is stable), the timeout in milliseconds.
 */
export function prometheusOptionMetadata(o: PrometheusTriggerOptions): Record<string, string> {
  const out: Record<string, string> = {};
  if (o.namespace !== undefined) out.namespace = o.namespace;
  // An empty map is no header at all: KEDA reads an empty parameter as not set (scalersconfig configParamValue).
  if (o.customHeaders !== undefined && Object.keys(o.customHeaders).length > 0) out.customHeaders = keyValueList(o.customHeaders);
  if (o.ignoreNullValues !== undefined) out.ignoreNullValues = String(o.ignoreNullValues);
  if (o.queryParameters !== undefined && Object.keys(o.queryParameters).length > 0) out.queryParameters = keyValueList(o.queryParameters);
  if (o.unsafeSsl !== undefined) out.unsafeSsl = String(o.unsafeSsl);
  if (o.timeout !== undefined) out.timeout = String(o.timeout);
  return out;
}

function keyValueList(m: Record<string, string>): string {
  return Object.entries(sortedMap(m)).map(([k, v]) => `${k}=${v}`).join(",");
}

/** The trigger options a policy sets, each with its path under `base` (the metric's prometheus object). */
export function setPrometheusOptions(o: PrometheusTriggerOptions, base: PathSegment[]): Array<{ option: keyof PrometheusTriggerOptions; path: PathSegment[] }> {
  return PROMETHEUS_TRIGGER_OPTIONS.filter((k) => o[k] !== undefined).map((option) => ({ option, path: [...base, option] }));
}

/**
 * The first KEDA version that reads each option, where it is later than every version polyscale supports:
 * `customHeaders` arrived in 2.10 (keda.sh/docs/2.10/scalers/prometheus), `timeout` in 2.17 (kedacore/keda#6607).
 * An older KEDA ignores the parameter without a word.
 */
const SINCE: Partial<Record<keyof PrometheusTriggerOptions, [number, number]>> = { customHeaders: [2, 10], timeout: [2, 17] };

/** The options the cluster's KEDA version would ignore, as issues at their paths. */
export function prometheusOptionVersionIssues(o: PrometheusTriggerOptions, base: PathSegment[], kedaVersion: string): PolicyIssue[] {
  const [major, minor] = kedaVersion.split(".").map(Number) as [number, number];
  return setPrometheusOptions(o, base).flatMap(({ option, path }) => {
    const since = SINCE[option];
    if (!since || major > since[0] || (major === since[0] && minor >= since[1])) return [];
    return [{
      code: "keda_version",
      path,
      message: `needs KEDA >= ${since.join(".")} (the prometheus scaler's \`${option}\`), scaling.kubernetes.cluster.kedaVersion is ${kedaVersion}, where KEDA ignores it; remove it or raise kedaVersion`,
    }];
  });
}

/**
 * Container Apps runs a KEDA of its own, whose version polyscale cannot check: `timeout` is rendered as written,
 * with a warning that a KEDA older than 2.17 ignores it.
 */
export function timeoutVersionWarning(o: PrometheusTriggerOptions, base: PathSegment[]): Diagnostic[] {
  if (o.timeout === undefined) return [];
  return [{
    severity: "warning",
    code: "keda_version_unknown",
    path: [...base, "timeout"],
    message: `is rendered as written (${o.timeout} ms), but needs KEDA >= 2.17 (kedacore/keda#6607), and the KEDA version Container Apps runs is not known to polyscale; an older one ignores it and uses its global HTTP timeout`,
  }];
}
