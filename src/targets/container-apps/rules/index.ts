/**
 * One metric → one scale rule body (`http`, `tcp`, `custom`, ...), without its name. Each rule kind lives in its own
 * module; a new metric source adds its builder next to these and one line here (or in `sources.ts`).
 */
import type { Metric } from "../../../types";
import { unsupportedMetric } from "../../types";
import { kedaCron } from "../../keda-cron";
import { capabilities } from "../capabilities";
import { PLATFORM, type RuleBody, type RuleContext } from "./context";
import { httpRule } from "./http";
import { prometheusMetricRule } from "./prometheus";
import { resourceRule } from "./resource";
import { sourceRule } from "./sources";
import { eventSourceRule } from "./event-sources";
import { tcpRule } from "./tcp";
import { kedaRule } from "./keda";

export { mpath, type RuleBody, type RuleContext } from "./context";

export function ruleBody(ctx: RuleContext, m: Metric, i: number): RuleBody | undefined {
  const fromEventSource = eventSourceRule(ctx, m, i);
  if (fromEventSource !== undefined) return fromEventSource ?? undefined;
  switch (m.kind) {
    case "cpu":
    case "memory":
      return resourceRule(ctx, m, i);
    case "requestRate":
      return httpRule(ctx, m, i);
    case "inFlight":
      return m.protocol === "tcp" ? tcpRule(ctx, m, i) : httpRule(ctx, m, i);
    case "queue":
      return sourceRule(ctx, m, i, m.jobsPerReplica, m.activation);
    case "replicasRequired":
      // KEDA AverageValue: desired = required / target = required × (1 + buffer).
      return sourceRule(ctx, m, i, 1 / (1 + m.buffer), undefined);
    case "prometheus":
      return prometheusMetricRule(ctx, m, i);
    case "schedule":
      // replicas <= replicas.max is checked for every platform when the policy loads (policy.ts).
      return { custom: { type: "cron", metadata: { timezone: m.timezone, start: kedaCron(m.start), end: kedaCron(m.end), desiredReplicas: String(m.replicas) } } };
    case "keda":
      return kedaRule(ctx, m, i);
    case "pods":
    case "external":
    case "object":
      ctx.issues.push(unsupportedMetric(PLATFORM, i, m.kind, (capabilities[m.kind] as { alternative: string }).alternative, `Kubernetes ${m.kind} metric ${JSON.stringify(m.name)}`));
      return undefined;
    case "workloadRatio":
      ctx.issues.push(unsupportedMetric(PLATFORM, i, m.kind, (capabilities.workloadRatio as { alternative: string }).alternative, `another workload's replica ratio, ${JSON.stringify(m.podSelector)}`));
      return undefined;
  }
}
