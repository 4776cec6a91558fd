import { z } from "zod";
import { expected, mustBe, quote } from "./messages";
import { DURATION_PHRASE, INT32_MAX, parseDurationSeconds, quantityValue } from "./unit-values";

export { INT32_MAX, numberString, parseDurationSeconds, promDuration, quantityValue } from "./unit-values";

/** A whole number that lands in an int32 API field, at least `min` (`why`: the reason for the lower bound, in messages). */
export const int32 = (min: number, why?: string) =>
  z.number().int(expected(`a whole number from ${min} to ${INT32_MAX}`)).min(min, why !== undefined ? expected(why) : undefined).max(INT32_MAX, expected("int32"));

/**
 * A duration in whole seconds, with inclusive bounds (the platform's, named in the message). Every
 * duration lands in an int32 field (seconds), so the upper bound is never above 2147483647.
 */
export function duration(bounds: { min?: number; max?: number } = {}) {
  const max = Math.min(bounds.max ?? INT32_MAX, INT32_MAX);
  return z.union([z.string(), z.number()], expected(DURATION_PHRASE)).transform((raw, ctx) => {
    const seconds = parseDurationSeconds(raw);
    if (typeof seconds === "string") {
      ctx.issues.push({ code: "custom", message: seconds, input: raw });
      return z.NEVER;
    }
    if (bounds.min !== undefined && seconds < bounds.min) {
      ctx.issues.push({ code: "custom", message: `must be at least ${bounds.min}s, got ${fmtDuration(raw)}`, input: raw });
      return z.NEVER;
    }
    if (seconds > max) {
      ctx.issues.push({ code: "custom", message: `must be at most ${max}s${max === INT32_MAX ? " (int32)" : ""}, got ${fmtDuration(raw)}`, input: raw });
      return z.NEVER;
    }
    return seconds;
  });
}

function fmtDuration(raw: string | number): string {
  return typeof raw === "number" ? `${quote(raw)}s` : quote(raw);
}

/** A Kubernetes resource quantity (see `quantityValue`); the user's spelling is kept for output. */
const QUANTITY_PHRASE = 'a Kubernetes quantity like "512Mi", "250m" or "2"';
export const Quantity = z.union([z.string(), z.number()], expected(QUANTITY_PHRASE)).transform((raw, ctx) => {
  const text = typeof raw === "number" ? String(raw) : raw.trim();
  const v = quantityValue(text);
  if (v === undefined || v < 0) {
    ctx.issues.push({ code: "custom", message: mustBe(QUANTITY_PHRASE, raw), input: raw });
    return z.NEVER;
  }
  // "-0" (or "-0Mi") is zero: written as 0, so no -0 reaches a manifest.
  return v === 0 && text.startsWith("-") ? "0" : text;
});

