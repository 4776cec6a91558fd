import type { ScalingPolicy } from "../types";
import type { Diagnostic } from "./types";

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
