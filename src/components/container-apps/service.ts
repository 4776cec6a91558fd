import * as pulumi from "@pulumi/pulumi";
import * as app from "@pulumi/azure-native/app";
import type { input } from "@pulumi/azure-native/types";
import { PolicyError, formatPath, type PolicyIssue } from "../../policy/errors";
import type { ScalingPolicy, ScalingPolicyInput } from "../../types";
import { planFor, toPolicy, toPolicyInput } from "../policy-arg";
import { COMPONENT_TYPES, componentOptions, secretValues } from "../tokens";

import type { Diagnostic } from "../../targets/types";
import { compileContainerApps, type ContainerAppScale } from "../../targets/container-apps/compile";
import { containerAppNameIssue } from "../../targets/resource-names";
import { planContainerAppsObservability, registerContainerAppsObservability, type ContainerAppsObservabilityResources } from "./observability";

export const CONTAINER_APP_COMPONENT_TYPE = COMPONENT_TYPES.ContainerAppService.type;

/** The autoscaling part of a Container App for a policy (pure: no resource is created). */
export interface ContainerAppScaleSettings {
  /** Put it at `template.scale` of your own `app.ContainerApp`. */
  scale: ContainerAppScale;
  /** Container App secrets (`configuration.secrets[].name`) the rules read: define each, marked secret. */
  secretRefs: string[];
  /**
   * The managed identity the app needs for rules with `identity` (`SystemAssigned`, `UserAssigned` or both,
   * plus the user-assigned ids), or undefined when no rule uses one.
   */
  identity?: { type: "SystemAssigned" | "UserAssigned" | "SystemAssigned,UserAssigned"; userAssignedIdentities?: string[] };
  /** True when a rule is `http` or `tcp`: the app needs `configuration.ingress`. */
  needsIngress: boolean;
  /** `configuration.ingress.transport` the rules need: `tcp` for a tcp rule, `http` for an http rule. */
  ingressTransport?: "http" | "tcp";
  warnings: Diagnostic[];
}

/**
 * The scale settings of a policy, for an `app.ContainerApp` you write yourself:
 *
 * ```ts
 * const s = containerAppScaleSettings(policy);
 * new app.ContainerApp("api", { resourceGroupName, environmentId, identity: s.identity,
 *   configuration: { ingress: { external: true, targetPort: 8080 },
 *     secrets: s.secretRefs.map((name) => ({ name, value: pulumi.secret(mySecrets[name]) })) },
 *   template: { containers: [{ name: "api", image }], scale: s.scale } });
 * ```
 */
export function containerAppScaleSettings(policy: ScalingPolicyInput): ContainerAppScaleSettings {
  const out = compileContainerApps(toPolicy(policy));
  const identities = new Set<string>();
  for (const r of out.scale.rules) if (r.custom?.identity) identities.add(r.custom.identity);
  const system = identities.delete("system");
  const users = [...identities].sort();
  const settings: ContainerAppScaleSettings = {
    scale: out.scale,
    secretRefs: out.secretRefs,
    needsIngress: out.needsIngress,
    ...(out.ingressTransport ? { ingressTransport: out.ingressTransport } : {}),
    warnings: out.warnings,
  };
  if (system || users.length > 0) {
    settings.identity = {
      type: system && users.length > 0 ? "SystemAssigned,UserAssigned" : system ? "SystemAssigned" : "UserAssigned",
      ...(users.length > 0 ? { userAssignedIdentities: users } : {}),
    };
  }
  return settings;
}

