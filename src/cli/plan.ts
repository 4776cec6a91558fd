import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import type { CapturedResource } from "../testing/pulumi";
import type { PlatformName } from "../targets/types";
import { InputError, UsageError, checkPlatform, loadPolicies, type CommandIO, stdio } from "./render";

export interface PlanArgs {
  stack?: string;
  file?: string;
  platform?: string;
  out?: string;
  /** Project root holding Pulumi.yaml (default: found upward from cwd). */
  root?: string;
  json?: boolean;
}

export interface PlannedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** Find the directory holding Pulumi.yaml, from `start` upward. */
export function findProjectRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, "Pulumi.yaml"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new InputError(`no Pulumi.yaml found in ${start} or above`);
    dir = up;
  }
}

/** Read Pulumi.yaml and Pulumi.<stack>.yaml: the program entry and the stack's config as Pulumi passes it. */
export function readStack(root: string, stack: string, opts: { optional?: boolean } = {}): { project: string; main: string; config: Record<string, string> } {
  const project = parse(readFileSync(join(root, "Pulumi.yaml"), "utf8")) as { name: string; main?: string; stackConfigDir?: string };
  const configDir = join(root, project.stackConfigDir ?? ".");
  const file = join(configDir, `Pulumi.${stack}.yaml`);
  if (!existsSync(file) && !opts.optional) throw new InputError(`no stack ${JSON.stringify(stack)}: ${file} does not exist`);
  const doc = (existsSync(file) ? parse(readFileSync(file, "utf8")) ?? {} : {}) as { config?: Record<string, unknown> };
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc.config ?? {})) {
    const key = k.includes(":") ? k : `${project.name}:${k}`;
    config[key] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return { project: project.name, main: join(root, project.main ?? "index.ts"), config };
}

/** Key scaling inputs of a resource, for the plan table. */
export function keyInputs(r: PlannedResource): string {
  const i = r.inputs as any;
  const s = i.spec;
  switch (r.type) {
    case "kubernetes:autoscaling/v2:HorizontalPodAutoscaler":
      return `min ${s.minReplicas} max ${s.maxReplicas}; ${s.metrics.map(describeHpaMetric).join(", ")}`;
    case "kubernetes:keda.sh/v1alpha1:ScaledObject":
      return `min ${s.minReplicaCount} max ${s.maxReplicaCount}; ${s.triggers.map((t: any) => `${t.type}${t.metadata.threshold ? ` threshold ${t.metadata.threshold}` : t.metadata.value ? ` ${t.metadata.value}` : ""}`).join(", ")}`;
    case "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler":
      return `updateMode ${s.updatePolicy.updateMode}`;
    case "kubernetes:apps/v1:Deployment":
      return s.replicas === undefined ? "no replicas (owned by the autoscaler or an external controller)" : `replicas ${s.replicas}`;
    case "aws:appautoscaling/target:Target":
      return `min ${i.minCapacity} max ${i.maxCapacity}`;
    case "aws:appautoscaling/policy:Policy": {
      const c = i.targetTrackingScalingPolicyConfiguration;
      if (!c) return i.policyType ?? "";
      const metric = c.predefinedMetricSpecification?.predefinedMetricType ?? c.customizedMetricSpecification?.metricName ?? "metric math";
      return `${metric} target ${c.targetValue}; cooldown out ${c.scaleOutCooldown ?? "-"} in ${c.scaleInCooldown ?? "-"}`;
    }
    case "azure-native:app:ContainerApp": {
      const sc = i.template?.scale;
      return sc ? `min ${sc.minReplicas} max ${sc.maxReplicas}; rules ${(sc.rules ?? []).map((x: any) => x.name).join(", ")}` : "";
    }
    case "gcp:cloudrunv2/service:Service": {
      const t = i.template;
      return `min ${t?.scaling?.minInstanceCount ?? "-"} max ${t?.scaling?.maxInstanceCount ?? "-"}; concurrency ${t?.maxInstanceRequestConcurrency ?? "-"}`;
    }
    default:
      return "";
  }
}

