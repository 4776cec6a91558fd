import { PolicyError, parsePolicy, type PolicyIssue, type ScalingPolicy } from "../../../src/policy";
import { compileContainerApps } from "../../../src/targets/container-apps";

export const SUB = "11111111-2222-3333-4444-555555555555";
export const TENANT = "99999999-8888-7777-6666-555555555555";
export const INSIGHTS_ID = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Insights/components/ai1`;

/** A policy from plain data: service `svc`, replicas 1..10 unless given. */
export function policy(scaling: Record<string, unknown>, extra: Record<string, unknown> = {}): ScalingPolicy {
  return parsePolicy({ service: "svc", ...extra, scaling: { replicas: { min: 1, max: 10 }, ...scaling } });
}

export function azureMonitor(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { metricName: "JobQueueLength", resourceId: INSIGHTS_ID, tenantId: TENANT, metricAggregationType: "Total", ...extra };
}

/** The issues compileContainerApps throws for a policy (fails the test when it compiles). */
export function issues(p: ScalingPolicy): PolicyIssue[] {
  try {
    compileContainerApps(p);
  } catch (e) {
    if (e instanceof PolicyError) return e.issues;
    throw e;
  }
  throw new Error("expected the policy to be refused");
}
