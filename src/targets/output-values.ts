import type { PathSegment, PolicyIssue } from "../policy/errors";

/**
 * Value rules every target applies to what it emits: int32 API fields hold whole numbers within int32
 * (Kubernetes, ARM, Cloud Run and Application Auto Scaling all declare replica counts, periods and
 * cooldowns as int32), no `-0` (YAML prints it as `-0`), and user-given maps in sorted key order, so
 * two equal policies written in a different order render the same bytes.
 */

export const INT32_MAX = 2_147_483_647;

/** An issue when `n` cannot go into an int32 API field (the model bounds these at load; this is the target's own guard). */
export function int32Issue(n: number | undefined, path: PathSegment[]): PolicyIssue | undefined {
  if (n === undefined || (Number.isInteger(n) && n >= 0 && n <= INT32_MAX)) return undefined;
  return { code: "too_big", path, message: `must be a whole number from 0 to ${INT32_MAX} (an int32 field of the platform API), got ${String(n)}` };
}

/** Push the int32 issue of every `[value, path]` pair. */
export function checkInt32(issues: PolicyIssue[], fields: ReadonlyArray<readonly [number | undefined, PathSegment[]]>): void {
  for (const [n, path] of fields) {
    const issue = int32Issue(n, path);
    if (issue) issues.push(issue);
  }
}

/** `n` with `-0` turned into `0` (every other number unchanged). */
export function noNegativeZero(n: number): number {
  return n + 0;
}

/** A copy of a user-given string map with its keys in sorted order. */
export function sortedMap(m: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k]!;
  return out;
}

export { urlHasCredentials } from "../policy/url";

/**
 * Plain output data with every `-0` written as `0`, in place (the compilers' output is their own, freshly
 * built; only a `-0` is ever written, so a shared or frozen value holding none is never touched).
 */
export function withoutNegativeZero<T>(value: T): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (Object.is(v, -0)) value[i] = 0;
      else if (v !== null && typeof v === "object") withoutNegativeZero(v);
    }
  } else if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    for (const k in o) {
      const v = o[k];
      if (Object.is(v, -0)) o[k] = 0;
      else if (v !== null && typeof v === "object") withoutNegativeZero(v);
    }
  }
  return value;
}
