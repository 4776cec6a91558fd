/**
 * Which event source a platform reads for a metric, so the simulator replays that source's trace column.
 * A metric may give several sources (`from: { prometheus, sqs }`); each compiler reads one, by its own
 * precedence. Rather than restate those rules, this asks each target's own source step (the functions its
 * compile calls) whether it reads an event source, and the shared `chooseSource` (with that platform's
 * mapping) which one.
 */
import type { Metric, ScalingPolicy } from "../types";
import { chooseSource, readsFrom, type Mapper } from "../sources/target";
import { eventSourcesOf } from "../sources/registry";
import { eventSourcePlan } from "../targets/kubernetes/sources";
import { eventSourceRule } from "../targets/container-apps/rules/event-sources";
import { ecsSourceTracking } from "../targets/ecs/sources";
import type { SimPlatform } from "./types";

type ReadsEventSource = (policy: ScalingPolicy, m: Metric, i: number) => boolean;

/**
 * Per compile target: whether its source step reads an event source for the metric (the other outcomes:
 * it reads `prometheus` (Kubernetes), `azureMonitor` (Container Apps), `cloudWatch` / `alb` (ECS) first, or
 * refuses), and the mapping `chooseSource` picks the source with.
 */
const PLATFORM_SOURCES: Record<"kubernetes" | "container-apps" | "ecs", { reads: ReadsEventSource; map: Mapper<unknown> }> = {
  // src/targets/kubernetes/sources.ts: undefined when `prometheus` is given (or no event source)
  kubernetes: { reads: (p, m, i) => eventSourcePlan(i, m, p) !== undefined, map: (mod) => mod.kubernetes },
  // src/targets/container-apps/rules/event-sources.ts: undefined when `azureMonitor` is given, or `prometheus` when no source maps
  "container-apps": {
    reads: (p, m, i) => eventSourceRule({ policy: p, issues: [], warnings: [], secretRefs: new Set() }, m, i) !== undefined,
    map: (mod) => mod.containerApps,
  },
  // src/targets/ecs/sources.ts: undefined when `cloudWatch` or `alb` is given
  ecs: { reads: (p, m, i) => ecsSourceTracking({ policy: p, cluster: "", service: p.service, issues: [], warnings: [] }, m, i) !== undefined, map: (mod) => mod.ecs },
};

/**
 * The `from` key of the event source `platform` reads for metric `index` of the policy (its trace column),
 * or undefined when the platform reads the metric otherwise (the kind's own column). Cloud Run reads no
 * event source (its compiler refuses them).
 */
export function eventSourceColumn(policy: ScalingPolicy, index: number, platform: SimPlatform): string | undefined {
  const m = policy.scaling?.metrics[index];
  if (m === undefined || !readsFrom(m) || eventSourcesOf(m.from).length === 0) return undefined;
  const sources = platform === "cloud-run" ? undefined : PLATFORM_SOURCES[platform === "hpa" || platform === "keda" ? "kubernetes" : platform];
  if (sources === undefined || !sources.reads(policy, m, index)) return undefined;
  const chosen = chooseSource(policy, m, index, sources.map);
  return chosen === undefined || "refused" in chosen ? undefined : chosen.module.key;
}

/** `eventSourceColumn` of every metric of the policy, by metric index. */
export function eventSourceColumns(policy: ScalingPolicy, platform: SimPlatform): Array<string | undefined> {
  return (policy.scaling?.metrics ?? []).map((_, i) => eventSourceColumn(policy, i, platform));
}

/** The `from` keys of every event source the metric gives (registry order): the columns some platform may read. */
export function eventSourceKeys(m: Metric): string[] {
  return readsFrom(m) ? eventSourcesOf(m.from).map((s) => s.module.key) : [];
}
