import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../src/policy";
import { loadTarget } from "../../../src/targets";
import { kedaCron } from "../../../src/targets/keda-cron";

/**
 * KEDA's cron scaler parses with robfig/cron v3, whose day of week is 0-6 (spec.go `dow = bounds{0, 6, ...}`);
 * the policy accepts 7 for Sunday as Vixie cron does. Expected values are the days each field means.
 */
describe("KEDA cron day of week (issue 12)", () => {
  it.each([
    ["0 9 * * 7", "0 9 * * 0"],
    ["0 22 * * 5-7", "0 22 * * 0,5,6"],
    ["0 9 * * 1-7/2", "0 9 * * 0,1,3,5"],
    ["0 6 * * 0,7", "0 6 * * 0"],
    ["0 9 * * 1-5", "0 9 * * 1-5"],
    ["0 9 * * SUN", "0 9 * * SUN"],
    [" 0  18 * * * ", "0 18 * * *"],
  ])("%j is written %j", (given, written) => {
    expect(kedaCron(given)).toBe(written);
  });

  const policy = {
    service: "web",
    scaling: { replicas: { min: 1, max: 5 }, metrics: [{ schedule: { timezone: "Europe/Berlin", start: "0 8 * * 5-7", end: "0 20 * * 5-7", replicas: 3 } }] },
  };

  it("the ScaledObject's cron trigger and the Container Apps cron rule get robfig/cron's 0-6", () => {
    const so = loadTarget("kubernetes").render(parsePolicy(policy)).documents[0] as any;
    expect(so.spec.triggers[0].metadata).toMatchObject({ start: "0 8 * * 0,5,6", end: "0 20 * * 0,5,6" });
    const app = loadTarget("container-apps").render(parsePolicy(policy)).documents[0] as any;
    expect(app.args.template.scale.rules[0].custom.metadata).toMatchObject({ start: "0 8 * * 0,5,6", end: "0 20 * * 0,5,6" });
  });
});
