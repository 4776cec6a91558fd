import type { z } from "zod";

/**
 * Every validation message of the policy model is worded here, once (like zod's own locales/en.ts):
 * `render` is the per-parse error map for the shared cases (required, wrong type, range, enum and
 * unknown key with a did-you-mean), and the helpers below word the field-specific sentences that the
 * cross-field checks add. Values quoted in messages are escaped and cut, so a binary file or a 100 KB
 * string never reaches the terminal as it is.
 */

/**
 * Check parameters for a cross-field check that runs even when a field of the object failed (zod skips
 * an object's refinements after an aborting issue inside it), so every independent problem is reported
 * in one pass. It runs only on a mapping (not on a missing or mistyped object); it reads only the fields
 * it needs and skips when they are themselves invalid.
 */
export const EVERY_PROBLEM = {
  when: (payload: { value: unknown }) => typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value),
} as const;

/** Longest quoted value, in characters, before it is cut with an ellipsis. */
export const QUOTE_LIMIT = 80;

/** A phrase for `expected` in "must be <expected>, got <value>", attached to a check or schema. */
export interface Expected {
  params: { expected: string };
  /** Declared so zod's check parameters accept the object; never set (the message comes from `render`). */
  message?: undefined;
}

/**
 * Word a check's failure as "must be <phrase>, got <value>":
 * `z.string().regex(RE, expected("a DNS-1123 label"))`, `.refine(fn, expected(...))`, `z.union([...], expected(...))`.
 */
export function expected(phrase: string): Expected {
  return { params: { expected: phrase } };
}

// Control bytes, DEL, C1 controls, line/paragraph separators, BOM and the replacement character are shown as \u escapes.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffd]/g;

/**
 * A string quoted for a message: JSON-style, every invisible character as a \u escape, cut at QUOTE_LIMIT
 * (then followed by its length, unless `withLength` is false).
 */
export function quoteString(s: string, withLength = true): string {
  const chars = Array.from(s);
  const cut = chars.length > QUOTE_LIMIT ? `${chars.slice(0, QUOTE_LIMIT).join("")}…` : s;
  const body = JSON.stringify(cut).slice(1, -1).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const more = withLength && chars.length > QUOTE_LIMIT ? ` (${chars.length} characters)` : "";
  return `"${body}"${more}`;
}

/** A number as the user wrote it: NaN and Infinity by name, -0 as 0. */
export function showNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  if (Object.is(n, -0)) return "0";
  return String(n);
}

/** Any value, shown for "got ...": scalars by value, collections by what they are. */
export function quote(v: unknown): string {
  switch (typeof v) {
    case "string": return quoteString(v);
    case "number": return showNumber(v);
    case "bigint": return `${v}n (a BigInt)`;
    case "boolean": return String(v);
    case "undefined": return "nothing";
    case "symbol": return "a symbol";
    case "function": return "a function";
  }
  if (v === null) return "null";
  if (Array.isArray(v)) return v.length === 0 ? "an empty list" : `a list of ${v.length}`;
  if (v instanceof Date) return "a date";
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return `a ${(v as object).constructor?.name ?? "object"}`;
  return Object.keys(v as object).length === 0 ? "an empty mapping" : "a mapping";
}

/** "got ..." */
export function got(v: unknown): string {
  return `got ${quote(v)}`;
}

/** "must be <phrase>, got <value>" */
export function mustBe(phrase: string, input: unknown): string {
  return `must be ${phrase}, ${got(input)}`;
}

/**
 * `cpu.activation` / `memory.activation` above 0: no platform can honour it. KEDA's cpu and memory scalers have no
 * `activation*` parameter (kedacore/keda schema/generated/scalers-schema.json; keda.sh docs, concepts/scaling-deployments:
 * "If a scaler doesn't define an activation parameter ... the activation value is always 0"; kedacore/keda#6231, which
 * proposed one, was closed unmerged), and they can wake nothing from 0 (keda.sh docs, scalers/cpu).
 */
export function resourceActivationRefused(resource: string, given: number): string {
  return `must be 0 (the default), got ${showNumber(given)}: no platform has an activation threshold on ${resource}. KEDA's ${resource} scaler has no activation parameter (its activation is always 0, and KEDA would ignore an activationValue), and it cannot wake a workload from 0; the HPA, ECS, Container Apps and Cloud Run have none either. To let the service sleep at 0, put the activation on the metric that wakes it (queue.activation, prometheus.activationTarget or workloadRatio.activation) with replicas.min 0: KEDA scales to 0 when those are inactive, whatever the ${resource}`;
}

/** A workload kind that is not a Kubernetes kind name, or a near miss of a known one (`Statefulset`). */
export function workloadKindMessage(kind: string, suggestion: string | undefined): string {
  const phrase = 'a Kubernetes kind: Deployment, StatefulSet, ReplicaSet, Rollout, or the CamelCase kind of a resource with a /scale subresource (with its apiVersion)';
  return `${mustBe(phrase, kind)}${suggestion ? `; did you mean ${quoteString(suggestion)}?` : ""}`;
}

