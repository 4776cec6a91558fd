import type { ScalingPolicy } from "../types";
import type { Diagnostic } from "./types";

/**
 * One warning per alert and dashboard the policy asks for that a target does not generate yet, so none is
 * dropped silently. `instead`: what the platform's own monitoring service offers.
 */
export function observabilityNotGenerated(policy: ScalingPolicy, platform: string, instead: string): Diagnostic[] {
  return observabilityPaths(policy).map((path) => ({
    severity: "warning" as const,
    code: "alert_not_generated",
    path,
    message: `the ${platform} target does not generate ${path.length === 1 ? "the dashboard" : `the ${path[1]} alert`} (${instead}); it is not part of the rendered output`,
  }));
}

/** The paths of the alerts and the dashboard a policy asks for: `alerts.<name>`, `dashboard`. */
export function observabilityPaths(policy: ScalingPolicy): string[][] {
  const alerts = Object.entries(policy.alerts ?? {}).filter(([, v]) => v !== undefined).map(([k]) => ["alerts", k]);
  return [...alerts, ...(policy.dashboard ? [["dashboard"]] : [])];
}

/** A note per alert and for the dashboard: a component creates them (they need its inputs), `render` does not print them. */
export function observabilityByComponent(policy: ScalingPolicy, component: string, where: string): Diagnostic[] {
  return observabilityPaths(policy).map((path) => ({
    severity: "info" as const,
    code: "observability_by_component",
    path,
    message: `${component} creates it in ${where}; it is not part of the rendered output`,
  }));
}