export interface ContainerAppServiceArgs {
  /** The scaling policy: plain data, validated before anything is registered (a parsed policy: `toPolicyInput(p)`). */
  policy: ScalingPolicyInput;
  resourceGroupName: pulumi.Input<string>;
  /** Resource id of the Container Apps managed environment. */
  environmentId: pulumi.Input<string>;
  image: pulumi.Input<string>;
  /** Container name. @default the policy's `service` */
  containerName?: pulumi.Input<string>;
  /** vCPU of the container (e.g. 0.5). */
  cpu?: pulumi.Input<number>;
  /** Memory of the container (e.g. "1Gi"); must match the platform's cpu/memory pairs. */
  memory?: pulumi.Input<string>;
  /** Port the container listens on. Required when the policy compiles to an http or tcp rule (ingress must be on). */
  ingressTargetPort?: pulumi.Input<number>;
  /**
   * TCP ingress only (an `inFlight` metric with `protocol: tcp`): the port the environment exposes
   * (`configuration.ingress.exposedPort`; unique per environment when the ingress is external).
   */
  ingressExposedPort?: pulumi.Input<number>;
  /** Accept traffic from outside the environment. @default false */
  externalIngress?: pulumi.Input<boolean>;
  /** Container App name. @default the policy's `service` */
  containerAppName?: pulumi.Input<string>;
  location?: pulumi.Input<string>;
  /**
   * Values of the Container App secrets the scale rules read (`scaling.containerApps.rules[].auth[].secretRef`,
   * and the defaults for prometheus `auth`). They are stored in `configuration.secrets`, marked secret.
   */
  secrets?: Record<string, pulumi.Input<string>>;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Environment variables of the container (plain values; use `secrets` for secret ones). */
  env?: Record<string, pulumi.Input<string>>;
  /** HTTP readiness probe: replicas get traffic, and count for scaling, only once ready. */
  readinessProbe?: { path: string; port?: number; periodSeconds?: number; initialDelaySeconds?: number };
  /** Azure Monitor action group ids the policy's alerts notify (`alerts`). */
  actionGroupIds?: pulumi.Input<string>[];
  /**
   * Resource id of the Log Analytics workspace the managed environment sends its system logs to. The `flapping` and
   * `metricUnavailable` alerts are log search alerts on it; without it they are not created (a warning says so).
   */
  logAnalyticsWorkspaceId?: pulumi.Input<string>;
}

/**
 * An Azure Container App in a given managed environment, scaled by a polyscale policy (`template.scale`:
 * min/max replicas, cooldown and polling interval, http / cpu / memory / azure-monitor / prometheus / cron rules).
 * Scale-rule credentials enter as Pulumi inputs and go to `configuration.secrets` as secrets; rules reference
 * them by name. Compiler warnings are logged on the component.
 */
export class ContainerAppService extends pulumi.ComponentResource {
  readonly containerApp: app.ContainerApp;
  readonly latestRevisionFqdn: pulumi.Output<string>;
  /** The secrets passed to `configuration.secrets` (values are secret Outputs). */
  readonly secrets: pulumi.Output<Array<{ name: string; value: string }>>;
  readonly warnings: Diagnostic[];
  /** The metric alerts, log search alerts and workbook of the policy's `alerts` and `dashboard` (no alert when min == max). */
  readonly observability: ContainerAppsObservabilityResources;

  constructor(name: string, args: ContainerAppServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const { policy, settings, given, observability } = planFor(args, () => planContainerAppService(args));
    super(CONTAINER_APP_COMPONENT_TYPE, name, { ...args, secrets: secretValues(args.secrets) }, componentOptions("ContainerAppService", name, opts));
    this.warnings = [...settings.warnings, ...observability.warnings];
    for (const w of this.warnings) {
      const log = w.severity === "warning" ? pulumi.log.warn : pulumi.log.info;
      void log(`${formatPath(w.path)}: ${w.message}`, this);
    }

    const secretList = Object.keys(given)
      .sort()
      .map((secretName) => ({ name: secretName, value: pulumi.secret(given[secretName]!) }));
    this.secrets = pulumi.output(secretList) as pulumi.Output<Array<{ name: string; value: string }>>;

    const configuration: app.ContainerAppArgs["configuration"] = {
      activeRevisionsMode: "Single",
      ...(args.ingressTargetPort !== undefined ? { ingress: ingressOf(args, settings.ingressTransport) } : {}),
      ...(secretList.length > 0 ? { secrets: secretList } : {}),
    };
    const resources = args.cpu !== undefined || args.memory !== undefined ? { ...(args.cpu !== undefined ? { cpu: args.cpu } : {}), ...(args.memory !== undefined ? { memory: args.memory } : {}) } : undefined;

    this.containerApp = new app.ContainerApp(
      name,
      {
        resourceGroupName: args.resourceGroupName,
        containerAppName: args.containerAppName ?? policy.service,
        environmentId: args.environmentId,
        ...(args.location !== undefined ? { location: args.location } : {}),
        ...(args.tags !== undefined ? { tags: args.tags } : {}),
        ...(settings.identity ? { identity: settings.identity } : {}),
        configuration,
        template: {
          containers: [
            {
              name: args.containerName ?? policy.service,
              image: args.image,
              ...(resources ? { resources } : {}),
              ...(args.env ? { env: Object.entries(args.env).map(([k, v]) => ({ name: k, value: v })) } : {}),
              ...(args.readinessProbe
                ? {
                    probes: [
                      {
                        type: "Readiness",
                        httpGet: { path: args.readinessProbe.path, port: args.readinessProbe.port ?? args.ingressTargetPort ?? 80 },
                        ...(args.readinessProbe.periodSeconds !== undefined ? { periodSeconds: args.readinessProbe.periodSeconds } : {}),
                        ...(args.readinessProbe.initialDelaySeconds !== undefined ? { initialDelaySeconds: args.readinessProbe.initialDelaySeconds } : {}),
                      },
                    ],
                  }
                : {}),
            },
          ],
          scale: settings.scale,
        },
      },
      { parent: this, additionalSecretOutputs: ["configuration"] },
    );
    this.latestRevisionFqdn = this.containerApp.latestRevisionFqdn;
    this.observability = registerContainerAppsObservability(this, name, observability, {
      policy,
      containerAppId: this.containerApp.id,
      containerAppName: args.containerAppName ?? policy.service,
      resourceGroupName: args.resourceGroupName,
      ...(args.location !== undefined ? { location: args.location } : {}),
      ...(args.actionGroupIds !== undefined ? { actionGroupIds: args.actionGroupIds } : {}),
      ...(args.logAnalyticsWorkspaceId !== undefined ? { logAnalyticsWorkspaceId: args.logAnalyticsWorkspaceId } : {}),
    });
    this.registerOutputs({ latestRevisionFqdn: this.latestRevisionFqdn });
  }
}

