import type { SimulationResult } from "./types";

export interface MetricSummary {
  label: string;
  target: number;
  unit: string;
  /** Highest true per-ready-replica value, and when. */
  peak: number;
  peakAt: number;
  /** Seconds with the true per-replica value above target. */
  secondsOverTarget: number;
}

export interface SimulationSummary {
  service: string;
  platform: string;
  controller: string;
  approximation: boolean;
  duration: number;
  peakReplicas: number;
  /** First time `desired` reached the peak, and first time that many replicas were ready. */
  peakDesiredAt?: number;
  peakReadyAt?: number;
  scaleEvents: number;
  metrics: MetricSummary[];
  /** Replicas the load needed at its peak (the largest ceil(total / target) over the metrics, within min..max). */
  peakNeeded?: number;
  /** When the peak exceeds what the load needed: by how many replicas, and the likely causes. */
  overshoot?: { replicas: number; causes: string[] };
  /** The first time desired replicas rose above the starting count. */
  firstScaleUpAt?: number;
}

/**
 * Replicas the load needs at each step: for each metric with a per-replica target, ceil(true per-replica
 * value x ready replicas / target), the largest over the metrics, within the replica bounds.
 */
export function neededReplicas(result: SimulationResult): number[] {
  const { min, max } = result.replicas;
  return result.timeline.map((p) => {
    let need = 0;
    result.metrics.forEach((m, i) => {
      const v = p.perReplica[i]!;
      if (m.targetType === "Value" || !(m.target > 0) || !Number.isFinite(v) || p.ready === 0) return;
      need = Math.max(need, Math.ceil((v * p.ready) / m.target - 1e-9));
    });
    return Math.min(max, Math.max(min, need));
  });
}

function overshootCauses(result: SimulationResult): string[] {
  const causes: string[] = [];
  for (const m of result.metrics) {
    if (m.window !== undefined && m.window >= 60) {
      causes.push(`${m.label} is read averaged over ${m.window}s (e.g. a Prometheus rate() window): the reading lags the load, and each new replica's own reading covers only its first seconds`);
    }
  }
  const startup = result.model.pendingSeconds + result.model.startupSeconds;
  if (startup >= result.step) {
    causes.push(`new replicas take ${startup}s to become ready; until then the load per ready replica reads high and the autoscaler keeps adding replicas`);
  }
  return causes;
}

/** First time at which `ready` (default) or `desired` replicas reached `n`; undefined if never. */
export function timeToReplicas(result: SimulationResult, n: number, which: "ready" | "desired" | "current" = "ready"): number | undefined {
  for (const p of result.timeline) if (p[which] >= n) return p.t;
  return undefined;
}

export function summarize(result: SimulationResult): SimulationSummary {
  const tl = result.timeline;
  const peakReplicas = tl.reduce((a, p) => Math.max(a, p.desired), 0);
  const metrics: MetricSummary[] = result.metrics.map((m, i) => {
    let peak = Number.NEGATIVE_INFINITY;
    let peakAt = 0;
    let over = 0;
    for (const p of tl) {
      const v = p.perReplica[i]!;
      if (Number.isNaN(v)) continue;
      // At 0 replicas with load the per-replica value is Infinity: over target, but no peak to print.
      if (v > peak && Number.isFinite(v)) {
        peak = v;
        peakAt = p.t;
      }
      if (m.targetType !== "Value" && v > m.target) over += result.step;
    }
    return { label: m.label, target: m.target, unit: m.unit, peak: peak === Number.NEGATIVE_INFINITY ? Number.NaN : peak, peakAt, secondsOverTarget: over };
  });
  const needed = neededReplicas(result);
  const peakNeeded = needed.length > 0 ? Math.max(...needed) : undefined;
  const startReplicas = tl.length > 0 ? tl[0]!.current : 0;
  const firstUp = tl.find((p) => p.desired > startReplicas);
  const overshoot = peakNeeded !== undefined && peakReplicas > Math.max(peakNeeded, startReplicas) ? { replicas: peakReplicas - Math.max(peakNeeded, startReplicas), causes: overshootCauses(result) } : undefined;
  return {
    service: result.service,
    platform: result.platform,
    controller: result.controller,
    approximation: result.approximation,
    duration: tl.length > 0 ? tl[tl.length - 1]!.t : 0,
    peakReplicas,
    peakDesiredAt: timeToReplicas(result, peakReplicas, "desired"),
    peakReadyAt: timeToReplicas(result, peakReplicas, "ready"),
    scaleEvents: result.decisions.filter((d) => d.replicas !== d.from).length,
    metrics,
    peakNeeded,
    ...(overshoot ? { overshoot } : {}),
    ...(firstUp ? { firstScaleUpAt: firstUp.t } : {}),
  };
}

