import { got } from "./messages";

// The unit rules of the policy model as plain functions (no zod), so that they can be exported from the
// root entry without loading zod's declarations; units.ts builds the schemas on them.

/** int32: replica counts, periods, windows, cooldowns and concurrency are int32 in every platform API. */
export const INT32_MAX = 2147483647;

/**
 * Durations are written `30s`, `5m`, `1h`, `1h30m` or as a plain number of seconds.
 * They are parsed once, here, into whole seconds.
 */
const DURATION_RE = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
export const DURATION_PHRASE = 'a duration like "30s", "5m", "1h30m" or a number of seconds';

export function parseDurationSeconds(value: string | number): number | string {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 0) return `must be a whole, non-negative number of seconds, ${got(value)}`;
    return value;
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const m = DURATION_RE.exec(text);
  if (!m || text === "" || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) {
    return `must be ${DURATION_PHRASE}, ${got(value)}`;
  }
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/**
 * Kubernetes resource quantity (`512Mi`, `250m`, `2`, `1.5Gi`), per
 * k8s.io/apimachinery/pkg/api/resource/quantity.go. The user's spelling is kept for output;
 * `quantityValue` gives the number for comparisons.
 */
const QUANTITY_RE = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const SUFFIX: Record<string, number> = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
};

export function quantityValue(q: string): number | undefined {
  const m = QUANTITY_RE.exec(q);
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2];
  if (!suffix) return n;
  if (/^[eE]/.test(suffix)) return n * 10 ** Number(suffix.slice(1));
  return n * SUFFIX[suffix]!;
}

/** Seconds as a Prometheus duration (`2m`, `90s`, `1h`), as PromQL range selectors and rule `for:` take them. */
export function promDuration(seconds: number): string {
  if (seconds === 0) return "0s";
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** Format a number the way a Kubernetes quantity / KEDA metadata string wants it: no exponent, no trailing zeros. */
export function numberString(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(12)));
}
