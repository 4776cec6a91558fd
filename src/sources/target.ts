import type { PathSegment, PolicyIssue } from "../policy/errors";
import type { Metric, ScalingPolicy } from "../types";
import type { PlatformName } from "../targets/types";
import { eventSourcesOf } from "./registry";
import type { Mapped, SourceModule, SourceTarget } from "./types";

/** Metric kinds that read `from`. */
type FromMetric = Extract<Metric, { kind: "queue" | "replicasRequired" | "inFlight" | "requestRate" }>;

export function readsFrom(m: Metric): m is FromMetric {
  return m.kind === "queue" || m.kind === "replicasRequired" || m.kind === "inFlight" || m.kind === "requestRate";
}

/** What a metric asks of its source: the per-replica value (replicasRequired: 1 / (1 + buffer)) and activation. */
export function sourceTarget(policy: ScalingPolicy, m: FromMetric, i: number, key: string): SourceTarget {
  const perReplica = m.kind === "queue" ? m.jobsPerReplica : m.kind === "replicasRequired" ? 1 / (1 + m.buffer) : m.perReplica;
  const path: PathSegment[] = ["scaling", "metrics", i, m.kind, "from", key];
  return {
    kind: m.kind,
    perReplica,
    ...(m.kind === "queue" && m.activation !== undefined ? { activation: m.activation } : {}),
    path,
    service: policy.service,
    minReplicas: policy.scaling?.replicas.min ?? 1,
    ...(policy.scaling?.kubernetes?.cluster?.kedaVersion !== undefined ? { kedaVersion: policy.scaling.kubernetes.cluster.kedaVersion } : {}),
  };
}

export type Mapper<T> = (module: SourceModule<any>) => ((s: any, t: SourceTarget) => Mapped<T>) | undefined;

/** The event source a platform reads for one metric: the first of `from` (registry order) the platform maps. */
export interface ChosenSource<T> {
  module: SourceModule<any>;
  value: unknown;
  target: SourceTarget;
  mapped: Mapped<T>;
  /** Event sources given on this metric that the platform does not read (their alternatives, for messages). */
  unused: SourceModule<any>[];
}

/**
 * Map the metric's event source for a platform. Undefined when the metric has no event source; `refused` lists
 * them when it has some but none maps to the platform.
 */
export function chooseSource<T>(policy: ScalingPolicy, m: Metric, i: number, map: Mapper<T>): ChosenSource<T> | { refused: SourceModule<any>[] } | undefined {
  if (!readsFrom(m)) return undefined;
  const given = eventSourcesOf(m.from);
  if (given.length === 0) return undefined;
  const chosen = given.find((g) => map(g.module) !== undefined);
  if (!chosen) return { refused: given.map((g) => g.module) };
  const target = sourceTarget(policy, m, i, chosen.module.key);
  const mapped = map(chosen.module)!(chosen.value, target);
  return { module: chosen.module, value: chosen.value, target, mapped, unused: given.filter((g) => g !== chosen).map((g) => g.module) };
}

/**
 * For a platform that maps none of the metric's event sources: one issue per source at `from.<key>`, naming the
 * module's alternative for that platform. Undefined when the metric has no event source or the platform maps one.
 */
export function unmappedSources(platform: PlatformName, m: Metric, i: number, maps: (mod: SourceModule<any>) => boolean = () => false): PolicyIssue[] | undefined {
  if (!readsFrom(m)) return undefined;
  const given = eventSourcesOf(m.from);
  if (given.length === 0 || given.some((g) => maps(g.module))) return undefined;
  return given.map(({ module: mod }) => ({
    code: "unsupported_source",
    path: ["scaling", "metrics", i, m.kind, "from", mod.key],
    message: `the ${mod.title} source cannot be read on ${platform}; nearest alternative: ${mod.alternatives[platform] ?? `a source ${platform} reads`}`,
  }));
}

/** "the Amazon SQS queue source (from.sqs) cannot be read on cloud-run; nearest alternative: ..." for each given source. */
export function noMappingMessage(platform: PlatformName, modules: SourceModule<any>[]): string {
  return modules
    .map((mod) => `the ${mod.title} source (from.${mod.key}) cannot be read on ${platform}; nearest alternative: ${mod.alternatives[platform] ?? `a source ${platform} reads`}`)
    .join("; ");
}

/** Issues and warnings of a mapping, collected into a target's lists. */
export function collect<T>(mapped: Mapped<T>, issues: PolicyIssue[], warnings: { severity: "warning" | "info"; code: string; path: PathSegment[]; message: string }[]): T | undefined {
  if (mapped.issues) issues.push(...mapped.issues);
  if (mapped.warnings) warnings.push(...mapped.warnings);
  return mapped.issues?.length ? undefined : mapped.value;
}
