import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";

/** Copy of shared/reference/gcp/cloudrun-v2-service.schema.json (see test/fixtures/cloud-run/README.md). */
export const SCHEMA_FILE = join(__dirname, "..", "..", "fixtures", "cloud-run", "cloudrun-v2-service.schema.json");

/** Add `additionalProperties: false` to every object type that lists its properties (maps keep theirs). */
export function closeObjects(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(closeObjects);
  if (node === null || typeof node !== "object") return;
  const n = node as Record<string, unknown>;
  const isObject = n.type === "object" || (Array.isArray(n.type) && n.type.includes("object"));
  if (isObject && n.properties !== undefined && n.additionalProperties === undefined) n.additionalProperties = false;
  for (const v of Object.values(n)) closeObjects(v);
}

let cached: ValidateFunction | undefined;
/** The strict validator for a REST/JSON `google.cloud.run.v2.Service`. */
export function serviceValidator(): ValidateFunction {
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8"));
  closeObjects(schema);
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  cached = ajv.compile(schema);
  return cached;
}

/** Provider (`@pulumi/gcp` cloudrunv2) arg names that differ from the REST JSON names. */
const RENAMES: Record<string, string> = { envs: "env", commands: "command", dependsOns: "dependsOn", traffics: "traffic" };
/** Provider-only args with no REST field (they address the resource or steer the provider). */
/** Provider args that are a single block where REST has a list (`ports`: "Only a single port can be specified"). */
const SINGLE_TO_LIST = new Set(["ports"]);
const PROVIDER_ONLY = new Set(["location", "project", "deletionProtection", "deletionPolicy"]);

/** Turn `cloudrunv2.ServiceArgs`-shaped plain args into the REST/JSON `Service` body. */
export function toRestService(args: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown, top: boolean): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, false));
    if (v === null || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (top && PROVIDER_ONLY.has(k)) continue;
      const value = SINGLE_TO_LIST.has(k) && x !== null && typeof x === "object" && !Array.isArray(x) ? [x] : x;
      out[RENAMES[k] ?? k] = walk(value, false);
    }
    return out;
  };
  return walk(args, true) as Record<string, unknown>;
}
