import { z } from "zod";
import { duration } from "../units";
import { PrometheusAuth, httpUrl } from "../sources";
import { dns1123Label, dns1123Subdomain } from "../kubernetes-names";
import { EVERY_PROBLEM, expected, gateNeedsVersion } from "../messages";

const VERSION_RE = /^\d+\.\d+(\.\d+)?$/;
/** The first Kubernetes release with the HPAConfigurableTolerance gate (KEP-4951, alpha in 1.33). */
export const TOLERANCE_GATE_SINCE = "1.33";

/** "1.32" < "1.33" on major.minor (patch ignored). */
export { versionBelow } from "../version";
import { versionBelow } from "../version";

/** Kubernetes-only knobs. Defaults and bounds: KEDA ScaledObject CRD (../shared/reference/keda) and HPA validation. */
export const KubernetesOptions = z.strictObject({
  /** `auto` picks HPA when every metric is HPA-native and min >= 1, KEDA otherwise. @default auto */
  engine: z.enum(["auto", "hpa", "keda"]).default("auto"),
  /** Name of the HPA or ScaledObject. @default `<service>-hpa` / `<service>-scaler` */
  name: dns1123Subdomain("HPA or ScaledObject name").optional(),
  /** KEDA `pollingInterval` (>= 1 s). KEDA default 30 s. */
  pollingInterval: duration({ min: 1 }).optional(),
  /** KEDA `cooldownPeriod` (only for scaling to 0). KEDA default 300 s. */
  cooldownPeriod: duration({ min: 0 }).optional(),
  /** KEDA `initialCooldownPeriod`. KEDA default 0 s. */
  initialCooldownPeriod: duration({ min: 0 }).optional(),
  /**
   * Name of an existing HPA on this workload that KEDA should take over
   * (`scaledobject.keda.sh/transfer-hpa-ownership`), instead of leaving two autoscalers.
   */
  adoptHpa: dns1123Subdomain("HPA name").optional(),
  prometheus: z
    .strictObject({
      /** Default Prometheus URL for KEDA triggers. */
      serverAddress: httpUrl.optional(),
      auth: PrometheusAuth.optional(),
    })
    .optional(),
  /** Where the prometheus-adapter config lives (for the rendered ConfigMap fragment). */
  adapter: z
    .strictObject({
      namespace: dns1123Label("namespace").default("monitoring"),
      configMapName: dns1123Subdomain("ConfigMap name").default("prometheus-adapter-config"),
    })
    .optional(),
  /** Cluster capabilities that change what is valid. */
  cluster: z
    .strictObject({
      /** Kubernetes version of the cluster, e.g. "1.33"; checked against the feature gates below. */
      kubernetesVersion: z.string().max(32).regex(VERSION_RE, expected('a version like "1.33"')).optional(),
      /** Alpha gate HPAScaleToZero: lets a plain HPA use minReplicas 0 with an Object/External metric. @default false */
      hpaScaleToZero: z.boolean().default(false),
      /**
       * Alpha gate HPAConfigurableTolerance (Kubernetes >= 1.33, KEP-4951) is on in the cluster: lets
       * `scaleUp/scaleDown.tolerance` compile to HPA `behavior.*.tolerance`. @default false
       */
      hpaConfigurableTolerance: z.boolean().default(false),
      /** KEDA version, e.g. "2.18" (fallback rules changed across releases). @default "2.18" */
      kedaVersion: z.string().max(32).regex(VERSION_RE, expected('a version like "2.18"')).default("2.18"),
      /** VPA version: updateMode InPlaceOrRecreate needs >= 1.4 (alpha, feature gate on updater and admission controller). @default "1.4" */
      vpaVersion: z.string().max(32).regex(VERSION_RE, expected('a version like "1.4"')).default("1.4"),
    })
    .superRefine((c, ctx) => {
      const v = c.kubernetesVersion;
      if (c.hpaConfigurableTolerance === true && typeof v === "string" && VERSION_RE.test(v) && versionBelow(v, TOLERANCE_GATE_SINCE)) {
        ctx.addIssue({ code: "custom", path: ["kubernetesVersion"], message: gateNeedsVersion("HPAConfigurableTolerance", "hpaConfigurableTolerance", TOLERANCE_GATE_SINCE, v), input: v });
      }
    }, EVERY_PROBLEM)
    .optional(),
});
export type KubernetesOptions = z.infer<typeof KubernetesOptions>;
