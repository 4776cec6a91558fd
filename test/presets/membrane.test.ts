import { describe, expect, it } from "vitest";
import { PolicyError, parsePolicy } from "../../src/policy";
import {
  MEMBRANE_SERVICES,
  membraneInstantTasksWorker,
  membranePolicies,
  membranePolicy,
  membraneQueuedTasksWorker,
  type MembraneService,
} from "../../src/presets";
import { loadTarget } from "../../src/targets";
import { compileKubernetes, type KubernetesOutput, type Manifest } from "../../src/targets/kubernetes";
import { applyHpaServerDefaults, fencedYamlBlocks, manifestNamed, seedText } from "../helpers/seeds";
import { validateManifest } from "../helpers/strict-schema";
import { policyErrorOf } from "../helpers/policy-error";

/**
 * Expected values come from the seed (test/fixtures/seeds/membrane-autoscaling-multicloud.md, a verbatim
 * copy): its recommendation tables, its YAML manifests and its CLI commands.
 */
const SEED = seedText("membrane-autoscaling-multicloud.md");
const BLOCKS = fencedYamlBlocks(SEED);

/** Rows of the markdown table under `heading`. */
function markdownTable(heading: string): Record<string, string>[] {
  const lines = SEED.split("\n");
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`no heading ${heading}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "") {
      if (rows.length > 0) break;
      continue;
    }
    if (!line.trim().startsWith("|")) break;
    rows.push(line.trim().slice(1, -1).split("|").map((c) => c.trim()));
  }
  const [header, , ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

const SEED_SERVICE_NAMES: Record<string, MembraneService> = {
  API: "api",
  "Instant Worker": "instant-tasks-worker",
  "Queued Worker": "queued-tasks-worker",
  "Custom Code Runner": "custom-code-runner",
  UI: "ui",
  Console: "console",
  Orchestrator: "orchestrator",
};

const RECOMMENDED = new Map(
  markdownTable("### Production Workload Recommendations").map((r) => [SEED_SERVICE_NAMES[r.Service!]!, r] as const),
);

/** "- **Scale Up:** Fast (0-15 seconds)" -> [0, 15] */
function cooldownRange(label: "Scale Up" | "Scale Down"): [number, number] {
  const m = new RegExp(`\\*\\*${label}:\\*\\* \\w+ \\((\\d+)-(\\d+) seconds\\)`).exec(SEED);
  if (!m) throw new Error(`no ${label} cooldown in seed`);
  return [Number(m[1]), Number(m[2])];
}
const UP = cooldownRange("Scale Up");
const DOWN = cooldownRange("Scale Down");

function k8s(service: MembraneService, options = {}): KubernetesOutput {
  return compileKubernetes(parsePolicy(membranePolicy(service, "kubernetes", options)));
}

function only(out: { manifests: Manifest[] }, kind: string): any {
  const found = out.manifests.filter((m) => m.kind === kind);
  expect(found, `exactly one ${kind}`).toHaveLength(1);
  return found[0]!;
}

/** The seed's ScaledObject, with block-scalar queries trimmed. */
function seedScaledObject(name: string): any {
  const so = structuredClone(manifestNamed(BLOCKS, "ScaledObject", name));
  for (const t of so.spec.triggers) t.metadata.query = t.metadata.query.trim();
  return so;
}

describe("Membrane presets on Kubernetes follow the seed", () => {
  it("the recommendation table lists exactly the seven preset services", () => {
    expect([...RECOMMENDED.keys()].sort()).toEqual([...MEMBRANE_SERVICES].sort());
    expect(UP).toEqual([0, 15]);
    expect(DOWN).toEqual([300, 600]);
  });

  it.each([...MEMBRANE_SERVICES])("%s parses and compiles to manifests the upstream schemas accept, with the table's replica bounds", (service) => {
    const row = RECOMMENDED.get(service)!;
    const policy = parsePolicy(membranePolicy(service, "kubernetes"));
    expect(policy.namespace).toBe("membrane");
    expect(policy.scaling!.replicas).toEqual({ min: Number(row["Min Replicas"]), max: Number(row["Max Replicas"]) });
    const out = compileKubernetes(policy);
    for (const m of out.manifests) expect(validateManifest(m), `${m.kind} ${m.metadata.name}`).toEqual([]);
    if (row["Scaling Metric"] === "Fixed") {
      expect(policy.scaling!.mode).toBe("fixed");
      expect(out.engine).toBe("none");
      expect(out.manifests.filter((m) => m.kind === "HorizontalPodAutoscaler" || m.kind === "ScaledObject")).toEqual([]);
      return;
    }
    const scaler = out.engine === "hpa" ? only(out, "HorizontalPodAutoscaler") : only(out, "ScaledObject");
    const [min, max] = out.engine === "hpa" ? [scaler.spec.minReplicas, scaler.spec.maxReplicas] : [scaler.spec.minReplicaCount, scaler.spec.maxReplicaCount];
    expect([min, max]).toEqual([Number(row["Min Replicas"]), Number(row["Max Replicas"])]);
  });

  it.each(["api", "ui", "console"] as const)("%s scales on CPU at the table's threshold, fast up and slow down", (service) => {
    const row = RECOMMENDED.get(service)!;
    expect(row["Scaling Metric"]).toBe("CPU");
    const hpa = only(k8s(service), "HorizontalPodAutoscaler");
    expect(hpa.spec.metrics).toEqual([{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: Number.parseInt(row.Threshold!, 10) } } }]);
    expect(hpa.spec.behavior.scaleUp.stabilizationWindowSeconds).toBeGreaterThanOrEqual(UP[0]);
    expect(hpa.spec.behavior.scaleUp.stabilizationWindowSeconds).toBeLessThanOrEqual(UP[1]);
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBeGreaterThanOrEqual(DOWN[0]);
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBeLessThanOrEqual(DOWN[1]);
  });

  it("api compiles to the seed's api-hpa (as the API server stores it)", () => {
    expect(only(k8s("api"), "HorizontalPodAutoscaler")).toEqual(applyHpaServerDefaults(manifestNamed(BLOCKS, "HorizontalPodAutoscaler", "api-hpa")));
  });

  it("api gets a ServiceMonitor for the seed's metrics endpoint (it serves the task-queue metrics the workers scale on)", () => {
    const endpoint = /### API Service Metrics\s+\*\*Endpoint:\*\* `http:\/\/[^:]+:(\d+)(\/[^`]*)`/.exec(SEED)!;
    const sm = only(k8s("api"), "ServiceMonitor");
    expect(sm.spec.endpoints).toEqual([{ targetPort: Number(endpoint[1]), path: endpoint[2], interval: "15s" }]);
    expect(k8s("api", { serviceMonitors: false }).manifests.filter((m) => m.kind === "ServiceMonitor")).toEqual([]);
  });

  it.each([
    ["instant-tasks-worker", "instant-tasks-worker-scaler"],
    ["queued-tasks-worker", "queued-tasks-worker-scaler"],
    ["custom-code-runner", "custom-code-runner-scaler"],
  ] as const)("%s (KEDA, the default) compiles to the seed's ScaledObject %s plus the Cooldown Periods as HPA behavior", (service, name) => {
    const out = k8s(service);
    expect(out.engine).toBe("keda");
    const so = only(out, "ScaledObject");
    const { advanced, ...spec } = so.spec;
    expect({ ...so, spec }).toEqual(seedScaledObject(name));
    const behavior = advanced.horizontalPodAutoscalerConfig.behavior;
    expect(behavior.scaleUp.stabilizationWindowSeconds).toBe(UP[0]);
    expect(behavior.scaleDown.stabilizationWindowSeconds).toBe(DOWN[0]);
  });

  it("the instant tasks worker keeps the seed's scale-up rate (4 pods per 60 s) on KEDA too", () => {
    const seedHpa = manifestNamed(BLOCKS, "HorizontalPodAutoscaler", "instant-tasks-worker-hpa");
    const so = only(k8s("instant-tasks-worker"), "ScaledObject");
    expect(so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.policies).toEqual(seedHpa.spec.behavior.scaleUp.policies);
  });

  it("the workers' thresholds are the seed's buffer factors", () => {
    const factor = (label: string) => Number(new RegExp(`\\*\\*${label}:\\*\\* [^=]+= ([0-9.]+)`).exec(SEED)![1]);
    const trigger = (s: MembraneService) => only(k8s(s), "ScaledObject").spec.triggers[0].metadata;
    expect(trigger("instant-tasks-worker").query).toBe(`(sum(instant_tasks_jobs_active) + sum(instant_tasks_jobs_waiting)) / ${factor("Instant Tasks Worker")}`);
    expect(trigger("queued-tasks-worker").query).toContain(`* ${factor("Queued Tasks Worker")})`);
    expect(trigger("custom-code-runner").threshold).toBe(String(factor("Custom Code Runner")));
  });

  it("with kubernetesEngine hpa the instant tasks worker is the seed's HPA, except the scale-down window the Cooldown Periods table asks for", () => {
    const out = compileKubernetes(parsePolicy(membraneInstantTasksWorker("kubernetes", { kubernetesEngine: "hpa" })));
    expect(out.engine).toBe("hpa");
    const expected = applyHpaServerDefaults(manifestNamed(BLOCKS, "HorizontalPodAutoscaler", "instant-tasks-worker-hpa"));
    // The seed's HPA waits 60 s; its "Cooldown Periods" table says 300-600 s, which the preset follows.
    expect(expected.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(60);
    expected.spec.behavior.scaleDown.stabilizationWindowSeconds = DOWN[0];
    expect(only(out, "HorizontalPodAutoscaler")).toEqual(expected);
    expect(out.adapterRules.map((r) => r.seriesQuery)).toEqual([expect.stringContaining("instant_tasks_jobs_total")]);
  });

  it("with kubernetesEngine hpa the queued tasks worker and custom code runner are refused (only KEDA reads their queries)", () => {
    for (const service of ["queued-tasks-worker", "custom-code-runner"] as const) {
      const e = policyErrorOf(() => membranePolicy(service, "kubernetes", { kubernetesEngine: "hpa" }));
      expect(e.issues).toHaveLength(1);
      expect(e.issues[0]!.path).toEqual(["presets", "membrane", service]);
      expect(e.issues[0]!.message).toContain(`${service} cannot run on kubernetes`);
      expect(e.issues[0]!.message).toContain('kubernetesEngine "keda"');
    }
  });

  it("options move the namespace and the Prometheus address", () => {
    const so = only(compileKubernetes(parsePolicy(membraneQueuedTasksWorker("kubernetes", { namespace: "prod", prometheusServerAddress: "http://prom.example:9090" }))), "ScaledObject");
    expect(so.metadata.namespace).toBe("prod");
    expect(so.spec.triggers[0].metadata.serverAddress).toBe("http://prom.example:9090");
  });
});

