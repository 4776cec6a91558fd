import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { policyFileJsonSchema } from "../../src/policy";

const ROOT = join(__dirname, "..", "..");

describe("published JSON Schema", () => {
  it("the committed schema/scaling-policy-file.schema.json is the one generated from the zod schema (npm run schema)", () => {
    const committed = JSON.parse(readFileSync(join(ROOT, "schema", "scaling-policy-file.schema.json"), "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(policyFileJsonSchema())));
  });

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(policyFileJsonSchema());

  it.each(readdirSync(join(ROOT, "examples", "seeds")).filter((f) => f.endsWith(".yaml")))("accepts examples/seeds/%s", (f) => {
    const doc = parse(readFileSync(join(ROOT, "examples", "seeds", f), "utf8"));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  it("rejects an unknown field and a wrong type, as an editor would show", () => {
    expect(validate({ service: "a", scaling: { replicas: { min: 1, max: 2 }, maxReplica: 3 } })).toBe(false);
    expect(validate({ service: "a", scaling: { replicas: { min: "one", max: 2 } } })).toBe(false);
  });
});
