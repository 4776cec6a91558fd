import { isDns1123Label, isDns1123Subdomain, isLabelKey, isLabelValue } from "../policy/kubernetes-names";
import { quantityValue } from "../policy/unit-values";
import { int32Violations, kedaCronViolations, type ApiRule } from "./common";

/**
 * Kubernetes API rules that the OpenAPI / CRD schemas do not express: apimachinery name and label
 * validation, HPA validation (pkg/apis/autoscaling/validation/validation.go) and KEDA's admission webhook
 * (kedacore/keda apis/keda/v1alpha1/scaledobject_webhook.go and scaledobject_types.go).
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface KubernetesDoc {
  manifest: { apiVersion?: unknown; kind?: unknown; metadata?: any; spec?: any };
  /** Cluster capabilities the rules depend on (the policy's `scaling.kubernetes.cluster`). */
  cluster?: { hpaScaleToZero?: boolean; kedaVersion?: string };
}

const isLabel = (s: unknown): boolean => typeof s === "string" && isDns1123Label(s);
const isSubdomain = (s: unknown): boolean => typeof s === "string" && isDns1123Subdomain(s);

/** KEDA names the HPA it creates `keda-hpa-<ScaledObject name>` (kedacore/keda controllers/keda/hpa.go getHPAName). */
export const KEDA_HPA_PREFIX = "keda-hpa-";

function labelMapViolations(path: string, m: unknown): string[] {
  if (m === undefined) return [];
  if (m === null || typeof m !== "object") return [`${path} must be a map of labels`];
  return Object.entries(m as Record<string, unknown>).flatMap(([k, v]) => [
    ...(isLabelKey(k) ? [] : [`${path} key ${JSON.stringify(k)} is not a label key`]),
    ...(typeof v === "string" && isLabelValue(v) ? [] : [`${path}[${JSON.stringify(k)}] value ${JSON.stringify(v)} is not a label value (at most 63, [A-Za-z0-9] at both ends, '-', '_', '.')`]),
  ]);
}

function behaviorViolations(b: any, path: string): string[] {
  if (b === undefined) return [];
  const out: string[] = [];
  for (const dir of ["scaleUp", "scaleDown"]) {
    const r = b[dir];
    if (r === undefined) continue;
    const w = r.stabilizationWindowSeconds;
    if (w !== undefined && !(Number.isInteger(w) && w >= 0 && w <= 3600)) out.push(`${path}/${dir}/stabilizationWindowSeconds must be 0..3600, got ${w}`);
    (r.policies ?? []).forEach((p: any, i: number) => {
      if (!(Number.isInteger(p.periodSeconds) && p.periodSeconds >= 1 && p.periodSeconds <= 1800)) out.push(`${path}/${dir}/policies/${i}/periodSeconds must be 1..1800, got ${p.periodSeconds}`);
      out.push(...int32Violations([[`${path}/${dir}/policies/${i}/value`, p.value, 1]]));
    });
    // validation.go validateScalingRules: ValidateNonnegativeQuantity(rules.Tolerance) (HPAConfigurableTolerance, 1.33+).
    const t = r.tolerance;
    if (t !== undefined && !(typeof t === "string" && (quantityValue(t) ?? -1) >= 0)) out.push(`${path}/${dir}/tolerance must be a non-negative Quantity, got ${JSON.stringify(t)}`);
  }
  return out;
}

const kindOf = (d: KubernetesDoc) => `${String(d.manifest.apiVersion)}/${String(d.manifest.kind)}`;
const only = (key: string, f: (d: KubernetesDoc) => string[]) => (d: KubernetesDoc) => (kindOf(d) === key ? f(d) : []);
const HPA = "autoscaling/v2/HorizontalPodAutoscaler";
const SO = "keda.sh/v1alpha1/ScaledObject";

function kedaMinor(v: string | undefined): number {
  const [major, minor] = (v ?? "2.18").split(".").map(Number);
  return major! > 2 ? 99 : minor!;
}

/** k8s.io/apimachinery/pkg/api/resource quantity syntax. */
const QUANTITY_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/** Trigger metadata KEDA's scalers parse as numbers (strconv.ParseFloat), per scaler (keda.sh scaler docs). */
const NUMERIC_METADATA: Record<string, string[]> = {
  prometheus: ["threshold", "activationThreshold"],
  "kubernetes-workload": ["value", "activationValue"],
};

