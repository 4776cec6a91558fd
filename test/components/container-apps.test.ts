import { toPolicyInput } from "../../src/components/policy-arg";
import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as mod from "../../src/components/container-apps";
import { createScaledService } from "../../src/components/container-apps/scaled-service";
import { PolicyError, parsePolicyFile, type ScalingPolicy, type ScalingPolicyInput } from "../../src/policy";
import { installPulumiMocks, settled, valueOf, type PulumiMockHarness } from "../../src/testing/pulumi";
import Ajv from "ajv";
import { closeObjects } from "../helpers/strict-schema";

/**
 * ContainerAppService under Pulumi mocks with the real @pulumi/azure-native SDK.
 *
 * How secrets reach the mock: `pulumi.runtime.setMocks` installs a MockMonitor whose `supportsFeature` answers
 * yes to "secrets", so the SDK serializes a secret input as a `{ [specialSigKey]: specialSecretSig, value }`
 * envelope, and MockMonitor.registerResource hands `rpc.deserializeProperties(req.getObject())` to `newResource`.
 * `deserializeProperty` keeps the envelope and pushes the secret flag up to the top-level property (a secret
 * inside `configuration.secrets[0].value` makes the whole `configuration` arrive wrapped). So the mock *does*
 * see secrecy: these tests assert the envelope on `inputs.configuration`, assert that no other input holds the
 * secret value, and also check `pulumi.isSecret` on the component's and the resource's Outputs.
 */
const APP = "azure-native:app:ContainerApp";
const ROOT = join(__dirname, "..", "..");
const SEED = readFileSync(join(ROOT, "test", "fixtures", "seeds", "membrane-autoscaling-multicloud.md"), "utf8");

function loadExample(file: string): ScalingPolicy {
  const path = join(ROOT, "examples", "seeds", file);
  return parsePolicyFile(readFileSync(path, "utf8"), path)[0]!;
}

const isEnvelope = (v: unknown): v is { value: any } => typeof v === "object" && v !== null && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;

let mocks: PulumiMockHarness;

beforeAll(async () => {
  mocks = await installPulumiMocks();
});
beforeEach(() => mocks.reset());

const ENV_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/membrane-rg/providers/Microsoft.App/managedEnvironments/membrane-env";

