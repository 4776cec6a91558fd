/**
 * The simulator's reading of a `keda` metric: the value comes from the trace column named after the scaler type
 * (`postgresql`, `aws-dynamodb`, ...), the target and activation from the scaler's own target parameter
 * (`targetQueryValue` / `activationTargetQueryValue`, ...) as written or KEDA's default (scalers-schema.json).
 */
import type { MetricOf } from "../types";
import { kedaScalers } from "../sources/keda/index";

export function kedaSimTarget(m: MetricOf<"keda">, index: number): { target: number; activation: number } | { skipped: string } {
  const scaler = kedaScalers().scalers.get(m.type);
  const t = scaler?.target;
  // As written under the parameter's name or one of its aliases (datadog targetValue;queryValue), else KEDA's default.
  const valueOf = (name: string | undefined) => {
    if (name === undefined) return undefined;
    const p = scaler?.parameters.get(name);
    const written = [name, ...(p?.aliases ?? [])].map((n) => m.metadata[n]?.trim()).find((v) => v);
    return written ?? p?.default;
  };
  const target = Number(valueOf(t?.name));
  const activation = Number(valueOf(t?.activation) ?? 0);
  if (!t || !(target > 0)) {
    return { skipped: `scaling.metrics[${index}] keda ${m.type}: not replayed (the simulator finds no positive target parameter of KEDA's ${m.type} scaler${t ? ` in ${t.name}` : ""})` };
  }
  return { target, activation: Number.isFinite(activation) ? activation : 0 };
}
