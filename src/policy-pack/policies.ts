/**
 * CrossGuard policies (`@pulumi/policy`) from polyscale's rule tables, for resources of any Pulumi program,
 * written with polyscale or by hand: HPAs, KEDA ScaledObjects and VPAs (as CustomResources), Deployments with
 * the autoscaler that targets them, Application Auto Scaling, Container Apps and Cloud Run services.
 * The rules are the ones the compilers and `polyscale lint` run (src/rules); this module only adapts them.
 * The pack itself is `policy-pack/` (its entry constructs the PolicyPack, which starts the policy server).
 */
import type { PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { CLOUD_RUN_RULES } from "../rules/cloud-run";
import { CONTAINER_APPS_RULES } from "../rules/container-apps";
import { ECS_RULES, type EcsDoc } from "../rules/ecs";
import { guidance, ruleMessage } from "../rules/guidance";
import { KUBERNETES_RULES } from "../rules/kubernetes";
import { kubernetesManifest, resourceViolations, type ResourceContext } from "../rules/resources";
import { ECS_STACK_RULES, KUBERNETES_STACK_RULES, type KubernetesStackDoc, type StackRule } from "../rules/stack";

/** Pack configuration (`--policy-pack-config`): the cluster and platform limits some rules depend on. */
export interface PolyscalePackConfig {
  /** The cluster enables the HPAScaleToZero feature gate (an HPA may have minReplicas 0 with an Object/External metric). */
  hpaScaleToZero?: boolean;
  /** KEDA version of the clusters, e.g. "2.18" (fallback rules changed in 2.17). */
  kedaVersion?: string;
  /** Container Apps environment replica cap. @default 1000 */
  maxReplicasLimit?: number;
  /** Cloud Run project max-instances limit. @default 100 */
  maxInstanceLimit?: number;
}

const CONFIG_SCHEMA = {
  properties: {
    hpaScaleToZero: { type: "boolean" as const },
    kedaVersion: { type: "string" as const },
    maxReplicasLimit: { type: "integer" as const, minimum: 1 },
    maxInstanceLimit: { type: "integer" as const, minimum: 1 },
  },
};

function context(c: PolyscalePackConfig): ResourceContext {
  return {
    cluster: { ...(c.hpaScaleToZero !== undefined ? { hpaScaleToZero: c.hpaScaleToZero } : {}), ...(c.kedaVersion !== undefined ? { kedaVersion: c.kedaVersion } : {}) },
    ...(c.maxReplicasLimit !== undefined ? { maxReplicasLimit: c.maxReplicasLimit } : {}),
    ...(c.maxInstanceLimit !== undefined ? { maxInstanceLimit: c.maxInstanceLimit } : {}),
  };
}

const policyName = (ruleId: string) => `polyscale-${ruleId.replace(/\./g, "-")}`;

function resourcePolicy(rule: { id: string; source: string }): ResourceValidationPolicy {
  const g = guidance(rule.id);
  return {
    name: policyName(rule.id),
    description: `${g.fix} (rule ${rule.id}; source: ${rule.source})`,
    enforcementLevel: g.enforcement,
    configSchema: CONFIG_SCHEMA,
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
      const hits = resourceViolations(args.type, args.name, args.props, context(args.getConfig<PolyscalePackConfig>()));
      for (const h of hits) if (h.rule === rule.id) report(ruleMessage(h.rule, h.violation));
    },
  };
}

function stackPolicy<D>(rule: StackRule<D>, docOf: (r: PolicyResource) => D | undefined): StackValidationPolicy {
  const g = guidance(rule.id);
  return {
    name: policyName(rule.id),
    description: `${g.fix} (rule ${rule.id}; source: ${rule.source})`,
    enforcementLevel: g.enforcement,
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const resources = args.resources.flatMap((r) => {
        const d = docOf(r);
        return d === undefined ? [] : [{ r, d }];
      });
      for (const v of rule.check(resources.map((x) => x.d))) report(ruleMessage(rule.id, v.message), resources[v.index]!.r.urn);
    },
  };
}

function kubernetesDoc(r: PolicyResource): KubernetesStackDoc | undefined {
  const manifest = kubernetesManifest(r.type, withoutClusterReplicas(r.props));
  return manifest === undefined ? undefined : { manifest, ignoreChanges: r.opts?.ignoreChanges ?? [] };
}

/**
 * Stack policies see outputs, and a workload's live object carries `spec.replicas` whether or not the program
 * sets it. `metadata.managedFields` says who set it: the count stays only when Pulumi's field manager
 * (`pulumi-kubernetes`, or `pulumi-kubernetes-<suffix>` with server-side apply: pulumi/pulumi-kubernetes#2271)
 * owns `f:spec.f:replicas`.
 */
function withoutClusterReplicas(props: Record<string, any>): Record<string, any> {
  const managed = props.metadata?.managedFields;
  if (!Array.isArray(managed) || props.spec?.replicas === undefined) return props;
  const setByPulumi = managed.some((f) => String(f.manager).startsWith("pulumi-kubernetes") && f.fieldsV1?.["f:spec"]?.["f:replicas"] !== undefined);
  if (setByPulumi) return props;
  const { replicas: _cluster, ...spec } = props.spec;
  return { ...props, spec };
}

function ecsDoc(r: PolicyResource): EcsDoc | undefined {
  return r.type.startsWith("aws:appautoscaling/") ? { type: r.type, name: r.name, args: r.props } : undefined;
}

/** One policy per rule, each with the rule's enforcement level. */
export const polyscalePolicies: Array<ResourceValidationPolicy | StackValidationPolicy> = [
  ...[...KUBERNETES_RULES, ...ECS_RULES, ...CONTAINER_APPS_RULES, ...CLOUD_RUN_RULES].map(resourcePolicy),
  ...KUBERNETES_STACK_RULES.map((r) => stackPolicy(r, kubernetesDoc)),
  ...ECS_STACK_RULES.map((r) => stackPolicy(r, ecsDoc)),
];