describe("ContainerAppService under Pulumi mocks (real @pulumi/azure-native SDK)", () => {
  it("registers the seed API as an azure-native:app:ContainerApp with the seed's scale block and ingress", async () => {
    const c = new mod.ContainerAppService("api", {
      policy: toPolicyInput(loadExample("membrane-container-apps-api.yaml")),
      resourceGroupName: pulumi.output("membrane-rg"),
      environmentId: pulumi.output(ENV_ID),
      image: "membrane/api:1.0",
      cpu: 0.5,
      memory: "1Gi",
      ingressTargetPort: pulumi.output(8080),
      externalIngress: true,
    });
    await valueOf(c.containerApp.id);
    await settled();
    expect((await mocks.all()).map((r) => r.type)).toEqual(["polyscale:index:ContainerAppService", APP]);
    const [res] = (await mocks.ofType(APP));
    expect(res!.name).toBe("api");
    // The seed's flags, read from the seed: --name membrane-api --resource-group membrane-rg --scale-rule-http-concurrency 100.
    const flag = (f: string) => new RegExp(`--${f} (\\S+)`).exec(SEED.slice(SEED.indexOf("### HTTP-based Scaling")))![1];
    expect(res!.inputs).toEqual({
      resourceGroupName: flag("resource-group"),
      containerAppName: flag("name"),
      environmentId: ENV_ID,
      // allowInsecure / transport: defaults the azure-native SDK itself adds (ingressArgsProvideDefaults).
      configuration: { activeRevisionsMode: "Single", ingress: { targetPort: 8080, external: true, allowInsecure: false, transport: "auto" } },
      template: {
        containers: [{ name: "membrane-api", image: "membrane/api:1.0", resources: { cpu: 0.5, memory: "1Gi" } }],
        scale: {
          minReplicas: Number(flag("min-replicas")),
          maxReplicas: Number(flag("max-replicas")),
          rules: [{ name: flag("scale-rule-name"), http: { metadata: { concurrentRequests: flag("scale-rule-http-concurrency") } } }],
        },
      },
    });
  });

  it("children are parented to the component (URN type chain)", async () => {
    const c = new mod.ContainerAppService("api", { policy: toPolicyInput(loadExample("membrane-container-apps-api.yaml")), resourceGroupName: "rg", environmentId: ENV_ID, image: "i", ingressTargetPort: 80 });
    expect(await valueOf(c.urn)).toMatch(/::polyscale:index:ContainerAppService::api$/);
    expect(await valueOf(c.containerApp.urn)).toMatch(/::polyscale:index:ContainerAppService\$azure-native:app:ContainerApp::api$/);
  });

  it("the instant worker gets a system-assigned identity for its azure-monitor rule", async () => {
    const c = new mod.ContainerAppService("worker", { policy: toPolicyInput(loadExample("membrane-container-apps-instant-worker.yaml")), resourceGroupName: "membrane-rg", environmentId: ENV_ID, image: "membrane/worker:1.0" });
    await valueOf(c.containerApp.id);
    await settled();
    const [res] = (await mocks.ofType(APP));
    expect(res!.inputs.identity).toEqual({ type: "SystemAssigned" });
    expect(res!.inputs.configuration).toEqual({ activeRevisionsMode: "Single" }); // no ingress, no secrets
    expect(res!.inputs.template.scale.rules[0].custom).toMatchObject({ type: "azure-monitor", identity: "system" });
  });

  it("rule credentials go to configuration.secrets as secrets; rules hold only the secret names", async () => {
    const token = "s3cr3t-bearer-token-value";
    const clientSecret = "client-secret-value";
    const policy: ScalingPolicyInput = {
      service: "jobs",
      scaling: {
        replicas: { min: 0, max: 20 },
        metrics: [
          { queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(jobs_waiting)", serverAddress: "https://prom.example.com", auth: { mode: "bearer" } } } } },
          { replicasRequired: { buffer: 0.3, from: { azureMonitor: { metricName: "WorkersRequired", resourceId: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Insights/components/ai", tenantId: "99999999-8888-7777-6666-555555555555", metricAggregationType: "Maximum" } } } },
        ],
        containerApps: {
          rules: [
            {
              metric: 1,
              auth: [
                { secretRef: "monitor-client-id", triggerParameter: "activeDirectoryClientId" },
                { secretRef: "monitor-client-secret", triggerParameter: "activeDirectoryClientPassword" },
              ],
            },
          ],
        },
      },
    };
    const c = new mod.ContainerAppService("jobs", {
      policy,
      resourceGroupName: "rg",
      environmentId: ENV_ID,
      image: "jobs:1",
      // Plain strings and Outputs alike are made secret by the component.
      secrets: { "queue-prometheus-bearer-token": pulumi.output(token), "monitor-client-id": "client-id", "monitor-client-secret": clientSecret },
    });
    await valueOf(c.containerApp.id);
    await settled();

    const [res] = (await mocks.ofType(APP));
    // The mock receives `configuration` inside the secret envelope...
    expect(isEnvelope(res!.inputs.configuration)).toBe(true);
    expect(res!.inputs.configuration.value).toEqual({
      activeRevisionsMode: "Single",
      secrets: [
        { name: "monitor-client-id", value: "client-id" },
        { name: "monitor-client-secret", value: clientSecret },
        { name: "queue-prometheus-bearer-token", value: token },
      ],
    });
    // ...and no other input is secret or holds a secret value.
    const { configuration, ...rest } = res!.inputs;
    expect(Object.values(rest).some(isEnvelope)).toBe(false);
    expect(JSON.stringify(rest)).not.toContain(token);
    expect(JSON.stringify(rest)).not.toContain(clientSecret);
    expect(res!.inputs.template.scale.rules.map((r: any) => r.custom.auth)).toEqual([
      [{ secretRef: "queue-prometheus-bearer-token", triggerParameter: "bearerToken" }],
      [
        { secretRef: "monitor-client-id", triggerParameter: "activeDirectoryClientId" },
        { secretRef: "monitor-client-secret", triggerParameter: "activeDirectoryClientPassword" },
      ],
    ]);
    void configuration;

    // The Outputs are secret too: the component's list and the resource's configuration (additionalSecretOutputs).
    expect(await pulumi.isSecret(c.secrets)).toBe(true);
    expect(await pulumi.isSecret(c.containerApp.configuration)).toBe(true);
    expect(await pulumi.isSecret(c.containerApp.template)).toBe(false);
  });

  it("refuses a missing rule secret and an http rule without ingress, before registering anything", async () => {
    let err: unknown;
    try {
      new mod.ContainerAppService("x", {
        policy: {
          service: "worker",
          scaling: {
            replicas: { min: 1, max: 5 },
            metrics: [{ inFlight: { perReplica: 10 } }, { queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(q)", serverAddress: "https://prom.example.com", auth: { mode: "basic" } } } } }],
          },
        },
        resourceGroupName: "rg",
        environmentId: ENV_ID,
        image: "x:1",
        secrets: { "queue-prometheus-username": "u" },
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolicyError);
    expect((err as PolicyError).issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["scaling.containerApps.rules", 'a scale rule reads Container App secret "queue-prometheus-password": pass its value in `secrets` of ContainerAppService (a pulumi.Input<string>, stored as a secret)'],
      ["scaling.metrics", "compiles to an http scale rule, which needs ingress: pass `ingressTargetPort` to ContainerAppService"],
    ]);
    await settled();
    expect((await mocks.ofType(APP))).toHaveLength(0);
  });
});

/** ARM `Ingress` (test/fixtures/container-apps/ingress.definition.json), closed; its $refs (fields the component never sets) are left out. */
const INGRESS = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "container-apps", "ingress.definition.json"), "utf8"));
const validIngress = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(
  closeObjects({ ...INGRESS, properties: Object.fromEntries(Object.entries(INGRESS.properties as Record<string, any>).filter(([, v]) => !JSON.stringify(v).includes("$ref"))) }),
);

describe("ContainerAppService with a tcp rule (inFlight, protocol: tcp)", () => {
  const tcpPolicy: ScalingPolicyInput = { service: "broker", scaling: { replicas: { min: 0, max: 5 }, metrics: [{ inFlight: { perReplica: 100, protocol: "tcp" } }] } };
  const base = { resourceGroupName: "rg", environmentId: ENV_ID, image: "broker:1" };

  it("sets the ingress transport to tcp with the exposed port, and the tcp rule in template.scale", async () => {
    new mod.ContainerAppService("broker", { ...base, policy: tcpPolicy, ingressTargetPort: 5672, ingressExposedPort: 5672 });
    await settled();
    const [res] = await mocks.ofType(APP);
    expect(res!.inputs.configuration.ingress).toMatchObject({ targetPort: 5672, exposedPort: 5672, transport: "tcp", external: false });
    expect(validIngress(res!.inputs.configuration.ingress) ? [] : validIngress.errors).toEqual([]);
    expect(validIngress({ ...res!.inputs.configuration.ingress, transport: "udp" })).toBe(false);
    expect(res!.inputs.template.scale.rules).toEqual([{ name: "tcp-scaling", tcp: { metadata: { concurrentConnections: "100" } } }]);
  });

  it("refuses a tcp rule without ingress, and an exposed port on an http app, before registering anything", async () => {
    const errOf = (args: Record<string, unknown>) => {
      try {
        new mod.ContainerAppService("x", { ...base, ...args } as never);
      } catch (e) {
        return e as PolicyError;
      }
      throw new Error("expected a PolicyError");
    };
    expect(errOf({ policy: tcpPolicy }).issues.map((i) => i.message)).toEqual(["compiles to a tcp scale rule, which needs ingress: pass `ingressTargetPort` to ContainerAppService"]);
    const http: ScalingPolicyInput = { service: "api", scaling: { replicas: { min: 1, max: 5 }, metrics: [{ inFlight: { perReplica: 100 } }] } };
    const e = errOf({ policy: http, ingressTargetPort: 80, ingressExposedPort: 8080 });
    expect(e.issues.map((i) => i.code)).toEqual(["unsupported"]);
    expect(e.issues[0]!.message).toContain("ingressExposedPort");
    await settled();
    expect(await mocks.ofType(APP)).toHaveLength(0);
  });
});

describe("ContainerAppService names the app after the service only where ARM accepts the name", () => {
  const base = { resourceGroupName: "rg", environmentId: ENV_ID, image: "x:1" };
  const policy = (service: string): ScalingPolicyInput => ({ service, scaling: { replicas: { min: 1, max: 5 }, metrics: [{ cpu: { utilization: 60 } }] } });

  it.each([
    ["a 33-character service name", "a".repeat(33)],
    ["a double hyphen", "orders--v2"],
    ["a leading digit", "2fa-api"],
  ])("refuses %s before registering anything, asking for containerAppName", async (_what, service) => {
    let err: unknown;
    try {
      new mod.ContainerAppService("app", { ...base, policy: policy(service) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolicyError);
    const issues = (err as PolicyError).issues;
    expect(issues.map((i) => i.path.join("."))).toEqual(["service"]);
    expect(issues[0]!.message).toContain("is not a Container App name");
    expect(issues[0]!.message).toContain("pass `containerAppName` to ContainerAppService");
    expect(await mocks.all()).toHaveLength(0);
  });

  it("takes the same service when containerAppName is given", async () => {
    new mod.ContainerAppService("app", { ...base, policy: policy("2fa-api"), containerAppName: "twofa-api" });
    const [appRes] = await mocks.ofType(APP);
    expect(appRes!.inputs.containerAppName).toBe("twofa-api");
  });
});

describe("containerAppScaleSettings (pure helper for your own ContainerApp)", () => {
  it("returns the scale block, the secret names and the identity the rules need", () => {
    const s = mod.containerAppScaleSettings({
      service: "svc",
      scaling: {
        replicas: { min: 1, max: 5 },
        metrics: [
          { queue: { jobsPerReplica: 5, from: { azureMonitor: { metricName: "Q", resourceId: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Insights/components/ai", tenantId: "99999999-8888-7777-6666-555555555555", metricAggregationType: "Total" } } } },
        ],
        containerApps: { rules: [{ metric: 0, identity: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/scaler" }] },
      },
    });
    expect(s.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: ["/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/scaler"] });
    expect(s.secretRefs).toEqual([]);
    expect(s.needsIngress).toBe(false);
    expect(s.scale.rules[0]!.custom!.identity).toMatch(/userAssignedIdentities\/scaler$/);
  });
});

describe("ScaledService adapter for container-apps", () => {
  it("creates a ContainerAppService with the workload's image, port and cpu; refuses fields it cannot carry", async () => {
    const r = createScaledService("api", { platform: "container-apps", policy: toPolicyInput(loadExample("membrane-container-apps-api.yaml")), workload: { image: "api:1", port: 9000, resources: { cpu: "500m", memory: "1Gi" } }, containerApps: { resourceGroupName: "rg", managedEnvironmentId: ENV_ID } })({});
    await valueOf((r.component as InstanceType<typeof mod.ContainerAppService>).containerApp.id);
    await settled();
    const [res] = (await mocks.ofType(APP));
    expect(res!.inputs.template.containers).toEqual([{ name: "membrane-api", image: "api:1", resources: { cpu: 0.5, memory: "1Gi" } }]);
    expect(res!.inputs.configuration.ingress.targetPort).toBe(9000);
    expect(() => createScaledService("x", { platform: "container-apps", policy: toPolicyInput(loadExample("membrane-container-apps-api.yaml")), workload: { image: "i", metricsPort: 9090 }, containerApps: { resourceGroupName: "rg", managedEnvironmentId: ENV_ID } })).toThrow(
      /workload\.metricsPort is not used on Container Apps \(no Prometheus scrape of replicas\); remove it/,
    );
    expect(() => createScaledService("y", { platform: "container-apps", policy: toPolicyInput(loadExample("membrane-container-apps-api.yaml")), workload: { image: "i", labels: { team: "a" } }, containerApps: { resourceGroupName: "rg", managedEnvironmentId: ENV_ID } })).toThrow(
      /workload\.labels has no Container Apps equivalent/,
    );
  });

  it("carries the workload's env and readiness probe into the container", async () => {
    await mocks.reset();
    const r = createScaledService("api", { platform: "container-apps", policy: toPolicyInput(loadExample("membrane-container-apps-api.yaml")), workload: { image: "api:1", port: 9000, env: { LOG_LEVEL: "info" }, readinessProbe: { path: "/ready", periodSeconds: 5 } }, containerApps: { resourceGroupName: "rg", managedEnvironmentId: ENV_ID } })({});
    await valueOf((r.component as InstanceType<typeof mod.ContainerAppService>).containerApp.id);
    await settled();
    const [res] = (await mocks.ofType(APP));
    expect(res!.inputs.template.containers[0].env).toEqual([{ name: "LOG_LEVEL", value: "info" }]);
    expect(res!.inputs.template.containers[0].probes).toEqual([{ type: "Readiness", httpGet: { path: "/ready", port: 9000 }, periodSeconds: 5 }]);
    expect(r.warnings.some((w) => /readiness probe/.test(w))).toBe(false);
  });
});
