import type { MetricOf } from "../../../types";
import { mpath, type RuleBody, type RuleContext } from "./context";

/**
 * cpu / memory → a custom rule of KEDA's cpu / memory scaler, metadata `type: Utilization` + `value`.
 * `AverageValue` is reported not to work (microsoft/azure-container-apps#647), so only `utilization` compiles.
 */
export function resourceRule(ctx: RuleContext, m: MetricOf<"cpu"> | MetricOf<"memory">, i: number): RuleBody | undefined {
  let ok = true;
  if (m.averageValue !== undefined) {
    ctx.issues.push({
      code: "unsupported_metric",
      path: mpath(i, m.kind, "averageValue"),
      message: `an absolute ${m.kind} target (${JSON.stringify(m.averageValue)}) is not supported on container-apps (the ${m.kind} rule is used with type Utilization; AverageValue is reported not to work: microsoft/azure-container-apps#647); nearest alternative: \`utilization\` in percent of the container's ${m.kind}`,
    });
    ok = false;
  }
  if (m.container !== undefined) {
    ctx.issues.push({
      code: "unsupported_metric",
      path: mpath(i, m.kind, "container"),
      message: `a per-container ${m.kind} target (container ${JSON.stringify(m.container)}) is not supported on container-apps (the rule averages the whole replica); nearest alternative: drop \`container\``,
    });
    ok = false;
  }
  if (m.utilization !== undefined && m.utilization > 100) {
    // A Container App's container gets exactly the cpu/memory it asks for (request = limit), so usage never
    // exceeds 100 % of it: a higher target would never scale out. (Legal on Kubernetes, where limits may exceed requests.)
    ctx.issues.push({
      code: "too_big",
      path: mpath(i, m.kind, "utilization"),
      message: `must be at most 100 on container-apps (a container's ${m.kind} usage cannot exceed its allocation, which is both request and limit, so the rule would never scale out), got ${m.utilization}`,
    });
    ok = false;
  }
  if (!ok || m.utilization === undefined) return undefined;
  return { custom: { type: m.kind, metadata: { type: "Utilization", value: String(m.utilization) } } };
}
