import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import type * as cloudRun from "../../src/components/cloud-run/service";
import type * as containerApps from "../../src/components/container-apps/service";
import type * as ecs from "../../src/components/ecs/scaling";
import type * as kubernetes from "../../src/components/kubernetes";
import type * as scaled from "../../src/components/scaled-service";
import type * as workload from "../../src/components/workload";
import type * as provider from "../../src/provider/args";
import { BUILDERS, polyscaleProvider } from "../../src/provider/provider";

const GOLDEN = join(__dirname, "schema.golden.json");
const ROOT = join(__dirname, "..", "..");

// The inputs and outputs each component's schema must carry: the fields of src/provider/args.ts and the outputs
// declared in src/provider/components.ts (written out here so a dropped field fails this test).
const EXPECTED: Record<string, { inputs: string[]; required: string[]; outputs: string[] }> = {
  KubernetesScaling: { inputs: ["policy", "prometheusCredentials", "sourceCredentials"], required: ["policy"], outputs: ["engine", "hpaName"] },
  KubernetesService: { inputs: ["policy", "prometheusCredentials", "sourceCredentials", "workload"], required: ["policy", "workload"], outputs: ["deploymentName", "serviceName"] },
  EcsServiceScaling: { inputs: ["alarmActions", "clusterName", "policy", "region", "roleArn", "serviceName", "tags"], required: ["policy"], outputs: ["resourceId"] },
  ContainerAppService: {
    inputs: ["actionGroupIds", "containerAppName", "containerName", "cpu", "env", "environmentId", "externalIngress", "image", "ingressExposedPort", "ingressTargetPort", "location", "logAnalyticsWorkspaceId", "memory", "policy", "readinessProbe", "resourceGroupName", "secrets", "tags"],
    required: ["environmentId", "image", "policy", "resourceGroupName"],
    outputs: ["latestRevisionFqdn"],
  },
  CloudRunService: {
    inputs: ["container", "deletionProtection", "image", "ingress", "labels", "location", "notificationChannels", "policy", "project", "serviceAccount", "serviceName", "templateLabels"],
    required: ["location", "policy"],
    outputs: ["serviceName", "uri"],
  },
  ScaledService: { inputs: ["cloudRun", "containerApps", "ecs", "kubernetes", "platform", "policy", "workload"], required: ["platform", "policy", "workload"], outputs: ["warnings", "workloadName"] },
  MembranePlatform: { inputs: ["cloudRun", "containerApps", "ecs", "exclude", "images", "kubernetes", "namespace", "platform", "readinessPath"], required: ["images", "platform"], outputs: ["serviceNames"] },
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
    expectTypeOf<keyof provider.KubernetesScalingArgs>().toEqualTypeOf<keyof kubernetes.KubernetesScalingArgs>();
    expectTypeOf<keyof provider.KubernetesServiceArgs>().toEqualTypeOf<keyof kubernetes.KubernetesServiceArgs>();
    expectTypeOf<keyof provider.EcsServiceScalingArgs>().toEqualTypeOf<keyof ecs.EcsServiceScalingArgs>();
    expectTypeOf<keyof provider.ContainerAppServiceArgs>().toEqualTypeOf<keyof containerApps.ContainerAppServiceArgs>();
    expectTypeOf<keyof provider.CloudRunServiceArgs>().toEqualTypeOf<keyof cloudRun.CloudRunServiceArgs>();
    expectTypeOf<keyof provider.ScaledServiceArgs>().toEqualTypeOf<keyof scaled.ScaledServiceArgs>();
    expectTypeOf<keyof provider.WorkloadArgs>().toEqualTypeOf<keyof workload.WorkloadArgs>();
    expectTypeOf<keyof provider.CloudRunContainerArgs>().toEqualTypeOf<keyof cloudRun.CloudRunContainerArgs>();
  });
});
