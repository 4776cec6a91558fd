import * as pulumi from "@pulumi/pulumi";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { Service } from "@pulumi/kubernetes/core/v1";
import { PolicyError } from "../../policy/errors";
import { workloadRef } from "../../policy/policy";
import type { ScalingPolicy, ScalingPolicyInput } from "../../types";
import { planFor, toPolicy } from "../policy-arg";
import { appLabelIssue } from "../../targets/kubernetes/labels";
import { DEFAULT_PORT, readinessWarning, type WorkloadArgs } from "../workload";
import { COMPONENT_TYPES, componentOptions, legacyParentAlias, secretValues } from "../tokens";
import { planKubernetesScaling, registerScalingResources, secretSourceValues, type KubernetesScalingArgs, type KubernetesScalingResources } from "./scaling";

export interface KubernetesServiceArgs {
  /** The scaling policy: plain data, validated before anything is registered (a parsed policy: `toPolicyInput(p)`). */
  policy: ScalingPolicyInput;
  workload: WorkloadArgs;
  prometheusCredentials?: KubernetesScalingArgs["prometheusCredentials"];
  /** Event sources' credentials for the Secrets their generated TriggerAuthentications read (see KubernetesScalingArgs). */
  sourceCredentials?: KubernetesScalingArgs["sourceCredentials"];
}

/**
 * One service on Kubernetes: Deployment + Service + its autoscaling. The Deployment never carries
 * `spec.replicas` once an autoscaler (or an external controller) owns the count, and ignores changes
 * to it, so `pulumi up` never resets the scale (pulumi/pulumi-kubernetes#2491).
 */
export class KubernetesService extends pulumi.ComponentResource {
  public readonly deployment: Deployment;
  public readonly service: Service;
  /** The autoscaling resources (HPA or ScaledObject, VPA, ...), parented to this component. */
  public readonly scaling?: KubernetesScalingResources;
  public readonly warnings: string[];

  constructor(name: string, args: KubernetesServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const { policy, scaling } = planFor(args, () => planKubernetesService(name, args));
    super(COMPONENT_TYPES.KubernetesService.type, name, { ...args, prometheusCredentials: secretValues(args.prometheusCredentials), sourceCredentials: secretSourceValues(args.sourceCredentials) }, componentOptions("KubernetesService", name, opts));
    const w = args.workload;
    const ref = workloadRef(policy);
    const labels = { app: ref.name, ...(w.labels ?? {}) };
    const port = w.port ?? DEFAULT_PORT;
    const mode = policy.scaling?.mode ?? "fixed";
    const autoscaled = policy.scaling !== undefined && mode !== "fixed";
    this.warnings = [];
    if (policy.scaling?.mode === "autoscale" && !w.readinessProbe) {
      this.warnings.push(readinessWarning(policy.service));
      pulumi.log.warn(readinessWarning(policy.service), this);
    }

    const ports: { name: string; containerPort: number }[] = [{ name: "http", containerPort: port }];
    if (w.metricsPort !== undefined && w.metricsPort !== port) ports.push({ name: "metrics", containerPort: w.metricsPort });
    const requests = pickDefined({ cpu: w.resources?.cpu, memory: w.resources?.memory });
    const limits = pickDefined({ cpu: w.resources?.limits?.cpu, memory: w.resources?.limits?.memory });

    this.deployment = new Deployment(
      `${name}-deployment`,
      {
        metadata: { name: ref.name, namespace: policy.namespace, labels },
        spec: {
          // Fixed services get their count; autoscaled / externally scaled ones get none (the owner sets it).
          ...(autoscaled ? {} : { replicas: policy.scaling?.replicas.min ?? 1 }),
          selector: { matchLabels: { app: ref.name } },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: ref.name,
                  image: w.image,
                  ports,
                  ...(w.env ? { env: Object.entries(w.env).map(([k, v]) => ({ name: k, value: v })) } : {}),
                  ...(Object.keys(requests).length || Object.keys(limits).length
                    ? { resources: { ...(Object.keys(requests).length ? { requests } : {}), ...(Object.keys(limits).length ? { limits } : {}) } }
                    : {}),
                  ...(w.readinessProbe
                    ? {
                        readinessProbe: {
                          httpGet: { path: w.readinessProbe.path, port: w.readinessProbe.port ?? port },
                          periodSeconds: w.readinessProbe.periodSeconds ?? 10,
                          ...(w.readinessProbe.initialDelaySeconds !== undefined ? { initialDelaySeconds: w.readinessProbe.initialDelaySeconds } : {}),
                        },
                      }
                    : {}),
                },
              ],
            },
          },
        },
      },
      { parent: this, ...(autoscaled ? { ignoreChanges: ["spec.replicas"] } : {}) },
    );

    const servicePorts: { name: string; port: number; targetPort: string }[] = [{ name: "http", port, targetPort: "http" }];
    if (ports.some((p) => p.name === "metrics")) servicePorts.push({ name: "metrics", port: w.metricsPort!, targetPort: "metrics" });
    this.service = new Service(
      `${name}-service`,
      { metadata: { name: ref.name, namespace: policy.namespace, labels: { app: ref.name } }, spec: { selector: { app: ref.name }, ports: servicePorts } },
      { parent: this },
    );

    if (scaling) {
      // These were children of a nested KubernetesScaling `<name>-scaling`: that parent is their alias.
      const aliasFor = legacyParentAlias(this, "KubernetesService", name, opts, COMPONENT_TYPES.KubernetesScaling.legacy, `${name}-scaling`);
      this.scaling = registerScalingResources(this, `${name}-scaling`, scaling, args, { aliasFor, dependsOn: [this.deployment] });
    }
    // The names are set here (`metadata.name`), so they are registered as they are, without waiting on the resources.
    this.registerOutputs({ deployment: ref.name, service: ref.name });
  }
}

