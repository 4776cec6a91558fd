import type { z } from "zod";
import type { PathSegment, PolicyIssue } from "./errors";
import { didYouMean } from "./messages";

// Kept apart from errors.ts so that PolicyError's declarations (reached from every public entry) never
// load zod's: see test/types/no-zod.test.ts.

/**
 * Turn zod issues into policy issues. Messages come from the error map (`render` in messages.ts); when
 * one value breaks two bounds of the same kind (zod's safe-integer range and the field's int32 range),
 * only the tighter one is kept.
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: PathSegment[] = []): PolicyIssue[] {
  const key = (i: z.core.$ZodIssue) => `${i.code}\u0000${i.path.map(String).join("\u0000")}`;
  const tightest = new Map<string, z.core.$ZodIssue>();
  for (const iss of issues) {
    if (iss.code !== "too_big" && iss.code !== "too_small") continue;
    const other = tightest.get(key(iss));
    const b = (i: z.core.$ZodIssue) => Number(i.code === "too_big" ? i.maximum : i.code === "too_small" ? i.minimum : 0);
    if (!other || (iss.code === "too_big" ? b(iss) < b(other) : b(iss) > b(other))) tightest.set(key(iss), iss);
  }
  // A mapping with an unknown key (usually a misspelt field) gets no follow-on "needs ..." from its own checks.
  const unknown = issues.filter((i): i is z.core.$ZodIssueUnrecognizedKeys => i.code === "unrecognized_keys");
  const unknownAt = new Set(unknown.map((i) => i.path.map(String).join("\u0000")));
  // ... and no "is required" for the field an unknown key is a misspelling of (`replica` for `replicas`).
  const misspelt = (iss: z.core.$ZodIssue) => {
    if (iss.code !== "invalid_type" || iss.input !== undefined || iss.path.length === 0) return false;
    const parent = iss.path.slice(0, -1).map(String).join("\u0000");
    const field = String(iss.path[iss.path.length - 1]);
    return unknown.some((u) => u.path.map(String).join("\u0000") === parent && u.keys.some((k) => didYouMean(k, [field]) === field));
  };
  return issues
    .filter((iss) => (iss.code !== "too_big" && iss.code !== "too_small") || tightest.get(key(iss)) === iss)
    .filter((iss) => iss.code !== "custom" || !unknownAt.has(iss.path.map(String).join("\u0000")))
    .filter((iss) => !misspelt(iss))
    .map((iss) => ({ code: iss.code, path: [...prefix, ...(iss.path as PathSegment[])], message: iss.message }));
}
