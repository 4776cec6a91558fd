import { CLOUD_RUN_RULES } from "./cloud-run";
import { CONTAINER_APPS_RULES } from "./container-apps";
import { ECS_RULES } from "./ecs";
import { KUBERNETES_RULES } from "./kubernetes";
import { ECS_STACK_RULES, KUBERNETES_STACK_RULES } from "./stack";

/**
 * How each rule is enforced and the fix its message names, by rule id. `mandatory`: the platform refuses the
 * resource, or the autoscaling cannot work; `advisory`: it works but not as written. The CrossGuard pack uses
 * these levels; `polyscale lint` reports mandatory rules as errors and advisory ones as warnings.
 */
export type Enforcement = "mandatory" | "advisory";

export interface RuleGuidance {
  enforcement: Enforcement;
  /** What to change, written for the person reading the violation. */
  fix: string;
}

export const RULE_GUIDANCE: Readonly<Record<string, RuleGuidance>> = {
  "k8s.object-name": { enforcement: "mandatory", fix: "use a DNS-1123 subdomain name (lower-case letters, digits, '-' and '.', at most 253) and a DNS-1123 label namespace" },
  "k8s.labels": { enforcement: "mandatory", fix: "use label keys [prefix/]name (name at most 63) and values of at most 63 characters, alphanumeric at both ends" },
  "hpa.validation": {
    enforcement: "mandatory",
    fix: "set 1 <= minReplicas <= maxReplicas (0 only with an Object or External metric and the HPAScaleToZero gate), stabilization windows 0..3600 s and policy periods 1..1800 s",
  },
  "keda.replica-bounds": { enforcement: "mandatory", fix: "set minReplicaCount <= maxReplicaCount, with whole, non-negative counts and periods" },
  "keda.min-zero-resource-only": { enforcement: "mandatory", fix: "set minReplicaCount to 1 or more, or add a trigger that is not cpu/memory (prometheus, a queue, cron) so KEDA can wake the workload from 0" },
  "keda.fallback": { enforcement: "mandatory", fix: "add a trigger that is not cpu or memory, or remove spec.fallback (KEDA < 2.17: metricType AverageValue on every trigger)" },
  "keda.trigger-metadata": { enforcement: "mandatory", fix: "write trigger metadata as non-empty strings (numbers as decimal strings, cron as 5 fields with days 0-6) and give triggers unique names" },
  "keda.names": { enforcement: "mandatory", fix: "shorten the ScaledObject name to at most 54 characters (keda-hpa-<name> must fit in 63), or set advanced.horizontalPodAutoscalerConfig.name" },
  "vpa.container-name": { enforcement: "mandatory", fix: "name a container of the target's pod template, or \"*\"" },
  "ecs.capacity": { enforcement: "mandatory", fix: "set 0 <= minCapacity <= maxCapacity (whole numbers)" },
  "ecs.policy": { enforcement: "mandatory", fix: "give a printable policy name of 1..256, exactly one metric specification, a targetValue > 0 (<= 100 for utilization), and resourceLabel only for ALBRequestCountPerTarget" },
  "ecs.step-policy": { enforcement: "mandatory", fix: "give a printable policy name of 1..256, adjustmentType ChangeInCapacity, ExactCapacity or PercentChangeInCapacity, an int32 cooldown, and at least one step with an int32 scalingAdjustment and numeric bounds" },
  "ecs.scheduled-action": { enforcement: "mandatory", fix: "use a name without ':', '/' or '|', an at(yyyy-mm-ddThh:mm:ss), rate(value unit) or 6-field cron(...) schedule (cron with '?' in exactly one of day-of-month and day-of-week), and minCapacity and/or maxCapacity with min <= max" },
  "aca.replicas": { enforcement: "mandatory", fix: "set 0 <= minReplicas <= maxReplicas <= the environment's replica cap (1000)" },
  "aca.rule-names": { enforcement: "mandatory", fix: "name scale rules with lower-case letters, digits and '-', starting with a letter, unique in the app" },
  "aca.rule-kind": { enforcement: "mandatory", fix: "give each scale rule exactly one of http, tcp, azureQueue or custom, with non-empty string metadata" },
  "aca.http-concurrency": { enforcement: "mandatory", fix: "set http concurrentRequests to a whole number of 1 or more" },
  "aca.resource-rules": { enforcement: "mandatory", fix: "set minReplicas to 1 or more when every rule is cpu/memory (they cannot wake an app from 0), and keep Utilization at most 100" },
  "cloudrun.service-name": { enforcement: "mandatory", fix: "use lower-case letters, digits and '-', starting with a letter, not ending with '-', at most 63" },
  "cloudrun.instances": { enforcement: "mandatory", fix: "set minInstanceCount <= maxInstanceCount, with maxInstanceCount within the project's max-instances limit" },
  "cloudrun.concurrency": { enforcement: "mandatory", fix: "set maxInstanceRequestConcurrency to 1..1000, and to 1 below 1 vCPU" },
  "cloudrun.cpu-memory": { enforcement: "mandatory", fix: "use a Cloud Run CPU (0.08..1, or 1, 2, 4, 6, 8) with memory in its range; below 1 vCPU set cpuIdle and the first-generation environment" },
  "k8s.vpa-hpa-conflict": {
    enforcement: "mandatory",
    fix: "set the VPA's updateMode to \"Off\" or \"Initial\", drop the resource the HPA scales on from its controlledResources, or scale the HPA on a metric the VPA does not resize (requests per second, queue length)",
  },
  "k8s.replicas-under-autoscaler": {
    enforcement: "mandatory",
    fix: "remove spec.replicas from the workload, or add the resource option ignoreChanges: [\"spec.replicas\"], so that `pulumi up` does not reset the autoscaler's count",
  },
  "ecs.scale-in-deadlock": {
    enforcement: "advisory",
    fix: "keep one target-tracking policy per scalable target (the metric that saturates first), or set disableScaleIn: true on all but one policy so a single policy decides scale-in",
  },
};

/** Every rule id of the tables (per document and per stack). */
export const RULE_IDS: readonly string[] = [
  ...KUBERNETES_RULES,
  ...ECS_RULES,
  ...CONTAINER_APPS_RULES,
  ...CLOUD_RUN_RULES,
  ...KUBERNETES_STACK_RULES,
  ...ECS_STACK_RULES,
].map((r) => r.id);

export function guidance(ruleId: string): RuleGuidance {
  const g = RULE_GUIDANCE[ruleId];
  if (g === undefined) throw new Error(`rule ${ruleId} has no entry in RULE_GUIDANCE (src/rules/guidance.ts)`);
  return g;
}

/** A violation as shown to people: what is wrong, then the fix. */
export function ruleMessage(ruleId: string, violation: string): string {
  return `[${ruleId}] ${violation}; fix: ${guidance(ruleId).fix}`;
}
