import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { KubernetesService } from "../../src/components/kubernetes/service";
import { PolicyError, formatPath } from "../../src/policy";
import { installPulumiMocks, type PulumiMockHarness } from "../../src/testing/pulumi";

/** KubernetesService labels its Deployment and Service app=<workload name>: a label value is at most 63 (issue 12). */

let mocks: PulumiMockHarness;
beforeAll(async () => {
  mocks = await installPulumiMocks();
});
beforeEach(() => mocks.reset());

describe("KubernetesService default app label", () => {
  it("refuses a workload name longer than a label value before registering anything", async () => {
    let err: unknown;
    try {
      new KubernetesService("web", {
        policy: { service: "web", workload: { name: "w".repeat(64) }, scaling: { replicas: { min: 1, max: 3 }, metrics: [{ cpu: { utilization: 60 } }] } },
        workload: { image: "web:1", resources: { cpu: "100m" }, readinessProbe: { path: "/ready" } },
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolicyError);
    expect((err as PolicyError).issues.map((i) => [formatPath(i.path), i.code])).toEqual([["workload.name", "label_value_too_long"]]);
    expect(await mocks.all()).toEqual([]);
  });

  it("labels the Deployment with a 63-character workload name", async () => {
    new KubernetesService("web", {
      policy: { service: "web", workload: { name: "w".repeat(63) }, scaling: { replicas: { min: 1, max: 3 }, metrics: [{ cpu: { utilization: 60 } }] } },
      workload: { image: "web:1", resources: { cpu: "100m" }, readinessProbe: { path: "/ready" } },
    });
    const dep = await mocks.one("kubernetes:apps/v1:Deployment");
    expect(dep.inputs.spec.selector.matchLabels).toEqual({ app: "w".repeat(63) });
  });
});
