import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import { PolicyError, formatPath, parsePolicy } from "../../src/policy";
import type { PolicyArgs } from "../../src/provider/policy-args";
import { policyInputFromArgs } from "../../src/provider/policy-from-args";
import type { ScalingPolicy, ScalingPolicyInput } from "../../src/types";
import { policyInput } from "../property/arbitraries";

// ---- drift: every field of the model has its mirror in the provider's args (checked by tsc) ----

type Leaf = string | number | boolean;
type Item<T> = T extends readonly (infer E)[] ? E : T;
/** Every field path of T, dotted (`scaling.metrics.cpu.averageValue`); list items are walked, a map's keys are `${string}`. */
type Paths<T, P extends string = ""> = T extends Leaf ? never : { [K in keyof T & string]-?: `${P}${K}` | Paths<Item<NonNullable<T[K]>>, `${P}${K}.`> }[keyof T & string];

/** The one field the args add: `missingMetrics: hold` is `missingMetrics: { mode: hold }` (no string-or-object union). */
type ArgsOnly = "scaling.missingMetrics.mode";

describe("PolicyArgs mirrors ScalingPolicyInput (type-level: tsc fails on a drift)", () => {
  it("every field path of the model is in the args, and the args add only missingMetrics.mode", () => {
    expectTypeOf<Exclude<Paths<ScalingPolicyInput>, Paths<PolicyArgs>>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<Paths<PolicyArgs>, Paths<ScalingPolicyInput>>>().toEqualTypeOf<ArgsOnly>();
    // The conversion's result is the model's input (its pass-through parts compile without a cast).
    expectTypeOf(policyInputFromArgs).returns.toEqualTypeOf<ScalingPolicyInput>();
    expectTypeOf(policyInputFromArgs).parameter(0).toEqualTypeOf<PolicyArgs>();

    // Negative controls: the comparison catches a field left out at the top and deep inside a metric's source.
    // @ts-expect-error a model field (alerts) without a mirror
    expectTypeOf<Exclude<Paths<ScalingPolicyInput>, Paths<Omit<PolicyArgs, "alerts">>>>().toEqualTypeOf<never>();
    type WithNewField = ScalingPolicyInput & { scaling?: { metrics?: { queue?: { from?: { sqs?: { newField?: string } } } }[] } };
    // @ts-expect-error a new nested model field without a mirror
    expectTypeOf<Exclude<Paths<WithNewField>, Paths<PolicyArgs>>>().toEqualTypeOf<never>();
  });
});

// ---- the same policy written as provider args parses to the same policy ----

/** Field paths (list indices left out) whose number a program in another language writes as a string. */
const DURATIONS = [
  /^scaling\.scale(Up|Down)\.(stabilization|policies\.per)$/,
  /^scaling\.metrics\.\w+\.from\.prometheus\.rateWindow$/,
  /^scaling\.kubernetes\.(pollingInterval|cooldownPeriod|initialCooldownPeriod)$/,
  /^scaling\.ecs\.cooldown\.(in|out)$/,
  /^scaling\.containerApps\.(cooldownPeriod|pollingInterval)$/,
  /^alerts\.\w+\.(for|window)$/,
  /^scaling\.cloudRun\.assumedLatency$/,
];
const DIGITS = [/^scaling\.metrics\.(cpu|memory)\.averageValue$/, /^vertical\.containers\.(minAllowed|maxAllowed)\.(cpu|memory)$/, /^scaling\.cloudRun\.cpu$/, /^monitoring\.port$/];

/** A policy input in the PolicyArgs form, as a user writes it: durations "30s", quantities, cpu and ports as strings, missingMetrics `{ mode }`. */
function asArgs(v: unknown, path = ""): unknown {
  if (path === "scaling.missingMetrics" && typeof v === "string") return { mode: v };
  if (typeof v === "number" && DURATIONS.some((r) => r.test(path))) return `${v}s`;
  if (typeof v === "number" && DIGITS.some((r) => r.test(path))) return String(v);
  if (Array.isArray(v)) return v.map((e) => asArgs(e, path));
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, asArgs(e, path === "" ? k : `${path}.${k}`)]));
  return v;
}

/**
 * The input as the provider reads it: a digits-only `monitoring.port` string is a container port number there
 * (PolicyArgs has one string type for it), while the TypeScript API refuses it (no port name is all digits).
 */
function digitsPortAsNumber(input: unknown): unknown {
  const port = (input as { monitoring?: { port?: unknown } }).monitoring?.port;
  if (typeof port !== "string" || !/^[0-9]+$/.test(port)) return input;
  const { monitoring, ...rest } = input as { monitoring: Record<string, unknown> };
  return { ...rest, monitoring: { ...monitoring, port: Number(port) } };
}

type Outcome = { policy: ScalingPolicy } | { paths: string[] };
function outcome(parse: () => ScalingPolicy): Outcome {
  try {
    return { policy: parse() };
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    return { paths: e.issues.map((i) => formatPath(i.path)).sort() };
  }
}

/** True when `v` holds no number where PolicyArgs has a string (what the analyzer's schema tells other languages). */
function numbersOnlyWhereArgsHaveNumbers(v: unknown, path = ""): boolean {
  if (typeof v === "number") return ![...DURATIONS, ...DIGITS].some((r) => r.test(path));
  if (Array.isArray(v)) return v.every((e) => numbersOnlyWhereArgsHaveNumbers(e, path));
  if (typeof v === "object" && v !== null) return Object.entries(v).every(([k, e]) => numbersOnlyWhereArgsHaveNumbers(e, path === "" ? k : `${path}.${k}`));
  return path !== "scaling.missingMetrics";
}

