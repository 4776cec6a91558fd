/**
 * The provider-shaped output of the Container Apps compiler: the subset of `@pulumi/azure-native` `app`
 * inputs polyscale emits (`inputs.app.ScaleArgs`; ARM `Scale` / `ScaleRule` of Microsoft.App 2026-01-01
 * CommonDefinitions.json). A `ScaleRule` carries `name` plus exactly one of `http`, `tcp`, `azureQueue`, `custom`.
 */
import type { Diagnostic } from "../types";

export const CONTAINER_APP_TYPE = "azure-native:app:ContainerApp";

export interface ScaleRuleAuth {
  secretRef: string;
  triggerParameter: string;
}

export interface HttpScaleRule {
  metadata: Record<string, string>;
}

/** ARM `TcpScaleRule`: `metadata.concurrentConnections` per replica. */
export interface TcpScaleRule {
  metadata: Record<string, string>;
}

export interface CustomScaleRule {
  type: string;
  metadata: Record<string, string>;
  auth?: ScaleRuleAuth[];
  identity?: string;
}

/** ARM `QueueScaleRule` (Azure Storage queue). */
export interface QueueScaleRule {
  accountName?: string;
  queueName: string;
  queueLength: number;
  auth?: ScaleRuleAuth[];
  identity?: string;
}

export interface ScaleRule {
  name: string;
  azureQueue?: QueueScaleRule;
  http?: HttpScaleRule;
  tcp?: TcpScaleRule;
  custom?: CustomScaleRule;
}

/** `template.scale` (ARM `Scale`). */
export interface ContainerAppScale {
  minReplicas: number;
  maxReplicas: number;
  cooldownPeriod?: number;
  pollingInterval?: number;
  rules: ScaleRule[];
}

export interface ContainerAppsScaling {
  scale: ContainerAppScale;
  /** Container App secret names the rules reference (`configuration.secrets` must define them). */
  secretRefs: string[];
  /** True when a rule is `http` or `tcp`: the app needs ingress. */
  needsIngress: boolean;
  /** The ingress transport the rules need (`configuration.ingress.transport`): `tcp` for a tcp rule, `http` for an http rule. */
  ingressTransport?: "http" | "tcp";
  warnings: Diagnostic[];
}
