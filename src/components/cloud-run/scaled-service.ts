import { quantityValue } from "../../policy/units";
import { toPolicy, toPolicyInput, withPlan } from "../policy-arg";
import type { PlatformServiceFactory } from "../scaled-service";
import { DEFAULT_PORT, readinessWarning } from "../workload";
import { formatPath } from "../../policy/errors";
import { CloudRunService, planCloudRunService, type CloudRunServiceArgs } from "./service";

/**
 * ScaledService on Cloud Run: one `CloudRunService` from the policy and the platform-neutral workload.
 * Cloud Run sizes instances from `scaling.cloudRun.cpu` / `memory`; a workload `resources` value that
 * disagrees with them is an error (it would otherwise be dropped).
 */
export const createScaledService: PlatformServiceFactory = (name, args) => {
  const policy = toPolicy(args.policy);
  const cr = args.cloudRun;
  if (!cr) throw new Error(`ScaledService ${JSON.stringify(name)}: platform cloud-run needs the \`cloudRun\` block (location, optional project)`);
  const w = args.workload;
  const problems: string[] = [];
  const warnings: string[] = [];
  const opt = policy.scaling?.cloudRun;
  const cpuLimit = opt?.cpu ?? 1;
  const memLimit = opt?.memory ?? "512Mi";
  for (const [field, given] of [["cpu", w.resources?.limits?.cpu ?? w.resources?.cpu], ["memory", w.resources?.limits?.memory ?? w.resources?.memory]] as const) {
    if (given === undefined) continue;
    const want = field === "cpu" ? cpuLimit : quantityValue(memLimit)!;
    if (quantityValue(given) !== want) {
      problems.push(`workload.resources ${field} ${JSON.stringify(given)} differs from the Cloud Run instance ${field} ${field === "cpu" ? cpuLimit : JSON.stringify(memLimit)} (set scaling.cloudRun.${field} in the policy; Cloud Run has one limit per instance)`);
    }
  }
  if (w.resources?.limits && w.resources.cpu !== undefined && w.resources.limits.cpu !== undefined && quantityValue(w.resources.cpu) !== quantityValue(w.resources.limits.cpu)) {
    problems.push(`workload.resources cpu request ${JSON.stringify(w.resources.cpu)} and limit ${JSON.stringify(w.resources.limits.cpu)} differ; Cloud Run has only limits`);
  }
  if (w.readinessProbe?.initialDelaySeconds !== undefined) {
    problems.push("workload.readinessProbe.initialDelaySeconds is not supported by the Cloud Run v2 readiness probe (it has no initial delay); remove it");
  }
  if (w.metricsPort !== undefined) {
    problems.push("workload.metricsPort is not used on Cloud Run (no Prometheus scrape); remove it or use the kubernetes platform");
  }
  if (problems.length > 0) throw new Error(`ScaledService ${JSON.stringify(name)} on cloud-run:\n${problems.map((p) => ` - ${p}`).join("\n")}`);
  if (!w.readinessProbe && policy.scaling?.mode === "autoscale") warnings.push(readinessWarning(policy.service));

  const serviceArgs: CloudRunServiceArgs = {
    policy: toPolicyInput(policy),
    location: cr.location,
    ...(cr.project !== undefined ? { project: cr.project } : {}),
    ...(cr.notificationChannels !== undefined ? { notificationChannels: cr.notificationChannels } : {}),
    image: w.image,
    ...(w.labels !== undefined ? { templateLabels: w.labels } : {}),
    container: {
      port: w.port ?? DEFAULT_PORT,
      ...(w.env !== undefined ? { env: w.env } : {}),
      ...(w.readinessProbe !== undefined
        ? { readinessProbe: { path: w.readinessProbe.path, port: w.readinessProbe.port ?? w.port ?? DEFAULT_PORT, ...(w.readinessProbe.periodSeconds !== undefined ? { periodSeconds: w.readinessProbe.periodSeconds } : {}) } }
        : {}),
    },
  };
  withPlan(serviceArgs, planCloudRunService(serviceArgs));
  return (opts) => {
    const component = new CloudRunService(name, serviceArgs, opts);
    warnings.push(...component.warnings.map((d) => `${policy.service}: ${formatPath(d.path)}: ${d.message}`));
    return { component, workloadName: component.serviceName, warnings };
  };
};
