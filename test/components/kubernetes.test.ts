import { toPolicyInput } from "../../src/components/policy-arg";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { KubernetesScaling } from "../../src/components/kubernetes";
import { parsePolicyFile } from "../../src/policy";
import { compileKubernetes } from "../../src/targets/kubernetes";
import { installPulumiMocks, settled, valueOf, type PulumiMockHarness } from "../../src/testing";

const EXAMPLES = join(__dirname, "..", "..", "examples", "seeds");
const load = (f: string) => parsePolicyFile(readFileSync(join(EXAMPLES, f), "utf8"), f);

let mocks: PulumiMockHarness;
beforeAll(async () => {
  mocks = await installPulumiMocks();
});
beforeEach(() => mocks.reset());

const TOKENS: Record<string, string> = {
  HorizontalPodAutoscaler: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  ScaledObject: "kubernetes:keda.sh/v1alpha1:ScaledObject",
  TriggerAuthentication: "kubernetes:keda.sh/v1alpha1:TriggerAuthentication",
  VerticalPodAutoscaler: "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler",
  ServiceMonitor: "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
  PrometheusRule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
};

describe("KubernetesScaling under Pulumi mocks", () => {
  it("registers exactly the compiled manifests, with the compiled inputs, parented to the component", async () => {
    const [policy] = load("lightning-asr-advanced.yaml");
    const expected = compileKubernetes(policy!).manifests;
    const c = new KubernetesScaling("asr", { policy: toPolicyInput(policy!) });
    const hpaUrn = await valueOf(c.resources.HorizontalPodAutoscaler!.urn);
    await settled();

    const children = (await mocks.all()).filter((r) => r.custom);
    expect(children.map((r) => r.type).sort()).toEqual(expected.map((m) => TOKENS[m.kind]).sort());
    expect((await mocks.ofType("polyscale:index:KubernetesScaling"))).toHaveLength(1);
    for (const m of expected) {
      const [r] = (await mocks.ofType(TOKENS[m.kind]!));
      expect(r!.inputs.metadata).toEqual(m.metadata);
      expect(r!.inputs.spec).toEqual(m.spec);
      expect(r!.inputs.apiVersion).toBe(m.apiVersion);
      expect(r!.inputs.kind).toBe(m.kind);
    }
    expect(hpaUrn).toContain("polyscale:index:KubernetesScaling$kubernetes:autoscaling/v2:HorizontalPodAutoscaler::asr-hpa");
    expect(await valueOf(c.engine)).toBe("hpa");
    expect(await valueOf(c.hpaName)).toBe("lightning-asr");
  });

  it("never registers both an HPA and a ScaledObject; KEDA policies register only the ScaledObject", async () => {
    for (const policy of load("membrane-kubernetes-keda.yaml")) {
      await mocks.reset();
      const c = new KubernetesScaling(policy.service, { policy: toPolicyInput(policy) });
      await valueOf(c.engine);
      await settled();
      expect((await mocks.ofType(TOKENS.ScaledObject!))).toHaveLength(1);
      expect((await mocks.ofType(TOKENS.HorizontalPodAutoscaler!))).toHaveLength(0);
      expect((await mocks.ofType(TOKENS.ScaledObject!))[0]!.inputs.metadata.name).toBe(`${policy.service}-scaler`);
    }
  });

  it("stores Prometheus credentials in a Secret marked secret, referenced by a TriggerAuthentication", async () => {
    const policy = {
      service: "worker",
      namespace: "jobs",
      scaling: {
        replicas: { min: 0, max: 5 },
        metrics: [{ queue: { jobsPerReplica: 10, from: { prometheus: { query: "sum(jobs_waiting)" } } } }],
        kubernetes: { prometheus: { serverAddress: "https://prom.example:9090", auth: { mode: "bearer" as const } } },
      },
    };
    const token = pulumi.secret("s3cr3t-token");
    const c = new KubernetesScaling("worker", { policy, prometheusCredentials: { bearerToken: token } });
    const secret = c.resources.Secret as unknown as { stringData: pulumi.Output<Record<string, string>> };
    expect(await pulumi.isSecret(secret.stringData)).toBe(true);
    await valueOf(c.engine);
    await settled();
    const [auth] = (await mocks.ofType(TOKENS.TriggerAuthentication!));
    expect(auth!.inputs.spec).toEqual({ secretTargetRef: [{ parameter: "bearerToken", name: "worker-prometheus-auth", key: "bearerToken" }] });
    const [so] = (await mocks.ofType(TOKENS.ScaledObject!));
    expect(so!.inputs.spec.triggers[0].authenticationRef).toEqual({ name: "worker-prometheus-auth" });
    expect(so!.inputs.spec.triggers[0].metadata.authModes).toBe("bearer");
    // The token never appears in the ScaledObject or TriggerAuthentication inputs.
    expect(JSON.stringify([so!.inputs, auth!.inputs])).not.toContain("s3cr3t-token");
    const [sec] = (await mocks.ofType("kubernetes:core/v1:Secret"));
    expect(sec!.inputs.metadata).toEqual({ name: "worker-prometheus-auth", namespace: "jobs" });
  });

  it("refuses to build when the policy needs credentials that were not given", () => {
    const policy = {
      service: "worker",
      scaling: {
        replicas: { min: 1, max: 5 },
        metrics: [{ prometheus: { query: "sum(x)", target: 3 } }],
        kubernetes: { prometheus: { serverAddress: "https://prom:9090", auth: { mode: "basic" as const } } },
      },
    };
    expect(() => new KubernetesScaling("w", { policy })).toThrow("the policy's Prometheus auth needs `prometheusCredentials.username`, `prometheusCredentials.password`");
  });

  it("an invalid policy fails at construction with the field path", () => {
    expect(() => new KubernetesScaling("bad", { policy: { service: "x", scaling: { replicas: { min: 3, max: 1 }, metrics: [{ cpu: { utilization: 50 } }] } } })).toThrow(
      "scaling.replicas.max: must be >= replicas.min (3), got 1",
    );
  });
});