function describeHpaMetric(m: any): string {
  switch (m.type) {
    case "Resource":
      return `${m.resource.name} ${m.resource.target.averageUtilization ?? m.resource.target.averageValue}${m.resource.target.averageUtilization ? "%" : ""}`;
    case "ContainerResource":
      return `${m.containerResource.name}(${m.containerResource.container}) ${m.containerResource.target.averageUtilization ?? m.containerResource.target.averageValue}`;
    case "Pods":
      return `${m.pods.metric.name} ${m.pods.target.averageValue}/pod`;
    case "External":
      return `${m.external.metric.name} ${m.external.target.value ?? m.external.target.averageValue}`;
    default:
      return `${m.object.metric.name} ${m.object.target.value ?? m.object.target.averageValue}`;
  }
}

/**
 * Run a Pulumi program offline under mocks and return what `pulumi up` would register.
 * The program is loaded after the mocks and the stack's config are installed, as Pulumi's unit-test
 * docs require.
 */
export async function planProgram(main: string, project: string, stack: string, config: Record<string, string>): Promise<PlannedResource[]> {
  if (!existsSync(main)) throw new InputError(`the program ${main} does not exist (Pulumi.yaml \`main\`, default index.ts)`);
  if (main.endsWith(".ts") && !require.extensions[".ts"]) require("tsx/cjs");
  return underMocks(project, stack, config, () => {
    try {
      require(main);
    } catch (e) {
      if (e instanceof Error && e.name === "PolicyError") throw e;
      throw new InputError(`${main}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    }
  });
}

/**
 * Run `build` (which registers resources) against Pulumi mocks with the given config, wait for every
 * registration, and return what was registered. Without an engine Pulumi's log.info/warn print to the
 * console, so they go to stderr and stdout stays for the plan itself.
 */
async function underMocks(project: string, stack: string, config: Record<string, string>, build: () => void): Promise<PlannedResource[]> {
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  const { installPulumiMocks } = require("../testing/pulumi") as typeof import("../testing/pulumi");
  pulumi.runtime.setAllConfig(config);
  const mocks = await installPulumiMocks({ project, stack });
  const log = console.log;
  const info = console.info;
  console.log = console.info = (...a: unknown[]) => console.error(...a);
  try {
    build();
    await pulumi.runtime.disconnect();
  } finally {
    console.log = log;
    console.info = info;
  }
  return (await mocks.all()).map((r: CapturedResource) => ({ type: r.type, name: r.name, inputs: r.inputs }));
}

export function formatPlanTable(resources: PlannedResource[]): string {
  const rows = resources.map((r) => [r.type, r.name, keyInputs(r)]);
  const head = ["TYPE", "NAME", "KEY SCALING INPUTS"];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cols: string[]) => cols.map((x, c) => (c === cols.length - 1 ? x : x.padEnd(widths[c]!))).join("  ").trimEnd();
  return [line(head), ...rows.map(line)].join("\n") + "\n";
}

/** Marker polyscale leaves in a plan folder: the files it wrote, the only ones a later plan replaces. */
export const PLAN_MARKER = ".polyscale-plan.json";

/**
 * Write one JSON file per resource into `outDir`. A folder polyscale did not create (non-empty, no
 * marker) is refused; in its own folder polyscale removes only the files its marker lists.
 */
export function writePlan(outDir: string, resources: PlannedResource[]): void {
  const marker = join(outDir, PLAN_MARKER);
  if (existsSync(outDir)) {
    if (!statSync(outDir).isDirectory()) throw new UsageError(`--out ${outDir} is a file; give a folder`);
    if (existsSync(marker)) {
      const previous = (JSON.parse(readFileSync(marker, "utf8")) as { files?: unknown }).files;
      for (const f of Array.isArray(previous) ? previous : []) {
        if (typeof f === "string" && /^[^/\\]+\.json$/.test(f)) rmSync(join(outDir, f), { force: true });
      }
    } else if (readdirSync(outDir).length > 0) {
      throw new UsageError(`--out ${outDir} is not empty and was not written by polyscale plan (no ${PLAN_MARKER}); give a new or empty folder`);
    }
  }
  mkdirSync(outDir, { recursive: true });
  const files = resources.map((r, i) => {
    const file = `${String(i + 1).padStart(3, "0")}-${r.name.replace(/[^A-Za-z0-9._-]/g, "_")}.json`;
    writeFileSync(join(outDir, file), `${JSON.stringify({ type: r.type, name: r.name, inputs: r.inputs }, null, 2)}\n`);
    return file;
  });
  writeFileSync(marker, `${JSON.stringify({ writtenBy: "polyscale plan", files }, null, 2)}\n`);
}

/**
 * Plan a policy file: each service as a ScaledService on `platform`, with placeholder workload and
 * platform settings (image, resource group, location), under mocks.
 */
export async function planPolicyFile(file: string, platform: PlatformName): Promise<PlannedResource[]> {
  const { ScaledService } = require("../components/scaled-service") as typeof import("../components/scaled-service");
  const { toPolicyInput } = require("../components/policy-arg") as typeof import("../components/policy-arg");
  const policies = loadPolicies(file);
  return underMocks("polyscale-plan", "plan", {}, () => {
    for (const policy of policies) {
      const cpuRequest = policy.scaling?.metrics.some((m) => (m.kind === "cpu" || m.kind === "memory") && m.utilization !== undefined);
      new ScaledService(policy.service, {
        platform,
        policy: toPolicyInput(policy),
        workload: { image: `IMAGE/${policy.service}`, ...(platform === "kubernetes" && cpuRequest ? { resources: { cpu: "500m", memory: "512Mi" } } : {}), readinessProbe: { path: "/ready" } },
        ...(platform === "ecs" ? { ecs: { clusterName: policy.scaling?.ecs?.cluster ?? "CLUSTER", serviceName: policy.scaling?.ecs?.service ?? policy.service } } : {}),
        ...(platform === "container-apps" ? { containerApps: { resourceGroupName: "RESOURCE_GROUP", managedEnvironmentId: "/subscriptions/SUBSCRIPTION/resourceGroups/RESOURCE_GROUP/providers/Microsoft.App/managedEnvironments/ENVIRONMENT" } } : {}),
        ...(platform === "cloud-run" ? { cloudRun: { location: "LOCATION" } } : {}),
      });
    }
  });
}

/** `polyscale plan --stack NAME` (or `plan FILE --platform P`): print what `pulumi up` would create, with no cloud access. */
export async function runPlan(args: PlanArgs, io: CommandIO = stdio): Promise<number> {
  if (args.file) {
    if (args.stack || args.root) throw new UsageError("give a policy file or --stack/--dir, not both");
    if (!args.platform) throw new UsageError("plan FILE needs --platform");
    const resources = await planPolicyFile(args.file, checkPlatform(args.platform));
    if (args.json) io.out(`${JSON.stringify(resources, null, 2)}\n`);
    else {
      io.out(`Plan for ${args.file} on ${args.platform} (offline, Pulumi mocks; image and platform settings are placeholders): ${resources.length} resources\n\n`);
      io.out(formatPlanTable(resources));
    }
    if (args.out) writePlan(args.out, resources);
    return 0;
  }
  const root = args.root ? resolve(args.root) : findProjectRoot(process.cwd());
  const stack = args.stack ?? (args.root ? "dev" : undefined);
  if (!stack) throw new UsageError("plan needs --stack NAME (the stack's Pulumi.<stack>.yaml), or --dir DIR for a program folder");
  if (!existsSync(join(root, "Pulumi.yaml"))) throw new InputError(`no Pulumi.yaml in ${root}`);
  const { project, main, config } = readStack(root, stack, { optional: args.stack === undefined });
  const resources = await planProgram(main, project, stack, config);
  if (args.json) {
    io.out(`${JSON.stringify(resources, null, 2)}\n`);
  } else {
    io.out(`Plan for ${project}, stack ${stack} (offline, Pulumi mocks): ${resources.length} resources\n\n`);
    io.out(formatPlanTable(resources));
  }
  const outDir = args.out ?? join(root, "out", "plan", stack);
  writePlan(outDir, resources);
  if (!args.json) io.out(`\nFull inputs written to ${outDir}\n`);
  return 0;
}
