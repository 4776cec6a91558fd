import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../stacks/config";
import { BIN, ROOT, planJson, type Planned } from "../helpers/plan";
import { seedText } from "../helpers/seeds";

/** Run `polyscale plan --stack NAME --json` in a fresh process (a fresh Pulumi runtime per stack). */
function plan(stack: string): Planned[] {
  const r = planJson(["--stack", stack]);
  expect(r.status, r.stderr).toBe(0);
  return r.resources;
}

function countByType(rs: Planned[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const r of rs) c[r.type] = (c[r.type] ?? 0) + 1;
  return c;
}

/** The seed's "Production Workload Recommendations" table: service → { min, max }. */
function recommendations(): Record<string, { min: number; max: number; threshold: string }> {
  const text = seedText("membrane-autoscaling-multicloud.md");
  const start = text.indexOf("### Production Workload Recommendations");
  const rows = text.slice(start).split("\n").filter((l) => /^\| [A-Z]/.test(l) && !l.startsWith("| Service"));
  const ids: Record<string, string> = { API: "api", "Instant Worker": "instant-tasks-worker", "Queued Worker": "queued-tasks-worker", "Custom Code Runner": "custom-code-runner", UI: "ui", Console: "console", Orchestrator: "orchestrator" };
  const out: Record<string, { min: number; max: number; threshold: string }> = {};
  for (const row of rows.slice(0, 7)) {
    const [name, min, max, , threshold] = row.split("|").slice(1).map((c) => c.trim());
    out[ids[name!]!] = { min: Number(min), max: Number(max), threshold: threshold! };
  }
  return out;
}

