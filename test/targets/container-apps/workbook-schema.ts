import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { closeObjects } from "../../helpers/strict-schema";
import { FIXTURES } from "./schema";

/**
 * Microsoft's workbook JSON Schema (test/fixtures/container-apps/workbook.schema.json, verbatim), with the two
 * adjustments its README documents: the draft-07 tuple `items: [X]` (checks only the first element) becomes
 * `items: X` (every element), and the JSON-pointer `$id`s inside definitions (refused by ajv) are dropped. Every object
 * that lists `properties` is then closed, so a field the schema does not know fails.
 */
const RAW = JSON.parse(readFileSync(join(FIXTURES, "workbook.schema.json"), "utf8"));

function adjusted(node: unknown, root = true): unknown {
  if (Array.isArray(node)) return node.map((n) => adjusted(n, false));
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === "$id" && !root) continue;
    out[k] = k === "items" && Array.isArray(v) && v.length === 1 ? adjusted(v[0], false) : adjusted(v, false);
  }
  return out;
}

const SCHEMA = closeObjects(adjusted(RAW) as Record<string, unknown>);
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(SCHEMA);

export function workbookErrors(workbook: unknown): string[] {
  return validate(workbook) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}
