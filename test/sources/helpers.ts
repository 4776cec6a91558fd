import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { expect } from "vitest";
import type { z } from "zod";
import { render } from "../../src/policy/messages";
import { kedaScalers } from "../../src/sources/keda";
import type { ContainerAppsRuleSpec, KedaTriggerSpec, Mapped, SourceMetricKind, SourceModule, SourceTarget } from "../../src/sources/types";
import { compileStrict, formatErrors, loadSchema } from "../helpers/strict-schema";
import { strictScaleValidator } from "../targets/container-apps/schema";

/** Shared by the source module tests of test/sources: targets, KEDA doc examples, and the upstream schema checks. */

export function target(key: string, over: Partial<SourceTarget> & { kind?: SourceMetricKind } = {}): SourceTarget {
  const kind = over.kind ?? "queue";
  return { kind, perReplica: 10, path: ["scaling", "metrics", 0, kind, "from", key], service: "worker", minReplicas: 1, ...over };
}

/** Parses a source input with the module's schema, failing the test with the issues when it does not parse. */
export function parsed<S>(m: SourceModule<S>, input: unknown): S {
  const r = (m.schema as z.ZodType<S>).safeParse(input);
  if (!r.success) throw new Error(`did not parse: ${JSON.stringify(r.error.issues)}`);
  return r.data;
}

/** The issues of a schema refusal as `path: message` lines. */
export function refusal(m: SourceModule<any>, input: unknown): string[] {
  const r = (m.schema as z.ZodType).safeParse(input, { error: render, reportInput: true });
  if (r.success) throw new Error(`parsed, expected a refusal: ${JSON.stringify(input)}`);
  return r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

export function value<T>(m: Mapped<T>): T {
  if (m.issues?.length) throw new Error(`refused: ${JSON.stringify(m.issues)}`);
  return m.value!;
}

/** A KEDA docs example (test/fixtures/keda-docs), as its YAML documents. */
export function docExample(file: string): any[] {
  return parseAllDocuments(readFileSync(join(__dirname, "..", "fixtures", "keda-docs", file), "utf8")).map((d) => d.toJS());
}

/** The triggers of a docs example: a ScaledObject's `spec.triggers`, or a bare trigger list. */
export function docTriggers(file: string): { type: string; metadata: Record<string, string>; authenticationRef?: { name: string } }[] {
  return docExample(file).flatMap((d) => (Array.isArray(d) ? d : d?.kind === "ScaledObject" ? d.spec.triggers : (d?.triggers ?? [])));
}

/** The docs example's TriggerAuthentication `secretTargetRef`s as parameter → key. */
export function docSecretParameters(file: string): Record<string, string> {
  const ta = docExample(file).find((d) => d?.kind === "TriggerAuthentication");
  return Object.fromEntries((ta?.spec?.secretTargetRef ?? []).map((r: { parameter: string; key: string }) => [r.parameter, r.key]));
}

/**
 * Metadata against KEDA's scalers-schema.json (src/sources/keda, verbatim upstream): every key a parameter of
 * the scaler that KEDA reads from metadata, each value of the parameter's type and allowed values, and every
 * required parameter present in metadata or in the auth parameters.
 */
export function kedaSchemaErrors(trigger: KedaTriggerSpec, authParameters: readonly string[] = []): string[] {
  const scaler = kedaScalers().scalers.get(trigger.type);
  if (!scaler) return [`unknown scaler ${trigger.type}`];
  const errors: string[] = [];
  const byName = new Map([...scaler.parameters.values()].flatMap((p) => [p.name, ...p.aliases].map((n) => [n, p] as const)));
  for (const [k, v] of Object.entries(trigger.metadata)) {
    const p = byName.get(k);
    if (!p) errors.push(`${k}: not a parameter of ${trigger.type}`);
    else if (!p.fromMetadata) errors.push(`${k}: ${trigger.type} reads it only from a TriggerAuthentication (a credential)`);
    else {
      if (p.allowedValues && !p.allowedValues.includes(v)) errors.push(`${k}: ${v} not in ${p.allowedValues.join("|")}`);
      const parts = p.list ? v.split(p.separator ?? ",") : [v];
      for (const part of parts) {
        if (p.valueType === "int" && !/^-?\d+$/.test(part)) errors.push(`${k}: ${part} is not an integer`);
        if (p.valueType === "float" && !Number.isFinite(Number(part))) errors.push(`${k}: ${part} is not a number`);
        if (p.valueType === "bool" && !["true", "false"].includes(part)) errors.push(`${k}: ${part} is not a bool`);
      }
    }
  }
  for (const names of scaler.required) {
    if (!names.some((n) => n in trigger.metadata || authParameters.includes(n))) errors.push(`missing required ${names.join(" or ")}`);
  }
  for (const p of authParameters) {
    if (!byName.get(p)?.fromAuth && p !== "GoogleApplicationCredentials") errors.push(`auth ${p}: ${trigger.type} does not read it from a TriggerAuthentication`);
  }
  return errors;
}

let scaledObject: ReturnType<typeof compileStrict> | undefined;
/** The trigger in a ScaledObject, checked against the KEDA CRD with every object closed. */
export function scaledObjectErrors(trigger: KedaTriggerSpec, authenticationRef?: { name: string; kind?: string }): string[] {
  scaledObject ??= compileStrict(loadSchema("scaledobject.schema.json"));
  const so = {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: { name: "worker-scaler", namespace: "default" },
    spec: { scaleTargetRef: { name: "worker" }, minReplicaCount: 0, maxReplicaCount: 10, triggers: [{ ...trigger, ...(authenticationRef ? { authenticationRef } : {}) }] },
  };
  return scaledObject(so) ? [] : formatErrors(scaledObject.errors);
}

/** A custom rule in an ARM `Scale`, checked against Microsoft.App 2026-01-01 with every object closed. */
export function containerAppsRuleErrors(rule: ContainerAppsRuleSpec, auth: { triggerParameter: string; secretRef: string }[] = []): string[] {
  const scale = { minReplicas: 0, maxReplicas: 10, rules: [{ name: "source", ...("custom" in rule ? { custom: { ...rule.custom, ...(auth.length ? { auth } : {}) } } : rule) }] };
  const validate = strictScaleValidator();
  return validate(scale) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Numeric metadata compared as numbers ("100.50" = "100.5"), the rest as text. */
export function normalized(metadata: Record<string, string>, numeric: readonly string[]): Record<string, string | number> {
  return Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, numeric.includes(k) ? Number(v) : v]));
}

