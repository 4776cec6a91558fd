import type * as pulumi from "@pulumi/pulumi";
import type { MembraneCommonOptions } from "../presets/membrane";
import type { AzureMonitorSettingsInput } from "../types";
import type { PolicyArgs } from "./policy-args";

/**
 * Args of the components as Pulumi's schema can express them (no TypeScript unions), for Python, Go, .NET and
 * YAML programs. The fields are written out, not derived (`Omit<ContainerAppServiceArgs, "policy">` reaches the
 * schema as `Any` for every field). The policy is given as an object in the shape of a policy file (`policy`,
 * ./policy-args) or as the text of one policy document (`policyDocument`, YAML or JSON), exactly one of the two;
 * either is validated by the same model as the TypeScript API.
 */

/** Where a ScaledService runs. */
export enum PlatformName {
  Kubernetes = "kubernetes",
  Ecs = "ecs",
  ContainerApps = "container-apps",
  CloudRun = "cloud-run",
}

export interface PrometheusCredentialsArgs {
  bearerToken?: pulumi.Input<string>;
  username?: pulumi.Input<string>;
  password?: pulumi.Input<string>;
}

export interface ReadinessProbeArgs {
  path: string;
  port?: number;
  periodSeconds?: number;
  initialDelaySeconds?: number;
}

export interface ResourceLimitsArgs {
  cpu?: string;
  memory?: string;
}

export interface ResourcesArgs {
  cpu?: string;
  memory?: string;
  limits?: ResourceLimitsArgs;
}

export interface WorkloadArgs extends WorkloadSettingsArgs {
  /** Container image. */
  image: pulumi.Input<string>;
}

/** A workload's settings besides its image. */
export interface WorkloadSettingsArgs {
  /** Port the container serves on (default 8080). */
  port?: number;
  /** Resource requests; required for cpu/memory utilisation targets. */
  resources?: ResourcesArgs;
  env?: Record<string, pulumi.Input<string>>;
  readinessProbe?: ReadinessProbeArgs;
  /** Port serving Prometheus metrics, when it is not `port`. */
  metricsPort?: number;
  labels?: Record<string, string>;
}

export interface KubernetesScalingArgs {
  /** The scaling policy, in the shape of a policy file (durations and quantities as strings). Give this or `policyDocument`. */
  policy?: PolicyArgs;
  /** The scaling policy as the text of one YAML or JSON policy document (e.g. `fn::readFile`). Give this or `policy`. */
  policyDocument?: string;
  /** Credentials for the policy's Prometheus auth (stored as a Secret; pass secrets). */
  prometheusCredentials?: PrometheusCredentialsArgs;
  /** Event sources' credentials by `from` key, then Secret key (stored as `<service>-<source>-auth` Secrets; pass secrets). */
  sourceCredentials?: Record<string, Record<string, pulumi.Input<string>>>;
}

export interface KubernetesServiceArgs {
  /** The scaling policy, in the shape of a policy file (durations and quantities as strings). Give this or `policyDocument`. */
  policy?: PolicyArgs;
  /** The scaling policy as the text of one YAML or JSON policy document (e.g. `fn::readFile`). Give this or `policy`. */
  policyDocument?: string;
  workload: WorkloadArgs;
  prometheusCredentials?: PrometheusCredentialsArgs;
  sourceCredentials?: Record<string, Record<string, pulumi.Input<string>>>;
}

export interface EcsServiceScalingArgs {
  /** The scaling policy, in the shape of a policy file (durations and quantities as strings). Give this or `policyDocument`. */
  policy?: PolicyArgs;
  /** The scaling policy as the text of one YAML or JSON policy document (e.g. `fn::readFile`). Give this or `policy`. */
  policyDocument?: string;
  clusterName?: pulumi.Input<string>;
  serviceName?: pulumi.Input<string>;
  roleArn?: pulumi.Input<string>;
  tags?: Record<string, pulumi.Input<string>>;
  /** SNS topic ARNs for the policy's `alerts` (CloudWatch alarms). */
  alarmActions?: pulumi.Input<string>[];
  /** AWS region of the policy's `dashboard` widgets. */
  region?: string;
}

export interface ContainerAppServiceArgs {
  /** The scaling policy, in the shape of a policy file (durations and quantities as strings). Give this or `policyDocument`. */
  policy?: PolicyArgs;
  /** The scaling policy as the text of one YAML or JSON policy document (e.g. `fn::readFile`). Give this or `policy`. */
  policyDocument?: string;
  resourceGroupName: pulumi.Input<string>;
  environmentId: pulumi.Input<string>;
  image: pulumi.Input<string>;
  containerName?: pulumi.Input<string>;
  cpu?: pulumi.Input<number>;
  memory?: pulumi.Input<string>;
  ingressTargetPort?: pulumi.Input<number>;
  /** TCP ingress only: the port the environment exposes. */
  ingressExposedPort?: pulumi.Input<number>;
  externalIngress?: pulumi.Input<boolean>;
  containerAppName?: pulumi.Input<string>;
  location?: pulumi.Input<string>;
  /** Values of the Container App secrets the scale rules read (pass secrets). */
  secrets?: Record<string, pulumi.Input<string>>;
  tags?: Record<string, pulumi.Input<string>>;
  env?: Record<string, pulumi.Input<string>>;
  readinessProbe?: ReadinessProbeArgs;
  /** Azure Monitor action groups the policy's `alerts` notify (metric alerts). */
  actionGroupIds?: pulumi.Input<string>[];
  /** Log Analytics workspace of the managed environment (flapping and metric-unavailable log search alerts). */
  logAnalyticsWorkspaceId?: pulumi.Input<string>;
}

