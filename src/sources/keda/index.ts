// Type-only imports: they make tsc copy both data files into dist (package "files": dist/src); nothing is loaded here.
import type _SchemaJson from "./scalers-schema.json";
import type _FactsJson from "./scaler-go-facts.json";

/**
 * KEDA's own description of its scalers (kedacore/keda schema/generated/scalers-schema.json, verbatim, plus the
 * Go field types, alias names and optional sub-structs derived from the same commit: ./README.md), indexed once
 * on first use. The data is read lazily (`require` on first call) so that loading a policy without a `keda`
 * metric does not parse 219 KB of JSON.
 */

/** How KEDA parses a parameter's string (pkg/scalers/scalersconfig/typed_config.go setConfigValueHelper). */
export type KedaValueType = "string" | "bool" | "int" | "uint" | "float" | "duration" | "map";

export interface KedaParameter {
  name: string;
  /** The parsed type of one value; for a list, of each element. */
  valueType: KedaValueType;
  /** A list (Go slice): split on `separator` (default ","); `rangeSeparator` allows `1-5` for int lists. */
  list: boolean;
  separator?: string;
  rangeSeparator?: string;
  /** Not needed: `optional`, a `default`, a deprecated field, or inside an optional sub-struct. */
  optional: boolean;
  default?: string;
  allowedValues?: readonly string[];
  /** KEDA refuses the trigger when it is set (`deprecated` tag: "is removed in ..."). */
  deprecated?: string;
  /** KEDA records an event when it is set (`deprecatedAnnounce` tag). */
  deprecatedAnnounce?: string;
  /** Where KEDA reads it: trigger metadata, `<name>FromEnv` (a container env var), a TriggerAuthentication. */
  fromMetadata: boolean;
  fromEnv: boolean;
  fromAuth: boolean;
  /** The other names of the same field (`name=queueName;queueNames`): any one of them sets it. */
  aliases: readonly string[];
}

export interface KedaScaler {
  type: string;
  parameters: ReadonlyMap<string, KedaParameter>;
  /** Required fields, each as its names (one, or the aliases): one name of each must be set somewhere. */
  required: ReadonlyArray<readonly string[]>;
  /** KEDA's deprecation notice for the whole scaler ("This scaler is deprecated ..."), if any. */
  deprecated?: string;
  /** The target parameter and its activation (`targetX` / `activationTargetX`), for the simulator. */
  target?: { name: string; activation?: string };
}

export interface KedaScalerIndex {
  /** `kedaVersion` of the schema file (upstream writes "main" for builds from the main branch). */
  kedaVersion: string;
  scalers: ReadonlyMap<string, KedaScaler>;
  types: readonly string[];
}

interface RawParameter {
  name: string;
  type: string;
  optional?: boolean;
  default?: string;
  allowedValue?: string[];
  deprecated?: string;
  deprecatedAnnounce?: string;
  separator?: string;
  rangeSeparator?: string;
  metadataVariableReadable?: boolean;
  envVariableReadable?: boolean;
  triggerAuthenticationVariableReadable?: boolean;
}
/** The shape of scalers-schema.json (kedacore/keda schema/generate_scaler_schema.go `FullMetadataSchema`). */
export interface RawSchema {
  kedaVersion: string;
  scalers: ReadonlyArray<{ type: string; parameters: readonly RawParameter[] }>;
}
export interface RawFacts {
  scalers: Record<string, {
    goTypes?: Record<string, string>;
    aliases?: string[][];
    optionalByParent?: string[];
    /** Parameters KEDA reads that the schema lacks (cross-package sub-structs, direct metadata reads), with their Go type. */
    extraParameters?: Array<RawParameter & { goType: string }>;
  }>;
}

/** A Go field type as KEDA parses it; named string types (`type offsetResetPolicy string`) are strings. */
function valueTypeOf(goType: string): { valueType: KedaValueType; list: boolean } {
  const list = goType.startsWith("[]");
  const base = goType.replace(/^\[\]|^\*/, "");
  if (base.startsWith("map[")) return { valueType: "map", list: false };
  const valueType: KedaValueType =
    base === "bool" ? "bool"
      : /^int(8|16|32|64)?$/.test(base) ? "int"
        : /^uint(8|16|32|64)?$/.test(base) ? "uint"
          : /^float(32|64)$/.test(base) ? "float"
            : base === "time.Duration" ? "duration"
              : "string";
  return { valueType, list };
}