/** A workload kind polyscale does not know, written without its group/version. */
export function customKindNeedsApiVersion(kind: string): string {
  return `is required for workload kind ${quoteString(kind)}: polyscale knows the apiVersion of Deployment, StatefulSet, ReplicaSet (apps/v1) and Rollout (argoproj.io/v1alpha1) only; give the resource's group/version, e.g. "example.com/v1"`;
}

/**
 * An alert or dashboard on a service that no autoscaler scales: it reads the autoscaler's series, which do not
 * exist (`mode` undefined: the policy has no `scaling` at all).
 */
export function needsAutoscale(mode: unknown): string {
  return mode === undefined
    ? "needs `scaling` with mode autoscale (it watches the autoscaler), got no scaling"
    : `needs scaling.mode autoscale, ${got(mode)}`;
}

/** A cluster version too old for a feature gate that the policy says is on. */
export function gateNeedsVersion(gate: string, field: string, since: string, version: string): string {
  return `must be at least ${quoteString(since)} when ${field} is true (the ${gate} feature gate exists from Kubernetes ${since}), ${got(version)}`;
}

/** `scaleUp/scaleDown.tolerance` on Kubernetes when the policy does not say the HPAConfigurableTolerance gate is on. */
export function toleranceNeedsGate(since: string): string {
  return `needs the alpha HPAConfigurableTolerance feature gate (Kubernetes >= ${since}): set scaling.kubernetes.cluster.hpaConfigurableTolerance: true once the cluster has it on, or remove tolerance to use the cluster-wide --horizontal-pod-autoscaler-tolerance (0.1)`;
}


/** `scaleUp/scaleDown.tolerance` through a KEDA whose ScaledObject CRD does not carry it (the field would be pruned). */
export function toleranceNeedsKeda(since: string, version: string): string {
  return `needs KEDA >= ${since} (older ScaledObject CRDs drop behavior.*.tolerance), scaling.kubernetes.cluster.kedaVersion is ${quoteString(version)}; raise kedaVersion once KEDA is upgraded, or remove tolerance`;
}

/** "must be <phrase>, got <value>" for a value of the wrong type: a string is named as one (`got the string "5"`). */
function mustBeType(phrase: string, input: unknown): string {
  return typeof input === "string" ? `must be ${phrase}, got the string ${quoteString(input)}` : mustBe(phrase, input);
}

/** A list of allowed names for messages: `"a", "b" or "c"`. */
export function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => (typeof v === "string" ? quoteString(v) : quote(v)));
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} or ${shown[shown.length - 1]}`;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), case-insensitive. */
function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The allowed name closest to a misspelt one (`replica` -> `replicas`, `utilisation` -> `utilization`), if close enough. */
export function didYouMean(given: string, allowed: readonly string[]): string | undefined {
  if (given.length > 64) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const a of allowed) {
    const dist = distance(given, a);
    if (dist < bestD) {
      best = a;
      bestD = dist;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(given.length / 3)));
  return best !== undefined && bestD <= limit ? best : undefined;
}

/** `; did you mean "x"?` for a near miss of an allowed name, or nothing. */
export const suggest = (given: unknown, allowed: readonly string[]): string => {
  const near = typeof given === "string" ? didYouMean(given, allowed) : undefined;
  return near !== undefined && near !== given ? `; did you mean ${quoteString(near)}?` : "";
};

/** The phrase attached with `expected(...)` to the schema or check that raised the issue. */
function expectedPhrase(iss: z.core.$ZodRawIssue): string | undefined {
  const inst = iss.inst as { _zod?: { def?: { params?: { expected?: unknown } } } } | undefined;
  const p = inst?._zod?.def?.params?.expected;
  return typeof p === "string" ? p : undefined;
}

const TYPE_NAMES: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  boolean: "true or false",
  int: "a whole number",
  record: "a mapping",
};

/** Words of a noun for unknown keys of an object schema: `metric kind`, `metric source`, default `field`. */
function keyNoun(iss: z.core.$ZodRawIssue): string {
  const inst = iss.inst as { _zod?: { def?: { params?: { keyNoun?: unknown } } } } | undefined;
  const n = inst?._zod?.def?.params?.keyNoun;
  return typeof n === "string" ? n : "field";
}

/** Attach a noun for unknown keys to an object schema: `z.strictObject(shape, keysAre("metric kind"))`. */
export function keysAre(noun: string, expectedPhrase?: string): { params: { keyNoun: string; expected?: string }; message?: undefined } {
  return { params: { keyNoun: noun, ...(expectedPhrase !== undefined ? { expected: expectedPhrase } : {}) } };
}

function knownKeys(iss: z.core.$ZodRawIssue): string[] {
  const inst = iss.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined;
  return Object.keys(inst?._zod?.def?.shape ?? {});
}

/**
 * Object schemas whose unknown keys may be credentials a user wrote inline (an event source's KEDA parameters that
 * are read from a TriggerAuthentication): such a key gets a message pointing at `auth.secret.parameters`.
 * Filled by src/policy/sources.ts from each source module's `credentialParameters`.
 */
export const CREDENTIAL_KEYS = new WeakMap<object, readonly string[]>();

function credentialKey(key: string): string {
  return `${quoteString(key)} is an authentication parameter (KEDA reads it from a TriggerAuthentication, never from trigger metadata, so it is not written inline): name the Secret key that holds it in \`auth.secret.parameters.${key}\`, or use an existing TriggerAuthentication or a pod identity (\`auth\`)`;
}

