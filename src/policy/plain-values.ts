/** Small checks and helpers on plain data (what a policy file or a compiled output holds). */

/** A mapping (a plain object), not a list or null. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * `v` with every object and list in it frozen, for values several callers share. A typed array cannot be
 * frozen and is left as it is.
 */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object" && !ArrayBuffer.isView(v) && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
