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
      if (v > peak) {
        peak = v;
        peakAt = p.t;
      }
      if (m.targetType !== "Value" && v > m.target) over += result.step;
    }
    return { label: m.label, target: m.target, unit: m.unit, peak: peak === Number.NEGATIVE_INFINITY ? Number.NaN : peak, peakAt, secondsOverTarget: over };
  });
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
  for (const w of result.warnings) lines.push(`  warning: ${w}`);
  if (result.decisions.length > 0) {
    lines.push("  decisions:");
    for (const d of result.decisions.slice(0, 50)) lines.push(`    ${fmt(d.t)}s  ${d.from} -> ${d.replicas}  ${d.reason}: ${d.message}`);
    if (result.decisions.length > 50) lines.push(`    ... ${result.decisions.length - 50} more`);
  }
  return lines.join("\n");
}
