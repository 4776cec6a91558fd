import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import type * as cloudRun from "../../src/components/cloud-run/service";
import type * as containerApps from "../../src/components/container-apps/service";
import type * as ecs from "../../src/components/ecs/scaling";
import type * as kubernetes from "../../src/components/kubernetes";
import type * as membrane from "../../src/components/membrane-platform";
import type * as scaled from "../../src/components/scaled-service";
import type * as workload from "../../src/components/workload";
import type * as provider from "../../src/provider/args";
import { BUILDERS, polyscaleProvider } from "../../src/provider/provider";
import type { MembraneOptions } from "../../src/presets/membrane";
import { METRIC_KIND_NAMES, type AzureMonitorSourceInput } from "../../src/types";

const GOLDEN = join(__dirname, "schema.golden.json");
const ROOT = join(__dirname, "..", "..");

// The inputs and outputs each component's schema must carry: the fields of src/provider/args.ts and the outputs
// declared in src/provider/components.ts (written out here so a dropped field fails this test).
const EXPECTED: Record<string, { inputs: string[]; required: string[]; outputs: string[] }> = {
  KubernetesScaling: { inputs: ["policy", "policyDocument", "prometheusCredentials", "sourceCredentials"], required: [], outputs: ["engine", "hpaName"] },
  KubernetesService: { inputs: ["policy", "policyDocument", "prometheusCredentials", "sourceCredentials", "workload"], required: ["workload"], outputs: ["deploymentName", "serviceName"] },
  EcsServiceScaling: { inputs: ["alarmActions", "clusterName", "policy", "policyDocument", "region", "roleArn", "serviceName", "tags"], required: [], outputs: ["resourceId"] },
  ContainerAppService: {
    inputs: ["actionGroupIds", "containerAppName", "containerName", "cpu", "env", "environmentId", "externalIngress", "image", "ingressExposedPort", "ingressTargetPort", "location", "logAnalyticsWorkspaceId", "memory", "policy", "policyDocument", "readinessProbe", "resourceGroupName", "secrets", "tags"],
    required: ["environmentId", "image", "resourceGroupName"],
    outputs: ["latestRevisionFqdn"],
  },
  CloudRunService: {
    inputs: ["container", "deletionProtection", "image", "ingress", "labels", "location", "notificationChannels", "policy", "policyDocument", "project", "serviceAccount", "serviceName", "templateLabels"],
    required: ["location"],
    outputs: ["serviceName", "uri"],
  },
  ScaledService: { inputs: ["cloudRun", "containerApps", "ecs", "kubernetes", "platform", "policy", "policyDocument", "workload"], required: ["platform", "workload"], outputs: ["warnings", "workloadName"] },
  MembranePlatform: {
    inputs: [
      "azureMonitor", "azureMonitorIdentity", "azureMonitorResourceId", "cloudRun", "containerApps", "ecs", "ecsCluster", "ecsWorkersRequiredMetric", "exclude", "images",
      "kubernetes", "kubernetesEngine", "names", "namespace", "platform", "prometheusServerAddress", "readinessPath", "serviceMonitors", "workloads",
    ],
    required: ["images", "platform"],
    outputs: ["serviceNames"],
  },
};

