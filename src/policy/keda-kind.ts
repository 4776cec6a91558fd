import { z } from "zod";
import { SourceAuth } from "../sources/auth";
import { kedaScalers, type KedaParameter, type KedaScaler } from "../sources/keda/index";
import { EVERY_PROBLEM, didYouMean, expected, oneOf, quoteString } from "./messages";
import { hasUserinfo, maskUrlCredentials, maskUserinfo, urlHasCredentials } from "./url";
import { parser } from "@prometheus-io/lezer-promql";
import { promqlError } from "./promql";
import { promqlValueType } from "./promql-types";
import { isRecord } from "./plain-values";

/**
 * The `keda` metric kind: any KEDA scaler by its `type`, with its trigger `metadata` and `auth`, checked when the
 * policy loads against KEDA's own generated scaler description (src/sources/keda: scalers-schema.json plus the
 * Go field types of the same commit). KEDA parses metadata in pkg/scalers/scalersconfig/typed_config.go; the checks
 * below follow it (trimmed values, empty = not set, `<name>FromEnv`, aliases, enums split on the separator).
 */

/** KEDA trigger `name` (ScaledObject `spec.triggers[].name`; KEDA uses it in metric names and scaling modifiers). */
const triggerName = z.string().max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, expected("a trigger name (lower-case letters, digits and '-', at most 63 characters)"));

const metadataValue = z.string(expected('a string (KEDA trigger metadata values are strings: quote numbers and booleans, e.g. "5", "true")')).max(65536);
const metadataKey = z.string().min(1).max(253).regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, expected("a KEDA metadata parameter name"));

/** Scalers another metric kind compiles better (it also gives the HPA, the simulator and other platforms). */
const USE_KIND: Record<string, string> = {
  cpu: "use the `cpu` metric kind (utilization or averageValue): it compiles to the HPA or KEDA and on every platform",
  memory: "use the `memory` metric kind (utilization or averageValue): it compiles to the HPA or KEDA and on every platform",
  cron: "use the `schedule` metric kind (timezone, start, end, replicas): it checks the cron expressions and compiles to KEDA's cron trigger, Container Apps and ECS",
};

/** Parameters both metadata- and auth-readable whose names say they hold a secret (not user names, hosts, ids). */
export const CREDENTIAL_NAME = /passw|secret|token|api_?key|querykey|accesskey|clientkey|^key$|sastoken|connection(string)?$|credential/i;
/** A connection string or DSN carrying a password or key (`...;AccountKey=...`, `host=db password=...`). */
const CREDENTIAL_IN_VALUE = /(^|[;\s])(password|pwd|accountkey|sharedaccesskey|sharedaccesssignature)\s*=/i;

