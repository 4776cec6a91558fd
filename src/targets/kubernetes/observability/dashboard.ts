import * as common from "@grafana/grafana-foundation-sdk/common";
import { DashboardBuilder, DashboardCursorSync, DatasourceVariableBuilder, RowBuilder, type Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder } from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as StateTimelinePanel } from "@grafana/grafana-foundation-sdk/statetimeline";
import { PanelBuilder as TimeseriesPanel } from "@grafana/grafana-foundation-sdk/timeseries";
import type { ScalingPolicy } from "../../../types";
import type { MetricPlan } from "../metrics";
import { hpaMetric, keda, metricQueries, pods, RATE_INTERVAL, replicas, scaleEvents, type Watched } from "./queries";
import type { PanelQuery } from "./types";

/** Panels read the Prometheus data source picked in the `datasource` variable. */
const DATASOURCE = { type: "prometheus", uid: "${datasource}" };

/** A Grafana dashboard uid is at most 40 characters: long names keep their start and a hash of the whole. */
export function dashboardUid(namespace: string, service: string): string {
  const full = `polyscale-${namespace}-${service}`;
  if (full.length <= 40) return full;
  let h = 2166136261;
  for (const c of full) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return `${full.slice(0, 31)}-${h.toString(16).padStart(8, "0")}`;
}

/** Every panel and its queries, in dashboard order: the single list the builder and the tests read. */
export function dashboardPanels(plans: MetricPlan[], w: Watched): { row: string; title: string; unit: string; kind: "timeseries" | "timeline" | "bars"; queries: PanelQuery[] }[] {
  const q = (panel: string, legend: string, expr: string): PanelQuery => ({ panel, legend, expr });
  const panels: ReturnType<typeof dashboardPanels> = [];
  const add = (row: string, title: string, unit: string, kind: "timeseries" | "timeline" | "bars", queries: [string, string][]) =>
    panels.push({ row, title, unit, kind, queries: queries.map(([legend, expr]) => q(title, legend, expr)) });
  add("Replicas", "Replicas: current, desired, min and max", "short", "timeseries", [
    ["current", replicas.current(w)],
    ["desired", replicas.desired(w)],
    ["min", replicas.min(w)],
    ["max", replicas.max(w)],
  ]);
  add("Replicas", "Desired replicas over time", "short", "timeline", [["desired", replicas.desired(w)]]);
  add("Replicas", "Scale events", "short", "bars", [["changes of desired replicas", scaleEvents(w, RATE_INTERVAL)]]);
  add("Metrics against targets", "The autoscaler's reading of each metric against its target", "short", "timeseries", [
    ["{{metric_name}} ({{metric_target_type}})", hpaMetric.current(w)],
    ["{{metric_name}} target ({{metric_target_type}})", hpaMetric.target(w)],
  ]);
  for (const m of metricQueries(plans, w)) {
    add("Metrics against targets", `scaling.metrics[${m.index}] ${m.kind} against its target`, m.kind === "memory" ? "bytes" : "short", "timeseries", [
      ["value", m.value],
      ["target", m.target],
    ]);
  }
  add("Pods", "CPU per pod against requests", "cores", "timeseries", [
    ["{{pod}} usage", pods.cpuUsage(w, RATE_INTERVAL)],
    ["{{pod}} request", pods.cpuRequests(w)],
  ]);
  add("Pods", "Memory per pod against requests", "bytes", "timeseries", [
    ["{{pod}} working set", pods.memoryUsage(w)],
    ["{{pod}} request", pods.memoryRequests(w)],
  ]);
  if (w.scaledObject !== undefined) {
    add("KEDA", "KEDA scaler value", "short", "timeseries", [["{{scaler}} {{metric}}", keda.value(w)]]);
    add("KEDA", "KEDA scaler active", "short", "timeline", [["{{scaler}} {{metric}}", keda.active(w)]]);
    add("KEDA", "KEDA errors per second", "short", "timeseries", [
      ["{{scaler}} {{metric}}", keda.scalerErrors(w, RATE_INTERVAL)],
      ["ScaledObject", keda.objectErrors(w, RATE_INTERVAL)],
    ]);
  }
  return panels;
}

const THREE_PER_ROW = new Set(["Replicas", "KEDA"]);

/** The service's autoscaling dashboard, built with Grafana's typed builder (grafana-foundation-sdk). */
export function grafanaDashboard(policy: ScalingPolicy, plans: MetricPlan[], w: Watched): Dashboard {
  const d = policy.dashboard ?? {};
  const builder = new DashboardBuilder(d.title ?? `${policy.service} autoscaling`)
    .uid(d.uid ?? dashboardUid(policy.namespace, policy.service))
    .tags(["polyscale", "autoscaling", policy.namespace])
    .refresh("30s")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .tooltip(DashboardCursorSync.Crosshair)
    .withVariable(new DatasourceVariableBuilder("datasource").label("Data source").type("prometheus"));
  let row: string | undefined;
  let id = 0;
  const panels = dashboardPanels(plans, w);
  for (const p of panels) {
    if (p.row !== row) builder.withRow(new RowBuilder(p.row).id(++id));
    row = p.row;
    const targets = p.queries.map((x, i) =>
      new DataqueryBuilder().expr(x.expr).legendFormat(x.legend).refId(String.fromCharCode(65 + i)).datasource(DATASOURCE).range(),
    );
    const panel = p.kind === "timeline"
      ? new StateTimelinePanel().title(p.title).unit(p.unit)
      : new TimeseriesPanel().title(p.title).unit(p.unit).drawStyle(p.kind === "bars" ? common.GraphDrawStyle.Bars : common.GraphDrawStyle.Line);
    // Grafana's grid is 24 columns: rows of three panels (replicas, KEDA) or of two.
    const width = THREE_PER_ROW.has(p.row) ? 8 : 12;
    builder.withPanel(panel.id(++id).datasource(DATASOURCE).targets(targets).span(width).height(8));
  }
  return builder.build();
}
