/**
 * The Application Insights workbook of a Container App's scaling (`serializedData` of `applicationinsights.Workbook`),
 * in the shape of Microsoft's workbook schema (microsoft/Application-Insights-Workbooks `schema/workbook.json`):
 * a markdown item with the replica bounds and metric charts (item type 10, MetricsItem/2.0) of the app's own metrics.
 * `{resource}` is the resource the workbook's `sourceId` names (the app).
 */

/** Metric aggregation codes of MetricsItem/2.0: 3 = Maximum, 4 = Average, 7 = Total. */
const AGGREGATION = { maximum: 3, average: 4, total: 7 } as const;

const WORKBOOK_SCHEMA = "https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json";

function metricChart(title: string, metrics: { metric: string; aggregation: number }[]) {
  return {
    type: 10,
    name: title,
    content: {
      chartId: title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      version: "MetricsItem/2.0",
      size: 0,
      chartType: 2,
      resourceType: "microsoft.app/containerapps",
      resourceIds: ["{resource}"],
      timeContext: { durationMs: 86400000 },
      metrics: metrics.map((m) => ({ namespace: "microsoft.app/containerapps", metric: `microsoft.app/containerapps--${m.metric}`, aggregation: m.aggregation })),
      title,
      gridSettings: { rowLimit: 10000 },
    },
  };
}

export function containerAppsWorkbook(min: number, max: number) {
  return {
    version: "Notebook/1.0",
    items: [
      { type: 1, name: "bounds", content: { json: `Replicas are held between min ${min} and max ${max}.` } },
      metricChart("Replicas", [{ metric: "Replicas", aggregation: AGGREGATION.maximum }]),
      metricChart("Requests", [{ metric: "Requests", aggregation: AGGREGATION.total }]),
      metricChart("CPU and memory", [
        { metric: "UsageNanoCores", aggregation: AGGREGATION.average },
        { metric: "WorkingSetBytes", aggregation: AGGREGATION.average },
      ]),
    ],
    $schema: WORKBOOK_SCHEMA,
  };
}
