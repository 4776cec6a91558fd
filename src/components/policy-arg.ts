import { isParsedPolicy, parsePolicy } from "../policy/load";
import type { ScalingPolicy, ScalingPolicyInput } from "../policy/policy";

/** A policy as components take it: plain data (validated on construction) or an already parsed policy. */
export type PolicyArg = ScalingPolicyInput | ScalingPolicy;

export function toPolicy(arg: PolicyArg): ScalingPolicy {
  return isParsedPolicy(arg) ? arg : parsePolicy(arg);
}
