/** Settings shared by a Container App's Azure Monitor alerts: severities and alert windows. */
import type { PathSegment, PolicyIssue } from "../../policy/errors";
import type { Diagnostic } from "../types";

/** An allowed alert window: its ISO 8601 duration and its length in seconds. */
export type AlertWindow = readonly [string, number];

/** Azure Monitor alert severities: 0 critical … 4 verbose. */
export const SEVERITY: Record<string, number> = { critical: 0, error: 1, warning: 2, info: 3, informational: 3, verbose: 4 };

/** The policy's severity name as an Azure Monitor severity; undefined (with the issue) when it has none. */
export function alertSeverity(name: string, path: PathSegment[], issues: PolicyIssue[]): number | undefined {
  const severity = SEVERITY[name.toLowerCase()];
  if (severity === undefined) {
    issues.push({ code: "unsupported_value", path, message: `must be one of ${Object.keys(SEVERITY).join(", ")} on container-apps (Azure Monitor severities 0..4), got ${JSON.stringify(name)}` });
  }
  return severity;
}

/**
 * The smallest allowed window >= `seconds`; with a warning when it is longer, and an issue when none is long enough.
 */
export function roundedWindow(seconds: number, windows: readonly AlertWindow[], path: PathSegment[], out: { issues: PolicyIssue[]; warnings: Diagnostic[] }, warnWhenRounded = false): AlertWindow | undefined {
  const window = windows.find(([, s]) => s >= seconds);
  const allowed = windows.map(([w]) => w).join(", ");
  if (!window) {
    const longest = windows[windows.length - 1]!;
    out.issues.push({ code: "too_big", path, message: `must be at most ${longest[1] / 3600}h on container-apps (alert windowSize: ${allowed}), got ${seconds}s` });
    return undefined;
  }
  if (warnWhenRounded && window[1] !== seconds) {
    out.warnings.push({ severity: "warning", code: "alert_window_rounded", path, message: `${seconds}s is not an alert window; using ${window[0]} (${window[1]}s), the smallest allowed window above it (allowed: ${allowed})` });
  }
  return window;
}
