import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePolicyFile, type ScalingPolicy } from "../src/policy";

/** Load one service's policy from examples/seeds/<file>. */
export function seedPolicy(file: string, service?: string): ScalingPolicy {
  const all = parsePolicyFile(readFileSync(join(__dirname, "seeds", file), "utf8"), file);
  const p = service ? all.find((x) => x.service === service) : all[0];
  if (!p) throw new Error(`${file} has no service ${service}`);
  return p;
}
