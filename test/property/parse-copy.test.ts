import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PolicyError } from "../../src/policy/errors";
import { parsePolicy } from "../../src/policy/load";
import { anyPolicyInput } from "./arbitraries";

/** Every object and array reachable from `v`. */
function containers(v: unknown, out = new Set<object>()): Set<object> {
  if (typeof v === "object" && v !== null && !out.has(v)) {
    out.add(v);
    for (const x of Object.values(v)) containers(x, out);
  }
  return out;
}

/**
 * parsePolicy hands a clean input (JSON data only) to zod without copying it first: that is safe only
 * while zod's output holds no object or array of the input, so a caller changing its input afterwards
 * cannot change a validated policy. A schema that passes a value through (`z.unknown()`, `z.any()`) breaks this.
 */
describe("the parsed policy shares nothing with its input", () => {
  it("2,000 generated policies that load", () => {
    let loaded = 0;
    fc.assert(
      fc.property(anyPolicyInput, (input) => {
        let policy: unknown;
        try {
          policy = parsePolicy(input);
        } catch (e) {
          if (e instanceof PolicyError) return;
          throw e;
        }
        loaded++;
        const shared = [...containers(policy)].filter((o) => containers(input).has(o));
        expect(shared).toEqual([]);
      }),
      { numRuns: 2_000 },
    );
    expect(loaded).toBeGreaterThan(200);
  });

  it("a -0 or a __proto__ key deep in the input still goes through the copy that fixes or reports it", () => {
    const input = { service: "api", scaling: { replicas: { min: 1, max: 3 }, metrics: [{ cpu: { utilization: 70 } }], scaleDown: { stabilization: -0 } } };
    const policy = parsePolicy(input) as unknown as { scaling: { scaleDown: { stabilization: number } } };
    expect(Object.is(policy.scaling.scaleDown.stabilization, 0)).toBe(true);
    const withProto = JSON.parse('{"service":"api","scaling":{"replicas":{"min":1,"max":3,"__proto__":{}},"metrics":[{"cpu":{"utilization":70}}]}}');
    expect(() => parsePolicy(withProto)).toThrow(/scaling\.replicas\.__proto__: is not allowed as a key/);
  });
});
