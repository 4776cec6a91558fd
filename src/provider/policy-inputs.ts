// The policy of a component's provider inputs: `policy` (PolicyArgs) or `policyDocument` (text), exactly one.
import * as pulumi from "@pulumi/pulumi";
import { toPolicyInput } from "../components/policy-arg";
import { PolicyError } from "../policy/errors";
import { parsePolicy, parsePolicyFile } from "../policy/load";
import type { ScalingPolicyInput } from "../types";
import type { PolicyArgs } from "./policy-args";
import { policyInputFromArgs } from "./policy-from-args";

const POLICY_INPUT = {
  both: "give exactly one of policy (the policy as an object) or policyDocument (its YAML or JSON text), got both",
  neither: "give one of policy (the policy as an object) or policyDocument (its YAML or JSON text), got neither",
  notObject: (got: string) => `must be the policy as an object (service, scaling, ...), got ${got}; give a policy's YAML or JSON text as policyDocument`,
  notText: (got: string) => `must be the text of one policy (YAML or JSON), got ${got}`,
  notKnown: "must be plain values known before the deployment (not an output of another resource, not a secret: a policy holds no credentials)",
  notOne: (n: number) => `must hold exactly one policy, got ${n} (construct one component per service)`,
};

const given = (v: unknown) => v !== undefined && v !== null;
const refuse = (field: string, message: string): never => {
  throw new PolicyError([{ code: "invalid_type", path: [field], message }]);
};

/**
 * The policy of a component's provider inputs: `policy` (an object in the shape of a policy file, ./policy-args)
 * or `policyDocument` (the text of one policy document), exactly one; validated by the model, issues under
 * `policy.` / `policyDocument`.
 */
export function policyOfInputs(component: string, inputs: { policy?: unknown; policyDocument?: unknown }): ScalingPolicyInput {
  const { policy, policyDocument } = inputs;
  if (given(policy) && given(policyDocument)) return refuse("policy", POLICY_INPUT.both);
  if (given(policyDocument)) return policyFromText(component, policyDocument);
  if (!given(policy)) return refuse("policy", POLICY_INPUT.neither);
  if (pulumi.Output.isInstance(policy)) return refuse("policy", POLICY_INPUT.notKnown);
  if (typeof policy !== "object" || Array.isArray(policy)) return refuse("policy", POLICY_INPUT.notObject(Array.isArray(policy) ? "a list" : typeof policy));
  return toPolicyInput(parsePolicy(policyInputFromArgs(policy as PolicyArgs, ["policy"]), ["policy"]));
}

function policyFromText(component: string, text: unknown): ScalingPolicyInput {
  if (pulumi.Output.isInstance(text)) return refuse("policyDocument", POLICY_INPUT.notKnown);
  if (typeof text !== "string") return refuse("policyDocument", POLICY_INPUT.notText(typeof text));
  const policies = parsePolicyFile(text, `${component}.policyDocument`);
  if (policies.length !== 1) {
    throw new PolicyError([{ code: "invalid_value", path: ["policyDocument"], message: POLICY_INPUT.notOne(policies.length) }]);
  }
  return toPolicyInput(policies[0]!);
}

/** A component's TypeScript args: its provider inputs without `policyDocument`, with the validated policy. */
export function componentArgs<A extends { policy?: unknown; policyDocument?: unknown }>(component: string, a: A): Omit<A, "policy" | "policyDocument"> & { policy: ScalingPolicyInput } {
  const { policy: _policy, policyDocument: _document, ...rest } = a;
  return { ...rest, policy: policyOfInputs(component, a) };
}