export interface CloudRunContainerArgs {
  port?: number;
  env?: Record<string, pulumi.Input<string>>;
  readinessProbe?: ReadinessProbeArgs;
}

export interface CloudRunServiceArgs {
  /** The scaling policy, in the shape of a policy file (durations and quantities as strings). Give this or `policyDocument`. */
  policy?: PolicyArgs;
  /** The scaling policy as the text of one YAML or JSON policy document (e.g. `fn::readFile`). Give this or `policy`. */
  policyDocument?: string;
  location: pulumi.Input<string>;
  image?: pulumi.Input<string>;
  project?: pulumi.Input<string>;
  serviceName?: pulumi.Input<string>;
  deletionProtection?: pulumi.Input<boolean>;
  ingress?: pulumi.Input<string>;
  serviceAccount?: pulumi.Input<string>;
  labels?: Record<string, pulumi.Input<string>>;
  templateLabels?: Record<string, pulumi.Input<string>>;
  container?: CloudRunContainerArgs;
  /** Notification channels of the policy's `alerts` (Cloud Monitoring alert policies). */
  notificationChannels?: pulumi.Input<string>[];
}

export interface ScaledServiceKubernetesArgs {
  prometheusCredentials?: PrometheusCredentialsArgs;
  sourceCredentials?: Record<string, Record<string, pulumi.Input<string>>>;
}

export interface EcsLoadBalancerArgs {
  targetGroupArn: pulumi.Input<string>;
  containerName: pulumi.Input<string>;
  containerPort: pulumi.Input<number>;
}

export interface EcsCreateArgs {
  clusterArn: pulumi.Input<string>;
  taskDefinitionArn: pulumi.Input<string>;
  subnetIds: pulumi.Input<string>[];
  securityGroupIds?: pulumi.Input<string>[];
  assignPublicIp?: boolean;
  loadBalancers?: EcsLoadBalancerArgs[];
}

export interface ScaledServiceEcsArgs {
  clusterName: pulumi.Input<string>;
  serviceName?: pulumi.Input<string>;
  create?: EcsCreateArgs;
  /** SNS topic ARNs the policy's `alerts` (CloudWatch alarms) notify. */
  alarmActions?: pulumi.Input<string>[];
  /** AWS region of the policy's `dashboard` widgets. */
  region?: string;
}

export interface ScaledServiceContainerAppsArgs {
  resourceGroupName: pulumi.Input<string>;
  managedEnvironmentId: pulumi.Input<string>;
  location?: pulumi.Input<string>;
  secrets?: Record<string, pulumi.Input<string>>;
  /** Azure Monitor action groups the policy's `alerts` (metric and log search alerts) notify. */
  actionGroupIds?: pulumi.Input<string>[];
  /** Log Analytics workspace of the managed environment (flapping and metric-unavailable log search alerts). */
  logAnalyticsWorkspaceId?: pulumi.Input<string>;
}

export interface ScaledServiceCloudRunArgs {
  location: pulumi.Input<string>;
  project?: pulumi.Input<string>;
  /** Cloud Monitoring notification channels the policy's `alerts` (alert policies) notify. */
  notificationChannels?: pulumi.Input<string>[];
}

export interface ScaledServiceArgs {
  platform: PlatformName;
  /** The scaling policy, in the shape of a policy file (durations and quantities as strings). Give this or `policyDocument`. */
  policy?: PolicyArgs;
  /** The scaling policy as the text of one YAML or JSON policy document (e.g. `fn::readFile`). Give this or `policy`. */
  policyDocument?: string;
  workload: WorkloadArgs;
  kubernetes?: ScaledServiceKubernetesArgs;
  ecs?: ScaledServiceEcsArgs;
  containerApps?: ScaledServiceContainerAppsArgs;
  cloudRun?: ScaledServiceCloudRunArgs;
}

export interface MembraneImagesArgs {
  registry?: string;
  tag?: string;
  /** An image per service name (api-service, instant-tasks-worker, ...). */
  byService?: Record<string, pulumi.Input<string>>;
}

/** More settings of the Azure Monitor metric the instant tasks worker scales on (Container Apps; every field optional). */
export interface MembraneAzureMonitorArgs extends AzureMonitorSettingsInput {
  metricName?: string;
  resourceId?: string;
}

/** A Membrane service's workload overrides (every field optional; the image defaults to `images`). */
export interface MembraneWorkloadArgs extends WorkloadSettingsArgs {
  image?: pulumi.Input<string>;
}

/**
 * MembranePlatform's args. The TypeScript component's `options` (the preset's options) are written at the top
 * level here. Maps and lists keyed by service take the service names (api, instant-tasks-worker,
 * queued-tasks-worker, custom-code-runner, ui, console, orchestrator); another name is an error.
 */
export interface MembranePlatformArgs extends MembraneCommonOptions {
  platform: PlatformName;
  images: MembraneImagesArgs;
  /** Services to leave out (service names). */
  exclude?: string[];
  readinessPath?: string;
  /** Per-service workload overrides, by service name. */
  workloads?: Record<string, MembraneWorkloadArgs>;
  /** More KEDA azure-monitor settings for the instant tasks worker's metric (tenantId, metricAggregationType, ...). */
  azureMonitor?: MembraneAzureMonitorArgs;
  /** The policy's `service` name per Membrane service, by service name. */
  names?: Record<string, string>;
  kubernetes?: ScaledServiceKubernetesArgs;
  ecs?: ScaledServiceEcsArgs;
  containerApps?: ScaledServiceContainerAppsArgs;
  cloudRun?: ScaledServiceCloudRunArgs;
}
