import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePolicyFile } from "../../../src/policy";
import { loadTarget } from "../../../src/targets";
import { CLOUD_RUN_SERVICE_TYPE, type CloudRunServiceSpec } from "../../../src/targets/cloud-run";
import { EXAMPLES_DIR, seedText } from "../../helpers/seeds";
import { at, gcloudRunUpdateCommand, v2FieldsOf } from "./gcloud";

const seed = gcloudRunUpdateCommand(seedText("membrane-autoscaling-multicloud.md"));
const policyFile = join(EXAMPLES_DIR, "seeds", "membrane-cloud-run-api.yaml");

function render() {
  const [policy] = parsePolicyFile(readFileSync(policyFile, "utf8"), policyFile);
  return loadTarget("cloud-run").render(policy!);
}

describe("cloud-run golden: the Membrane seed's gcloud command", () => {
  it("reads the seed's own flags", () => {
    // Guards the parser: these are the five flags the seed prints, nothing else.
    expect(seed.service).toBe("membrane-api");
    expect(Object.keys(seed.flags).sort()).toEqual(["concurrency", "cpu-throttling", "max-instances", "memory", "min-instances"]);
  });

  it("renders one cloudrunv2.Service for the service the command updates", () => {
    const out = render();
    expect(out.documents).toHaveLength(1);
    expect(out.documents[0]).toMatchObject({ type: CLOUD_RUN_SERVICE_TYPE, name: seed.service });
    expect((out.documents[0]!.args as CloudRunServiceSpec).name).toBe(seed.service);
  });

  const fields = v2FieldsOf(seed);
  it.each(fields)("%s equals the value of its gcloud flag (%j)", (path, value) => {
    const args = render().documents[0]!.args;
    expect(at(args, path)).toStrictEqual(value);
  });

  it("emits the service-level scaling equal to the revision bounds (no plan drift)", () => {
    const args = render().documents[0]!.args as CloudRunServiceSpec;
    expect(args.scaling).toStrictEqual({
      minInstanceCount: Number(seed.flags["min-instances"]),
      maxInstanceCount: Number(seed.flags["max-instances"]),
      scalingMode: "AUTOMATIC",
    });
  });

  it("fills the fields the command leaves alone with Cloud Run's documented defaults, explicitly", () => {
    const res = (render().documents[0]!.args as CloudRunServiceSpec).template.containers[0].resources;
    // No --cpu flag: Cloud Run's default is 1 vCPU (configuring/services/cpu); no --cpu-boost: off.
    expect(res.limits.cpu).toBe("1");
    expect(res.startupCpuBoost).toBe(false);
  });

  it("compiles without warnings (concurrency 80 and the inFlight target 48 agree: 0.6 x 80 = 48)", () => {
    expect(render().warnings).toEqual([]);
  });

  it("is deterministic (byte-identical output)", () => {
    expect(JSON.stringify(render())).toBe(JSON.stringify(render()));
  });
});
