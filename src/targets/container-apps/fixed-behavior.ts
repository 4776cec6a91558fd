/**
 * Container Apps' scale behavior is **fixed** (azure-docs scale-app.md "Scale behavior"): scale-up window 0 s
 * with steps 1, 4, 8, 16, 32 ...; scale-down window 300 s, 100 % at once. A policy's `scaleUp` / `scaleDown`
 * rate limits and windows cannot be honoured. They are an **error** by default, because a policy that says
 * "at most 4 replicas per minute" and silently gets "up to 32 at once" is exactly the surprise polyscale exists
 * to prevent. `scaling.containerApps.unsupportedBehavior: warn` compiles and reports each ignored setting.
 * Settings equal to the fixed behavior are accepted. `cooldownPeriod` is **not** a scale-down stabilization
 * window: it only delays the drop to 0 after the last event, so `scaleDown.stabilization` is never mapped onto it.
 */
import type { PathSegment, PolicyIssue } from "../../policy/errors";
import { CONTAINER_APPS_FIXED_BEHAVIOR } from "../../policy/platforms/container-apps";
import type { Scaling } from "../../types";
import type { Diagnostic } from "../types";

type Direction = NonNullable<Scaling["scaleUp"]>;

export function checkFixedBehavior(scaling: Scaling, issues: PolicyIssue[], warnings: Diagnostic[]): void {
  const severity = scaling.containerApps?.unsupportedBehavior ?? "error";
  const behavior = (path: PathSegment[], what: string) => {
    const text = `${what}; Container Apps' scale behavior is fixed (scale-up window 0 s, steps ${CONTAINER_APPS_FIXED_BEHAVIOR.scaleUpSteps}; scale-down window 300 s, 100 % at once)`;
    if (severity === "error") {
      issues.push({ code: "unsupported_behavior", path, message: `${text}; nearest alternative: remove it (or set scaling.containerApps.unsupportedBehavior: warn to compile without it)` });
    } else {
      warnings.push({ severity: "warning", code: "container_apps_fixed_behavior", path, message: `ignored on container-apps: ${text}` });
    }
  };
  const check = (dir: "scaleUp" | "scaleDown", d: Direction | undefined, window: number, windowText: string) => {
    if (!d) return;
    const word = dir === "scaleUp" ? "scale-up" : "scale-down";
    if (d.stabilization !== undefined && d.stabilization !== window) behavior(["scaling", dir, "stabilization"], `a ${word} stabilization of ${d.stabilization}s cannot be honoured (${windowText})`);
    if (d.policies) behavior(["scaling", dir, "policies"], `${word} rate limits cannot be honoured`);
    if (d.select !== "max") behavior(["scaling", dir, "select"], `select ${JSON.stringify(d.select)} cannot be honoured`);
    if (d.tolerance !== undefined) behavior(["scaling", dir, "tolerance"], "a tolerance cannot be honoured (it is a Kubernetes HPA setting)");
  };
  check("scaleUp", scaling.scaleUp, CONTAINER_APPS_FIXED_BEHAVIOR.scaleUpStabilizationSeconds, "only 0s");
  check(
    "scaleDown",
    scaling.scaleDown,
    CONTAINER_APPS_FIXED_BEHAVIOR.scaleDownStabilizationSeconds,
    "only 300s; cooldownPeriod is not a stabilization window, it only delays the drop to 0",
  );
  if (scaling.missingMetrics !== undefined && scaling.missingMetrics !== "hold") {
    issues.push({
      code: "unsupported",
      path: ["scaling", "missingMetrics"],
      message: `${JSON.stringify(scaling.missingMetrics)} is not supported on container-apps (scale rules have no KEDA fallback setting; a rule that cannot read its metric leaves the replicas as they are); nearest alternative: missingMetrics: hold`,
    });
  }
}
