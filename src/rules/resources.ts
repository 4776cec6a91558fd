import { CLOUD_RUN_RULES, type CloudRunDoc } from "./cloud-run";
import type { ApiRule } from "./common";
import { CONTAINER_APPS_RULES, type ContainerAppsDoc } from "./container-apps";
import { ECS_RULES, type EcsDoc } from "./ecs";
import { KUBERNETES_RULES, type KubernetesDoc } from "./kubernetes";

/**
 * The rule tables applied to one provider resource, by its Pulumi type token and its properties (the shapes the
 * provider SDKs' args take). Used by the CrossGuard pack and by `polyscale lint` on rendered documents.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface RuleHit {
  rule: string;
  violation: string;
}

function run<D>(rules: ReadonlyArray<ApiRule<D>>, doc: D): RuleHit[] {
  return rules.flatMap((r) => r.check(doc).map((violation) => ({ rule: r.id, violation })));
}

/** `kubernetes:autoscaling/v2:HorizontalPodAutoscaler` → apiVersion `autoscaling/v2`, kind `HorizontalPodAutoscaler` (core/v1 → v1). */
export function kubernetesKind(type: string): { apiVersion: string; kind: string } | undefined {
  const m = /^kubernetes:([^:]+):([^:]+)$/.exec(type);
  if (!m) return undefined;
  return { apiVersion: m[1]!.replace(/^core\//, ""), kind: m[2]! };
}

/** Kubernetes autoscaling kinds the per-document rules check (a CustomResource carries apiVersion/kind in its props). */
const KUBERNETES_KINDS = new Set(["HorizontalPodAutoscaler", "ScaledObject", "VerticalPodAutoscaler", "ServiceMonitor", "PrometheusRule", "TriggerAuthentication"]);

/**
 * The manifest of a Kubernetes resource: apiVersion/kind from the props, or from the type token (a
 * `CustomResource` registers as `kubernetes:<apiVersion>:<kind>` too, e.g. `kubernetes:keda.sh/v1alpha1:ScaledObject`).
 */
export function kubernetesManifest(type: string, props: Record<string, any>): KubernetesDoc["manifest"] | undefined {
  const k = kubernetesKind(type);
  return k && { ...props, apiVersion: props.apiVersion ?? k.apiVersion, kind: props.kind ?? k.kind };
}

export interface ResourceContext {
  cluster?: KubernetesDoc["cluster"];
  maxReplicasLimit?: ContainerAppsDoc["maxReplicasLimit"];
  maxInstanceLimit?: CloudRunDoc["maxInstanceLimit"];
}

/** Violations of one provider resource; empty for types no rule covers. */
export function resourceViolations(type: string, name: string, props: Record<string, any>, ctx: ResourceContext = {}): RuleHit[] {
  const manifest = kubernetesManifest(type, props);
  if (manifest) return KUBERNETES_KINDS.has(String(manifest.kind)) ? run(KUBERNETES_RULES, { manifest, cluster: ctx.cluster }) : [];
  if (type.startsWith("aws:appautoscaling/")) return run(ECS_RULES, { type, name, args: props } satisfies EcsDoc);
  if (type === "azure-native:app:ContainerApp") {
    const scale = props.template?.scale;
    return scale === undefined ? [] : run(CONTAINER_APPS_RULES, { scale, maxReplicasLimit: ctx.maxReplicasLimit });
  }
  if (type === "gcp:cloudrunv2/service:Service") return run(CLOUD_RUN_RULES, { args: cloudRunWithDefaults(props), maxInstanceLimit: ctx.maxInstanceLimit }).filter((h) => h.rule !== "cloudrun.service-name" || props.name !== undefined);
  return [];
}

/**
 * A hand-written Cloud Run service leaves fields to the platform: concurrency defaults to 80
 * (https://cloud.google.com/run/docs/about-concurrency); an unset name is auto-named by Pulumi, so the
 * name rule applies only to a given name.
 */
/** Cloud Run's default maximum concurrent requests per instance (about-concurrency). */
const CLOUD_RUN_DEFAULT_CONCURRENCY = 80;

function cloudRunWithDefaults(props: Record<string, any>): Record<string, any> {
  const template = props.template ?? {};
  return { ...props, template: { ...template, maxInstanceRequestConcurrency: template.maxInstanceRequestConcurrency ?? CLOUD_RUN_DEFAULT_CONCURRENCY } };
}

/** A rendered document (`polyscale render`: Kubernetes manifests, `{ type, name, args }` for the clouds) as a provider resource. */
export function renderedResource(doc: Record<string, any>): { type: string; name: string; props: Record<string, any> } {
  if (typeof doc.type === "string" && doc.args !== undefined) return { type: doc.type, name: String(doc.name), props: doc.args };
  return { type: `kubernetes:${String(doc.apiVersion)}:${String(doc.kind)}`, name: String(doc.metadata?.name), props: doc };
}