const SCALER_DEPRECATION = /^This scaler is deprecated/i;

/** Index a scalers schema (the shipped one, or a test's). Pure. */
export function indexScalers(schema: RawSchema, facts: RawFacts): KedaScalerIndex {
  const scalers = new Map<string, KedaScaler>();
  for (const s of schema.scalers) {
    const f = facts.scalers[s.type] ?? {};
    const aliasesOf = (name: string) => f.aliases?.find((g) => g.includes(name)) ?? [name];
    const byParent = new Set(f.optionalByParent ?? []);
    const parameters = new Map<string, KedaParameter>();
    let deprecated: string | undefined;
    const extra = f.extraParameters ?? [];
    const goType = (name: string) => f.goTypes?.[name] ?? extra.find((e) => e.name === name)?.goType ?? "string";
    for (const raw of [...s.parameters, ...extra]) {
      const { valueType, list } = valueTypeOf(goType(raw.name));
      if (raw.deprecatedAnnounce && SCALER_DEPRECATION.test(raw.deprecatedAnnounce)) deprecated = raw.deprecatedAnnounce;
      parameters.set(raw.name, {
        name: raw.name,
        valueType,
        list,
        ...(raw.separator ? { separator: raw.separator } : {}),
        ...(raw.rangeSeparator ? { rangeSeparator: raw.rangeSeparator } : {}),
        optional: raw.optional === true || raw.default !== undefined || raw.deprecated !== undefined || byParent.has(raw.name),
        ...(raw.default !== undefined ? { default: raw.default } : {}),
        ...(raw.allowedValue ? { allowedValues: raw.allowedValue } : {}),
        ...(raw.deprecated ? { deprecated: raw.deprecated } : {}),
        ...(raw.deprecatedAnnounce && !SCALER_DEPRECATION.test(raw.deprecatedAnnounce) ? { deprecatedAnnounce: raw.deprecatedAnnounce } : {}),
        fromMetadata: raw.metadataVariableReadable === true,
        fromEnv: raw.envVariableReadable === true,
        fromAuth: raw.triggerAuthenticationVariableReadable === true,
        aliases: aliasesOf(raw.name).filter((n) => n !== raw.name),
      });
    }
    const required: string[][] = [];
    const seen = new Set<string>();
    for (const p of parameters.values()) {
      if (p.optional || seen.has(p.name)) continue;
      const group = [p.name, ...p.aliases];
      group.forEach((n) => seen.add(n));
      required.push(group);
    }
    const target = targetOf([...parameters.keys()]);
    scalers.set(s.type, { type: s.type, parameters, required, ...(deprecated ? { deprecated } : {}), ...(target ? { target } : {}) });
  }
  return { kedaVersion: schema.kedaVersion, scalers, types: [...scalers.keys()] };
}

/** The first parameter `X` with an `activationX`, else the first `target...` / `value` / `threshold` parameter. */
function targetOf(names: string[]): KedaScaler["target"] {
  const activationOf = (n: string) => `activation${n[0]!.toUpperCase()}${n.slice(1)}`;
  const paired = names.find((n) => names.includes(activationOf(n)));
  if (paired) return { name: paired, activation: activationOf(paired) };
  const single = names.find((n) => /^target[A-Z]/.test(n)) ?? names.find((n) => n === "value" || n === "threshold" || n === "targetValue");
  return single ? { name: single, ...(names.includes(activationOf(single)) ? { activation: activationOf(single) } : {}) } : undefined;
}

let shipped: KedaScalerIndex | undefined;

/** The shipped scalers schema, indexed on first use. */
export function kedaScalers(): KedaScalerIndex {
  // Lazy so that policies without a `keda` metric never read the data (the CLI bundle inlines both files).
  return (shipped ??= indexScalers(require("./scalers-schema.json") as RawSchema, require("./scaler-go-facts.json") as RawFacts));
}

/** Source of the shipped schema, for messages and docs. */
export const KEDA_SCHEMA_ORIGIN = "kedacore/keda schema/generated/scalers-schema.json @ 8b4f083 (KEDA 2.20.2+, main)";
