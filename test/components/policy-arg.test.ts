import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toPolicy, toPolicyInput } from "../../src/components/policy-arg";
import { parsePolicy, parsePolicyFile } from "../../src/policy";
import { MEMBRANE_SERVICES, membranePolicies, paastaPolicy } from "../../src/presets";
import { PLATFORMS } from "../../src/targets";

const SEEDS = join(__dirname, "..", "..", "examples", "seeds");
const seedPolicies = readdirSync(SEEDS)
  .filter((f) => f.endsWith(".yaml"))
  .flatMap((f) => parsePolicyFile(readFileSync(join(SEEDS, f), "utf8"), f).map((p) => [`${f}: ${p.service}`, p] as const));
const presetPolicies = [
  ...PLATFORMS.flatMap((platform) => membranePolicies(platform).policies.map((p) => [`membrane ${platform}: ${p.service}`, parsePolicy(p)] as const)),
  ...(["cpu", "uwsgi", "gunicorn"] as const).map((m) => [`paasta ${m}`, parsePolicy(paastaPolicy({ service: "s", minInstances: 1, maxInstances: 5, metricsProvider: m }))] as const),
];

describe("toPolicyInput: a parsed policy as a component's policy argument", () => {
  it("covers every seed and preset policy", () => {
    expect(seedPolicies.length).toBeGreaterThan(10);
    expect(presetPolicies.length).toBeGreaterThanOrEqual(MEMBRANE_SERVICES.length);
  });

  for (const [name, parsed] of [...seedPolicies, ...presetPolicies]) {
    it(`${name}: written back as input, it parses to the same policy (as JSON, with nothing remembered)`, () => {
      const input = toPolicyInput(parsed);
      expect(parsePolicy(JSON.parse(JSON.stringify(input)))).toEqual(parsed);
      expect(toPolicy(input)).toBe(parsed);
    });
  }

  it("is a frozen copy: changing it cannot bypass validation, and the parsed policy is untouched", () => {
    const parsed = parsePolicy({ service: "api", scaling: { replicas: { min: 1, max: 3 }, metrics: [{ cpu: { utilization: 50 } }] } });
    const input = toPolicyInput(parsed);
    expect(Object.isFrozen(input) && Object.isFrozen(input.scaling!.replicas)).toBe(true);
    expect(() => {
      (input.scaling!.replicas as { max: number }).max = 0;
    }).toThrow(TypeError);
    expect(Object.isFrozen(parsed.scaling!.replicas)).toBe(false);
  });

  it("returns a plain input as it is", () => {
    const plain = { service: "api", scaling: { replicas: { min: 1, max: 3 }, metrics: [{ cpu: { utilization: 50 } }] } };
    expect(toPolicyInput(plain)).toBe(plain);
  });
});