/** Validate everything KubernetesService checks, its autoscaling included, before anything is registered. */
export function planKubernetesService(name: string, args: KubernetesServiceArgs): { policy: ScalingPolicy; scaling?: ReturnType<typeof planKubernetesScaling> } {
  const policy = toPolicy(args.policy);
  checkRequests(policy, args.workload);
  const ref = workloadRef(policy);
  const labelIssue = appLabelIssue(ref.name, ["workload", "name"], "KubernetesService labels its Deployment and Service with it: use a workload name of at most 63 characters");
  if (labelIssue) throw new PolicyError([labelIssue], `Service ${JSON.stringify(policy.service)} cannot be created on kubernetes`);
  if (ref.kind !== "Deployment" || ref.apiVersion !== "apps/v1") {
    const given = ref.kind === "Deployment" ? `${ref.apiVersion} ${ref.kind}` : ref.kind;
    throw new PolicyError(
      [{ code: "unsupported_workload", path: ["workload", ref.kind === "Deployment" ? "apiVersion" : "kind"], message: `KubernetesService creates Deployments (apps/v1), got ${JSON.stringify(given)}; for an existing ${ref.kind} use KubernetesScaling (autoscaling only)` }],
      `Service ${JSON.stringify(policy.service)} cannot be created on kubernetes`,
    );
  }
  const scaled = policy.scaling?.mode === "autoscale" || policy.vertical !== undefined || policy.monitoring !== undefined;
  return scaled ? { policy, scaling: planKubernetesScaling(`${name}-scaling`, { policy, prometheusCredentials: args.prometheusCredentials, sourceCredentials: args.sourceCredentials }) } : { policy };
}

function pickDefined(o: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

/** Utilisation targets are measured against requests: without a request the HPA cannot compute them. */
function checkRequests(policy: ScalingPolicy, w: WorkloadArgs): void {
  const issues = (policy.scaling?.metrics ?? []).flatMap((m, i) =>
    (m.kind === "cpu" || m.kind === "memory") && m.utilization !== undefined && !w.resources?.[m.kind]
      ? [{
          code: "missing_request",
          path: ["scaling", "metrics", i, m.kind, "utilization"],
          message: `needs a ${m.kind} request on the workload (workload.resources.${m.kind}); utilisation is measured against requests`,
        }]
      : [],
  );
  if (issues.length > 0) throw new PolicyError(issues, `Service ${JSON.stringify(policy.service)} cannot autoscale`);
}
