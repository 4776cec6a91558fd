// Types of the Kubernetes observability output, apart from the dashboard builder so that polyscale's public
// declarations never load @grafana/grafana-foundation-sdk's.

/** One query of one panel, as the dashboard holds it (for tests and `render --dashboard` readers). */
export interface PanelQuery {
  panel: string;
  legend: string;
  expr: string;
}

/**
 * A Grafana dashboard model (the JSON Grafana imports), as `@grafana/grafana-foundation-sdk`'s builder makes it.
 * Declared here, not imported from the SDK, so polyscale's public declarations load none of the SDK's files
 * (node10 resolution cannot reach its subpath exports, and a consumer's tsc would pay for them).
 */
export interface GrafanaDashboard {
  uid?: string;
  title?: string;
  tags?: string[];
  schemaVersion: number;
  panels?: object[];
}