describe("component provider schema (Pulumi's analyzer over src/provider)", () => {
  let schema: any;
  it("the analyzer accepts the provider's args (no unions) and the schema equals the committed golden file", async () => {
    schema = JSON.parse(await polyscaleProvider().getSchema());
    // After a deliberate change to src/provider: UPDATE_GOLDEN=1 npx vitest run test/provider, then review the diff.
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, `${JSON.stringify(schema, null, 2)}\n`);
    expect(schema).toEqual(JSON.parse(readFileSync(GOLDEN, "utf8")));
  }, 120_000);

  it("every component the provider constructs is in the schema as polyscale:index:<ClassName> with its inputs and outputs", () => {
    expect(Object.keys(BUILDERS).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(Object.keys(schema.resources).sort()).toEqual(Object.keys(EXPECTED).map((c) => `polyscale:index:${c}`).sort());
    for (const [cls, e] of Object.entries(EXPECTED)) {
      const r = schema.resources[`polyscale:index:${cls}`];
      expect(r.isComponent).toBe(true);
      expect(Object.keys(r.inputProperties).sort()).toEqual(e.inputs);
      expect([...r.requiredInputs].sort()).toEqual(e.required);
      expect(Object.keys(r.properties).sort()).toEqual(e.outputs);
    }
    expect(schema.types["polyscale:index:PlatformName"].enum.map((m: { value: string }) => m.value)).toEqual(["kubernetes", "ecs", "container-apps", "cloud-run"]);
  });

  it("every component that takes a policy takes it structured (PolicyArgs) or as text (policyDocument), neither required", () => {
    const withPolicy = Object.keys(EXPECTED).filter((c) => EXPECTED[c]!.inputs.includes("policy"));
    expect(withPolicy.sort()).toEqual(["CloudRunService", "ContainerAppService", "EcsServiceScaling", "KubernetesScaling", "KubernetesService", "ScaledService"]);
    for (const c of withPolicy) {
      const inputs = schema.resources[`polyscale:index:${c}`].inputProperties;
      expect(inputs.policy).toMatchObject({ $ref: "#/types/polyscale:index:PolicyArgs", optional: true, plain: true });
      expect(inputs.policyDocument).toMatchObject({ type: "string", optional: true, plain: true });
    }
    // The policy file's shape: its top-level fields, and one optional field per metric kind in every metric entry.
    const type = (name: string) => schema.types[`polyscale:index:${name}`];
    expect(Object.keys(type("PolicyArgs").properties).sort()).toEqual(["alerts", "dashboard", "monitoring", "namespace", "scaling", "service", "vertical", "workload"]);
    expect(type("PolicyArgs").required).toEqual(["service"]);
    expect(type("ScalingArgs").properties.metrics).toMatchObject({ type: "array", items: { $ref: "#/types/polyscale:index:MetricArgs" } });
    expect(Object.keys(type("MetricArgs").properties)).toEqual([...METRIC_KIND_NAMES]);
    expect(type("MetricArgs").required ?? []).toEqual([]);
    // Durations and quantities are strings; missingMetrics is an object with mode (an enum) or replicas.
    expect(type("ScalingRulesArgs").properties.stabilization.type).toBe("string");
    expect(type("ResourceMetricArgs").properties.averageValue.type).toBe("string");
    expect(Object.keys(type("MissingMetricsArgs").properties).sort()).toEqual(["failureThreshold", "mode", "replicas"]);
    expect(type("MissingMetricsMode").enum.map((m: { value: string }) => m.value)).toEqual(["hold", "scaleUp"]);
    expect(type("InFlightProtocol").enum.map((m: { value: string }) => m.value)).toEqual(["http", "tcp"]);
    // Union-free interfaces of the model are used as they are (no mirror): the schema names them `...Input`.
    const ref = (name: string) => `#/types/polyscale:index:${name}`;
    expect(type("MetricSourcesArgs").properties.sqs.$ref).toBe(ref("SqsSourceInput"));
    expect(type("SqsSourceInput").properties.auth.$ref).toBe(ref("SourceAuthInput"));
    expect(type("PrometheusAdapterRuleInput").properties.seriesFilters.items.$ref).toBe(ref("PrometheusSeriesFilterInput"));
    expect(type("MetricArgs").properties.keda.$ref).toBe(ref("KedaMetricInput"));
    expect(type("KubernetesOptionsArgs").properties.cluster.$ref).toBe(ref("KubernetesClusterInput"));
    // Every property has a type: the analyzer writes `Any` for what it cannot read (e.g. the mapped properties of Omit<>).
    const untyped = Object.entries(schema.types as Record<string, { properties?: Record<string, { $ref?: string }> }>).flatMap(([t, d]) =>
      Object.entries(d.properties ?? {}).filter(([, p]) => p.$ref === "pulumi.json#/Any").map(([p]) => `${t}.${p}`),
    );
    expect(untyped).toEqual([]);
  });

  it("the provider's package.json carries every runtime dependency of the library (the plugin installs from it)", () => {
    const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const provider = JSON.parse(readFileSync(join(ROOT, "src", "provider", "package.json"), "utf8"));
    for (const [name, range] of Object.entries(root.dependencies)) expect(provider.dependencies[name]).toBe(range);
    // Every provider SDK the components load; @pulumi/policy is read only by polyscale/policy-pack, never by the plugin.
    const componentPeers = Object.keys(root.peerDependencies).filter((name) => name !== "@pulumi/policy");
    expect(componentPeers).toContain("@pulumi/kubernetes");
    for (const name of componentPeers) expect(provider.dependencies[name]).toBe(root.devDependencies[name]);
    expect(provider.dependencies["@pulumi/policy"]).toBeUndefined();
    expect(provider.version).toBe(root.version);
  });
});

describe("provider args keep the TypeScript components' fields (written out for the analyzer, checked here)", () => {
  it("same field names per component (type-level: tsc fails on a drift)", () => {
    expectTypeOf<Exclude<keyof provider.KubernetesScalingArgs, "policyDocument">>().toEqualTypeOf<keyof kubernetes.KubernetesScalingArgs>();
    expectTypeOf<Exclude<keyof provider.KubernetesServiceArgs, "policyDocument">>().toEqualTypeOf<keyof kubernetes.KubernetesServiceArgs>();
    expectTypeOf<Exclude<keyof provider.EcsServiceScalingArgs, "policyDocument">>().toEqualTypeOf<keyof ecs.EcsServiceScalingArgs>();
    expectTypeOf<Exclude<keyof provider.ContainerAppServiceArgs, "policyDocument">>().toEqualTypeOf<keyof containerApps.ContainerAppServiceArgs>();
    expectTypeOf<Exclude<keyof provider.CloudRunServiceArgs, "policyDocument">>().toEqualTypeOf<keyof cloudRun.CloudRunServiceArgs>();
    expectTypeOf<Exclude<keyof provider.ScaledServiceArgs, "policyDocument">>().toEqualTypeOf<keyof scaled.ScaledServiceArgs>();
    expectTypeOf<keyof provider.WorkloadArgs>().toEqualTypeOf<keyof workload.WorkloadArgs>();
    expectTypeOf<keyof provider.CloudRunContainerArgs>().toEqualTypeOf<keyof cloudRun.CloudRunContainerArgs>();
    // MembranePlatform's preset options are written at the top level of its provider args.
    expectTypeOf<keyof provider.MembranePlatformArgs>().toEqualTypeOf<Exclude<keyof membrane.MembranePlatformArgs, "options"> | keyof MembraneOptions>();
    expectTypeOf<keyof provider.MembraneWorkloadArgs>().toEqualTypeOf<keyof workload.WorkloadArgs>();
    expectTypeOf<keyof provider.MembraneAzureMonitorArgs>().toEqualTypeOf<keyof AzureMonitorSourceInput>();
  });
});
