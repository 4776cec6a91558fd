import { describe, expect, it } from "vitest";
import { PolicyError, formatPath, parsePolicy } from "../../../src/policy";
import { loadTarget } from "../../../src/targets";
import { containerAppNameIssue } from "../../../src/targets/resource-names";

const render = (policy: unknown) => loadTarget("cloud-run").render(parsePolicy(policy));

describe("resource names the cloud platforms accept (issue 12)", () => {
  it("refuses to render a Cloud Run service whose name starts with a digit, together with the other issues", () => {
    let err: unknown;
    try {
      render({ service: "9lives", scaling: { replicas: { min: 1, max: 500 }, metrics: [{ inFlight: { perReplica: 30 } }] } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolicyError);
    expect((err as PolicyError).issues.map((i) => formatPath(i.path))).toEqual(["service", "scaling.replicas.max"]);
    expect((err as PolicyError).issues[0]!.message).toMatch(/^"9lives" is not a Cloud Run service name \(.*starting with a letter/);
  });

  it("renders a service name that starts with a letter", () => {
    const doc = render({ service: "lives9", scaling: { replicas: { min: 1, max: 5 }, metrics: [{ inFlight: { perReplica: 30 } }] } }).documents[0] as any;
    expect(doc.args.name).toBe("lives9");
  });

  it.each([
    ["api", true],
    ["a", false],
    ["a".repeat(32), true],
    ["a".repeat(33), false],
    ["api--v2", false],
    ["9lives", false],
    ["api-", false],
  ])("Container App name %s valid: %s", (name, ok) => {
    expect(containerAppNameIssue(name, ["service"], "x") === undefined).toBe(ok);
  });
});