describe("policyInputFromArgs: the args form of any policy parses as the policy itself", () => {
  it("2,000 generated policies: parsePolicy(policyInputFromArgs(args)) equals parsePolicy(policy), or both are refused at the same paths", () => {
    let refused = 0;
    let converted = 0;
    fc.assert(
      fc.property(policyInput, (input) => {
        const args = asArgs(input) as PolicyArgs;
        expect(numbersOnlyWhereArgsHaveNumbers(args)).toBe(true);
        if (JSON.stringify(args) !== JSON.stringify(input)) converted++;
        const expected = outcome(() => parsePolicy(digitsPortAsNumber(input)));
        expect(outcome(() => parsePolicy(policyInputFromArgs(args)))).toEqual(expected);
        if ("paths" in expected) refused++;
      }),
      { numRuns: 2000 },
    );
    // Meaningful only with both outcomes and with policies whose args form differs from the input.
    expect(refused).toBeGreaterThan(20);
    expect(2000 - refused).toBeGreaterThan(200);
    expect(converted).toBeGreaterThan(1000);
  }, 120_000);

  it("changes only missingMetrics and a digits-only monitoring.port; everything else is passed as given", () => {
    const args: PolicyArgs = {
      service: "api",
      scaling: { replicas: { min: 1, max: 5 }, metrics: [{ cpu: { averageValue: "500m" } }], missingMetrics: { replicas: 3, failureThreshold: 2 }, scaleUp: { stabilization: "30s" }, cloudRun: { cpu: "2", assumedLatency: "250ms" } },
      monitoring: { port: "9090", path: "/metrics" },
    };
    expect(policyInputFromArgs(args)).toEqual({
      service: "api",
      scaling: { replicas: { min: 1, max: 5 }, metrics: [{ cpu: { averageValue: "500m" } }], missingMetrics: { replicas: 3, failureThreshold: 2 }, scaleUp: { stabilization: "30s" }, cloudRun: { cpu: "2", assumedLatency: "250ms" } },
      monitoring: { port: 9090, path: "/metrics" },
    });
    expect(policyInputFromArgs({ service: "api", scaling: { replicas: { min: 1, max: 5 }, missingMetrics: { mode: "hold" } }, monitoring: { port: "http-metrics" } })).toEqual({
      service: "api",
      scaling: { replicas: { min: 1, max: 5 }, missingMetrics: "hold" },
      monitoring: { port: "http-metrics" },
    });
    expect(args.monitoring!.port).toBe("9090"); // the args are not changed
  });

  const withMissing = (missingMetrics: unknown) => ({ service: "api", scaling: { replicas: { min: 1, max: 5 }, metrics: [{ cpu: { utilization: 70 } }], missingMetrics } }) as PolicyArgs;
  const issuesOf = (args: PolicyArgs) => {
    try {
      policyInputFromArgs(args, ["policy"]);
    } catch (e) {
      if (e instanceof PolicyError) return e.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
      throw e;
    }
    return [];
  };

  it("a missingMetrics with no form in the model is one issue naming the field", () => {
    expect(issuesOf(withMissing({ mode: "hold", replicas: 3 }))).toEqual(['policy.scaling.missingMetrics: give exactly one of mode ("hold" or "scaleUp") or replicas (a fallback replica count), got both (mode "hold")']);
    expect(issuesOf(withMissing({}))).toEqual(['policy.scaling.missingMetrics: give one of mode ("hold" or "scaleUp") or replicas (a fallback replica count), got neither']);
    expect(issuesOf(withMissing({ failureThreshold: 3 }))).toEqual(['policy.scaling.missingMetrics: give one of mode ("hold" or "scaleUp") or replicas (a fallback replica count), got neither']);
    expect(issuesOf(withMissing({ mode: "scaleUp", failureThreshold: 3 }))).toEqual([
      "policy.scaling.missingMetrics.failureThreshold: applies only with replicas (a fallback replica count), not with mode; remove it or give replicas instead of mode",
    ]);
    expect(issuesOf(withMissing({ mode: "hold", fallback: 2 }))).toEqual(["policy.scaling.missingMetrics.fallback: is not a field of missingMetrics (allowed: mode, replicas, failureThreshold)"]);
  });

  it("values of the wrong type are passed on: refused at the same paths as the same values written in the model's form", () => {
    const paths = (parse: () => ScalingPolicy) => (outcome(parse) as { paths: string[] }).paths;
    const cpu = [{ cpu: { utilization: 70 } }];
    const pairs: Array<[unknown, unknown]> = [
      [withMissing({ mode: "sometimes" }), withMissing("sometimes")],
      [withMissing({ replicas: "3" }), withMissing({ replicas: "3" })],
      [{ service: "api", scaling: "autoscale" }, { service: "api", scaling: "autoscale" }],
      [{ service: "api", scaling: { replicas: { min: 1, max: 2 }, metrics: cpu }, monitoring: { port: "0" } }, { service: "api", scaling: { replicas: { min: 1, max: 2 }, metrics: cpu }, monitoring: { port: 0 } }],
      [{ service: "api", scaling: { replicas: { min: 1, max: 2 }, metrics: cpu, scaleUp: { stabilization: "soon" } } }, { service: "api", scaling: { replicas: { min: 1, max: 2 }, metrics: cpu, scaleUp: { stabilization: "soon" } } }],
    ];
    for (const [args, model] of pairs) {
      const refused = paths(() => parsePolicy(model));
      expect(refused.length).toBeGreaterThan(0);
      expect(paths(() => parsePolicy(policyInputFromArgs(args as PolicyArgs)))).toEqual(refused);
    }
  });
});
