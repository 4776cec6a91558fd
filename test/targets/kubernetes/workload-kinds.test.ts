import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { planKubernetesService } from "../../../src/components/kubernetes/service";
import { formatPath, parsePolicy } from "../../../src/policy";
import { workloadRef } from "../../../src/policy/workload-ref";
import { KUBERNETES_STACK_RULES, stackViolations } from "../../../src/rules/stack";
import { compileKubernetes, type Manifest } from "../../../src/targets/kubernetes";
import { podNameRegex } from "../../../src/targets/kubernetes/alerts";
import { policyErrorOf } from "../../helpers/policy-error";
import { validateManifest } from "../../helpers/strict-schema";

/**
 * Any workload kind with a `/scale` subresource as the scale target: an operator's custom resource (here
 * Strimzi's KafkaConnect, kafka.strimzi.io/v1beta2, which implements /scale) on the HPA, KEDA and the VPA.
 */

const CUSTOM = { kind: "KafkaConnect", apiVersion: "kafka.strimzi.io/v1beta2", name: "connect" };
const SERVER = "http://prometheus.monitoring:9090";

function policy(extra: Record<string, unknown> = {}, workload: Record<string, unknown> = CUSTOM) {
  return parsePolicy({ service: "shop", namespace: "prod", workload, scaling: { replicas: { min: 1, max: 6 }, metrics: [{ cpu: { utilization: 70 } }] }, ...extra });
}
const byKind = (ms: Manifest[], kind: string) => ms.find((m) => m.kind === kind)!;
const codes = (ws: Array<{ code: string; path: Array<string | number> }>) => ws.map((w) => `${w.code} ${formatPath(w.path)}`);

