import * as pulumi from "@pulumi/pulumi";

/**
 * Component type tokens. `componentProviderHost` accepts only `<package>:index:<ClassName>`; the tokens
 * before it are kept as aliases so existing stacks keep their resources instead of replacing them
 * (https://www.pulumi.com/docs/iac/concepts/options/aliases/).
 */
export const COMPONENT_TYPES = {
  KubernetesScaling: { type: "polyscale:index:KubernetesScaling", legacy: "polyscale:kubernetes:ServiceScaling" },
  KubernetesService: { type: "polyscale:index:KubernetesService", legacy: "polyscale:kubernetes:Service" },
  EcsServiceScaling: { type: "polyscale:index:EcsServiceScaling", legacy: "polyscale:ecs:ServiceScaling" },
  EcsService: { type: "polyscale:index:EcsService", legacy: "polyscale:ecs:Service" },
  ContainerAppService: { type: "polyscale:index:ContainerAppService", legacy: "polyscale:azure:ContainerAppService" },
  CloudRunService: { type: "polyscale:index:CloudRunService", legacy: "polyscale:gcp:CloudRunService" },
  MembranePlatform: { type: "polyscale:index:MembranePlatform", legacy: "polyscale:membrane:Platform" },
  ScaledService: { type: "polyscale:index:ScaledService", legacy: undefined },
} as const;

export type ComponentClass = keyof typeof COMPONENT_TYPES;

/** The component's options with its legacy token added as an alias (the caller's aliases kept after it). */
export function componentOptions(cls: ComponentClass, opts: pulumi.ComponentResourceOptions | undefined): pulumi.ComponentResourceOptions {
  const legacy = COMPONENT_TYPES[cls].legacy;
  return legacy === undefined ? { ...opts } : { ...opts, aliases: [{ type: legacy }, ...(opts?.aliases ?? [])] };
}

const LEGACY_BY_TYPE: Record<string, string> = Object.fromEntries(
  Object.values(COMPONENT_TYPES).flatMap((t) => (t.legacy === undefined ? [] : [[t.type, t.legacy]])),
);

/**
 * The URN a child component had under the legacy tokens: `parentUrn`'s type chain written with the legacy
 * tokens, then the child's type and name (URN format: https://www.pulumi.com/docs/iac/concepts/resources/names/#urns).
 */
export function legacyChildUrn(parentUrn: string, childType: string, childName: string): string {
  const [head, project, chain] = parentUrn.split("::");
  const legacyChain = chain!.split("$").map((t) => LEGACY_BY_TYPE[t] ?? t).join("$");
  return `${head}::${project}::${legacyChain}$${childType}::${childName}`;
}

/** Credentials as Pulumi secrets before they reach a component's registered inputs (unset keys left out). */
export function secretValues(values: Record<string, pulumi.Input<string> | undefined> | undefined): Record<string, pulumi.Output<string>> | undefined {
  if (values === undefined) return undefined;
  return Object.fromEntries(Object.entries(values).flatMap(([k, v]) => (v === undefined ? [] : [[k, pulumi.secret(v)]])));
}
