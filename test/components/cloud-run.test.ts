import { toPolicyInput } from "../../src/components/policy-arg";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CLOUD_RUN_COMPONENT_TYPE, CloudRunService, cloudRunScalingSettings } from "../../src/components/cloud-run";
import { PolicyError, parsePolicy, parsePolicyFile } from "../../src/policy";
import { installPulumiMocks, settled, valueOf, type PulumiMockHarness } from "../../src/testing/pulumi";
import { EXAMPLES_DIR, seedText } from "../helpers/seeds";
import { at, gcloudRunUpdateCommand, v2FieldsOf } from "../targets/cloud-run/gcloud";
import { serviceValidator, toRestService } from "../targets/cloud-run/schema";

const SERVICE = "gcp:cloudrunv2/service:Service";
const seed = gcloudRunUpdateCommand(seedText("membrane-autoscaling-multicloud.md"));
const seedPolicy = () => parsePolicyFile(readFileSync(join(EXAMPLES_DIR, "seeds", "membrane-cloud-run-api.yaml"), "utf8"))[0]!;

let mocks: PulumiMockHarness;
beforeAll(async () => {
  mocks = await installPulumiMocks({ outputs: (r) => (r.type === SERVICE ? { uri: `https://${r.inputs.name}-abc-ew.a.run.app` } : {}) });
});
beforeEach(() => mocks.reset());