/** A refusal names its path and says why. */
export function expectIssue(m: Mapped<unknown>, path: (string | number)[], text: RegExp): void {
  expect(m.value).toBeUndefined();
  const hit = m.issues?.find((i) => JSON.stringify(i.path) === JSON.stringify(path));
  expect(hit, `no issue at ${path.join(".")}: ${JSON.stringify(m.issues)}`).toBeDefined();
  expect(hit!.message).toMatch(text);
}

/**
 * Golden against a KEDA docs example: the source (with the example's TriggerAuthentication parameters as
 * `auth.secret`, when it has one) compiles to the example's trigger, which passes scalers-schema.json and the
 * closed ScaledObject CRD with the example's authenticationRef.
 */
export function expectMatchesDoc<S>(m: SourceModule<S>, file: string, source: object, t: SourceTarget, secretName?: string): KedaTriggerSpec {
  const [doc] = docTriggers(file);
  const parameters = docSecretParameters(file);
  const auth = Object.keys(parameters).length ? { auth: { secret: { ...(secretName ? { name: secretName } : {}), parameters } } } : {};
  const trigger = value(m.kubernetes!(parsed(m, { ...source, ...auth }), t));
  expect(trigger).toEqual({ type: doc!.type, metadata: doc!.metadata });
  expect(kedaSchemaErrors(trigger, Object.keys(parameters))).toEqual([]);
  expect(scaledObjectErrors(trigger, doc!.authenticationRef)).toEqual([]);
  return trigger;
}

/** A module without an ECS or Cloud Run mapping names the alternative for each. */
export function expectAlternatives(m: SourceModule<any>, ecs: RegExp, cloudRun: RegExp): void {
  expect(m.ecs).toBeUndefined();
  expect(m.alternatives.ecs).toMatch(ecs);
  expect(m.alternatives["cloud-run"]).toMatch(cloudRun);
}

/**
 * On Container Apps the source is a custom rule of the same KEDA trigger as on Kubernetes, its `auth.secret`
 * parameters as rule auth[] (Container App secrets), valid against the closed ARM `Scale`.
 */
export function expectSameCustomRule<S>(m: SourceModule<S>, input: unknown, t: SourceTarget): void {
  const s = parsed(m, input);
  const rule = value(m.containerApps!(s, t));
  expect(rule).toEqual({ custom: value(m.kubernetes!(s, t)) });
  const parameters = (s as { auth?: { secret?: { parameters: Record<string, string> } } }).auth?.secret?.parameters ?? {};
  expect(containerAppsRuleErrors(rule, Object.entries(parameters).map(([triggerParameter, secretRef]) => ({ triggerParameter, secretRef })))).toEqual([]);
  expect(m.containerAppsIdentity).toBe(false);
}

/** The input is refused with exactly one issue matching `why`, and no message repeats `secret`. */
export function expectOneRefusal(m: SourceModule<any>, input: unknown, why: RegExp, secret = "hunter2"): void {
  const issues = refusal(m, input);
  expect(issues).toEqual([expect.stringMatching(why)]);
  expect(issues.join()).not.toContain(secret);
}
