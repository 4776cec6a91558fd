import type { MetricOf } from "../../../types";
import { mpath, type RuleBody, type RuleContext } from "./context";
import { ingressTarget, warnSourceUnused } from "./concurrency";

/**
 * inFlight with `protocol: tcp` → a `tcp` rule (ARM `TcpScaleRule`, `metadata.concurrentConnections`, default 10,
 * min 1). The platform counts connections at the app's TCP ingress: "every 15 seconds, the number of concurrent
 * connections is calculated as the number of connections in the past 15 seconds divided by 15"
 * (https://learn.microsoft.com/azure/container-apps/scale-app#tcp). Needs ingress with transport `tcp`.
 */
export function tcpRule(ctx: RuleContext, m: MetricOf<"inFlight">, i: number): RuleBody | undefined {
  const concurrentConnections = ingressTarget(ctx, m, i, "tcp rule concurrentConnections");
  if (concurrentConnections === undefined) return undefined;
  warnSourceUnused(ctx, m, i, "tcp");
  ctx.warnings.push({
    severity: "info",
    code: "container_apps_tcp_is_rate",
    path: mpath(i, m.kind, "perReplica"),
    message: "Container Apps computes tcp \"concurrency\" as the connections of the last 15 s ÷ 15, as documented (Learn scale-app#tcp), which equals open connections only when a connection lasts about 1 s",
  });
  return { tcp: { metadata: { concurrentConnections } } };
}
