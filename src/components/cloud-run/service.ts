import * as pulumi from "@pulumi/pulumi";
import * as cloudrunv2 from "@pulumi/gcp/cloudrunv2";
import { PolicyError, formatPath } from "../../policy/errors";
import type { ScalingPolicy, ScalingPolicyInput } from "../../types";
import { planFor, toPolicy } from "../policy-arg";
import { COMPONENT_TYPES, componentOptions } from "../tokens";
import { planCloudRunObservability, registerCloudRunObservability, type CloudRunObservabilityArgs, type CloudRunObservabilityResources } from "./observability";
import type { Diagnostic } from "../../targets/types";
import { compileCloudRun, type CloudRunContainerResources, type CloudRunRevisionScaling, type CloudRunServiceScaling } from "../../targets/cloud-run/compile";

export const CLOUD_RUN_COMPONENT_TYPE = COMPONENT_TYPES.CloudRunService.type;

/** The autoscaling fields of a policy, for a `cloudrunv2.Service` you write yourself (pure, no resource created). */
export interface CloudRunScalingSettings {
  /** Service-level `scaling` (emit it: Cloud Run fills it in server-side otherwise, and the next preview drifts). */
  scaling: CloudRunServiceScaling;
  /** Spread into your `template`. */
  template: {
    scaling: CloudRunRevisionScaling;
    maxInstanceRequestConcurrency: number;
    executionEnvironment?: "EXECUTION_ENVIRONMENT_GEN1";
  };
  /** Your container's `resources`. */
  containerResources: CloudRunContainerResources;
  warnings: Diagnostic[];
}

/**
 * The Cloud Run settings of a policy, for your own `cloudrunv2.Service`:
 *
 * ```ts
 * const s = cloudRunScalingSettings(policy);
 * new cloudrunv2.Service("api", { location, scaling: s.scaling,
 *   template: { ...s.template, containers: [{ image, resources: s.containerResources }] } });
 * ```
 */
export function cloudRunScalingSettings(policy: ScalingPolicyInput): CloudRunScalingSettings {
  const { args, warnings } = compileCloudRun(toPolicy(policy));
  const { containers, ...template } = args.template;
  return { scaling: args.scaling, template, containerResources: containers[0].resources, warnings };
}

/** Container settings polyscale does not derive from the policy (ScaledService maps its workload here). */
export interface CloudRunContainerArgs {
  /** `ports.containerPort` (Cloud Run sends requests there and sets $PORT). */
  port?: number;
  env?: Record<string, pulumi.Input<string>>;
  /** HTTP readiness probe (Cloud Run v2 `readinessProbe`; it has no initial delay). */
  readinessProbe?: { path: string; port?: number; periodSeconds?: number };
}

export interface CloudRunServiceArgs {
  /** The scaling policy: plain data, validated before anything is registered (a parsed policy: `toPolicyInput(p)`). */
  policy: ScalingPolicyInput;
  location: pulumi.Input<string>;
  /** Container image; defaults to `scaling.cloudRun.image` of the policy. */
  image?: pulumi.Input<string>;
  project?: pulumi.Input<string>;
  /** Cloud Run service name. @default the policy's `service` */
  serviceName?: pulumi.Input<string>;
  /** Passed through to `cloudrunv2.Service` (the provider defaults it to true). */
  deletionProtection?: pulumi.Input<boolean>;
  /** `INGRESS_TRAFFIC_ALL` | `INGRESS_TRAFFIC_INTERNAL_ONLY` | `INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER`. */
  ingress?: pulumi.Input<string>;
  serviceAccount?: pulumi.Input<string>;
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Labels on the revision template (`template.labels`). */
  templateLabels?: Record<string, pulumi.Input<string>>;
  container?: CloudRunContainerArgs;
  /** Notification channels of the policy's `alerts` (Cloud Monitoring alert policies). */
  notificationChannels?: CloudRunObservabilityArgs["notificationChannels"];
}

