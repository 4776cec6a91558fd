/**
 * An SVG chart of one simulation, or several overlaid (`--compare`: the same policy and trace on several
 * platforms, to see which reacts first). Top panel: replicas (desired per platform, ready for a single
 * run) with the min and max replica lines, and the offered load on a right-hand axis. Bottom panel: the
 * first metric per ready replica against its target. Both panels have axes with ticks and units, and the
 * chart has a legend. Plain SVG 1.1, no scripts, no external resources.
 */
import type { SimulationResult } from "./types";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Distinct, colour-blind-friendly series colours (Okabe-Ito), one per platform. */
const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];
const LOAD = "#bbbbbb";
const TARGET = "#d62728";
const BOUND = "#555555";

/** "Nice" tick values from 0 to at least `max` (1, 2, 2.5, 5 x 10^n steps). */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v < max + step - 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** The time unit for an axis spanning `tMax` seconds. */
function timeUnit(tMax: number): { div: number; name: string } {
  if (tMax <= 900) return { div: 1, name: "s" };
  if (tMax <= 3 * 3600) return { div: 60, name: "min" };
  return { div: 3600, name: "h" };
}

const num = (v: number) => (Math.abs(v) >= 1000 ? `${Number((v / 1000).toPrecision(3))}k` : String(Number(v.toPrecision(4))));

interface Panel {
  top: number;
  height: number;
  yMax: number;
}

