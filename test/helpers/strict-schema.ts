import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePolicyFile, type ScalingPolicy } from "../../src/policy";
import { compileKubernetes, type KubernetesOutput } from "../../src/targets/kubernetes";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import type { RegExpEngine } from "ajv/dist/types";

/**
 * Strict checks of Kubernetes manifests against the upstream schemas in test/fixtures/kubernetes.
 *
 * The upstream schemas never set `additionalProperties: false`, so an unknown (misspelt) field passes
 * them, while the API server silently prunes it. `closeObjects` walks a schema and closes every object
 * type that lists `properties`; maps (an `additionalProperties` schema) and
 * `x-kubernetes-preserve-unknown-fields` objects stay open. Bounds that Kubernetes states only in
 * descriptions (HPA) or in CEL rules (KEDA) are checked explicitly by `hpaDescriptionChecks` and
 * `kedaCelChecks`.
 */

export const FIXTURES_DIR = join(__dirname, "..", "fixtures", "kubernetes");

export function loadSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, file), "utf8")) as Record<string, unknown>;
}

/** Schema keywords whose value is a schema, a list of schemas, or a map of schemas. */
const SUBSCHEMA = ["items", "additionalProperties", "not", "if", "then", "else", "additionalItems", "contains", "propertyNames"];
const SUBSCHEMA_LIST = ["allOf", "anyOf", "oneOf"];
const SUBSCHEMA_MAP = ["properties", "patternProperties", "definitions", "$defs", "dependencies"];

/** Deep copy of `schema` with every object type that has `properties` closed (`additionalProperties: false`). */
export function closeObjects<T>(schema: T): T {
  const copy = structuredClone(schema);
  walk(copy);
  return copy;
}

function walk(node: unknown): void {
  if (!node || typeof node !== "object" || Array.isArray(node)) return;
  const s = node as Record<string, unknown>;
  if (s.properties && typeof s.properties === "object" && s.additionalProperties === undefined && s["x-kubernetes-preserve-unknown-fields"] !== true) {
    s.additionalProperties = false;
  }
  for (const k of SUBSCHEMA) if (s[k] && typeof s[k] === "object") walk(s[k]);
  for (const k of SUBSCHEMA_LIST) if (Array.isArray(s[k])) (s[k] as unknown[]).forEach(walk);
  for (const k of SUBSCHEMA_MAP) {
    const m = s[k];
    if (m && typeof m === "object" && !Array.isArray(m)) Object.values(m).forEach(walk);
  }
}

/**
 * Go/RE2 patterns that JavaScript cannot compile: prometheus-operator's `partial_response_strategy` is
 * `^(?i)(abort|warn)?$`. A leading `(?i)` (after an optional `^`) becomes the `i` flag.
 */
function re2RegExp(pattern: string, flags: string): RegExp {
  const m = /^(\^?)\(\?i\)/.exec(pattern);
  if (m) return new RegExp(m[1] + pattern.slice(m[0].length), flags.includes("i") ? flags : flags + "i");
  return new RegExp(pattern, flags);
}
const regExpEngine: RegExpEngine = Object.assign(re2RegExp, { code: "new RegExp" });

/** An ajv 8 instance as the reference README prescribes: no strict mode (x-kubernetes-* keywords), no format validation. */
export function newAjv(): Ajv {
  return new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
    code: { regExp: regExpEngine },
  });
}

/** Compile `schema` with its object types closed. */
export function compileStrict(schema: Record<string, unknown>, ajv: Ajv = newAjv()): ValidateFunction {
  return ajv.compile(closeObjects(schema));
}

export function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const extra = e.keyword === "additionalProperties" ? ` (${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)})` : "";
    return `${e.instancePath || "/"} ${e.message}${extra}`;
  });
}

// ---------------------------------------------------------------------------------------------
// Description-only HPA bounds (autoscaling/v2 field docs; pkg/apis/autoscaling/validation).

