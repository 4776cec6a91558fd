import type { ScalingPolicy } from "../../types";
import type { Capabilities, PlatformTarget, RenderResult } from "../types";
import type { AdapterRule } from "./adapter";
import { compileKubernetes } from "./compile";

export * from "./adapter";
export * from "./behavior";
export * from "./compile";
export type { HpaMetric, KedaTrigger } from "./metrics";

export const capabilities: Capabilities = {
  cpu: { supported: true, via: "HPA Resource/ContainerResource metric or KEDA cpu trigger" },
  memory: { supported: true, via: "HPA Resource/ContainerResource metric or KEDA memory trigger" },
  requestRate: { supported: true, via: "HPA Pods metric via a prometheus-adapter rule (series), or KEDA prometheus trigger (query)" },
  inFlight: { supported: true, via: "HPA Pods metric via a prometheus-adapter rule (series), or KEDA prometheus trigger (query)" },
  queue: { supported: true, via: "KEDA prometheus trigger (query), an event source's KEDA scaler (`from.<source>`, rows below; `cloudWatch` with `region`: aws-cloudwatch), or HPA Pods metric (series)" },
  replicasRequired: { supported: true, via: "KEDA prometheus trigger (query with buffer), or an event source's KEDA scaler (`from.<source>`; `cloudWatch` with `region`: aws-cloudwatch)" },
  prometheus: { supported: true, via: "KEDA prometheus trigger" },
  pods: { supported: true, via: "HPA Pods metric" },
  external: { supported: true, via: "HPA External metric" },
  object: { supported: true, via: "HPA Object metric" },
  workloadRatio: { supported: true, via: "KEDA kubernetes-workload trigger" },
  schedule: { supported: true, via: "KEDA cron trigger" },
  keda: { supported: true, via: "KEDA trigger of the scaler's type, checked against KEDA's scalers schema; TriggerAuthentication from `auth`" },
};

/** prometheus-adapter config fragment (`config.yaml` of its ConfigMap) for the given rules. */
export function adapterConfig(rules: AdapterRule[]): { rules: AdapterRule[] } {
  return { rules };
}

/** Helm values for the prometheus-community/prometheus-adapter chart (`rules.custom`). */
export function adapterHelmValues(rules: AdapterRule[]): { rules: { custom: AdapterRule[] } } {
  return { rules: { custom: rules } };
}

export const target: PlatformTarget = {
  name: "kubernetes",
  title: "Kubernetes",
  capabilities,
  render(policy: ScalingPolicy): RenderResult {
    const out = compileKubernetes(policy);
    return { documents: out.manifests, warnings: out.warnings };
  },
};
