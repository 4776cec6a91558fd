import { VPA_ACTIVE_MODES } from "../policy/vertical";
import type { EcsDoc } from "./ecs";

/**
 * Rules over several resources together (a Pulumi stack, or every policy of one file): an autoscaler and the
 * workload or the other autoscaler it meets. Each returns the index of the offending document and what is wrong.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface StackViolation {
  /** Index of the offending document in the list checked. */
  index: number;
  message: string;
}

export interface StackRule<D> {
  id: string;
  source: string;
  check(docs: readonly D[]): StackViolation[];
}

/** A Kubernetes object of the stack, with the `ignoreChanges` Pulumi option of the resource that made it. */
export interface KubernetesStackDoc {
  manifest: { apiVersion?: unknown; kind?: unknown; metadata?: any; spec?: any };
  ignoreChanges?: readonly string[];
}

interface Target {
  kind: string;
  name: string;
  namespace: string;
}

const key = (t: Target) => `${t.namespace}/${t.kind}/${t.name}`;
const ns = (m: KubernetesStackDoc["manifest"]) => String(m.metadata?.namespace ?? "default");

/** What an HPA, a ScaledObject (kind defaults to Deployment) or a VPA scales. */
export function scaleTarget(m: KubernetesStackDoc["manifest"]): Target | undefined {
  const ref = m.kind === "VerticalPodAutoscaler" ? m.spec?.targetRef : m.kind === "HorizontalPodAutoscaler" || m.kind === "ScaledObject" ? m.spec?.scaleTargetRef : undefined;
  if (ref?.name === undefined) return undefined;
  return { kind: String(ref.kind ?? "Deployment"), name: String(ref.name), namespace: ns(m) };
}

/** The cpu/memory metrics an HPA or a KEDA ScaledObject scales on. */
export function horizontalResourceMetrics(m: KubernetesStackDoc["manifest"]): string[] {
  if (m.kind === "HorizontalPodAutoscaler") return (m.spec?.metrics ?? []).map((x: any) => (x.resource ?? x.containerResource)?.name).filter((n: unknown) => n === "cpu" || n === "memory");
  if (m.kind === "ScaledObject") return (m.spec?.triggers ?? []).map((t: any) => t.type).filter((t: unknown) => t === "cpu" || t === "memory");
  return [];
}

/**
 * The resources a VPA resizes on running pods: none in `Off`/`Initial` mode; otherwise the
 * `controlledResources` (default cpu and memory) of every container policy not in mode `Off`
 * (VPA CRD: updateMode defaults to Auto, controlledResources to [cpu, memory]).
 */
export function vpaResizedResources(m: KubernetesStackDoc["manifest"]): string[] {
  if (m.kind !== "VerticalPodAutoscaler") return [];
  if (!VPA_ACTIVE_MODES.includes(String(m.spec?.updatePolicy?.updateMode ?? "Auto"))) return [];
  const policies: any[] = m.spec?.resourcePolicy?.containerPolicies ?? [];
  if (policies.length === 0) return ["cpu", "memory"];
  return [...new Set(policies.filter((p) => p.mode !== "Off").flatMap((p) => p.controlledResources ?? ["cpu", "memory"]))].sort();
}

const isHorizontal = (m: KubernetesStackDoc["manifest"]) => m.kind === "HorizontalPodAutoscaler" || m.kind === "ScaledObject";

export const KUBERNETES_STACK_RULES: ReadonlyArray<StackRule<KubernetesStackDoc>> = [
  {
    id: "k8s.vpa-hpa-conflict",
    source: "kubernetes/autoscaler vertical-pod-autoscaler README, known limitations: \"VPA should not be used with the HPA on the same resource metric (CPU or memory)\"",
    check: (docs) => {
      const horizontal = new Map<string, { name: string; metrics: string[] }>();
      for (const d of docs) {
        const t = isHorizontal(d.manifest) ? scaleTarget(d.manifest) : undefined;
        if (t) horizontal.set(key(t), { name: `${d.manifest.kind} ${d.manifest.metadata?.name}`, metrics: horizontalResourceMetrics(d.manifest) });
      }
      return docs.flatMap((d, index) => {
        const t = d.manifest.kind === "VerticalPodAutoscaler" ? scaleTarget(d.manifest) : undefined;
        const h = t && horizontal.get(key(t));
        const clash = h ? vpaResizedResources(d.manifest).filter((r) => h.metrics.includes(r)) : [];
        return clash.length === 0
          ? []
          : [{ index, message: `VPA ${d.manifest.metadata?.name} (updateMode ${d.manifest.spec?.updatePolicy?.updateMode ?? "Auto"}) resizes ${clash.join(", ")} of ${t!.kind} ${t!.name}, which ${h!.name} scales on` }];
      });
    },
  },
  {
    id: "k8s.replicas-under-autoscaler",
    source: "pulumi/pulumi-kubernetes#2491: a Deployment that sets spec.replicas resets the autoscaler's count on every update",
    check: (docs) => {
      const scaled = new Map<string, string>();
      for (const d of docs) {
        const t = isHorizontal(d.manifest) ? scaleTarget(d.manifest) : undefined;
        if (t) scaled.set(key(t), `${d.manifest.kind} ${d.manifest.metadata?.name}`);
      }
      return docs.flatMap((d, index) => {
        const m = d.manifest;
        // Any scale target: a custom resource's spec.replicas (its /scale specReplicasPath) is reset the same way.
        const by = scaled.get(key({ kind: String(m.kind), name: String(m.metadata?.name), namespace: ns(m) }));
        if (by === undefined || m.spec?.replicas === undefined || (d.ignoreChanges ?? []).some((p) => p === "spec.replicas" || p === "spec")) return [];
        return [{ index, message: `${m.kind} ${m.metadata?.name} sets spec.replicas ${m.spec.replicas} while ${by} owns its count, without ignoreChanges on spec.replicas` }];
      });
    },
  },
];

const TARGET_TRACKING = "TargetTrackingScaling";

export const ECS_STACK_RULES: ReadonlyArray<StackRule<EcsDoc>> = [
  {
    id: "ecs.scale-in-deadlock",
    source:
      "Application Auto Scaling target tracking: with several policies it scales out if any asks for it and in only if all (with scale-in enabled) agree; a CPU + memory pair often never scales in (aws/copilot-cli#4298)",
    check: (docs) => {
      const byTarget = new Map<string, number[]>();
      docs.forEach((d, i) => {
        const a = d.args ?? {};
        if (d.type !== "aws:appautoscaling/policy:Policy" || (a.policyType ?? TARGET_TRACKING) !== TARGET_TRACKING) return;
        if (a.targetTrackingScalingPolicyConfiguration?.disableScaleIn === true) return;
        const k = `${a.serviceNamespace}/${a.resourceId}/${a.scalableDimension}`;
        byTarget.set(k, [...(byTarget.get(k) ?? []), i]);
      });
      return [...byTarget.values()].filter((is) => is.length > 1).flatMap((is) =>
        is.map((index) => ({ index, message: `${is.length} target-tracking policies with scale-in on ${docs[index]!.args.resourceId}: it scales in only when all of them are below target, so it may stay scaled out` })),
      );
    },
  },
];

/** Run a stack rule table; violations as `[rule id] message`, by document index. */
export function stackViolations<D>(rules: ReadonlyArray<StackRule<D>>, docs: readonly D[]): Array<StackViolation & { rule: string }> {
  return rules.flatMap((r) => r.check(docs).map((v) => ({ ...v, rule: r.id })));
}
