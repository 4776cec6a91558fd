import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePolicy, parsePolicyFile } from "../../../src/policy";
import { loadTarget } from "../../../src/targets";
import { EXAMPLES_DIR } from "../../helpers/seeds";
import { serviceValidator, toRestService } from "./schema";

const render = (policy: unknown) => loadTarget("cloud-run").render(parsePolicy(policy)).documents[0]!.args as Record<string, any>;
const seedPolicy = () => parsePolicyFile(readFileSync(join(EXAMPLES_DIR, "seeds", "membrane-cloud-run-api.yaml"), "utf8"))[0]!;

function errorsOf(body: unknown) {
  const validate = serviceValidator();
  validate(body);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}${e.params && "additionalProperty" in e.params ? ` ${e.params.additionalProperty}` : ""}`);
}

describe("cloud-run output against the Cloud Run v2 Service schema (closed object types)", () => {
  it("the seed's service, with the user's image merged in, is a valid Service", () => {
    const args = loadTarget("cloud-run").render(seedPolicy()).documents[0]!.args as Record<string, any>;
    // The seed's command updates an existing service, so the policy carries no image; the user's
    // own container (or the component) supplies it.
    args.template.containers[0].image = "us-docker.pkg.dev/membrane/api/server:1.0";
    expect(errorsOf(toRestService(args))).toEqual([]);
  });

  it("a sub-1-vCPU service with its image in the policy is valid (executionEnvironment enum included)", () => {
    const args = render({
      service: "small",
      scaling: {
        replicas: { min: 0, max: 3 },
        metrics: [{ cpu: { utilization: 60 } }],
        cloudRun: { cpu: "500m", memory: "512Mi", concurrency: 1, image: "gcr.io/p/small:1", startupCpuBoost: true },
      },
    });
    expect(args.template.executionEnvironment).toBe("EXECUTION_ENVIRONMENT_GEN1");
    expect(errorsOf(toRestService(args))).toEqual([]);
  });

  it("without an image the schema reports exactly the missing required image", () => {
    const args = loadTarget("cloud-run").render(seedPolicy()).documents[0]!.args;
    expect(errorsOf(toRestService(args as Record<string, unknown>))).toEqual(["/template/containers/0 must have required property 'image'"]);
  });

  it("the closed schema rejects a misspelt field (the check has teeth)", () => {
    const args = render({ service: "x", scaling: { replicas: { min: 1, max: 2 }, metrics: [{ inFlight: { perReplica: 30 } }], cloudRun: { image: "i" } } });
    args.template.maxInstanceRequestConcurency = args.template.maxInstanceRequestConcurrency;
    args.scaling.minInstances = 1;
    expect(errorsOf(toRestService(args)).sort()).toEqual([
      "/scaling must NOT have additional properties minInstances",
      "/template must NOT have additional properties maxInstanceRequestConcurency",
    ]);
  });

  it("rejects a scalingMode outside the API enum", () => {
    const args = render({ service: "x", scaling: { replicas: { min: 1, max: 2 }, metrics: [{ inFlight: { perReplica: 30 } }], cloudRun: { image: "i" } } });
    args.scaling.scalingMode = "AUTO";
    expect(errorsOf(toRestService(args))[0]).toMatch(/^\/scaling\/scalingMode must be equal to one of the allowed values/);
  });
});
