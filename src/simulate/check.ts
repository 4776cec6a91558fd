/**
 * Checks run before a simulation: the policy must compile for the platform (as `polyscale render` would),
 * and the trace must carry the columns the policy's metrics read.
 */
import { PolicyError, type PolicyIssue } from "../policy/errors";
import type { Metric } from "../types";
import type { ScalingPolicy } from "../types";
import { loadTarget, type PlatformName } from "../targets/index";
import { eventSourceColumns, eventSourceKeys } from "./sources";
import type { Trace, TraceSample } from "./trace";
import { SIM_PLATFORMS, type SimPlatform } from "./types";

/**
 * The trace columns a metric reads, as alternatives: the metric can be replayed when the trace has
 * any one of them. `[]` = needs nothing from the trace (schedule). `sourceColumns`: those of the event
 * sources read (on a platform: the one it reads, if any, `eventSourceColumn`); by default every one given.
 */
export function traceColumnsFor(metric: Metric, sourceColumns: readonly string[] = eventSourceKeys(metric)): string[] {
  return [...sourceColumns, ...traceColumnsOfKind(metric)];
}

function traceColumnsOfKind(metric: Metric): string[] {
  switch (metric.kind) {
    case "requestRate":
    case "cpu":
      return ["rps"];
    case "inFlight":
    case "memory":
      return ["inFlight", "rps"];
    case "queue":
      return ["queue"];
    case "replicasRequired":
      return ["replicasRequired"];
    case "prometheus":
      return [metric.metricName ?? "prometheus"];
    case "pods":
    case "external":
    case "object":
      return [metric.name];
    case "workloadRatio":
      return ["followedPods"];
    case "schedule":
      return [];
    case "keda":
      return [metric.type];
  }
}

/** The columns a trace has: `t` plus every field or named value that at least one sample has (a `null` or `undefined` value, a failed read, counts). */
export function traceColumns(trace: Trace): string[] {
  const cols = new Set<string>(["t"]);
  for (const s of trace) {
    for (const k of Object.keys(s)) if (k !== "values") cols.add(k); // a key set to undefined is a failed read: the column exists
    if (s.values) for (const k of Object.keys(s.values)) cols.add(k);
  }
  return [...cols];
}

function hasColumn(s: TraceSample, column: string): boolean {
  return column === "t" || (column !== "values" && column in s) || (s.values !== undefined && column in s.values);
}

/**
 * Throws a PolicyError naming each metric (path) whose trace column is missing, and the columns the trace has.
 * With `platform`, a metric fed by event sources needs the column of the one that platform reads.
 */
export function checkTraceColumns(policy: ScalingPolicy, trace: Trace, platform?: SimPlatform): void {
  const metrics = policy.scaling?.metrics ?? [];
  const sourceColumns = platform === undefined ? undefined : eventSourceColumns(policy, platform);
  const issues: PolicyIssue[] = [];
  let have: string[] | undefined;
  metrics.forEach((m, index) => {
    const source = sourceColumns?.[index];
    const need = traceColumnsFor(m, sourceColumns === undefined ? undefined : source === undefined ? [] : [source]);
    // usually found in the first sample: no full scan of a long trace
    if (need.length === 0 || need.some((c) => trace.some((s) => hasColumn(s, c)))) return;
    have ??= traceColumns(trace);
    issues.push({
      code: "trace_column_missing",
      path: ["scaling", "metrics", index, m.kind],
      message:
        `metric \`${m.kind}\` reads the trace column ${need.map((c) => `\`${c}\``).join(" or ")}, which the trace does not have ` +
        `(it has ${have.map((c) => `\`${c}\``).join(", ")}); add the column (an empty cell / null is a failed read)`,
    });
  });
  if (issues.length > 0) throw new PolicyError(issues, `The trace cannot drive the policy for ${JSON.stringify(policy.service)}`);
}

/** The compile target of a simulator platform, and the engine it forces (hpa / keda). */
function compileTarget(platform: SimPlatform): { target: PlatformName; engine?: "hpa" | "keda" } {
  if (platform === "hpa" || platform === "keda") return { target: "kubernetes", engine: platform };
  return { target: platform };
}

/**
 * Compile the policy for the platform exactly as `polyscale render` does (`hpa` / `keda`: the Kubernetes
 * target with that engine) and throw its PolicyError when the platform cannot express the policy.
 */
export function checkCompiles(policy: ScalingPolicy, platform: SimPlatform): void {
  if (!SIM_PLATFORMS.includes(platform)) throw new Error(`unknown platform ${JSON.stringify(platform)}; one of ${SIM_PLATFORMS.join(", ")}`);
  const { target, engine } = compileTarget(platform);
  let p = policy;
  if (engine && policy.scaling) p = { ...policy, scaling: { ...policy.scaling, kubernetes: { ...policy.scaling.kubernetes, engine } } } as ScalingPolicy;
  loadTarget(target).render(p);
}