export const KUBERNETES_RULES: ReadonlyArray<ApiRule<KubernetesDoc>> = [
  {
    id: "k8s.object-name",
    source: "k8s.io/apimachinery/pkg/util/validation IsDNS1123Subdomain (names), IsDNS1123Label (namespaces)",
    check: ({ manifest: m }) => [
      ...(isSubdomain(m.metadata?.name) ? [] : [`/metadata/name ${JSON.stringify(m.metadata?.name)} is not a DNS-1123 subdomain (<= 253)`]),
      ...(m.metadata?.namespace === undefined || isLabel(m.metadata.namespace) ? [] : [`/metadata/namespace ${JSON.stringify(m.metadata.namespace)} is not a DNS-1123 label`]),
    ],
  },
  {
    id: "k8s.labels",
    source: "k8s.io/apimachinery/pkg/util/validation IsQualifiedName / IsValidLabelValue",
    check: ({ manifest: m }) => [
      ...labelMapViolations("/metadata/labels", m.metadata?.labels),
      ...(m.kind === "ServiceMonitor" ? labelMapViolations("/spec/selector/matchLabels", m.spec?.selector?.matchLabels) : []),
      ...(m.kind === "HorizontalPodAutoscaler"
        ? (m.spec?.metrics ?? []).flatMap((x: any, i: number) => labelMapViolations(`/spec/metrics/${i}/external/metric/selector/matchLabels`, x.external?.metric?.selector?.matchLabels))
        : []),
    ],
  },
  {
    id: "hpa.validation",
    source: "kubernetes pkg/apis/autoscaling/validation/validation.go (minReplicas >= 1 unless HPAScaleToZero, behavior bounds, int32 fields)",
    check: only(HPA, ({ manifest: m, cluster }) => {
      const s = m.spec ?? {};
      const out = int32Violations([["/spec/minReplicas", s.minReplicas, cluster?.hpaScaleToZero ? 0 : 1], ["/spec/maxReplicas", s.maxReplicas, 1]]);
      if (s.minReplicas > s.maxReplicas) out.push(`/spec/minReplicas ${s.minReplicas} must be <= maxReplicas ${s.maxReplicas}`);
      // validation.go: "must be greater than or equal to 1 ... or 0 with at least one Object or External metric" (HPAScaleToZero).
      if (s.minReplicas === 0 && !(s.metrics ?? []).some((x: any) => x.type === "Object" || x.type === "External")) out.push("/spec/minReplicas 0 needs at least one Object or External metric");
      (s.metrics ?? []).forEach((x: any, i: number) => {
        const t = (x.resource ?? x.containerResource)?.target;
        if (t?.averageUtilization !== undefined) out.push(...int32Violations([[`/spec/metrics/${i}/target/averageUtilization`, t.averageUtilization, 1]]));
      });
      return [...out, ...behaviorViolations(s.behavior, "/spec/behavior")];
    }),
  },
  {
    id: "keda.replica-bounds",
    source: "kedacore/keda apis/keda/v1alpha1/scaledobject_types.go CheckReplicaCountBoundsAreValid; int32 fields of ScaledObjectSpec",
    check: only(SO, ({ manifest: m }) => {
      const s = m.spec ?? {};
      const out = int32Violations([
        ["/spec/minReplicaCount", s.minReplicaCount],
        ["/spec/maxReplicaCount", s.maxReplicaCount, 1],
        ["/spec/pollingInterval", s.pollingInterval],
        ["/spec/cooldownPeriod", s.cooldownPeriod],
        ["/spec/initialCooldownPeriod", s.initialCooldownPeriod],
        ["/spec/fallback/failureThreshold", s.fallback?.failureThreshold],
        ["/spec/fallback/replicas", s.fallback?.replicas],
      ]);
      if ((s.minReplicaCount ?? 0) > (s.maxReplicaCount ?? 100)) out.push(`/spec/minReplicaCount ${s.minReplicaCount} must be <= maxReplicaCount ${s.maxReplicaCount}`);
      return [...out, ...behaviorViolations(s.advanced?.horizontalPodAutoscalerConfig?.behavior, "/spec/advanced/horizontalPodAutoscalerConfig/behavior")];
    }),
  },
  {
    id: "keda.min-zero-resource-only",
    source: "kedacore/keda apis/keda/v1alpha1/scaledobject_webhook.go verifyCPUMemoryScalers: \"scaledobject has only cpu/memory triggers AND minReplica is 0\"",
    check: only(SO, ({ manifest: m }) => {
      const triggers: any[] = m.spec?.triggers ?? [];
      const resourceOnly = triggers.length > 0 && triggers.every((t) => t.type === "cpu" || t.type === "memory");
      return resourceOnly && (m.spec?.minReplicaCount ?? 0) === 0 ? ["/spec/minReplicaCount is 0 with only cpu/memory triggers"] : [];
    }),
  },
  {
    id: "keda.fallback",
    source: "kedacore/keda apis/keda/v1alpha1/scaledobject_types.go CheckFallbackValid (>= 2.17: one non-cpu/memory trigger; before, kedacore/keda#6538: every trigger metricType AverageValue)",
    check: only(SO, ({ manifest: m, cluster }) => {
      if (m.spec?.fallback === undefined) return [];
      const triggers: any[] = m.spec.triggers ?? [];
      if (kedaMinor(cluster?.kedaVersion) >= 17) {
        return triggers.some((t) => t.type !== "cpu" && t.type !== "memory") ? [] : ["/spec/fallback needs at least one trigger that is not cpu or memory"];
      }
      return triggers.flatMap((t, i) => (t.metricType === "AverageValue" ? [] : [`/spec/triggers/${i}/metricType must be AverageValue with a fallback (KEDA < 2.17), got ${JSON.stringify(t.metricType)}`]));
    }),
  },
  {
    id: "keda.trigger-metadata",
    source: "kedacore/keda apis/keda/v1alpha1/scaletriggers_types.go (metadata map[string]string; trigger names unique)",
    check: only(SO, ({ manifest: m }) => {
      const triggers: any[] = m.spec?.triggers ?? [];
      const out = triggers.flatMap((t, i) => Object.entries(t.metadata ?? {}).filter(([, v]) => typeof v !== "string" || v === "").map(([k]) => `/spec/triggers/${i}/metadata/${k} must be a non-empty string`));
      for (const [i, t] of triggers.entries()) {
        for (const k of NUMERIC_METADATA[t.type] ?? []) {
          const v = t.metadata?.[k];
          if (v !== undefined && !(/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v) && Number.isFinite(Number(v)))) out.push(`/spec/triggers/${i}/metadata/${k} ${JSON.stringify(v)} is not a number`);
        }
        if (t.type === "cron" && !/^\d+$/.test(String(t.metadata?.desiredReplicas))) out.push(`/spec/triggers/${i}/metadata/desiredReplicas must be a whole number`);
        if (t.type === "cron") out.push(...kedaCronViolations(`/spec/triggers/${i}/metadata`, t.metadata));
        // pkg/scalers/cpu_memory_scaler.go: Utilization value strconv.ParseInt(value, 10, 32); AverageValue resource.MustParse (a panic when invalid).
        if ((t.type === "cpu" || t.type === "memory") && t.metricType === "Utilization" && !(/^\d+$/.test(String(t.metadata?.value)) && Number(t.metadata.value) <= 2147483647)) {
          out.push(`/spec/triggers/${i}/metadata/value ${JSON.stringify(t.metadata?.value)} must be an int32 percentage`);
        }
        if ((t.type === "cpu" || t.type === "memory") && t.metricType === "AverageValue" && !QUANTITY_RE.test(String(t.metadata?.value))) {
          out.push(`/spec/triggers/${i}/metadata/value ${JSON.stringify(t.metadata?.value)} must be a Kubernetes quantity`);
        }
      }
      const names = triggers.map((t) => t.name).filter((n) => n !== undefined);
      if (new Set(names).size !== names.length) out.push("/spec/triggers names must be unique");
      return out;
    }),
  },
  {
    id: "keda.names",
    source: "kedacore/keda apis/keda/v1alpha1/scaledobject_webhook.go verifyName (KEDA >= 2.20, kedacore/keda#7762): the ScaledObject name is the label value scaledobject.keda.sh/name, and the HPA name (keda-hpa-<name> unless horizontalPodAutoscalerConfig.name) is at most 63",
    check: only(SO, ({ manifest: m }) => {
      const name = String(m.metadata?.name);
      const hpa = String(m.spec?.advanced?.horizontalPodAutoscalerConfig?.name ?? `${KEDA_HPA_PREFIX}${name}`);
      return [
        ...(name.length <= 63 ? [] : [`/metadata/name is ${name.length} characters, at most 63`]),
        ...(hpa.length <= 63 ? [] : [`HPA name ${JSON.stringify(hpa)} is ${hpa.length} characters, at most 63`]),
      ];
    }),
  },
  {
    id: "vpa.container-name",
    source: "VPA ContainerResourcePolicy.containerName: a container name (DNS-1123 label) or \"*\"",
    check: only("autoscaling.k8s.io/v1/VerticalPodAutoscaler", ({ manifest: m }) =>
      (m.spec?.resourcePolicy?.containerPolicies ?? []).flatMap((c: any, i: number) =>
        c.containerName === "*" || isLabel(c.containerName) ? [] : [`/spec/resourcePolicy/containerPolicies/${i}/containerName is not a container name`],
      ),
    ),
  },
];