export const KEDA_MESSAGES = {
  unknownType: (t: string, types: readonly string[]) =>
    `is not a KEDA scaler, got ${quoteString(t)}${near(t, types)}; KEDA's scalers-schema.json lists ${types.length} (https://keda.sh/docs/2.18/scalers/): ${some(types)}`,
  unknownParameter: (k: string, s: KedaScaler, allowed: readonly string[]) =>
    `is not a parameter of KEDA's ${s.type} scaler${near(k, allowed)}; allowed: ${some(allowed)}`,
  authOnly: (k: string) =>
    `is read by KEDA only from a TriggerAuthentication (where credentials go), not from metadata: remove it here and set auth.secret.parameters.${k}: <Secret key> (or name an existing TriggerAuthentication in auth)`,
  credentialInline: (k: string) =>
    `looks like a credential (KEDA also reads ${k} from a TriggerAuthentication), and trigger metadata is stored in plain text: remove it here and set auth.secret.parameters.${k}: <Secret key>`,
  credentialValue: (shown: string) =>
    `must not carry credentials (a user:password@ URL, a token query parameter or a connection string with a password or key is stored in plain text in trigger metadata), got ${quoteString(shown)}; give it without them and set the credential through auth.secret.parameters`,
  envOnly: (k: string) => `is read by KEDA only from the container's environment: write ${k}FromEnv: <env var name>`,
  fromEnvNotReadable: (k: string, base: string, s: KedaScaler) =>
    `is not a parameter of KEDA's ${s.type} scaler: KEDA does not read ${base} from the environment${s.parameters.get(base)?.fromMetadata ? `; set ${base} itself` : ""}`,
  deprecated: (note: string) => `is refused by KEDA: ${note}`,
  empty: "is empty, and KEDA reads an empty value as not set (it trims values, typed_config.go): give a value or remove the key",
  notInstantVector: "must evaluate to an instant vector: KEDA's prometheus scaler decodes only samples (pkg/scalers/prometheus_scaler.go); wrap a scalar in vector(...)",
  missing: (group: readonly string[], p: KedaParameter, s: KedaScaler) => {
    const names = group.length > 1 ? `one of ${oneOf(group)}` : quoteString(group[0]!);
    const where = [
      p.fromMetadata ? "metadata" : undefined,
      p.fromEnv ? `metadata ${group[0]}FromEnv (an env var name)` : undefined,
      p.fromAuth ? `auth (auth.secret.parameters.${group[0]} or an existing TriggerAuthentication)` : undefined,
    ].filter((w) => w !== undefined);
    return `needs ${names} (a required parameter of KEDA's ${s.type} scaler), read from ${where.join(" or ")}`;
  },
  wrongType: (k: string, p: KedaParameter, shown: string) =>
    `must be ${typePhrase(p)} (KEDA parses ${k} as ${p.list ? `a list of ${p.valueType}` : p.valueType}), got ${quoteString(shown)}`,
  notAllowed: (p: KedaParameter, bad: string) =>
    `must be ${p.list || p.separator ? "a list of " : ""}${oneOf(p.allowedValues!)}, got ${quoteString(bad)}${near(bad, p.allowedValues!)}`,
  authParameterUnknown: (k: string, s: KedaScaler, allowed: readonly string[]) =>
    allowed.length === 0
      ? `is not read from a TriggerAuthentication by KEDA's ${s.type} scaler (it reads none of its parameters there)`
      : `is not a parameter KEDA's ${s.type} scaler reads from a TriggerAuthentication${near(k, allowed)}; allowed: ${some(allowed)}`,
  authParameterMetadataOnly: (k: string, s: KedaScaler) =>
    `is read by KEDA's ${s.type} scaler only from metadata, not from a TriggerAuthentication: set metadata.${k}`,
  useKind: (t: string) => USE_KIND[t]!,
} as const;