describe("Membrane presets on platforms that cannot run a service", () => {
  it("the seed sends worker services from Cloud Run to GKE with KEDA", () => {
    expect(SEED).toContain("For worker services, consider GKE with KEDA instead.");
  });

  it.each(["instant-tasks-worker", "queued-tasks-worker", "custom-code-runner"] as const)("%s on cloud-run throws a PolicyError naming service, platform and alternative", (service) => {
    const e = policyErrorOf(() => membranePolicy(service, "cloud-run"));
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]!.path).toEqual(["presets", "membrane", service]);
    expect(e.issues[0]!.message).toMatch(new RegExp(`^${service} cannot run on cloud-run: .+; alternative: run it on GKE with KEDA`));
    expect(e.message).toContain(`presets.membrane.${service}: ${service} cannot run on cloud-run`);
  });

  it("membranePolicies lists what each platform can run and why the rest cannot", () => {
    const k = membranePolicies("kubernetes");
    expect(k.policies.map((p) => p.service)).toEqual([...MEMBRANE_SERVICES]);
    expect(k.unsupported).toEqual([]);

    const cr = membranePolicies("cloud-run");
    expect(cr.unsupported.map((u) => u.service)).toEqual(["instant-tasks-worker", "queued-tasks-worker", "custom-code-runner"]);
    for (const u of cr.unsupported) expect(u.reason).toContain("cloud-run");
    expect(cr.policies.map((p) => p.service)).toEqual(["membrane-api", "membrane-ui", "membrane-console", "membrane-orchestrator"]);

    const ecs = membranePolicies("ecs");
    expect(ecs.unsupported.map((u) => u.service)).toEqual(["queued-tasks-worker", "custom-code-runner"]);
    expect(ecs.unsupported[0]!.reason).toContain("ecsWorkersRequiredMetric");

    const aca = membranePolicies("container-apps");
    expect(aca.unsupported.map((u) => u.service)).toEqual(["instant-tasks-worker", "queued-tasks-worker", "custom-code-runner"]);
    expect(aca.unsupported[0]!.reason).toContain("azureMonitorResourceId");
  });

  it("a Kubernetes engine other than keda or hpa (JavaScript, another language) is a PolicyError, not KEDA", () => {
    for (const service of MEMBRANE_SERVICES) {
      const e = policyErrorOf(() => membranePolicy(service, "kubernetes", { kubernetesEngine: "HPA" as never }));
      expect(e.issues).toEqual([{ code: "invalid_value", path: ["presets", "membrane", "options", "kubernetesEngine"], message: 'must be "hpa" or "keda", got "HPA"; did you mean "hpa"?' }]);
    }
  });

  it("an unknown platform or service is a PolicyError with its path", () => {
    const e = policyErrorOf(() => membranePolicy("api", "heroku" as never));
    expect(e.issues[0]!.path).toEqual(["presets", "membrane", "api", "platform"]);
    const e2 = policyErrorOf(() => membranePolicy("billing" as never, "kubernetes"));
    expect(e2.issues[0]!.path).toEqual(["presets", "membrane"]);
    expect(e2.issues[0]!.message).toContain("billing");
  });
});

