import fc from "fast-check";
import { CREDENTIAL_NAME } from "../../src/policy/keda-kind";
import { kedaScalers, type KedaParameter, type KedaScaler } from "../../src/sources/keda/index";
import { SENTINEL } from "./arbitraries";

/**
 * `keda` metrics generated from KEDA's scalers schema (src/sources/keda): a valid one sets every required field
 * (in metadata, as `<name>FromEnv`, or through auth.secret.parameters for parameters KEDA reads only from a
 * TriggerAuthentication) and a few optional ones, each with a value of the field's Go type. `invalidKedaMetric`
 * breaks a valid one in one known way and says which path the refusal must name.
 */

const pick = <T>(...values: T[]) => fc.constantFrom(...values);

// cpu, memory and cron are refused for their own metric kinds (src/policy/keda-kind.ts USE_KIND)
const SCALERS = kedaScalers().types.filter((t) => t !== "cpu" && t !== "memory" && t !== "cron").map((t) => kedaScalers().scalers.get(t)!);

function one(p: KedaParameter): fc.Arbitrary<string> {
  if (p.allowedValues) return fc.constantFrom(...p.allowedValues);
  switch (p.valueType) {
    case "bool": return pick("true", "false", "1", "0", "True");
    case "int": return fc.integer({ min: -5, max: 100000 }).map(String);
    case "uint": return fc.integer({ min: 0, max: 100000 }).map(String);
    case "float": return pick("1", "1.5", "0.25", "10", "1e3", "-2");
    case "duration": return pick("30s", "5m", "1h30m", "1500", "0");
    case "map": return pick("a=b", "team=web,tier=api");
    case "string": return pick("orders", "http://svc.ns:8080/path", "SELECT 1", "eu-west-1", "$Default");
  }
}

/** Values a scaler's own code checks beyond the Go type (src/policy/keda-kind.ts SCALER_VALUE_CHECKS). */
const OWN: Record<string, Record<string, fc.Arbitrary<string>>> = {
  prometheus: { query: pick("sum(up)", "sum(rate(http_requests_total[2m]))", "vector(1)") },
};

function valueFor(p: KedaParameter, scaler: string): fc.Arbitrary<string> {
  const own = OWN[scaler]?.[p.name];
  if (own) return own;
  if (!p.list) return one(p);
  if (p.allowedValues) return one(p);
  return fc.array(one(p), { minLength: 1, maxLength: 3 }).map((xs) => xs.join(p.separator ?? ","));
}

const secretKey = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const envName = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,12}$/);

/** Where one required or optional field is set: metadata, `<name>FromEnv`, or auth.secret.parameters. */
type Placement = { metadata?: [string, string]; secret?: [string, string] };

function place(s: KedaScaler, names: readonly string[], optional: boolean): fc.Arbitrary<Placement> | undefined {
  const options: fc.Arbitrary<Placement>[] = [];
  for (const n of names) {
    const p = s.parameters.get(n)!;
    if (p.deprecated || n.endsWith(".*")) continue;
    const credential = p.fromAuth && CREDENTIAL_NAME.test(n) && !n.endsWith("FromEnv");
    if (p.fromMetadata && !credential) options.push(valueFor(p, s.type).map((v) => ({ metadata: [n, v] as [string, string] })));
    if (p.fromEnv) options.push(envName.map((e) => ({ metadata: [`${n}FromEnv`, e] as [string, string] })));
    // optional auth-only fields are left out: a secret for each would mostly test the auth module
    if (p.fromAuth && !optional) options.push(secretKey.map((k) => ({ secret: [n, k] as [string, string] })));
  }
  return options.length > 0 ? fc.oneof(...options) : undefined;
}

export interface GeneratedKeda {
  type: string;
  metadata: Record<string, string>;
  auth?: { secret: { parameters: Record<string, string> } };
}

