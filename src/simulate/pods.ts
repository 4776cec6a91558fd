/**
 * Replicas as cohorts: the replicas created by one scale-up share their creation time, so they share
 * their phase (Pending, then Running and unready, then Ready). Scale-down removes the newest first, as a
 * ReplicaSet prefers deleting pending and unready pods over ready ones and newer over older.
 */
import type { PodGroup, PodMetric } from "./hpa/replica-calculator";
import type { WorkloadModel } from "./model";

export interface Cohort {
  count: number;
  createdAt: number;
}

export const LONG_AGO = -1e9;

export function totalCount(cohorts: readonly Cohort[]): number {
  let n = 0;
  for (const c of cohorts) n += c.count;
  return n;
}

export function readyCount(cohorts: readonly Cohort[], now: number, model: WorkloadModel): number {
  const readyAfter = model.pendingSeconds + model.startupSeconds;
  let n = 0;
  for (const c of cohorts) if (now >= c.createdAt + readyAfter) n += c.count;
  return n;
}

/** Scale the cohorts to `replicas` at `now` (new cohort on scale-up, newest removed first on scale-down). */
export function scaleTo(cohorts: Cohort[], replicas: number, now: number): Cohort[] {
  const current = totalCount(cohorts);
  if (replicas > current) return [...cohorts, { count: replicas - current, createdAt: now }];
  let remove = current - replicas;
  const next = cohorts.map((c) => ({ count: c.count, createdAt: c.createdAt })); // not `{ ...c }`: one object shape for every cohort
  for (let i = next.length - 1; i >= 0 && remove > 0; i--) {
    const take = Math.min(remove, next[i]!.count);
    next[i]!.count -= take;
    remove -= take;
  }
  return next.filter((c) => c.count > 0);
}

/**
 * The pods as the HPA's pod lister sees them, with each pod's metric sample: ready pods report
 * `readyValue`; running-but-unready pods report `startingValue` (undefined = no sample yet, e.g. the
 * app's /metrics endpoint is not up); pending pods report nothing.
 */
export function podGroups(
  cohorts: readonly Cohort[],
  now: number,
  model: WorkloadModel,
  sample: { readyValue: number | undefined | ((readyAt: number) => number | undefined); startingValue: number | undefined; request?: number; window: number },
): PodGroup[] {
  const out: PodGroup[] = [];
  for (const c of cohorts) {
    const runningAt = c.createdAt + model.pendingSeconds;
    const readyAt = runningAt + model.startupSeconds;
    if (now < runningAt) {
      out.push({ count: c.count, phase: "Pending", request: sample.request });
      continue;
    }
    const ready = now >= readyAt;
    const value = ready ? (typeof sample.readyValue === "function" ? sample.readyValue(readyAt) : sample.readyValue) : sample.startingValue;
    const metric: PodMetric | undefined = value === undefined ? undefined : { value, timestamp: now, window: sample.window };
    out.push({
      count: c.count,
      phase: "Running",
      startTime: runningAt,
      readyCondition: ready ? { status: true, lastTransitionTime: readyAt } : { status: false, lastTransitionTime: runningAt },
      request: sample.request,
      metric,
    });
  }
  return out;
}

/**
 * Merge cohorts that became ready at least `settled` seconds ago into one long-ready cohort: past the
 * metric window and the CPU initialization period, such replicas are indistinguishable to every rule.
 */
export function settleCohorts(cohorts: Cohort[], now: number, model: WorkloadModel, settled: number): Cohort[] {
  if (cohorts.length < 2) return cohorts;
  const cutoff = now - settled - model.pendingSeconds - model.startupSeconds;
  let old = 0;
  let oldGroups = 0;
  for (const c of cohorts) if (c.createdAt <= cutoff) (old += c.count), oldGroups++;
  if (oldGroups < 2) return cohorts;
  const rest = cohorts.filter((c) => c.createdAt > cutoff);
  return [{ count: old, createdAt: LONG_AGO }, ...rest];
}