describe("the HPA and KEDA target any kind with apiVersion and kind", () => {
  it("HPA: scaleTargetRef names the custom resource, with a warning that it needs /scale", () => {
    const out = compileKubernetes(policy());
    const hpa = byKind(out.manifests, "HorizontalPodAutoscaler");
    expect(hpa.spec!.scaleTargetRef).toEqual({ apiVersion: "kafka.strimzi.io/v1beta2", kind: "KafkaConnect", name: "connect" });
    expect(validateManifest(hpa)).toEqual([]);
    expect(codes(out.warnings)).toContain("workload_needs_scale_subresource workload.kind");
    const w = out.warnings.find((x) => x.code === "workload_needs_scale_subresource")!;
    expect(w.message).toMatch(/"KafkaConnect" \(kafka\.strimzi\.io\/v1beta2\) must implement the \/scale subresource: the HPA .*labelSelectorPath/);
  });

  it("KEDA: the ScaledObject's scaleTargetRef carries apiVersion and kind, and the warning names the ScaledObject", () => {
    const out = compileKubernetes(parsePolicy({
      service: "shop", namespace: "prod", workload: CUSTOM,
      scaling: { replicas: { min: 0, max: 6 }, metrics: [{ prometheus: { query: "sum(kafka_connect_lag)", target: 100, serverAddress: SERVER } }] },
    }));
    const so = byKind(out.manifests, "ScaledObject");
    expect(so.spec!.scaleTargetRef).toEqual({ apiVersion: "kafka.strimzi.io/v1beta2", kind: "KafkaConnect", name: "connect" });
    expect(validateManifest(so)).toEqual([]);
    expect(out.warnings.find((x) => x.code === "workload_needs_scale_subresource")!.message).toMatch(/KEDA's ScaledObject/);
  });

  it.each([
    [{ kind: "Deployment" }],
    [{ kind: "StatefulSet" }],
    [{ kind: "ReplicaSet" }],
    [{ kind: "Rollout" }],
  ])("a known kind is warning-free (%o)", (workload) => {
    const out = compileKubernetes(policy({ vertical: { updateMode: "Off" }, monitoring: { port: "http" } }, workload));
    expect(codes(out.warnings).filter((c) => c.startsWith("workload_needs") || c.startsWith("service_monitor_default"))).toEqual([]);
  });

  it("no autoscaler, no /scale warning (mode fixed)", () => {
    const out = compileKubernetes(parsePolicy({ service: "shop", workload: CUSTOM, scaling: { mode: "fixed", replicas: { min: 2, max: 2 } } }));
    expect(codes(out.warnings).filter((c) => c.startsWith("workload_needs"))).toEqual([]);
  });
});

describe("what the VPA and the ServiceMonitor assume about the workload", () => {
  it("VPA targetRef names the custom resource; the VPA finds its pods through /scale, and says so", () => {
    const out = compileKubernetes(policy({ vertical: { updateMode: "Off" } }));
    const vpa = byKind(out.manifests, "VerticalPodAutoscaler");
    expect(vpa.spec!.targetRef).toEqual({ apiVersion: "kafka.strimzi.io/v1beta2", kind: "KafkaConnect", name: "connect" });
    expect(validateManifest(vpa)).toEqual([]);
    expect(codes(out.warnings)).toContain("workload_needs_scale_subresource vertical");
  });

  it("the ServiceMonitor's default selector app: <name> is a polyscale convention: warned for a custom kind, quiet with a selector", () => {
    const out = compileKubernetes(policy({ monitoring: { port: "metrics" } }));
    expect(codes(out.warnings)).toContain("service_monitor_default_selector monitoring.selector");
    expect(validateManifest(byKind(out.manifests, "ServiceMonitor"))).toEqual([]);
    const chosen = compileKubernetes(policy({ monitoring: { port: "metrics", selector: { "strimzi.io/cluster": "connect" } } }));
    expect(codes(chosen.warnings)).not.toContain("service_monitor_default_selector monitoring.selector");
    expect(byKind(chosen.manifests, "ServiceMonitor").spec!.selector).toEqual({ matchLabels: { "strimzi.io/cluster": "connect" } });
  });

  it("with alerts, the looser pod match of a custom kind is said (info), and not for a known kind", () => {
    const alerts = { alerts: { pinnedAtMax: { for: "15m" } } };
    const out = compileKubernetes(policy(alerts));
    const info = out.warnings.find((w) => w.code === "custom_kind_pod_names")!;
    expect(info.severity).toBe("info");
    expect(info.message).toMatch(/"connect-\.\+".*starts with "connect-"/);
    expect(codes(compileKubernetes(policy(alerts, { kind: "StatefulSet" })).warnings)).not.toContain("custom_kind_pod_names workload.kind");
    expect(codes(compileKubernetes(policy()).warnings)).not.toContain("custom_kind_pod_names workload.kind");
  });

  it("the pods of a custom kind are matched as <name>-.+ (its controller names them), known kinds keep their exact shapes", () => {
    expect(podNameRegex({ kind: "KafkaConnect", name: "connect" })).toBe("connect-.+");
    expect(podNameRegex({ kind: "Deployment", name: "api" })).toBe("api-[a-z0-9]+-[a-z0-9]+");
    expect(podNameRegex({ kind: "Rollout", name: "api" })).toBe("api-[a-z0-9]+-[a-z0-9]+");
    expect(podNameRegex({ kind: "StatefulSet", name: "db" })).toBe("db-[0-9]+");
  });
});

describe("the policy-pack rules and components with a custom kind", () => {
  it("k8s.vpa-hpa-conflict matches an HPA and a VPA on the same custom resource", () => {
    const out = compileKubernetes(policy({ vertical: { updateMode: "Off" } }));
    const docs = out.manifests.map((manifest) => ({ manifest }));
    expect(stackViolations(KUBERNETES_STACK_RULES, docs)).toEqual([]);
    const vpa = docs.find((d) => d.manifest.kind === "VerticalPodAutoscaler")!;
    vpa.manifest = { ...vpa.manifest, spec: { ...vpa.manifest.spec, updatePolicy: { updateMode: "Recreate" } } };
    const found = stackViolations(KUBERNETES_STACK_RULES, docs);
    expect(found.map((v) => v.rule)).toEqual(["k8s.vpa-hpa-conflict"]);
    expect(found[0]!.message).toMatch(/KafkaConnect connect/);
  });

  it("k8s.replicas-under-autoscaler covers a custom resource that sets spec.replicas under the HPA", () => {
    const out = compileKubernetes(policy());
    const cr = { apiVersion: "kafka.strimzi.io/v1beta2", kind: "KafkaConnect", metadata: { name: "connect", namespace: "prod" }, spec: { replicas: 3 } };
    const docs = [...out.manifests.map((manifest) => ({ manifest })), { manifest: cr }];
    const found = stackViolations(KUBERNETES_STACK_RULES, docs);
    expect(found.map((v) => `${v.rule} ${v.index}`)).toEqual([`k8s.replicas-under-autoscaler ${docs.length - 1}`]);
    expect(found[0]!.message).toMatch(/KafkaConnect connect sets spec\.replicas 3 while HorizontalPodAutoscaler shop-hpa owns its count/);
    expect(stackViolations(KUBERNETES_STACK_RULES, [...docs.slice(0, -1), { manifest: cr, ignoreChanges: ["spec.replicas"] }])).toEqual([]);
  });

  it("KubernetesService creates apps/v1 Deployments: a custom kind, or a Deployment of another group, is refused naming KubernetesScaling", () => {
    const args = { workload: { image: "i", resources: { cpu: "250m" } } };
    const custom = policyErrorOf(() => planKubernetesService("s", { ...args, policy: { service: "shop", workload: CUSTOM, scaling: { replicas: { min: 1, max: 3 }, metrics: [{ cpu: { utilization: 70 } }] } } }));
    expect(custom.issues.map((i) => `${formatPath(i.path)}: ${i.message}`)).toEqual([
      'workload.kind: KubernetesService creates Deployments (apps/v1), got "KafkaConnect"; for an existing KafkaConnect use KubernetesScaling (autoscaling only)',
    ]);
    const otherGroup = policyErrorOf(() => planKubernetesService("s", { ...args, policy: { service: "shop", workload: { kind: "Deployment", apiVersion: "example.com/v1" }, scaling: { replicas: { min: 1, max: 3 }, metrics: [{ cpu: { utilization: 70 } }] } } }));
    expect(otherGroup.issues.map((i) => formatPath(i.path))).toEqual(["workload.apiVersion"]);
  });
});

describe("refused when the policy loads", () => {
  it("a custom kind without apiVersion: required, naming the kinds polyscale knows", () => {
    const e = policyErrorOf(() => policy({}, { kind: "KafkaConnect" }));
    expect(e.issues.map((i) => formatPath(i.path))).toEqual(["workload.apiVersion"]);
    expect(e.issues[0]!.message).toMatch(/is required for workload kind "KafkaConnect": .*Deployment, StatefulSet, ReplicaSet \(apps\/v1\) and Rollout \(argoproj\.io\/v1alpha1\)/);
  });

  it.each([
    ["a lower-case kind", { kind: "kafkaconnect", apiVersion: "kafka.strimzi.io/v1beta2" }, "workload.kind", /must be a Kubernetes kind: .*CamelCase kind of a resource with a \/scale subresource.*got "kafkaconnect"$/],
    ["a lower-case known kind", { kind: "statefulset" }, "workload.kind", /got "statefulset"; did you mean "StatefulSet"\?$/],
    ["a near miss of a known kind, without apiVersion (a typo, not a custom resource)", { kind: "Statefulset" }, "workload.kind", /did you mean "StatefulSet"\?$/],
    ["a kind with a dot", { kind: "Kafka.Connect", apiVersion: "kafka.strimzi.io/v1beta2" }, "workload.kind", /a Kubernetes kind/],
    ["an apiVersion without a version", { kind: "KafkaConnect", apiVersion: "kafka.strimzi.io" }, "workload.apiVersion", /an apiVersion like "apps\/v1"/],
    ["an upper-case group", { kind: "KafkaConnect", apiVersion: "Kafka.io/v1" }, "workload.apiVersion", /an apiVersion/],
  ])("%s", (_n, workload, path, message) => {
    const e = policyErrorOf(() => policy({}, workload));
    expect(e.issues.map((i) => formatPath(i.path))).toEqual([path]);
    expect(e.issues[0]!.message).toMatch(message);
  });

  it("the same near miss with an apiVersion is a custom resource", () => {
    expect(workloadRef(policy({}, { kind: "Statefulset", apiVersion: "example.com/v1" }))).toEqual({ apiVersion: "example.com/v1", kind: "Statefulset", name: "shop" });
  });

  it("a known kind keeps its default apiVersion", () => {
    expect(workloadRef(policy({}, { kind: "Rollout" }))).toEqual({ apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name: "shop" });
    expect(workloadRef(policy({}, { kind: "StatefulSet" }))).toEqual({ apiVersion: "apps/v1", kind: "StatefulSet", name: "shop" });
  });
});

describe("golden: KEDA's cpu and memory scaler examples (keda.sh docs 2.18)", () => {
  const DOCS = join(__dirname, "..", "..", "fixtures", "keda-docs");
  const docTrigger = (file: string) => (parse(readFileSync(join(DOCS, file), "utf8")) as Manifest).spec!.triggers as unknown[];
  it.each([
    ["cpu.2.yaml", { cpu: { utilization: 50 } }],
    ["cpu.3.yaml", { cpu: { utilization: 50, container: "foo" } }],
    ["memory.2.yaml", { memory: { utilization: 50 } }],
    ["memory.3.yaml", { memory: { utilization: 50, container: "foo" } }],
  ])("%s", (file, metric) => {
    const out = compileKubernetes(parsePolicy({ service: "my-deployment", namespace: "default", scaling: { replicas: { min: 1, max: 5 }, kubernetes: { engine: "keda" }, metrics: [metric] } }));
    const so = byKind(out.manifests, "ScaledObject");
    expect(so.spec!.triggers).toEqual(docTrigger(file));
    expect(so.spec!.scaleTargetRef).toEqual({ name: "my-deployment" });
    expect(validateManifest(so)).toEqual([]);
  });
});

describe("cpu/memory activation: KEDA's cpu and memory scalers have none", () => {
  const withActivation = (kind: "cpu" | "memory", activation: number) =>
    parsePolicy({ service: "shop", scaling: { replicas: { min: 0, max: 6 }, kubernetes: { engine: "keda" }, metrics: [{ [kind]: { utilization: 70, activation } }, { prometheus: { query: "sum(up)", target: 1, serverAddress: SERVER } }] } });

  it.each(["cpu", "memory"] as const)("%s.activation above 0 is refused at its path, naming the metrics that carry one", (kind) => {
    const e = policyErrorOf(() => withActivation(kind, 20));
    expect(e.issues.map((i) => formatPath(i.path))).toEqual([`scaling.metrics[0].${kind}.activation`]);
    expect(e.issues[0]!.message).toMatch(new RegExp(`must be 0 \\(the default\\), got 20: .*KEDA's ${kind} scaler has no activation parameter.*queue\\.activation, prometheus\\.activationTarget or workloadRatio\\.activation`));
  });

  it("0 is what KEDA does: accepted, and nothing extra is written on the trigger (KEDA's cpu trigger reads type, value, containerName)", () => {
    const out = compileKubernetes(withActivation("cpu", 0));
    const so = byKind(out.manifests, "ScaledObject");
    const cpu = (so.spec!.triggers as Array<{ type: string; metadata: Record<string, string> }>).find((t) => t.type === "cpu")!;
    expect(cpu.metadata).toEqual({ value: "70" });
  });
});