export const validKedaMetric: fc.Arbitrary<GeneratedKeda> = fc.constantFrom(...SCALERS).chain((s) => {
  const required = s.required.map((g) => place(s, g, false)).filter((a): a is fc.Arbitrary<Placement> => a !== undefined);
  const optionalNames = [...s.parameters.values()].filter((p) => p.optional && p.fromMetadata && !p.deprecated && !p.name.endsWith(".*") && !(p.fromAuth && CREDENTIAL_NAME.test(p.name)));
  const optional = fc.subarray(optionalNames, { maxLength: Math.min(3, optionalNames.length) }).chain((ps) => (ps.length === 0 ? fc.constant([] as Placement[]) : fc.tuple(...ps.map((p) => place(s, [p.name], true)!))));
  return fc.tuple(fc.tuple(...required), optional).map(([req, opt]) => {
    const metadata: Record<string, string> = {};
    const parameters: Record<string, string> = {};
    for (const pl of [...req, ...opt]) {
      if (pl.metadata) metadata[pl.metadata[0]] = pl.metadata[1];
      if (pl.secret) parameters[pl.secret[0]] = pl.secret[1];
    }
    return { type: s.type, metadata, ...(Object.keys(parameters).length > 0 ? { auth: { secret: { parameters } } } : {}) };
  });
});

/** A valid metric broken in one way, with the path (under `keda`) the refusal must name. */
export const invalidKedaMetric: fc.Arbitrary<{ keda: GeneratedKeda; path: string }> = validKedaMetric.chain((k) => {
  const s = kedaScalers().scalers.get(k.type)!;
  const breaks: fc.Arbitrary<{ keda: GeneratedKeda; path: string }>[] = [
    // a misspelt parameter (no scaler has a parameter ending in "Xq")
    fc.constant({ keda: { ...k, metadata: { ...k.metadata, targetValueXq: "1" } }, path: "metadata.targetValueXq" }),
    // an unknown scaler type
    fc.constant({ keda: { ...k, type: `${k.type}-x` }, path: "type" }),
  ];
  const inMetadata = Object.keys(k.metadata).filter((n) => s.parameters.get(n)?.fromMetadata && !s.parameters.get(n)!.optional);
  if (inMetadata.length > 0) {
    // a required field left out (when it has no other name given)
    breaks.push(fc.constantFrom(...inMetadata).filter((n) => s.required.some((g) => g.length === 1 && g[0] === n)).map((n) => {
      const { [n]: _, ...rest } = k.metadata;
      return { keda: { ...k, metadata: rest }, path: `metadata.${n}` };
    }));
  }
  const typed = Object.keys(k.metadata).filter((n) => ["int", "uint", "float", "bool", "duration"].includes(s.parameters.get(n)?.valueType ?? "") && !s.parameters.get(n)!.allowedValues);
  if (typed.length > 0) breaks.push(fc.constantFrom(...typed).map((n) => ({ keda: { ...k, metadata: { ...k.metadata, [n]: "not-a-number" } }, path: `metadata.${n}` })));
  const authOnly = [...s.parameters.values()].filter((p) => p.fromAuth && !p.fromMetadata).map((p) => p.name);
  if (authOnly.length > 0) breaks.push(fc.constantFrom(...authOnly).map((n) => ({ keda: { ...k, metadata: { ...k.metadata, [n]: "inline-credential" } }, path: `metadata.${n}` })));
  const strings = Object.keys(k.metadata).filter((n) => s.parameters.get(n)?.valueType === "string" && !s.parameters.get(n)!.allowedValues);
  // a credential in a URL's user info: refused at its path, and never repeated
  if (strings.length > 0) breaks.push(fc.constantFrom(...strings).map((n) => ({ keda: { ...k, metadata: { ...k.metadata, [n]: `https://keda:${SENTINEL}@svc.ns:8080/x` } }, path: `metadata.${n}` })));
  return fc.oneof(...breaks);
});
