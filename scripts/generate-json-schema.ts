import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { policyFileJsonSchema } from "../src/policy/json-schema";

const file = join(__dirname, "..", "schema", "scaling-policy-file.schema.json");
writeFileSync(file, `${JSON.stringify(policyFileJsonSchema(), null, 2)}\n`);
console.log(`wrote ${file}`);
