import fc from "fast-check";
import { SOURCES } from "../../src/sources/registry";
import type { SourceMetricKind } from "../../src/sources/types";

/**
 * `from` objects generated from the registry (src/sources/registry.ts): each module's own `examples`, so a source
 * registered later is in the property suite without touching it. Only modules that feed `kind`.
 */
export function registrySources(kind: SourceMetricKind): fc.Arbitrary<Record<string, unknown>> {
  const modules = SOURCES.filter((m) => (m.kinds as readonly string[]).includes(kind) && m.examples.length > 0);
  return fc.oneof(...modules.map((m) => fc.constantFrom(...m.examples).map((e) => ({ [m.key]: structuredClone(e) }))));
}
