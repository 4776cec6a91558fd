import * as pulumi from "@pulumi/pulumi";
import { MEMBRANE_SERVICES, membranePolicies, type MembraneOptions, type MembraneService } from "../presets/membrane";
import type { Platform } from "../types";
import { toPolicy, toPolicyInput } from "./policy-arg";
import { ScaledService, planScaledService, withSecretCredentials, type ScaledServiceArgs, type ScaledServicePlatformArgs } from "./scaled-service";
import { COMPONENT_TYPES, componentOptions } from "./tokens";
import type { WorkloadArgs } from "./workload";

/** The port the Membrane services listen on (the seed's endpoints: api-service:5000, custom-code-runner:5000, ...). */
export const MEMBRANE_PORT = 5000;

export interface MembraneImages {
  /** Registry of `<registry>/<service>:<tag>`, for every service without an image in `byService`. */
  registry?: string;
  /** Tag of `<registry>/<service>:<tag>`. */
  tag?: string;
  /** An image per service (wins over registry + tag). */
  byService?: Partial<Record<MembraneService, pulumi.Input<string>>>;
}

export interface MembranePlatformArgs extends ScaledServicePlatformArgs {
  platform: Platform;
  /** Preset options (namespace, Prometheus address, worker engine, ECS cluster, Azure Monitor metric, ...). */
  options?: MembraneOptions;
  /** Images: one registry and tag for all (`<registry>/<service>:<tag>`), and/or an image per service. */
  images: MembraneImages;
  /**
   * Services to leave out. Every service the platform cannot run must be listed here (with the reason in
   * mind: e.g. workers on Cloud Run belong on GKE with KEDA), so nothing is dropped silently.
   */
  exclude?: MembraneService[];
  /** HTTP path of the services' readiness endpoint (recommended for every autoscaled service). */
  readinessPath?: string;
  /** Per-service workload overrides (resources, env, ...). */
  workloads?: Partial<Record<MembraneService, Partial<WorkloadArgs>>>;
}

/**
 * The seven Membrane services (API, instant tasks worker, queued tasks worker, custom code runner,
 * UI, console, orchestrator) on one platform, each a ScaledService built from its preset.
 */
export class MembranePlatform extends pulumi.ComponentResource {
  public readonly services: Record<string, ScaledService> = {};
  public readonly serviceNames: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: MembranePlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    const services = planMembranePlatform(name, args);
    super(COMPONENT_TYPES.MembranePlatform.type, name, withSecretCredentials(args), componentOptions("MembranePlatform", name, opts));
    const names: Record<string, pulumi.Output<string>> = {};
    for (const [id, serviceArgs] of services) {
      const svc = new ScaledService(`${name}-${id}`, serviceArgs, { parent: this });
      this.services[id] = svc;
      names[id] = svc.workloadName;
    }
    this.serviceNames = pulumi.output(names);
    this.registerOutputs({ serviceNames: this.serviceNames });
  }
}

/** The ScaledService args of every service, each validated; throws before anything is registered. */
function planMembranePlatform(name: string, args: MembranePlatformArgs): Array<[MembraneService, ScaledServiceArgs]> {
  const exclude = new Set(args.exclude ?? []);
  const { byService, unsupported } = membranePolicies(args.platform, args.options ?? {});
  const notExcluded = unsupported.filter((u) => !exclude.has(u.service));
  if (notExcluded.length > 0) {
    throw new Error(
      `${name}: ${args.platform} cannot run ${notExcluded.map((u) => u.service).join(", ")}; add ${notExcluded.length > 1 ? "them" : "it"} to \`exclude\`:\n` +
        notExcluded.map((u) => ` - ${u.reason}`).join("\n"),
    );
  }
  const planned: Array<[MembraneService, ScaledServiceArgs]> = [];
  for (const id of MEMBRANE_SERVICES) {
    const input = byService[id];
    if (exclude.has(id) || input === undefined) continue;
    const policy = toPolicy(input);
    const { registry, tag } = args.images;
    const image = args.images.byService?.[id] ?? (registry !== undefined && tag !== undefined ? `${registry}/${id}:${tag}` : undefined);
    if (image === undefined) throw new Error(`${name}: no image for ${id} (images.byService.${id}, or images.registry + images.tag)`);
    const k8sResources = args.platform === "kubernetes" ? { resources: { cpu: "500m", memory: "512Mi" } } : {};
    const workload: WorkloadArgs = {
      image,
      port: MEMBRANE_PORT,
      ...k8sResources,
      ...(args.readinessPath ? { readinessProbe: { path: args.readinessPath } } : {}),
      ...(args.workloads?.[id] ?? {}),
    };
    const ecs = args.ecs ? { ...args.ecs, ...(args.ecs.create ? {} : { serviceName: args.ecs.serviceName ?? policy.scaling?.ecs?.service ?? policy.service }) } : undefined;
    const serviceArgs: ScaledServiceArgs = {
      platform: args.platform,
      policy: toPolicyInput(policy),
      workload,
      ...(args.kubernetes ? { kubernetes: args.kubernetes } : {}),
      ...(ecs ? { ecs } : {}),
      ...(args.containerApps ? { containerApps: args.containerApps } : {}),
      ...(args.cloudRun ? { cloudRun: args.cloudRun } : {}),
    };
    planScaledService(`${name}-${id}`, serviceArgs);
    planned.push([id, serviceArgs]);
  }
  return planned;
}
