import type { MetricOf } from "../../../types";
import { INT32_MAX } from "../../output-values";
import { mpath, type RuleBody, type RuleContext } from "./context";

/**
 * requestRate / inFlight → an `http` rule. The platform counts the requests of the last 15 s and divides by 15
 * every 15 s, and compares that with `concurrentRequests` per replica: really requests per second per replica,
 * so `requestRate.perReplica` maps 1:1 and `inFlight.perReplica` maps with an info diagnostic (the two agree only
 * when requests take about one second, Little's law). https://learn.microsoft.com/azure/container-apps/scale-app#http
 */
export function httpRule(ctx: RuleContext, m: MetricOf<"requestRate"> | MetricOf<"inFlight">, i: number): RuleBody | undefined {
  const field = "perReplica";
  if (m.perReplica > INT32_MAX) {
    ctx.issues.push({ code: "too_big", path: mpath(i, m.kind, field), message: `must be at most ${INT32_MAX} on container-apps (http rule concurrentRequests is an int32), got ${m.perReplica}` });
    return undefined;
  }
  if (!Number.isInteger(m.perReplica) || m.perReplica < 1) {
    const lo = Math.max(1, Math.floor(m.perReplica));
    ctx.issues.push({
      code: "invalid_value",
      path: mpath(i, m.kind, field),
      message: `must be a whole number >= 1 on container-apps (http rule concurrentRequests is an integer, min 1), got ${m.perReplica}; nearest alternatives: ${lo === Math.ceil(m.perReplica) ? lo : `${lo} or ${Math.ceil(m.perReplica)}`}`,
    });
    return undefined;
  }
  if (m.from !== undefined) {
    const given = Object.entries(m.from).filter(([, v]) => v !== undefined).map(([k]) => k);
    ctx.warnings.push({ severity: "info", code: "container_apps_http_source_unused", path: mpath(i, m.kind, "from"), message: `not used on container-apps: the http rule counts requests at the app's ingress (${given.join(", ")} ignored)` });
  }
  if (m.kind === "inFlight") {
    ctx.warnings.push({
      severity: "info",
      code: "container_apps_http_is_rate",
      path: mpath(i, m.kind, field),
      message: "Container Apps computes http \"concurrency\" as the requests of the last 15 s ÷ 15 (requests per second), which equals in-flight requests only when a request takes about 1 s",
    });
  }
  return { http: { metadata: { concurrentRequests: String(m.perReplica) } } };
}