const METRIC_TYPES = ["ContainerResource", "External", "Object", "Pods", "Resource"];
const TARGET_TYPES = ["Utilization", "Value", "AverageValue"];
const POLICY_TYPES = ["Pods", "Percent"];
const SELECT_POLICIES = ["Max", "Min", "Disabled"];
/** Kubernetes quantity syntax (the pattern the VPA and KEDA CRDs carry for quantities). */
const QUANTITY_RE = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** Checks an HPA `behavior` (also used for KEDA's `advanced.horizontalPodAutoscalerConfig.behavior`). */
export function behaviorChecks(behavior: unknown, path: string): string[] {
  const errors: string[] = [];
  if (behavior === undefined) return errors;
  const b = behavior as Record<string, Record<string, unknown> | undefined>;
  for (const dir of ["scaleUp", "scaleDown"]) {
    const rules = b[dir];
    if (rules === undefined) continue;
    const p = `${path}/${dir}`;
    const w = rules.stabilizationWindowSeconds;
    if (w !== undefined && !(isInt(w) && w >= 0 && w <= 3600)) errors.push(`${p}/stabilizationWindowSeconds must be an integer in 0..3600, got ${JSON.stringify(w)}`);
    const sel = rules.selectPolicy;
    if (sel !== undefined && !SELECT_POLICIES.includes(sel as string)) errors.push(`${p}/selectPolicy must be one of ${SELECT_POLICIES.join("|")}, got ${JSON.stringify(sel)}`);
    const policies = (rules.policies ?? []) as Array<Record<string, unknown>>;
    policies.forEach((pol, i) => {
      const pp = `${p}/policies/${i}`;
      if (!POLICY_TYPES.includes(pol.type as string)) errors.push(`${pp}/type must be one of ${POLICY_TYPES.join("|")}, got ${JSON.stringify(pol.type)}`);
      if (!(isInt(pol.value) && pol.value > 0)) errors.push(`${pp}/value must be an integer > 0, got ${JSON.stringify(pol.value)}`);
      if (!(isInt(pol.periodSeconds) && pol.periodSeconds >= 1 && pol.periodSeconds <= 1800)) {
        errors.push(`${pp}/periodSeconds must be an integer in 1..1800, got ${JSON.stringify(pol.periodSeconds)}`);
      }
    });
  }
  return errors;
}

function quantityCheck(v: unknown, path: string): string[] {
  if (v === undefined) return [];
  if (typeof v === "number") return Number.isFinite(v) ? [] : [`${path} must be a quantity, got ${v}`];
  return typeof v === "string" && QUANTITY_RE.test(v) ? [] : [`${path} must be a Kubernetes quantity, got ${JSON.stringify(v)}`];
}

function targetChecks(target: Record<string, unknown> | undefined, path: string): string[] {
  if (!target) return [];
  const errors: string[] = [];
  const t = target.type as string;
  if (!TARGET_TYPES.includes(t)) errors.push(`${path}/type must be one of ${TARGET_TYPES.join("|")}, got ${JSON.stringify(t)}`);
  // The target field matching the type must be set (the API server rejects e.g. type Utilization without averageUtilization).
  const needed = { Utilization: "averageUtilization", Value: "value", AverageValue: "averageValue" }[t];
  if (needed && target[needed] === undefined) errors.push(`${path}/${needed} is required for type ${t}`);
  errors.push(...quantityCheck(target.value, `${path}/value`), ...quantityCheck(target.averageValue, `${path}/averageValue`));
  const u = target.averageUtilization;
  if (u !== undefined && !(isInt(u) && u > 0)) errors.push(`${path}/averageUtilization must be an integer > 0, got ${JSON.stringify(u)}`);
  return errors;
}

/** HPA rules that the OpenAPI schema states only in descriptions. */
export function hpaDescriptionChecks(hpa: { spec?: Record<string, unknown> }, cluster: { hpaScaleToZero?: boolean } = {}): string[] {
  const errors: string[] = [];
  const spec = hpa.spec ?? {};
  const min = spec.minReplicas;
  const max = spec.maxReplicas;
  const lowest = cluster.hpaScaleToZero ? 0 : 1;
  if (min !== undefined && !(isInt(min) && min >= lowest)) errors.push(`/spec/minReplicas must be >= ${lowest}${cluster.hpaScaleToZero ? "" : " without the HPAScaleToZero gate"}, got ${JSON.stringify(min)}`);
  if (isInt(min) && isInt(max) && max < min) errors.push(`/spec/maxReplicas (${max}) must be >= minReplicas (${min})`);
  const metrics = (spec.metrics ?? []) as Array<Record<string, unknown>>;
  metrics.forEach((m, i) => {
    const p = `/spec/metrics/${i}`;
    const type = m.type as string;
    if (!METRIC_TYPES.includes(type)) {
      errors.push(`${p}/type must be one of ${METRIC_TYPES.join("|")}, got ${JSON.stringify(type)}`);
      return;
    }
    const field = type[0]!.toLowerCase() + type.slice(1);
    const source = m[field] as Record<string, unknown> | undefined;
    if (!source) errors.push(`${p}/${field} is required for type ${type}`);
    for (const other of METRIC_TYPES.map((t) => t[0]!.toLowerCase() + t.slice(1))) {
      if (other !== field && m[other] !== undefined) errors.push(`${p}/${other} must not be set for type ${type}`);
    }
    errors.push(...targetChecks(source?.target as Record<string, unknown> | undefined, `${p}/${field}/target`));
  });
  errors.push(...behaviorChecks(spec.behavior, "/spec/behavior"));
  return errors;
}

/** KEDA ScaledObject CEL rules (x-kubernetes-validations), which ajv does not evaluate, plus the embedded HPA behavior bounds. */
export function kedaCelChecks(so: { spec?: Record<string, unknown> }): string[] {
  const errors: string[] = [];
  const spec = so.spec ?? {};
  const min = (spec.minReplicaCount as number | undefined) ?? 0;
  const max = (spec.maxReplicaCount as number | undefined) ?? 100;
  if (min > max) errors.push(`/spec minReplicaCount (${min}) must be <= maxReplicaCount (${max})`);
  const advanced = spec.advanced as { horizontalPodAutoscalerConfig?: { behavior?: unknown } } | undefined;
  errors.push(...behaviorChecks(advanced?.horizontalPodAutoscalerConfig?.behavior, "/spec/advanced/horizontalPodAutoscalerConfig/behavior"));
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Dispatch by apiVersion/kind.

const SCHEMA_FILES: Record<string, string> = {
  "autoscaling/v2/HorizontalPodAutoscaler": "hpa-v2.schema.json",
  "keda.sh/v1alpha1/ScaledObject": "scaledobject.schema.json",
  "keda.sh/v1alpha1/TriggerAuthentication": "triggerauthentication.schema.json",
  "autoscaling.k8s.io/v1/VerticalPodAutoscaler": "verticalpodautoscaler-v1.schema.json",
  "monitoring.coreos.com/v1/ServiceMonitor": "servicemonitor.schema.json",
  "monitoring.coreos.com/v1/PrometheusRule": "prometheusrule.schema.json",
  "v1/ConfigMap": "configmap-v1.schema.json",
};

export const KNOWN_KINDS = Object.keys(SCHEMA_FILES);

const validators = new Map<string, ValidateFunction>();

function validatorFor(key: string): ValidateFunction | undefined {
  const file = SCHEMA_FILES[key];
  if (!file) return undefined;
  let v = validators.get(key);
  if (!v) {
    v = compileStrict(loadSchema(file));
    validators.set(key, v);
  }
  return v;
}

/**
 * Validate one manifest strictly: the closed upstream schema for its apiVersion/kind, then the
 * description-only and CEL rules. Returns the errors (empty when valid); an unknown kind is an error.
 */
export function validateManifest(manifest: { apiVersion?: unknown; kind?: unknown; spec?: Record<string, unknown> }, cluster: { hpaScaleToZero?: boolean } = {}): string[] {
  const key = `${String(manifest.apiVersion)}/${String(manifest.kind)}`;
  const validate = validatorFor(key);
  if (!validate) return [`no schema for ${key} (known: ${KNOWN_KINDS.join(", ")})`];
  const errors = validate(manifest) ? [] : formatErrors(validate.errors);
  if (key === "autoscaling/v2/HorizontalPodAutoscaler") errors.push(...hpaDescriptionChecks(manifest, cluster));
  if (key === "keda.sh/v1alpha1/ScaledObject") errors.push(...kedaCelChecks(manifest));
  return errors;
}

// ---------------------------------------------------------------------------------------------
// The policies under test: the Kubernetes example policies plus test/fixtures/kubernetes/extra-policies.yaml.

export const KUBERNETES_EXAMPLES = [
  "lightning-asr.yaml",
  "lightning-asr-advanced.yaml",
  "lightning-asr-api-server.yaml",
  "rider-api.yaml",
  "surge-pricing.yaml",
  "metrics-app.yaml",
  "membrane-kubernetes-hpa.yaml",
  "membrane-kubernetes-keda.yaml",
];

export const EXAMPLE_SEEDS_DIR = join(__dirname, "..", "..", "examples", "seeds");

export interface KubernetesCase {
  /** `<file>: <namespace>/<service>` */
  label: string;
  file: string;
  policy: ScalingPolicy;
  out: KubernetesOutput;
}

/** Parse and compile every policy under test. */
export function loadKubernetesCases(): KubernetesCase[] {
  const cases: KubernetesCase[] = [];
  const add = (file: string, path: string) => {
    for (const policy of parsePolicyFile(readFileSync(path, "utf8"), file)) {
      cases.push({ label: `${file}: ${policy.namespace}/${policy.service}`, file, policy, out: compileKubernetes(policy) });
    }
  };
  for (const f of KUBERNETES_EXAMPLES) add(f, join(EXAMPLE_SEEDS_DIR, f));
  add("extra-policies.yaml", join(FIXTURES_DIR, "extra-policies.yaml"));
  return cases;
}