/** `configuration.ingress`: transport `tcp` (and its exposed port) when the policy compiles to a tcp rule. */
function ingressOf(args: ContainerAppServiceArgs, transport: "http" | "tcp" | undefined): input.app.IngressArgs {
  return {
    targetPort: args.ingressTargetPort!,
    external: args.externalIngress ?? false,
    ...(transport === "tcp" ? { transport: "tcp" } : {}),
    ...(transport === "tcp" && args.ingressExposedPort !== undefined ? { exposedPort: args.ingressExposedPort } : {}),
  };
}

/** The validated policy and its scale settings; throws (PolicyError) before anything is registered. */
export function planContainerAppService(args: Omit<ContainerAppServiceArgs, "policy"> & { policy: ScalingPolicyInput | ScalingPolicy }) {
  const policy = toPolicy(args.policy);
  const settings = containerAppScaleSettings(toPolicyInput(policy));
  const issues: PolicyIssue[] = [];
  const given = args.secrets ?? {};
  for (const ref of settings.secretRefs) {
    if (!(ref in given)) {
      issues.push({ code: "missing_secret", path: ["scaling", "containerApps", "rules"], message: `a scale rule reads Container App secret ${JSON.stringify(ref)}: pass its value in \`secrets\` of ContainerAppService (a pulumi.Input<string>, stored as a secret)` });
    }
  }
  if (settings.needsIngress && args.ingressTargetPort === undefined) {
    issues.push({ code: "missing_ingress", path: ["scaling", "metrics"], message: `compiles to ${settings.ingressTransport === "tcp" ? "a tcp" : "an http"} scale rule, which needs ingress: pass \`ingressTargetPort\` to ContainerAppService` });
  }
  if (args.ingressExposedPort !== undefined && settings.ingressTransport !== "tcp") {
    issues.push({ code: "unsupported", path: ["scaling", "metrics"], message: "has no tcp rule, so the ingress is http and `ingressExposedPort` (TCP ingress only) cannot be used: remove it, or scale on an inFlight metric with protocol: tcp" });
  }
  // The Container App is named after the service unless `containerAppName` is given; ARM refuses some DNS labels.
  const nameIssue = args.containerAppName === undefined ? containerAppNameIssue(policy.service, ["service"], "pass `containerAppName` to ContainerAppService") : undefined;
  if (nameIssue) issues.push(nameIssue);
  if (issues.length > 0) throw new PolicyError(issues, `Policy for ${JSON.stringify(policy.service)} cannot be deployed on container-apps`);
  return { policy, settings, given, observability: planContainerAppsObservability(policy, args.logAnalyticsWorkspaceId !== undefined) };
}
