/**
 * The `keda` metric kind on Kubernetes: the trigger as written (its metadata was checked against KEDA's scalers
 * schema when the policy loaded), its auth through ./auth.ts (an existing TriggerAuthentication, or a generated
 * one reading the Secret keys of `auth.secret.parameters`), and KEDA's deprecation notices as warnings.
 */
import type { MetricOf } from "../../types";
import { kedaDeprecations } from "../../policy/keda-kind";
import { kedaScalers } from "../../sources/keda/index";
import type { Diagnostic } from "../types";
import { sortedMap } from "../output-values";
import type { KedaTrigger, MetricPlan } from "./metrics";

export function kedaKindPlan(index: number, metric: MetricOf<"keda">): MetricPlan {
  const path = ["scaling", "metrics", index, "keda"];
  const trigger: KedaTrigger = {
    type: metric.type,
    ...(metric.name !== undefined ? { name: metric.name } : {}),
    ...(metric.metricType !== undefined ? { metricType: metric.metricType } : {}),
    // Sorted: the output must not depend on the order the policy lists its keys in.
    metadata: sortedMap(metric.metadata),
  };
  const scaler = kedaScalers().scalers.get(metric.type);
  const credentialParameters = scaler ? [...scaler.parameters.values()].filter((p) => p.fromAuth).map((p) => p.name) : [];
  const warnings: Diagnostic[] = kedaDeprecations(metric).map((d) => ({ severity: "warning", code: "keda_deprecated", path: [...path, ...d.path], message: d.message }));
  return {
    index,
    metric,
    keda: trigger,
    hpaBlocker: `is a KEDA ${metric.type} trigger (the keda metric kind); the HPA cannot read it`,
    issues: [],
    warnings,
    ...(metric.auth ? { sourceAuth: { key: metric.type, auth: metric.auth, credentialParameters, path } } : {}),
  };
}