/**
 * A Cloud Run (v2) service scaled by a polyscale policy: min/max instances at revision and service
 * level, max request concurrency, CPU / memory limits, CPU throttling (`cpuIdle`) and startup CPU boost.
 * Compiler warnings are logged on the component.
 */
export class CloudRunService extends pulumi.ComponentResource {
  readonly service: cloudrunv2.Service;
  readonly uri: pulumi.Output<string>;
  readonly serviceName: pulumi.Output<string>;
  readonly warnings: Diagnostic[];
  /** The Cloud Monitoring alert policies and dashboard of the policy's `alerts` and `dashboard`. */
  readonly observability: CloudRunObservabilityResources;

  constructor(name: string, args: CloudRunServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const planned = planFor(args, () => planCloudRunService(args));
    const { policy, spec, image } = planned;
    const warnings = [...planned.warnings, ...planCloudRunObservability(policy, spec).warnings];
    super(CLOUD_RUN_COMPONENT_TYPE, name, { ...args }, componentOptions("CloudRunService", name, opts));
    this.warnings = warnings;
    for (const w of warnings) {
      const log = w.severity === "warning" ? pulumi.log.warn : pulumi.log.info;
      void log(`${formatPath(w.path)}: ${w.message}`, this);
    }
    const [container] = spec.template.containers;
    const c = args.container;
    this.service = new cloudrunv2.Service(
      name,
      {
        name: args.serviceName ?? spec.name,
        location: args.location,
        ...(args.project !== undefined ? { project: args.project } : {}),
        ...(args.deletionProtection !== undefined ? { deletionProtection: args.deletionProtection } : {}),
        ...(args.ingress !== undefined ? { ingress: args.ingress } : {}),
        ...(args.labels !== undefined ? { labels: args.labels } : {}),
        scaling: spec.scaling,
        template: {
          scaling: spec.template.scaling,
          maxInstanceRequestConcurrency: spec.template.maxInstanceRequestConcurrency,
          ...(spec.template.executionEnvironment ? { executionEnvironment: spec.template.executionEnvironment } : {}),
          ...(args.serviceAccount !== undefined ? { serviceAccount: args.serviceAccount } : {}),
          ...(args.templateLabels !== undefined ? { labels: args.templateLabels } : {}),
          containers: [
            {
              name: container.name,
              image,
              ...(c?.port !== undefined ? { ports: { containerPort: c.port } } : {}),
              ...(c?.env !== undefined ? { envs: Object.entries(c.env).sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => ({ name, value })) } : {}),
              resources: container.resources,
              ...(c?.readinessProbe !== undefined
                ? {
                    readinessProbe: {
                      httpGet: { path: c.readinessProbe.path, ...(c.readinessProbe.port !== undefined ? { port: c.readinessProbe.port } : {}) },
                      ...(c.readinessProbe.periodSeconds !== undefined ? { periodSeconds: c.readinessProbe.periodSeconds } : {}),
                    },
                  }
                : {}),
            },
          ],
        },
      },
      { parent: this },
    );
    this.uri = this.service.uri;
    this.serviceName = this.service.name;
    this.observability = registerCloudRunObservability(this, name, policy, spec, this.service.name, { notificationChannels: args.notificationChannels, project: args.project });
    this.registerOutputs({ uri: this.uri, serviceName: this.serviceName });
  }
}

/** The validated policy and its compiled service; throws (PolicyError) before anything is registered. */
export function planCloudRunService(args: Omit<CloudRunServiceArgs, "policy"> & { policy: ScalingPolicyInput | ScalingPolicy }) {
  const policy = toPolicy(args.policy);
  const { args: spec, warnings } = compileCloudRun(policy);
  const image = args.image ?? spec.template.containers[0].image;
  if (image === undefined) {
    throw new PolicyError(
      [{ code: "missing_image", path: ["scaling", "cloudRun", "image"], message: "is required: pass `image` to CloudRunService or set scaling.cloudRun.image (Cloud Run needs a container image)" }],
      `Policy for ${JSON.stringify(policy.service)} cannot be deployed on cloud-run`,
    );
  }
  return { policy, spec, warnings, image };
}
