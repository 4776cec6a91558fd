import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";

/**
 * The ARM `Scale` definition (Microsoft.App 2026-01-01, test/fixtures/container-apps/scale.schema.json),
 * compiled strictly: every object type that lists `properties` is closed (`additionalProperties: false`),
 * because the upstream spec never closes them and a misspelt field would pass. String maps
 * (`metadata`: `additionalProperties: { type: string }`) stay maps.
 */
export const FIXTURES = join(__dirname, "..", "..", "fixtures", "container-apps");
export const SCALE_SCHEMA: Record<string, any> = JSON.parse(readFileSync(join(FIXTURES, "scale.schema.json"), "utf8"));

export function closeObjects<T>(schema: T): T {
  const copy = structuredClone(schema);
  const walk = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const s = node as Record<string, unknown>;
    if (s.properties && typeof s.properties === "object" && s.additionalProperties === undefined) s.additionalProperties = false;
    for (const v of Object.values(s)) walk(v);
  };
  walk(copy);
  return copy;
}

let validator: ValidateFunction | undefined;
export function strictScaleValidator(): ValidateFunction {
  validator ??= new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(closeObjects(SCALE_SCHEMA));
  return validator;
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/**
 * Checks ajv leaves out (`validateFormats: false`): every field the schema marks `format: int32` holds an
 * integer within int32. Walks the instance along the schema (`$ref`, `properties`, `items`).
 */
export function int32Errors(instance: unknown, schema: any = SCALE_SCHEMA, path = ""): string[] {
  if (schema.$ref) return int32Errors(instance, SCALE_SCHEMA.definitions[schema.$ref.replace("#/definitions/", "")], path);
  const errors: string[] = [];
  if (schema.format === "int32" && instance !== undefined) {
    if (!(typeof instance === "number" && Number.isInteger(instance) && instance >= INT32.min && instance <= INT32.max)) {
      errors.push(`${path || "/"} must be an int32, got ${JSON.stringify(instance)}`);
    }
  }
  if (schema.properties && instance && typeof instance === "object") {
    for (const [k, sub] of Object.entries(schema.properties)) errors.push(...int32Errors((instance as any)[k], sub, `${path}/${k}`));
  }
  if (schema.items && Array.isArray(instance)) instance.forEach((v, i) => errors.push(...int32Errors(v, schema.items, `${path}/${i}`)));
  return errors;
}

/** Every `metadata` value of every rule (the string → string maps), with its JSON path. */
export function metadataEntries(scale: any): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  (scale.rules ?? []).forEach((r: any, i: number) => {
    for (const kind of ["http", "custom", "tcp", "azureQueue"]) {
      const md = r[kind]?.metadata;
      if (md) for (const [k, v] of Object.entries(md)) out.push([`/rules/${i}/${kind}/metadata/${k}`, v]);
    }
  });
  return out;
}

export function validateScale(scale: unknown): string[] {
  const v = strictScaleValidator();
  const errors = v(scale) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${e.keyword === "additionalProperties" ? ` (${JSON.stringify((e.params as any).additionalProperty)})` : ""}`);
  return [...errors, ...int32Errors(scale)];
}