const fmt = (n: number) => (!Number.isFinite(n) ? String(n) : Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2).replace(/\.?0+$/, ""));

/** The plain-text summary `polyscale simulate` prints. */
export function formatSummary(result: SimulationResult): string {
  const s = summarize(result);
  const lines = [
    `service ${s.service} on ${s.platform}: ${s.controller}`,
    ...(s.approximation ? ["  note: this platform's rules are an approximation from its documentation"] : []),
    `  simulated ${fmt(s.duration)}s in ${fmt(result.step)}s steps${result.startTime !== undefined ? ` from ${result.startTime} (t = 0)` : ""}; ${s.scaleEvents} scale event(s); peak ${s.peakReplicas} replicas`,
    `  reached ${s.peakReplicas} replicas: desired at ${s.peakDesiredAt === undefined ? "never" : `${fmt(s.peakDesiredAt)}s`}, ready at ${s.peakReadyAt === undefined ? "never (within the trace)" : `${fmt(s.peakReadyAt)}s`}`,
  ];
  for (const m of s.metrics) {
    lines.push(`  ${m.label}: peak ${fmt(m.peak)}${m.unit ? ` ${m.unit}` : ""} per replica at ${fmt(m.peakAt)}s (target ${fmt(m.target)}), over target for ${fmt(m.secondsOverTarget)}s`);
  }
  if (s.overshoot) {
    lines.push(`  overshoot: peak ${s.peakReplicas} replicas, ${s.overshoot.replicas} above the ${s.peakNeeded} the load needed at its peak`);
    for (const c of s.overshoot.causes) lines.push(`    likely cause: ${c}`);
  }
  for (const w of result.warnings) lines.push(`  warning: ${w}`);
  if (result.decisions.length > 0) {
    lines.push("  decisions:");
    for (const d of result.decisions.slice(0, 50)) lines.push(`    ${fmt(d.t)}s  ${d.from} -> ${d.replicas}  ${d.reason}: ${d.message}`);
    if (result.decisions.length > 50) lines.push(`    ... ${result.decisions.length - 50} more`);
    // as `kubectl describe hpa` lists them, after the last decision that carries them
    const last = [...result.decisions].reverse().find((d) => d.conditions !== undefined);
    if (last) {
      lines.push(`  conditions after ${fmt(last.t)}s:`);
      for (const c of last.conditions!) lines.push(`    ${c.type.padEnd(15)} ${c.status.padEnd(6)} ${c.reason.padEnd(28)} ${c.message}`);
    }
  }
  return lines.join("\n");
}

/** The plain-text comparison `polyscale simulate --compare` prints: one line per platform, then each summary. */
export function formatComparison(results: readonly SimulationResult[]): string {
  const rows = results.map((r) => ({ r, s: summarize(r) }));
  const firstUp = Math.min(...rows.map(({ s }) => s.firstScaleUpAt ?? Number.POSITIVE_INFINITY));
  const lines = [`${results[0]!.service}: ${results.length} platform${results.length === 1 ? "" : "s"} on the same trace`];
  for (const { r, s } of rows) {
    const up = s.firstScaleUpAt === undefined ? "never scales up" : `first scale-up at ${fmt(s.firstScaleUpAt)}s${s.firstScaleUpAt === firstUp ? " (first)" : ""}`;
    const over = s.metrics[0] ? `, ${s.metrics[0].label} over target ${fmt(s.metrics[0].secondsOverTarget)}s` : "";
    lines.push(`  ${r.platform.padEnd(15)} ${up}; peak ${s.peakReplicas} replicas, ready at ${s.peakReadyAt === undefined ? "never" : `${fmt(s.peakReadyAt)}s`}${over}${r.approximation ? " (approximation)" : ""}`);
  }
  for (const r of results) lines.push("", formatSummary(r));
  return lines.join("\n");
}