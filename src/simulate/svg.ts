import type { SimulationResult } from "./types";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * An SVG chart: top panel replicas (desired, ready) over time; bottom panel the first metric's true
 * per-replica value against its target. Plain SVG 1.1, no scripts, no external resources.
 */
export function renderSvg(result: SimulationResult, opts: { width?: number; height?: number } = {}): string {
  const W = opts.width ?? 900;
  const H = opts.height ?? 520;
  const pad = { l: 60, r: 20, t: 40, b: 40 };
  const gap = 50;
  const panelH = (H - pad.t - pad.b - gap) / 2;
  const tl = result.timeline;
  const tMax = Math.max(1, tl.length > 0 ? tl[tl.length - 1]!.t : 1);
  const x = (t: number) => pad.l + (t / tMax) * (W - pad.l - pad.r);
  const repMax = Math.max(1, ...tl.map((p) => Math.max(p.desired, p.ready, p.current)));
  const y1 = (v: number) => pad.t + panelH - (v / repMax) * panelH;
  const m = result.metrics[0];
  const values = tl.map((p) => p.perReplica[0]).filter((v): v is number => v !== undefined && Number.isFinite(v));
  const metMax = Math.max(1, m ? m.target * 1.2 : 1, ...values);
  const top2 = pad.t + panelH + gap;
  const y2 = (v: number) => top2 + panelH - (Math.min(v, metMax) / metMax) * panelH;
  const stepPath = (pts: Array<[number, number]>) =>
    pts.map(([px, py], i) => (i === 0 ? `M${px.toFixed(1)},${py.toFixed(1)}` : `H${px.toFixed(1)}V${py.toFixed(1)}`)).join("");
  const desired = stepPath(tl.map((p) => [x(p.t), y1(p.desired)]));
  const ready = stepPath(tl.map((p) => [x(p.t), y1(p.ready)]));
  const metricPts = tl.filter((p) => Number.isFinite(p.perReplica[0] ?? Number.NaN));
  const load = metricPts.map((p, i) => `${i === 0 ? "M" : "L"}${x(p.t).toFixed(1)},${y2(p.perReplica[0]!).toFixed(1)}`).join("");
  const ticks = 6;
  const xTicks = Array.from({ length: ticks + 1 }, (_, i) => (tMax * i) / ticks);
  const title = `${result.service} on ${result.platform}${result.approximation ? " (approximation)" : ""}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${pad.l}" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`,
    `<text x="${pad.l}" y="${pad.t - 6}">replicas (max ${repMax}): desired (blue), ready (green)</text>`,
    `<line x1="${pad.l}" y1="${pad.t + panelH}" x2="${W - pad.r}" y2="${pad.t + panelH}" stroke="#999"/>`,
    `<path d="${desired}" fill="none" stroke="#1f77b4" stroke-width="2"/>`,
    `<path d="${ready}" fill="none" stroke="#2ca02c" stroke-width="2" stroke-dasharray="4 2"/>`,
    m
      ? [
          `<text x="${pad.l}" y="${top2 - 6}">${esc(m.label)} per ready replica${m.unit ? ` (${esc(m.unit)})` : ""} vs target ${m.target} (red)</text>`,
          `<line x1="${pad.l}" y1="${top2 + panelH}" x2="${W - pad.r}" y2="${top2 + panelH}" stroke="#999"/>`,
          `<line x1="${pad.l}" y1="${y2(m.target).toFixed(1)}" x2="${W - pad.r}" y2="${y2(m.target).toFixed(1)}" stroke="#d62728" stroke-dasharray="6 3"/>`,
          `<path d="${load}" fill="none" stroke="#ff7f0e" stroke-width="2"/>`,
        ].join("")
      : "",
    ...xTicks.map((t) => `<text x="${x(t).toFixed(1)}" y="${H - pad.b + 16}" text-anchor="middle">${Math.round(t)}s</text>`),
    `</svg>`,
  ].join("\n");
}