function unknownKeys(iss: z.core.$ZodRawIssue & { keys: string[] }): string {
  const credentials = (iss.inst !== undefined && CREDENTIAL_KEYS.get(iss.inst as object)) || [];
  const inline = iss.keys.filter((k) => credentials.includes(k));
  if (inline.length > 0) {
    const rest = iss.keys.filter((k) => !credentials.includes(k));
    return [...inline.map(credentialKey), ...(rest.length > 0 ? [unknownKeys({ ...iss, keys: rest })] : [])].join("; ");
  }
  const allowed = knownKeys(iss);
  const noun = keyNoun(iss);
  const each = iss.keys.map((k) => {
    const near = didYouMean(k, allowed);
    return near !== undefined ? `${quoteString(k)} (did you mean ${quoteString(near)}?)` : quoteString(k);
  });
  const anyNear = iss.keys.some((k) => didYouMean(k, allowed) !== undefined);
  const list = !anyNear || noun !== "field" ? `; allowed: ${allowed.join(", ")}` : "";
  return `unknown ${noun}${iss.keys.length > 1 ? "s" : ""} ${each.join(", ")}${list}`;
}

function bound(iss: { minimum?: unknown; maximum?: unknown; inclusive?: boolean }, kind: "min" | "max"): string {
  const v = kind === "min" ? iss.minimum : iss.maximum;
  const n = typeof v === "bigint" ? v.toString() : showNumber(Number(v));
  if (kind === "min") return iss.inclusive === false ? `greater than ${n}` : `at least ${n}`;
  return iss.inclusive === false ? `less than ${n}` : `at most ${n}`;
}

function range(iss: z.core.$ZodRawIssue & { origin: string; minimum?: unknown; maximum?: unknown; inclusive?: boolean }, kind: "min" | "max"): string {
  const input = iss.input;
  const phrase = expectedPhrase(iss);
  if (iss.origin === "string") {
    const len = typeof input === "string" ? Array.from(input).length : 0;
    if (kind === "min" && Number(iss.minimum) === 1) return "must not be empty";
    return `must be ${bound(iss, kind)} characters${phrase ? ` (${phrase})` : ""}, got ${len} characters${typeof input === "string" ? ` (${quoteString(input, false)})` : ""}`;
  }
  if (iss.origin === "array" || iss.origin === "set") {
    const len = Array.isArray(input) ? input.length : 0;
    if (kind === "min" && Number(iss.minimum) === 1) return "must list at least one entry (or be left out)";
    return `must list ${bound(iss, kind)} entries, got ${len}`;
  }
  return `must be ${bound(iss, kind)}${phrase ? ` (${phrase})` : ""}, ${got(input)}`;
}

/**
 * The error map passed to every parse (`Schema.safeParse(input, { error: render, reportInput: true })`).
 * Returns undefined only for issues that already carry a message (custom checks).
 */
export function render(iss: z.core.$ZodRawIssue): string | undefined {
  const phrase = expectedPhrase(iss);
  switch (iss.code) {
    case "invalid_type": {
      if (iss.input === undefined) return "is required";
      if (typeof iss.input === "number" && !Number.isFinite(iss.input)) {
        return `must be a finite number, got ${showNumber(iss.input)}`;
      }
      if (phrase) return mustBeType(phrase, iss.input);
      return mustBeType(TYPE_NAMES[iss.expected] ?? `a ${iss.expected}`, iss.input);
    }
    case "invalid_union":
      if (iss.input === undefined) return "is required";
      if (phrase) return mustBeType(phrase, iss.input);
      return `does not match any allowed form, ${got(iss.input)}`;
    case "invalid_value":
      return `must be ${phrase ?? `one of ${oneOf(iss.values)}`}, ${got(iss.input)}${suggest(iss.input, iss.values.map(String))}`;
    case "unrecognized_keys":
      return unknownKeys(iss);
    case "too_small":
      return range(iss, "min");
    case "too_big":
      return range(iss, "max");
    case "invalid_format":
      return mustBe(phrase ?? (iss.format === "regex" ? `a string matching ${iss.pattern ?? "the pattern"}` : `a valid ${iss.format}`), iss.input);
    case "not_multiple_of":
      return `must be a multiple of ${String(iss.divisor)}, ${got(iss.input)}`;
    case "invalid_key":
      // A record key that fails its own check: that check's message (it names the key).
      return iss.issues[0]?.message ?? `has an invalid key ${quote(iss.input)}`;
    case "invalid_element":
      return `has an invalid entry ${quote(iss.input)}`;
    case "custom":
      return phrase ? mustBe(phrase, iss.input) : undefined;
  }
  return undefined;
}
