import * as pulumi from "@pulumi/pulumi";
import type * as args from "./args";

/**
 * The components as Pulumi's schema describes them: `polyscale:index:<ClassName>`, the union-free args of
 * ./args and the outputs a program in another language reads. Pulumi's analyzer reads these declarations
 * (it needs classes extending ComponentResource with an `args` interface); the provider constructs the
 * TypeScript components themselves (./provider.ts), so there is one implementation and no wrapper component.
 */

function declarationOnly(cls: string): never {
  throw new Error(`${cls} in polyscale/src/provider is the schema declaration; construct it through the provider (multi-language) or import it from polyscale (TypeScript)`);
}

/** Autoscaling of one Kubernetes workload: an HPA or a KEDA ScaledObject, an optional VPA, ServiceMonitor and alerts. */
export class KubernetesScaling extends pulumi.ComponentResource {
  /** `hpa`, `keda` or `none`. */
  declare readonly engine: pulumi.Output<string>;
  /** Name of the HPA on the cluster (KEDA's `keda-hpa-<name>` when KEDA owns it). */
  declare readonly hpaName: pulumi.Output<string | undefined>;
  constructor(name: string, args: args.KubernetesScalingArgs, opts?: pulumi.ComponentResourceOptions) {
    declarationOnly("KubernetesScaling");
    super("polyscale:index:KubernetesScaling", name, args, opts);
  }
}

/** One service on Kubernetes: Deployment + Service + its autoscaling. */
export class KubernetesService extends pulumi.ComponentResource {
  declare readonly deploymentName: pulumi.Output<string>;
  declare readonly serviceName: pulumi.Output<string>;
  constructor(name: string, args: args.KubernetesServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    declarationOnly("KubernetesService");
    super("polyscale:index:KubernetesService", name, args, opts);
  }
}

/** Application Auto Scaling for an existing ECS service. */
export class EcsServiceScaling extends pulumi.ComponentResource {
  /** `service/<cluster>/<service>`. */
  declare readonly resourceId: pulumi.Output<string>;
  constructor(name: string, args: args.EcsServiceScalingArgs, opts?: pulumi.ComponentResourceOptions) {
    declarationOnly("EcsServiceScaling");
    super("polyscale:index:EcsServiceScaling", name, args, opts);
  }
}

/** An Azure Container App scaled by a policy. */
export class ContainerAppService extends pulumi.ComponentResource {
  declare readonly latestRevisionFqdn: pulumi.Output<string>;
  constructor(name: string, args: args.ContainerAppServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    declarationOnly("ContainerAppService");
    super("polyscale:index:ContainerAppService", name, args, opts);
  }
}

/** A Cloud Run (v2) service scaled by a policy. */
export class CloudRunService extends pulumi.ComponentResource {
  declare readonly uri: pulumi.Output<string>;
  declare readonly serviceName: pulumi.Output<string>;
  constructor(name: string, args: args.CloudRunServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    declarationOnly("CloudRunService");
    super("polyscale:index:CloudRunService", name, args, opts);
  }
}

/** One service and its autoscaling on the chosen platform. */
export class ScaledService extends pulumi.ComponentResource {
  /** Platform workload name (Deployment, ECS service, Container App, Cloud Run service). */
  declare readonly workloadName: pulumi.Output<string>;
  declare readonly warnings: pulumi.Output<string[]>;
  constructor(name: string, args: args.ScaledServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    declarationOnly("ScaledService");
    super("polyscale:index:ScaledService", name, args, opts);
  }
}

/** The seven Membrane services on one platform. */
export class MembranePlatform extends pulumi.ComponentResource {
  /** Workload name by service. */
  declare readonly serviceNames: pulumi.Output<Record<string, string>>;
  constructor(name: string, args: args.MembranePlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    declarationOnly("MembranePlatform");
    super("polyscale:index:MembranePlatform", name, args, opts);
  }
}

export const SCHEMA_COMPONENTS = [KubernetesScaling, KubernetesService, EcsServiceScaling, ContainerAppService, CloudRunService, ScaledService, MembranePlatform];
