import type { z } from "zod";
import { render } from "../../src/policy/messages";
import type { KedaTriggerSpec, SourceModule } from "../../src/sources/types";
import { docExample } from "./helpers";

/**
 * Metadata that KEDA's Azure scalers read outside their declarative config structs, so the generated
 * scalers-schema.json (schema/generate_scaler_schema.go walks the `keda:"..."` tags) does not list it:
 * `cloud` and `endpointSuffix` go through `azure.ParseEnvironmentProperty(config.TriggerMetadata, ...)`
 * (kedacore/keda@8b4f083 pkg/scalers/azure/azure_cloud_environment.go, called from azure_queue_scaler.go via
 * `ParseAzureStorageEndpointSuffix` and from azure_servicebus_scaler.go), and the docs list both
 * (keda.sh/docs/2.18/scalers/azure-storage-queue/, azure-service-bus/). azure-queue's `endpointSuffix` is declared.
 */
export const AZURE_UNDECLARED_METADATA: Record<string, readonly string[]> = {
  "azure-queue": ["cloud"],
  "azure-servicebus": ["cloud", "endpointSuffix"],
};

/** The trigger without the keys above, for the scalers-schema.json check. */
export function withoutUndeclared(trigger: KedaTriggerSpec): KedaTriggerSpec {
  const skip = AZURE_UNDECLARED_METADATA[trigger.type] ?? [];
  return { ...trigger, metadata: Object.fromEntries(Object.entries(trigger.metadata).filter(([k]) => !skip.includes(k))) };
}

/** The issues of a schema refusal as `path: message` lines, worded by the policy's error map (as the CLI shows them). */
export function refused(m: SourceModule<any>, input: unknown): string[] {
  const r = (m.schema as z.ZodType).safeParse(input, { error: render, reportInput: true });
  if (r.success) throw new Error(`parsed, expected a refusal: ${JSON.stringify(input)}`);
  return r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

/** The triggers of a KEDA docs "trigger specification" block (`triggers:` at the top). */
export function specTriggers(file: string): { type: string; metadata: Record<string, string> }[] {
  return docExample(file)[0].triggers;
}
