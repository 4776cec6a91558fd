import type { MetricOf } from "../../../types";
import { mpath, type RuleBody, type RuleContext } from "./context";
import { ingressTarget, warnSourceUnused } from "./concurrency";

/**
 * requestRate / inFlight (http) → an `http` rule. The platform counts the requests of the last 15 s and divides
 * by 15 every 15 s, and compares that with `concurrentRequests` per replica: really requests per second per
 * replica, so `requestRate.perReplica` maps 1:1 and `inFlight.perReplica` maps with an info diagnostic (the two
 * agree only when requests take about one second, Little's law). https://learn.microsoft.com/azure/container-apps/scale-app#http
 */
export function httpRule(ctx: RuleContext, m: MetricOf<"requestRate"> | MetricOf<"inFlight">, i: number): RuleBody | undefined {
  const concurrentRequests = ingressTarget(ctx, m, i, "http rule concurrentRequests");
  if (concurrentRequests === undefined) return undefined;
  warnSourceUnused(ctx, m, i, "http");
  if (m.kind === "inFlight") {
    ctx.warnings.push({
      severity: "info",
      code: "container_apps_http_is_rate",
      path: mpath(i, m.kind, "perReplica"),
      message: "Container Apps computes http \"concurrency\" as the requests of the last 15 s ÷ 15 (requests per second), which equals in-flight requests only when a request takes about 1 s",
    });
  }
  return { http: { metadata: { concurrentRequests } } };
}
