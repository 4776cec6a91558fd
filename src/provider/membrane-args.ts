import type * as pulumi from "@pulumi/pulumi";
import type { MembranePlatformArgs as ComponentArgs } from "../components/membrane-platform";
import type { WorkloadArgs } from "../components/workload";
import { PolicyError, type PathSegment, type PolicyIssue } from "../policy/errors";
import { mustBe, oneOf, suggest } from "../policy/messages";
import { MEMBRANE_SERVICES, membraneEngineIssue, type MembraneOptions, type MembraneService } from "../presets/membrane";
import type { MembranePlatformArgs } from "./args";

/**
 * The provider's MembranePlatform args (the preset's options at the top level, service names as plain strings)
 * as the TypeScript component's. A name that is not a Membrane service, in `exclude`, `names`, `workloads` or
 * `images.byService`, and an engine other than keda or hpa are errors at their paths (the provider's flat
 * paths, all in one error): from another language nothing checks them before this.
 */
export function membraneArgsFromProvider(a: MembranePlatformArgs): ComponentArgs {
  const { platform, images, exclude, readinessPath, workloads, names, kubernetes, ecs, containerApps, cloudRun, ...options } = a;
  const issues: PolicyIssue[] = [];
  exclude?.forEach((s, i) => serviceIssue(s, ["exclude", i], issues));
  for (const [field, map] of [[["names"], names], [["workloads"], workloads], [["images", "byService"], images.byService]] as const) {
    for (const key of Object.keys(map ?? {})) serviceIssue(key, [...field, key], issues);
  }
  const engineIssue = membraneEngineIssue(options.kubernetesEngine, ["kubernetesEngine"]);
  if (engineIssue) issues.push(engineIssue);
  if (issues.length > 0) throw new PolicyError(issues, "Invalid MembranePlatform args");
  const byService = images.byService as Partial<Record<MembraneService, pulumi.Input<string>>> | undefined;
  return {
    platform,
    images: { ...images, ...(byService ? { byService } : {}) },
    ...(exclude !== undefined ? { exclude: exclude as MembraneService[] } : {}),
    ...(readinessPath !== undefined ? { readinessPath } : {}),
    ...(workloads !== undefined ? { workloads: workloads as Partial<Record<MembraneService, Partial<WorkloadArgs>>> } : {}),
    ...(kubernetes !== undefined ? { kubernetes } : {}),
    ...(ecs !== undefined ? { ecs } : {}),
    ...(containerApps !== undefined ? { containerApps } : {}),
    ...(cloudRun !== undefined ? { cloudRun } : {}),
    options: { ...options, ...(names !== undefined ? { names: names as MembraneOptions["names"] } : {}) },
  };
}

function serviceIssue(name: string, path: PathSegment[], issues: PolicyIssue[]): void {
  if ((MEMBRANE_SERVICES as readonly string[]).includes(name)) return;
  issues.push({ code: "invalid_value", path, message: `${mustBe(`a Membrane service (${oneOf(MEMBRANE_SERVICES)})`, name)}${suggest(name, MEMBRANE_SERVICES)}` });
}