describe("stacks under Pulumi mocks (polyscale plan)", () => {
  const rec = recommendations();

  it("k8s: seven Deployments, HPAs for API/UI/console, ScaledObjects for the workers, the orchestrator fixed", () => {
    const rs = plan("k8s");
    const c = countByType(rs);
    expect(c["kubernetes:apps/v1:Deployment"]).toBe(7);
    expect(c["kubernetes:core/v1:Service"]).toBe(7);
    expect(c["kubernetes:autoscaling/v2:HorizontalPodAutoscaler"]).toBe(3);
    expect(c["kubernetes:keda.sh/v1alpha1:ScaledObject"]).toBe(3);
    const hpas = rs.filter((r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler");
    for (const h of hpas) {
      const id = h.inputs.metadata.name.replace(/-hpa$/, "");
      expect(h.inputs.spec.minReplicas).toBe(rec[id]!.min);
      expect(h.inputs.spec.maxReplicas).toBe(rec[id]!.max);
      expect(`${h.inputs.spec.metrics[0].resource.target.averageUtilization}%`).toBe(rec[id]!.threshold);
    }
    for (const so of rs.filter((r) => r.type === "kubernetes:keda.sh/v1alpha1:ScaledObject")) {
      const id = so.inputs.metadata.name.replace(/-scaler$/, "");
      expect([so.inputs.spec.minReplicaCount, so.inputs.spec.maxReplicaCount]).toEqual([rec[id]!.min, rec[id]!.max]);
    }
    // Never fight the autoscaler: only the fixed orchestrator carries spec.replicas.
    const deployments = rs.filter((r) => r.type === "kubernetes:apps/v1:Deployment");
    expect(deployments.filter((d) => d.inputs.spec.replicas !== undefined).map((d) => [d.inputs.metadata.name, d.inputs.spec.replicas])).toEqual([["orchestrator", rec.orchestrator!.min]]);
    for (const d of deployments) expect(d.inputs.spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe("/health");
  });

  it("aws: a scalable target and a target-tracking policy per autoscaled service, with the seed's cooldowns", () => {
    const rs = plan("aws");
    const c = countByType(rs);
    expect(c["aws:appautoscaling/target:Target"]).toBe(4);
    expect(c["aws:appautoscaling/policy:Policy"]).toBe(4);
    const targets = rs.filter((r) => r.type === "aws:appautoscaling/target:Target");
    for (const t of targets) {
      const id = t.inputs.resourceId.split("/")[2];
      expect(t.inputs.resourceId.split("/")[1]).toBe("membrane-cluster");
      expect([t.inputs.minCapacity, t.inputs.maxCapacity]).toEqual([rec[id]!.min, rec[id]!.max]);
    }
    const api = rs.find((r) => r.type === "aws:appautoscaling/policy:Policy" && r.inputs.name === "api-cpu-scaling")!;
    expect(api.inputs.targetTrackingScalingPolicyConfiguration).toMatchObject({ targetValue: 50, scaleOutCooldown: 60, scaleInCooldown: 300 });
  });

  it("azure: one Container App per service with the seed's http and azure-monitor rules", () => {
    const rs = plan("azure");
    const apps = rs.filter((r) => r.type === "azure-native:app:ContainerApp");
    expect(apps).toHaveLength(7);
    const byName = Object.fromEntries(apps.map((a) => [a.inputs.containerAppName, a.inputs]));
    expect(byName["membrane-api"].template.scale).toMatchObject({ minReplicas: 2, maxReplicas: 10, rules: [{ name: "http-scaling", http: { metadata: { concurrentRequests: "100" } } }] });
    const worker = byName["membrane-instant-worker"].template.scale;
    expect(worker).toMatchObject({ minReplicas: rec["instant-tasks-worker"]!.min, maxReplicas: rec["instant-tasks-worker"]!.max });
    expect(worker.rules[0]).toMatchObject({ name: "queue-scaling", custom: { type: "azure-monitor", metadata: { metricName: "JobQueueLength", targetValue: "5" } } });
    for (const a of apps) {
      expect(a.inputs.template.containers[0].probes).toEqual([{ type: "Readiness", httpGet: { path: "/health", port: 5000 } }]);
    }
    expect(byName["membrane-orchestrator"].template.scale).toMatchObject({ minReplicas: 2, maxReplicas: 2 });
  });

  it("gcp: Cloud Run services for the HTTP services, with the seed's flags for the API", () => {
    const rs = plan("gcp");
    const svcs = rs.filter((r) => r.type === "gcp:cloudrunv2/service:Service");
    expect(svcs.map((s) => s.inputs.name).sort()).toEqual(["membrane-api", "membrane-console", "membrane-orchestrator", "membrane-ui"]);
    const api = svcs.find((s) => s.inputs.name === "membrane-api")!.inputs.template;
    expect(api.scaling).toMatchObject({ minInstanceCount: 2, maxInstanceCount: 10 });
    expect(api.maxInstanceRequestConcurrency).toBe(80);
    expect(api.containers[0].resources).toMatchObject({ cpuIdle: true, limits: { memory: "2Gi" } });
  });
});

describe("stack config validation", () => {
  it("names the config key, what was given and what is allowed", () => {
    expect(() => parseStackConfig({ platform: "nomad", images: { registry: "r", tag: "t" } })).toThrow(/platform must be one of kubernetes, ecs, container-apps, cloud-run, got "nomad"/);
    expect(() => parseStackConfig({ platform: "ecs", images: { registry: "r", tag: "t" } })).toThrow(/polyscale:clusterName: is required/);
    expect(() => parseStackConfig({ platform: "container-apps", images: { registry: "r", tag: "t" }, resourceGroupName: "rg", managedEnvironmentId: "membrane-env" })).toThrow(
      /polyscale:managedEnvironmentId: must be a managed environment resource id.*got "membrane-env"/,
    );
    expect(() => parseStackConfig({ platform: "kubernetes", images: { registry: "r", tag: "t" }, exclude: ["api-gateway"] })).toThrow(/polyscale:exclude\[0\]: must be one of "api", .*got "api-gateway"/);
    expect(() => parseStackConfig({ platform: "kubernetes", images: { registry: "r", tag: "t" }, workerEngin: "keda" })).toThrow(/ - polyscale:workerEngin: is not a config key of the kubernetes stack/);
  });

  it("a stack that leaves out a service the platform cannot run fails with the reason and the fix", () => {
    const r = spawnSync(process.execPath, [BIN, "plan", "--stack", "gcp-no-exclude"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no stack "gcp-no-exclude"');
  });
});
