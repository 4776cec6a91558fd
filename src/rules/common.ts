/**
 * Helpers shared by the API rule tables: each rule is a pure predicate over one rendered document that
 * returns the violations it finds (empty when the platform would accept the document).
 */

/** One rule of a platform API that its schema does not express. */
export interface ApiRule<D> {
  /** Stable id, e.g. `keda.min-zero-resource-only`. */
  id: string;
  /** Where the rule comes from (upstream source file, API reference). */
  source: string;
  /** Violations as `<field path> <what is wrong>`; empty when the document satisfies the rule. */
  check(doc: D): string[];
}

export const INT32_MAX = 2_147_483_647;

export const isInt32 = (v: unknown, min = 0): v is number => typeof v === "number" && Number.isInteger(v) && v >= min && v <= INT32_MAX && !Object.is(v, -0);

/** `path must be an int32 >= min` when `v` is set and is not one. */
export function int32Violations(fields: ReadonlyArray<readonly [string, unknown, number?]>): string[] {
  return fields.filter(([, v, min]) => v !== undefined && !isInt32(v, min ?? 0)).map(([path, v, min]) => `${path} must be an int32 >= ${min ?? 0}, got ${JSON.stringify(v)}`);
}

/** Every number in the document that is `-0` (YAML prints it as `-0`). */
export function negativeZeroPaths(value: unknown, path = ""): string[] {
  if (typeof value === "number") return Object.is(value, -0) ? [`${path || "/"} is -0`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => negativeZeroPaths(v, `${path}/${i}`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => negativeZeroPaths(v, `${path}/${k}`));
  return [];
}

/** Run a rule table over one document. */
export function violations<D>(rules: ReadonlyArray<ApiRule<D>>, doc: D): string[] {
  return rules.flatMap((r) => r.check(doc).map((v) => `[${r.id}] ${v}`));
}

/** Violations of KEDA cron trigger metadata: 5 fields, day of week within robfig/cron's 0-6 (kedacore/keda pkg/scalers/cron_scaler.go). */
export function kedaCronViolations(path: string, md: Record<string, unknown> | undefined): string[] {
  return (["start", "end"] as const).flatMap((k) => {
    const fields = String(md?.[k]).split(" ");
    if (fields.length !== 5) return [`${path}/${k} ${JSON.stringify(md?.[k])} must be 5 fields separated by single spaces`];
    return /(^|[^0-9])([7-9]|\d\d+)([^0-9]|$)/.test(fields[4]!) ? [`${path}/${k} day of week ${JSON.stringify(fields[4])} is outside robfig/cron's 0-6`] : [];
  });
}
