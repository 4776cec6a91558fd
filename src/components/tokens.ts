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

/**
 * The component's options with its legacy token added as an alias (the caller's aliases kept after it).
 * At the stack's root the old URN is known now and is given as a string, which the SDK resolves through one
 * Output instead of the several a spec takes (collapseAliasToUrn, createUrn in @pulumi/pulumi resource.js);
 * under a parent, whose URN comes later, it is the spec `{ type }`. The engine resolves both to the same URN.
 */
export function componentOptions(cls: ComponentClass, name: string, opts: pulumi.ComponentResourceOptions | undefined): pulumi.ComponentResourceOptions {
  const legacy = COMPONENT_TYPES[cls].legacy;
  if (legacy === undefined) return { ...opts };
  return { ...opts, aliases: [opts?.parent === undefined ? rootUrn(legacy, name) : { type: legacy }, ...(opts?.aliases ?? [])] };
}

/** The URN of a resource parented to the stack (its type chain leaves out `pulumi:pulumi:Stack`). */
export function rootUrn(type: string, name: string): string {
  return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${type}::${name}`;
}

/** The URN of a child: its parent's type chain, then its own type and name. */
export function childUrn(parentUrn: string, childType: string, childName: string): string {
  return `${parentUrn.slice(0, parentUrn.lastIndexOf("::"))}$${childType}::${childName}`;
}

/**
 * The alias each child of `component` gets for the parent it had under the legacy tokens, a child component
 * `legacyType` named `legacyName`. At the stack's root it is the child's old URN as a string; under a parent
 * it is `{ parent }` with the old parent's URN, built from the component's once that is known.
 */
export function legacyParentAlias(
  component: pulumi.Resource,
  cls: ComponentClass,
  name: string,
  opts: pulumi.ComponentResourceOptions | undefined,
  legacyType: string,
  legacyName: string,
): (childType: string, childName: string) => pulumi.Input<string | pulumi.Alias> {
  if (opts?.parent === undefined) {
    const parentUrn = legacyChildUrn(rootUrn(COMPONENT_TYPES[cls].type, name), legacyType, legacyName);
    return (childType, childName) => childUrn(parentUrn, childType, childName);
  }
  const parent = component.urn.apply((urn) => legacyChildUrn(urn, legacyType, legacyName));
  return () => ({ parent });
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
