/**
 * `major.minor` version comparison. A leaf module (no imports) so that source modules (src/sources/*), which the
 * model's `MetricSources` loads, can use it without a cycle through src/policy/sources.ts.
 */
export function versionBelow(v: string, than: string): boolean {
  const [a = 0, b = 0] = v.split(".").map(Number);
  const [c = 0, d = 0] = than.split(".").map(Number);
  return a !== c ? a < c : b < d;
}