/** A list for a message, cut so that one message stays well under 1 KB. */
function some(names: readonly string[], max = 24): string {
  return names.length <= max ? names.join(", ") : `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

function near(given: string, allowed: readonly string[]): string {
  const n = didYouMean(given, allowed);
  return n !== undefined && n !== given ? `; did you mean ${quoteString(n)}?` : "";
}

function typePhrase(p: KedaParameter): string {
  const one: Record<KedaParameter["valueType"], string> = {
    string: "a string",
    bool: "true or false (Go strconv.ParseBool: true, false, 1, 0, t, f)",
    int: "a whole number",
    uint: "a whole number at or above 0",
    float: "a number (JSON number syntax, e.g. 5, 0.5, 1e3)",
    duration: 'a duration ("30s", "5m", "1h30m") or a number of milliseconds, not negative',
    map: 'key=value pairs separated by ","',
  };
  if (!p.list) return one[p.valueType];
  return `a list of ${one[p.valueType].replace(/^an? /, "")} values separated by ${quoteString(p.separator ?? ",")}${p.rangeSeparator ? ` (or ranges like 1${p.rangeSeparator}5)` : ""}`;
}

const INT = /^-?(0|[1-9]\d*)$/;
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;
const GO_BOOL = new Set(["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"]);
const INT64_MAX = 2n ** 63n - 1n;

/** Whether one (trimmed) value parses as KEDA would parse it (typed_config.go setConfigValueHelper). */
function parses(v: string, p: KedaParameter): boolean {
  switch (p.valueType) {
    case "string":
      return true;
    case "bool":
      return GO_BOOL.has(v);
    case "int":
      return INT.test(v) && BigInt(v) <= INT64_MAX && BigInt(v) >= -INT64_MAX - 1n;
    case "uint":
      return INT.test(v) && !v.startsWith("-") && BigInt(v) <= 2n ** 32n - 1n;
    case "float":
      return JSON_NUMBER.test(v) && Number.isFinite(Number(v));
    case "duration":
      return v === "0" || (GO_DURATION.test(v) && !v.startsWith("-")) || (INT.test(v) && !v.startsWith("-"));
    case "map":
      return v.split(p.separator ?? ",").every((kv) => kv.split("=").length === 2);
  }
}

/** The first element of a value that does not parse, or undefined. */
function badElement(v: string, p: KedaParameter): string | undefined {
  if (!p.list) return parses(v, p) ? undefined : v;
  for (const raw of v.split(p.separator ?? ",")) {
    const e = raw.trim();
    const range = p.rangeSeparator && p.valueType === "int" ? e.split(p.rangeSeparator) : undefined;
    if (range && range.length === 2 && range.every((r) => INT.test(r.trim()))) continue;
    if (!parses(e, p)) return e;
  }
  return undefined;
}

type Ctx = z.RefinementCtx;

function issue(ctx: Ctx, path: (string | number)[], message: string, input: unknown): void {
  ctx.addIssue({ code: "custom", path, message, input });
}

/** Every check of one keda metric against its scaler; one issue per problem. */
function checkKedaMetric(m: { type?: unknown; metadata?: unknown; auth?: unknown }, ctx: Ctx): void {
  if (typeof m.type !== "string") return;
  if (USE_KIND[m.type]) return issue(ctx, ["type"], KEDA_MESSAGES.useKind(m.type), m.type);
  const index = kedaScalers();
  const scaler = index.scalers.get(m.type);
  if (!scaler) return issue(ctx, ["type"], KEDA_MESSAGES.unknownType(m.type, index.types), m.type);
  const metadata = isRecord(m.metadata) ? m.metadata : {};
  const auth = isRecord(m.auth) ? (m.auth as SourceAuth) : undefined;
  const set = new Set<string>();
  // Sorted, so that the issues do not depend on the order the policy lists its keys in.
  for (const [key, raw] of Object.entries(metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // A non-string value is reported by the schema; it is not also missing.
    if (typeof raw !== "string") set.add(`given:${key}`);
    else checkEntry(scaler, key, raw, ctx, set);
  }
  const secretParams = isRecord(auth?.secret?.parameters) ? Object.keys(auth!.secret!.parameters).sort() : [];
  const authAllowed = [...scaler.parameters.values()].filter((p) => p.fromAuth).map((p) => p.name);
  for (const k of secretParams) {
    const p = scaler.parameters.get(k);
    if (p?.fromAuth) set.add(`auth:${k}`);
    else if (p) issue(ctx, ["auth", "secret", "parameters", k], KEDA_MESSAGES.authParameterMetadataOnly(k, scaler), k);
    else issue(ctx, ["auth", "secret", "parameters", k], KEDA_MESSAGES.authParameterUnknown(k, scaler, authAllowed), k);
  }
  // An existing TriggerAuthentication may hold any auth-readable parameter: polyscale cannot see inside it.
  const externalAuth = auth?.triggerAuthentication !== undefined || auth?.clusterTriggerAuthentication !== undefined;
  for (const group of scaler.required) {
    const satisfied = group.some((n) => {
      const p = scaler.parameters.get(n)!;
      return (p.fromMetadata && set.has(n)) || (p.fromEnv && set.has(`env:${n}`)) || (p.fromAuth && (set.has(`auth:${n}`) || externalAuth));
    });
    // A field already refused where it was given is not also reported missing.
    if (!satisfied && !group.some((n) => set.has(`given:${n}`))) issue(ctx, ["metadata", group[0]!], KEDA_MESSAGES.missing(group, scaler.parameters.get(group[0]!)!, scaler), undefined);
  }
}

/** One metadata entry: a known, metadata-readable, non-credential parameter with a value KEDA parses. */
function checkEntry(scaler: KedaScaler, key: string, raw: string, ctx: Ctx, set: Set<string>): void {
  const path = ["metadata", key];
  const fromEnvBase = key.endsWith("FromEnv") ? key.slice(0, -"FromEnv".length) : undefined;
  const p = scaler.parameters.get(key) ?? wildcard(scaler, key);
  const value = raw.trim();
  if (!p && fromEnvBase !== undefined && scaler.parameters.has(fromEnvBase)) {
    if (!scaler.parameters.get(fromEnvBase)!.fromEnv) return issue(ctx, path, KEDA_MESSAGES.fromEnvNotReadable(key, fromEnvBase, scaler), key);
    if (value === "") return issue(ctx, path, KEDA_MESSAGES.empty, raw);
    set.add(`env:${fromEnvBase}`);
    return;
  }
  if (!p) {
    const allowed = [...scaler.parameters.values()].flatMap((q) => [...(q.fromMetadata ? [q.name] : []), ...(q.fromEnv ? [`${q.name}FromEnv`] : [])]);
    return issue(ctx, path, KEDA_MESSAGES.unknownParameter(key, scaler, allowed), key);
  }
  if (value !== "") set.add(`given:${p.name}`);
  if (!p.fromMetadata) return issue(ctx, path, p.fromAuth ? KEDA_MESSAGES.authOnly(key) : KEDA_MESSAGES.envOnly(key), "***");
  if (p.fromAuth && CREDENTIAL_NAME.test(key) && !key.endsWith("FromEnv")) return issue(ctx, path, KEDA_MESSAGES.credentialInline(key), "***");
  if (hasUserinfo(value) || urlHasCredentials(value) || CREDENTIAL_IN_VALUE.test(value)) {
    return issue(ctx, path, KEDA_MESSAGES.credentialValue(maskValue(value)), "***");
  }
  if (p.deprecated) return issue(ctx, path, KEDA_MESSAGES.deprecated(p.deprecated), raw);
  if (value === "") return issue(ctx, path, KEDA_MESSAGES.empty, raw);
  set.add(key);
  const bad = badElement(value, p);
  if (bad !== undefined) return issue(ctx, path, KEDA_MESSAGES.wrongType(key, p, value), raw);
  if (p.allowedValues) {
    const off = value.split(p.separator ?? ",").map((e) => e.trim()).find((e) => !p.allowedValues!.includes(e));
    if (off !== undefined) return issue(ctx, path, KEDA_MESSAGES.notAllowed(p, off), raw);
  }
  const own = SCALER_VALUE_CHECKS[scaler.type]?.[key]?.(value);
  if (own) issue(ctx, path, own, raw);
}

/**
 * Checks a scaler's own code makes of a value beyond its Go type. prometheus `query`: KEDA sends it to
 * /api/v1/query and decodes only a vector of samples (pkg/scalers/prometheus_scaler.go `promQueryResult`).
 */
const SCALER_VALUE_CHECKS: Record<string, Record<string, (v: string) => string | undefined>> = {
  prometheus: {
    query: (q) => {
      const err = promqlError(q);
      if (err) return err;
      return promqlValueType(parser.parse(q).topNode, q) === "vector" ? undefined : KEDA_MESSAGES.notInstantVector;
    },
  },
};

/** A parameter named with a `.*` suffix (sumologic `query.*`) matches `query.A`, `query.B`, ... */
function wildcard(scaler: KedaScaler, key: string): KedaParameter | undefined {
  for (const p of scaler.parameters.values()) {
    // KEDA reads it into a map keyed by the suffix; each entry is one plain value.
    if (p.name.endsWith(".*") && key.startsWith(p.name.slice(0, -1)) && key.length > p.name.length - 1) return { ...p, valueType: "string", list: false };
  }
  return undefined;
}

/** A value for a message: URL credentials and `key=value` secrets masked. */
function maskValue(v: string): string {
  return maskUserinfo(maskUrlCredentials(v)).replace(/((?:^|[;\s])(?:password|pwd|accountkey|sharedaccesskey|sharedaccesssignature)\s*=)[^;\s]*/gi, "$1***");
}

/** Any KEDA scaler as a trigger (ScaledObject `spec.triggers[]`), checked against KEDA's scaler description. */
export const KedaMetric = z
  .strictObject({
    /** KEDA scaler type, e.g. `postgresql`, `aws-dynamodb`, `nats-jetstream` (keda.sh/docs/latest/scalers/). */
    type: z.string().min(1).max(63),
    /** Trigger metadata as KEDA reads it: strings only, never a credential (those go through `auth`). */
    metadata: z.record(metadataKey, metadataValue),
    /** How the trigger authenticates: an existing TriggerAuthentication, pod identity, Secret keys, managed identity. */
    auth: SourceAuth.optional(),
    /** KEDA `metricType`: the target per replica (`AverageValue`, KEDA's default) or for the whole workload (`Value`). */
    metricType: z.enum(["AverageValue", "Value"]).optional(),
    /** KEDA trigger `name`. */
    name: triggerName.optional(),
  })
  .superRefine((m, ctx) => checkKedaMetric(m, ctx), EVERY_PROBLEM);
export type KedaMetric = z.infer<typeof KedaMetric>;

/**
 * KEDA trigger names are unique within a ScaledObject (kedacore/keda apis/keda/v1alpha1/scaletriggers_types.go:
 * "triggerName %q is defined multiple times in the ScaledObject/ScaledJob, but it must be unique").
 */
export function kedaTriggerNameIssues(metrics: ReadonlyArray<{ kind?: unknown; name?: unknown } | undefined>): Array<{ code: "custom"; path: (string | number)[]; message: string; input: unknown }> {
  const first = new Map<string, number>();
  const out: Array<{ code: "custom"; path: (string | number)[]; message: string; input: unknown }> = [];
  metrics.forEach((m, i) => {
    if (m?.kind !== "keda" || typeof m.name !== "string") return;
    const j = first.get(m.name);
    if (j === undefined) first.set(m.name, i);
    else out.push({ code: "custom", path: ["scaling", "metrics", i, "keda", "name"], message: `is also the name of scaling.metrics[${j}].keda: KEDA refuses a ScaledObject whose trigger names repeat, got ${quoteString(m.name)}`, input: m.name });
  });
  return out;
}

/** KEDA's deprecation notices for a parsed keda metric (scaler or parameters given), as warnings at load or compile. */
export function kedaDeprecations(m: { type: string; metadata: Record<string, string> }): Array<{ path: (string | number)[]; message: string }> {
  const s = kedaScalers().scalers.get(m.type);
  if (!s) return [];
  const out: Array<{ path: (string | number)[]; message: string }> = [];
  if (s.deprecated) out.push({ path: ["type"], message: `KEDA deprecates the ${s.type} scaler: ${s.deprecated}` });
  for (const k of Object.keys(m.metadata)) {
    const note = s.parameters.get(k)?.deprecatedAnnounce;
    if (note) out.push({ path: ["metadata", k], message: `KEDA deprecates ${k}: ${note}` });
  }
  return out;
}
