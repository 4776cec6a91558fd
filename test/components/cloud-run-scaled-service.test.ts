import { toPolicyInput } from "../../src/components/policy-arg";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ScaledService } from "../../src/components/scaled-service";
import { parsePolicyFile } from "../../src/policy";
import { installPulumiMocks, settled, valueOf, type PulumiMockHarness } from "../../src/testing/pulumi";
import { EXAMPLES_DIR } from "../helpers/seeds";
import { serviceValidator, toRestService } from "../targets/cloud-run/schema";

const SERVICE = "gcp:cloudrunv2/service:Service";
const seedPolicy = () => parsePolicyFile(readFileSync(join(EXAMPLES_DIR, "seeds", "membrane-cloud-run-api.yaml"), "utf8"))[0]!;

let mocks: PulumiMockHarness;
beforeAll(async () => {
  mocks = await installPulumiMocks();
});
beforeEach(() => mocks.reset());

describe("ScaledService on cloud-run", () => {
  it("creates the Cloud Run service from the workload (image, port, env, readiness probe, labels)", async () => {
    const s = new ScaledService("membrane-api", {
      platform: "cloud-run",
      policy: toPolicyInput(seedPolicy()),
      cloudRun: { location: "europe-west1", project: "membrane-prod" },
      workload: {
        image: "gcr.io/membrane/api:1",
        port: 3000,
        env: { NODE_ENV: "production", LOG_LEVEL: "info" },
        readinessProbe: { path: "/healthz", periodSeconds: 5 },
        labels: { team: "membrane" },
        resources: { memory: "2Gi" },
      },
    });
    expect(await valueOf(s.workloadName)).toBe("membrane-api");
    await settled();
    expect((await mocks.all()).map((r) => r.type)).toEqual(["polyscale:index:ScaledService", "polyscale:index:CloudRunService", SERVICE]);
    const t = (await mocks.ofType(SERVICE))[0]!.inputs.template;
    expect(t.labels).toEqual({ team: "membrane" });
    expect(t.containers[0]).toMatchObject({
      image: "gcr.io/membrane/api:1",
      ports: { containerPort: 3000 },
      envs: [{ name: "LOG_LEVEL", value: "info" }, { name: "NODE_ENV", value: "production" }],
      readinessProbe: { httpGet: { path: "/healthz", port: 3000 }, periodSeconds: 5 },
    });
    const validate = serviceValidator();
    validate(toRestService((await mocks.ofType(SERVICE))[0]!.inputs));
    expect(validate.errors ?? []).toEqual([]);
    expect(await valueOf(s.warnings)).toEqual([]);
  });

  it("refuses workload resources that disagree with the policy's instance size, and fields Cloud Run lacks", () => {
    expect(
      () =>
        new ScaledService("membrane-api", {
          platform: "cloud-run",
          policy: toPolicyInput(seedPolicy()),
          cloudRun: { location: "europe-west1" },
          workload: { image: "i", resources: { cpu: "2", memory: "1Gi" }, readinessProbe: { path: "/", initialDelaySeconds: 10 } },
        }),
    ).toThrow(
      [
        'ScaledService "membrane-api" on cloud-run:',
        ' - workload.resources cpu "2" differs from the Cloud Run instance cpu 1 (set scaling.cloudRun.cpu in the policy; Cloud Run has one limit per instance)',
        ' - workload.resources memory "1Gi" differs from the Cloud Run instance memory "2Gi" (set scaling.cloudRun.memory in the policy; Cloud Run has one limit per instance)',
        " - workload.readinessProbe.initialDelaySeconds is not supported by the Cloud Run v2 readiness probe (it has no initial delay); remove it",
      ].join("\n"),
    );
  });

  it("warns when an autoscaled service has no readiness probe", async () => {
    const s = new ScaledService("membrane-api", { platform: "cloud-run", policy: toPolicyInput(seedPolicy()), cloudRun: { location: "europe-west1" }, workload: { image: "i" } });
    expect((await valueOf(s.warnings)).join("\n")).toMatch(/^membrane-api: autoscaled without a readiness probe/);
  });
});