describe("CloudRunService under Pulumi mocks (real @pulumi/gcp SDK)", () => {
  it("registers one cloudrunv2.Service carrying the seed's gcloud flags, with location / project / image from Outputs", async () => {
    const c = new CloudRunService("membrane-api", {
      policy: toPolicyInput(seedPolicy()),
      location: pulumi.output("europe-west1"),
      project: pulumi.output("membrane-prod"),
      image: pulumi.output("europe-docker.pkg.dev/membrane-prod/api/server:1.4.2"),
    });
    expect(await valueOf(c.uri)).toBe("https://membrane-api-abc-ew.a.run.app");
    await settled();

    expect((await mocks.all()).map((r) => r.type)).toEqual([CLOUD_RUN_COMPONENT_TYPE, SERVICE]);
    const [svc] = (await mocks.ofType(SERVICE));
    expect(svc!.name).toBe("membrane-api");
    for (const [path, value] of v2FieldsOf(seed)) expect(at(svc!.inputs, path), path).toStrictEqual(value);
    expect(svc!.inputs.name).toBe(seed.service);
    expect(svc!.inputs.location).toBe("europe-west1");
    expect(svc!.inputs.project).toBe("membrane-prod");
    expect(svc!.inputs.template.containers[0].image).toBe("europe-docker.pkg.dev/membrane-prod/api/server:1.4.2");
    // Service-level scaling written out (PLATFORM-FACTS C: service- vs revision-level drift).
    expect(svc!.inputs.scaling).toEqual({ minInstanceCount: 2, maxInstanceCount: 10, scalingMode: "AUTOMATIC" });
    // Nothing polyscale does not own is set (deletionProtection stays the provider's default).
    expect(Object.keys(svc!.inputs).sort()).toEqual(["location", "name", "project", "scaling", "template"]);
  });

  it("the inputs the SDK registered are a valid Cloud Run v2 Service (closed schema)", async () => {
    new CloudRunService("membrane-api", { policy: toPolicyInput(seedPolicy()), location: "europe-west1", image: "gcr.io/membrane/api:1" });
    await settled();
    const validate = serviceValidator();
    const ok = validate(toRestService((await mocks.ofType(SERVICE))[0]!.inputs));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("parents the service to the component (URN type chain)", async () => {
    const c = new CloudRunService("api", { policy: toPolicyInput(seedPolicy()), location: "us-central1", image: "gcr.io/p/api:1" });
    expect(await valueOf(c.urn)).toMatch(/::polyscale:index:CloudRunService::api$/);
    expect(await valueOf(c.service.urn)).toMatch(/::polyscale:index:CloudRunService\$gcp:cloudrunv2\/service:Service::api$/);
  });

  it("passes through the optional service inputs it accepts", async () => {
    new CloudRunService("api", {
      policy: toPolicyInput(seedPolicy()),
      location: "us-central1",
      image: "gcr.io/p/api:1",
      serviceName: "api-prod",
      deletionProtection: false,
      ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY",
      serviceAccount: "api@p.iam.gserviceaccount.com",
      labels: { team: "membrane" },
    });
    await settled();
    const i = (await mocks.ofType(SERVICE))[0]!.inputs;
    expect([i.name, i.deletionProtection, i.ingress, i.template.serviceAccount, i.labels]).toEqual([
      "api-prod", false, "INGRESS_TRAFFIC_INTERNAL_ONLY", "api@p.iam.gserviceaccount.com", { team: "membrane" },
    ]);
  });

  it("uses scaling.cloudRun.image when no image input is given, and refuses to deploy without any image", async () => {
    const withImage = parsePolicy({ service: "w", scaling: { replicas: { min: 0, max: 5 }, metrics: [{ inFlight: { perReplica: 6 } }], cloudRun: { image: "gcr.io/p/w:3", cpu: 2, memory: "4Gi" } } });
    new CloudRunService("w", { policy: toPolicyInput(withImage), location: "us-central1" });
    await settled();
    const i = (await mocks.ofType(SERVICE))[0]!.inputs;
    expect(i.template.containers).toEqual([{ name: "w", image: "gcr.io/p/w:3", resources: { limits: { cpu: "2", memory: "4Gi" }, cpuIdle: true, startupCpuBoost: false } }]);
    expect(i.template.maxInstanceRequestConcurrency).toBe(10); // ceil(6 / 0.6)

    let err: unknown;
    try {
      new CloudRunService("noimage", { policy: toPolicyInput(seedPolicy()), location: "us-central1" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolicyError);
    expect((err as PolicyError).issues.map((x) => [x.path.join("."), x.message])).toEqual([
      ["scaling.cloudRun.image", "is required: pass `image` to CloudRunService or set scaling.cloudRun.image (Cloud Run needs a container image)"],
    ]);
  });

  it("a policy Cloud Run cannot honour fails before any service is registered", async () => {
    const bad = parsePolicy({ service: "worker", scaling: { replicas: { min: 2, max: 20 }, metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(jobs)" } } } }] } });
    expect(() => new CloudRunService("worker", { policy: toPolicyInput(bad), location: "us-central1", image: "i" })).toThrow(/scaling\.metrics\[0\]\.queue: metric `queue` is not supported on cloud-run; nearest alternative: GKE with KEDA/);
    await settled();
    expect((await mocks.ofType(SERVICE))).toEqual([]);
  });

  it("exposes compiler warnings on the component", () => {
    const p = parsePolicy({ service: "api", scaling: { replicas: { min: 1, max: 10 }, metrics: [{ inFlight: { perReplica: 48 } }, { cpu: { utilization: 50 } }] } });
    const c = new CloudRunService("warned", { policy: toPolicyInput(p), location: "us-central1", image: "i" });
    expect(c.warnings.map((w) => w.code)).toEqual(["approximate_cpu_target"]);
  });
});

describe("cloudRunScalingSettings (pure helper for your own cloudrunv2.Service)", () => {
  it("returns the seed's settings split into service scaling, template fields and container resources", async () => {
    const s = cloudRunScalingSettings(toPolicyInput(seedPolicy()));
    const merged = { name: "membrane-api", scaling: s.scaling, template: { ...s.template, containers: [{ image: "i", resources: s.containerResources }] } };
    for (const [path, value] of v2FieldsOf(seed)) expect(at(merged, path), path).toStrictEqual(value);
    expect(s.warnings).toEqual([]);
    expect((await mocks.all())).toEqual([]); // no resource created
  });
});
