import { z } from "zod";
import { ScalingPolicy } from "./policy";

/**
 * JSON Schema of a policy file (one policy, or `{ services: [...] }`), generated from the zod schema so
 * editors (yaml-language-server: `# yaml-language-server: $schema=...`) can autocomplete and check.
 * It describes the input side: durations may be strings or numbers, defaults are optional.
 */
export function policyFileJsonSchema(): Record<string, unknown> {
  const policy = z.toJSONSchema(ScalingPolicy, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
  const { $schema, ...policyBody } = policy;
  return {
    $schema,
    $id: "https://polyscale.dev/schema/scaling-policy-file.json",
    title: "polyscale policy file",
    description: "One ScalingPolicy, or { services: [ScalingPolicy, ...] }. Validated by polyscale with the same zod schema.",
    $defs: { ScalingPolicy: policyBody },
    anyOf: [
      { $ref: "#/$defs/ScalingPolicy" },
      {
        type: "object",
        properties: { services: { type: "array", items: { $ref: "#/$defs/ScalingPolicy" } } },
        required: ["services"],
        additionalProperties: false,
      },
    ],
  };
}
