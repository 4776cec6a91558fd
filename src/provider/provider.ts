// The schema declarations first: Pulumi's analyzer follows this file's imports in order and takes the first
// class of each component name it meets.
import { SCHEMA_COMPONENTS } from "./components";
import * as pulumi from "@pulumi/pulumi";
import { main } from "@pulumi/pulumi/provider";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import type { ConstructResult } from "@pulumi/pulumi/provider";
import { CloudRunService } from "../components/cloud-run/service";
import { ContainerAppService } from "../components/container-apps/service";
import { EcsServiceScaling } from "../components/ecs/scaling";
import { KubernetesScaling } from "../components/kubernetes/scaling";
import { KubernetesService } from "../components/kubernetes/service";
import { MembranePlatform } from "../components/membrane-platform";
import { ScaledService } from "../components/scaled-service";
import type * as args from "./args";
import { membraneArgsFromProvider } from "./membrane-args";
import { componentArgs } from "./policy-inputs";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Built = { urn: pulumi.Output<string>; state: Record<string, unknown> };
type Builder = (name: string, inputs: any, opts: pulumi.ComponentResourceOptions) => Built;

/** Each component: provider inputs (./args) to the TypeScript component's args, and the outputs of its schema. */
export const BUILDERS: Record<string, Builder> = {
  KubernetesScaling: (name, a: args.KubernetesScalingArgs, opts) => {
    const c = new KubernetesScaling(name, componentArgs("KubernetesScaling", a), opts);
    return { urn: c.urn, state: { engine: c.engine, hpaName: c.hpaName } };
  },
  KubernetesService: (name, a: args.KubernetesServiceArgs, opts) => {
    const c = new KubernetesService(name, componentArgs("KubernetesService", a), opts);
    return { urn: c.urn, state: { deploymentName: c.deployment.metadata.name, serviceName: c.service.metadata.name } };
  },
  EcsServiceScaling: (name, a: args.EcsServiceScalingArgs, opts) => {
    const c = new EcsServiceScaling(name, componentArgs("EcsServiceScaling", a), opts);
    return { urn: c.urn, state: { resourceId: c.resourceId } };
  },
  ContainerAppService: (name, a: args.ContainerAppServiceArgs, opts) => {
    const c = new ContainerAppService(name, componentArgs("ContainerAppService", a), opts);
    return { urn: c.urn, state: { latestRevisionFqdn: c.latestRevisionFqdn } };
  },
  CloudRunService: (name, a: args.CloudRunServiceArgs, opts) => {
    const c = new CloudRunService(name, componentArgs("CloudRunService", a), opts);
    return { urn: c.urn, state: { uri: c.uri, serviceName: c.serviceName } };
  },
  ScaledService: (name, a: args.ScaledServiceArgs, opts) => {
    const c = new ScaledService(name, componentArgs("ScaledService", a), opts);
    return { urn: c.urn, state: { workloadName: c.workloadName, warnings: c.warnings } };
  },
  MembranePlatform: (name, a: args.MembranePlatformArgs, opts) => {
    const c = new MembranePlatform(name, membraneArgsFromProvider(a), opts);
    return { urn: c.urn, state: { serviceNames: c.serviceNames } };
  },
};

/**
 * The component provider: its schema comes from Pulumi's analyzer over ./components (as with
 * `componentProviderHost`); `construct` builds the TypeScript component itself from the union-free inputs.
 */
export class PolyscaleProvider extends ComponentProvider {
  override async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<ConstructResult> {
    ComponentProvider.validateResourceType("polyscale", type);
    const build = BUILDERS[type.split(":")[2]!];
    if (!build) throw new Error(`polyscale has no component ${JSON.stringify(type)} (components: ${Object.keys(BUILDERS).join(", ")})`);
    const { urn, state } = build(name, inputs, options);
    return { urn, state };
  }
}

/** The provider for this directory's schema declarations. */
export function polyscaleProvider(): PolyscaleProvider {
  return new PolyscaleProvider({ components: SCHEMA_COMPONENTS, name: "polyscale", dirname: __dirname });
}

/** Serve the provider to the Pulumi engine (the plugin's entry point). */
export function serveProvider(): Promise<void> {
  return main(polyscaleProvider(), process.argv.slice(2));
}
