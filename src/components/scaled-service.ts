import * as pulumi from "@pulumi/pulumi";
import { PolicyError } from "../policy/errors";
import { mustBe, oneOf } from "../policy/messages";
import { Platform } from "../types";
import type { ScalingPolicyInput } from "../types";
import { COMPONENT_TYPES, componentOptions, secretValues } from "./tokens";
import type { WorkloadArgs } from "./workload";

/** Platform-specific settings of a ScaledService; only the chosen platform's block is read. */
export interface ScaledServicePlatformArgs {
  kubernetes?: {
    prometheusCredentials?: { bearerToken?: pulumi.Input<string>; username?: pulumi.Input<string>; password?: pulumi.Input<string> };
    /** Event sources' credentials by `from` key, then Secret key (stored as `<service>-<source>-auth` Secrets). */
    sourceCredentials?: Record<string, Record<string, pulumi.Input<string>>>;
  };
  ecs?: {
    /** Cluster name (the scalable target's resource id is service/<cluster>/<service>). */
    clusterName: pulumi.Input<string>;
    /** Attach to this existing ECS service. Give this, or `create`. */
    serviceName?: pulumi.Input<string>;
    /** Create a Fargate service (desiredCount is set once, then left to Application Auto Scaling). */
    create?: {
      clusterArn: pulumi.Input<string>;
      taskDefinitionArn: pulumi.Input<string>;
      subnetIds: pulumi.Input<pulumi.Input<string>[]>;
      securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
      assignPublicIp?: boolean;
      loadBalancers?: pulumi.Input<{ targetGroupArn: pulumi.Input<string>; containerName: pulumi.Input<string>; containerPort: pulumi.Input<number> }[]>;
    };
    /** SNS topic ARNs the policy's `alerts` (CloudWatch alarms) notify. */
    alarmActions?: pulumi.Input<string>[];
    /** AWS region of the policy's `dashboard` widgets. */
    region?: string;
  };
  containerApps?: {
    resourceGroupName: pulumi.Input<string>;
    managedEnvironmentId: pulumi.Input<string>;
    location?: pulumi.Input<string>;
    /** Secret values for scale-rule auth, by Container App secret name (Pulumi secrets). */
    secrets?: Record<string, pulumi.Input<string>>;
    /** Azure Monitor action groups the policy's `alerts` (metric and log search alerts) notify. */
    actionGroupIds?: pulumi.Input<string>[];
    /** Log Analytics workspace of the managed environment (flapping and metric-unavailable log search alerts). */
    logAnalyticsWorkspaceId?: pulumi.Input<string>;
  };
  cloudRun?: {
    location: pulumi.Input<string>;
    project?: pulumi.Input<string>;
    /** Cloud Monitoring notification channels the policy's `alerts` (alert policies) notify. */
    notificationChannels?: pulumi.Input<string>[];
  };
}

export interface ScaledServiceArgs extends ScaledServicePlatformArgs {
  /** `kubernetes`, `ecs`, `container-apps` or `cloud-run`. */
  platform: Platform;
  /** The scaling policy: plain data, validated before anything is registered (a parsed policy: `toPolicyInput(p)`). */
  policy: ScalingPolicyInput;
  workload: WorkloadArgs;
}

/** What a platform adapter returns to ScaledService. */
export interface PlatformServiceResult {
  /** The platform component created (parented to the ScaledService). */
  component: pulumi.ComponentResource;
  /** Platform workload identifier (Deployment name, ECS service name, Container App name, Cloud Run service name). */
  workloadName: pulumi.Output<string>;
  warnings: string[];
}

/**
 * A platform adapter, in two steps: the first call validates everything (the policy, the compiled
 * configuration, the platform args) and registers nothing; the function it returns creates the resources.
 */
export type PlatformServiceFactory = (name: string, args: ScaledServiceArgs) => (opts: pulumi.ComponentResourceOptions) => PlatformServiceResult;

/**
 * Platform adapters are required on demand, so a Kubernetes-only program never loads the AWS,
 * Azure or GCP SDKs (pulumi-azure-native alone adds many seconds to start-up when loaded whole).
 */
function loadFactory(platform: Platform): PlatformServiceFactory {
  switch (platform) {
    case "kubernetes":
      return (require("./kubernetes/scaled-service") as { createScaledService: PlatformServiceFactory }).createScaledService;
    case "ecs":
      return (require("./ecs/scaled-service") as { createScaledService: PlatformServiceFactory }).createScaledService;
    case "container-apps":
      return (require("./container-apps/scaled-service") as { createScaledService: PlatformServiceFactory }).createScaledService;
    case "cloud-run":
      return (require("./cloud-run/scaled-service") as { createScaledService: PlatformServiceFactory }).createScaledService;
    default:
      throw new PolicyError([{ code: "invalid_value", path: ["platform"], message: mustBe(`one of ${oneOf(Object.values(Platform))}`, platform) }]);
  }
}

/** Validate a ScaledService (policy, compiled configuration, platform args); returns what creates its resources. */
export function planScaledService(name: string, args: ScaledServiceArgs): (opts: pulumi.ComponentResourceOptions) => PlatformServiceResult {
  return loadFactory(args.platform)(name, args);
}

/** The args with every credential (Prometheus credentials, Container App secrets) wrapped as a Pulumi secret. */
export function withSecretCredentials<A extends ScaledServicePlatformArgs>(args: A): A {
  return {
    ...args,
    ...(args.kubernetes ? { kubernetes: { ...args.kubernetes, prometheusCredentials: secretValues(args.kubernetes.prometheusCredentials), ...(args.kubernetes.sourceCredentials ? { sourceCredentials: Object.fromEntries(Object.entries(args.kubernetes.sourceCredentials).map(([k, v]) => [k, secretValues(v)!])) } : {}) } } : {}),
    ...(args.containerApps ? { containerApps: { ...args.containerApps, secrets: secretValues(args.containerApps.secrets) } } : {}),
  };
}

/**
 * One service: its workload and its autoscaling on the chosen platform, from one
 * ScalingPolicy. Kubernetes: Deployment + Service + HPA/KEDA/VPA; ECS: an existing or new Fargate
 * service + Application Auto Scaling; Container Apps: a Container App with its scale block;
 * Cloud Run: a service with its instance and concurrency settings.
 */
export class ScaledService extends pulumi.ComponentResource {
  public readonly platform: Platform;
  public readonly workloadName: pulumi.Output<string>;
  public readonly warnings: pulumi.Output<string[]>;
  public readonly platformComponent: pulumi.ComponentResource;

  constructor(name: string, args: ScaledServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const create = planScaledService(name, args);
    super(COMPONENT_TYPES.ScaledService.type, name, withSecretCredentials(args), componentOptions("ScaledService", name, opts));
    this.platform = args.platform;
    const result = create({ parent: this });
    this.platformComponent = result.component;
    this.workloadName = result.workloadName;
    this.warnings = pulumi.output(result.warnings);
    this.registerOutputs({ platform: this.platform, workloadName: this.workloadName, warnings: this.warnings });
  }
}
