import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePolicyFile } from "../src/policy";
import { toPolicyInput } from "../src/components/policy-arg";
import type { ScalingPolicyInput } from "../src/types";

/** One service's policy from examples/seeds/<file>, validated, as a component's `policy` argument. */
export function seedPolicy(file: string, service?: string): ScalingPolicyInput {
  const all = parsePolicyFile(readFileSync(join(__dirname, "seeds", file), "utf8"), file);
  const p = service ? all.find((x) => x.service === service) : all[0];
  if (!p) throw new Error(`${file} has no service ${service}`);
  return toPolicyInput(p);
}
