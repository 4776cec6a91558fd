import { isParsedPolicy, parsePolicy } from "../policy/load";
import { deepFreeze } from "../policy/plain-values";
import type { Metric, MetricInput, ScalingPolicy, ScalingPolicyInput } from "../types";

/**
 * The policy every component and helper takes: `ScalingPolicyInput`, one interface (no union, so an object
 * literal with a typo is a plain "unknown property" error, and Pulumi's schema can express it). A parsed
 * policy (`parsePolicy`, `parsePolicyFile`) goes through {@link toPolicyInput}. At run time a parsed policy
 * passed as it is is accepted too (it is marked, see `isParsedPolicy`).
 */
const PARSED_FROM = Symbol.for("polyscale.policyInputOf");

/**
 * The validated policy of a component's `policy` argument. Throws a PolicyError for anything that is not
 * a valid policy (including `null` or a missing argument), before the caller registers any resource.
 */
export function toPolicy(arg: ScalingPolicyInput | ScalingPolicy): ScalingPolicy {
  if (isParsedPolicy(arg)) return arg;
  const parsed = typeof arg === "object" && arg !== null ? (arg as { [PARSED_FROM]?: ScalingPolicy })[PARSED_FROM] : undefined;
  return parsed ?? parsePolicy(arg);
}

/**
 * A parsed policy as the `policy` argument of a component or helper:
 *
 * ```ts
 * for (const p of parsePolicyFile(text)) new KubernetesScaling(p.service, { policy: toPolicyInput(p) });
 * ```
 *
 * It is the same policy written back in the input vocabulary (each metric keyed by its kind again,
 * defaults and units already resolved), a frozen copy that remembers the parsed policy so it is not
 * parsed twice.
 * A plain input is returned as it is.
 */
export function toPolicyInput(policy: ScalingPolicy | ScalingPolicyInput): ScalingPolicyInput {
  if (!isParsedPolicy(policy)) return policy as ScalingPolicyInput;
  const { scaling, ...rest } = policy;
  // A copy, frozen: nothing can change it after the parsed policy it remembers was validated.
  const input: ScalingPolicyInput = structuredClone(scaling ? { ...rest, scaling: { ...scaling, metrics: scaling.metrics.map(metricInput) } } : rest);
  Object.defineProperty(input, PARSED_FROM, { value: policy, enumerable: false });
  return deepFreeze(input);
}

function metricInput(m: Metric): MetricInput {
  const { kind, ...fields } = m;
  // A rate written per minute goes back as written (the parsed per-second `perReplica` is derived from it).
  if (m.kind === "requestRate" && m.perReplicaPerMinute !== undefined) delete (fields as { perReplica?: number }).perReplica;
  return { [kind]: fields } as MetricInput;
}

/**
 * Hand-off of a validated plan from a parent to the child component it constructs: the parent validated
 * everything before registering itself, so the child takes the same plan instead of compiling it again.
 * Keyed by the args object the parent builds for that one child (never by user data).
 */
const PLANS = new WeakMap<object, unknown>();

export function withPlan<A extends object>(args: A, plan: unknown): A {
  PLANS.set(args, plan);
  return args;
}

export function planFor<P>(args: object, make: () => P): P {
  return (PLANS.get(args) as P | undefined) ?? make();
}