/** `--flag value` pairs of the seed's fenced shell command containing `marker` (backslash-continued lines; the last command wins for repeated flags). */
function cliFlags(marker: string): Map<string, string> {
  const at = SEED.indexOf(marker);
  if (at < 0) throw new Error(`no ${marker} in seed`);
  // The whole fenced block around the marker.
  const start = SEED.lastIndexOf("```", at);
  const end = SEED.indexOf("```", at);
  const cmd = SEED.slice(start, end).replace(/\\\n/g, " ");
  const flags = new Map<string, string>();
  const re = /--([a-z-]+)(?:\s+('[^']*'|[^\s-][^\s]*))?/g;
  for (let m = re.exec(cmd); m; m = re.exec(cmd)) flags.set(m[1]!, (m[2] ?? "").replace(/^'|'$/g, ""));
  return flags;
}

describe("Membrane presets on ECS (compiled with loadTarget('ecs'))", () => {
  const render = (service: MembraneService) => loadTarget("ecs").render(parsePolicy(membranePolicy(service, "ecs")));
  const policyDoc = (docs: Record<string, any>[]) => docs.find((d) => d.type === "aws:appautoscaling/policy:Policy")!;
  const targetDoc = (docs: Record<string, any>[]) => docs.find((d) => d.type === "aws:appautoscaling/target:Target")!;

  it("api matches the seed's register-scalable-target and put-scaling-policy", () => {
    const reg = cliFlags("aws application-autoscaling register-scalable-target");
    const put = cliFlags("--policy-name api-cpu-scaling");
    const config = JSON.parse(put.get("target-tracking-scaling-policy-configuration")!);
    const { documents, warnings } = render("api");
    expect(warnings).toEqual([]);
    expect(targetDoc(documents).args).toMatchObject({ resourceId: reg.get("resource-id"), minCapacity: Number(reg.get("min-capacity")), maxCapacity: Number(reg.get("max-capacity")) });
    const p = policyDoc(documents);
    expect(p.name).toBe(put.get("policy-name"));
    expect(p.args.targetTrackingScalingPolicyConfiguration).toEqual({
      targetValue: config.TargetValue,
      predefinedMetricSpecification: { predefinedMetricType: config.PredefinedMetricSpecification.PredefinedMetricType },
      scaleOutCooldown: config.ScaleOutCooldown,
      scaleInCooldown: config.ScaleInCooldown,
    });
  });

  it("the instant tasks worker matches the seed's custom-metric put-scaling-policy", () => {
    const put = cliFlags("--policy-name instant-tasks-queue-scaling");
    const config = JSON.parse(put.get("target-tracking-scaling-policy-configuration")!);
    const p = policyDoc(render("instant-tasks-worker").documents);
    expect(p.name).toBe(put.get("policy-name"));
    expect(p.args.resourceId).toBe(put.get("resource-id"));
    expect(p.args.targetTrackingScalingPolicyConfiguration.targetValue).toBe(config.TargetValue);
    expect(p.args.targetTrackingScalingPolicyConfiguration.customizedMetricSpecification).toMatchObject({
      metricName: config.CustomizedMetricSpecification.MetricName,
      namespace: config.CustomizedMetricSpecification.Namespace,
      statistic: config.CustomizedMetricSpecification.Statistic,
    });
  });

  it("ui and console use the table's CPU threshold and bounds; the orchestrator is a fixed 2..2 target without policies", () => {
    for (const service of ["ui", "console"] as const) {
      const row = RECOMMENDED.get(service)!;
      const { documents } = render(service);
      expect(targetDoc(documents).args).toMatchObject({ minCapacity: Number(row["Min Replicas"]), maxCapacity: Number(row["Max Replicas"]) });
      expect(policyDoc(documents).args.targetTrackingScalingPolicyConfiguration.targetValue).toBe(Number.parseInt(row.Threshold!, 10));
    }
    const orch = render("orchestrator").documents;
    expect(targetDoc(orch).args).toMatchObject({ minCapacity: 2, maxCapacity: 2 });
    expect(orch.filter((d: any) => d.type === "aws:appautoscaling/policy:Policy")).toEqual([]);
  });

  it("the queued tasks worker runs on ECS once a CloudWatch workers-required metric is given", () => {
    const policy = parsePolicy(membraneQueuedTasksWorker("ecs", { ecsWorkersRequiredMetric: { namespace: "Membrane", metricName: "QueuedTasksWorkersRequired", statistic: "Maximum" } }));
    const p = policyDoc(loadTarget("ecs").render(policy).documents);
    // workers required × (1 + 0.3) = required / running ÷ (1 / 1.3)
    expect(p.args.targetTrackingScalingPolicyConfiguration.targetValue).toBeCloseTo(1 / 1.3, 4);
  });
});

describe("Membrane presets on Azure Container Apps (compiled with loadTarget('container-apps'))", () => {
  const scale = (policy: unknown) => (loadTarget("container-apps").render(parsePolicy(policy)).documents[0] as any).args.template.scale;

  it("api matches the seed's az containerapp update (http rule, concurrency 100)", () => {
    const flags = cliFlags("--name membrane-api");
    expect(scale(membranePolicy("api", "container-apps"))).toEqual({
      minReplicas: Number(flags.get("min-replicas")),
      maxReplicas: Number(flags.get("max-replicas")),
      rules: [{ name: flags.get("scale-rule-name"), [flags.get("scale-rule-type")!]: { metadata: { concurrentRequests: flags.get("scale-rule-http-concurrency") } } }],
    });
  });

  it("the instant tasks worker matches the seed's azure-monitor rule", () => {
    const flags = cliFlags("--name membrane-instant-worker");
    const start = SEED.indexOf("--scale-rule-metadata");
    const meta = Object.fromEntries([...SEED.slice(start, SEED.indexOf("```", start)).matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    const resourceId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/membrane-rg/providers/Microsoft.Insights/components/membrane";
    const s = scale(
      membraneInstantTasksWorker("container-apps", {
        azureMonitorResourceId: resourceId,
        azureMonitor: { tenantId: "00000000-0000-0000-0000-000000000002", metricAggregationType: "Average" },
        azureMonitorIdentity: "system",
      }),
    );
    expect(s.minReplicas).toBe(Number(flags.get("min-replicas")));
    expect(s.maxReplicas).toBe(Number(flags.get("max-replicas")));
    expect(s.rules).toHaveLength(1);
    expect(s.rules[0].name).toBe(flags.get("scale-rule-name"));
    expect(s.rules[0].custom.type).toBe(flags.get("scale-rule-type"));
    expect(s.rules[0].custom.metadata).toMatchObject({ metricName: meta.metricName, targetValue: meta.targetValue, resourceGroupName: "membrane-rg" });
    expect(s.rules[0].custom.identity).toBe("system");
  });

  it("ui and console use the seed's http rule with the table's bounds", () => {
    for (const service of ["ui", "console"] as const) {
      const row = RECOMMENDED.get(service)!;
      const s = scale(membranePolicy(service, "container-apps"));
      expect([s.minReplicas, s.maxReplicas]).toEqual([Number(row["Min Replicas"]), Number(row["Max Replicas"])]);
      expect(s.rules[0].http.metadata.concurrentRequests).toBe("100");
    }
  });
});

describe("Membrane presets on Cloud Run (compiled with loadTarget('cloud-run'))", () => {
  it("api matches the seed's gcloud run services update flags", () => {
    const flags = cliFlags("gcloud run services update membrane-api");
    const { documents } = loadTarget("cloud-run").render(parsePolicy(membranePolicy("api", "cloud-run")));
    const args = (documents[0] as any).args;
    expect(args.name).toBe("membrane-api");
    expect(args.template.scaling).toEqual({ minInstanceCount: Number(flags.get("min-instances")), maxInstanceCount: Number(flags.get("max-instances")) });
    expect(args.template.maxInstanceRequestConcurrency).toBe(Number(flags.get("concurrency")));
    expect(flags.has("cpu-throttling")).toBe(true);
    expect(args.template.containers[0].resources.cpuIdle).toBe(true);
    expect(args.template.containers[0].resources.limits.memory).toBe(flags.get("memory"));
  });

  it("ui, console and orchestrator compile with the table's bounds", () => {
    for (const service of ["ui", "console", "orchestrator"] as const) {
      const row = RECOMMENDED.get(service)!;
      const args = (loadTarget("cloud-run").render(parsePolicy(membranePolicy(service, "cloud-run"))).documents[0] as any).args;
      expect(args.template.scaling).toEqual({ minInstanceCount: Number(row["Min Replicas"]), maxInstanceCount: Number(row["Max Replicas"]) });
    }
  });
});
