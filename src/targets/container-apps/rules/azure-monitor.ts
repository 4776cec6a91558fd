/**
 * An `azureMonitor` source → a custom rule of KEDA's azure-monitor scaler. The metadata (the policy's ARM
 * `resourceId` split into KEDA's resourceURI, subscriptionId and resourceGroupName) is built by
 * src/sources/azure-monitor.ts, shared with the Kubernetes trigger.
 */
import type { PathSegment } from "../../../policy/errors";
import { azureMonitorContainerAppsAuth, azureMonitorMetadata } from "../../../sources/azure-monitor";
import type { AzureMonitorSource } from "../../../types";
import { CREDENTIALS_IN_URL, type RuleBody, type RuleContext } from "./context";

export function azureMonitorRule(ctx: RuleContext, s: AzureMonitorSource, path: PathSegment[], target: number, activation: number | undefined): RuleBody | undefined {
  const { metadata, issues } = azureMonitorMetadata(s, path, target, activation, CREDENTIALS_IN_URL);
  const auth = azureMonitorContainerAppsAuth(s, path);
  ctx.issues.push(...issues, ...auth.issues);
  ctx.warnings.push(...auth.warnings);
  if (metadata === undefined || auth.issues.length > 0) return undefined;
  return { custom: { type: "azure-monitor", metadata }, scaler: "azure-monitor" };
}