export function renderSvg(input: SimulationResult | readonly SimulationResult[], opts: { width?: number; height?: number } = {}): string {
  const results = Array.isArray(input) ? (input as readonly SimulationResult[]) : [input as SimulationResult];
  if (results.length === 0) throw new Error("renderSvg: no simulation result to draw");
  const first = results[0]!;
  const W = opts.width ?? 960;
  const H = opts.height ?? 620;
  const pad = { l: 70, r: 80, t: 66, b: 48 };
  const gap = 64;
  const plotW = W - pad.l - pad.r;
  const panelH = (H - pad.t - pad.b - gap) / 2;
  const tMax = Math.max(1, ...results.map((r) => (r.timeline.length > 0 ? r.timeline[r.timeline.length - 1]!.t : 1)));
  const x = (t: number) => pad.l + (t / tMax) * plotW;
  const unit = timeUnit(tMax);
  const xTicks = niceTicks(tMax / unit.div, 8).filter((v) => v * unit.div <= tMax + 1e-9);

  const bounds = first.replicas;
  const repTop = Math.max(1, bounds?.max ?? 0, ...results.flatMap((r) => r.timeline.map((p) => Math.max(p.desired, p.ready))));
  const repTicks = niceTicks(repTop, 5);
  const top: Panel = { top: pad.t, height: panelH, yMax: repTicks[repTicks.length - 1]! };
  const loadMax = Math.max(...first.timeline.map((p) => p.rps), 0);
  const loadTicks = niceTicks(loadMax, 5);
  const loadTop = loadTicks[loadTicks.length - 1]!;

  const m = first.metrics[0];
  const metricValues = results.flatMap((r) => r.timeline.map((p) => p.perReplica[0]).filter((v): v is number => v !== undefined && Number.isFinite(v)));
  const metTicks = niceTicks(Math.max(m ? m.target * 1.25 : 1, ...metricValues), 5);
  const bottom: Panel = { top: pad.t + panelH + gap, height: panelH, yMax: metTicks[metTicks.length - 1]! };
  const y = (p: Panel, v: number) => p.top + p.height - (Math.min(Math.max(v, 0), p.yMax) / p.yMax) * p.height;

  const stepPath = (pts: Array<[number, number]>) => pts.map(([px, py], i) => (i === 0 ? `M${px.toFixed(1)},${py.toFixed(1)}` : `H${px.toFixed(1)}V${py.toFixed(1)}`)).join("");
  const out: string[] = [];
  const title = results.length === 1 ? `${first.service} on ${first.platform}${first.approximation ? " (approximation)" : ""}` : `${first.service}: ${results.map((r) => r.platform).join(" vs ")}`;
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`);
  out.push(`<title>${esc(title)}</title>`, `<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${pad.l}" y="22" font-size="16" font-weight="bold">${esc(title)}</text>`);

  // Axes, grid and ticks of a panel (left axis), plus the shared time axis under each panel.
  const axes = (p: Panel, ticks: number[], label: string, id: string) => {
    out.push(`<g class="axis" id="${id}-axis">`);
    for (const v of ticks) {
      const py = y(p, v).toFixed(1);
      out.push(`<line x1="${pad.l}" y1="${py}" x2="${pad.l + plotW}" y2="${py}" stroke="#eeeeee"/>`);
      out.push(`<line x1="${pad.l - 5}" y1="${py}" x2="${pad.l}" y2="${py}" stroke="#333"/>`);
      out.push(`<text x="${pad.l - 8}" y="${py}" text-anchor="end" dominant-baseline="middle">${num(v)}</text>`);
    }
    out.push(`<line x1="${pad.l}" y1="${p.top}" x2="${pad.l}" y2="${p.top + p.height}" stroke="#333"/>`);
    out.push(`<line x1="${pad.l}" y1="${p.top + p.height}" x2="${pad.l + plotW}" y2="${p.top + p.height}" stroke="#333"/>`);
    for (const v of xTicks) {
      const px = x(v * unit.div).toFixed(1);
      out.push(`<line x1="${px}" y1="${p.top + p.height}" x2="${px}" y2="${p.top + p.height + 5}" stroke="#333"/>`);
      out.push(`<text x="${px}" y="${p.top + p.height + 17}" text-anchor="middle">${num(v)}</text>`);
    }
    out.push(`<text x="${pad.l + plotW / 2}" y="${p.top + p.height + 33}" text-anchor="middle">time (${unit.name})</text>`);
    out.push(`<text transform="translate(${pad.l - 48},${p.top + p.height / 2}) rotate(-90)" text-anchor="middle">${esc(label)}</text>`);
    out.push(`</g>`);
  };

  // Top panel: offered load (right axis, grey area), replica bounds, replicas per platform.
  axes(top, repTicks, "replicas", "replicas");
  if (loadMax > 0) {
    const yl = (v: number) => top.top + top.height - (v / loadTop) * top.height;
    const area = `${stepPath(first.timeline.map((p) => [x(p.t), yl(p.rps)]))}V${(top.top + top.height).toFixed(1)}H${x(0).toFixed(1)}Z`;
    out.push(`<path class="series" id="series-load" d="${area}" fill="${LOAD}" fill-opacity="0.35" stroke="${LOAD}"/>`);
    out.push(`<g class="axis" id="load-axis"><line x1="${pad.l + plotW}" y1="${top.top}" x2="${pad.l + plotW}" y2="${top.top + top.height}" stroke="#888"/>`);
    for (const v of loadTicks) out.push(`<text x="${pad.l + plotW + 8}" y="${yl(v).toFixed(1)}" dominant-baseline="middle" fill="#666">${num(v)}</text>`);
    out.push(`<text transform="translate(${pad.l + plotW + 58},${top.top + top.height / 2}) rotate(90)" text-anchor="middle" fill="#666">offered load (req/s)</text></g>`);
  }
  if (bounds) {
    for (const [name, v] of [["min", bounds.min], ["max", bounds.max]] as const) {
      const py = y(top, v).toFixed(1);
      out.push(`<line class="bound" id="bound-${name}" x1="${pad.l}" y1="${py}" x2="${pad.l + plotW}" y2="${py}" stroke="${BOUND}" stroke-dasharray="2 3"/>`);
      out.push(`<text x="${pad.l + plotW - 4}" y="${(Number(py) - 4).toFixed(1)}" text-anchor="end" fill="${BOUND}">${name} ${v}</text>`);
    }
  }
  results.forEach((r, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    out.push(`<path class="series" id="series-desired-${esc(r.platform)}" d="${stepPath(r.timeline.map((p) => [x(p.t), y(top, p.desired)]))}" fill="none" stroke="${color}" stroke-width="2"/>`);
    if (results.length === 1) out.push(`<path class="series" id="series-ready" d="${stepPath(r.timeline.map((p) => [x(p.t), y(top, p.ready)]))}" fill="none" stroke="#009E73" stroke-width="2" stroke-dasharray="5 3"/>`);
  });

  // Bottom panel: the first metric per ready replica vs its target.
  if (m) {
    axes(bottom, metTicks, `${m.label} per ready replica${m.unit ? ` (${m.unit})` : ""}`, "metric");
    const ty = y(bottom, m.target).toFixed(1);
    out.push(`<line class="series" id="series-target" x1="${pad.l}" y1="${ty}" x2="${pad.l + plotW}" y2="${ty}" stroke="${TARGET}" stroke-width="1.5" stroke-dasharray="7 4"/>`);
    out.push(`<text x="${pad.l + plotW - 4}" y="${(Number(ty) - 5).toFixed(1)}" text-anchor="end" fill="${TARGET}">target ${num(m.target)}</text>`);
    results.forEach((r, i) => {
      const pts = r.timeline.filter((p) => Number.isFinite(p.perReplica[0] ?? Number.NaN));
      const d = pts.map((p, k) => `${k === 0 ? "M" : "L"}${x(p.t).toFixed(1)},${y(bottom, p.perReplica[0]!).toFixed(1)}`).join("");
      out.push(`<path class="series" id="series-metric-${esc(r.platform)}" d="${d}" fill="none" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="1.5"/>`);
    });
  }

  // Legend: one row under the title, entries side by side.
  const entries: Array<{ label: string; color: string; dash?: string; area?: boolean }> = results.map((r, i) => ({ label: results.length === 1 ? "desired replicas" : `${r.platform}${r.approximation ? " (approx.)" : ""}`, color: PALETTE[i % PALETTE.length]! }));
  if (results.length === 1) entries.push({ label: "ready replicas", color: "#009E73", dash: "5 3" });
  if (bounds) entries.push({ label: "min / max replicas", color: BOUND, dash: "2 3" });
  if (loadMax > 0) entries.push({ label: "offered load (req/s)", color: LOAD, area: true });
  if (m) entries.push({ label: `${m.label} target`, color: TARGET, dash: "7 4" });
  out.push(`<g class="legend" id="legend">`);
  let lx = pad.l;
  const ly = 42;
  for (const e of entries) {
    out.push(
      e.area
        ? `<rect x="${lx}" y="${ly - 5}" width="22" height="10" fill="${e.color}" fill-opacity="0.35" stroke="${e.color}"/>`
        : `<line x1="${lx}" y1="${ly}" x2="${lx + 22}" y2="${ly}" stroke="${e.color}" stroke-width="2"${e.dash ? ` stroke-dasharray="${e.dash}"` : ""}/>`,
    );
    out.push(`<text x="${lx + 28}" y="${ly}" dominant-baseline="middle">${esc(e.label)}</text>`);
    lx += 28 + e.label.length * 6.6 + 18;
  }
  out.push(`</g>`, `</svg>`);
  return out.join("\n");
}
